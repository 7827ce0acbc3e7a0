//! `postmortem import`: convert a document into incident files, all checked before any is
//! written, none overwritten without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::checks::Level;
use crate::cli::{ImportArgs, ImportSource};
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::model::Config;
use crate::output::{Failure, Overwrite, write_atomic};
use crate::pipeline;
use crate::source::SourceFile;

pub fn run(args: &ImportArgs) -> Result<Outcome, Failure> {
    match args.from {
        ImportSource::Statuspage => {}
        ImportSource::Markdown => {
            return Err(Failure::new("`import --from markdown` is not built yet (issue #6)"));
        }
    }
    let display = args.file.display().to_string();
    let text = load::read_source(&args.file)
        .map_err(|f| Failure::new(format!("{display}: {}", f.diagnostic.message)).help("check the path"))?;
    let converted = statuspage::convert_document(&display, text.text())?;
    if !args.output.is_dir() {
        return Err(Failure::new(format!("`{}` is not a folder", args.output.display()))
            .help("create it first, or pass an existing folder with -o"));
    }
    let planned = plan(&converted, &args.output, args.force)?;
    let config = Config::for_path(&args.output)
        .map_err(|f| Failure::new(format!("{}: {}", f.source.display_path(), f.diagnostic.message)))?;
    let mut out = anstream::stdout();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for (path, text) in &planned {
        write_atomic(path, text.as_bytes(), if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
        let checked = pipeline::open(path, &config, None).map_err(|f| {
            Failure::new(format!(
                "{}: written but does not load back: {}",
                path.display(),
                f.diagnostic.message
            ))
        })?;
        let (e, w, n) =
            (checked.count(Level::Error), checked.count(Level::Warning), checked.count(Level::Note));
        errors += e;
        warnings += w;
        notes += n;
        let _ = writeln!(out, "wrote {} ({e} errors, {w} warnings, {n} notes)", path.display());
    }
    let _ = writeln!(
        out,
        "imported {} incident(s) from {display}: {errors} errors, {warnings} warnings, {notes} notes \
         (the source's oddities are kept; run `postmortem check {}` for details)",
        planned.len(),
        args.output.display()
    );
    Ok(Outcome::Clean)
}

/// Serialise every incident, make sure each loads back, and refuse existing files before
/// anything is written.
fn plan(converted: &[Converted], dir: &Path, force: bool) -> Result<Vec<(PathBuf, String)>, Failure> {
    let mut planned = Vec::with_capacity(converted.len());
    for c in converted {
        let path = dir.join(&c.file_name);
        let body = toml::to_string_pretty(&c.file)
            .map_err(|e| Failure::new(format!("cannot write `{}` as TOML: {e}", c.file_name)))?;
        let source = c.file.id.as_deref().unwrap_or("?");
        let text = format!("# Imported from Statuspage incident {source} by `postmortem import`.\n{body}");
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::new(format!(
                "`{}` would not load back: {} (a bug in the importer; please report it)",
                c.file_name, f.diagnostic.message
            ))
        })?;
        if !force && path.exists() {
            return Err(Failure::new(format!("`{}` already exists; nothing was written", path.display()))
                .help("pass `--force` to overwrite, or import into another folder"));
        }
        planned.push((path, text));
    }
    Ok(planned)
}
