//! Printing: headless Chromium prints the seed's post-mortem and a report of 24 deployments to
//! PDF, on A4 and on Letter, and `pdftotext` (poppler-utils, installed by `scripts/test.sh`)
//! finds every table column header of the page in the PDF: no table loses a column at the
//! page's edge.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

use crate::browser::{browser, headless, render_html};
use crate::common::{code, external_tool, run_in, stderr};

/// Twelve invented incidents over 24 deployments in 2026-Q3, four deployments each.
pub fn fleet(dir: &Path) -> PathBuf {
    let incidents = dir.join("incidents");
    std::fs::create_dir_all(&incidents).expect("mkdir");
    let names: Vec<String> =
        (1..=24).map(|i| format!("Region {i:02} {}", if i % 2 == 1 { "API" } else { "Web" })).collect();
    let statuses = ["major_outage", "partial_outage", "degraded_performance"];
    for k in 0..12usize {
        let (month, day) = (7 + k % 3, 3 + k * 2);
        let deployments: Vec<&String> = (0..4).map(|j| &names[(k * 2 + j) % 24]).collect();
        let list: Vec<String> = deployments.iter().map(|d| format!("\"{d}\"")).collect();
        let mut text = format!(
            "format = 1\ntitle = \"Incident {}\"\nservice = \"Fleet\"\ntimezone = \"UTC\"\ndeployments = [{}]\n\
             severity = \"SEV-{}\"\nroot_cause = \"A cause.\"\n",
            k + 1,
            list.join(", "),
            1 + k % 3
        );
        for (j, d) in deployments.iter().enumerate() {
            text += &format!(
                "[[impact]]\ndeployment = \"{d}\"\nstatus = \"{}\"\nstart = \"2026-{month:02}-{day:02} {:02}:00\"\n\
                 end = \"2026-{month:02}-{day:02} {:02}:{:02}\"\n",
                statuses[(k + j) % 3],
                10 + j,
                11 + j,
                15 * j
            );
        }
        text += &format!(
            "[[events]]\nat = \"2026-{month:02}-{day:02} 10:00\"\ntext = \"Started.\"\nmarks = [\"impact_start\"]\n\
             [[events]]\nat = \"2026-{month:02}-{day:02} 15:00\"\ntext = \"Resolved.\"\nmarks = [\"resolved\"]\n\
             [[actions]]\ntext = \"Fix it {k}.\"\nkind = \"prevent\"\nstatus = \"{}\"\nowner = \"ops\"\ndue = 2026-12-01\n",
            if k % 2 == 1 { "open" } else { "done" }
        );
        std::fs::write(incidents.join(format!("inc-{k:02}.toml")), text).expect("write");
    }
    incidents
}

/// The report page of the fleet.
pub fn fleet_report(dir: &Path) -> PathBuf {
    let incidents = fleet(dir);
    let page = dir.join("fleet-report.html");
    let out = run_in(
        dir,
        &[
            "report",
            &incidents.to_string_lossy(),
            "--quarter",
            "2026-Q3",
            "--as-of",
            "2026-10-01",
            "-o",
            &page.to_string_lossy(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    page
}

/// The text of every `<th>` of the page, entities decoded, whitespace collapsed.
fn column_headers(html: &str) -> Vec<String> {
    let th = Regex::new(r"(?s)<th[^>]*>(.*?)</th>").expect("regex");
    let tag = Regex::new(r"<[^>]+>").expect("regex");
    let mut headers: Vec<String> = th
        .captures_iter(html)
        .map(|c| {
            let text = tag.replace_all(&c[1], "");
            let text = text
                .replace("&#39;", "'")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|h| !h.is_empty())
        .collect();
    headers.sort();
    headers.dedup();
    headers
}

/// `page` printed on `paper` (`A4` or `letter`), as pdftotext reads it, whitespace collapsed.
fn printed_text(page: &Path, paper: &str, dir: &Path) -> String {
    let html = std::fs::read_to_string(page).expect("page");
    let sized = dir.join(format!("{}-{paper}.html", page.file_stem().expect("stem").to_string_lossy()));
    // As a reader choosing the paper in the print dialog: the page's own rules stay as they are.
    std::fs::write(
        &sized,
        html.replace("</head>", &format!("<style>@page {{ size: {paper}; }}</style></head>")),
    )
    .expect("write");
    let pdf = sized.with_extension("pdf");
    let profile = dir.join(format!("profile-{}", sized.file_stem().expect("stem").to_string_lossy()));
    let flags = [format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".to_string()];
    let output = headless(&browser(), &profile, &sized, &flags);
    assert!(pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&output.stderr));
    let text = Command::new(external_tool("pdftotext")).arg(&pdf).arg("-").output().expect("pdftotext runs");
    assert!(text.status.success(), "pdftotext: {}", String::from_utf8_lossy(&text.stderr));
    String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `header` is in the printed `text`: whole, or (a header wrapped inside its cell, which
/// pdftotext reads interleaved with the neighbouring cells) word by word in order, each word
/// within 60 characters of the previous one.
fn printed(text: &str, header: &str) -> bool {
    if text.contains(header) {
        return true;
    }
    let words: Vec<&str> = header.split(' ').collect();
    text.match_indices(words[0]).any(|(start, first)| {
        let mut at = start + first.len();
        words[1..].iter().all(|word| {
            let end = (at + 60 + word.len()).min(text.len());
            let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
            let window = &text[at..end];
            match window.find(word) {
                Some(found) => {
                    at += found + word.len();
                    true
                }
                None => false,
            }
        })
    })
}

#[test]
fn printed_pages_keep_every_table_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = render_html("incidents/2026-07-04-smsgate-api.toml", dir.path(), "seed.html");
    let report = fleet_report(dir.path());
    for page in [seed, report] {
        let headers = column_headers(&std::fs::read_to_string(&page).expect("page"));
        assert!(headers.len() >= 3, "{}: only {headers:?}", page.display());
        for paper in ["A4", "letter"] {
            let text = printed_text(&page, paper, dir.path());
            let missing: Vec<&String> = headers.iter().filter(|h| !printed(&text, h)).collect();
            assert!(
                missing.is_empty(),
                "{} on {paper}: column headers missing from the PDF: {missing:?}",
                page.display()
            );
        }
    }
}
