//! `import --from statuspage`: fixtures written from Statuspage's API v2 documentation, located
//! errors that write nothing, the round trip through `status --to statuspage-json`, and the
//! oddities of real exports flagged by `check` rather than repaired.

use std::path::{Path, PathBuf};

use postmortem::model::Config;
use postmortem::pipeline;

use crate::common::{code, fixtures, run, seed, stderr, stdout};

fn fixture(name: &str) -> String {
    fixtures("statuspage").join(name).to_string_lossy().into_owned()
}

fn import(file: &str, dir: &Path) -> std::process::Output {
    run(&["import", "--from", "statuspage", file, "-o", &dir.to_string_lossy()])
}

fn written(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).expect("list").flatten().map(|e| e.path()).collect();
    files.sort();
    files
}

fn open(path: &Path) -> pipeline::Checked {
    pipeline::open(path, &Config::default(), None).expect("the written file loads back")
}

fn codes(checked: &pipeline::Checked) -> Vec<&'static str> {
    checked.diagnostics.iter().map(|d| d.check.code).collect()
}

#[test]
fn an_incident_list_becomes_one_file_per_incident() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = import(&fixture("incidents.json"), dir.path());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let names: Vec<String> = written(dir.path())
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "2025-06-01-heavy-database-load.toml",
            "2025-11-02-login-errors.toml",
            "2026-03-09-delays-sending-campaigns.toml"
        ]
    );

    // Transitions: degraded at 08:10, partial at 08:50, operational at 09:40.
    let delays = open(&dir.path().join("2026-03-09-delays-sending-campaigns.toml"));
    let windows: Vec<(String, Option<String>, Option<String>)> = delays
        .incident
        .file
        .impact
        .iter()
        .map(|w| (w.status.as_str().to_string(), w.start.clone(), w.end.clone()))
        .collect();
    assert_eq!(
        windows,
        [
            (
                "degraded_performance".into(),
                Some("2026-03-09T08:10:00-05:00".into()),
                Some("2026-03-09T08:50:00-05:00".into())
            ),
            (
                "partial_outage".into(),
                Some("2026-03-09T08:50:00-05:00".into()),
                Some("2026-03-09T09:40:00-05:00".into())
            ),
        ]
    );
    let file = &delays.incident.file;
    assert_eq!(file.service, "Example Mail");
    assert_eq!(file.timezone.as_deref(), Some("America/Chicago"));
    assert_eq!(file.deployments, ["Email Sending"]);
    assert_eq!(file.updates.len(), 4);
    assert_eq!(file.updates[0].text.as_deref(), Some("We are investigating delays sending campaigns."));
    assert_eq!(file.updates[3].status.as_str(), "resolved");
    assert_eq!(file.shortlink.as_deref(), Some("https://stspg.io/example1"));
}

#[test]
fn mixed_offsets_are_kept_as_instants_in_the_page_zone() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&import(&fixture("incidents.json"), dir.path())), 0);
    let login = open(&dir.path().join("2025-11-02-login-errors.toml"));
    // -05:00 then -06:00: the night Chicago leaves daylight time; both readings of 01:20-01:30
    // exist, and the explicit offsets keep them apart.
    let at: Vec<&str> = login.incident.file.updates.iter().map(|u| u.at.as_str()).collect();
    assert_eq!(at, ["2025-11-02T01:20:00-05:00", "2025-11-02T01:30:00-06:00"]);
    let instants: Vec<String> =
        login.incident.update_times.iter().flatten().map(|t| t.to_rfc3339()).collect();
    assert_eq!(instants, ["2025-11-02T06:20:00+00:00", "2025-11-02T07:30:00+00:00"]);
    assert_eq!(
        login.incident.file.updates[1].text.as_deref(),
        Some("Logins work again.\nSorry for the trouble.")
    );
    // No transitions: the window runs from created_at to resolved_at at the impact (major).
    let window = &login.incident.file.impact[0];
    assert_eq!(window.status.as_str(), "major_outage");
    assert_eq!(window.deployment, "Example Mail", "no component named: the page's service");
    assert!(login.analysis.deployments[0].windows[0].duration_seconds == Some(70 * 60));
}

#[test]
fn oddities_are_imported_as_they_are_and_flagged_by_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&import(&fixture("incidents.json"), dir.path())), 0);
    // Zero-length (created_at = resolved_at), resolved two days before its only update.
    let heavy = open(&dir.path().join("2025-06-01-heavy-database-load.toml"));
    let window = &heavy.incident.file.impact[0];
    assert_eq!(window.start, window.end);
    assert_eq!(window.status.as_str(), "degraded_performance", "impact none");
    let found = codes(&heavy);
    assert!(found.contains(&"PM107"), "zero-length window: {found:?}");
    assert!(found.contains(&"PM206"), "resolved_at before the last update: {found:?}");
}

#[test]
fn a_summary_with_an_unresolved_incident() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = import(&fixture("summary.json"), dir.path());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let files = written(dir.path());
    assert_eq!(files.len(), 1);
    let checked = open(&files[0]);
    let file = &checked.incident.file;
    assert_eq!(
        file.updates.iter().map(|u| u.status.as_str()).collect::<Vec<_>>(),
        ["investigating", "investigating"]
    );
    let windows: Vec<_> = file.impact.iter().map(|w| (w.status.as_str(), w.end.is_some())).collect();
    assert_eq!(windows, [("partial_outage", true), ("major_outage", false)], "the last window is still open");
    assert!(codes(&checked).contains(&"PM305"), "unresolved: {:?}", codes(&checked));
}

#[test]
fn scheduled_maintenances_become_planned_windows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = import(&fixture("scheduled-maintenances.json"), dir.path());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let upgrade = open(&dir.path().join("2026-04-22-database-upgrade.toml"));
    let window = &upgrade.incident.file.impact[0];
    assert!(window.planned);
    assert_eq!(window.status.as_str(), "under_maintenance");
    // The actual in_progress → completed updates, not the schedule.
    assert_eq!(window.start.as_deref(), Some("2026-04-22T00:55:00-07:00"));
    assert_eq!(window.end.as_deref(), Some("2026-04-22T02:25:20-07:00"));
    assert_eq!(upgrade.incident.file.updates[0].at, "2026-04-18T18:20:00-07:00", "display_at wins");
    let future = open(&dir.path().join("2026-05-02-network-switch-replacement.toml"));
    let window = &future.incident.file.impact[0];
    assert_eq!((window.deployment.as_str(), window.planned), ("Voice", true));
    assert_eq!(window.start.as_deref(), Some("2026-05-02T01:00:00-07:00"));
    assert_eq!(window.end.as_deref(), Some("2026-05-02T03:00:00-07:00"));
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&import(&fixture("incidents.json"), dir.path())), 0);
    let path = dir.path().join("2025-06-01-heavy-database-load.toml");
    std::fs::write(&path, "# edited by hand\n").expect("write");
    let output = import(&fixture("incidents.json"), dir.path());
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("already exists"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# edited by hand\n");
    let forced = run(&[
        "import",
        "--from",
        "statuspage",
        &fixture("incidents.json"),
        "-o",
        &dir.path().to_string_lossy(),
        "--force",
    ]);
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    assert!(std::fs::read_to_string(&path).expect("read").contains("Heavy database load"));
}

#[test]
fn bad_input_gives_a_located_error_and_writes_nothing() {
    let cases = [
        ("bad-syntax.json", "bad-syntax.json:", "invalid JSON"),
        ("bad-type.json", "`incidents[0].incident_updates[1].created_at`", "invalid type"),
        ("missing-id.json", "`incidents[2]`", "missing field `id`"),
    ];
    // file:line:column
    let located = regex::Regex::new(r"\.json:\d+:\d+").expect("regex");
    for (name, place, what) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = import(&fixture(name), dir.path());
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{name}: {err}");
        assert!(err.contains(place) && err.contains(what), "{name}: {err}");
        assert!(located.is_match(&err), "{name}: {err}");
        // Printed like the loader's diagnostics: the source line under the place, and a caret.
        assert!(err.lines().any(|l| l.trim_start().starts_with("| ") && l.contains('^')), "{name}: {err}");
        assert!(err.contains("= help: "), "{name}: {err}");
        assert!(written(dir.path()).is_empty(), "{name} wrote files");
    }
}

#[test]
fn a_wrong_typed_field_is_shown_with_its_line_and_a_caret_under_the_value() {
    // A multi-line export whose second update's `display_at` is a number: serde notices only
    // after the value, the caret must still sit under the value itself.
    let export = r#"{
  "page": {"id": "p1", "name": "Ledger", "time_zone": "Etc/UTC"},
  "incidents": [
    {
      "id": "inc-9",
      "name": "Ledger writes slow",
      "status": "resolved",
      "created_at": "2026-03-02T10:00:00Z",
      "incident_updates": [
        {"id": "u2", "status": "resolved", "body": "Fixed.",
         "created_at": "2026-03-02T11:00:00Z",
         "display_at":    1772449200},
        {"id": "u1", "status": "investigating", "body": "Looking.",
         "created_at": "2026-03-02T10:00:00Z"}
      ]
    }
  ]
}
"#;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ledger.json");
    std::fs::write(&file, export).expect("write");
    let out = dir.path().join("out");
    let output = import(&file.to_string_lossy(), &out);
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(!out.exists() || written(&out).is_empty(), "nothing written");

    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("error[PM004 invalid-value]: invalid type: integer `1772449200`"), "{err}");
    let source_line = "         \"display_at\":    1772449200},";
    let value_column = source_line.find("1772449200").expect("value") + 1;
    assert!(lines[1].ends_with(&format!("ledger.json:12:{value_column}")), "{err}");
    let (shown, carets) = (lines[3], lines[4]);
    let (gutter, shown) = shown.split_once(" | ").expect("an excerpt line");
    assert_eq!((gutter, shown), ("12", source_line), "{err}");
    let carets = carets.split_once(" | ").map(|(_, c)| c).expect("a caret line");
    assert_eq!(carets.find('^'), source_line.find("1772449200"), "caret under the value:\n{err}");
    assert_eq!(carets.trim(), "^".repeat("1772449200".len()), "{err}");
    assert!(err.contains("= field: `incidents[0].incident_updates[0].display_at`"), "{err}");
    assert!(err.contains("= help: "), "{err}");
}

#[test]
fn round_trip_keeps_updates_and_windows() {
    let exported = run(&["status", &seed().to_string_lossy(), "--to", "statuspage-json"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("incident.json");
    std::fs::write(&json, stdout(&exported)).expect("write");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let output = import(&json.to_string_lossy(), &out);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let files = written(&out);
    assert_eq!(files.len(), 1);
    let back = open(&files[0]);
    let original = pipeline::open(&seed(), &Config::default(), None).expect("seed");

    let updates = |c: &pipeline::Checked| {
        c.incident
            .updates()
            .map(|(_, u, at)| (u.status, u.text.clone(), at, u.postmortem, u.deployments.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(updates(&back), updates(&original));
    let windows = |c: &pipeline::Checked| {
        c.incident
            .impacts()
            .map(|(_, w, t)| (w.deployment.clone(), w.status, w.planned, *t, w.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(windows(&back), windows(&original));
    assert_eq!(back.incident.file.title, original.incident.file.title);
    assert_eq!(back.incident.file.impact_level, original.incident.file.impact_level);
}

/// The real exports of public status pages (not in the repository; skipped where absent).
#[test]
fn real_exports_import_cleanly_with_their_oddities_flagged() {
    let data = PathBuf::from("/work/shared/data/statuspage");
    let Ok(entries) = std::fs::read_dir(&data) else { return };
    let mut sources: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    sources.sort();
    let mut imported = 0;
    let mut all_codes = Vec::new();
    for source in &sources {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = import(&source.to_string_lossy(), dir.path());
        assert_eq!(code(&output), 0, "{}: {}", source.display(), stderr(&output));
        for file in written(dir.path()) {
            imported += 1;
            let checked = open(&file);
            all_codes.extend(codes(&checked));
        }
    }
    assert_eq!(imported, 25);
    // Emma's backfilled updates are shown (`display_at`) at their resolution, so no export
    // here has a resolution before its last shown update; the fixture test covers PM206.
    for (code, oddity) in [("PM107", "zero-length incident"), ("PM305", "unresolved incident")] {
        assert!(all_codes.contains(&code), "{oddity} not flagged: {all_codes:?}");
    }
}
