//! `check --format sarif` and `--format github`, proven with the readers CI uses: Microsoft's
//! SARIF Multitool validates the SARIF of every fixture and bundled incident, sarif-tools reads it
//! back with the same counts per level as `--format json`, and the workflow commands escape what
//! GitHub's runner unescapes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{code, external_tool, fixtures, relative, root, run, run_in, stderr, stdout};

/// Every file the fixture walk and the quick start check.
fn checked_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [fixtures("valid"), fixtures("invalid"), root().join("incidents")] {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&dir).expect("fixture folder").flatten().map(|e| e.path()).collect();
        entries.sort();
        files.extend(
            entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json")),
        );
    }
    assert!(files.len() > 40, "the fixture folders went missing: {files:?}");
    files
}

/// A file's name in the SARIF folder: its path with `/` and `.` replaced, so names stay unique
/// (sarif-tools names a summary by what comes before the first dot).
fn sarif_name(file: &Path) -> String {
    format!("{}.sarif", relative(file).replace('/', "__").replace('.', "_"))
}

type Counts = BTreeMap<String, u64>;

/// Diagnostics per level of every file, from one `check --format json` over the folders.
fn json_counts() -> BTreeMap<String, Counts> {
    let output = run(&[
        "check",
        "tests/fixtures/valid",
        "tests/fixtures/invalid",
        "incidents",
        "--format",
        "json",
        "--as-of",
        "2026-11-21",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut counts = BTreeMap::new();
    for file in json["files"].as_array().expect("files") {
        let mut levels: Counts = ["error", "warning", "note"].iter().map(|l| (l.to_string(), 0)).collect();
        for diagnostic in file["diagnostics"].as_array().expect("diagnostics") {
            *levels.entry(diagnostic["level"].as_str().expect("level").to_string()).or_default() += 1;
        }
        counts.insert(file["file"].as_str().expect("file").to_string(), levels);
    }
    counts
}

/// Write the SARIF of every checked file into `dir`; return (file, sarif name, JSON counts).
fn write_sarif_logs(dir: &Path) -> Vec<(String, String, Counts)> {
    let json_counts = json_counts();
    let mut written = Vec::new();
    for file in checked_files() {
        let shown = relative(&file);
        let output = run(&["check", &shown, "--format", "sarif", "--as-of", "2026-11-21"]);
        assert!(matches!(code(&output), 0..=2), "{shown}: {}", stderr(&output));
        let log: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{shown}: not JSON: {e}"));
        let results = log["runs"][0]["results"].as_array().expect("results");
        let counts = json_counts.get(&shown).cloned().unwrap_or_else(|| panic!("{shown} not in the JSON"));
        assert_eq!(
            results.len() as u64,
            counts.values().sum::<u64>(),
            "{shown}: SARIF lists every diagnostic"
        );
        if shown.contains("/invalid/") {
            let expected: String =
                file.file_name().and_then(|n| n.to_str()).unwrap_or_default().chars().take(5).collect();
            assert!(results.iter().any(|r| r["ruleId"] == expected.as_str()), "{shown} lacks {expected}");
        }
        for result in results {
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(location["uri"], shown.as_str(), "{shown}: paths are relative to the repository root");
            assert_eq!(location["uriBaseId"], "%SRCROOT%");
        }
        let name = sarif_name(&file);
        std::fs::write(dir.join(&name), &output.stdout).expect("write sarif");
        written.push((shown, name, counts));
    }
    written
}

#[test]
fn the_sarif_of_every_fixture_passes_the_multitool_and_sarif_tools_counts_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    let written = write_sarif_logs(&logs);

    // Microsoft's validator: the JSON schema and the SARIF rules (SARIF1xxx are errors). It
    // exits 0 whatever it finds, so its own SARIF report is read for error-level results.
    let report = dir.path().join("validation.sarif");
    let output = Command::new(external_tool("sarif-multitool"))
        .arg("validate")
        .args(written.iter().map(|(_, name, _)| logs.join(name)))
        .arg("--output")
        .arg(&report)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("sarif-multitool runs");
    let console = format!("{}{}", stdout(&output), stderr(&output));
    assert!(output.status.success(), "sarif-multitool failed:\n{console}");
    let validation: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("validation report")).expect("validation JSON");
    let findings = validation["runs"][0]["results"].as_array().expect("validation results");
    let errors: Vec<String> = findings
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect();
    assert!(errors.is_empty(), "the Multitool found errors:\n{}\n{console}", errors.join("\n"));
    assert!(console.contains(&format!("{} files scanned", written.len())), "{console}");

    // sarif-tools reads each log back: `sarif summary` per file gives the counts per level.
    let summaries = dir.path().join("summaries");
    std::fs::create_dir(&summaries).expect("mkdir");
    let output = Command::new(external_tool("sarif"))
        .arg("summary")
        .arg(&logs)
        .arg("--output")
        .arg(&summaries)
        .output()
        .expect("sarif-tools runs");
    assert!(output.status.success(), "sarif summary failed:\n{}", stderr(&output));
    for (shown, name, counts) in &written {
        let summary_file = summaries.join(name.replace(".sarif", "_summary.txt"));
        let summary = std::fs::read_to_string(&summary_file)
            .unwrap_or_else(|e| panic!("no summary of {shown} at {}: {e}", summary_file.display()));
        for (level, count) in counts {
            assert!(
                summary.lines().any(|line| line == format!("{level}: {count}")),
                "{shown}: sarif summary does not give {level}: {count}:\n{summary}"
            );
        }
    }
}

#[test]
fn sarif_results_keep_their_fingerprints_when_lines_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository root");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    let seed = std::fs::read_to_string(crate::common::seed()).expect("seed");
    let file = dir.path().join("incidents/a.toml");
    let fingerprints = |text: &str| {
        std::fs::write(&file, text).expect("write");
        let output = run_in(dir.path(), &["check", "incidents/a.toml", "--format", "sarif"]);
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("sarif");
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                let line = r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap_or(0);
                (r["partialFingerprints"]["postmortemFinding/v1"].as_str().unwrap_or("").to_string(), line)
            })
            .collect::<Vec<_>>()
    };
    let before = fingerprints(&seed);
    let after = fingerprints(&format!("# reviewed\n# twice\n{seed}"));
    assert!(before.len() >= 2, "{before:?}");
    let unique: std::collections::BTreeSet<_> = before.iter().map(|(f, _)| f).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique within a run: {before:?}");
    for ((f1, l1), (f2, l2)) in before.iter().zip(&after) {
        assert_eq!(f1, f2);
        assert_eq!(l1 + 2, *l2, "the lines moved but the results still match");
    }
}

#[test]
fn github_annotations_escape_percent_newlines_colons_and_commas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "odd, name: 100%.toml";
    std::fs::write(
        dir.path().join(name),
        "format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"A\"]\n\"50%: a,b\\r\\nc\" = 1\n",
    )
    .expect("write");
    let output = run_in(dir.path(), &["check", name, "--format", "github"]);
    assert_eq!(code(&output), 2, "an unknown field stops the file: {}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "one command per diagnostic, then the summary:\n{out}");
    let expected_start = "::error file=odd%2C name%3A 100%25.toml,line=5,col=1,endLine=5,endColumn=16,\
        title=PM003 unknown-field::unknown field `50%25: a,b%0D%0Ac`%0Afield: 50%25: a,b%0D%0Ac%0Ahelp: ";
    assert!(lines[0].starts_with(expected_start), "{}\n{expected_start}", lines[0]);
    assert_eq!(lines[1], "checked 1 file: 1 error, 0 warnings, 0 notes");
}

#[test]
fn github_annotations_of_the_seed() {
    let output = run(&["check", "incidents/2026-07-04-smsgate-api.toml", "--format", "github"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = stdout(&output);
    let warning = out.lines().find(|l| l.starts_with("::warning ")).expect("the PM301 warning");
    assert!(warning.starts_with("::warning file=incidents/2026-07-04-smsgate-api.toml,line="), "{out}");
    assert!(
        warning.contains(
            ",title=PM301 update-before-impact::status update \"API went down.\" at 2026-07-04 14:50 UTC"
        ),
        "{out}"
    );
    assert_eq!(out.lines().filter(|l| l.starts_with("::notice ")).count(), 5, "{out}");
    insta::assert_snapshot!(out);
}
