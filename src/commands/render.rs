//! `postmortem render`: the post-mortem as Markdown or HTML, to stdout, a file, or a folder
//! (the `.md`, `.html` and `.svg` side by side). Also the shared front half of every command
//! that renders an incident: open, print warnings, refuse errors unless `--force`. With
//! `--watch` it renders again after every settled change of the incident file.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::destination::{choose_format, refuse_incident_overwrite};
use super::watch::{self, WatchOptions};
use super::{Outcome, parse_tz, plural};
use crate::checks::Level;
use crate::cli::{DocumentFormat, RenderArgs};
use crate::model::Config;
use crate::output::visible;
use crate::output::{Failure, Links, Overwrite, Staging, write_file_with};
use crate::pipeline::{self, Checked};
use crate::render::{self, ChartOptions, Target, Templates};
use crate::reporter;

/// An incident ready to render, or the outcome to stop with.
pub(crate) struct Renderable {
    pub config: Config,
    pub checked: Checked,
    pub zone: Tz,
    /// Findings when rendering went ahead under `--force` despite errors.
    pub outcome: Outcome,
}

/// Open `file`, print its errors and warnings to stderr, and refuse to go on when it has
/// errors unless `force`. `Err(outcome)` is the exit status to stop with.
pub(crate) fn open_for_rendering(
    file: &Path,
    tz: Option<&str>,
    force: bool,
) -> Result<Result<Renderable, Outcome>, Failure> {
    let requested = parse_tz(tz)?;
    let (config, checked) = pipeline::open_with_discovered_config(file, None)?;
    reporter::report_to_stderr(&checked.source, &checked.diagnostics, false);
    let errors = checked.count(Level::Error);
    if errors > 0 && !force {
        let refusal = Failure::new(format!(
            "not rendering `{}`: it has {} (see above)",
            file.display(),
            plural(errors, "error")
        ))
        .help("fix them, or pass `--force` to render anyway");
        reporter::print_error(&refusal);
        return Ok(Err(Outcome::Findings));
    }
    let zone = checked.incident.display_zone(&config, requested);
    let outcome = if errors > 0 { Outcome::Findings } else { Outcome::Clean };
    Ok(Ok(Renderable { config, checked, zone, outcome }))
}

pub fn run(args: &RenderArgs) -> Result<Outcome, Failure> {
    // A usage mistake stops before the first rendering, and before any watching.
    let file_output = args.output.as_deref().filter(|path| !is_folder(path));
    let format = choose_format(args.to, file_output, document_format, DocumentFormat::Md)?;
    if !args.watch {
        return render_once(args, format);
    }
    watch::ensure_watchable(&args.file)?;
    // A failed run (an unreadable file mid-save, a template error) is reported and the watch
    // goes on: the next save may fix it. Ctrl-C ends the process; every output was written
    // atomically, so it never leaves a half-written file behind.
    watch::watch(
        &args.file,
        WatchOptions::default(),
        || {
            if let Err(failure) = render_once(args, format) {
                reporter::print_error(&failure);
            }
        },
        || true,
    );
    Ok(Outcome::Clean)
}

/// One rendering: open, print the diagnostics, write the outputs (`format` for stdout and a
/// single file; a folder gets every format).
fn render_once(args: &RenderArgs, format: DocumentFormat) -> Result<Outcome, Failure> {
    let mut r = match open_for_rendering(&args.file, args.view.tz.as_deref(), args.force)? {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    if args.public {
        r.checked = pipeline::public(r.checked, &r.config, None);
    }
    let templates = Templates::for_config(&r.config, args.view.templates.as_deref())?;
    let draw = |options: &ChartOptions| draw_chart(&r, &args.file, options);
    let chart = || draw(&ChartOptions::default());
    // The page carries the wide chart and a narrow one for phones; a caller that already drew
    // the wide one (the folder output writes it as the .svg too) passes it in. An incident
    // with nothing timed has no chart.
    let html_with = |wide: Option<&str>| -> Result<String, Failure> {
        let narrow = match wide {
            Some(_) => draw(&ChartOptions::narrow())?,
            None => None,
        };
        render::render_postmortem_html(&templates, &r.checked, r.zone, wide.unwrap_or(""), narrow.as_deref())
    };
    let html = || html_with(chart()?.as_deref());
    match &args.output {
        None => {
            let text = match format {
                DocumentFormat::Md => {
                    render::render_postmortem_markdown(&templates, &r.checked, r.zone, Target::Md, None)?
                }
                DocumentFormat::Html => html()?,
            };
            crate::output::print_data(&text)?;
        }
        Some(path) if is_folder(path) => {
            let stem = args
                .file
                .file_stem()
                .map_or_else(|| "postmortem".into(), |s| s.to_string_lossy().into_owned());
            let svg = chart()?;
            let svg_name = format!("{stem}.svg");
            let md = render::render_postmortem_markdown(
                &templates,
                &r.checked,
                r.zone,
                Target::Md,
                svg.as_ref().map(|_| svg_name.as_str()),
            )?;
            let html = html_with(svg.as_deref())?;
            let mut outputs = vec![(format!("{stem}.md"), md), (format!("{stem}.html"), html)];
            outputs.extend(svg.map(|svg| (svg_name, svg)));
            for (name, _) in &outputs {
                refuse_input(&path.join(name), &args.file)?;
            }
            // All three or none: the .md links the .svg beside it.
            let mut staging = Staging::new(path)?;
            for (name, contents) in &outputs {
                staging.add(name, contents.as_bytes())?;
            }
            for (target, _) in staging.commit_with(Overwrite::Allow, Links::forced(args.force))? {
                reporter::print(&format!("wrote {}\n", visible(&target.display().to_string())))?;
            }
        }
        Some(path) => {
            refuse_input(path, &args.file)?;
            refuse_incident_overwrite(path, false, args.force)?;
            let text = match format {
                DocumentFormat::Md => {
                    render::render_postmortem_markdown(&templates, &r.checked, r.zone, Target::Md, None)?
                }
                DocumentFormat::Html => html()?,
            };
            write_file_with(path, text.as_bytes(), Overwrite::Allow, Links::forced(args.force))?;
        }
    }
    Ok(r.outcome)
}

/// The timeline chart of an incident opened for rendering.
/// `None` when nothing in the incident has a time.
pub(crate) fn draw_chart(
    r: &Renderable,
    file: &Path,
    options: &ChartOptions,
) -> Result<Option<String>, Failure> {
    render::timeline_svg(&r.checked, r.zone, options).map_err(|e| {
        Failure::new(format!("`{}`: cannot draw the timeline chart: {e}", file.display()))
            .help("`postmortem check` on the file shows which times to fix")
    })
}

/// The document format a file extension names.
fn document_format(extension: &str) -> Option<DocumentFormat> {
    match extension {
        "md" | "markdown" => Some(DocumentFormat::Md),
        "html" | "htm" => Some(DocumentFormat::Html),
        _ => None,
    }
}

/// `-o DIR/`, an existing folder, or a path without an extension that does not exist yet
/// (created) means "write the set side by side"; `-o -` is stdout.
fn is_folder(path: &Path) -> bool {
    path.is_dir()
        || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
        || (!crate::output::is_stdout(path)
            && path.extension().is_none()
            && std::fs::symlink_metadata(path).is_err())
}

/// Never write a rendering over the incident file itself.
pub(crate) fn refuse_input(output: &Path, input: &Path) -> Result<(), Failure> {
    let canonical = |p: &Path| -> Option<PathBuf> { std::fs::canonicalize(p).ok() };
    if output.exists() && canonical(output).is_some() && canonical(output) == canonical(input) {
        return Err(Failure::new(format!("`{}` is the incident file itself", output.display()))
            .help("write the rendering to another path, e.g. `-o out/`"));
    }
    Ok(())
}
