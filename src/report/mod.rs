//! The reliability report over a folder of incidents for a period: [`period`] bounds it,
//! [`input`] reads and checks the files, [`aggregate`] computes the figures, and [`markdown`],
//! [`csv`], [`html`] and JSON (the serialised [`aggregate::Report`]) write it out, Markdown and
//! HTML through the shared templates, converter and charts of [`crate::render`]. [`corpus`]
//! generates synthetic incidents for tests and benchmarks.

pub mod aggregate;
pub mod charts;
pub mod corpus;
pub mod csv;
pub mod figures;
pub mod heatmap;
pub mod html;
pub mod input;
pub mod markdown;
pub mod period;
pub mod tally;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::model::Config;
pub use aggregate::Report;
pub use input::Inputs;
pub use period::Period;

/// The zone report periods are bounded in: the config's default zone, else its display zone,
/// else UTC.
pub fn zone(config: &Config) -> Tz {
    config.default_zone.or(config.display_zone).unwrap_or(Tz::UTC)
}

/// The default `--as-of`: the day after the period, so open windows run to its end.
pub fn default_as_of(period: &Period) -> NaiveDate {
    period.last_day.succ_opt().unwrap_or(period.last_day)
}

/// `--as-of DATE` as an instant: local midnight at the start of that day.
pub fn as_of_instant(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    crate::time::start_of_day(date, zone)
}

/// Everything one report needs besides the files.
pub struct Request<'a> {
    pub config: &'a Config,
    pub period: &'a Period,
    pub as_of_date: NaiveDate,
    /// Where the report is written; links are relative to it.
    pub link_base: &'a Path,
    /// Threads for reading files; 0 means one per core.
    pub threads: usize,
}

/// Read `files` and compute the report: the whole computation behind `postmortem report`.
/// Each file is folded into the tally as it is read, so memory holds the report's figures and
/// rows, not the incidents. Returns the files left out (with their diagnostics) beside it.
pub fn build(files: &[PathBuf], request: &Request) -> (Vec<input::Excluded>, Report) {
    let settings = settings(request);
    let mut tally = tally::Tally::new(&settings);
    tally.expect_files(files.len());
    let mut excluded = Vec::new();
    input::each(files, request.config, request.as_of_date, request.threads, |outcome| match outcome {
        Ok(record) => tally.add_record(&record),
        Err(left_out) => {
            tally.exclude(&left_out);
            excluded.push(left_out);
        }
    });
    let report = aggregate::finish(tally, &settings);
    (excluded, report)
}

/// The aggregation settings of a request.
pub fn settings<'a>(request: &Request<'a>) -> aggregate::Settings<'a> {
    aggregate::Settings {
        config: request.config,
        period: request.period,
        as_of: as_of_instant(request.as_of_date, request.period.zone),
        as_of_date: request.as_of_date,
        link_base: request.link_base,
    }
}
