//! The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit: `try-repo` builds
//! this repository as a `language: rust` hook (`cargo install`) and runs it on a scratch
//! repository of incident files, the way a team's repository would.
//!
//! try-repo uses this repository's HEAD, or, when tracked files have uncommitted changes, a
//! temporary commit of them; either way `.pre-commit-hooks.yaml` must be committed, as it is in
//! every clone CI starts from.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{code, external_tool, fixtures, root, stderr, stdout};

/// A git repository holding `files` (source path, path inside the repository), staged.
fn scratch_repository(files: &[(&Path, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (source, inside) in files {
        let target = dir.path().join(inside);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(source, &target).unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
    }
    for args in [&["init", "--quiet"][..], &["add", "--all"][..]] {
        let status = Command::new("git").args(args).current_dir(dir.path()).status().expect("git runs");
        assert!(status.success(), "git {args:?}");
    }
    dir
}

/// `pre-commit try-repo <this repository> [hook] --all-files` inside `repository`.
fn try_repo(repository: &Path, hook: Option<&str>) -> Output {
    let home = tempfile::tempdir().expect("pre-commit home");
    let mut command = Command::new(external_tool("pre-commit"));
    command.arg("try-repo").arg(root());
    command.args(hook);
    command
        .args(["--all-files", "--color", "never"])
        .current_dir(repository)
        .env("PRE_COMMIT_HOME", home.path())
        // Every try-repo installs the hook afresh with `cargo install`; a target folder kept
        // between runs and an unoptimised release profile make that a compile of this crate
        // alone. The tests need the hooks' behaviour, not the speed of their binary.
        .env("CARGO_TARGET_DIR", root().join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("NO_COLOR", "1");
    command.output().expect("pre-commit runs")
}

#[test]
fn the_hooks_pass_on_the_bundled_incidents_and_check_fails_on_an_invalid_one() {
    let seed = root().join("incidents/2026-07-04-smsgate-api.toml");
    let config = root().join("postmortem.toml");
    let good = scratch_repository(&[
        (&config, "postmortem.toml"),
        (&seed, "incidents/2026-07-04-smsgate-api.toml"),
        (&root().join("README.md"), "README.md"),
    ]);
    let output = try_repo(good.path(), None);
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(code(&output), 0, "both hooks pass on the bundled incident:\n{all}");
    assert!(all.contains("postmortem check") && all.contains("postmortem fmt --check"), "{all}");
    assert_eq!(all.matches("Passed").count(), 2, "{all}");

    let invalid = fixtures("invalid/PM102-end-before-start.toml");
    let bad = scratch_repository(&[
        (&config, "postmortem.toml"),
        (&seed, "incidents/2026-07-04-smsgate-api.toml"),
        (&invalid, "incidents/2026-05-02-end-before-start.toml"),
    ]);
    let output = try_repo(bad.path(), Some("postmortem-check"));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(code(&output), 1, "the check hook fails on an invalid incident:\n{all}");
    assert!(all.contains("Failed"), "{all}");
    assert!(all.contains("error[PM102 end-before-start]"), "the diagnostics are shown:\n{all}");
    assert!(all.contains("incidents/2026-05-02-end-before-start.toml:"), "{all}");
}

/// The command lines of a hook entry or a workflow step, as the binary would get them: the text
/// after `postmortem` up to a redirection, with `$name`-style arguments given a value.
fn parses(line: &str) -> bool {
    let line = line.split(['>', '|']).next().unwrap_or(line);
    let args: Vec<String> = line
        .split_whitespace()
        .map(|word| {
            if word.contains('$') {
                "incidents/a.toml".to_string()
            } else {
                word.trim_matches('"').to_string()
            }
        })
        .collect();
    <postmortem::cli::Cli as clap::Parser>::try_parse_from(&args).is_ok()
}

#[test]
fn the_review_workflow_runs_commands_the_binary_accepts() {
    let text = std::fs::read_to_string(root().join("docs/review-postmortems.yml")).expect("workflow");
    let commands: Vec<&str> = text
        .lines()
        .map(|l| l.trim().trim_start_matches("- ").trim_start_matches("run: "))
        .filter(|l| l.starts_with("postmortem "))
        .collect();
    assert!(commands.len() >= 5, "{commands:?}");
    assert!(commands.iter().any(|c| c.contains("--format sarif")) && text.contains("upload-sarif"), "{text}");
    for command in commands {
        assert!(parses(command), "`{command}` does not parse");
    }
}

#[test]
fn the_hooks_file_names_both_hooks_with_their_commands() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks file");
    for (id, entry) in
        [("postmortem-check", "postmortem check"), ("postmortem-fmt", "postmortem fmt --check")]
    {
        assert!(text.contains(&format!("- id: {id}\n")), "{id} missing:\n{text}");
        assert!(text.contains(&format!("entry: {entry}\n")), "{entry} missing:\n{text}");
    }
    // Every entry is a command line the binary accepts.
    for line in text.lines().filter_map(|l| l.trim().strip_prefix("entry: ")) {
        assert!(parses(&format!("{line} incidents/a.toml")), "`{line}` does not parse");
    }
}
