//! Bad input never panics and never gives an unlocated message; time zones give real elapsed time.

use std::path::Path;

use crate::common::{code, relative, run, stderr, stdout};

const HEAD: &str = "format = 1\ntitle = \"t\"\nservice = \"s\"\ndeployments = [\"A\"]\n";

/// Check `contents` written as `name`: no panic, exit 1 or 2, the expected check, and a place
/// (`file:line:column`) or at least the file.
fn assert_located(dir: &Path, name: &str, contents: &[u8], expected_check: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write fixture");
    let shown = path.to_string_lossy().into_owned();
    let output = run(&["check", &shown]);
    let out = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!out.contains("panicked"), "{name} panicked:\n{out}");
    assert!(matches!(code(&output), 1 | 2), "{name} exit {}:\n{out}", code(&output));
    assert!(out.contains(expected_check), "{name} should report {expected_check}:\n{out}");
    let located = out.lines().any(|l| l.contains(" --> ") && l.contains(&format!("{name}:")));
    assert!(located, "{name}: diagnostic has no file:line:column:\n{out}");
    assert!(out.contains("help:"), "{name}: diagnostic has no fix:\n{out}");
    out
}

fn window(start: &str, end: &str) -> String {
    format!(
        "{HEAD}[[impact]]\ndeployment = \"A\"\nstatus = \"major_outage\"\nstart = \"{start}\"\nend = \"{end}\"\n"
    )
}

#[test]
fn bad_input_is_located_and_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_located(d, "empty.toml", b"", "PM005");
    assert_located(d, "empty.json", b"", "PM002");
    assert_located(d, "garbage.toml", &[0x00, 0x9f, 0x92, 0x96, 0xff, 0x13, 0x37], "PM001");
    assert_located(d, "garbage-ascii.json", b"\x01\x02 not json {{{", "PM002");
    assert_located(d, "latin1.toml", b"format = 1\ntitle = \"Stra\xdfe\"\n", "PM001");
    assert_located(d, "syntax.toml", b"format = 1\ntitle = [\"unclosed\"\n", "PM002");
    assert_located(d, "types.toml", format!("{HEAD}severity = 3\n").as_bytes(), "PM004");
    assert_located(
        d,
        "types.json",
        br#"{"format": 1, "title": "t", "service": "s", "impact": {"deployment": "A"}}"#,
        "PM004",
    );
    let unknown =
        assert_located(d, "unknown-key.toml", format!("{HEAD}sumary = \"x\"\n").as_bytes(), "PM003");
    assert!(unknown.contains("did you mean `summary`?"), "{unknown}");
    assert_located(d, "format.toml", b"format = \"one\"\ntitle = \"t\"\nservice = \"s\"\n", "PM005");
    assert_located(d, "zone.toml", format!("{HEAD}timezone = \"Mars/Olympus\"\n").as_bytes(), "PM007");
    let zone_typo = assert_located(
        d,
        "zone-typo.toml",
        format!("timezone = \"america/new_york\"\n{HEAD}").as_bytes(),
        "PM007",
    );
    assert!(zone_typo.contains("America/New_York"), "{zone_typo}");
    assert_located(d, "feb30.toml", window("2026-02-30 10:00", "2026-03-01 10:00").as_bytes(), "PM006");
    assert_located(d, "2400.toml", window("2026-07-04 10:00", "2026-07-04 24:00").as_bytes(), "PM006");
    assert_located(d, "nonsense-time.toml", window("yesterday", "2026-07-04 10:00").as_bytes(), "PM006");
    let gap = assert_located(
        d,
        "gap.toml",
        format!("timezone = \"America/Los_Angeles\"\n{}", window("2026-03-08 02:30", "2026-03-08 05:00"))
            .as_bytes(),
        "PM008",
    );
    assert!(gap.contains("-08:00") && gap.contains("-07:00"), "both readings shown:\n{gap}");
    let fold = assert_located(
        d,
        "fold.toml",
        format!("timezone = \"Europe/London\"\n{}", window("2026-10-25 00:30", "2026-10-25 01:30"))
            .as_bytes(),
        "PM009",
    );
    assert!(fold.contains("+01:00") && fold.contains("+00:00"), "both readings shown:\n{fold}");
    assert_located(d, "reversed.toml", window("2026-07-04 12:00", "2026-07-04 10:00").as_bytes(), "PM102");
    let deployment = format!("{HEAD}[[impact]]\ndeployment = \"a\"\nstatus = \"major_outage\"\n");
    assert_located(d, "deployment.toml", deployment.as_bytes(), "PM101");
    let status = format!("{HEAD}[[impact]]\ndeployment = \"A\"\nstatus = \"down\"\n");
    assert_located(d, "status.toml", status.as_bytes(), "PM004");
    let duration = format!("{}duration = \"7 fortnights\"\n", window("2026-07-04 10:00", "2026-07-04 12:00"));
    assert_located(d, "duration.toml", duration.as_bytes(), "PM010");
}

#[test]
fn huge_and_deep_input_is_refused_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let nested = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_located(d, "deep.json", nested.as_bytes(), "PM002");
    let deep_toml = format!("format = 1\nx = {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    assert_located(d, "deep.toml", deep_toml.as_bytes(), "PM002");
    // 10 MB of prose in one field: read, checked, and the unknown key after it still located.
    let big = format!("{HEAD}summary = \"{}\"\nsumary = 1\n", "word ".repeat(2_000_000));
    assert_located(d, "big.toml", big.as_bytes(), "PM003");
    // Over the 16 MiB limit: refused before parsing.
    let path = d.join("huge.toml");
    std::fs::write(&path, vec![b'#'; 17 * 1024 * 1024]).expect("write");
    let output = run(&["check", &path.to_string_lossy()]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).contains("limited to"), "{}", stdout(&output));
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("windows.toml");
    let text = format!("\u{feff}{}", window("2026-07-04 10:00", "2026-07-04 12:00").replace('\n', "\r\n"));
    std::fs::write(&path, text).expect("write");
    let output = run(&["analyze", &path.to_string_lossy(), "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["deployments"][0]["downtime_seconds"], 7200);
}

fn analyzed(fixture: &str) -> serde_json::Value {
    let path = crate::common::fixtures("valid").join(fixture);
    let output = run(&["analyze", &relative(&path), "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("json")
}

fn deployment(json: &serde_json::Value, name: &str) -> serde_json::Value {
    json["deployments"].as_array().and_then(|d| d.iter().find(|d| d["name"] == name)).cloned().expect(name)
}

#[test]
fn new_york_window_across_the_fall_back_is_three_hours() {
    let json = analyzed("dst-new-york.json");
    // 00:30 EDT to 02:30 EST, written with offsets and as wall-clock time.
    assert_eq!(deployment(&json, "East")["windows"][0]["duration_seconds"], 10800);
    assert_eq!(deployment(&json, "West")["windows"][0]["duration_seconds"], 10800);
    assert_eq!(deployment(&json, "East")["windows"][0]["start"], "2026-11-01T04:30:00Z");
}

#[test]
fn london_spring_forward_and_worst_status_wins() {
    let json = analyzed("overlap-london.toml");
    let web = deployment(&json, "Web");
    // 00:30 GMT to 03:30 BST is 2 hours of real time.
    assert_eq!(web["impact_seconds"], 7200);
    assert_eq!(web["by_status_seconds"]["major_outage"], 5400);
    assert_eq!(web["by_status_seconds"]["degraded_performance"], 1800);
    assert_eq!(web["downtime_seconds"], 5400);
    assert_eq!(deployment(&json, "API")["downtime_seconds"], 2700);
}

#[test]
fn sydney_and_los_angeles_spring_forward() {
    let sydney = analyzed("ongoing-sydney.toml");
    let au = deployment(&sydney, "AU");
    assert_eq!(au["planned_seconds"], 5400, "01:30 AEST to 04:00 AEDT");
    assert!(
        au["windows"][0]["end"].is_null() && au["windows"][0]["duration_seconds"].is_null(),
        "open window"
    );
    assert!(sydney["milestones"]["recovered"].is_null());
    let la = analyzed("maintenance-los-angeles.toml");
    let window = &deployment(&la, "us-west")["windows"][0];
    assert_eq!(window["start"], "2026-03-08T09:00:00Z");
    assert_eq!(window["end"], "2026-03-08T11:00:00Z", "01:00 PST to 04:00 PDT is 2 hours");
    assert_eq!(window["duration_seconds"], 1200, "the declared 20m, shorter than the window");
}
