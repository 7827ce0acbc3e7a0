//! `render`, `chart` and `templates export` end to end: the seed's post-mortem, snapshots of
//! every valid fixture, template overrides, and the XSS fixture.

use std::path::PathBuf;

use regex::Regex;

use crate::common::{POSTMORTEM_SECTIONS, code, fixtures, relative, root, run, run_in, seed, stderr, stdout};

const SEED_TEXT: &str = "seed/smsgate-2026-07-04-postmortem.txt";

fn render_seed_md() -> String {
    let out = run(&["render", "incidents/2026-07-04-smsgate-api.toml", "--to", "md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

fn headings(markdown: &str) -> Vec<String> {
    markdown.lines().filter_map(|l| l.strip_prefix("## ")).map(str::to_string).collect()
}

#[test]
fn the_seed_renders_with_the_seed_structure() {
    let md = render_seed_md();
    assert!(md.starts_with("# SMSGate API Incident Post-Mortem (July 3–4, 2026)\n"), "{md}");
    // "Status updates" is not in the published text (the status page shows its updates
    // itself); a document carries them last, so it can be imported back.
    assert_eq!(headings(&md), [&POSTMORTEM_SECTIONS[..], &["Status updates"]].concat());
    for line in [
        "The incident affected deployments as follows:",
        "- Public Cloud Server — SMSGate API was unavailable from 14:55 UTC to 22:05 UTC on July 4.",
        "- Local Server — No impact.",
        "Duration, computed from the impact windows: Public Cloud Server 7h 10m major outage.",
        "  - Major outage from July 4, 2026 14:55 UTC to 22:05 UTC (7h 10m)",
        "| Public Cloud Server | 7h 10m major outage |",
        "1. July 3, 16:00 — Scheduled network maintenance began at the hosting provider.",
        "4. July 4, 22:05 — Network connectivity to the database server was restored manually, and all services returned to normal operation.",
        "To reduce the likelihood of similar incidents, the following improvements are being implemented:",
        "- Review infrastructure configuration to eliminate similar single points of failure.",
        "```mermaid",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line {line:?} in\n{md}");
    }
}

/// The published seed, when the shared folder is beside the repository (it is not shipped).
fn published_seed() -> Option<String> {
    let base = root();
    [base.join("../shared"), base.join("../../shared")]
        .iter()
        .map(|dir| dir.join(SEED_TEXT))
        .find(|p| p.is_file())
        .and_then(|p| std::fs::read_to_string(p).ok())
}

#[test]
fn every_line_of_the_published_post_mortem_is_rendered() {
    let Some(text) = published_seed() else {
        eprintln!("notice: ../shared/{SEED_TEXT} not found; skipping the comparison with the published text");
        return;
    };
    let md = render_seed_md();
    // The post-mortem is the body between its title and the status page's "Affected services".
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Incident Post-Mortem"))
        .take_while(|l| !l.starts_with("Affected services"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(body.len() > 20, "unexpected seed layout");
    let list_marker = Regex::new(r"^(?:#+ |- |\d+\. )").expect("regex");
    let rendered: Vec<String> = md.lines().map(|l| list_marker.replace(l, "").into_owned()).collect();
    let mut position = 0;
    for line in body {
        let wanted = list_marker.replace(line.trim(), "").into_owned();
        let found = rendered.iter().skip(position).position(|l| *l == wanted);
        let Some(offset) = found else { panic!("seed line not rendered (in order): {wanted:?}\n\n{md}") };
        position += offset + 1;
    }
}

#[test]
fn the_impact_duration_follows_the_outage_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(seed()).expect("seed");
    let changed = text.replacen("end = \"2026-07-04 22:05\"", "end = \"2026-07-04 23:20\"", 1);
    assert_ne!(changed, text);
    let file = dir.path().join("incident.toml");
    std::fs::write(&file, changed).expect("write");
    let out = run_in(dir.path(), &["render", "incident.toml", "--to", "md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("Public Cloud Server 8h 25m major outage."), "{md}");
    assert!(md.contains("| Public Cloud Server | 8h 25m major outage |"), "{md}");
    // Time to mitigate still reads 7h 10m: the `mitigated` event did not move.
    assert!(!md.contains("7h 10m major outage") && !md.contains("(7h 10m)"), "{md}");
}

#[test]
fn snapshots_of_every_valid_fixture() {
    insta::glob!("../fixtures/valid", "*.toml", |path| {
        let file = relative(path);
        for (format, args) in [
            ("md", vec!["render", file.as_str(), "--to", "md"]),
            ("html", vec!["render", file.as_str(), "--to", "html"]),
            ("svg", vec!["chart", file.as_str()]),
        ] {
            let out = run(&args);
            let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            // An incident with nothing timed has no chart: `chart` says so and fails.
            let untimed = format == "svg" && stem == "minimal";
            assert_eq!(code(&out), if untimed { 2 } else { 0 }, "{file} {format}: {}", stderr(&out));
            let shown = if untimed { stderr(&out) } else { stdout(&out) };
            insta::assert_snapshot!(format!("{stem}.{format}"), shown);
        }
    });
}

#[test]
fn output_is_deterministic() {
    let a = run(&["chart", "incidents/2026-07-04-smsgate-api.toml"]);
    let b = run(&["chart", "incidents/2026-07-04-smsgate-api.toml"]);
    assert_eq!(stdout(&a), stdout(&b));
    assert!(
        stdout(&a).contains("<title id=\"pm-timeline-title\">Timeline of the SMSGate API incident</title>")
    );
    assert!(
        stdout(&a).contains("The quiet 16h 50m from July 3, 22:00 to July 4, 14:50 is drawn compressed.")
    );
}

#[test]
fn a_single_template_can_be_overridden_and_extend_the_builtin() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("postmortem.md.j2"),
        "{% extends \"builtin/postmortem.md.j2\" %}\n{% block closing %}\n## Closing\n\nCustom closing for {{ incident.service }}, down {{ downtime_seconds|duration }}.\n\n{% endblock %}\n",
    )
    .expect("write");
    let templates = dir.path().to_string_lossy().into_owned();
    let out = run(&["render", "incidents/2026-07-04-smsgate-api.toml", "--templates", &templates]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("Custom closing for SMSGate API, down 7h 10m."), "{md}");
    assert!(!md.contains("Thank you for your continued support"), "{md}");
    assert!(md.contains("## Root Cause"), "the rest still comes from the built-in template");
    // The layout was not overridden and still wraps it.
    let html = stdout(&run(&[
        "render",
        "incidents/2026-07-04-smsgate-api.toml",
        "--to",
        "html",
        "--templates",
        &templates,
    ]));
    assert!(html.contains("<p>Custom closing for SMSGate API, down 7h 10m.</p>"), "{html}");
}

#[test]
fn a_template_error_names_the_template_line_and_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("postmortem.md.j2"), "# {{ document_title }}\n\n{{ incident.servise }}\n")
        .expect("write");
    let templates = dir.path().to_string_lossy().into_owned();
    let out = run(&["render", "incidents/2026-07-04-smsgate-api.toml", "--templates", &templates]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("template `postmortem.md.j2`"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("{{ incident.servise }}"), "{err}");
    assert!(stdout(&out).is_empty(), "nothing is printed on failure");
}

#[test]
fn templates_export_writes_the_builtins_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("mine");
    let target_arg = target.to_string_lossy().into_owned();
    let out = run(&["templates", "export", &target_arg]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for name in [
        "postmortem.md.j2",
        "layout.html.j2",
        "title.txt.j2",
        "status.txt.j2",
        "status.md.j2",
        "report.md.j2",
        "report.html.j2",
    ] {
        let exported = std::fs::read_to_string(target.join(name)).expect("exported");
        let builtin = std::fs::read_to_string(root().join("templates").join(name)).expect("builtin");
        assert_eq!(exported, builtin, "{name}");
    }
    std::fs::write(target.join("title.txt.j2"), "edited").expect("edit");
    let again = run(&["templates", "export", &target_arg]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(target.join("title.txt.j2")).expect("read"), "edited");
    assert_eq!(code(&run(&["templates", "export", &target_arg, "--force"])), 0);
    assert_ne!(std::fs::read_to_string(target.join("title.txt.j2")).expect("read"), "edited");
}

#[test]
fn a_folder_output_writes_md_html_and_svg_side_by_side() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = format!("{}/", dir.path().join("out").display());
    let out = run(&["render", "incidents/2026-07-04-smsgate-api.toml", "-o", &out_dir]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base = dir.path().join("out");
    let md = std::fs::read_to_string(base.join("2026-07-04-smsgate-api.md")).expect("md");
    assert!(md.contains("](2026-07-04-smsgate-api.svg)"), "the Markdown links the chart");
    let svg = std::fs::read_to_string(base.join("2026-07-04-smsgate-api.svg")).expect("svg");
    assert!(svg.starts_with("<svg"));
    let html = std::fs::read_to_string(base.join("2026-07-04-smsgate-api.html")).expect("html");
    assert!(html.contains("<svg") && html.contains("</html>"));
}

#[test]
fn render_refuses_errors_unless_forced_and_never_writes_over_the_incident() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(seed()).expect("seed");
    let broken = text.replacen("end = \"2026-07-04 22:05\"", "end = \"2026-07-04 12:05\"", 1);
    std::fs::write(dir.path().join("bad.toml"), broken).expect("write");
    let out = run_in(dir.path(), &["render", "bad.toml"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    let forced = run_in(dir.path(), &["render", "bad.toml", "--force"]);
    assert_eq!(code(&forced), 1, "still reports the errors");
    assert!(stdout(&forced).contains("# SMSGate API Incident Post-Mortem"));
    let clobber = run_in(dir.path(), &["render", "bad.toml", "--force", "-o", "bad.toml"]);
    assert_eq!(code(&clobber), 2);
    assert!(std::fs::read_to_string(dir.path().join("bad.toml")).expect("read").contains("format = 1"));
}

#[test]
fn the_output_extension_chooses_the_format_and_incident_files_are_not_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed_text = std::fs::read_to_string(seed()).expect("seed");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
    write("seed.toml", &seed_text);
    write("other.toml", &seed_text);
    write("other.json", r#"{"format": 1, "title": "an incident with a typo", "servise": "x"}"#);

    // Without --to, the extension decides.
    assert_eq!(code(&run_in(dir.path(), &["render", "seed.toml", "-o", "page.html"])), 0);
    assert!(read("page.html").starts_with("<!DOCTYPE html>"), "{}", read("page.html"));
    assert_eq!(code(&run_in(dir.path(), &["render", "seed.toml", "-o", "page.MARKDOWN"])), 0);
    assert!(read("page.MARKDOWN").starts_with("# SMSGate API"));
    assert_eq!(code(&run_in(dir.path(), &["render", "seed.toml", "-o", "page.txt"])), 0);
    assert!(read("page.txt").starts_with("# SMSGate API"), "default md for an unknown extension");
    // A --to that contradicts the extension is a usage error, and nothing is written.
    let conflict = run_in(dir.path(), &["render", "seed.toml", "--to", "html", "-o", "notes.md"]);
    assert_eq!(code(&conflict), 2, "{}", stderr(&conflict));
    assert!(stderr(&conflict).contains("`--to html` conflicts with `-o notes.md`"), "{}", stderr(&conflict));
    assert!(!dir.path().join("notes.md").exists());
    assert_eq!(code(&run_in(dir.path(), &["render", "seed.toml", "--to", "html", "-o", "page.htm"])), 0);

    // Another incident file is never replaced by a rendering without --force.
    for (command, target) in
        [("render", "other.toml"), ("render", "other.json"), ("chart", "other.toml"), ("chart", "other.json")]
    {
        let before = read(target);
        let out = run_in(dir.path(), &[command, "seed.toml", "-o", target]);
        assert_eq!(code(&out), 2, "{command} -o {target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("already exists") && stderr(&out).contains("--force"),
            "{}",
            stderr(&out)
        );
        assert_eq!(read(target), before, "{command} -o {target} changed the file");
    }
    assert_eq!(code(&run_in(dir.path(), &["render", "seed.toml", "-o", "other.toml", "--force"])), 0);
    assert!(read("other.toml").starts_with("# SMSGate API"));

    // The report: JSON may replace an earlier report, never an incident.
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    write("incidents/seed.toml", &seed_text);
    let report = |out: &str, extra: &[&str]| {
        let mut args = vec!["report", "incidents", "--quarter", "2026-Q3", "-o", out];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    assert_eq!(code(&report("q3.json", &[])), 0);
    assert!(read("q3.json").contains("\"period\""), "JSON from the extension: {}", read("q3.json"));
    assert_eq!(code(&report("q3.json", &[])), 0, "an earlier report is replaced");
    assert_eq!(code(&report("q3.csv", &[])), 0);
    assert!(read("q3.csv").starts_with("file,"), "{}", read("q3.csv"));
    let conflict = report("q3.csv", &["--to", "json"]);
    assert_eq!(code(&conflict), 2, "{}", stderr(&conflict));
    let before = read("other.json");
    let refused = report("other.json", &[]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("is an incident file"), "{}", stderr(&refused));
    assert_eq!(read("other.json"), before);
    assert_eq!(code(&report("other.json", &["--force"])), 0);
}

/// An incident of `events` events every 80 s and `windows` 20-minute windows over five
/// deployments, all in UTC: the size that made the chart a 93 MB SVG.
fn big_incident(events: usize, windows: usize) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2026-07-04T00:00:00Z").expect("base");
    let at = |seconds: usize| (base + chrono::Duration::seconds(seconds as i64)).format("%Y-%m-%dT%H:%M:%SZ");
    let mut text = String::from(
        "format = 1\ntitle = \"Big\"\nservice = \"Big\"\nroot_cause = \"Load.\"\n\
         deployments = [\"R0\", \"R1\", \"R2\", \"R3\", \"R4\"]\n",
    );
    for i in 0..windows {
        let start = (i / 5) * 2400 + (i % 5) * 60;
        let status = if i % 3 == 0 { "major_outage" } else { "degraded_performance" };
        text += &format!(
            "[[impact]]\ndeployment = \"R{}\"\nstatus = \"{status}\"\nstart = \"{}\"\nend = \"{}\"\n",
            i % 5,
            at(start),
            at(start + 1200)
        );
    }
    for i in 0..events {
        text += &format!("[[events]]\nat = \"{}\"\ntext = \"Event {i}.\"\n", at(i * 80));
    }
    text += &format!("[[updates]]\nat = \"{}\"\nstatus = \"investigating\"\ntext = \"Looking.\"\n", at(300));
    text += &format!("[[updates]]\nat = \"{}\"\nstatus = \"resolved\"\ntext = \"Fixed.\"\n", at(events * 80));
    text
}

#[test]
fn a_big_incident_draws_a_small_chart_with_every_event_accounted_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("big.toml"), big_incident(3000, 500)).expect("write");
    let out = run_in(dir.path(), &["chart", "big.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.len() < 2_000_000, "the chart is {} bytes", svg.len());
    let polylines = svg.matches("<polyline").count();
    assert!(polylines < 1_000, "{polylines} polylines");
    let height: u32 = Regex::new(r#"^<svg xmlns="http://www.w3.org/2000/svg" width="960" height="(\d+)""#)
        .expect("regex")
        .captures(&svg)
        .and_then(|c| c[1].parse().ok())
        .expect("svg height");
    assert!(height < 800, "the marker rows are capped, yet the chart is {height} px high");
    // Numbered markers (circles, less the legend's and the dot pattern's) and the grouped ones
    // add up to the list.
    let circles = svg.matches("<circle").count() - 2;
    let clustered: usize = Regex::new(
        r"markers crowd, a labelled range such as “5–8” stands for those events of the list \((\d+) in all\)",
    )
    .expect("regex")
    .captures(&svg)
    .and_then(|c| c[1].parse().ok())
    .expect("the description counts the clustered markers");
    assert_eq!(circles + clustered, 3000);

    let out = run_in(dir.path(), &["render", "big.toml", "--to", "html", "-o", "big.html"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("big.html")).expect("html");
    assert!(html.len() < 3_000_000, "the page is {} bytes", html.len());
    assert_eq!(html.matches("<svg").count(), 2, "the wide and the narrow chart");
    assert!(html.contains("Event 2999."), "the timeline list has the last event");

    // A folder output writes the wide chart it put in the page.
    let out = run_in(dir.path(), &["render", "big.toml", "-o", "out/"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("out/big.html")).expect("html");
    let chart = std::fs::read_to_string(dir.path().join("out/big.svg")).expect("svg");
    assert_eq!(chart, svg, "the .svg is the chart `chart` draws");
    assert!(page.contains(chart.trim()), "the page carries the same wide chart");
}

/// A gantt task: (section, name, start, end) with the times as written, no end for a milestone.
type GanttTask = (String, String, String, Option<String>);

/// The title, date format and task lines of the Markdown's Mermaid gantt.
fn gantt_tasks(markdown: &str) -> (String, String, Vec<GanttTask>) {
    let block: Vec<&str> =
        markdown.lines().skip_while(|l| *l != "```mermaid").skip(1).take_while(|l| *l != "```").collect();
    let title = block.iter().find_map(|l| l.trim().strip_prefix("title ")).expect("title").to_string();
    let format = block.iter().find_map(|l| l.trim().strip_prefix("dateFormat ")).expect("format").to_string();
    let mut section = String::new();
    let mut tasks = Vec::new();
    for line in block.iter().map(|l| l.trim()) {
        if let Some(name) = line.strip_prefix("section ") {
            section = name.to_string();
        } else if let Some((name, spec)) = line.split_once(" :") {
            let parts: Vec<&str> = spec.split(", ").collect();
            let (start, end) = match parts.as_slice() {
                [.., start, "0m"] => (start.to_string(), None),
                [.., start, end] => (start.to_string(), Some(end.to_string())),
                _ => panic!("task line {line}"),
            };
            tasks.push((section.clone(), name.to_string(), start, end));
        }
    }
    (title, format, tasks)
}

fn gantt_minutes(format: &str, start: &str, end: &str) -> i64 {
    let pattern = if format.ends_with(":ss") { "%Y-%m-%d %H:%M:%S" } else { "%Y-%m-%d %H:%M" };
    let parse = |t: &str| chrono::NaiveDateTime::parse_from_str(t, pattern).expect("gantt time");
    (parse(end) - parse(start)).num_minutes()
}

#[test]
fn the_mermaid_gantt_is_written_in_utc_across_a_dst_change_and_drops_no_window() {
    // (fixture, expected windows as (section, minutes))
    let cases = [
        (fixtures("valid/dst-new-york.json"), vec![("East", 180), ("West", 180)]),
        // Inside the fold hour: 01:40 EDT -> 01:20 EST is 40 minutes (its wall clock runs
        // backwards, so it used to vanish); 01:10 EDT -> 01:20 EST is 70 (it used to say 10).
        (fixtures("render/dst-fold-windows.toml"), vec![("East", 40), ("West", 70)]),
    ];
    for (fixture, expected) in cases {
        let out = run(&["render", &fixture.to_string_lossy()]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let (title, format, tasks) = gantt_tasks(&stdout(&out));
        assert!(title.ends_with("timeline (UTC)"), "{fixture:?}: {title}");
        let windows: Vec<(String, i64)> = tasks
            .iter()
            .filter(|(section, ..)| section != "Timeline" && section != "Status updates")
            .map(|(section, _, start, end)| {
                (section.clone(), gantt_minutes(&format, start, end.as_deref().expect("a window has an end")))
            })
            .collect();
        let expected: Vec<(String, i64)> = expected.into_iter().map(|(s, m)| (s.to_string(), m)).collect();
        assert_eq!(windows, expected, "{fixture:?}");
        // Milestones are in UTC too: the first event of the fold fixture is 05:10Z.
        if fixture.ends_with("dst-fold-windows.toml") {
            assert!(
                tasks
                    .iter()
                    .any(|(_, name, start, _)| name == "1 Errors began." && start == "2026-11-01 05:10")
            );
        }
    }

    // Without a DST change the gantt keeps the display zone, and seconds are kept when given.
    let (title, _, _) =
        gantt_tasks(&stdout(&run(&["render", &fixtures("valid/checkout-berlin.toml").to_string_lossy()])));
    assert!(!title.contains("(UTC)"), "{title}");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("blip.toml"),
        "format = 1\ntitle = \"Blip\"\nservice = \"API\"\ndeployments = [\"Cloud\"]\n\
         [[impact]]\ndeployment = \"Cloud\"\nstatus = \"major_outage\"\n\
         start = \"2026-07-04T14:55:10Z\"\nend = \"2026-07-04T14:55:40Z\"\n\
         [[events]]\nat = \"2026-07-04T14:55:10Z\"\ntext = \"Errors.\"\n",
    )
    .expect("write");
    let (_, format, tasks) = gantt_tasks(&stdout(&run_in(dir.path(), &["render", "blip.toml"])));
    assert_eq!(format, "YYYY-MM-DD HH:mm:ss");
    assert_eq!(tasks[0].2, "2026-07-04 14:55:10");
    assert_eq!(tasks[0].3.as_deref(), Some("2026-07-04 14:55:40"), "a 30-second window is kept");
}

#[test]
fn a_new_year_incident_names_the_year_in_its_timeline() {
    let out = run(&["render", &fixtures("render/new-year.toml").to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    for line in [
        "1. December 31, 2026, 23:00 — Logins began to fail.",
        "2. January 1, 2027, 01:00 — A new certificate was deployed.",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line {line:?} in\n{md}");
    }
    // Within one year the labels stay short.
    let seed_md = render_seed_md();
    assert!(seed_md.lines().any(|l| l.starts_with("1. July 3, 16:00 — ")), "{seed_md}");
}

pub fn xss_fixture() -> PathBuf {
    fixtures("render").join("xss.toml")
}

/// Every tag in the page is one the renderer itself produces, and no tag carries an event
/// handler or a script URL.
pub fn assert_no_live_payload(html: &str) {
    let allowed = [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "article",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "del",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "input",
        "br",
        "hr",
        "figure",
        "figcaption",
        "div",
        "svg",
        "desc",
        "title",
        "style",
        "defs",
        "pattern",
        "rect",
        "text",
        "circle",
        "polyline",
        "polygon",
        "line",
        "path",
        "g",
    ];
    let tag = Regex::new(r"</?([a-zA-Z][a-zA-Z0-9-]*)").expect("regex");
    for cap in tag.captures_iter(html) {
        let name = cap[1].to_ascii_lowercase();
        assert!(allowed.contains(&name.as_str()), "unexpected live tag <{name}>");
    }
    let handler = Regex::new(r"(?i)<[^>]*\son[a-z]+\s*=").expect("regex");
    assert!(!handler.is_match(html), "an event handler attribute survived");
    let url =
        Regex::new(r#"(?i)<[^>]*\s(?:href|src|action|data)\s*=\s*["']?\s*(?:javascript|data|vbscript):"#)
            .expect("regex");
    assert!(!url.is_match(html), "a script or data URL survived");
    // Inside the charts: tooltips (`<title>`) and the palette's own stylesheet, nothing else.
    let svg = Regex::new(r"(?s)<svg .*?</svg>").expect("regex");
    let style = postmortem::render::svg::palette::style("");
    for chart in svg.find_iter(html) {
        let chart = chart.as_str();
        assert_eq!(chart.matches("<style>").count(), 1, "one stylesheet per chart");
        assert!(chart.contains(&style), "a chart's stylesheet is the palette's");
    }
    let outside = svg.replace_all(html, "");
    assert_eq!(outside.matches("</title>").count(), 1, "only the page's title closes outside the charts");
    assert_eq!(outside.matches("</style>").count(), 1, "only the layout's stylesheet");
}

#[test]
fn the_xss_fixture_renders_every_payload_as_text() {
    let file = relative(&xss_fixture());
    let out = run(&["render", &file, "--to", "html"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = stdout(&out);
    assert_no_live_payload(&html);
    assert!(html.contains("&lt;db-01&gt;"), "raw HTML stays visible as text");
    assert!(html.contains("&lt;script&gt;document.body.append('PW'+'NED')&lt;/script&gt;"));
    assert!(
        html.contains("{{ 7*7 }}") && html.contains("{% raw %}raw{% endraw %}"),
        "template syntax is never evaluated"
    );
    let md = stdout(&run(&["render", &file, "--to", "md"]));
    assert!(md.contains("- {{ 7*7 }} {% raw %}raw{% endraw %} — "), "{md}");
    let svg = stdout(&run(&["chart", &file]));
    assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
}

/// The repository's `templates/` folder sits beside `postmortem.toml`, so a render from the
/// repository root reads it as user overrides. The same render in a project without that
/// folder goes through the templates built into the binary, and must give the same output.
#[test]
fn the_seed_renders_the_same_through_the_built_in_templates() {
    let project = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join("postmortem.toml"), project.path().join("postmortem.toml")).expect("config");
    std::fs::create_dir(project.path().join("incidents")).expect("mkdir");
    let incident = project.path().join("incidents/2026-07-04-smsgate-api.toml");
    std::fs::copy(seed(), &incident).expect("seed");
    assert!(!project.path().join("templates").exists());
    for to in ["md", "html"] {
        let built_in =
            run_in(project.path(), &["render", "incidents/2026-07-04-smsgate-api.toml", "--to", to]);
        assert_eq!(code(&built_in), 0, "{}", stderr(&built_in));
        let from_repo = run(&["render", "incidents/2026-07-04-smsgate-api.toml", "--to", to]);
        assert_eq!(stdout(&built_in), stdout(&from_repo), "--to {to}");
        assert!(stdout(&built_in).contains("SMSGate API Incident Post-Mortem"), "--to {to}");
    }
}
