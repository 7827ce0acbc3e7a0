//! Paths and names in what the tool writes: links relative to the output, crafted file names
//! kept inert, the tool's own outputs recognised among the incidents, the syntax a file's
//! extension names, and output folders created whole.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::common::{code, run_in, seed, stderr, stdout};

/// A folder with the seed incident in `incidents/` and a quarter to report on.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    std::fs::copy(seed(), dir.path().join("incidents/2026-07-04-smsgate-api.toml")).expect("copy");
    dir
}

fn report(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["report", "incidents", "--quarter", "2026-Q3"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn a_report_written_to_a_bare_file_name_links_relatively() {
    let dir = repository();
    let output = report(dir.path(), &["-o", "r.md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let md = std::fs::read_to_string(dir.path().join("r.md")).expect("report");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    assert!(!md.contains(&*root.to_string_lossy()), "an absolute local path in the report:\n{md}");
    assert!(!md.contains(&*dir.path().to_string_lossy()), "an absolute local path in the report:\n{md}");
    assert!(md.contains("](incidents/2026-07-04-smsgate-api.toml)"), "{md}");
}

#[test]
fn a_crafted_file_name_in_the_left_out_list_stays_text() {
    let dir = repository();
    // Left out for an error (no `title`); its name tries a link, a heading and raw HTML.
    let name = "2026-07-05-x`) [live](https:evil.example) <img src=x> (`\n# Injected heading.toml";
    std::fs::write(dir.path().join("incidents").join(name), "format = 1\nservice = \"s\"\n").expect("write");
    let output = report(dir.path(), &["--to", "md"]);
    // A file that does not load is a failure (exit 2); the report is written all the same.
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("x`) [live](https:evil.example) <img src=x> (`\\u{a}# Injected"),
        "{}",
        stderr(&output)
    );
    let md = stdout(&output);
    assert!(md.contains("Injected heading"), "the file is listed:\n{md}");
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::Heading { .. }) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(!dest_url.contains("evil"), "a live link from a file name:\n{md}")
            }
            Event::Html(raw) | Event::InlineHtml(raw) => panic!("raw HTML `{raw}` from a file name:\n{md}"),
            Event::Text(text) if text.contains("Injected heading") => {}
            _ => {}
        }
    }
    let headings: Vec<String> = md.lines().filter(|l| l.starts_with('#')).map(str::to_string).collect();
    assert!(!headings.iter().any(|h| h.contains("Injected")), "a heading from a file name: {headings:?}");
}

#[test]
fn a_json_report_saved_among_the_incidents_is_skipped_with_a_note() {
    let dir = repository();
    assert_eq!(code(&report(dir.path(), &["--to", "json", "-o", "q3.json"])), 0);
    std::fs::rename(dir.path().join("q3.json"), dir.path().join("incidents/q3.json")).expect("move");
    let check = run_in(dir.path(), &["check", "incidents"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
    assert!(
        stderr(&check).contains("incidents/q3.json") && stderr(&check).contains("skipped"),
        "{}",
        stderr(&check)
    );
    assert!(stdout(&check).contains("checked 1 file"), "{}", stdout(&check));
    let again = report(dir.path(), &["--to", "json"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let json: serde_json::Value = serde_json::from_str(&stdout(&again)).expect("json");
    assert_eq!(json["generator"], "postmortem report");
    assert_eq!(json["files"]["read"], 1, "the report is not read as an incident");
    assert_eq!(json["excluded"].as_array().map(Vec::len), Some(0));
}

#[test]
fn new_writes_the_syntax_its_extension_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run_in(dir.path(), &["new", "x.json", "--title", "API down", "--service", "API"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("x.json")).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the file is JSON");
    assert_eq!(json["title"], "API down");
    assert_eq!(code(&run_in(dir.path(), &["check", "x.json"])), 0);
    let refused = run_in(dir.path(), &["new", "x.yaml", "--title", "t"]);
    assert_eq!(code(&refused), 2);
    assert!(
        stderr(&refused).contains(".toml") && !dir.path().join("x.yaml").exists(),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn output_folders_that_do_not_exist_yet_are_created() {
    let dir = repository();
    let seed = "incidents/2026-07-04-smsgate-api.toml";
    let output = run_in(dir.path(), &["render", seed, "-o", "out/new/site"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for ext in ["md", "html", "svg"] {
        assert!(dir.path().join(format!("out/new/site/2026-07-04-smsgate-api.{ext}")).is_file(), "{ext}");
    }
    let md = std::fs::read_to_string(dir.path().join("out/new/site/2026-07-04-smsgate-api.md")).expect("md");
    std::fs::write(dir.path().join("written.md"), md).expect("write");
    let import = run_in(dir.path(), &["import", "--from", "markdown", "written.md", "-o", "imported/2026"]);
    assert_eq!(code(&import), 0, "{}", stderr(&import));
    let imported: Vec<_> =
        std::fs::read_dir(dir.path().join("imported/2026")).expect("created").flatten().collect();
    assert_eq!(imported.len(), 1, "{imported:?}");
}

#[test]
fn nothing_writes_to_the_file_system_but_the_output_module() {
    const WRITES: &[&str] = &[
        "File::create",
        "fs::write(",
        "create_dir",
        "fs::rename(",
        "remove_file(",
        "remove_dir",
        "fs::copy(",
        "hard_link(",
        ".write(true)",
        ".append(true)",
        ".create(true)",
        "tempfile::",
    ];
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("output") {
                    walk(&path, found);
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            // Unit tests (at the end of a file) set up their own files.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (number, line) in code.lines().enumerate() {
                if !line.trim_start().starts_with("//") && WRITES.iter().any(|w| line.contains(w)) {
                    found.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&crate::common::root().join("src"), &mut found);
    assert!(found.is_empty(), "writes outside src/output/:\n{}", found.join("\n"));
}

/// `report` with no folder reads the config's: the files it names (JSON `file`, the CSV column,
/// the left-out list) are relative, like its links, never absolute local paths.
#[test]
fn a_report_over_the_configs_folder_names_files_relatively() {
    let dir = repository();
    std::fs::copy(crate::common::root().join("postmortem.toml"), dir.path().join("postmortem.toml"))
        .expect("copy the config");
    std::fs::write(dir.path().join("incidents/2026-07-09-bad.toml"), "format = 1\ntitle = \"x\"\n")
        .expect("write");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    for ext in ["md", "json", "csv", "html"] {
        let out = format!("out/q.{ext}");
        let output = run_in(dir.path(), &["report", "--quarter", "2026-Q3", "-o", &out]);
        assert_eq!(code(&output), 2, "{}", stderr(&output));
        let text = std::fs::read_to_string(dir.path().join(&out)).expect("report");
        for absolute in [root.to_string_lossy(), dir.path().to_string_lossy()] {
            assert!(!text.contains(&*absolute), "an absolute local path in {out}:\n{text}");
        }
        // The CSV holds the counted windows only; the others list what was left out.
        assert!(ext == "csv" || text.contains("incidents/2026-07-09-bad.toml"), "{out}:\n{text}");
        assert!(text.contains("incidents/2026-07-04-smsgate-api.toml"), "{out}:\n{text}");
    }
}
