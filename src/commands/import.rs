//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::Outcome;
use crate::checks::Level;
use crate::cli::{ImportArgs, ImportSource};
use crate::import::markdown;
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::{Failure, Overwrite, write_atomic};
use crate::pipeline;
use crate::source::SourceFile;

pub fn run(args: &ImportArgs) -> Result<Outcome, Failure> {
    match args.from {
        ImportSource::Markdown => run_markdown(args),
        ImportSource::Statuspage => run_statuspage(args),
        ImportSource::Slack => super::import_events::run_slack(args),
        ImportSource::Pagerduty => super::import_events::run_pagerduty(args),
    }
}

/// `-o DIR`, which these importers need (`--into` is for the event importers).
fn output_dir(args: &ImportArgs) -> Result<&Path, Failure> {
    args.output.as_deref().ok_or_else(|| {
        Failure::new("this importer writes new incident files: give -o DIR").help(
            "`--into FILE` adds events to an existing file and works with --from slack and --from pagerduty",
        )
    })
}

/// A Statuspage export: one incident file per incident or maintenance.
fn run_statuspage(args: &ImportArgs) -> Result<Outcome, Failure> {
    let display = args.file.display().to_string();
    let text = load::read_source(&args.file)
        .map_err(|f| Failure::new(format!("{display}: {}", f.diagnostic.message)).help("check the path"))?;
    let converted = statuspage::convert_document(&display, text.text())?;
    let output = output_dir(args)?;
    if !output.is_dir() {
        return Err(Failure::new(format!("-o: `{}` is not a folder", output.display()))
            .help("create it first, or pass an existing folder with -o"));
    }
    let planned = plan(&converted, output, args.force)?;
    let config = crate::load::config::for_path(output).map_err(|f| {
        Failure::new(format!("cannot read the project config: {}", f.diagnostic.render_human(&f.source)))
            .help("fix postmortem.toml as shown, or import into a folder outside that project")
    })?;
    let mut out = anstream::stdout();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for (path, text) in &planned {
        write_atomic(path, text.as_bytes(), if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
        let checked = pipeline::open(path, &config, None).map_err(|f| {
            Failure::new(format!(
                "{}: written but does not load back: {}",
                path.display(),
                f.diagnostic.render_human(&f.source)
            ))
            .help("this is a bug in postmortem; please report it with the input file")
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
        output.display()
    );
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
            Failure::new(format!(
                "`{}` would not load back: {} (a bug in the importer; please report it)",
                c.file_name,
                f.diagnostic.render_human(&f.source)
            ))
            .help("this is a bug in postmortem; please report it with the input file")
        })?;
        if !force && path.exists() {
            return Err(Failure::new(format!("`{}` already exists; nothing was written", path.display()))
                .help("pass `--force` to overwrite, or import into another folder"));
        }
        planned.push((path, text));
    }
    Ok(planned)
}

/// A post-mortem written as Markdown or plain text: one incident file.
fn run_markdown(args: &ImportArgs) -> Result<Outcome, Failure> {
    let output = output_dir(args)?;
    let source = load::read_source(&args.file).map_err(|f| {
        Failure::new(format!("cannot import `{}`: {}", args.file.display(), f.diagnostic.message))
            .help(f.diagnostic.help.clone().unwrap_or_else(|| "check the path".to_string()))
    })?;
    if !output.is_dir() {
        return Err(Failure::new(format!("-o: `{}` is not a folder", output.display()))
            .help("create the folder first, or pass an existing one to -o"));
    }
    let config = crate::load::config::for_path(output).map_err(|f| {
        Failure::new(format!("cannot read the project config: {}", f.diagnostic.render_human(&f.source)))
            .help("fix postmortem.toml as shown, or import into a folder outside that project")
    })?;
    let imported = markdown::import(source.text(), config.default_zone.unwrap_or(Tz::UTC));

    let path = output.join(file_name(&imported.file));
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
    write_atomic(&path, text.as_bytes(), overwrite)?;

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
