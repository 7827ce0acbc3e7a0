//! What the scribe commands (`log`, `update`, `impact`) and `import --into` share: read the
//! file, plan the edit, apply it to the file's text, check the result, write it atomically,
//! and print the findings the edit brought.

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Outcome;
use crate::checks::Level;
use crate::cli::Clock;
use crate::edit::plan::{Plan, Refusal};
use crate::edit::{self, at};
use crate::load::{self, Syntax};
use crate::model::Config;
use crate::output::{Failure, rewrite_file};
use crate::pipeline::{self, Checked};
use crate::reporter;
use crate::resolve::Incident;
use crate::source::SourceFile;

/// The file after an edit, checked, and the exit it calls for.
pub(super) struct Edited {
    pub checked: Checked,
    pub config: Config,
    pub outcome: Outcome,
}

/// The instant `--now` (or `POSTMORTEM_NOW`) names, else the clock's.
pub(super) fn now(clock: &Clock) -> Result<DateTime<Utc>, Failure> {
    match clock.now.as_deref() {
        None => Ok(Utc::now()),
        Some(text) => DateTime::parse_from_rfc3339(text.trim()).map(|t| t.with_timezone(&Utc)).map_err(|e| {
            Failure::new(format!("--now / POSTMORTEM_NOW: cannot read `{text}`: {e}"))
                .help("give RFC 3339 such as `2026-07-04T14:55:00Z`, or unset POSTMORTEM_NOW")
        }),
    }
}

/// A TIME flag read in the incident's zone.
pub(super) fn instant(
    flag: &str,
    text: &str,
    now: DateTime<Utc>,
    incident: &Incident,
) -> Result<DateTime<Utc>, Refusal> {
    let zone = edit::plan::zone_of(incident)?;
    at::parse_at(text, now, zone).map_err(|e| Refusal {
        message: format!("{flag}: {e}"),
        path: None,
        help: e.help(),
    })
}

/// The file's zone for showing times.
pub(super) fn display_zone(edited: &Edited) -> Tz {
    edited.checked.incident.display_zone(&edited.config, None)
}

/// Plan an edit of `path` with `planner`, apply, check and write it; print `summary` (given
/// the plan), the plan's notes and the findings that are new. A refusal writes nothing.
pub(super) fn edit_file(
    path: &Path,
    planner: impl FnOnce(&Incident, &Config) -> Result<Plan, Refusal>,
    summary: impl FnOnce(&Plan) -> String,
) -> Result<Edited, Failure> {
    // A file that does not load is reported as the diagnostic it is; nothing is written.
    let loaded = load::load_incident(path)?;
    let config = load::config::for_path(path)?;
    let original = loaded.source.text().to_string();
    let before = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
    let plan = planner(&before.incident, &config).map_err(|r| refusal(&before.source, r))?;
    let syntax = Syntax::of_path(path);
    let text = match syntax {
        Syntax::Toml => edit::toml::apply(&original, &plan.edits),
        Syntax::Json => edit::json::apply(&before.incident.file, &plan.edits),
    }
    .map_err(|e| {
        Failure::new(format!("{}: cannot edit the file: {e}", path.display())).help("nothing was written")
    })?;
    let reloaded = load::load_incident_text(SourceFile::new(path, text.clone()), syntax).map_err(|f| {
        Failure::internal(format!(
            "the edited file would not load (nothing was written): {}",
            f.diagnostic.message
        ))
    })?;
    let after = pipeline::check_loaded(reloaded.source, reloaded.value, &config, None);
    // Someone may have saved the file while we worked on it; their change must not be lost.
    if std::fs::read_to_string(path).ok().as_deref() != Some(original.as_str()) {
        return Err(Failure::new(format!(
            "`{}` changed while it was being edited; nothing was written",
            path.display()
        ))
        .help("run the command again"));
    }
    rewrite_file(path, text.as_bytes())?;

    let mut text = format!("{}: {}\n", path.display(), summary(&plan));
    for note in &plan.notes {
        text.push_str(&format!("  note: {note}\n"));
    }
    reporter::print(&text)?;
    let new = new_findings(&before, &after);
    let shown: Vec<_> = new.iter().map(|d| (*d).clone()).collect();
    reporter::report_to_stderr(&after.source, &shown, true);
    let new_errors = new.iter().filter(|d| d.level() == Level::Error).count();
    let outcome = if new_errors > 0 { Outcome::Findings } else { Outcome::Clean };
    Ok(Edited { checked: after, config, outcome })
}

/// Diagnostics of `after` that `before` did not have (compared by check and message, since
/// an insertion moves the field paths of what follows).
fn new_findings<'a>(before: &Checked, after: &'a Checked) -> Vec<&'a crate::checks::Diagnostic> {
    let mut earlier: Vec<(&str, &str)> =
        before.diagnostics.iter().map(|d| (d.check.code, d.message.as_str())).collect();
    let mut new = Vec::new();
    for diagnostic in &after.diagnostics {
        let key = (diagnostic.check.code, diagnostic.message.as_str());
        match earlier.iter().position(|k| *k == key) {
            Some(i) => {
                earlier.swap_remove(i);
            }
            None if diagnostic.level() != Level::Note => new.push(diagnostic),
            None => {}
        }
    }
    new
}

/// A refusal as a failure pointing into the file where it is about a field.
fn refusal(source: &SourceFile, refusal: Refusal) -> Failure {
    let place = refusal
        .path
        .as_deref()
        .and_then(|p| source.value_span(p).or_else(|| source.key_span(p)))
        .map(|span| {
            let (line, column) = source.line_column(span.start);
            format!("{}:{line}:{column}: ", source.display_path())
        })
        .unwrap_or_else(|| format!("{}: ", source.display_path()));
    Failure::new(format!("{place}{}; nothing was written", refusal.message)).help(refusal.help)
}
