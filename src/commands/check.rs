//! `postmortem check`: diagnostics for files and folders; one bad file is reported and the run
//! goes on.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Outcome, parse_as_of};
use crate::checks::{Diagnostic, Level};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::load::discover::{ConfigCache, incident_files};
use crate::output::Failure;
use crate::pipeline;
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
    let count = |level| reports.iter().flat_map(|(_, d)| d).filter(|d| d.level() == level).count();
    let (errors, warnings, notes) = (count(Level::Error), count(Level::Warning), count(Level::Note));
    match args.format {
        DiagnosticFormat::Human => print_human(&reports, files.len(), errors, warnings, notes),
        DiagnosticFormat::Json => print_json(&reports, errors, warnings, notes),
    }
    Ok(if failed {
        Outcome::Failed
    } else if errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
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
    let config = crate::load::config::read(&config_path).map_err(|f| {
        Failure::new(format!("cannot read the project config: {}", f.diagnostic.render_human(&f.source)))
            .help("fix postmortem.toml as shown, or pass the incident files")
    })?;
    Some(config.incidents_dir()).filter(|dir| dir.is_dir()).ok_or_else(missing)
}

fn print_human(
    reports: &[(SourceFile, Vec<Diagnostic>)],
    files: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
) {
    let mut out = anstream::stdout();
    for (source, diagnostics) in reports {
        for diagnostic in diagnostics {
            let _ = writeln!(out, "{}", diagnostic.render_human(source));
        }
    }
    use super::plural;
    let _ = writeln!(
        out,
        "checked {}: {}, {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(notes, "note")
    );
}

fn print_json(reports: &[(SourceFile, Vec<Diagnostic>)], errors: usize, warnings: usize, notes: usize) {
    let files: Vec<_> = reports
        .iter()
        .map(|(source, diagnostics)| {
            json!({
                "file": source.display_path(),
                "diagnostics": diagnostics.iter().map(|d| d.to_json(source)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let document = json!({
        "files": files,
        "summary": { "files": reports.len(), "errors": errors, "warnings": warnings, "notes": notes },
    });
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&document).unwrap_or_default());
}
