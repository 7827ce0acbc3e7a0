//! The tool's own outputs saved among the incidents: every JSON document it writes (analysis,
//! check results, SARIF, Statuspage JSON, report, the site's API, the schema) is recognised
//! and skipped with a note naming it, so `check`, `report`, `fmt` and `site` read the folder
//! exactly as they would without it.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{code, run_in, seed, stderr, stdout};

const INCIDENT: &str = "incidents/2026-07-04-smsgate-api.toml";

/// A folder with the seed incident in `incidents/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    std::fs::copy(seed(), dir.path().join(INCIDENT)).expect("copy");
    dir
}

/// The commands that walk the incident folder, as this test runs them.
const WALKERS: &[&[&str]] = &[
    &["check", "incidents"],
    &["check", "incidents", "--format", "json"],
    &["report", "incidents", "--quarter", "2026-Q3", "--to", "json"],
    &["fmt", "--check", "incidents"],
];

/// Each walker's exit code and stdout.
fn walk(dir: &Path) -> Vec<(i32, String, String)> {
    WALKERS
        .iter()
        .map(|args| {
            let output = run_in(dir, args);
            (code(&output), stdout(&output), stderr(&output))
        })
        .collect()
}

/// Save what `args` prints (as `> incidents/NAME` would) and check that every walker gives
/// the same exit code and stdout as without it, with a note naming the file.
fn saved_output_is_skipped(args: &[&str], name: &str) {
    let dir = repository();
    let before = walk(dir.path());
    let output = run_in(dir.path(), args);
    assert!(code(&output) <= 1, "{args:?}: {}", stderr(&output));
    let saved = dir.path().join("incidents").join(name);
    std::fs::write(&saved, &output.stdout).expect("save");
    assert_walkers_skip(dir.path(), &before, name);
}

fn assert_walkers_skip(dir: &Path, before: &[(i32, String, String)], name: &str) {
    for (args, (was, after)) in WALKERS.iter().zip(before.iter().zip(walk(dir))) {
        let (code, out, err) = after;
        assert_eq!(code, was.0, "{args:?} with {name} saved among the incidents:\n{out}{err}");
        assert_eq!(out, was.1, "{args:?} read {name} as an incident:\n{err}");
        let note = err.lines().find(|l| l.contains(&format!("incidents/{name}`")));
        assert!(
            note.is_some_and(|l| l.starts_with("note: ") && l.ends_with("not an incident; skipped")),
            "{args:?}: no note naming {name}:\n{err}"
        );
    }
}

#[test]
fn a_saved_analysis_is_skipped() {
    saved_output_is_skipped(
        &["analyze", INCIDENT, "--format", "json", "--as-of", "2026-09-30"],
        "analysis.json",
    );
}

#[test]
fn saved_check_results_are_skipped() {
    saved_output_is_skipped(&["check", "incidents", "--format", "json"], "findings.json");
}

#[test]
fn a_saved_sarif_log_is_skipped() {
    saved_output_is_skipped(&["check", "incidents", "--format", "sarif"], "findings.sarif.json");
}

#[test]
fn a_saved_statuspage_incident_is_skipped() {
    saved_output_is_skipped(&["status", INCIDENT, "--to", "statuspage-json"], "statuspage.json");
}

#[test]
fn a_saved_report_is_skipped() {
    saved_output_is_skipped(&["report", "incidents", "--quarter", "2026-Q3", "--to", "json"], "q3.json");
}

#[test]
fn the_saved_schema_is_skipped() {
    saved_output_is_skipped(&["schema"], "incident.schema.json");
}

#[test]
fn the_sites_api_files_are_skipped() {
    let dir = repository();
    let before = walk(dir.path());
    let site = run_in(dir.path(), &["site", "incidents", "-o", "site", "--as-of", "2026-09-30"]);
    assert_eq!(code(&site), 0, "{}", stderr(&site));
    for file in ["summary.json", "incidents.json", "components.json", "status.json"] {
        let copy = format!("api-{file}");
        std::fs::copy(dir.path().join("site/api/v2").join(file), dir.path().join("incidents").join(&copy))
            .expect("copy");
        assert_walkers_skip(dir.path(), &before, &copy);
        std::fs::remove_file(dir.path().join("incidents").join(&copy)).expect("remove");
    }
}

#[test]
fn every_json_document_the_tool_writes_starts_with_its_mark() {
    let dir = repository();
    let cases: &[(&[&str], &str)] = &[
        (&["analyze", INCIDENT, "--format", "json"], "postmortem analyze"),
        (&["check", "incidents", "--format", "json"], "postmortem check"),
        (&["status", INCIDENT, "--to", "statuspage-json"], "postmortem status"),
        (&["report", "incidents", "--quarter", "2026-Q3", "--to", "json"], "postmortem report"),
    ];
    for (args, generator) in cases {
        let text = stdout(&run_in(dir.path(), args));
        let first = format!("{{\n  \"generator\": \"{generator}\",\n");
        assert!(text.starts_with(&first), "{args:?} does not start with its mark:\n{text}");
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["generator"], *generator);
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&stdout(&run_in(dir.path(), &["check", "incidents", "--format", "sarif"])))
            .expect("SARIF");
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["name"], "postmortem");
    assert!(sarif.get("generator").is_none(), "SARIF admits no extra top-level key");
}

#[test]
fn a_foreign_file_with_a_dollar_key_is_still_read_as_an_incident() {
    let dir = repository();
    let foreign =
        r#"{"$schema": "https://example.com/s.json", "runs": [{"tool": {"driver": {"name": "other"}}}]}"#;
    std::fs::write(dir.path().join("incidents/other.json"), foreign).expect("write");
    let output = run_in(dir.path(), &["check", "incidents"]);
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("checked 2 files"), "{}", stdout(&output));
    assert!(!stderr(&output).contains("skipped"), "{}", stderr(&output));
}

#[test]
fn results_redirected_into_the_incident_folder_are_not_read_by_the_run_writing_them() {
    let dir = repository();
    // `postmortem check incidents --format json > incidents/findings.json`: the shell creates
    // the file, empty, before the run reads the folder.
    let target = dir.path().join("incidents/findings.json");
    let file = std::fs::File::create(&target).expect("create");
    let status = Command::new(assert_cmd::cargo::cargo_bin("postmortem"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "incidents", "--format", "json"])
        .stdout(Stdio::from(file))
        .stderr(Stdio::piped())
        .output()
        .expect("runs");
    assert_eq!(code(&status), 0, "{}", stderr(&status));
    assert!(
        stderr(&status).contains("incidents/findings.json` is where this run's output"),
        "{}",
        stderr(&status)
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("read")).expect("JSON");
    assert_eq!(written["summary"]["files"], 1, "{written}");
    // The next run sees the mark.
    let again = run_in(dir.path(), &["check", "incidents"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(stderr(&again).contains("its `generator` says so"), "{}", stderr(&again));
}
