//! Flags of the commands that read one incident or a few: check, analyze, explain, new, render,
//! chart, status and fmt.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

const ANALYZE_EXAMPLES: &str = "Examples:
  postmortem analyze incidents/2026-07-04-smsgate-api.toml
  postmortem analyze incidents/2026-07-04-smsgate-api.toml --format json --tz Europe/Berlin";

/// `analyze --help`'s epilogue: the examples, then the definitions the analysis documents.
pub(super) fn analyze_help() -> String {
    format!("{ANALYZE_EXAMPLES}\n\n{}", crate::analysis::DEFINITIONS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Compiler-style text with the source line and a caret.
    Human,
    /// One JSON document: files, their diagnostics, and totals.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (every diagnostic a result,
    /// every check a rule; paths relative to the repository root).
    Sarif,
    /// GitHub Actions workflow commands: each diagnostic an annotation on its line.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Treat warnings as errors (exit 1).
    Warnings,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Incident files or folders to check (folders are searched for *.toml and *.json);
    /// default: `incidents/` beside postmortem.toml, else the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Judge overdue action items against this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Hide notes (incomplete but legitimate data).
    #[arg(long)]
    pub no_notes: bool,
    /// Show every diagnostic; by default a file shows the first 10 of each check and counts
    /// the rest in one line (`--format json` always lists every one).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// A readable table.
    Text,
    /// The stable machine interface (see the README).
    Json,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The incident file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
    /// Show times in this IANA zone (default: the config's display zone, else the file's zone).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Judge overdue action items against this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A check's code (PM301) or name (update-before-impact).
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every check with its code, level and summary.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the file; default `YYYY-MM-DD-<slug>.toml` in the current folder.
    pub path: Option<PathBuf>,
    /// The status-page title.
    #[arg(long)]
    pub title: Option<String>,
    /// The affected service.
    #[arg(long)]
    pub service: Option<String>,
    /// A deployment of the service (repeatable).
    #[arg(long = "deployment", value_name = "NAME")]
    pub deployments: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    /// Markdown, with the timeline as a Mermaid gantt block.
    Md,
    /// One self-contained HTML page with the inline SVG chart.
    Html,
}

/// How a rendered document shows the incident: render's and status's zone and templates.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Show times in this IANA zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The incident file.
    pub file: PathBuf,
    /// Output format [default: md, or the one -o's extension names: .md/.markdown, .html/.htm].
    #[arg(long, value_enum)]
    pub to: Option<DocumentFormat>,
    /// Write to this file (or, for a folder, the .md, .html and .svg side by side) instead of
    /// stdout; an existing .toml/.json file is not replaced unless --force.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
    /// Render even when the incident has error diagnostics, and replace an existing .toml or
    /// .json file named by -o.
    #[arg(long)]
    pub force: bool,
    /// Keep running and render again (printing the diagnostics) each time the file is saved;
    /// Ctrl-C stops.
    #[arg(long)]
    pub watch: bool,
    /// Leave out what must not leave the company: sections, events and updates marked
    /// `internal = true`, and every action's owner and ticket.
    #[arg(long)]
    pub public: bool,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// The incident file.
    pub file: PathBuf,
    /// Write the SVG here instead of stdout; an existing .toml/.json file is not replaced
    /// unless --force.
    #[arg(short, long, value_name = "FILE.svg")]
    pub output: Option<PathBuf>,
    /// Axis times in this IANA zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Draw even when the incident has error diagnostics, and replace an existing .toml or
    /// .json file named by -o.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Plain text, as a status page shows it.
    Text,
    /// Markdown.
    Md,
    /// Atlassian Statuspage API v2 incident JSON.
    StatuspageJson,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The incident file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub to: StatusFormat,
    #[command(flatten)]
    pub view: ViewArgs,
    /// Render even when the incident has error diagnostics.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Incident files, or folders searched for *.toml and *.json.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Only report files that are not formatted (exit 1), writing nothing.
    #[arg(long)]
    pub check: bool,
}
