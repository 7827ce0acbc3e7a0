//! `postmortem update`: add a status update to an incident file and print it as the status
//! page shows it.

use super::Outcome;
use super::scribe::{display_zone, edit_file, instant, now};
use crate::cli::UpdateArgs;
use crate::edit::{Edit, plan};
use crate::output::Failure;
use crate::output::visible;
use crate::render::status::UPDATE_TIME;
use crate::time::format_in_zone;

pub fn run(args: &UpdateArgs) -> Result<Outcome, Failure> {
    let now = now(&args.clock)?;
    let mut at = None;
    let edited = edit_file(
        &args.file,
        |incident, config| {
            let instant = instant("--at", &args.at, now, incident)?;
            at = Some(instant);
            plan::update(incident, config, instant, args.status, &args.text, &args.deployments)
        },
        |plan| {
            let index = plan.edits.iter().find_map(|e| match e {
                Edit::InsertUpdate { index, update } => Some(format!("`updates[{index}]` at {}", update.at)),
                _ => None,
            });
            format!("added {}", index.unwrap_or_else(|| "the update".to_string()))
        },
    )?;
    // As the status page shows it: status, time, text, affected services.
    let zone = display_zone(&edited);
    let mut text = format!("\nstatus page:\n  {}\n", args.status.label());
    if let Some(at) = at {
        text.push_str(&format!("  {}\n", format_in_zone(at, zone, UPDATE_TIME)));
    }
    text.push_str(&format!("  {}\n", visible(args.text.trim())));
    if !args.deployments.is_empty() {
        text.push_str(&format!("  Affected services: {}\n", visible(&args.deployments.join(", "))));
    }
    crate::reporter::print(&text)?;
    Ok(edited.outcome)
}
