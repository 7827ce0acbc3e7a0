//! `check`, `analyze` and `explain` end to end, and the fixture walk: every file under
//! `tests/fixtures/{valid,invalid}` is checked and its diagnostics snapshotted.

use std::path::Path;

use postmortem::model::raw::{Impact, IncidentFile};
use postmortem::model::{Mark, UpdateStatus};
use postmortem::prose;

use crate::common::{code, fixtures, relative, run, seed, stderr, stdout};

/// The check a failing fixture is for: its file name starts with the code (`PM301-...`).
fn expected_code(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or_default().chars().take(5).collect()
}

#[test]
fn every_fixture_checked_and_snapshotted() {
    insta::glob!("../fixtures", "{valid,invalid}/*.{toml,json}", |path| {
        let shown = relative(path);
        let output = run(&["check", &shown, "--as-of", "2026-11-21"]);
        let text = stdout(&output);
        let valid = shown.contains("/valid/");
        if valid {
            assert_eq!(code(&output), 0, "{shown} must pass:\n{text}{}", stderr(&output));
            assert!(!text.contains("error["), "{shown} has errors:\n{text}");
        } else {
            let expected = expected_code(path);
            assert!(text.contains(&format!("[{expected} ")), "{shown} must trigger {expected}:\n{text}");
            assert!(text.contains(" --> "), "{shown}: every diagnostic names its file:\n{text}");
        }
        insta::assert_snapshot!(format!("exit {}\n{}", code(&output), text));
    });
}

#[test]
fn every_check_has_a_failing_and_a_passing_fixture() {
    let invalid: Vec<String> = std::fs::read_dir(fixtures("invalid"))
        .expect("invalid fixtures")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let valid: Vec<(String, IncidentFile, String)> = std::fs::read_dir(fixtures("valid"))
        .expect("valid fixtures")
        .flatten()
        .map(|e| {
            let path = e.path();
            let file = postmortem::load::load_incident(&path).expect("a valid fixture loads").value;
            let output = stdout(&run(&["check", &relative(&path), "--as-of", "2026-11-21"]));
            (relative(&path), file, output)
        })
        .collect();
    let mut unexercised = Vec::new();
    for check in postmortem::checks::catalogue() {
        assert!(
            invalid.iter().any(|name| name.starts_with(check.code)),
            "{} {} has no failing fixture in tests/fixtures/invalid",
            check.code,
            check.name
        );
        // A pass only counts on a fixture holding what the check reads: on one without any
        // window, say, a window check passes without having looked at anything.
        let reads = exercised_by(check.code);
        if !valid.iter().any(|(_, file, out)| reads(file) && !out.contains(&format!("[{} ", check.code))) {
            let holding: Vec<&str> =
                valid.iter().filter(|(_, file, _)| reads(file)).map(|(path, _, _)| path.as_str()).collect();
            unexercised
                .push(format!("{} {} (fixtures holding its input: {holding:?})", check.code, check.name));
        }
    }
    assert!(
        unexercised.is_empty(),
        "not passed by any valid fixture that holds what the check reads:\n{}",
        unexercised.join("\n")
    );
}

/// What a fixture must hold for a check to have something to judge.
fn exercised_by(code: &str) -> fn(&IncidentFile) -> bool {
    match code {
        // The loader reads every file: any valid file passes them.
        "PM001" | "PM002" | "PM003" | "PM004" | "PM005" | "PM109" => |_| true,
        "PM006" => |f| has_times(f),
        "PM007" => |f| f.timezone.is_some() || f.events.iter().any(|e| e.tz.is_some()),
        "PM008" | "PM009" => |f| f.timezone.as_deref().is_some_and(|z| z.contains('/')) && has_times(f),
        "PM010" | "PM103" => |f| f.impact.iter().any(|w| w.duration.is_some() && bounded(w)),
        "PM101" | "PM108" => |f| !f.deployments.is_empty() && !f.impact.is_empty(),
        "PM102" | "PM107" => |f| f.impact.iter().any(bounded),
        "PM104" => |f| f.events.len() > 1 && f.updates.len() > 1,
        "PM105" => |f| f.severity.is_some(),
        "PM106" | "PM305" => |f| !f.impact.is_empty(),
        "PM201" | "PM207" | "PM208" => |f| f.events.iter().filter(|e| !e.marks.is_empty()).count() > 1,
        "PM202" | "PM302" => |f| f.events.len() > 1 && f.impact.iter().any(bounded),
        "PM203" => |f| resolved(f) && f.impact.iter().any(bounded),
        "PM204" | "PM205" => |f| f.updates.len() > 1,
        "PM206" => |f| f.events.iter().any(|e| e.marks.contains(&Mark::Resolved)) && !f.updates.is_empty(),
        "PM301" => |f| !f.updates.is_empty() && f.impact.iter().any(bounded),
        "PM303" => |f| {
            f.impact.iter().enumerate().any(|(i, a)| {
                f.impact[i + 1..].iter().any(|b| (&a.deployment, a.status) == (&b.deployment, b.status))
            })
        },
        "PM304" => |f| !f.updates.is_empty() && f.impact.iter().any(bounded),
        "PM306" => |f| {
            f.impact.iter().any(bounded)
                && f.updates
                    .iter()
                    .any(|u| matches!(u.status, UpdateStatus::Investigating | UpdateStatus::Identified))
        },
        "PM401" => |f| narrative(f).any(|t| !prose::find_durations(t).is_empty()),
        "PM402" => |f| narrative(f).any(|t| !prose::find_clock_times(t).is_empty()),
        "PM403" => |f| !prose::find_dates(&f.title).is_empty(),
        "PM501" => |f| f.actions.iter().any(|a| a.status.is_pending()),
        "PM502" => |f| f.actions.iter().any(|a| a.due.is_some() && a.status.is_pending()),
        "PM503" => resolved,
        other => panic!("{other} is new: say in `exercised_by` what a fixture must hold for it"),
    }
}

fn bounded(window: &Impact) -> bool {
    window.start.is_some() && window.end.is_some()
}

fn has_times(file: &IncidentFile) -> bool {
    file.impact.iter().any(bounded) || !file.events.is_empty() || !file.updates.is_empty()
}

fn resolved(file: &IncidentFile) -> bool {
    file.events.iter().any(|e| e.marks.contains(&Mark::Resolved))
        || file.updates.iter().any(|u| u.status == UpdateStatus::Resolved)
}

/// The fields the prose checks read.
fn narrative(file: &IncidentFile) -> impl Iterator<Item = &str> {
    [&file.intro, &file.acknowledgements, &file.summary, &file.closing]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(file.impact.iter().filter_map(|w| w.text.as_deref()))
        .chain(file.events.iter().map(|e| e.text.as_str()))
        .chain(file.updates.iter().filter_map(|u| u.text.as_deref()))
}

#[test]
fn the_seed_has_exactly_one_warning_the_early_update() {
    let output = run(&["check", "incidents/2026-07-04-smsgate-api.toml"]);
    let text = stdout(&output);
    assert_eq!(code(&output), 0, "{text}");
    assert_eq!(text.matches("warning[").count(), 1, "{text}");
    assert!(text.contains("warning[PM301 update-before-impact]"), "{text}");
    assert!(text.contains("14:50 UTC") && text.contains("14:55 UTC"), "{text}");
    assert!(text.contains("0 errors, 1 warning"), "{text}");
}

#[test]
fn a_drifted_summary_is_caught_and_the_maintenance_phrase_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("drift.toml");
    let text = std::fs::read_to_string(seed())
        .expect("seed")
        .replace("approximately 7 hours", "approximately 3 hours");
    std::fs::write(&copy, text).expect("write copy");
    let output = run(&["check", copy.to_str().expect("utf-8 path"), "--no-notes"]);
    let out = stdout(&output);
    assert_eq!(out.matches("warning[PM401").count(), 1, "{out}");
    assert!(out.contains("\"approximately 3 hours\""), "{out}");
    assert!(out.contains("7h 10m"), "{out}");
    assert!(out.contains("field: `summary`"), "{out}");
    // The timeline's "approximately 15 minutes" matches the declared 15m interruption.
    assert!(!out.contains("approximately 15 minutes"), "{out}");
}

#[test]
fn deny_warnings_turns_the_seed_warning_into_exit_1() {
    let output = run(&["check", "incidents/2026-07-04-smsgate-api.toml", "--deny", "warnings"]);
    assert_eq!(code(&output), 1);
}

#[test]
fn check_json_lists_diagnostics_with_places() {
    let output = run(&["check", "incidents/2026-07-04-smsgate-api.toml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let diagnostics = json["files"][0]["diagnostics"].as_array().expect("diagnostics");
    let warning = diagnostics.iter().find(|d| d["level"] == "warning").expect("one warning");
    assert_eq!(warning["code"], "PM301");
    assert_eq!(warning["name"], "update-before-impact");
    assert_eq!(warning["path"], "updates[0].at");
    assert!(warning["line"].as_u64().is_some() && warning["column"].as_u64().is_some());
    assert_eq!(json["summary"]["warnings"], 1);
}

#[test]
fn analyze_json_gives_the_seed_figures() {
    let output = run(&["analyze", "incidents/2026-07-04-smsgate-api.toml", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let deployment = |name: &str| {
        json["deployments"]
            .as_array()
            .expect("deployments")
            .iter()
            .find(|d| d["name"] == name)
            .cloned()
            .expect(name)
    };
    let public = deployment("Public Cloud Server");
    assert_eq!(public["downtime_seconds"], 25800);
    assert_eq!(public["impact_seconds"], 25800);
    assert_eq!(public["planned_seconds"], 900);
    assert_eq!(public["by_status_seconds"]["major_outage"], 25800);
    let planned =
        public["windows"].as_array().expect("windows").iter().find(|w| w["planned"] == true).cloned();
    assert_eq!(planned.expect("planned window")["duration_seconds"], 900);
    let private = deployment("Private Server");
    assert!(
        private["windows"]
            .as_array()
            .expect("windows")
            .iter()
            .all(|w| w["start"].is_null() && w["duration_seconds"].is_null())
    );
    assert_eq!(private["downtime_seconds"], 0);
    assert_eq!(deployment("Local Server")["windows"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["durations"]["latency_seconds"], 60900);
    assert_eq!(json["durations"]["first_public_update_seconds"], -300);
    assert_eq!(json["milestones"]["trigger"], "2026-07-03T22:00:00Z");
    assert_eq!(json["milestones"]["impact_start"], "2026-07-04T14:55:00Z");
    assert_eq!(json["milestones"]["resolved"], "2026-07-04T23:32:00Z");
    assert!(json["milestones"]["detected"].is_null());
    assert_eq!(json["span"]["start"], "2026-07-03T16:00:00Z");
    assert_eq!(json["span"]["end"], "2026-07-04T23:32:00Z");
    for key in ["code", "name", "level", "message", "path", "line", "column"] {
        assert!(json["diagnostics"][0].get(key).is_some(), "diagnostic lacks {key}");
    }
}

#[test]
fn analyze_text_is_a_table() {
    let output = run(&["analyze", "incidents/2026-07-04-smsgate-api.toml"]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn explain_prints_the_catalogue_entry() {
    let output = run(&["explain", "PM301"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("update-before-impact"));
    let output = run(&["explain", "update-befor-impact"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("did you mean `update-before-impact`?"));
    let listed = stdout(&run(&["explain", "--list"]));
    for check in postmortem::checks::catalogue() {
        assert!(listed.contains(check.code), "{} missing from --list", check.code);
    }
}

#[test]
fn a_folder_with_one_broken_file_reports_it_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(seed(), dir.path().join("a.toml")).expect("copy");
    std::fs::write(dir.path().join("b.toml"), "format = 1\ntitle = ").expect("write");
    let output = run(&["check", dir.path().to_str().expect("utf-8")]);
    let out = stdout(&output);
    assert_eq!(code(&output), 2, "{out}");
    assert!(out.contains("b.toml:2:"), "{out}");
    assert!(out.contains("PM301"), "the good file is still checked:\n{out}");
    assert!(out.contains("checked 2 files"), "{out}");
}

#[test]
fn the_readme_lists_every_check() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).expect("README.md");
    for check in postmortem::checks::catalogue() {
        assert!(
            readme.contains(&format!("| {} | `{}` |", check.code, check.name)),
            "README.md does not list {} {}",
            check.code,
            check.name
        );
    }
}

#[test]
fn every_diagnostic_names_the_file_the_place_and_a_fix() {
    for kind in ["valid", "invalid"] {
        for entry in std::fs::read_dir(fixtures(kind)).expect("fixtures").flatten() {
            let shown = relative(&entry.path());
            let output = run(&["check", &shown, "--format", "json", "--as-of", "2026-11-21"]);
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
            for diagnostic in json["files"][0]["diagnostics"].as_array().expect("diagnostics") {
                assert_eq!(diagnostic["file"], shown.as_str());
                let placed = diagnostic["line"].is_u64() && diagnostic["column"].is_u64();
                assert!(placed, "{shown}: no line:column in {diagnostic}");
                assert!(
                    diagnostic["help"].as_str().is_some_and(|h| !h.is_empty()),
                    "{shown}: no fix in {diagnostic}"
                );
            }
        }
    }
}
