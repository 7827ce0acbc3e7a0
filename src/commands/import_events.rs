//! `import --from slack|pagerduty`: timeline events from the chat channel or the pager, merged
//! into an existing incident (`--into`) or written as a new one (`-o DIR`). Bad input fails
//! before anything is written.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Outcome;
use super::scribe::{edit_file, now};
use crate::cli::ImportArgs;
use crate::edit::plan::{self, Merge};
use crate::edit::{NewEvent, at};
use crate::import::{pagerduty, slack};
use crate::load::{self, Syntax};
use crate::model::Config;
use crate::model::raw::{Event, IncidentFile};
use crate::output::visible;
use crate::output::{Failure, Overwrite, slug, write_atomic};
use crate::pipeline;
use crate::reporter;
use crate::source::SourceFile;
use crate::time::format_in_zone;

/// What an importer found, ready to be merged or written.
struct Found {
    events: Vec<NewEvent>,
    /// Where the events came from, for the new file's heading ("Slack #inc-api").
    origin: String,
    /// A title for a new file.
    title: String,
    guesses: Vec<String>,
}

/// One or more PagerDuty logs: every file is read (and must be good) before anything is
/// written; their events merge like any others.
pub fn run_pagerduty(args: &ImportArgs) -> Result<Outcome, Failure> {
    let mut events = Vec::new();
    let mut title = None;
    let mut left_out = 0;
    for file in &args.files {
        let display = file.display().to_string();
        let source = load::read_source(file).map_err(|f| {
            Failure::new(format!("{display}: {}", f.diagnostic.message)).help("check the path")
        })?;
        let timeline = pagerduty::read(&display, source.text())?;
        events.extend(timeline.events);
        title = title.or(timeline.incident);
        left_out += timeline.notifications_left_out;
    }
    let mut guesses = Vec::new();
    if left_out > 0 {
        guesses.push(format!("left out {left_out} notification entries (who was paged how)"));
    }
    let found = Found {
        events,
        origin: "PagerDuty log entries".to_string(),
        title: title.unwrap_or_else(|| "Incident from PagerDuty".to_string()),
        guesses,
    };
    deliver(args, found)
}

pub fn run_slack(args: &ImportArgs) -> Result<Outcome, Failure> {
    let channel = args.channel.as_deref().unwrap_or_default().trim_start_matches('#').to_string();
    let zone = target_zone(args)?;
    let now = now(&args.clock)?;
    let bound = |flag: &str, text: &Option<String>| -> Result<Option<DateTime<Utc>>, Failure> {
        text.as_deref()
            .map(|t| {
                at::parse_at(t, now, zone).map_err(|e| Failure::new(format!("{flag}: {e}")).help(e.help()))
            })
            .transpose()
    };
    let options = slack::Options {
        channel: channel.clone(),
        since: bound("--since", &args.since)?,
        until: bound("--until", &args.until)?,
        pinned: args.pinned,
        reaction: args.reaction.clone(),
        zone,
    };
    let [export] = args.files.as_slice() else {
        return Err(Failure::new("--from slack reads one export at a time")
            .help("give the export's folder or .zip once, with --channel for the channel"));
    };
    let timeline = slack::read(export, &options)?;
    let found = Found {
        events: timeline.events,
        origin: format!("Slack #{channel}"),
        title: format!("Incident in #{channel}"),
        guesses: timeline.guesses,
    };
    deliver(args, found)
}

/// The zone times are read and written in: the `--into` file's, else --tz, the config's, UTC.
fn target_zone(args: &ImportArgs) -> Result<Tz, Failure> {
    if let Some(file) = &args.into {
        let (_, checked) = pipeline::open_with_discovered_config(file, None)?;
        return plan::zone_of(&checked.incident).map_err(|r| Failure::new(r.message).help(r.help));
    }
    if let Some(tz) = super::parse_tz(args.tz.as_deref())? {
        return Ok(tz);
    }
    let dir = args.output.as_deref().unwrap_or(Path::new("."));
    Ok(config_for(dir)?.default_zone.unwrap_or(Tz::UTC))
}

fn config_for(path: &Path) -> Result<Config, Failure> {
    Ok(crate::load::config::for_path(path)?)
}

fn deliver(args: &ImportArgs, found: Found) -> Result<Outcome, Failure> {
    let mut out = String::new();
    for guess in &found.guesses {
        out.push_str(&format!("guess: {}\n", visible(guess)));
    }
    if found.events.is_empty() {
        out.push_str(&format!("no events found in {}; nothing was written\n", found.origin));
        reporter::print(&out)?;
        return Ok(Outcome::Clean);
    }
    reporter::print(&out)?;
    match (&args.into, &args.output) {
        (Some(file), _) => merge_into(file, &found),
        (None, Some(dir)) => write_new(args, dir, found),
        (None, None) => {
            Err(Failure::new("give --into FILE or -o DIR").help("see `postmortem import --help`"))
        }
    }
}

fn merge_into(file: &Path, found: &Found) -> Result<Outcome, Failure> {
    let merged = std::cell::RefCell::new(Merge::default());
    let edited = edit_file(
        file,
        |incident, _| {
            let merge = plan::merge(incident, &found.events)?;
            let edits = merge.edits.clone();
            *merged.borrow_mut() = merge;
            Ok(plan::Plan { edits, notes: Vec::new() })
        },
        |_| {
            let merged = merged.borrow();
            format!(
                "merged {} event(s) from {} ({} already there)",
                merged.added.len(),
                found.origin,
                merged.already_there.len()
            )
        },
    )?;
    let merged = merged.into_inner();
    let zone = edited.checked.incident.display_zone(&edited.config, None);
    let mut out = list("+", &merged.added, zone);
    for mark in &merged.marks_kept {
        out.push_str(&format!(
            "  note: kept the file's `{}` mark; the imported one is left off\n",
            mark.as_str()
        ));
    }
    reporter::print(&out)?;
    Ok(edited.outcome)
}

fn list(sign: &str, events: &[NewEvent], zone: Tz) -> String {
    let mut out = String::new();
    for event in events {
        let marks = if event.marks.is_empty() {
            String::new()
        } else {
            format!(" [{}]", event.marks.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "))
        };
        let first_line = event.text.lines().next().unwrap_or("");
        out.push_str(&format!(
            "  {sign} {}{marks} {}\n",
            format_in_zone(event.at, zone, "%Y-%m-%d %H:%M:%S %Z"),
            visible(first_line)
        ));
    }
    out
}

/// A new incident file holding the events, named by the first event's day in its zone.
fn write_new(args: &ImportArgs, dir: &Path, found: Found) -> Result<Outcome, Failure> {
    if !dir.is_dir() {
        return Err(Failure::new(format!("-o: `{}` is not a folder", dir.display()))
            .help("create the folder first, or pass an existing one to -o"));
    }
    let config = config_for(dir)?;
    let zone = target_zone(args)?;
    let mut events = found.events.clone();
    events.sort_by_key(|e| e.at);
    let day = events.first().map(|e| format_in_zone(e.at, zone, "%Y-%m-%d")).unwrap_or_default();
    let path: PathBuf = dir.join(format!("{day}-{}.toml", slug(&found.title)));
    let service = match config.file.services.as_slice() {
        [only] => only.clone(),
        _ => crate::model::config::ServiceEntry {
            name: "Unnamed service".to_string(),
            deployments: Vec::new(),
        },
    };
    let file = IncidentFile {
        format: crate::model::raw::FORMAT,
        title: found.title.clone(),
        service: service.name,
        timezone: Some(zone.name().to_string()),
        deployments: service.deployments,
        events: events
            .iter()
            .map(|e| Event {
                at: at::wall_clock(e.at, zone),
                text: e.text.clone(),
                marks: e.marks.clone(),
                tz: None,
                internal: false,
            })
            .collect(),
        ..IncidentFile::default()
    };
    let body = toml::to_string_pretty(&file)
        .map_err(|e| Failure::internal(format!("cannot write the imported incident as TOML: {e}")))?;
    let mut heading =
        format!("# Imported from {} by `postmortem import`.\n", crate::import::comment_text(&found.origin));
    for guess in &found.guesses {
        heading.push_str(&format!("# guess: {}\n", crate::import::comment_text(guess)));
    }
    let text = format!("{heading}{body}");
    let loaded =
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::internal(format!(
                "the imported incident does not load: {}",
                f.diagnostic.render_human(&f.source)
            ))
        })?;
    let checked = pipeline::check_loaded(loaded.source, loaded.value, &config, None);
    write_atomic(&path, text.as_bytes(), if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
    let mut out = format!("wrote {} with {} event(s) from {}\n", path.display(), events.len(), found.origin);
    out.push_str(&list("+", &events, zone));
    reporter::print(&out)?;
    reporter::report_to_stderr(&checked.source, &checked.diagnostics, false);
    Ok(if checked.has_errors() { Outcome::Findings } else { Outcome::Clean })
}
