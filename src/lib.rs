//! `postmortem`: incident post-mortems as checked data.
//!
//! The modules follow the pipeline; listed from the ground floor up, each imports only from
//! those before it (`tests/integration/layers.rs` holds the code to this order):
//! 1. [`text`]: plurals, truncation, slugs, names kept once; [`time`]: zones, instants, DST,
//!    durations and their display.
//! 2. [`source`] and [`diagnostic`]: a loaded file with its spans; what a check found, where,
//!    and how to fix it ([`diagnostic::input`] holds the codes the loader and resolver report).
//! 3. [`output`]: everything the tool writes; [`reporter`] prints findings and failures and
//!    decides the exit code.
//! 4. [`model`]: the serde types of the incident file and the config.
//! 5. [`load`] reads a TOML or JSON incident file into [`model::raw`] types, keeping a span for
//!    every field; it also finds the config and the incident files of a folder.
//! 6. [`resolve`] reads every time into UTC instants.
//! 7. [`analysis`] computes windows, downtime, milestones, durations and span.
//! 8. [`prose`] reads durations, clock times and dates out of text.
//! 9. [`checks`] runs the catalogue over the incident and its analysis; [`pipeline`] runs
//!    load → resolve → analysis → checks for every consumer; [`edit`] edits an incident file in
//!    place (the scribe commands and the importers' merges).
//! 10. From the analysis, [`render`] writes the post-mortem (Markdown, HTML, chart) and the
//!     status page, [`report`] aggregates many incidents over a period, [`site`] publishes the
//!     status-history site from both, and [`import`] turns documents written elsewhere back
//!     into incident files.
//! 11. [`cli`] and [`commands`]: the binary side, one file per subcommand.
//!
//! Nothing downstream re-parses what an earlier stage computed.

pub mod analysis;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod edit;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod prose;
pub mod render;
pub mod report;
pub mod reporter;
pub mod resolve;
pub mod site;
pub mod source;
pub mod text;
pub mod time;
