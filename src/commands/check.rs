//! `postmortem check`: diagnostics for files and folders; one bad file is reported and the run
//! goes on.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Outcome, parse_as_of, plural};
use crate::checks::{Diagnostic, Level};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::load::discover::{ConfigCache, incident_files};
use crate::output::Failure;
use crate::pipeline;
use crate::reporter::{Tally, print, print_raw};
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
    text.push_str(&format!(
        "checked {}: {}, {}, {}\n",
        plural(files, "file"),
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
        plural(tally.notes, "note")
    ));
    print(&text)
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
    print_raw(format!("{text}\n").as_bytes())
}
