//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{ImportArgs, ImportSource};
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::visible;
use crate::output::{Failure, Overwrite, Staging, Written};
use crate::pipeline;
use crate::reporter::{self, Tally, print};
use crate::source::SourceFile;

pub fn run(args: &ImportArgs) -> Result<Outcome, Failure> {
    match args.from {
        ImportSource::Markdown => super::import_markdown::run(args),
        ImportSource::Statuspage => {
            let [file] = args.files.as_slice() else {
                return Err(Failure::new("--from statuspage reads one export at a time")
                    .help("run `postmortem import --from statuspage` once per export file"));
            };
            run_statuspage(args, file)
        }
        ImportSource::Slack => super::import_events::run_slack(args),
        ImportSource::Pagerduty => super::import_events::run_pagerduty(args),
    }
}

/// A Statuspage export: one incident file per incident or maintenance, all or none: the whole
/// set is planned (unique names, each file loads back and is within the read limit), staged
/// beside the targets, and moved in only when no target is in the way. Files that already hold
/// exactly what would be written are left alone, so a re-run after an interruption completes.
fn run_statuspage(args: &ImportArgs, file: &Path) -> Result<Outcome, Failure> {
    let display = file.display().to_string();
    let text = load::read_source(file)?;
    let output = super::destination::output_dir(args)?;
    let document = statuspage::convert_document(&display, text.text(), &existing_incidents(output))?;
    if !document.warnings.is_empty() {
        let source = load::json_document::json_source(&display, text.text());
        reporter::report_to_stderr(&source, &document.warnings, true);
    }
    let converted = document.incidents;
    let planned = plan(&converted, output)?;
    let mut staging = Staging::new(output)?;
    for (path, text) in &planned {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        staging.add(&name, text.as_bytes())?;
    }
    let config = crate::load::config::for_path(output)?;
    let written = staging.commit(if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
    let mut total = Tally::default();
    for ((path, how), (_, text)) in written.iter().zip(&planned) {
        let loaded =
            load::load_incident_text(SourceFile::new(path, text.clone()), Syntax::Toml).map_err(|f| {
                Failure::internal(format!(
                    "{}: written but does not load back: {}",
                    path.display(),
                    f.diagnostic.message
                ))
            })?;
        let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
        let tally = Tally::of(&checked.diagnostics);
        total.errors += tally.errors;
        total.warnings += tally.warnings;
        total.notes += tally.notes;
        let verb = if *how == Written::Unchanged { "unchanged" } else { "wrote" };
        print(&format!(
            "{verb} {} ({} errors, {} warnings, {} notes)\n",
            visible(&path.display().to_string()),
            tally.errors,
            tally.warnings,
            tally.notes
        ))?;
    }
    print(&format!(
        "imported {} incident(s) from {}: {} errors, {} warnings, {} notes \
         (the source's oddities are kept; run `postmortem check {}` for details)\n",
        planned.len(),
        visible(&display),
        total.errors,
        total.warnings,
        total.notes,
        visible(&output.display().to_string())
    ))?;
    Ok(Outcome::Clean)
}

/// The incident files already in `dir` and the Statuspage id each holds, so that an import
/// into a folder that has some keeps them: a file holding another id is another incident.
fn existing_incidents(dir: &Path) -> statuspage::Existing {
    let mut existing = statuspage::Existing::default();
    let Ok(entries) = std::fs::read_dir(dir) else { return existing };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.to_lowercase().ends_with(".toml") {
            continue;
        }
        // Unreadable, not TOML, or without an id: not an incident this import can claim.
        let id = load::read_source(&entry.path()).ok().and_then(|source| {
            let table: toml::Table = toml::from_str(source.text()).ok()?;
            table.get("id")?.as_str().map(str::to_string)
        });
        existing.insert(&name, id);
    }
    existing
}

/// Serialise every incident and make sure each loads back and is within the read limit,
/// before anything is written.
fn plan(converted: &[Converted], dir: &Path) -> Result<Vec<(PathBuf, String)>, Failure> {
    let mut planned = Vec::with_capacity(converted.len());
    for c in converted {
        let path = dir.join(&c.file_name);
        let text = statuspage::to_toml(c)?;
        if text.len() as u64 > load::MAX_FILE_BYTES {
            return Err(Failure::new(format!(
                "`{}` would be {} bytes, more than the {} bytes postmortem reads; nothing was written",
                visible(&c.file_name),
                text.len(),
                load::MAX_FILE_BYTES
            ))
            .help("trim the incident's updates in the export, or import it by hand"));
        }
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::internal(format!("`{}` would not load back: {}", c.file_name, f.diagnostic.message))
        })?;
        planned.push((path, text));
    }
    Ok(planned)
}
