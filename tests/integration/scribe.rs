//! The scribe commands end to end (`log`, `update`, `impact`): a session from `new` to
//! resolved, comments kept, times in the file's zone, refusals that write nothing.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::{code, run_in, stderr, stdout};

/// Run the binary in `dir` with "now" fixed at `now` (RFC 3339).
fn at(dir: &Path, now: &str, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("postmortem")
        .expect("binary built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("POSTMORTEM_NOW", now)
        .env_remove("RUST_BACKTRACE")
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(output: &Output) -> String {
    assert_eq!(code(output), 0, "{}{}", stdout(output), stderr(output));
    stdout(output)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.trim_start().starts_with('#')).collect()
}

fn analysis(dir: &Path, file: &str) -> Value {
    let output = run_in(dir, &["analyze", file, "--format", "json"]);
    serde_json::from_str(&ok(&output)).expect("analyze gives JSON")
}

#[test]
fn a_session_from_new_to_resolved_keeps_comments_and_gives_the_durations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let f = "api.toml";
    ok(&run_in(
        d,
        &[
            "new",
            f,
            "--title",
            "API is down",
            "--service",
            "Pay API",
            "--deployment",
            "EU",
            "--deployment",
            "US",
        ],
    ));
    let skeleton = read(&d.join(f));

    let opened = ok(&at(
        d,
        "2026-07-04T15:00:00Z",
        &["impact", f, "--deployment", "EU", "--status", "major_outage", "--start", "14:55"],
    ));
    assert!(opened.contains("`impact[0]` is now `major_outage` from 2026-07-04 14:55"), "{opened}");
    ok(&at(d, "2026-07-04T15:02:00Z", &["log", f, "Error-rate alert fired", "--mark", "detected"]));
    let update = ok(&at(
        d,
        "2026-07-04T15:10:00Z",
        &[
            "update",
            f,
            "--status",
            "investigating",
            "--deployment",
            "EU",
            "We are investigating failed payments.",
        ],
    ));
    assert!(update.contains("Investigating\n  Jul 4, 2026 at 3:10pm UTC\n  We are investigating failed payments.\n  Affected services: EU"), "{update}");
    ok(&at(
        d,
        "2026-07-04T21:55:00Z",
        &["log", f, "Rolled back the load balancer change", "--at", "-5m", "--mark", "mitigated"],
    ));
    let closed = ok(&at(d, "2026-07-04T22:05:00Z", &["impact", f, "--deployment", "EU", "--end", "now"]));
    assert!(closed.contains("closed `impact[0]` at 2026-07-04 22:05"), "{closed}");
    ok(&at(d, "2026-07-04T22:30:00Z", &["update", f, "--status", "resolved", "Payments work again."]));

    let text = read(&d.join(f));
    assert_eq!(comment_lines(&text), comment_lines(&skeleton), "every comment kept, in order:\n{text}");
    for expected in [
        "start = \"2026-07-04 14:55\"\nend = \"2026-07-04 22:05\"",
        "[[events]]\nat = \"2026-07-04 15:02\"\ntext = \"Error-rate alert fired\"\nmarks = [\"detected\"]",
        "at = \"2026-07-04 21:50\"\ntext = \"Rolled back the load balancer change\"\nmarks = [\"mitigated\"]",
        "[[updates]]\nat = \"2026-07-04 22:30\"\nstatus = \"resolved\"",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // The timeline sits under the skeleton's timeline heading, the updates under theirs.
    let heading = text.find("# ---- Timeline").unwrap_or(usize::MAX);
    let first_event = text.find("[[events]]").unwrap_or(0);
    let updates_heading = text.find("# ---- Status updates").unwrap_or(0);
    assert!(heading < first_event && first_event < updates_heading, "{text}");

    let check = run_in(d, &["check", f]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    assert!(stdout(&check).contains("0 errors"), "{}", stdout(&check));

    let json = analysis(d, f);
    let durations = &json["durations"];
    assert_eq!(durations["time_to_detect_seconds"], 7 * 60);
    assert_eq!(durations["time_to_mitigate_seconds"], 6 * 3600 + 55 * 60);
    assert_eq!(durations["time_to_recover_seconds"], 7 * 3600 + 10 * 60);
    assert_eq!(durations["time_to_resolve_seconds"], 7 * 3600 + 35 * 60);
    assert_eq!(durations["first_public_update_seconds"], 15 * 60);
    assert_eq!(json["deployments"][0]["downtime_seconds"], 7 * 3600 + 10 * 60);
}

#[test]
fn an_ambiguous_wall_clock_gets_its_offset_and_gaps_and_folds_typed_in_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let f = d.join("ny.toml");
    std::fs::write(&f, "format = 1\ntitle = \"T\"\nservice = \"S\"\ntimezone = \"America/New_York\" # the office\ndeployments = [\"API\"]\n").expect("write");
    // 05:30 and 06:30 UTC are both 01:30 on the New York clock that night.
    let first = ok(&at(d, "2026-11-01T05:30:00Z", &["log", "ny.toml", "First pass through 01:30"]));
    assert!(first.contains("2026-11-01 01:30-04:00"), "{first}");
    ok(&at(d, "2026-11-01T06:30:00Z", &["log", "ny.toml", "Second pass through 01:30"]));
    ok(&at(d, "2026-11-01T07:30:00Z", &["log", "ny.toml", "After the change", "--at", "-1m"]));
    let text = read(&f);
    assert!(text.contains("at = \"2026-11-01 01:30-04:00\"\ntext = \"First pass"), "{text}");
    assert!(text.contains("at = \"2026-11-01 01:30-05:00\"\ntext = \"Second pass"), "{text}");
    assert!(text.contains("at = \"2026-11-01 02:29\"\ntext = \"After the change\""), "{text}");
    assert!(text.contains("timezone = \"America/New_York\" # the office"), "{text}");

    for (when, word) in [("01:30", "happens twice"), ("2026-03-08 02:30", "does not exist")] {
        let refused = at(d, "2026-11-01T12:00:00Z", &["log", "ny.toml", "x", "--at", when]);
        assert_eq!(code(&refused), 2, "{}", stderr(&refused));
        assert!(
            stderr(&refused).contains(word) && stderr(&refused).contains("nothing was written"),
            "{}",
            stderr(&refused)
        );
    }
    assert_eq!(read(&f), text, "refusals write nothing");
    let check = run_in(d, &["check", "ny.toml"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn empty_text_and_unknown_deployments_are_refused_with_a_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let f = d.join("a.toml");
    let original = "format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"Public Cloud\"]\n";
    std::fs::write(&f, original).expect("write");
    let now = "2026-07-04T15:00:00Z";
    let empty = at(d, now, &["log", "a.toml", "  \n"]);
    assert_eq!(code(&empty), 2);
    assert!(stderr(&empty).contains("TEXT is empty"), "{}", stderr(&empty));
    let typo = at(
        d,
        now,
        &["update", "a.toml", "--status", "investigating", "--deployment", "Public Clod", "Looking"],
    );
    assert_eq!(code(&typo), 2);
    assert!(stderr(&typo).contains("a.toml:4:15: deployment `Public Clod` is not in"), "{}", stderr(&typo));
    assert!(stderr(&typo).contains("did you mean `Public Cloud`?"), "{}", stderr(&typo));
    let closing = at(d, now, &["impact", "a.toml", "--deployment", "Public Cloud", "--end", "now"]);
    assert_eq!(code(&closing), 2);
    assert!(stderr(&closing).contains("has no open impact window"), "{}", stderr(&closing));
    let bad_time = at(d, now, &["log", "a.toml", "x", "--at", "teatime"]);
    assert_eq!(code(&bad_time), 2);
    assert!(stderr(&bad_time).contains("--at: cannot read `teatime`"), "{}", stderr(&bad_time));
    assert_eq!(read(&f), original);
}

#[test]
fn the_catalogue_admits_a_new_deployment_and_a_status_change_closes_the_open_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("postmortem.toml"), "[[services]]\nname = \"S\"\ndeployments = [\"EU\", \"US\"]\n")
        .expect("config");
    let f = d.join("a.toml");
    std::fs::write(&f, "format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"EU\"]\n")
        .expect("write");
    let opened = ok(&at(
        d,
        "2026-07-04T15:00:00Z",
        &["impact", "a.toml", "--deployment", "US", "--status", "degraded_performance"],
    ));
    assert!(opened.contains("added `US` to `deployments`"), "{opened}");
    let changed = ok(&at(
        d,
        "2026-07-04T15:30:00Z",
        &["impact", "a.toml", "--deployment", "US", "--status", "major_outage"],
    ));
    assert!(changed.contains("closed `impact[0]` (degraded_performance) at 2026-07-04 15:30"), "{changed}");
    let text = read(&f);
    assert!(text.contains("deployments = [\"EU\", \"US\"]"), "{text}");
    assert!(
        text.contains(
            "status = \"degraded_performance\"\nstart = \"2026-07-04 15:00\"\nend = \"2026-07-04 15:30\""
        ),
        "{text}"
    );
    let not_listed = at(
        d,
        "2026-07-04T16:00:00Z",
        &["impact", "a.toml", "--deployment", "Asia", "--status", "major_outage"],
    );
    assert_eq!(code(&not_listed), 2, "{}", stderr(&not_listed));
    assert_eq!(read(&f), text);
}

#[test]
fn a_json_incident_is_edited_through_the_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let f = d.join("a.json");
    std::fs::write(
        &f,
        r#"{"format": 1, "title": "T", "service": "S", "timezone": "Europe/Berlin", "deployments": ["EU"]}"#,
    )
    .expect("write");
    ok(&at(d, "2026-07-04T15:00:00Z", &["log", "a.json", "Paged the on-call", "--mark", "acknowledged"]));
    let json: Value = serde_json::from_str(&read(&f)).expect("still JSON");
    assert_eq!(json["events"][0]["at"], "2026-07-04 17:00");
    assert_eq!(json["events"][0]["marks"][0], "acknowledged");
}
