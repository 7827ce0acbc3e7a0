//! `postmortem import`: dispatch on `--from`; each importer's document is converted, checked
//! before anything is written, and never overwrites without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::checks::Level;
use crate::cli::{ImportArgs, ImportSource};
use crate::import::statuspage::{self, Converted};
use crate::load::{self, Syntax};
use crate::output::{Failure, Overwrite, write_atomic};
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
        ImportSource::Slack => super::import_events::run_slack(args),
        ImportSource::Pagerduty => super::import_events::run_pagerduty(args),
    }
}

/// A Statuspage export: one incident file per incident or maintenance.
fn run_statuspage(args: &ImportArgs, file: &Path) -> Result<Outcome, Failure> {
    let display = file.display().to_string();
    let text = load::read_source(file)
        .map_err(|f| Failure::new(format!("{display}: {}", f.diagnostic.message)).help("check the path"))?;
    let converted = statuspage::convert_document(&display, text.text())?;
    let output = super::destination::output_dir(args)?;
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
