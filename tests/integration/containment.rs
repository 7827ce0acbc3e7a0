//! One field cannot break the document: hostile text in every field of an incident, the
//! Markdown outputs read back by a CommonMark reader (pulldown-cmark, as GitHub-flavoured
//! readers parse), and every field found in its own section, with no raw HTML or script link.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::common::{POSTMORTEM_SECTIONS, code, run, stderr, stdout};

const GFM: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// An incident whose every text field tries to break out; each field ends with `END-<field>`.
fn hostile_incident(dir: &Path) -> PathBuf {
    let incident = serde_json::json!({
        "format": 1,
        "title": "Checkout down\r# Injected by the title",
        "service": "Shop <b>bold</b>",
        "timezone": "UTC",
        "deployments": ["Main"],
        "intro": "[r]: javascript:alert(1)\n\nEND-intro",
        "summary": "Summary text\r## Injected by a lone CR\n\nEND-summary\n\n```\nan unclosed fence",
        "root_cause": "END-root_cause <!-- a comment never closed",
        "resolution": "<script>\nalert(1)\n\n## Not a section END-resolution",
        "lessons_learned": "END-lessons_learned\n\n<pre>\n\n[[postmortem-timeline-chart]]",
        "closing": "> quote\ncontinued [x](javascript:alert(1)) END-closing\n\npara\n===",
        "sections": [{"title": "Extra\r# Injected by a section title", "body": "END-section-body\n~~~\ntilde fence left open"}],
        "impact": [{
            "deployment": "Main", "status": "major_outage",
            "start": "2026-07-04 10:00", "end": "2026-07-04 11:00",
            "text": "<img src=x onerror=alert(1)> END-impact"
        }],
        "events": [
            {"at": "2026-07-04 10:00", "text": "Began\r# Injected by an event END-event", "marks": ["impact_start"]},
            {"at": "2026-07-04 11:00", "text": "Recovered <!-- x", "marks": ["recovered"]}
        ],
        "updates": [
            {"at": "2026-07-04 10:05", "status": "investigating", "text": "<div>\nEND-update\n\n[[postmortem-timeline-chart]]", "deployments": ["Main"]},
            {"at": "2026-07-04 11:10", "status": "resolved", "text": "Fixed. [y](data:text/html,x) `unclosed"}
        ],
        "actions": [{"text": "Act [click][r] END-action", "kind": "prevent", "status": "open", "owner": "# ana", "ticket": "javascript:alert(1)"}]
    });
    let path = dir.join("2026-07-04-hostile.json");
    std::fs::write(&path, serde_json::to_string_pretty(&incident).expect("json")).expect("write");
    path
}

/// What a reader sees: headings by level and text, the text under each level-2 heading, and
/// every raw HTML fragment and link destination.
#[derive(Default, Debug)]
struct Reading {
    h1: Vec<String>,
    h2: Vec<String>,
    /// The text before the first level-2 heading, then one entry per level-2 section.
    sections: Vec<String>,
    html: Vec<String>,
    links: Vec<String>,
}

fn read(markdown: &str) -> Reading {
    let mut reading = Reading { sections: vec![String::new()], ..Reading::default() };
    let mut heading: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(markdown, GFM) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => match heading.take() {
                Some((HeadingLevel::H1, text)) => reading.h1.push(text),
                Some((HeadingLevel::H2, text)) => {
                    reading.h2.push(text);
                    reading.sections.push(String::new());
                }
                Some((_, text)) => reading.sections.last_mut().expect("a section").push_str(&text),
                None => {}
            },
            Event::Html(raw) | Event::InlineHtml(raw) => reading.html.push(raw.to_string()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                reading.links.push(dest_url.to_string())
            }
            Event::Text(text) | Event::Code(text) => match &mut heading {
                Some((_, heading)) => heading.push_str(&text),
                None => reading.sections.last_mut().expect("a section").push_str(&text),
            },
            _ => {}
        }
    }
    reading
}

fn section_of(reading: &Reading, needle: &str) -> Option<String> {
    let index = reading.sections.iter().position(|s| s.contains(needle))?;
    Some(if index == 0 { "(opening)".to_string() } else { reading.h2[index - 1].clone() })
}

fn assert_inert(reading: &Reading, what: &str) {
    assert!(reading.html.is_empty(), "{what}: raw HTML reached the reader: {:?}", reading.html);
    for link in &reading.links {
        let scheme = link.split(':').next().unwrap_or("").to_ascii_lowercase();
        assert!(
            !link.contains(':') || matches!(scheme.as_str(), "http" | "https" | "mailto"),
            "{what}: a live `{link}` link"
        );
    }
}

#[test]
fn every_field_stays_in_its_section_of_the_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = hostile_incident(dir.path());
    let output = run(&["render", &incident.to_string_lossy(), "--to", "md", "--force"]);
    // The file has errors (a title over two lines) by design: rendered anyway, exit 1.
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let markdown = stdout(&output);
    let reading = read(&markdown);
    assert_eq!(reading.h1.len(), 1, "one document title: {:?}\n{markdown}", reading.h1);
    assert_eq!(
        reading.h2,
        [&POSTMORTEM_SECTIONS[..], &["Extra # Injected by a section title", "Status updates"]].concat(),
        "{markdown}"
    );
    for (needle, section) in [
        ("END-intro", "(opening)"),
        ("END-summary", "Summary"),
        ("END-impact", "Impact"),
        ("END-event", "Timeline (UTC)"),
        ("END-root_cause", "Root Cause"),
        ("END-resolution", "Resolution"),
        ("END-lessons_learned", "Lessons Learned"),
        ("END-action", "Preventive Actions"),
        ("END-closing", "Closing"),
        ("END-section-body", "Extra # Injected by a section title"),
        ("END-update", "Status updates"),
        ("an unclosed fence", "Summary"),
        ("tilde fence left open", "Extra # Injected by a section title"),
    ] {
        assert_eq!(section_of(&reading, needle).as_deref(), Some(section), "{needle}:\n{markdown}");
    }
    assert_inert(&reading, "render --to md");
    assert!(markdown.contains("```mermaid"), "the Mermaid block survives:\n{markdown}");
}

#[test]
fn the_status_page_markdown_keeps_its_updates_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = hostile_incident(dir.path());
    let output = run(&["status", &incident.to_string_lossy(), "--to", "md", "--force"]);
    // The file has errors (a title over two lines) by design: rendered anyway, exit 1.
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let markdown = stdout(&output);
    let reading = read(&markdown);
    assert_eq!(reading.h1.len(), 1, "{markdown}");
    assert_eq!(reading.h2, ["Resolved", "Created"], "{markdown}");
    assert_eq!(section_of(&reading, "END-update").as_deref(), Some("Created"), "{markdown}");
    assert_inert(&reading, "status --to md");
}

#[test]
fn a_forged_chart_marker_places_no_second_chart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = hostile_incident(dir.path());
    let output = run(&["render", &incident.to_string_lossy(), "--to", "html", "--force"]);
    // The file has errors (a title over two lines) by design: rendered anyway, exit 1.
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let html = stdout(&output);
    assert_eq!(html.matches("class=\"pm-chart-figure\"").count(), 1, "one chart, placed once");
    assert!(html.contains("[[postmortem-timeline-chart]]"), "the forged marker stays text");
    assert!(!html.contains("<script") && !html.contains("<div>\n"), "raw HTML stays text");
}
