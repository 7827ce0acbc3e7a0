//! Every input a fuzz target once failed on (tests/fixtures/fuzz-regressions/<target>/), run
//! the way the target runs it, plus the Markdown fixtures through the HTML safety contract.

use std::path::PathBuf;

use postmortem::render::markdown::to_html;

use crate::common::{code, fixtures, run, stderr, stdout};
use crate::html_safety::assert_safe;

fn inputs(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures(dir))
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

#[test]
fn markdown_to_html_stays_safe_on_every_regression_and_fixture() {
    let mut files = inputs("fuzz-regressions/markdown_html");
    assert!(!files.is_empty(), "the regression folder is empty");
    files.extend(inputs("markdown"));
    files.push(fixtures("render/xss.toml"));
    for path in files {
        let bytes = std::fs::read(&path).expect("read input");
        let text = String::from_utf8_lossy(&bytes);
        assert_safe(&text, &to_html(&text, None));
        let figure = "<figure class=\"chart\"><svg></svg></figure>";
        assert_safe(&text, &to_html(&text, Some(("[[chart]]", figure))).replace(figure, ""));
    }
}

/// The importer on `path`: no panic, and whatever it writes loads and checks (exit 0 or 1);
/// a refusal (exit 2) must say why.
fn assert_imports_cleanly(from: &str, path: &std::path::Path) {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let shown = path.to_string_lossy().into_owned();
    let output = run(&["import", "--from", from, &shown, "-o", &out_dir.path().to_string_lossy()]);
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!all.contains("panicked") && !all.contains("a bug in the importer"), "{shown}:\n{all}");
    assert!(matches!(code(&output), 0 | 2), "{shown}: exit {}\n{all}", code(&output));
    if code(&output) == 2 {
        assert!(all.contains("help:"), "{shown}: refusal without a fix:\n{all}");
    }
    for written in std::fs::read_dir(out_dir.path()).expect("list").flatten() {
        let checked = run(&["check", &written.path().to_string_lossy()]);
        assert!(
            matches!(code(&checked), 0 | 1),
            "{shown} wrote a file that does not load:\n{}",
            stdout(&checked)
        );
    }
}

#[test]
fn importers_never_panic_on_regressions() {
    for path in inputs("fuzz-regressions/import_markdown") {
        assert_imports_cleanly("markdown", &path);
    }
    for path in inputs("fuzz-regressions/import_statuspage") {
        assert_imports_cleanly("statuspage", &path);
    }
}
