//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{ImportArgs, ImportSource};
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::{Failure, Overwrite, write_atomic};
use crate::pipeline;
use crate::reporter::{Tally, print};
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
    }
}

/// A Statuspage export: one incident file per incident or maintenance.
fn run_statuspage(args: &ImportArgs, file: &Path) -> Result<Outcome, Failure> {
    let display = file.display().to_string();
    let text = load::read_source(file)?;
    let converted = statuspage::convert_document(&display, text.text())?;
    if !args.output.is_dir() {
        return Err(Failure::new(format!("-o: `{}` is not a folder", args.output.display()))
            .help("create it first, or pass an existing folder with -o"));
    }
    let planned = plan(&converted, &args.output, args.force)?;
    let config = crate::load::config::for_path(&args.output)?;
    let mut total = Tally::default();
    for (path, text) in &planned {
        write_atomic(path, text.as_bytes(), if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
        let checked = pipeline::open(path, &config, None).map_err(|f| {
            Failure::internal(format!(
                "{}: written but does not load back: {}",
                path.display(),
                f.diagnostic.message
            ))
        })?;
        let tally = Tally::of(&checked.diagnostics);
        total.errors += tally.errors;
        total.warnings += tally.warnings;
        total.notes += tally.notes;
        print(&format!(
            "wrote {} ({} errors, {} warnings, {} notes)\n",
            path.display(),
            tally.errors,
            tally.warnings,
            tally.notes
        ))?;
    }
    print(&format!(
        "imported {} incident(s) from {display}: {} errors, {} warnings, {} notes \
         (the source's oddities are kept; run `postmortem check {}` for details)\n",
        planned.len(),
        total.errors,
        total.warnings,
        total.notes,
        args.output.display()
    ))?;
    Ok(Outcome::Clean)
}

/// Serialise every incident, make sure each loads back, and refuse existing files before
/// anything is written.
fn plan(converted: &[Converted], dir: &Path, force: bool) -> Result<Vec<(PathBuf, String)>, Failure> {
    let mut planned = Vec::with_capacity(converted.len());
    for c in converted {
        let path = dir.join(&c.file_name);
        let text = statuspage::to_toml(c)?;
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::internal(format!("`{}` would not load back: {}", c.file_name, f.diagnostic.message))
        })?;
        if !force && path.exists() {
            return Err(Failure::new(format!("`{}` already exists; nothing was written", path.display()))
                .help("pass `--force` to overwrite, or import into another folder"));
        }
        planned.push((path, text));
    }
    Ok(planned)
}
