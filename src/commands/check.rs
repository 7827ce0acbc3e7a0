//! `postmortem check`: diagnostics for files and folders; one bad file is reported and the run
//! goes on.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Outcome, parse_as_of, plural};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::diagnostic;
use crate::diagnostic::{Diagnostic, Level};
use crate::load::discover::{ConfigCache, incident_files_found};
use crate::load::repository::{self, ArtifactPath};
use crate::output::mark::Generator;
use crate::output::{Failure, print_data};
use crate::pipeline;
use crate::render::findings::FileFindings;
use crate::render::{sarif, workflow_commands};
use crate::reporter::{Tally, print, print_rendered};
use crate::source::SourceFile;

pub fn run(args: &CheckArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let paths = if args.paths.is_empty() { vec![default_folder()?] } else { args.paths.clone() };
    let found = incident_files_found(&paths)?;
    crate::reporter::print_to_stderr(&found.notes());
    let files = found.files;
    let configs = ConfigCache::default();
    let json = args.format == DiagnosticFormat::Json;
    let mut tally = Tally::default();
    let mut failed = false;
    // GitHub and SARIF name files relative to the repository root of the working directory,
    // where CI checks the repository out.
    let root = repository::root_of_working_directory();
    let mut kept_for_sarif: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    let mut written = if json {
        print_data(&format!("{{\n  {},\n  \"files\": [", Generator::Check.member()))
    } else {
        Ok(())
    };
    // Files are checked on every core and printed in file order as they complete: memory
    // holds a chunk's output, never the whole run's.
    let mut first = true;
    pipeline::each_in_order(
        &files,
        0,
        |file| check_file(file, &configs, as_of, args, &root),
        |result| {
            tally.errors += result.tally.errors;
            tally.warnings += result.tally.warnings;
            tally.notes += result.tally.notes;
            failed |= result.failed;
            kept_for_sarif.extend(result.kept_for_sarif);
            if written.is_ok() {
                written = if json {
                    let comma = if first { "" } else { "," };
                    print_data(&format!("{comma}\n    {}", result.printed))
                } else if args.format == DiagnosticFormat::Human {
                    print_rendered(&result.printed)
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
        print_data(&format!("{close},\n  \"summary\": {summary}\n}}\n"))?;
    } else if args.format == DiagnosticFormat::Sarif {
        print_sarif(&kept_for_sarif, &root)?;
    } else {
        print(&summary_line(files.len(), tally))?;
    }
    let outcome = tally.outcome(args.deny == Some(Deny::Warnings));
    Ok(if failed { Outcome::Failed } else { outcome })
}

/// One file's counts and its printed diagnostics (human text, its JSON entry, or its workflow
/// commands); for SARIF, one document over all files, the file and its diagnostics themselves.
struct FileResult {
    tally: Tally,
    failed: bool,
    printed: String,
    kept_for_sarif: Option<(SourceFile, Vec<Diagnostic>)>,
}

fn check_file(
    file: &Path,
    configs: &ConfigCache,
    as_of: chrono::NaiveDate,
    args: &CheckArgs,
    root: &Path,
) -> FileResult {
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
        DiagnosticFormat::Github => {
            let artifact = repository::artifact_path(root, source.path());
            let findings = FileFindings { source: &source, artifact: &artifact, diagnostics: &diagnostics };
            workflow_commands::workflow_commands(&[findings])
        }
        DiagnosticFormat::Sarif => String::new(),
    };
    let tally = Tally::of(&diagnostics);
    let kept_for_sarif = (args.format == DiagnosticFormat::Sarif).then_some((source, diagnostics));
    FileResult { tally, failed, printed, kept_for_sarif }
}

/// "checked 2 files: 0 errors, 1 warning, 5 notes", and a line break.
fn summary_line(files: usize, tally: Tally) -> String {
    format!(
        "checked {}: {}, {}, {}\n",
        plural(files, "file"),
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
        plural(tally.notes, "note")
    )
}

fn print_sarif(reports: &[(SourceFile, Vec<Diagnostic>)], root: &Path) -> Result<(), Failure> {
    let artifacts: Vec<ArtifactPath> =
        reports.iter().map(|(source, _)| repository::artifact_path(root, source.path())).collect();
    let findings: Vec<FileFindings<'_>> = reports
        .iter()
        .zip(&artifacts)
        .map(|((source, diagnostics), artifact)| FileFindings { source, artifact, diagnostics })
        .collect();
    let homepage = Some(env!("CARGO_PKG_REPOSITORY")).filter(|url| !url.is_empty());
    let log = sarif::sarif_log(&findings, &crate::checks::catalogue(), root, homepage);
    let text = serde_json::to_string_pretty(&log)
        .map_err(|e| Failure::internal(format!("cannot write the diagnostics as SARIF: {e}")))?;
    print_data(&format!("{text}\n"))
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
