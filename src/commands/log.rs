//! `postmortem log`: add a timeline event to an incident file while the incident runs.

use super::Outcome;
use super::scribe::{edit_file, instant, now};
use crate::cli::LogArgs;
use crate::edit::plan;
use crate::output::Failure;

pub fn run(args: &LogArgs) -> Result<Outcome, Failure> {
    let now = now(&args.clock)?;
    let edited = edit_file(
        &args.file,
        |incident, _| {
            let at = instant("--at", &args.at, now, incident)?;
            plan::log(incident, at, &args.text, &args.marks)
        },
        |plan| match plan.edits.first() {
            Some(crate::edit::Edit::InsertEvent { index, event }) => {
                format!("added `events[{index}]` at {}", event.at)
            }
            _ => "added the event".to_string(),
        },
    )?;
    Ok(edited.outcome)
}
