//! Milestone orders real incidents produce (issue 12, items 12 and 13): they are warnings or
//! notes that explain the reading, never errors; such incidents render and count in reports;
//! and status updates still investigating after the recorded recovery (PM306).

use std::path::Path;

use serde_json::Value;

use crate::common::{IncidentToml, code, incident_folder, run, run_in, stderr, stdout};

/// A seven-minute partial outage that healed before the alert fired at 09:31.
fn self_healed() -> String {
    IncidentToml::new("Search results briefly empty", "Catalogue", &["Search"])
        .field("root_cause", "An index shard was swapped while a replica was still warming up.")
        .impact("Search", "partial_outage", "2026-06-18 09:12", Some("2026-06-18 09:19"))
        .event("2026-06-18 09:12", "Some search queries started returning no results.", &[])
        .event("2026-06-18 09:31", "The empty-result alert fired.", &["detected"])
        .update(
            "2026-06-18 09:50",
            "resolved",
            Some("Some searches returned no results for a few minutes; this has resolved itself."),
        )
        .build()
}

/// Recovery seen 11:00, the incident declared mitigated 12:35 (a published vocabulary).
fn recovered_before_mitigated() -> String {
    IncidentToml::new("Elevated errors at the edge", "Edge", &["Europe"])
        .field("root_cause", "A configuration change reached every node at once.")
        .impact("Europe", "major_outage", "2026-06-08 09:47", None)
        .event("2026-06-08 09:47", "Errors began.", &["impact_start"])
        .event("2026-06-08 09:58", "Alert fired.", &["detected"])
        .event("2026-06-08 11:00", "Majority of services recovered.", &["recovered"])
        .event("2026-06-08 12:35", "Incident mitigated.", &["mitigated"])
        .build()
}

fn render(dir: &Path, file: &str, to: &str) -> String {
    let output = run_in(dir, &["render", file, "--to", to]);
    assert_eq!(code(&output), 0, "render --to {to} refused:\n{}", stderr(&output));
    stdout(&output)
}

#[test]
fn a_detection_after_recovery_renders_and_counts_in_the_report() {
    let dir = incident_folder("2026-06-18-search.toml", &self_healed());
    let file = "incidents/2026-06-18-search.toml";

    let check = run_in(dir.path(), &["check", file]);
    let text = stdout(&check);
    assert_eq!(code(&check), 0, "{text}");
    assert!(!text.contains("error["), "{text}");
    assert!(text.contains("note[PM208 milestones-unusual-order]"), "{text}");
    assert!(text.contains("the impact was found afterwards (self-healed before detection)"), "{text}");

    let markdown = render(dir.path(), file, "md");
    assert!(markdown.contains("# Catalogue Incident Post-Mortem (June 18, 2026)"), "{markdown}");
    let html = render(dir.path(), file, "html");
    assert!(html.contains("<html") && html.contains("Catalogue Incident Post-Mortem"), "{html}");

    let output = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q2", "--to", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("report JSON");
    assert_eq!(report["files"]["included"], 1, "{report}");
    assert_eq!(report["files"]["excluded"], 0, "{report}");
    let search = &report["deployments"][0];
    assert_eq!(search["name"], "Search");
    assert_eq!(search["downtime_seconds"], 7 * 60, "the seven minutes count: {search}");
}

#[test]
fn recovered_before_mitigated_is_a_note_and_renders() {
    let dir = incident_folder("2026-06-08-edge.toml", &recovered_before_mitigated());
    let file = "incidents/2026-06-08-edge.toml";
    let check = run_in(dir.path(), &["check", file]);
    let text = stdout(&check);
    assert!(!text.contains("error["), "{text}");
    assert!(
        text.contains("`recovered` is 1h 35m before `mitigated`: service recovered before the incident was declared mitigated"),
        "{text}"
    );
    render(dir.path(), file, "md");
    render(dir.path(), file, "html");
}

#[test]
fn proactive_detection_is_a_note_and_an_end_before_its_start_stays_an_error() {
    let proactive = self_healed().replace("2026-06-18 09:31", "2026-06-18 09:05");
    let dir = incident_folder("2026-06-18-search.toml", &proactive);
    let text = stdout(&run_in(dir.path(), &["check", "incidents/2026-06-18-search.toml"]));
    assert!(text.contains("note[PM208") && text.contains("proactive detection"), "{text}");
    assert!(!text.contains("error["), "{text}");

    // `recovered` marked before the impact began cannot be right.
    let reversed = recovered_before_mitigated().replace("2026-06-08 11:00", "2026-06-08 09:30");
    let dir = incident_folder("2026-06-08-edge.toml", &reversed);
    let output = run_in(dir.path(), &["check", "incidents/2026-06-08-edge.toml"]);
    let text = stdout(&output);
    assert_eq!(code(&output), 1, "{text}");
    assert!(
        text.contains("error[PM201") && text.contains("the impact cannot end before it starts"),
        "{text}"
    );
}

#[test]
fn explain_says_which_orders_are_errors_warnings_and_notes() {
    let pm201 = stdout(&run(&["explain", "PM201"]));
    assert!(pm201.contains("cannot be right") && pm201.contains("PM208"), "{pm201}");
    let pm208 = stdout(&run(&["explain", "PM208"]));
    assert!(pm208.contains("found afterwards") && pm208.contains("proactive"), "{pm208}");
}

/// An outage 10:00-10:30 with updates at the given `(time, status)`, and `extra` windows.
fn with_updates(updates: &[(&str, &str)], extra: &str) -> String {
    let mut text = IncidentToml::new("Reports slow", "Reports", &["Main"])
        .impact("Main", "major_outage", "2026-04-02 10:00", Some("2026-04-02 10:30"))
        .raw(extra);
    for (at, status) in updates {
        text = text.update(&format!("2026-04-02 {at}"), status, None);
    }
    text.build()
}

fn pm306(text: &str) -> Vec<String> {
    let dir = incident_folder("2026-04-02-reports.toml", text);
    let output = run_in(dir.path(), &["check", "incidents/2026-04-02-reports.toml", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output)).expect("check JSON");
    json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "PM306")
        .map(|d| format!("{} {}", d["path"].as_str().unwrap_or(""), d["message"].as_str().unwrap_or("")))
        .collect()
}

#[test]
fn an_update_still_investigating_after_the_recovery_is_a_warning() {
    let stale = pm306(&with_updates(
        &[("10:05", "investigating"), ("10:45", "identified"), ("11:00", "resolved")],
        "",
    ));
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].starts_with("updates[1].status") && stale[0].contains("still says `identified` 15m after"),
        "{stale:?}"
    );
    let investigating = pm306(&with_updates(&[("10:40", "investigating")], ""));
    assert_eq!(investigating.len(), 1, "{investigating:?}");

    // Monitoring after recovery is normal; so are resolved updates and one announcing it.
    let normal =
        [("10:05", "investigating"), ("10:31", "identified"), ("10:40", "monitoring"), ("11:00", "resolved")];
    assert_eq!(pm306(&with_updates(&normal, "")), Vec::<String>::new());

    // An open window: nothing has recovered yet.
    let open =
        "\n[[impact]]\ndeployment = \"Main\"\nstatus = \"partial_outage\"\nstart = \"2026-04-02 10:20\"\n";
    assert_eq!(pm306(&with_updates(&[("10:45", "identified")], open)), Vec::<String>::new());

    // A planned window ending later is no impact to recover from: the outage's end counts.
    let planned = "\n[[impact]]\ndeployment = \"Main\"\nstatus = \"under_maintenance\"\nplanned = true\n\
                   start = \"2026-04-02 10:00\"\nend = \"2026-04-02 12:00\"\n";
    assert_eq!(pm306(&with_updates(&[("10:45", "identified")], planned)).len(), 1);
    // A later unplanned window moves the recovery.
    let later = "\n[[impact]]\ndeployment = \"Main\"\nstatus = \"degraded_performance\"\n\
                 start = \"2026-04-02 10:30\"\nend = \"2026-04-02 11:00\"\n";
    assert_eq!(pm306(&with_updates(&[("10:45", "identified")], later)), Vec::<String>::new());
}

#[test]
fn explain_pm306_says_when_it_is_not_reported() {
    let text = stdout(&run(&["explain", "PM306"]));
    assert!(
        text.contains("investigating") && text.contains("`monitoring` after recovery is normal"),
        "{text}"
    );
}
