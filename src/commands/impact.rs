//! `postmortem impact`: open or close an impact window of one deployment.

use super::Outcome;
use super::scribe::{edit_file, instant, now};
use crate::cli::ImpactArgs;
use crate::edit::{Edit, plan};
use crate::output::Failure;

pub fn run(args: &ImpactArgs) -> Result<Outcome, Failure> {
    let now = now(&args.clock)?;
    let edited = edit_file(
        &args.file,
        |incident, config| {
            let end = args.end.as_deref().map(|e| instant("--end", e, now, incident)).transpose()?;
            match (args.status, end) {
                (Some(status), end) => {
                    let start = instant("--start", args.start.as_deref().unwrap_or("now"), now, incident)?;
                    plan::open_window(incident, config, &args.deployment, status, start, end)
                }
                (None, Some(end)) => plan::close_window(incident, &args.deployment, end),
                (None, None) => Err(plan::Refusal {
                    message: "give --status to open a window or --end to close one".to_string(),
                    path: None,
                    help: "e.g. `--status major_outage` or `--end 22:05`".to_string(),
                }),
            }
        },
        |plan| {
            let described: Vec<String> = plan
                .edits
                .iter()
                .filter_map(|e| match e {
                    Edit::PushImpact(w) => Some(format!(
                        "opened a `{}` window of `{}` at {}{}",
                        w.status.as_str(),
                        w.deployment,
                        w.start.as_deref().unwrap_or("?"),
                        w.end.as_deref().map(|e| format!(" to {e}")).unwrap_or_default()
                    )),
                    Edit::SetImpact { index, status: Some(status), start, end } => Some(format!(
                        "`impact[{index}]` is now `{}` from {}{}",
                        status.as_str(),
                        start.as_deref().unwrap_or("?"),
                        end.as_deref().map(|e| format!(" to {e}")).unwrap_or_default()
                    )),
                    Edit::SetImpact { index, status: None, end: Some(end), .. } => {
                        Some(format!("closed `impact[{index}]` at {end}"))
                    }
                    _ => None,
                })
                .collect();
            described.join("; ")
        },
    )?;
    Ok(edited.outcome)
}
