//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures(kind: &str) -> PathBuf {
    root().join("tests/fixtures").join(kind)
}

pub fn seed() -> PathBuf {
    root().join("incidents/2026-07-04-smsgate-api.toml")
}

/// Run the binary with `args` in `dir`, colour off.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("postmortem")
        .expect("binary built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .args(args)
        .output()
        .expect("binary runs")
}

pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// A path relative to the repository root, with forward slashes, for stable snapshots.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// A real client that a test proves an output with (Chromium, Mermaid, a SARIF validator, a feed
/// parser, ...): looked up in `$POSTMORTEM_TOOLS` (where `scripts/test.sh` installs npm packages
/// under `node_modules/.bin` and PyPI packages under `venv/bin`), then on `PATH`. A missing
/// client fails the test with the command that installs it: these tests never skip.
pub fn external_tool(name: &str) -> PathBuf {
    let tools = std::env::var_os("POSTMORTEM_TOOLS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/postmortem-tools")));
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(tools) = tools {
        dirs.push(tools.join("node_modules/.bin"));
        dirs.push(tools.join("venv/bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.iter().map(|dir| dir.join(name)).find(|candidate| candidate.is_file()).unwrap_or_else(|| {
        panic!("`{name}` is not installed: run scripts/test.sh, which installs it (see its lists)")
    })
}
