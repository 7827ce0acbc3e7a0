//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::Outcome;
use crate::checks::Level;
use crate::cli::{ImportArgs, ImportSource};
use crate::diagnostic::visible;
use crate::import::markdown;
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::{Failure, Overwrite, Staging, Written, write_file};
use crate::pipeline;
use crate::source::SourceFile;

pub fn run(args: &ImportArgs) -> Result<Outcome, Failure> {
    match args.from {
        ImportSource::Markdown => run_markdown(args),
        ImportSource::Statuspage => run_statuspage(args),
    }
}

/// A Statuspage export: one incident file per incident or maintenance, all or none: the whole
/// set is planned (unique names, each file loads back and is within the read limit), staged
/// beside the targets, and moved in only when no target is in the way. Files that already hold
/// exactly what would be written are left alone, so a re-run after an interruption completes.
fn run_statuspage(args: &ImportArgs) -> Result<Outcome, Failure> {
    let display = args.file.display().to_string();
    let text = load::read_source(&args.file)
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

/// A post-mortem written as Markdown or plain text: one incident file.
fn run_markdown(args: &ImportArgs) -> Result<Outcome, Failure> {
    let source = load::read_source(&args.file).map_err(|f| {
        Failure::new(format!("cannot import `{}`: {}", args.file.display(), f.diagnostic.message))
            .help(f.diagnostic.help.clone().unwrap_or_else(|| "check the path".to_string()))
    })?;
    crate::output::ensure_folder(&args.output)?;
    let config = crate::load::config::for_path(&args.output).map_err(|f| {
        Failure::new(format!("cannot read the project config: {}", f.diagnostic.render_human(&f.source)))
            .help("fix postmortem.toml as shown, or import into a folder outside that project")
    })?;
    let imported = markdown::import(source.text(), config.default_zone.unwrap_or(Tz::UTC));

    let path = args.output.join(file_name(&imported.file));
    let text = markdown::to_toml(&args.file, &imported)?;
    // Read back what is about to be written: the file must load, and its diagnostics are shown.
    let loaded =
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::new(format!(
                "the imported incident does not load (a bug in the importer): {}",
                f.diagnostic.render_human(&f.source)
            ))
            .help("this is a bug in postmortem; please report it with the input file")
        })?;
    let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
    let overwrite = if args.force { Overwrite::Allow } else { Overwrite::Refuse };
    write_file(&path, text.as_bytes(), overwrite)?;

    let mut out = anstream::stdout();
    let mut err = anstream::stderr();
    for warning in &imported.warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    let _ = writeln!(out, "imported {} -> {}", args.file.display(), path.display());
    let _ = writeln!(out, "guessed (review these; they are also listed at the top of the file):");
    for guess in &imported.guesses {
        let _ = writeln!(out, "  - {guess}");
    }
    for diagnostic in checked.diagnostics.iter().filter(|d| d.level() != Level::Note) {
        let _ = writeln!(out, "{}", diagnostic.render_human(&checked.source));
    }
    let _ = writeln!(
        out,
        "check: {} errors, {} warnings, {} notes (run `postmortem check {}` for all)",
        checked.count(Level::Error),
        checked.count(Level::Warning),
        checked.count(Level::Note),
        path.display()
    );
    Ok(Outcome::Clean)
}

/// `YYYY-MM-DD-<slug>.toml`, dated by the first unplanned impact (else the first event or
/// update; "undated" when there is none).
fn file_name(file: &crate::model::raw::IncidentFile) -> PathBuf {
    // The day the impact began names the incident; maintenance before it does not.
    let day = |at: &str| at.get(..10).filter(|day| crate::time::parse_date(day).is_ok()).map(str::to_string);
    let impact =
        file.impact.iter().filter(|i| !i.planned).filter_map(|i| i.start.as_deref().and_then(day)).min();
    let other = || {
        file.events
            .iter()
            .map(|e| e.at.as_str())
            .chain(file.updates.iter().map(|u| u.at.as_str()))
            .filter_map(day)
            .min()
    };
    let first = impact.or_else(other).unwrap_or_else(|| "undated".to_string());
    PathBuf::from(format!("{first}-{}.toml", crate::output::slug(&file.title)))
}
