//! `postmortem chart`: the timeline chart alone, as SVG.

use std::io::Write;

use super::Outcome;
use super::destination::refuse_incident_overwrite;
use super::render::{open_for_rendering, refuse_input};
use crate::cli::ChartArgs;
use crate::output::{Failure, Overwrite, write_atomic};
use crate::render::{ChartOptions, timeline_svg};

pub fn run(args: &ChartArgs) -> Result<Outcome, Failure> {
    let r = match open_for_rendering(&args.file, args.tz.as_deref(), args.force)? {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    let svg = timeline_svg(&r.checked, r.zone, &ChartOptions::default())
        .map_err(|e| {
            Failure::new(format!("`{}`: cannot draw the timeline chart: {e}", args.file.display()))
                .help("`postmortem check` on the file shows which times to fix")
        })?
        .ok_or_else(|| {
            Failure::new(format!(
                "`{}`: nothing in the incident has a time, so there is no timeline to draw",
                args.file.display()
            ))
            .help("give the impact windows, events or status updates their times (`at`, `start`, `end`)")
        })?;
    match &args.output {
        Some(path) => {
            refuse_input(path, &args.file)?;
            refuse_incident_overwrite(path, false, args.force)?;
            write_atomic(path, svg.as_bytes(), Overwrite::Allow)?;
        }
        None => {
            let _ = anstream::stdout().write_all(svg.as_bytes());
        }
    }
    Ok(r.outcome)
}
