//! `postmortem status`: the incident as a status page shows it (text, Markdown) or as
//! Statuspage's API v2 returns it (JSON).

use super::Outcome;
use super::render::open_for_rendering;
use crate::cli::{StatusArgs, StatusFormat};
use crate::output::Failure;
use crate::output::mark::{Generator, marked_json};
use crate::render::status::{self, Form};
use crate::render::{Templates, statuspage_json};

pub fn run(args: &StatusArgs) -> Result<Outcome, Failure> {
    let r = match open_for_rendering(&args.file, args.view.tz.as_deref(), args.force)? {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    let templates = Templates::for_config(&r.config, args.view.templates.as_deref())?;
    let text = match args.to {
        StatusFormat::Text => status::render(&templates, &r.checked, r.zone, Form::Text)?,
        StatusFormat::Md => status::render(&templates, &r.checked, r.zone, Form::Markdown)?,
        StatusFormat::StatuspageJson => {
            let body = status::postmortem_body(&templates, &r.checked, r.zone, Form::Text)?;
            let incident = statuspage_json::incident(&r.checked, body.as_deref());
            marked_json(Generator::Status, &incident).map_err(|e| {
                Failure::internal(format!(
                    "`{}`: cannot write the incident as JSON: {e}",
                    r.checked.source.display_path()
                ))
            })?
        }
    };
    crate::output::print_data(&text)?;
    Ok(r.outcome)
}
