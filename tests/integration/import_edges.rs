//! What importers write must be what `check` reads (issue 12 follow-up): no instant the loader
//! refuses, incremental Statuspage imports that keep every incident, and a page zone that is
//! not silently replaced.

use std::path::Path;

use crate::common::{code, run_in, stderr, stdout};

/// One Statuspage incident as JSON, every instant `at`.
fn incident_json(id: &str, name: &str, at: &str) -> String {
    format!(
        r#"{{"id": "{id}", "name": "{name}", "status": "resolved", "impact": "minor",
            "created_at": "{at}", "updated_at": "{at}", "resolved_at": "{at}",
            "incident_updates": [{{"id": "{id}-u1", "status": "resolved", "body": "Fixed.",
                "created_at": "{at}", "display_at": "{at}"}}]}}"#
    )
}

fn export(zone: &str, incidents: &[String]) -> String {
    format!(
        "{{\"page\": {{\"id\": \"p1\", \"name\": \"Lighthouse\", \"time_zone\": \"{zone}\"}},\n\"incidents\": [\n{}\n]}}\n",
        incidents.join(",\n")
    )
}

fn import(dir: &Path, file: &str, text: &str, extra: &[&str]) -> std::process::Output {
    std::fs::write(dir.join(file), text).expect("write export");
    let mut args = vec!["import", "--from", "statuspage", file, "-o", "orr"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_instant_past_year_9999_is_refused_at_import_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = export("UTC", &[incident_json("z9", "Year end", "9999-12-31T23:00:00-05:00")]);
    let output = import(dir.path(), "late.json", &text, &[]);
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{}{err}", stdout(&output));
    // Located: file, line and column of the first such value, and the fix.
    assert!(err.contains("late.json:4:"), "{err}");
    assert!(err.contains("`incidents[0].created_at`"), "{err}");
    assert!(err.contains("outside the years 0001–9999"), "{err}");
    assert!(err.contains("help") && err.contains("9999-12-31T23:59:59Z"), "{err}");
    assert!(!dir.path().join("orr").exists() || files(&dir.path().join("orr")).is_empty(), "nothing written");
}

#[test]
fn an_instant_at_the_end_of_9999_imports_and_checks_clean_of_time_errors() {
    // 18:00-05:00 is 23:00Z, within the last hour a file holds; in the page's zone (UTC+14)
    // its local date is already 10000, so it is written in UTC instead.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = export("Pacific/Kiritimati", &[incident_json("z8", "Year end", "9999-12-31T18:00:00-05:00")]);
    let output = import(dir.path(), "edge.json", &text, &[]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let check = run_in(dir.path(), &["check", "orr", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).expect("check JSON");
    let codes: Vec<String> = json["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(!codes.iter().any(|c| c == "PM006"), "{codes:?}");
}
