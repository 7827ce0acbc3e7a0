//! `postmortem site`: the static status-history site, written whole or not at all.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Outcome;
use crate::cli::SiteArgs;
use crate::load::config as project_config;
use crate::load::discover::incident_files_found;
use crate::output::{Failure, write_folder};
use crate::render::Templates;
use crate::report;
use crate::reporter::{self, print};
use crate::site::{self, Built, Options, Request};
use crate::time::{parse_date, parse_instant, start_of_day};

pub fn run(args: &SiteArgs) -> Result<Outcome, Failure> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => default_folder()?,
    };
    if !dir.is_dir() {
        return Err(Failure::new(format!("`{}` is not a folder", dir.display()))
            .help("give the folder that holds the incident files: `postmortem site incidents/ -o public/`"));
    }
    let config = project_config::for_path(&dir)?;
    let zone = report::zone(&config);
    let as_of = match &args.as_of {
        Some(text) => as_of(text, zone)?,
        None => Utc::now(),
    };
    let base_url = args.base_url.as_deref().map(base_url).transpose()?;
    let options = Options { as_of, days: args.days, base_url, public: args.public };
    let templates = Templates::for_config(&config, args.templates.as_deref())?;
    let found = incident_files_found(std::slice::from_ref(&dir))?;
    crate::reporter::print_to_stderr(&found.notes());
    let files = found.files;
    if let Ok(canonical) = std::fs::canonicalize(&args.output)
        && std::fs::canonicalize(&dir).is_ok_and(|d| d.starts_with(&canonical))
    {
        return Err(Failure::new(format!(
            "`{}` holds the incident folder; the site would replace it",
            args.output.display()
        ))
        .help("write the site to a folder of its own, such as `-o public/`"));
    }
    let request = Request { files: &files, config: &config, templates: &templates, options: &options };
    match site::generate(&request)? {
        Built::Site(pages) => {
            write_folder(&args.output, &pages)?;
            print(&format!(
                "wrote {} ({} files, {} incidents, status as of {})\n",
                args.output.display(),
                pages.len(),
                files.len(),
                as_of.format("%Y-%m-%dT%H:%M:%SZ")
            ))?;
            Ok(Outcome::Clean)
        }
        Built::Refused { rendered, files, unreadable } => {
            reporter::print_rendered_to_stderr(&rendered);
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            let refusal = Failure::new(format!(
                "not building the site: {} has errors (see above); nothing was written",
                names.join(", ")
            ))
            .help(format!("fix them (`postmortem check {}`)", dir.display()));
            reporter::print_error(&refusal);
            Ok(if unreadable { Outcome::Failed } else { Outcome::Findings })
        }
    }
}

/// `--as-of`: an instant (RFC 3339, or wall clock in the report zone), or a date (its start).
fn as_of(text: &str, zone: chrono_tz::Tz) -> Result<DateTime<Utc>, Failure> {
    if let Ok(date) = parse_date(text) {
        return Ok(start_of_day(date, zone));
    }
    parse_instant(text, zone).map_err(|e| Failure::new(format!("--as-of: {e}")).help(e.help()))
}

/// `--base-url`: an http(s) address, ending in `/` so that page paths append to it.
fn base_url(text: &str) -> Result<String, Failure> {
    let trimmed = text.trim();
    let ok = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && !trimmed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\''));
    if !ok {
        return Err(Failure::new(format!("--base-url: `{text}` is not an http(s) address"))
            .help("give where the site is published, such as `https://status.example.com/`"));
    }
    Ok(if trimmed.ends_with('/') { trimmed.to_string() } else { format!("{trimmed}/") })
}

/// `incidents/` (or the config's `incidents` key) beside postmortem.toml.
fn default_folder() -> Result<PathBuf, Failure> {
    let config_path = project_config::discover(Path::new(".")).ok_or_else(|| {
        Failure::new("no incident folder given and no postmortem.toml found here or above")
            .help("pass the folder: `postmortem site incidents/ -o public/`")
    })?;
    let config = project_config::read(&config_path)?;
    Ok(config.incidents_dir())
}
