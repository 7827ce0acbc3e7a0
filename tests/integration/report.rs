//! `postmortem report`: the seed's Q3 figures, the counting switch, unions across incidents,
//! quarter boundaries, DST-length quarters, open windows, excluded files and the formats.

use std::path::Path;

use serde_json::Value;

use crate::common::{code, root, run, run_in, stderr, stdout};

const CONFIG: &str = r#"
timezone = "UTC"
[slo]
"Public Cloud Server" = 99.9
"#;

/// A minimal incident on `Public Cloud Server` with the given `(status, start, end)` windows.
fn incident(title: &str, windows: &[(&str, &str, Option<&str>)]) -> String {
    let mut text = format!(
        "format = 1\ntitle = {title:?}\nservice = \"SMSGate API\"\ndeployments = [\"Public Cloud Server\"]\n"
    );
    for (status, start, end) in windows {
        text.push_str(&format!(
            "\n[[impact]]\ndeployment = \"Public Cloud Server\"\nstatus = {status:?}\nstart = {start:?}\n"
        ));
        if let Some(end) = end {
            text.push_str(&format!("end = {end:?}\n"));
        }
    }
    text
}

/// A folder with a config and incident files.
fn corpus(config: &str, files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("postmortem.toml"), config).expect("config");
    std::fs::create_dir(dir.path().join("incidents")).expect("incidents");
    for (name, text) in files {
        std::fs::write(dir.path().join("incidents").join(name), text).expect("incident");
    }
    dir
}

fn json_report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["report", "incidents", "--to", "json"];
    all.extend_from_slice(args);
    let output = run_in(dir, &all);
    assert!(code(&output) == 0 || code(&output) == 1, "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("report JSON")
}

fn deployment<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["deployments"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["name"] == name))
        .unwrap_or_else(|| panic!("no deployment {name} in {report}"))
}

#[test]
fn seed_q3_public_cloud_downtime_and_availability_with_planned_excluded() {
    let output = run(&["report", "--quarter", "2026-Q3", "--to", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let cloud = deployment(&report, "Public Cloud Server");
    assert_eq!(cloud["downtime_seconds"], 25800);
    assert_eq!(report["period"]["seconds"], 7_948_800);
    let availability = cloud["availability"].as_f64().expect("number");
    assert!((availability - 100.0 * (1.0 - 25800.0 / 7_948_800.0)).abs() < 1e-9);
    assert_eq!(format!("{availability:.4}"), "99.6754");
    assert_eq!(cloud["slo"], 99.9);
    assert_eq!(cloud["budget_seconds"], 7948.8);
    assert_eq!(cloud["budget_used_seconds"], 25800);
    assert_eq!(cloud["planned_seconds"], 900);
    assert_eq!(report["counting"]["planned"], false);
    assert_eq!(deployment(&report, "Local Server")["downtime_seconds"], 0);
    assert_eq!(report["incidents"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["incidents"][0]["link"], "incidents/2026-07-04-smsgate-api.toml");

    let markdown = stdout(&run(&["report", "--quarter", "2026-Q3"]));
    assert!(
        markdown.contains("| Public Cloud Server | 7h 10m (25800 s) | 99.6754 % | 99.9 % |"),
        "{markdown}"
    );
    assert!(markdown.contains("planned maintenance does not count"), "{markdown}");
}

#[test]
fn the_planned_switch_counts_maintenance_as_downtime() {
    let config = std::fs::read_to_string(root().join("postmortem.toml")).expect("config");
    let switched = config.replace("planned = false", "planned = true");
    assert_ne!(config, switched, "the repo config sets `planned`");
    let seed = std::fs::read_to_string(crate::common::seed()).expect("seed");
    let dir = corpus(&switched, &[("2026-07-04-smsgate-api.toml", seed)]);
    let report = json_report(dir.path(), &["--quarter", "2026-Q3"]);
    assert_eq!(deployment(&report, "Public Cloud Server")["downtime_seconds"], 26700);
    assert_eq!(report["counting"]["planned"], true);
    assert!(report["counting"]["rules"].as_str().is_some_and(|r| r.contains("planned maintenance counts")));
}

#[test]
fn overlapping_incidents_on_one_deployment_count_once_and_the_worst_status_wins() {
    let dir = corpus(
        CONFIG,
        &[
            ("a.toml", incident("A", &[("major_outage", "2026-08-01 10:00", Some("2026-08-01 12:00"))])),
            ("b.toml", incident("B", &[("partial_outage", "2026-08-01 11:00", Some("2026-08-01 13:00"))])),
            (
                "c.toml",
                incident("C", &[("degraded_performance", "2026-08-01 09:00", Some("2026-08-01 14:00"))]),
            ),
        ],
    );
    let report = json_report(dir.path(), &["--quarter", "2026-Q3"]);
    let cloud = deployment(&report, "Public Cloud Server");
    assert_eq!(cloud["downtime_seconds"], 3 * 3600, "10:00 to 13:00 once, not 4 h");
    assert_eq!(cloud["by_status_seconds"]["major_outage"], 2 * 3600);
    assert_eq!(cloud["by_status_seconds"]["partial_outage"], 3600);
    assert_eq!(cloud["by_status_seconds"]["degraded_performance"], 2 * 3600);
    assert_eq!(cloud["impact_seconds"], 5 * 3600);
    assert_eq!(cloud["incidents"], 3);
    assert_eq!(report["counts"]["incidents"], 3);
}

#[test]
fn a_window_across_a_quarter_boundary_is_split_and_the_parts_sum_to_the_whole() {
    let dir = corpus(
        CONFIG,
        &[("x.toml", incident("X", &[("major_outage", "2026-09-30 21:00", Some("2026-10-01 02:30"))]))],
    );
    let q3 = json_report(dir.path(), &["--quarter", "2026-Q3"]);
    let q4 = json_report(dir.path(), &["--quarter", "2026-Q4"]);
    let part = |r: &Value| deployment(r, "Public Cloud Server")["downtime_seconds"].as_i64().expect("n");
    assert_eq!(part(&q3), 3 * 3600);
    assert_eq!(part(&q4), 2 * 3600 + 1800);
    let whole = run_in(dir.path(), &["analyze", "incidents/x.toml", "--format", "json"]);
    let whole: Value = serde_json::from_str(&stdout(&whole)).expect("analyze json");
    assert_eq!(part(&q3) + part(&q4), whole["deployments"][0]["downtime_seconds"].as_i64().expect("n"));
    // Listed in both quarters, counted (began) only in the first.
    assert_eq!(q4["incidents"][0]["began_in_period"], false);
    assert_eq!(q4["counts"]["incidents"], 0);
    assert_eq!(q3["counts"]["incidents"], 1);
}

#[test]
fn a_new_york_quarter_holding_the_november_change_has_its_real_length() {
    let dir = corpus("timezone = \"America/New_York\"\n", &[]);
    let report = json_report(dir.path(), &["--quarter", "2026-Q4"]);
    assert_eq!(report["period"]["seconds"], 92 * 86_400 + 3_600);
    assert_eq!(report["period"]["start"], "2026-10-01T04:00:00Z");
    assert_eq!(report["period"]["end"], "2027-01-01T05:00:00Z");
    assert_eq!(report["period"]["timezone"], "America/New_York");
}

#[test]
fn an_open_window_is_ended_at_as_of_never_the_wall_clock() {
    let dir =
        corpus(CONFIG, &[("open.toml", incident("Open", &[("major_outage", "2026-08-01 00:00", None)]))]);
    let at = json_report(dir.path(), &["--quarter", "2026-Q3", "--as-of", "2026-08-02"]);
    assert_eq!(deployment(&at, "Public Cloud Server")["downtime_seconds"], 86_400);
    assert_eq!(at["incidents"][0]["open"], true);
    let default = json_report(dir.path(), &["--quarter", "2026-Q3"]);
    assert_eq!(
        deployment(&default, "Public Cloud Server")["downtime_seconds"],
        61 * 86_400,
        "to the period's end"
    );
    let csv = stdout(&run_in(
        dir.path(),
        &["report", "incidents", "--quarter", "2026-Q3", "--as-of", "2026-08-02", "--to", "csv"],
    ));
    assert!(
        csv.contains(",2026-08-01T00:00:00Z,,2026-08-01T00:00:00Z,2026-08-02T00:00:00Z,86400,1,true\r\n"),
        "{csv}"
    );
}

#[test]
fn a_file_with_an_error_is_left_out_and_named() {
    let broken = incident("Broken", &[("major_outage", "2026-08-01 12:00", Some("2026-08-01 10:00"))]);
    let good = incident("Good", &[("major_outage", "2026-08-02 10:00", Some("2026-08-02 11:00"))]);
    let dir = corpus(
        CONFIG,
        &[("broken.toml", broken), ("good.toml", good), ("garbled.json", "{ nope".to_string())],
    );
    let output = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3", "--to", "json"]);
    assert_eq!(code(&output), 2, "an unreadable file is a failure, though the report is written");
    let err = stderr(&output);
    assert!(err.contains("broken.toml") && err.contains("garbled.json"), "{err}");
    assert!(err.contains("end-before-start"), "{err}");
    let report: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let excluded: Vec<&str> =
        report["excluded"].as_array().expect("list").iter().filter_map(|e| e["file"].as_str()).collect();
    assert_eq!(excluded.len(), 2, "{excluded:?}");
    assert!(excluded.iter().any(|f| f.ends_with("broken.toml")));
    assert!(report["excluded"][0]["reason"].as_str().is_some_and(|r| r.contains("PM")));
    assert_eq!(deployment(&report, "Public Cloud Server")["downtime_seconds"], 3600);
    assert_eq!(report["files"]["excluded"], 2);

    std::fs::remove_file(dir.path().join("incidents/garbled.json")).expect("remove");
    let md = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3"]);
    assert_eq!(code(&md), 1, "error diagnostics: exit 1");
    let md = stdout(&md);
    assert!(md.contains("## Left out") && md.contains("broken.toml"), "{md}");
}

#[test]
fn csv_has_one_row_per_incident_window() {
    let output = run(&["report", "--quarter", "2026-Q3", "--to", "csv"]);
    assert_eq!(code(&output), 0);
    let csv = stdout(&output);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines.first().is_some_and(|h| h.starts_with("file,title,service,severity,incident_began")));
    assert_eq!(lines.len(), 1 + 3, "header and the seed's three windows: {csv}");
    assert!(
        csv.contains("Public Cloud Server,0,major_outage,false,2026-07-04T14:55:00Z,2026-07-04T22:05:00Z")
    );
}

#[test]
fn a_period_is_required_and_bad_ones_are_explained() {
    let none = run(&["report"]);
    assert_eq!(code(&none), 2);
    assert!(stderr(&none).contains("--quarter 2026-Q3"), "{}", stderr(&none));
    let bad = run(&["report", "--quarter", "2026-Q7"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("not a quarter"));
    let reversed = run(&["report", "--from", "2026-07-31", "--until", "2026-07-01"]);
    assert_eq!(code(&reversed), 2);
    assert!(stderr(&reversed).contains("before --from"));
}

#[test]
fn output_goes_to_a_file_whole_with_links_relative_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q3.md");
    let output = run(&["report", "--quarter", "2026-Q3", "-o", path.to_str().expect("utf-8")]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("# Reliability report 2026-Q3"));
    assert!(!text.contains("](incidents/"), "links are relative to the report's folder: {text}");
}

#[test]
fn html_is_one_self_contained_page_with_the_charts() {
    let title = "<script>alert(1)</script> | [x](javascript:alert(1))";
    let dir = corpus(
        CONFIG,
        &[("x.toml", incident(title, &[("major_outage", "2026-08-01 10:00", Some("2026-08-01 12:00"))]))],
    );
    let output = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3", "--to", "html"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let html = stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.matches("<svg").count() >= 3, "strip, monthly, burn-down");
    assert!(!html.contains("<script"), "text from incident files is escaped");
    assert!(!html.contains("javascript:alert(1)\""), "no script link");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external requests");
    assert!(html.contains("99.9094 %"), "availability: 1 − 7200 / 7948800");
}

/// Whether an SVG `<text>` element in `html` reads exactly `text` (plotters writes it on its own line).
fn svg_text(html: &str, text: &str) -> bool {
    html.contains(&format!(">\n{text}\n</text>"))
}

/// The bundled `incidents/` for 2026-Q3 with `--as-of` fixed, in `format`.
fn bundled_report(format: &str) -> String {
    let output =
        run(&["report", "incidents", "--quarter", "2026-Q3", "--as-of", "2026-10-01", "--to", format]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn snapshots_of_the_bundled_quarter_in_md_html_and_json() {
    let md = bundled_report("md");
    assert!(md.contains("| Public Cloud Server | 7h 10m (25800 s) | 99.6754 % | 99.9 % |"), "{md}");
    assert!(!md.contains("[[postmortem-report-charts"), "the chart marker is for HTML only");
    insta::assert_snapshot!("report_2026_q3.md", md);
    let html = bundled_report("html");
    assert_eq!(html, bundled_report("html"), "the page, charts included, is deterministic");
    insta::assert_snapshot!("report_2026_q3.html", html);
    insta::assert_snapshot!("report_2026_q3.json", bundled_report("json"));
}

#[test]
fn the_html_page_uses_the_shared_layout_and_accessible_charts() {
    let html = bundled_report("html");
    // The post-mortems' layout: CSP, colour schemes, print stylesheet.
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(html.contains("prefers-color-scheme: dark") && html.contains("@media print"));
    assert!(html.contains("<title>Reliability report 2026-Q3 — SMSGate</title>"));
    // The charts stand where the template's marker was: after the introduction, before the tables.
    let glance = html.find("<h2>At a glance</h2>").expect("charts heading");
    let charts = html.find("class=\"pm-report-charts\"").expect("charts");
    let tables = html.find("<h2>Availability and error budget</h2>").expect("tables");
    assert!(glance < charts && charts < tables);
    assert!(!html.contains("[[postmortem-report-charts"), "the marker is replaced");
    for id in ["windows", "months", "budget"] {
        for variant in [id.to_string(), format!("{id}-narrow")] {
            assert!(html.contains(&format!("<title id=\"pm-report-{variant}-title\">")), "{variant}");
            assert!(html.contains(&format!("<desc id=\"pm-report-{variant}-desc\">")), "{variant}");
        }
    }
    assert!(html.contains("Public Cloud Server: 1 impact stretch, 7h 10m counted as downtime"), "strip desc");
    assert!(html.matches("\nDate (UTC)\n</text>").count() >= 2, "time axes name the zone");
    assert!(html.contains(">Downtime per month (UTC)</text>"), "the heat map names the zone");
    assert!(svg_text(&html, "Major outage") && svg_text(&html, "Planned maintenance"), "legend");
    assert!(svg_text(&html, "Public Cloud Server (-225 % left)"), "burn-down legend");
    assert!(svg_text(&html, "Jul 1") && svg_text(&html, "Oct 1"), "month ticks");
}

#[test]
fn charts_name_a_long_zone_and_mark_as_of_inside_the_period() {
    let dir = corpus(
        "timezone = \"America/New_York\"\n[slo]\n\"Public Cloud Server\" = 99.9\n",
        &[("x.toml", incident("X", &[("major_outage", "2026-08-01 10:00", Some("2026-08-01 12:00"))]))],
    );
    let output = run_in(
        dir.path(),
        &["report", "incidents", "--quarter", "2026-Q3", "--as-of", "2026-08-15", "--to", "html"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let html = stdout(&output);
    assert!(svg_text(&html, "Date (America/New_York)"), "the zone is on the axis");
    assert!(svg_text(&html, "as of Aug 15"), "the burn-down stops at --as-of");
    assert!(html.contains(">Downtime per month (America/New_York)</text>"));
}

#[test]
fn a_user_report_template_overrides_the_builtin_for_md_and_html() {
    let seed = std::fs::read_to_string(crate::common::seed()).expect("seed");
    let config = std::fs::read_to_string(root().join("postmortem.toml")).expect("config");
    let dir = corpus(&config, &[("2026-07-04-smsgate-api.toml", seed)]);
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    // Extends the embedded template and replaces one block, using the shared filters.
    std::fs::write(
        mine.join("report.md.j2"),
        "{% extends \"builtin/report.md.j2\" %}\n{% block durations %}\n## Our own section\n\n\
         {% for d in deployments %}\n- {{ d.name }}: {{ d.downtime_seconds|approx }}, as of \
         {{ as_of|datetime(\"%B %-d, %Y %H:%M %Z\") }}\n{% endfor %}\n\n{% endblock %}\n",
    )
    .expect("write");
    let args = ["report", "incidents", "--quarter", "2026-Q3", "--templates", "mine"];
    let md = run_in(dir.path(), &args);
    assert_eq!(code(&md), 0, "{}", stderr(&md));
    let md = stdout(&md);
    assert!(md.contains("## Our own section\n\n- Public Cloud Server: approximately 7 hours, as of October 1, 2026 00:00 UTC"), "{md}");
    assert!(!md.contains("## Time to detect"), "the block is replaced");
    assert!(md.contains("## Availability and error budget"), "the other blocks stay");
    let html = run_in(dir.path(), &[&args[..], &["--to", "html"]].concat());
    assert_eq!(code(&html), 0, "{}", stderr(&html));
    let html = stdout(&html);
    assert!(
        html.contains("<h2>Our own section</h2>") && html.contains("class=\"pm-report-charts\""),
        "{html}"
    );

    // A `templates/` folder beside postmortem.toml is found without the flag; a template
    // without the chart marker still gets the charts, after its content.
    std::fs::create_dir(dir.path().join("templates")).expect("mkdir");
    std::fs::write(dir.path().join("templates/report.md.j2"), "# Just {{ period.label }}\n").expect("write");
    let plain = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3"]);
    assert_eq!(stdout(&plain), "# Just 2026-Q3\n");
    let html = stdout(&run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3", "--to", "html"]));
    let heading = html.find("<h1>Just 2026-Q3</h1>").expect("heading");
    assert!(html.find("class=\"pm-report-charts\"").is_some_and(|at| at > heading), "{html}");

    // A broken override is named with its line and source.
    std::fs::write(dir.path().join("templates/report.md.j2"), "# {{ period.label }}\n{{ no_such }}\n")
        .expect("write");
    let broken = run_in(dir.path(), &["report", "incidents", "--quarter", "2026-Q3"]);
    assert_eq!(code(&broken), 2);
    let err = stderr(&broken);
    assert!(err.contains("report.md.j2") && err.contains("line 2") && err.contains("{{ no_such }}"), "{err}");
}
