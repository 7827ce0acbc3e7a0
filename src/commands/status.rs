//! `postmortem status`: the incident as a status page shows it (text, Markdown) or as
//! Statuspage's API v2 returns it (JSON).

use std::io::Write;

use super::{Outcome, parse_tz};
use crate::cli::{StatusArgs, StatusFormat};
use crate::output::Failure;
use crate::pipeline;
use crate::render::{status, statuspage_json};

pub fn run(args: &StatusArgs) -> Result<Outcome, Failure> {
    let tz = parse_tz(args.tz.as_deref())?;
    let (config, checked) = match pipeline::open_with_discovered_config(&args.file, None) {
        Ok(opened) => opened,
        Err(failure) => {
            let mut err = anstream::stderr();
            let _ = write!(err, "{}", failure.diagnostic.render_human(&failure.source));
            return Ok(Outcome::Failed);
        }
    };
    if checked.has_errors() && !args.force {
        let mut err = anstream::stderr();
        for diagnostic in checked.diagnostics.iter().filter(|d| d.level() == crate::checks::Level::Error) {
            let _ = write!(err, "{}", diagnostic.render_human(&checked.source));
        }
        return Err(Failure::new(format!(
            "{} has error diagnostics; nothing was published",
            checked.source.display_path()
        ))
        .help("fix them (see `postmortem check`), or pass `--force` to publish anyway"));
    }
    let zone = checked.incident.display_zone(&config, tz);
    let context = status::context(&checked, zone);
    let text = match args.to {
        StatusFormat::Text => status::render(status::TEXT_TEMPLATE, &context, args.templates.as_deref())?,
        StatusFormat::Md => status::render(status::MARKDOWN_TEMPLATE, &context, args.templates.as_deref())?,
        StatusFormat::StatuspageJson => {
            let body = context.postmortem.as_ref().map(status::PostmortemView::plain_text);
            let incident = statuspage_json::incident(&checked, body.as_deref());
            let json = serde_json::to_string_pretty(&incident).map_err(|e| {
                Failure::new(format!(
                    "`{}`: cannot write the incident as JSON: {e}",
                    checked.source.display_path()
                ))
                .help("this is a bug in postmortem; please report it with the input file")
            })?;
            json + "\n"
        }
    };
    let mut out = anstream::stdout();
    let _ = write!(out, "{text}");
    Ok(Outcome::Clean)
}
