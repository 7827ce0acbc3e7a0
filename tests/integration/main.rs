//! The integration tests: one binary, one module per area.

mod authoring;
mod check;
mod common;
mod import_statuspage;
mod properties;
mod report;
mod robustness;
mod status;
