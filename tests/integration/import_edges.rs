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

#[test]
fn an_incremental_import_keeps_an_incident_whose_name_another_takes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = export("Europe/Berlin", &[incident_json("a1", "API errors", "2026-03-09T10:00:00Z")]);
    let output = import(dir.path(), "first.json", &first, &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let a1 = dir.path().join("orr/2026-03-09-api-errors.toml");
    let a1_text = std::fs::read_to_string(&a1).expect("a1 written");
    assert!(a1_text.contains("id = \"a1\""), "{a1_text}");

    // A second export: another incident with the same name and day, and one more.
    let second = export(
        "Europe/Berlin",
        &[
            incident_json("a2", "API errors", "2026-03-09T16:00:00Z"),
            incident_json("b7", "Login slow", "2026-03-10T08:00:00Z"),
        ],
    );
    for extra in [&[][..], &["--force"][..]] {
        let output = import(dir.path(), "second.json", &second, extra);
        assert_eq!(code(&output), 0, "{extra:?}: {}{}", stdout(&output), stderr(&output));
        assert_eq!(std::fs::read_to_string(&a1).expect("a1 kept"), a1_text, "{extra:?}: a1 replaced");
        assert_eq!(
            files(&dir.path().join("orr")),
            ["2026-03-09-api-errors-a2.toml", "2026-03-09-api-errors.toml", "2026-03-10-login-slow.toml"],
            "{extra:?}"
        );
    }

    // The same id again is that incident: identical is unchanged; changed is refused without
    // --force and replaced with it.
    let output = import(dir.path(), "first.json", &first, &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("unchanged"), "{}", stdout(&output));
    let changed = export("Europe/Berlin", &[incident_json("a1", "API errors", "2026-03-09T11:00:00Z")]);
    let output = import(dir.path(), "changed.json", &changed, &[]);
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&a1).expect("a1"), a1_text);
    let output = import(dir.path(), "changed.json", &changed, &["--force"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(std::fs::read_to_string(&a1).expect("a1").contains("2026-03-09T12:00:00+01:00"));
    assert_eq!(files(&dir.path().join("orr")).len(), 3);
}

#[test]
fn an_unknown_page_zone_is_a_located_warning_naming_what_was_used() {
    for zone in ["Mars/Olympus", "", "../../../etc/localtime"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = export(zone, &[incident_json("m1", "Dust storm", "2026-03-09T10:00:00+02:00")]);
        let output = import(dir.path(), "mars.json", &text, &[]);
        let err = stderr(&output);
        assert_eq!(code(&output), 0, "{zone:?}: {err}");
        assert!(err.contains("warning[PM007"), "{zone:?}: {err}");
        assert!(err.contains("mars.json:1:"), "{zone:?}: {err}");
        assert!(err.contains("`page.time_zone`") && err.contains("UTC"), "{zone:?}: {err}");
        assert!(err.contains("help"), "{zone:?}: {err}");
        let written =
            std::fs::read_to_string(dir.path().join("orr/2026-03-09-dust-storm.toml")).expect("written");
        assert!(written.contains("timezone = \"UTC\""), "{written}");
        // The instant itself is kept: 10:00+02:00 is 08:00 UTC.
        assert!(written.contains("2026-03-09T08:00:00+00:00"), "{written}");
    }
}
