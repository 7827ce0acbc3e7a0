//! `status`: the seed as its status page shows it, and as Statuspage's API v2 returns it.

use serde_json::Value;

use crate::common::{code, fixtures, run, seed, stderr, stdout};

fn seed_path() -> String {
    seed().to_string_lossy().into_owned()
}

#[test]
fn text_has_the_seed_shape_line_by_line() {
    let output = run(&["status", &seed_path()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "API is down",
        "Resolved",
        "Jul 4, 2026 at 11:32pm UTC",
        "SMSGate API Incident Post-Mortem (July 3–4, 2026)",
        "Affected services",
        "Updated",
        "Jul 4, 2026 at 10:13pm UTC",
        "API recovered.",
        "Created",
        "Jul 4, 2026 at 2:50pm UTC",
        "API went down.",
    ];
    let mut from = 0;
    for wanted in expected {
        let found = lines[from..].iter().position(|l| *l == wanted);
        let Some(offset) = found else { panic!("`{wanted}` missing after line {from}:\n{text}") };
        from += offset + 1;
    }
    assert_eq!(&lines[..3], &expected[..3]);
    assert_eq!(lines.last(), Some(&"Public Cloud Server"), "affected names follow the heading");
}

#[test]
fn text_matches_the_published_seed() {
    let output = run(&["status", &seed_path()]);
    // The published page sits in `shared/` beside the checkout (`../shared`; a worktree finds
    // it further up). Without it this test fails rather than passing on nothing.
    let seed = "shared/seed/smsgate-2026-07-04-postmortem.txt";
    let root = crate::common::root();
    let path = root.ancestors().skip(1).map(|dir| dir.join(seed)).find(|p| p.is_file());
    let path =
        path.unwrap_or_else(|| panic!("the published seed `../{seed}` is not beside {}", root.display()));
    let published = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the published seed `{}` is needed: {e}", path.display()));
    // The published page shows affected services as icons; the text names them.
    let text = stdout(&output);
    let ours: Vec<&str> = text.lines().filter(|l| *l != "Public Cloud Server").map(str::trim_end).collect();
    let theirs: Vec<&str> = published.lines().map(str::trim_end).collect();
    assert_eq!(ours, theirs);
    insta::assert_snapshot!("status_text_seed", stdout(&output));
}

#[test]
fn tz_changes_every_shown_time() {
    let output = run(&["status", &seed_path(), "--tz", "America/New_York"]);
    let text = stdout(&output);
    let created = text.lines().skip_while(|l| *l != "Created").nth(1);
    assert_eq!(created, Some("Jul 4, 2026 at 10:50am EDT"), "{text}");
    assert!(text.contains("Jul 4, 2026 at 7:32pm EDT"));
    assert!(!text.contains(" UTC\n"));
}

#[test]
fn markdown_is_rendered_from_its_template() {
    let output = run(&["status", &seed_path(), "--to", "md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    insta::assert_snapshot!("status_md_seed", stdout(&output));
}

#[test]
fn a_user_template_overrides_the_built_in_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("status.txt.j2"), "{{ title }} is {{ status }}\n").expect("write");
    let output = run(&["status", &seed_path(), "--templates", &dir.path().to_string_lossy()]);
    assert_eq!(stdout(&output), "API is down is Resolved\n");
    std::fs::write(dir.path().join("status.txt.j2"), "{{ nonsense.field }}\n").expect("write");
    let output = run(&["status", &seed_path(), "--templates", &dir.path().to_string_lossy()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("status.txt.j2"), "{}", stderr(&output));
}

/// The fields the issue lists, with the JSON types Statuspage gives them.
fn assert_statuspage_incident(incident: &Value) {
    let is_time = |v: &Value| v.as_str().is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok());
    let time_or_null = |v: &Value| v.is_null() || is_time(v);
    for field in ["id", "name", "status", "impact"] {
        assert!(incident[field].is_string(), "{field}: {}", incident[field]);
    }
    for field in ["created_at", "updated_at", "started_at"] {
        assert!(is_time(&incident[field]), "{field}: {}", incident[field]);
    }
    for field in ["monitoring_at", "resolved_at"] {
        assert!(incident.get(field).is_some_and(time_or_null), "{field}");
    }
    let statuses = ["investigating", "identified", "monitoring", "resolved", "postmortem"];
    assert!(statuses.contains(&incident["status"].as_str().unwrap_or_default()));
    let impacts = ["none", "minor", "major", "critical", "maintenance"];
    assert!(impacts.contains(&incident["impact"].as_str().unwrap_or_default()));
    let component =
        ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
    let updates = incident["incident_updates"].as_array().expect("incident_updates");
    let mut previous: Option<&str> = None;
    for update in updates {
        assert!(update["id"].is_string() && update["body"].is_string());
        assert!(statuses.contains(&update["status"].as_str().unwrap_or_default()));
        for field in ["created_at", "updated_at", "display_at"] {
            assert!(is_time(&update[field]), "{field}");
        }
        // Newest first.
        let at = update["display_at"].as_str().unwrap_or_default();
        if let Some(before) = previous {
            assert!(
                chrono::DateTime::parse_from_rfc3339(at).ok()
                    <= chrono::DateTime::parse_from_rfc3339(before).ok()
            );
        }
        previous = Some(at);
        for affected in update["affected_components"].as_array().expect("affected_components") {
            assert!(affected["name"].is_string());
            assert!(component.contains(&affected["old_status"].as_str().unwrap_or_default()));
            assert!(component.contains(&affected["new_status"].as_str().unwrap_or_default()));
        }
    }
    for c in incident["components"].as_array().expect("components") {
        assert!(c["id"].is_string() && c["name"].is_string());
        assert!(component.contains(&c["status"].as_str().unwrap_or_default()));
    }
}

#[test]
fn statuspage_json_of_the_seed() {
    let output = run(&["status", &seed_path(), "--to", "statuspage-json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let incident: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_statuspage_incident(&incident);
    assert_eq!(incident["status"], "resolved");
    assert_eq!(incident["impact"], "major");
    let updates = incident["incident_updates"].as_array().expect("updates");
    assert_eq!(updates.len(), 3);
    assert_eq!(updates[0]["status"], "resolved");
    assert_eq!(updates[2]["body"], "API went down.");
    assert_eq!(updates[2]["created_at"], "2026-07-04T14:50:00Z");
    assert_eq!(incident["started_at"], "2026-07-04T14:55:00Z");
    assert_eq!(incident["resolved_at"], "2026-07-04T23:32:00Z");
    assert!(updates[0]["body"].as_str().unwrap_or_default().contains("Root Cause"));
    let names: Vec<&str> =
        incident["components"].as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["Public Cloud Server", "Private Server", "Local Server"]);
    // Deterministic: the same file gives the same ids.
    assert_eq!(stdout(&run(&["status", &seed_path(), "--to", "statuspage-json"])), stdout(&output));
}

#[test]
fn component_statuses_follow_the_windows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("outage.toml");
    std::fs::write(
        &path,
        r#"format = 1
title = "Checkout slow, then down"
service = "Shop"
timezone = "UTC"
deployments = ["Checkout"]

[[impact]]
deployment = "Checkout"
status = "degraded_performance"
start = "2026-01-10 10:00"
end = "2026-01-10 11:00"

[[impact]]
deployment = "Checkout"
status = "major_outage"
start = "2026-01-10 11:00"
end = "2026-01-10 12:00"

[[updates]]
at = "2026-01-10 10:05"
status = "investigating"
text = "Checkout is slow."
deployments = ["Checkout"]

[[updates]]
at = "2026-01-10 11:05"
status = "identified"
text = "Checkout is down."
deployments = ["Checkout"]

[[updates]]
at = "2026-01-10 12:05"
status = "resolved"
text = "Fixed."
deployments = ["Checkout"]
"#,
    )
    .expect("write");
    let output = run(&["status", &path.to_string_lossy(), "--to", "statuspage-json"]);
    let incident: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_statuspage_incident(&incident);
    assert_eq!(incident["impact"], "critical", "derived from the worst window");
    let transitions: Vec<(String, String)> = incident["incident_updates"]
        .as_array()
        .into_iter()
        .flatten()
        .rev()
        .map(|u| {
            let c = &u["affected_components"][0];
            (
                c["old_status"].as_str().unwrap_or_default().into(),
                c["new_status"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    let expected = [
        ("operational", "degraded_performance"),
        ("degraded_performance", "major_outage"),
        ("major_outage", "operational"),
    ];
    assert_eq!(transitions, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn status_text_comes_from_the_shared_templates_folder() {
    // A user `status.txt.j2` replaces the built-in, and sees the post-mortem rendered once.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("status.txt.j2"),
        "{{ status }} / {{ updates|length }}\n{{ postmortem }}\n",
    )
    .expect("write");
    let output = run(&["status", &seed_path(), "--templates", &dir.path().to_string_lossy()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Resolved / 3\nSMSGate API Incident Post-Mortem (July 3–4, 2026)\n"), "{text}");
    assert!(text.contains("\nRoot Cause\n"), "{text}");

    // The post-mortem inside the update is the one post-mortem template: overriding its
    // Root Cause block shows in the status text and in the Statuspage body.
    std::fs::remove_file(dir.path().join("status.txt.j2")).expect("remove");
    std::fs::write(
        dir.path().join("postmortem.md.j2"),
        "{% extends \"builtin/postmortem.md.j2\" %}{% block root_cause %}## Why\n\nA lease expired.\n\n{% endblock %}",
    )
    .expect("write");
    let templates = dir.path().to_string_lossy().into_owned();
    let text = stdout(&run(&["status", &seed_path(), "--templates", &templates]));
    assert!(text.contains("\nWhy\nA lease expired.\nResolution\n"), "{text}");
    assert!(!text.contains("Root Cause"), "{text}");
    let json = stdout(&run(&["status", &seed_path(), "--to", "statuspage-json", "--templates", &templates]));
    assert!(json.contains("Why\\nA lease expired."), "{json}");
}

/// One incident, one impact level: a file that states none gets the level derived from its
/// worst window, and the post-mortem shows the same level the Statuspage JSON publishes.
#[test]
fn the_post_mortem_and_the_statuspage_json_show_one_impact_level() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixtures("valid").join("overlap-london.toml")).expect("fixture");
    let text = text.replace("impact_level = \"critical\"\n", "");
    assert!(!text.contains("impact_level"), "the fixture no longer states its level");
    let file = dir.path().join("incident.toml");
    std::fs::write(&file, text).expect("write");
    let file = file.to_string_lossy().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["status", &file, "--to", "statuspage-json"]))).expect("JSON");
    let level = json["impact"].as_str().expect("an impact level").to_string();
    assert_ne!(level, "none", "the fixture has outage windows");
    let markdown = stdout(&run(&["render", &file]));
    let row = markdown.lines().find(|l| l.starts_with("| Severity |")).expect("a severity row");
    assert!(row.contains(&format!("({level} impact)")), "{row} does not show {level}");
}
