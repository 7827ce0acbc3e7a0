//! `postmortem check`: diagnostics for files and folders; one bad file is reported and the run
//! goes on.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Outcome, parse_as_of, plural};
use crate::checks::{Diagnostic, Level};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::load::discover::{ConfigCache, incident_files};
use crate::load::repository::{self, ArtifactPath};
use crate::output::Failure;
use crate::pipeline;
use crate::render::findings::FileFindings;
use crate::render::{sarif, workflow_commands};
use crate::reporter::{Tally, print};
use crate::source::SourceFile;

pub fn run(args: &CheckArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let paths = if args.paths.is_empty() { vec![default_folder()?] } else { args.paths.clone() };
    let files = incident_files(&paths)?;
    let mut configs = ConfigCache::default();
    let mut reports: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    let mut failed = false;
    for file in &files {
        let result = configs
            .for_file(file)
            .and_then(|config| pipeline::open(file, &config, Some(as_of)).map_err(|f| *f));
        match result {
            Ok(checked) => reports.push((checked.source, checked.diagnostics)),
            Err(failure) => {
                failed = true;
                reports.push((failure.source, vec![failure.diagnostic]));
            }
        }
    }
    for (_, diagnostics) in &mut reports {
        if args.no_notes {
            diagnostics.retain(|d| d.level() != Level::Note);
        }
    }
    let mut tally = Tally::default();
    reports.iter().flat_map(|(_, d)| d).for_each(|d| tally.add(d.level()));
    match args.format {
        DiagnosticFormat::Human => print_human(&reports, files.len(), tally)?,
        DiagnosticFormat::Json => print_json(&reports, tally)?,
        DiagnosticFormat::Sarif => print_sarif(&reports)?,
        DiagnosticFormat::Github => print_github(&reports, files.len(), tally)?,
    }
    let outcome = tally.outcome(args.deny == Some(Deny::Warnings));
    Ok(if failed { Outcome::Failed } else { outcome })
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

fn print_human(reports: &[(SourceFile, Vec<Diagnostic>)], files: usize, tally: Tally) -> Result<(), Failure> {
    let mut text = String::new();
    for (source, diagnostics) in reports {
        for diagnostic in diagnostics {
            text.push_str(&diagnostic.render_human(source));
            text.push('\n');
        }
    }
    text.push_str(&summary_line(files, tally));
    print(&text)
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

fn print_json(reports: &[(SourceFile, Vec<Diagnostic>)], tally: Tally) -> Result<(), Failure> {
    let files: Vec<_> = reports
        .iter()
        .map(|(source, diagnostics)| {
            json!({
                "file": source.display_path(),
                "diagnostics": diagnostics.iter().map(|d| d.to_json(source)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let summary = json!({ "files": reports.len(), "errors": tally.errors, "warnings": tally.warnings, "notes": tally.notes });
    let document = json!({ "files": files, "summary": summary });
    let text = serde_json::to_string_pretty(&document)
        .map_err(|e| Failure::internal(format!("cannot write the diagnostics as JSON: {e}")))?;
    crate::output::print_data(&format!("{text}\n"))
}

/// The files as CI names them: relative to the repository root of the working directory, where
/// CI checks the repository out.
fn with_artifact_paths(reports: &[(SourceFile, Vec<Diagnostic>)]) -> (PathBuf, Vec<ArtifactPath>) {
    let root = repository::root_of_working_directory();
    let artifacts =
        reports.iter().map(|(source, _)| repository::artifact_path(&root, source.path())).collect();
    (root, artifacts)
}

fn findings<'a>(
    reports: &'a [(SourceFile, Vec<Diagnostic>)],
    artifacts: &'a [ArtifactPath],
) -> Vec<FileFindings<'a>> {
    reports
        .iter()
        .zip(artifacts)
        .map(|((source, diagnostics), artifact)| FileFindings { source, artifact, diagnostics })
        .collect()
}

fn print_sarif(reports: &[(SourceFile, Vec<Diagnostic>)]) -> Result<(), Failure> {
    let (root, artifacts) = with_artifact_paths(reports);
    let homepage = Some(env!("CARGO_PKG_REPOSITORY")).filter(|url| !url.is_empty());
    let log = sarif::sarif_log(&findings(reports, &artifacts), &crate::checks::catalogue(), &root, homepage);
    let text = serde_json::to_string_pretty(&log)
        .map_err(|e| Failure::internal(format!("cannot write the diagnostics as SARIF: {e}")))?;
    crate::output::print_data(&format!("{text}\n"))
}

/// Workflow commands, then the summary line for the job's log.
fn print_github(
    reports: &[(SourceFile, Vec<Diagnostic>)],
    files: usize,
    tally: Tally,
) -> Result<(), Failure> {
    let (_, artifacts) = with_artifact_paths(reports);
    let mut text = workflow_commands::workflow_commands(&findings(reports, &artifacts));
    text.push_str(&summary_line(files, tally));
    crate::output::print_data(&text)
}
