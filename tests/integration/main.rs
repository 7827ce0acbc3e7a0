//! The integration tests: one binary, one module per area.

mod authoring;
mod browser;
mod chart_reading;
mod check;
mod common;
mod crash_safe;
mod errors;
mod fuzz_regressions;
mod html_safety;
mod import_markdown;
mod import_statuspage;
mod layers;
mod mermaid;
mod print;
mod properties;
mod render;
mod report;
mod robustness;
mod roundtrip;
mod scribe;
mod site;
mod site_browser;
mod status;
mod streams;
mod watch;
