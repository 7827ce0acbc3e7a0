//! Control characters and bidirectional overrides in the data: flagged by PM109 wherever they
//! are (with the field's path), and shown escaped on a terminal by every command that quotes
//! them, names and field paths included.

use std::path::Path;

use crate::common::{code, run_in, run_on_terminal, stdout};

/// ESC (a colour), a right-to-left override and BEL: what must never reach a terminal raw.
const HOSTILE: &str = "x\u{1b}[31mred\u{202e}txt\u{7}";

fn hostile_incident(dir: &Path) -> String {
    let h = HOSTILE;
    let incident = serde_json::json!({
        "format": 1, "title": format!("T{h}"), "service": "Shop", "timezone": "UTC",
        "deployments": [format!("D{h}")], "severity": format!("SEV-1{h}"),
        "sections": [{"title": "Notes", "body": format!("b{h}")}],
        "impact": [{"deployment": format!("D{h}"), "status": "major_outage",
                    "start": "2026-07-04 10:00", "end": "2026-07-04 11:00"}],
        "events": [{"at": "2026-07-04 10:00", "text": format!("e{h}"), "marks": ["impact_start"]}],
        "updates": [{"at": "2026-07-04 10:05", "status": "investigating", "text": "Looking.",
                     "deployments": [format!("D{h}")]}],
        "actions": [{"text": "Fix.", "kind": "prevent", "status": "open", "owner": format!("o{h}")}]
    });
    std::fs::create_dir_all(dir.join("incidents")).expect("mkdir");
    let name = "incidents/2026-07-04-hostile.json";
    std::fs::write(dir.join(name), serde_json::to_string(&incident).expect("json")).expect("write");
    name.to_string()
}

#[test]
fn pm109_names_every_field_holding_one_even_severity_without_levels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = hostile_incident(dir.path());
    // No postmortem.toml, so no severity levels: `severity` is still checked for them.
    let output = run_in(dir.path(), &["check", &name, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let mut paths: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "PM109")
        .filter_map(|d| d["path"].as_str())
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "actions[0].owner",
            "deployments[0]",
            "events[0].text",
            "impact[0].deployment",
            "sections[0].body",
            "severity",
            "title",
            "updates[0].deployments[0]"
        ]
    );
}

#[test]
fn every_command_quoting_the_data_escapes_it_on_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = hostile_incident(dir.path());
    for args in [
        vec!["check", &name],
        vec!["analyze", &name],
        vec!["render", &name],
        vec!["status", &name],
        vec!["report", "--from", "2026-07-01", "--until", "2026-08-01", "incidents"],
    ] {
        let shown = stdout(&run_on_terminal(dir.path(), &args));
        let args = args.join(" ");
        assert!(shown.contains("\\u{202e}"), "{args}: the data is shown, escaped: {shown}");
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}') && !shown.contains('\u{7}'),
            "{args}: a raw control or bidi character reached the terminal: {shown:?}"
        );
    }
    // Piped, the data is the data: its characters raw (the Markdown escapes its `[` with a
    // backslash, which a Markdown reader removes).
    let piped = run_in(dir.path(), &["render", &name]);
    let shown = stdout(&piped);
    assert!(code(&piped) <= 1 && shown.contains("x\u{1b}\\[31mred\u{202e}txt\u{7}"), "{shown}");
    let status = run_in(dir.path(), &["status", &name, "--to", "text"]);
    assert!(stdout(&status).contains(HOSTILE), "{}", stdout(&status));
}

/// A colour sequence alone (`ESC [ 8 m` hides what follows) is data like any other escape: the
/// analysis table, `explain`'s echo of an unknown code and a usage error never pass it raw,
/// though our own colour is kept elsewhere.
#[test]
fn a_colour_sequence_in_the_data_is_escaped_like_any_other_escape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hidden = "\u{1b}[8mHIDDEN\u{1b}[0m";
    let incident = format!(
        "format = 1\ntitle = \"T {h}\"\nservice = \"Svc {h}\"\ntimezone = \"UTC\"\ndeployments = [\"D {h}\"]\n",
        h = "\\u001b[8mHIDDEN\\u001b[0m"
    );
    std::fs::write(dir.path().join("a.toml"), incident).expect("write");
    let code_arg = format!("{hidden}PM1");
    for args in [
        vec!["analyze", "a.toml"],
        vec!["explain", &code_arg],
        vec!["analyze", "--format", &code_arg, "a.toml"],
    ] {
        let shown = stdout(&run_on_terminal(dir.path(), &args));
        let args = args.join(" ");
        assert!(!shown.contains('\u{1b}'), "{args}: a raw escape reached the terminal: {shown:?}");
        assert!(shown.contains("HIDDEN"), "{args}: the data is still shown: {shown:?}");
    }
    let analysis = stdout(&run_on_terminal(dir.path(), &["analyze", "a.toml"]));
    assert!(
        analysis.contains("Svc \\u{1b}[8mHIDDEN") && analysis.contains("D \\u{1b}[8mHIDDEN"),
        "{analysis}"
    );
}
