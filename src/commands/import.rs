//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::checks::Level;
use crate::cli::{ImportArgs, ImportSource};
use crate::diagnostic::visible;
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::{Failure, Overwrite, Staging, Written};
use crate::pipeline;
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

/// A Statuspage export: one incident file per incident or maintenance, all or none: the whole
/// set is planned (unique names, each file loads back and is within the read limit), staged
/// beside the targets, and moved in only when no target is in the way. Files that already hold
/// exactly what would be written are left alone, so a re-run after an interruption completes.
fn run_statuspage(args: &ImportArgs, file: &Path) -> Result<Outcome, Failure> {
    let display = file.display().to_string();
    let text = load::read_source(file)
        .map_err(|f| Failure::new(format!("{display}: {}", f.diagnostic.message)).help("check the path"))?;
    let converted = statuspage::convert_document(&display, text.text())?;
    let planned = plan(&converted, &args.output)?;
    let mut staging = Staging::new(&args.output)?;
    for (path, text) in &planned {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        staging.add(&name, text.as_bytes())?;
    }
    let config = crate::load::config::for_path(&args.output).map_err(|f| {
        Failure::new(format!("cannot read the project config: {}", f.diagnostic.render_human(&f.source)))
            .help("fix postmortem.toml as shown, or import into a folder outside that project")
    })?;
    let written = staging.commit(if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
    let mut out = anstream::stdout();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for ((path, how), (_, text)) in written.iter().zip(&planned) {
        let loaded =
            load::load_incident_text(SourceFile::new(path, text.clone()), Syntax::Toml).map_err(|f| {
                Failure::new(format!(
                    "{}: written but does not load back: {}",
                    path.display(),
                    f.diagnostic.message
                ))
            })?;
        let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
        let (e, w, n) =
            (checked.count(Level::Error), checked.count(Level::Warning), checked.count(Level::Note));
        errors += e;
        warnings += w;
        notes += n;
        let verb = if *how == Written::Unchanged { "unchanged" } else { "wrote" };
        let _ = writeln!(
            out,
            "{verb} {} ({e} errors, {w} warnings, {n} notes)",
            visible(&path.display().to_string())
        );
    }
    let _ = writeln!(
        out,
        "imported {} incident(s) from {}: {errors} errors, {warnings} warnings, {notes} notes \
         (the source's oddities are kept; run `postmortem check {}` for details)",
        planned.len(),
        visible(&display),
        visible(&args.output.display().to_string())
    );
    Ok(Outcome::Clean)
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
            Failure::new(format!(
                "`{}` would not load back: {} (a bug in the importer; please report it)",
                c.file_name,
                f.diagnostic.render_human(&f.source)
            ))
            .help("this is a bug in postmortem; please report it with the input file")
        })?;
        planned.push((path, text));
    }
    Ok(planned)
}
