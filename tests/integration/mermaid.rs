//! Every Mermaid block the Markdown output of every fixture carries is drawn by the real
//! Mermaid (`mmdc` from `@mermaid-js/mermaid-cli`, on the system Chromium; `scripts/test.sh`
//! installs it), all in one run; and partial outage is drawn unlike major outage.

use std::path::PathBuf;
use std::process::Command;

use regex::Regex;

use crate::common::{code, external_tool, fixtures, relative, root, run, stderr, stdout};

/// Every incident fixture that renders: the valid ones, the render fixtures and the seed.
fn incident_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["valid", "render"]
        .iter()
        .flat_map(|kind| std::fs::read_dir(fixtures(kind)).expect("fixtures").flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    files.push(root().join("incidents/2026-07-04-smsgate-api.toml"));
    files.sort();
    files
}

fn mermaid_blocks(markdown: &str) -> Vec<String> {
    Regex::new(r"(?s)```mermaid\n(.*?)\n```")
        .expect("regex")
        .captures_iter(markdown)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn every_mermaid_block_of_every_fixture_is_drawn_by_mermaid() {
    let mmdc = external_tool("mmdc");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut all = String::new();
    let mut names = Vec::new();
    for file in incident_fixtures() {
        let shown = relative(&file);
        let out = run(&["render", &shown, "--to", "md", "--force"]);
        assert!(code(&out) <= 1, "{shown}: {}", stderr(&out));
        for block in mermaid_blocks(&stdout(&out)) {
            all.push_str(&format!("## {shown}\n\n```mermaid\n{block}\n```\n\n"));
            names.push((shown.clone(), block));
        }
    }
    assert!(names.len() >= 10, "only {} blocks", names.len());
    let input = dir.path().join("all.md");
    std::fs::write(&input, &all).expect("write");
    let config = dir.path().join("puppeteer.json");
    std::fs::write(&config, r#"{"args":["--no-sandbox"]}"#).expect("write");
    let output = Command::new(&mmdc)
        .env("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out.md"))
        .output()
        .expect("mmdc runs");
    let log =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "Mermaid refused a block:\n{log}");
    let drawn: Vec<String> = (1..=names.len())
        .map(|n| {
            std::fs::read_to_string(dir.path().join(format!("out-{n}.svg")))
                .unwrap_or_else(|e| panic!("block {n} ({}) was not drawn: {e}\n{log}", names[n - 1].0))
        })
        .collect();
    for ((shown, _), svg) in names.iter().zip(&drawn) {
        assert!(svg.contains("class=\"task"), "{shown}: no task drawn");
        assert!(!svg.contains("Syntax error"), "{shown}: Mermaid drew a syntax error");
    }

    // The dense incident: major and partial outage get different task classes, and those
    // classes different fills; punctuation comes through as written.
    let (index, _) =
        names.iter().enumerate().find(|(_, (n, _))| n.contains("dense-payments")).expect("the dense fixture");
    let svg = &drawn[index];
    let class_of = |label: &str| -> String {
        let text =
            Regex::new(&format!(r#"<text id="[^"]*-(t\d+)-text"[^>]*>{label} </text>"#)).expect("regex");
        let id = text
            .captures(svg)
            .unwrap_or_else(|| panic!("no task “{label}”"))
            .get(1)
            .expect("id")
            .as_str()
            .to_string();
        let rect =
            Regex::new(&format!(r#"<rect id="[^"]*-{id}"[^>]*class="task ([a-z]+)\d""#)).expect("regex");
        rect.captures(svg).unwrap_or_else(|| panic!("no bar for “{label}”"))[1].to_string()
    };
    let (major, partial) = (class_of("Major outage"), class_of("Partial outage"));
    assert_ne!(major, partial, "major and partial outage share the task class `{major}`");
    let fill = |class: &str| -> String {
        Regex::new(&format!(r"\.{class}0,[^{{]*\{{[^}}]*fill:([^;}}]+)"))
            .expect("regex")
            .captures(svg)
            .unwrap_or_else(|| panic!("no style for .{class}0"))[1]
            .to_string()
    };
    assert_ne!(fill(&major), fill(&partial), "major and partial outage are drawn in one colour");
    assert!(svg.contains("Incident channel opened; SEV-1 declared."), "the semicolon was lost");
}
