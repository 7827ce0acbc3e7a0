//! `postmortem`: incident post-mortems as checked data.
//!
//! The pipeline, in order (nothing downstream re-parses what an earlier stage computed):
//! 1. [`load`] reads a TOML or JSON incident file into [`model::raw`] types, keeping a span for
//!    every field ([`source`]).
//! 2. [`model::resolve`] reads every time into UTC instants ([`time`]).
//! 3. [`analysis`] computes windows, downtime, milestones, durations and span.
//! 4. [`checks`] runs the catalogue over the incident and its analysis.
//! 5. From the analysis, [`render`] writes the post-mortem (Markdown, HTML, chart) and the status
//!    page, [`report`] aggregates many incidents over a period, and [`import`] turns documents
//!    written elsewhere back into incident files.

pub mod analysis;
pub mod canonical;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod edit;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod source;
pub mod time;
