//! Edges found by the hardening probe (issue 12, item 11): periods past year 9999, a zero
//! duration, backslashes in report tables, terminal escapes in prose, a repeated phrase's
//! place, `render --watch` on a FIFO, comments when `fmt` reorders events; and leap seconds in
//! a Statuspage export (item 4).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{IncidentToml, code, incident_folder, run_in, stderr, stdout};

/// An outage on `Main` from 10:00 to 12:00, with `extra` TOML appended.
fn incident(title: &str, extra: &str) -> String {
    IncidentToml::new(title, "Billing", &["Main"])
        .field("root_cause", "A bad deploy.")
        .impact("Main", "major_outage", "2026-05-04 10:00", Some("2026-05-04 12:00"))
        .raw(extra)
        .build()
}

fn diagnostics(dir: &Path, file: &str) -> Vec<Value> {
    let output = run_in(dir, &["check", file, "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output)).expect("check JSON");
    json["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_quarter_ending_past_year_9999_is_refused_with_a_fix() {
    let dir = incident_folder("2026-05-04-billing.toml", &incident("Billing down", ""));
    for format in ["md", "json"] {
        let output = run_in(dir.path(), &["report", "incidents", "--quarter", "9999-Q4", "--to", format]);
        let (out, err) = (stdout(&output), stderr(&output));
        assert_eq!(code(&output), 2, "--to {format}: {out}{err}");
        assert!(err.contains("--quarter 9999-Q4: the period ends after 9999-12-31"), "{err}");
        assert!(err.contains("help") && err.contains("9999-12-30"), "{err}");
        assert!(!out.contains("+10000") && !err.contains("template"), "{out}{err}");
    }
    let output = run_in(dir.path(), &["report", "incidents", "--quarter", "9999-Q3", "--to", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("report JSON");
    assert_eq!(report["period"]["end"], "9999-10-01T00:00:00Z");
}

#[test]
fn a_zero_duration_is_read_and_judged_like_any_other() {
    let text = incident("Billing down", "duration = \"0s\"\n");
    let dir = incident_folder("2026-05-04-billing.toml", &text);
    let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
    assert!(found.iter().all(|d| d["code"] != "PM010"), "{found:?}");
    let output = run_in(dir.path(), &["analyze", "incidents/2026-05-04-billing.toml", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let analysis: Value = serde_json::from_str(&stdout(&output)).expect("analysis JSON");
    let main = &analysis["deployments"][0];
    assert_eq!(main["windows"][0]["duration_seconds"], 0, "{main}");
    assert_eq!(main["downtime_seconds"], 0, "{main}");
}

#[test]
fn a_long_but_well_written_duration_is_too_long_not_unreadable() {
    for long in ["10000d", "3000000d", "99999999999999999999d"] {
        let text = incident("Billing down", &format!("duration = \"{long}\"\n"));
        let dir = incident_folder("2026-05-04-billing.toml", &text);
        let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
        let pm010: Vec<&Value> = found.iter().filter(|d| d["code"] == "PM010").collect();
        let [finding] = pm010.as_slice() else { panic!("{long}: one PM010 expected: {found:?}") };
        let message = finding["message"].as_str().unwrap_or("");
        assert!(message.contains("too long") && message.contains("3653 days"), "{long}: {message}");
        assert!(!message.contains("cannot read"), "{long}: {message}");
        assert!(finding["help"].as_str().unwrap_or("").contains("3653d"), "{finding}");
    }
}

#[test]
fn backslashes_and_pipes_survive_report_tables() {
    let title = r"Ledger \| export and C:\jobs";
    let dir = incident_folder("2026-05-04-billing.toml", &incident(title, ""));
    let markdown = stdout(&run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q2"]));
    assert!(markdown.contains(r"Ledger \\\| export and C:\\jobs"), "{markdown}");
    let html = stdout(&run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q2", "--to", "html"]));
    assert!(html.contains(r"Ledger \| export and C:\jobs</a>"), "{html}");
}

#[test]
fn terminal_escapes_in_prose_are_not_read_as_durations() {
    // `ESC[0m` would read as "0 minutes", `ESC[?25h` as "25 hours", a bare `[0m` the same.
    let events = "\n[[events]]\nat = \"2026-05-04 10:00\"\n\
                  text = \"Deploy log: \\u001b[31mFAILED\\u001b[0m, cursor \\u001b[?25h, then [0m.\"\n\
                  \n[[events]]\nat = \"2026-05-04 12:00\"\ntext = \"Recovered after 2 hours.\"\n";
    let dir = incident_folder("2026-05-04-billing.toml", &incident("Billing down", events));
    let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
    let prose: Vec<&Value> = found.iter().filter(|d| d["code"] == "PM401").collect();
    assert!(prose.is_empty(), "{prose:?}");
    // The same text with a real stray figure is still judged.
    let stray = events.replace("then [0m.", "then 25 minutes.");
    let dir = incident_folder("2026-05-04-billing.toml", &incident("Billing down", &stray));
    let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
    let messages: Vec<&str> =
        found.iter().filter(|d| d["code"] == "PM401").filter_map(|d| d["message"].as_str()).collect();
    assert_eq!(messages.len(), 1, "{found:?}");
    assert!(messages[0].starts_with("\"25 minutes\""), "{messages:?}");
}

#[test]
fn a_repeated_phrase_is_pointed_at_where_it_is_flagged() {
    // "3 minutes" first occurs inside "1 hour 3 minutes" (time to detect, supported), then
    // alone (supported by nothing): the caret belongs under the second one.
    let line = "text = \"Detection took 1 hour 3 minutes; the rollback took 3 minutes.\"";
    let events = format!(
        "\n[[events]]\nat = \"2026-05-04 11:03\"\nmarks = [\"detected\"]\n{line}\n\
         \n[[events]]\nat = \"2026-05-04 12:00\"\ntext = \"Recovered.\"\n"
    );
    let text = incident("Billing down", &events);
    let dir = incident_folder("2026-05-04-billing.toml", &text);
    let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
    let flagged: Vec<&Value> = found.iter().filter(|d| d["code"] == "PM401").collect();
    assert_eq!(flagged.len(), 1, "{found:?}");
    let line_number = text.lines().position(|l| l == line).expect("line") + 1;
    let column = line.rfind("3 minutes").expect("second phrase") + 1;
    assert_eq!(flagged[0]["line"], line_number, "{:?}", flagged[0]);
    assert_eq!(flagged[0]["column"], column, "{:?}", flagged[0]);
}

#[cfg(unix)]
#[test]
fn watching_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("incident.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("postmortem"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["render", "incident.toml", "--watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut err);
    }
    let status = status.unwrap_or_else(|| panic!("render --watch on a FIFO still running after 10 s: {err}"));
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("is a FIFO; only regular files can be watched"), "{err}");
}

#[test]
fn fmt_keeps_the_comment_above_an_event_with_it_when_reordering() {
    let text = "format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"D\"]\n\n# ---- Timeline ----\n\n\
                # The deploy that set it off.\n[[events]]\nat = \"2026-07-04 15:00\"\ntext = \"Deploy.\"\n\n\
                # The alert, which fired first.\n[[events]]\nat = \"2026-07-04 14:00\"\ntext = \"Alert.\"\n";
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("incident.toml"), text).expect("write");
    let output = run_in(dir.path(), &["fmt", "incident.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let formatted = std::fs::read_to_string(dir.path().join("incident.toml")).expect("read");
    for (comment, event) in [
        ("# The deploy that set it off.\n[[events]]\nat = \"2026-07-04 15:00\"", "deploy"),
        ("# The alert, which fired first.\n[[events]]\nat = \"2026-07-04 14:00\"", "alert"),
    ] {
        assert!(formatted.contains(comment), "the {event} lost its comment:\n{formatted}");
    }
    let (heading, alert) = (formatted.find("# ---- Timeline ----"), formatted.find("# The alert"));
    assert!(heading < alert && formatted.find("# The deploy") > alert, "{formatted}");
}

#[test]
fn fmt_keeps_a_comment_after_an_events_last_key_with_that_event() {
    let text = "format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"D\"]\n\n\
                [[events]]\nat = \"2026-07-04 15:03\"\ntext = \"Rollback started.\"\n# trailing inside C\n\n\
                [[events]]\nat = \"2026-07-04 14:55\"\ntext = \"Alert fired.\"\n";
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("incident.toml"), text).expect("write");
    let output = run_in(dir.path(), &["fmt", "incident.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let formatted = std::fs::read_to_string(dir.path().join("incident.toml")).expect("read");
    assert!(
        formatted.contains("text = \"Rollback started.\"\n# trailing inside C\n"),
        "the comment left its event:\n{formatted}"
    );
    let (alert, rollback) = (formatted.find("Alert fired."), formatted.find("Rollback started."));
    assert!(alert < rollback, "{formatted}");
    assert_eq!(
        code(&run_in(dir.path(), &["fmt", "--check", "incident.toml"])),
        0,
        "idempotent:\n{formatted}"
    );
}

#[test]
fn a_leap_second_deep_in_a_statuspage_export_is_refused_like_check_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = r#"{"incidents": [{"id": "abc", "name": "Leap", "status": "resolved", "impact": "minor",
        "created_at": "2016-12-31T22:00:00Z", "resolved_at": "2016-12-31T23:30:00Z",
        "incident_updates": [{"id": "u1", "status": "resolved", "body": "Done.",
            "created_at": "2016-12-31T18:59:60-05:00", "display_at": "2016-12-31T18:59:60-05:00"}]}]}"#;
    std::fs::write(dir.path().join("export.json"), export).expect("write");
    let output = run_in(dir.path(), &["import", "--from", "statuspage", "export.json", "-o", "out"]);
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("`incidents[0].incident_updates[0].created_at` (2016-12-31T18:59:60-05:00): `2016-12-31T23:59:60Z` is a leap second"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
    // `check` refuses the same instant in an incident file.
    let leap = incident("Billing down", "\n[[events]]\nat = \"2016-12-31T18:59:60-05:00\"\ntext = \"x\"\n");
    let dir = incident_folder("2026-05-04-billing.toml", &leap);
    let found = diagnostics(dir.path(), "incidents/2026-05-04-billing.toml");
    assert!(found.iter().any(|d| d["code"] == "PM006"), "{found:?}");
}
