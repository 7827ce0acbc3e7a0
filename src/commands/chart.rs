//! `postmortem chart`: the timeline chart alone, as SVG.

use super::Outcome;
use super::destination::refuse_incident_overwrite;
use super::render::{draw_chart, open_for_rendering, refuse_input};
use crate::cli::ChartArgs;
use crate::output::{Failure, Links, Overwrite, write_file_with};
use crate::render::ChartOptions;

pub fn run(args: &ChartArgs) -> Result<Outcome, Failure> {
    let r = match open_for_rendering(&args.file, args.tz.as_deref(), args.force)? {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    let svg = draw_chart(&r, &args.file, &ChartOptions::default())?.ok_or_else(|| {
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
            write_file_with(path, svg.as_bytes(), Overwrite::Allow, Links::forced(args.force))?;
        }
        None => {
            crate::output::print_data(&svg)?;
        }
    }
    Ok(r.outcome)
}
