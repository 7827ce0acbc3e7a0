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

/// The level-2 headings the built-in post-mortem template writes before any extra sections and
/// the status updates, in order.
pub const POSTMORTEM_SECTIONS: [&str; 9] = [
    "Key facts",
    "Summary",
    "Impact",
    "Timeline (UTC)",
    "Root Cause",
    "Resolution",
    "Lessons Learned",
    "Preventive Actions",
    "Closing",
];

/// Run the binary with `args` in `dir` on a pseudo-terminal (util-linux `script`), colour off:
/// what a person at a terminal sees, where a pipe would get the bytes unchanged.
pub fn run_on_terminal(dir: &Path, args: &[&str]) -> Output {
    let quote = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
    let binary = assert_cmd::cargo::cargo_bin("postmortem");
    let mut command = format!("cd {} && {}", quote(&dir.to_string_lossy()), quote(&binary.to_string_lossy()));
    for arg in args {
        command.push(' ');
        command.push_str(&quote(arg));
    }
    std::process::Command::new(external_tool("script"))
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("script runs")
}

/// A temporary folder holding a UTC `postmortem.toml` and the incident `text` as
/// `incidents/<name>`.
pub fn incident_folder(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("postmortem.toml"), "timezone = \"UTC\"\n").expect("config");
    std::fs::create_dir(dir.path().join("incidents")).expect("incidents");
    std::fs::write(dir.path().join("incidents").join(name), text).expect("incident");
    dir
}

/// Incident TOML written a line at a time: the header (`format`, `title`, `service`, a UTC
/// `timezone`, `deployments`), then tables, each after a blank line, in the order added.
/// Strings are written as Rust debug strings, which TOML reads alike for printable text.
pub struct IncidentToml(String);

impl IncidentToml {
    pub fn new(title: &str, service: &str, deployments: &[&str]) -> Self {
        Self(format!(
            "format = 1\ntitle = {title:?}\nservice = {service:?}\ntimezone = \"UTC\"\ndeployments = {deployments:?}\n"
        ))
    }

    /// `key = "text"` in the header or the table last opened.
    pub fn field(self, key: &str, text: &str) -> Self {
        self.value(key, &format!("{text:?}"))
    }

    /// `key = toml` (a TOML value written out) in the header or the table last opened.
    pub fn value(mut self, key: &str, toml: &str) -> Self {
        self.0.push_str(&format!("{key} = {toml}\n"));
        self
    }

    /// Opens an entry of the array of tables `name`.
    pub fn table(mut self, name: &str) -> Self {
        self.0.push_str(&format!("\n[[{name}]]\n"));
        self
    }

    /// An impact window; `end` is left out of an open one.
    pub fn impact(self, deployment: &str, status: &str, start: &str, end: Option<&str>) -> Self {
        let window = self
            .table("impact")
            .field("deployment", deployment)
            .field("status", status)
            .field("start", start);
        match end {
            Some(end) => window.field("end", end),
            None => window,
        }
    }

    /// A timeline event; `marks` is left out when empty.
    pub fn event(self, at: &str, text: &str, marks: &[&str]) -> Self {
        let event = self.table("events").field("at", at).field("text", text);
        if marks.is_empty() { event } else { event.value("marks", &format!("{marks:?}")) }
    }

    /// A status update; `text` is left out when `None`.
    pub fn update(self, at: &str, status: &str, text: Option<&str>) -> Self {
        let update = self.table("updates").field("at", at).field("status", status);
        match text {
            Some(text) => update.field("text", text),
            None => update,
        }
    }

    /// TOML appended as it is.
    pub fn raw(mut self, toml: &str) -> Self {
        self.0.push_str(toml);
        self
    }

    pub fn build(self) -> String {
        self.0
    }
}
