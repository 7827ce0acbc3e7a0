//! The JSON Schema (draft 2020-12) of the incident file format, kept beside the serde model.
//!
//! Hand-written rather than derived so the schema can say what serde cannot (timestamp
//! patterns, descriptions for editors); the enum lists come from exhaustive matches and the
//! unit tests hold the field lists to the model in both directions.

use serde_json::{Value, json};

use super::raw::FORMAT;
use super::{ActionKind, ActionStatus, ImpactLevel, ImpactStatus, Mark, UpdateStatus};

/// The `$id` the schema is published under (informative; nothing is fetched).
pub const SCHEMA_ID: &str = "https://postmortem.dev/schema/incident-1.json";

/// Wall clock `YYYY-MM-DD HH:MM[:SS[.fff]]` (space or `T`), optionally with `Z` or an offset:
/// what `time::parse_instant` reads.
pub const TIMESTAMP_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?\s*([Zz]|[+-][0-9]{2}:?[0-9]{2})?$";
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// "15m", "7h 10m", "1 hour 30 minutes" or ISO 8601 "PT7H10M"; `time::parse_duration` judges the units.
pub const DURATION_PATTERN: &str =
    r"^\s*([Pp][0-9DdTtHhMmSs]+|[0-9]+\s*[A-Za-z]+((\s*,\s*|\s+and\s+|\s*)[0-9]+\s*[A-Za-z]+)*)\s*$";
pub const ZONE_PATTERN: &str = r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$";

pub fn impact_statuses() -> Vec<&'static str> {
    ImpactStatus::ALL.iter().map(|s| s.as_str()).collect()
}

pub fn marks() -> Vec<&'static str> {
    Mark::ALL.iter().map(|m| m.as_str()).collect()
}

pub fn update_statuses() -> Vec<&'static str> {
    use UpdateStatus::*;
    // The match makes a new variant a compile error here until it is listed.
    let all = [Investigating, Identified, Monitoring, Resolved, Scheduled, InProgress, Verifying, Completed];
    for s in all {
        match s {
            Investigating | Identified | Monitoring | Resolved | Scheduled | InProgress | Verifying
            | Completed => {}
        }
    }
    all.iter().map(|s| s.as_str()).collect()
}

pub fn impact_levels() -> Vec<&'static str> {
    use ImpactLevel::*;
    let all = [None, Minor, Major, Critical, Maintenance];
    for level in all {
        match level {
            None | Minor | Major | Critical | Maintenance => {}
        }
    }
    all.iter().map(|l| l.as_str()).collect()
}

pub fn action_kinds() -> Vec<&'static str> {
    use ActionKind::*;
    let all = [Prevent, Detect, Mitigate, Process];
    for kind in all {
        match kind {
            Prevent | Detect | Mitigate | Process => {}
        }
    }
    all.iter().map(|k| k.as_str()).collect()
}

pub fn action_statuses() -> Vec<&'static str> {
    use ActionStatus::*;
    let all = [Open, InProgress, Done, WontDo];
    for status in all {
        match status {
            Open | InProgress | Done | WontDo => {}
        }
    }
    all.iter().map(|s| s.as_str()).collect()
}

/// The schema document.
pub fn incident_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "postmortem incident file",
        "description": format!("One incident post-mortem, format {FORMAT}. TOML and JSON share this structure."),
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "title", "service"],
        "properties": top_level_properties(),
        "$defs": definitions(),
    })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn prose(description: &str) -> Value {
    json!({ "type": "string", "description": format!("{description} (Markdown)") })
}

fn internal() -> Value {
    json!({ "type": "boolean", "description": "For the company only: left out of `--public` output (`site`, `render`)." })
}

/// The keys of an incident file.
fn top_level_properties() -> Value {
    json!({
        "format": { "const": FORMAT, "description": "The format version; this build reads 1." },
        "title": text("The status-page title."),
        "service": text("The affected service."),
        "timezone": { "$ref": "#/$defs/zone", "description": "IANA zone for timestamps written without an offset; default the config's, else UTC." },
        "deployments": {
            "type": "array", "items": { "type": "string" },
            "description": "Every deployment of the service; one without an impact renders as \"No impact\"."
        },
        "severity": text("A level from `severities` in postmortem.toml, such as SEV-2."),
        "impact_level": { "enum": impact_levels(), "description": "Status-page impact of the incident; derived when absent." },
        "id": text("Identifier on the status page (kept by the Statuspage importer)."),
        "shortlink": text("Short link to the incident on the status page."),
        "intro": prose("The opening paragraph"),
        "acknowledgements": prose("Thanks to those who helped"),
        "summary": prose("What happened"),
        "root_cause": prose("Why it happened"),
        "resolution": prose("How service was restored"),
        "lessons_learned": prose("What was learned"),
        "closing": prose("A closing word to customers"),
        "sections": { "type": "array", "items": { "$ref": "#/$defs/section" }, "description": "Extra sections, rendered in order after the standard ones." },
        "impact": { "type": "array", "items": { "$ref": "#/$defs/impact" }, "description": "One window of one deployment in one status per entry." },
        "events": { "type": "array", "items": { "$ref": "#/$defs/event" }, "description": "The timeline." },
        "updates": { "type": "array", "items": { "$ref": "#/$defs/update" }, "description": "Status updates as published." },
        "actions": { "type": "array", "items": { "$ref": "#/$defs/action" }, "description": "Follow-up action items." }
    })
}

/// The shapes the keys refer to: timestamps, dates, durations, zones and the list entries.
fn definitions() -> Value {
    json!({
        "timestamp": {
            "type": "string",
            "pattern": TIMESTAMP_PATTERN,
            "description": "\"YYYY-MM-DD HH:MM[:SS]\" wall-clock time in the file's (or the entry's) zone, or RFC 3339 with Z or an offset."
        },
        "date": { "type": "string", "pattern": DATE_PATTERN, "description": "A calendar date, YYYY-MM-DD." },
        "duration": { "type": "string", "pattern": DURATION_PATTERN, "description": "A duration such as \"15m\", \"7h 10m\" or \"PT7H10M\"." },
        "zone": { "type": "string", "pattern": ZONE_PATTERN, "description": "An IANA zone name such as \"UTC\" or \"Europe/Berlin\"." },
        "section": {
            "type": "object", "additionalProperties": false, "required": ["title", "body"],
            "properties": { "title": text("The section heading."), "body": prose("The section text"), "internal": internal() }
        },
        "impact": {
            "type": "object", "additionalProperties": false, "required": ["deployment", "status"],
            "properties": {
                "deployment": text("The deployment affected."),
                "status": { "enum": impact_statuses(), "description": "The deployment's state during the window." },
                "planned": { "type": "boolean", "description": "Planned maintenance, reported apart from downtime." },
                "start": { "$ref": "#/$defs/timestamp", "description": "When the window began; absent = not known." },
                "end": { "$ref": "#/$defs/timestamp", "description": "When it ended; absent = still ongoing." },
                "duration": { "$ref": "#/$defs/duration", "description": "The interruption inside the window, when shorter than it." },
                "tz": { "$ref": "#/$defs/zone", "description": "Zone of this entry's wall-clock times." },
                "text": text("What customers of this deployment saw.")
            }
        },
        "event": {
            "type": "object", "additionalProperties": false, "required": ["at", "text"],
            "properties": {
                "at": { "$ref": "#/$defs/timestamp" },
                "text": text("What happened."),
                "marks": { "type": "array", "items": { "enum": marks() }, "uniqueItems": true, "description": "Milestones this event is." },
                "tz": { "$ref": "#/$defs/zone" },
                "internal": internal()
            }
        },
        "update": {
            "type": "object", "additionalProperties": false, "required": ["at", "status"],
            "properties": {
                "at": { "$ref": "#/$defs/timestamp" },
                "status": { "enum": update_statuses() },
                "text": text("The update's text; absent shows only the status."),
                "deployments": { "type": "array", "items": { "type": "string" }, "description": "\"Affected services\" shown under the update." },
                "postmortem": { "type": "boolean", "description": "This update's body is the rendered post-mortem." },
                "tz": { "$ref": "#/$defs/zone" },
                "internal": internal()
            }
        },
        "action": {
            "type": "object", "additionalProperties": false, "required": ["text", "kind", "status"],
            "properties": {
                "text": text("What will be done."),
                "kind": { "enum": action_kinds() },
                "status": { "enum": action_statuses() },
                "owner": text("Who is responsible."),
                "due": { "$ref": "#/$defs/date" },
                "ticket": text("A link to the tracker.")
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::raw::{Action, Event, Impact, IncidentFile, Section, Update};
    use super::*;

    /// Every optional field set, so serialisation writes every key the model has.
    fn fully_populated() -> IncidentFile {
        let some = |s: &str| Some(s.to_string());
        IncidentFile {
            format: FORMAT,
            title: "API is down".into(),
            service: "SMSGate API".into(),
            timezone: some("Europe/Berlin"),
            deployments: vec!["Cloud".into()],
            severity: some("SEV-2"),
            impact_level: Some(ImpactLevel::Major),
            id: some("abc123"),
            shortlink: some("https://stspg.io/x"),
            intro: some("i"),
            acknowledgements: some("a"),
            summary: some("s"),
            root_cause: some("r"),
            resolution: some("r"),
            lessons_learned: some("l"),
            closing: some("c"),
            sections: vec![Section { title: "t".into(), body: "b".into(), internal: true }],
            impact: vec![Impact {
                deployment: "Cloud".into(),
                status: ImpactStatus::UnderMaintenance,
                planned: true,
                start: some("2026-07-03 16:00"),
                end: some("2026-07-03T22:00:00+02:00"),
                duration: some("15m"),
                tz: some("UTC"),
                text: some("t"),
            }],
            events: vec![Event {
                at: "2026-07-04 14:55:30".into(),
                text: "t".into(),
                marks: vec![Mark::Trigger, Mark::ImpactStart],
                tz: some("America/Los_Angeles"),
                internal: true,
            }],
            updates: vec![Update {
                at: "2026-07-04T14:50:00Z".into(),
                status: UpdateStatus::Investigating,
                text: some("API went down."),
                deployments: vec!["Cloud".into()],
                postmortem: true,
                tz: some("Etc/GMT+5"),
                internal: true,
            }],
            actions: vec![Action {
                text: "t".into(),
                kind: ActionKind::Prevent,
                status: ActionStatus::InProgress,
                owner: some("sre"),
                due: some("2026-08-15"),
                ticket: some("https://tracker/1"),
            }],
        }
    }

    /// Every object key in `document` has a property in the schema at the same place, and
    /// every schema property is written by the model.
    fn compare(document: &Value, schema: &Value, defs: &Value, path: &str) {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.trim_start_matches("#/$defs/");
                defs.get(name).unwrap_or_else(|| panic!("{path}: dangling {reference}"))
            }
            None => schema,
        };
        match document {
            Value::Object(fields) => {
                let properties =
                    schema["properties"].as_object().unwrap_or_else(|| panic!("{path}: no properties"));
                for (key, value) in fields {
                    let property =
                        properties.get(key).unwrap_or_else(|| panic!("{path}.{key} missing from the schema"));
                    compare(value, property, defs, &format!("{path}.{key}"));
                }
                for key in properties.keys() {
                    assert!(fields.contains_key(key), "{path}.{key} is in the schema but not the model");
                }
            }
            Value::Array(items) => {
                for item in items {
                    compare(item, &schema["items"], defs, &format!("{path}[]"));
                }
            }
            _ => {}
        }
    }

    #[test]
    fn schema_and_model_have_the_same_fields() {
        let document = serde_json::to_value(fully_populated()).expect("serialises");
        let schema = incident_schema();
        compare(&document, &schema, &schema["$defs"], "");
    }

    #[test]
    fn the_fully_populated_file_validates() {
        let document = serde_json::to_value(fully_populated()).expect("serialises");
        let validator = jsonschema::draft202012::new(&incident_schema()).expect("schema compiles");
        let errors: Vec<String> = validator.iter_errors(&document).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn enum_lists_deserialise_into_the_model() {
        let parse = |value: &str| serde_json::Value::String(value.to_string());
        for v in update_statuses() {
            serde_json::from_value::<UpdateStatus>(parse(v)).expect(v);
        }
        for v in impact_levels() {
            serde_json::from_value::<ImpactLevel>(parse(v)).expect(v);
        }
        for v in action_kinds() {
            serde_json::from_value::<ActionKind>(parse(v)).expect(v);
        }
        for v in action_statuses() {
            serde_json::from_value::<ActionStatus>(parse(v)).expect(v);
        }
    }

    #[test]
    fn patterns_agree_with_the_time_readers() {
        let timestamp = regex::Regex::new(TIMESTAMP_PATTERN).expect("regex");
        for ok in
            ["2026-07-04 14:55", "2026-07-04T14:55:00Z", "2026-07-04 14:55:00.5+02:00", "2026-07-04t14:55z"]
        {
            assert!(timestamp.is_match(ok), "{ok}");
            crate::time::parse_instant(ok, chrono_tz::Tz::UTC).expect(ok);
        }
        for bad in ["2026-07-04", "14:55", "July 4, 2026 14:55"] {
            assert!(!timestamp.is_match(bad), "{bad}");
        }
        let duration = regex::Regex::new(DURATION_PATTERN).expect("regex");
        for ok in ["15m", "7h 10m", "1 hour 30 minutes", "PT7H10M", "1h, 5m"] {
            assert!(duration.is_match(ok), "{ok}");
            crate::time::parse_duration(ok).expect(ok);
        }
        assert!(!duration.is_match("soon"));
    }
}
