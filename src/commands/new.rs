//! `postmortem new`: a commented incident skeleton that passes `check`, written without
//! overwriting anything.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Outcome;
use crate::checks::Level;
use crate::cli::NewArgs;
use crate::load::{self, Syntax};
use crate::model::Config;
use crate::output::{Failure, Overwrite, slug, write_file};
use crate::pipeline;
use crate::reporter::{self, print};
use crate::source::SourceFile;

const UNTITLED: &str = "Untitled incident";
const UNNAMED_SERVICE: &str = "Unnamed service";

pub fn run(args: &NewArgs) -> Result<Outcome, Failure> {
    let today = chrono::Utc::now().date_naive();
    let title = args.title.clone().unwrap_or_else(|| UNTITLED.to_string());
    let path = target_path(args.path.as_deref(), &title, today);
    let config = crate::load::config::for_path(&path)?;
    let syntax = syntax_of(&path)?;
    let skeleton = Skeleton::from_args(args, title, &config, today);
    let mut text = skeleton.to_toml();

    // The skeleton must pass its own checks; an error here is a bug in this command, and writing
    // the file anyway would hand the user a broken start.
    let source = SourceFile::new(&path, text.clone());
    let loaded = load::load_incident_text(source, Syntax::Toml).map_err(|f| {
        Failure::internal(format!("the skeleton of `postmortem new` does not load: {}", f.diagnostic.message))
    })?;
    if syntax == Syntax::Json {
        // JSON has no comments: the skeleton's fields, without the explanations around them.
        text = serde_json::to_string_pretty(&loaded.value)
            .map_err(|e| Failure::internal(format!("cannot write the skeleton as JSON: {e}")))?
            + "\n";
    }
    let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, Some(today));
    if checked.has_errors() {
        let errors: Vec<_> =
            checked.diagnostics.iter().filter(|d| d.level() == Level::Error).cloned().collect();
        reporter::report_to_stderr(&checked.source, &errors, false);
        return Err(Failure::new(format!("the skeleton of `{}` fails its own check (see above)", path.display()))
            .help("pass plain names to --title, --service and --deployment; deployments must be in the catalogue of postmortem.toml"));
    }
    write_file(&path, text.as_bytes(), Overwrite::Refuse).map_err(|failure| {
        if path.exists() {
            Failure::new(format!("`{}` already exists; `postmortem new` never overwrites", path.display()))
                .help("give another PATH, or a different --title for another default name")
        } else {
            failure
        }
    })?;

    print(&format!("created {}\n", path.display()))?;
    reporter::report_to_stderr(&checked.source, &checked.diagnostics, true);
    print(&format!(
        "next: fill in the impact windows, the timeline and the prose, then run `postmortem check {}`\n",
        path.display()
    ))?;
    Ok(Outcome::Clean)
}

/// The syntax PATH's extension names: `.toml`, or `.json` (the same fields, no comments).
/// Anything else is refused: the incident loaders read only these two.
fn syntax_of(path: &Path) -> Result<Syntax, Failure> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("toml") => Ok(Syntax::Toml),
        Some("json") => Ok(Syntax::Json),
        _ => Err(Failure::new(format!(
            "`{}`: incident files are `.toml` or `.json`; not writing a file of another kind",
            path.display()
        ))
        .help("name the file `….toml` (commented skeleton) or `….json` (the same fields, no comments)")),
    }
}

/// PATH as given; a folder gets the default name inside it; no PATH gives the default name here.
fn target_path(path: Option<&Path>, title: &str, today: NaiveDate) -> PathBuf {
    let default_name = format!("{}-{}.toml", today.format("%Y-%m-%d"), slug(title));
    match path {
        Some(p) if p.is_dir() => p.join(default_name),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(default_name),
    }
}

/// What the skeleton is filled with.
#[derive(Debug)]
struct Skeleton {
    title: String,
    service: String,
    timezone: String,
    deployments: Vec<String>,
    /// An example timestamp for the commented-out fields (today, in the file's zone).
    example_day: NaiveDate,
    severity_hint: Option<String>,
}

impl Skeleton {
    /// Flags first; otherwise the config's only service and its deployments.
    fn from_args(args: &NewArgs, title: String, config: &Config, today: NaiveDate) -> Skeleton {
        let services = &config.file.services;
        let service = args.service.clone().or_else(|| match services.as_slice() {
            [only] => Some(only.name.clone()),
            _ => None,
        });
        let deployments = if args.deployments.is_empty() {
            service
                .as_deref()
                .and_then(|name| services.iter().find(|s| s.name == name))
                .map(|s| s.deployments.clone())
                .unwrap_or_default()
        } else {
            args.deployments.clone()
        };
        Skeleton {
            title,
            service: service.unwrap_or_else(|| UNNAMED_SERVICE.to_string()),
            timezone: config.file.timezone.clone().unwrap_or_else(|| "UTC".to_string()),
            deployments,
            example_day: today,
            severity_hint: config.file.severities.first().cloned(),
        }
    }

    fn to_toml(&self) -> String {
        let day = self.example_day.format("%Y-%m-%d").to_string();
        let mut t = self.header_and_prose(&day);
        t.push_str(&self.impact_block(&day));
        t.push_str(&self.timeline_updates_and_actions(&day));
        t
    }

    /// The identity of the incident and its commented-out prose fields.
    fn header_and_prose(&self, day: &str) -> String {
        let deployments = self.deployments.iter().map(|d| quote(d)).collect::<Vec<_>>().join(", ");
        let severity = quote(self.severity_hint.as_deref().unwrap_or("SEV-2"));
        format!(
            r#"# Incident post-mortem (format 1). Fill in what you know; `postmortem check` says what is
# still missing or inconsistent, `postmortem render` turns it into the published text.
# Times: "YYYY-MM-DD HH:MM" is wall-clock time in `timezone`; RFC 3339 with an offset
# ("{day}T14:55:00Z") works too. Prose fields are Markdown.
format = 1
title = {title}   # the status-page title, as customers read it
service = {service}
timezone = {timezone}   # IANA zone for timestamps written without an offset
deployments = [{deployments}]   # every deployment; one without [[impact]] renders as "No impact"
# severity = {severity}   # one of the levels in postmortem.toml
# impact_level = "major"   # none | minor | major | critical | maintenance; derived when absent

# ---- The post-mortem text (Markdown); uncomment what you write ----
# intro = "On {long_day}, {service_plain} experienced ..."
# summary = """
# What happened and what it meant for customers, in a few sentences.
# """
# root_cause = """
# Why it happened. A resolved incident without a root cause gets a warning.
# """
# resolution = """
# How service was restored.
# """
# lessons_learned = """
# What this incident taught, including what went well.
# """
# closing = """
# A word to customers.
# """
# acknowledgements = "Thank you to everyone who reported the issue."
#
# Extra sections, rendered after the standard ones in file order:
# [[sections]]
# title = "Customer communication"
# body = """..."""
"#,
            title = quote(&self.title),
            service = quote(&self.service),
            timezone = quote(&self.timezone),
            long_day = self.example_day.format("%B %-d, %Y"),
            service_plain = self.service,
        )
    }

    /// One open `[[impact]]` window per deployment (an example when there is none).
    fn impact_block(&self, day: &str) -> String {
        let mut t = String::new();
        t.push_str(
            r#"
# ---- Impact: one window of one deployment in one status ----
# status: degraded_performance | partial_outage | major_outage | under_maintenance
# start/end: when known; no end = still ongoing; no start = not known (counted as no downtime).
# planned = true marks maintenance; duration = "15m" when the interruption was shorter than the window.
"#,
        );
        if self.deployments.is_empty() {
            t.push_str(&format!(
                r#"# [[impact]]
# deployment = "Public Cloud Server"
# status = "major_outage"
# start = "{day} 14:55"
# end = "{day} 22:05"
# text = "What customers of this deployment saw."
"#
            ));
        }
        for deployment in &self.deployments {
            t.push_str(&format!(
                r#"
[[impact]]
deployment = {deployment}
status = "major_outage"   # change to what customers of this deployment saw
# start = "{day} 14:55"
# end = "{day} 22:05"
# text = "What customers of this deployment saw."
"#,
                deployment = quote(deployment)
            ));
        }
        t
    }

    /// The commented-out examples of events, status updates and actions.
    fn timeline_updates_and_actions(&self, day: &str) -> String {
        format!(
            r#"
# ---- Timeline, in chronological order (`postmortem fmt` sorts it) ----
# marks: trigger | impact_start | detected | acknowledged | identified | mitigated | recovered | resolved
# [[events]]
# at = "{day} 14:55"
# text = "What happened at this moment."
# marks = ["impact_start"]

# ---- Status updates, as published on the status page ----
# status: investigating | identified | monitoring | resolved
# [[updates]]
# at = "{day} 15:02"
# status = "investigating"
# text = "We are investigating reports of errors."
# deployments = [{first_deployment}]   # "Affected services"
# postmortem = true   # on the final update: its body is the rendered post-mortem

# ---- Follow-up actions ----
# kind: prevent | detect | mitigate | process; status: open | in_progress | done | wont_do
# [[actions]]
# text = "What will be done so this does not happen again."
# kind = "prevent"
# status = "open"
# owner = "team-or-person"
# due = "{due}"
# ticket = "https://tracker.example.com/INC-1"
"#,
            first_deployment =
                self.deployments.first().map(|d| quote(d)).unwrap_or_else(|| quote("Public Cloud Server")),
            due = (self.example_day + chrono::Days::new(30)).format("%Y-%m-%d"),
        )
    }
}

/// A one-line TOML basic string: quotes, backslashes and control characters escaped.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_and_newlines() {
        assert_eq!(quote("a \"b\"\nc\\d\u{7f}"), r#""a \"b\"\nc\\d\u007F""#);
    }

    fn skeleton(deployments: &[&str]) -> Skeleton {
        Skeleton {
            title: "Logins \"fail\" # sometimes".to_string(),
            service: "Auth".to_string(),
            timezone: "Europe/Berlin".to_string(),
            deployments: deployments.iter().map(|d| d.to_string()).collect(),
            example_day: NaiveDate::from_ymd_opt(2026, 3, 29).unwrap_or_default(),
            severity_hint: None,
        }
    }

    #[test]
    fn the_skeleton_loads_with_its_values_and_has_no_errors() {
        for deployments in [&[][..], &["EU", "US \"east\""][..]] {
            let text = skeleton(deployments).to_toml();
            let source = SourceFile::new(Path::new("new.toml"), text.clone());
            let loaded = load::load_incident_text(source, Syntax::Toml).expect("skeleton loads");
            assert_eq!(loaded.value.title, "Logins \"fail\" # sometimes");
            assert_eq!(loaded.value.deployments.len(), deployments.len());
            assert_eq!(loaded.value.impact.len(), deployments.len());
            let config = Config::default();
            let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
            let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.level() != Level::Note).collect();
            assert!(errors.is_empty(), "{text}\n{errors:?}");
        }
    }
}
