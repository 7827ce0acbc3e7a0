//! `postmortem report`: the reliability report over a folder of incidents for a quarter or a
//! date range, as Markdown, HTML, JSON or CSV.

use std::path::{Path, PathBuf};

use super::destination::{choose_format, refuse_incident_overwrite};
use super::{Outcome, plural};
use crate::cli::{ReportArgs, ReportFormat};
use crate::load::discover::incident_files_found;
use crate::output::{Failure, Links, Overwrite, visible, visible_line, write_file_with, write_streamed};
use crate::render::Templates;
use crate::report::markdown::ReportContext;
use crate::report::{self, Period, Request};
use crate::reporter;
use crate::time::parse_date;

pub fn run(args: &ReportArgs) -> Result<Outcome, Failure> {
    let format = choose_format(args.to, args.output.as_deref(), report_format, ReportFormat::Md)?;
    if let Some(path) = &args.output {
        refuse_incident_overwrite(path, format == ReportFormat::Json, args.force)?;
    }
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => default_folder()?,
    };
    if !dir.is_dir() {
        return Err(Failure::new(format!("`{}` is not a folder", dir.display())).help(
            "give the folder that holds the incident files: `postmortem report incidents/ --quarter 2026-Q3`",
        ));
    }
    let config = crate::load::config::for_path(&dir)?;
    let zone = report::zone(&config);
    let period = period_of(args, &config, zone)?;
    let as_of_date = match &args.as_of {
        Some(text) => date("--as-of", text)?,
        None => report::default_as_of(&period),
    };
    let found = incident_files_found(std::slice::from_ref(&dir))?;
    reporter::print_to_stderr(&found.notes());
    let files = found.files;
    // `-o r.md` is in the working folder: its parent is the empty path, which is ".".
    let link_base = match args.output.as_deref().and_then(Path::parent) {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let request = Request { config: &config, period: &period, as_of_date, link_base: &link_base, threads: 0 };
    let (excluded, report) = report::build(&files, &request);

    print_exclusions(&excluded);

    if matches!(format, ReportFormat::Json | ReportFormat::Csv) {
        // Written as produced: the text of a report over years of incidents is never held.
        write_streamed(args.output.as_deref(), Overwrite::Allow, Links::forced(args.force), |out| {
            if format == ReportFormat::Csv {
                return report::csv::write_csv(&report, out);
            }
            serde_json::to_writer_pretty(&mut *out, &report)?;
            out.write_all(b"\n")
        })?;
    } else {
        let text = report_text(format, &report, args, &config, as_of_date, &period)?;
        match &args.output {
            Some(path) => {
                write_file_with(path, text.as_bytes(), Overwrite::Allow, Links::forced(args.force))?
            }
            None => crate::output::print_data(&text)?,
        }
    }
    Ok(if excluded.iter().any(|e| e.unreadable) {
        Outcome::Failed
    } else if excluded.iter().any(|e| e.errors > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The period `--quarter` or `--from` and `--until` name, in the report zone.
fn period_of(
    args: &ReportArgs,
    config: &crate::model::Config,
    zone: chrono_tz::Tz,
) -> Result<Period, Failure> {
    match (&args.quarter, &args.from, &args.until) {
        (Some(quarter), _, _) => Period::quarter(quarter, config.fiscal_year_start(), zone),
        (None, Some(from), Some(until)) => {
            Period::range(date("--from", from)?, date("--until", until)?, zone)
        }
        _ => Err(Failure::new("no period given").help(
            "pass `--quarter 2026-Q3`, or `--from 2026-07-01 --until 2026-07-31` (both days included)",
        )),
    }
}

/// On stderr: each file left out, with its findings or why, then one line naming them all.
fn print_exclusions(excluded: &[report::input::Excluded]) {
    let mut notes = String::new();
    for excluded in excluded {
        notes.push_str(&excluded.rendered);
        if excluded.rendered.is_empty() {
            notes.push_str(&format!(
                "note: {}: {}\n\n",
                visible_line(&excluded.path.display().to_string()),
                visible(&excluded.reason)
            ));
        }
    }
    if !excluded.is_empty() {
        let names: Vec<String> =
            excluded.iter().map(|e| visible_line(&e.path.display().to_string()).into_owned()).collect();
        let files = plural(names.len(), "file");
        notes.push_str(&format!("report: left out {files} the report names: {}\n", names.join(", ")));
    }
    reporter::print_rendered_to_stderr(&notes);
}

/// The report as Markdown or HTML, from the templates (JSON and CSV are streamed instead).
fn report_text(
    format: ReportFormat,
    report: &report::Report,
    args: &ReportArgs,
    config: &crate::model::Config,
    as_of_date: chrono::NaiveDate,
    period: &Period,
) -> Result<String, Failure> {
    let templates = Templates::for_config(config, args.templates.as_deref())?;
    let context = ReportContext::new(report, as_of_date, period.zone, format == ReportFormat::Html);
    if format == ReportFormat::Html {
        return report::html::to_html(&templates, &context, period);
    }
    report::markdown::to_markdown(&templates, &context)
}

/// The report format a file extension names.
fn report_format(extension: &str) -> Option<ReportFormat> {
    match extension {
        "md" | "markdown" => Some(ReportFormat::Md),
        "html" | "htm" => Some(ReportFormat::Html),
        "json" => Some(ReportFormat::Json),
        "csv" => Some(ReportFormat::Csv),
        _ => None,
    }
}

fn date(flag: &str, text: &str) -> Result<chrono::NaiveDate, Failure> {
    parse_date(text).map_err(|e| Failure::new(format!("{flag}: {e}")).help(e.help()))
}

/// `incidents/` (or the config's `incidents` key) beside postmortem.toml.
fn default_folder() -> Result<PathBuf, Failure> {
    let config_path = crate::load::config::discover(Path::new(".")).ok_or_else(|| {
        Failure::new("no incident folder given and no postmortem.toml found here or above")
            .help("pass the folder: `postmortem report incidents/ --quarter 2026-Q3`")
    })?;
    let config = crate::load::config::read(&config_path)?;
    Ok(config.incidents_dir())
}
