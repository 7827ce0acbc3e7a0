//! `postmortem check`: diagnostics for files and folders; one bad file is reported and the run
//! goes on.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Outcome, parse_as_of, plural};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::diagnostic;
use crate::diagnostic::{Diagnostic, Level};
use crate::load::discover::{ConfigCache, incident_files};
use crate::output::Failure;
use crate::pipeline;
use crate::reporter::{Tally, print, print_raw};
use crate::source::SourceFile;

pub fn run(args: &CheckArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let paths = if args.paths.is_empty() { vec![default_folder()?] } else { args.paths.clone() };
    let files = incident_files(&paths)?;
    let configs = ConfigCache::default();
    let json = args.format == DiagnosticFormat::Json;
    let mut tally = Tally::default();
    let mut failed = false;
    let mut written = if json { print_raw(b"{\n  \"files\": [") } else { Ok(()) };
    // Files are checked on every core and printed in file order as they complete: memory
    // holds a chunk's output, never the whole run's.
    let mut first = true;
    pipeline::each_in_order(
        &files,
        0,
        |file| check_file(file, &configs, as_of, args),
        |result| {
            tally.errors += result.tally.errors;
            tally.warnings += result.tally.warnings;
            tally.notes += result.tally.notes;
            failed |= result.failed;
            if written.is_ok() {
                written = if json {
                    let comma = if first { "" } else { "," };
                    print_raw(format!("{comma}\n    {}", result.printed).as_bytes())
                } else {
                    print(&result.printed)
                };
            }
            first = false;
        },
    );
    written?;
    if json {
        let summary = json!({
            "files": files.len(), "errors": tally.errors, "warnings": tally.warnings, "notes": tally.notes,
        });
        let summary = indent(&serde_json::to_string_pretty(&summary).unwrap_or_default(), "  ");
        let close = if files.is_empty() { "]" } else { "\n  ]" };
        print_raw(format!("{close},\n  \"summary\": {summary}\n}}\n").as_bytes())?;
    } else {
        print(&format!(
            "checked {}: {}, {}, {}\n",
            plural(files.len(), "file"),
            plural(tally.errors, "error"),
            plural(tally.warnings, "warning"),
            plural(tally.notes, "note")
        ))?;
    }
    let outcome = tally.outcome(args.deny == Some(Deny::Warnings));
    Ok(if failed { Outcome::Failed } else { outcome })
}

/// One file's counts and its printed diagnostics (human text, or its JSON entry).
struct FileResult {
    tally: Tally,
    failed: bool,
    printed: String,
}

fn check_file(file: &Path, configs: &ConfigCache, as_of: chrono::NaiveDate, args: &CheckArgs) -> FileResult {
    let result =
        configs.for_file(file).and_then(|config| pipeline::open(file, &config, Some(as_of)).map_err(|f| *f));
    let (source, mut diagnostics, failed) = match result {
        Ok(checked) => (checked.source, checked.diagnostics, false),
        Err(failure) => (failure.source, vec![failure.diagnostic], true),
    };
    if args.no_notes {
        diagnostics.retain(|d| d.level() != Level::Note);
    }
    let printed = match args.format {
        DiagnosticFormat::Human => human(&source, &diagnostics, args.all),
        DiagnosticFormat::Json => {
            let entry = json!({
                "file": source.display_path(),
                "diagnostics": diagnostics.iter().map(|d| d.to_json(&source)).collect::<Vec<_>>(),
            });
            indent(&serde_json::to_string_pretty(&entry).unwrap_or_default(), "    ")
        }
    };
    FileResult { tally: Tally::of(&diagnostics), failed, printed }
}

/// A file's diagnostics as `check` prints them: at most [`diagnostic::SHOWN_PER_CODE`] of
/// one code unless `all`, then one line with the count of the rest.
fn human(source: &SourceFile, diagnostics: &[Diagnostic], all: bool) -> String {
    let (shown, hidden) = diagnostic::shown_per_code(diagnostics, all);
    let mut printed = String::new();
    for diagnostic in shown {
        printed.push_str(&diagnostic.render_human(source));
        printed.push('\n');
    }
    for (check, count) in hidden {
        printed.push_str(&diagnostic::render_hidden(check, count, source));
        printed.push('\n');
    }
    printed
}

/// Every line after the first indented by `by` (a pretty JSON value nested in a document;
/// JSON strings hold no raw line breaks, so every line break is the printer's).
fn indent(json: &str, by: &str) -> String {
    json.replace('\n', &format!("\n{by}"))
}

/// The config's incident folder (`incidents` key, default `incidents/` beside postmortem.toml).
fn default_folder() -> Result<PathBuf, Failure> {
    let missing = || {
        Failure::new(
            "no incident file given and no postmortem.toml with an incident folder found here or above",
        )
        .help("pass files or folders: `postmortem check incidents/`")
    };
    let config_path = crate::load::config::discover(Path::new(".")).ok_or_else(missing)?;
    let config = crate::load::config::read(&config_path)?;
    Some(config.incidents_dir()).filter(|dir| dir.is_dir()).ok_or_else(missing)
}
