//! `import --from pagerduty`: a PagerDuty incident's log entries (REST API v2,
//! `GET /incidents/{id}/log_entries`, the response or its `log_entries` list) to timeline
//! events, so that detection and acknowledgement times come from the pager.
//!
//! Each entry becomes an event "PagerDuty: <summary>" at its `created_at`; the first trigger
//! is marked `detected`, the first acknowledgement `acknowledged`, the first resolution
//! `resolved`. Notifications (`notify_log_entry`, one per person and channel) are counted and
//! left out; annotations carry their note.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, input};
use crate::edit::NewEvent;
use crate::load::json_document;
use crate::model::Mark;
use crate::output::Failure;

const HELP: &str = "expected the JSON PagerDuty's REST API v2 returns for an incident's log entries \
     (`{\"log_entries\": [...]}` or the list itself), each with `type` and `created_at` (RFC 3339)";

/// The response of `GET /incidents/{id}/log_entries`; paging fields are not needed.
#[derive(Debug, Deserialize)]
struct Response {
    log_entries: Vec<LogEntry>,
}

#[derive(Debug, Deserialize)]
struct LogEntry {
    #[serde(rename = "type")]
    kind: String,
    created_at: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    agent: Option<Reference>,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    incident: Option<Reference>,
    /// The note of an annotation, where the API includes it.
    #[serde(default)]
    note: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Channel {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

/// The events of one log, and what the user should know about them.
#[derive(Debug, Clone, PartialEq)]
pub struct PagerTimeline {
    pub events: Vec<NewEvent>,
    /// The incident's title as PagerDuty gives it, for a new file.
    pub incident: Option<String>,
    pub notifications_left_out: usize,
}

/// Read a log-entries document. Any error (syntax, a missing `type` or `created_at`, a
/// timestamp without an offset) fails the whole document with its place and JSON path.
pub fn read(display_path: &str, text: &str) -> Result<PagerTimeline, Failure> {
    // Parsed once untyped to tell the two shapes apart, so a typed error names the real path.
    let shape: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let diagnostic = json_document::syntax_diagnostic(text, &e).help(HELP);
        json_document::located_failure(display_path, text, diagnostic)
    })?;
    let (entries, prefix) = match shape {
        serde_json::Value::Array(_) => (super::typed_json::<Vec<LogEntry>>(display_path, text, HELP)?, ""),
        serde_json::Value::Object(ref map) if map.contains_key("log_entries") => {
            (super::typed_json::<Response>(display_path, text, HELP)?.log_entries, "log_entries")
        }
        _ => {
            return Err(Failure::new(format!(
                "{display_path}: not a PagerDuty log-entries document (no `log_entries`)"
            ))
            .help(HELP));
        }
    };
    convert(display_path, text, prefix, entries)
}

fn convert(
    display_path: &str,
    text: &str,
    prefix: &str,
    entries: Vec<LogEntry>,
) -> Result<PagerTimeline, Failure> {
    let mut timed = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let at = DateTime::parse_from_rfc3339(entry.created_at.trim()).map_err(|e| {
            let path = if prefix.is_empty() {
                format!("[{i}].created_at")
            } else {
                format!("{prefix}[{i}].created_at")
            };
            let diagnostic = Diagnostic::new(
                &input::INVALID_TIMESTAMP,
                format!("`{path}`: cannot read `{}` as RFC 3339: {e}", entry.created_at.escape_debug()),
            )
            .at(path)
            .help("PagerDuty gives times such as `2026-07-04T15:02:11Z`; re-export the log");
            json_document::located_failure(display_path, text, diagnostic)
        })?;
        crate::time::check_representable(at.to_utc()).map_err(|e| {
            let path = format!("{prefix}[{i}].created_at");
            let diagnostic = Diagnostic::new(&input::INVALID_TIMESTAMP, format!("`{path}`: {e}"))
                .at(path)
                .help(format!("{}; fix the value in the log", e.help()));
            json_document::located_failure(display_path, text, diagnostic)
        })?;
        timed.push((at.with_timezone(&Utc), entry));
    }
    timed.sort_by_key(|(at, _)| *at);
    let incident = timed.iter().find_map(|(_, e)| e.incident.as_ref().and_then(|i| i.summary.clone()));
    let mut seen: Vec<Mark> = Vec::new();
    let mut events = Vec::new();
    let mut notifications_left_out = 0;
    for (at, entry) in &timed {
        if entry.kind == "notify_log_entry" {
            notifications_left_out += 1;
            continue;
        }
        let mark = match entry.kind.as_str() {
            "trigger_log_entry" => Some(Mark::Detected),
            "acknowledge_log_entry" => Some(Mark::Acknowledged),
            "resolve_log_entry" => Some(Mark::Resolved),
            _ => None,
        };
        let marks = match mark {
            Some(m) if !seen.contains(&m) => {
                seen.push(m);
                vec![m]
            }
            _ => Vec::new(),
        };
        events.push(NewEvent { at: *at, text: text_of(entry), marks });
    }
    Ok(PagerTimeline { events, incident, notifications_left_out })
}

/// "PagerDuty: Acknowledged by Ana Lima." or, for a note, "PagerDuty note by Ana Lima: ...".
fn text_of(entry: &LogEntry) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let agent = entry.agent.as_ref().and_then(|a| a.summary.as_deref()).map(one_line);
    let note = match &entry.note {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Object(o)) => o.get("content").and_then(|c| c.as_str()).map(str::to_string),
        _ => None,
    }
    .or_else(|| {
        entry.channel.as_ref().filter(|c| c.kind.as_deref() == Some("note")).and_then(|c| c.summary.clone())
    });
    if entry.kind == "annotate_log_entry"
        && let Some(note) = note
    {
        return match agent {
            Some(agent) => format!("PagerDuty note by {agent}: {}", note.trim()),
            None => format!("PagerDuty note: {}", note.trim()),
        };
    }
    let summary = entry.summary.as_deref().map(one_line).filter(|s| !s.is_empty()).unwrap_or_else(|| {
        let kind = entry.kind.trim_end_matches("_log_entry").replace('_', " ");
        match &agent {
            Some(agent) => format!("{kind} by {agent}"),
            None => kind,
        }
    });
    format!("PagerDuty: {summary}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_trigger_ack_and_resolve_are_marked_in_time_order() {
        let text = r#"{"log_entries": [
          {"type": "resolve_log_entry", "created_at": "2026-07-04T16:00:00Z", "summary": "Resolved by Ana."},
          {"type": "acknowledge_log_entry", "created_at": "2026-07-04T15:06:00Z", "summary": "Acknowledged by Ana."},
          {"type": "trigger_log_entry", "created_at": "2026-07-04T15:02:00+00:00", "summary": "Triggered through the API."},
          {"type": "notify_log_entry", "created_at": "2026-07-04T15:02:05Z"},
          {"type": "acknowledge_log_entry", "created_at": "2026-07-04T15:30:00Z", "agent": {"summary": "Bo"}}
        ], "more": false}"#;
        let timeline = read("log.json", text).expect("reads");
        let marks: Vec<_> = timeline.events.iter().map(|e| (e.text.as_str(), e.marks.clone())).collect();
        assert_eq!(
            marks,
            vec![
                ("PagerDuty: Triggered through the API.", vec![Mark::Detected]),
                ("PagerDuty: Acknowledged by Ana.", vec![Mark::Acknowledged]),
                ("PagerDuty: acknowledge by Bo", vec![]),
                ("PagerDuty: Resolved by Ana.", vec![Mark::Resolved]),
            ]
        );
        assert_eq!(timeline.notifications_left_out, 1);
    }

    #[test]
    fn bad_documents_name_the_place() {
        let err = read(
            "log.json",
            r#"{"log_entries": [{"type": "trigger_log_entry", "created_at": "yesterday"}]}"#,
        )
        .expect_err("bad time");
        assert!(err.message().contains("`log_entries[0].created_at`"), "{err}");
        let err =
            read("log.json", r#"{"log_entries": [{"type": "trigger_log_entry"}]}"#).expect_err("missing");
        let (diagnostic, source) = err.located().expect("a located diagnostic");
        assert_eq!(diagnostic.path.as_deref(), Some("log_entries[0]"), "{err}");
        assert!(diagnostic.message.contains("missing field `created_at`"), "{err}");
        let span = diagnostic.span.clone().unwrap_or_default();
        assert_eq!(source.line_column(span.start), (1, 18), "at the entry's `{{`");
        let err = read("log.json", r#"{"incidents": []}"#).expect_err("not a log");
        assert!(err.message().contains("not a PagerDuty log-entries document"), "{err}");
        assert!(read("log.json", "[1,").is_err());
    }
}
