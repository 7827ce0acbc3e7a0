//! Flags of the commands that read a folder of incidents or bring new ones in: report, site and
//! import.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown from `report.md.j2` (overridable with --templates).
    Md,
    /// One self-contained HTML page: `report.md.j2` in `report.html.j2`, with the SVG charts.
    Html,
    /// The stable machine interface (see the README).
    Json,
    /// One row per incident window, for spreadsheets.
    Csv,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  postmortem report --quarter 2026-Q3
  postmortem report incidents/ --quarter 2026-Q3 --to html -o reports/2026-Q3.html
  postmortem report --from 2026-07-01 --until 2026-07-31 --to json
  postmortem report --quarter 2026-Q3 --as-of 2026-08-15 -o q3.csv          (format from the extension)
  postmortem templates export my-templates/ && postmortem report --quarter 2026-Q3 --templates my-templates/

Definitions:
  period        whole days from local midnight to local midnight in postmortem.toml's `timezone`
                (else `display_timezone`, else UTC), so a quarter with a DST change has its real
                length; fiscal quarters follow `fiscal_year_start`, FY named by the year it ends
  downtime      per deployment, the union of the counted windows of ALL incidents clipped to the
                period (overlaps count once, the worst status wins, weighted by [counting])
  availability  100 x (1 - downtime / period seconds), in percent like the SLO
  error budget  (1 - SLO / 100) x period seconds; used = downtime
  --as-of DATE  open windows end at local midnight starting DATE; actions due before DATE are
                overdue; default the day after the period (never the wall clock)
  durations     n, median, p90 (nearest rank), max and mean over incidents that began in the
                period, beside the previous period's

Files with errors are left out, named on stderr and in the report (exit 1; exit 2 if a file
cannot be read or parsed).")]
pub struct ReportArgs {
    /// Folder of incident files; default `incidents/` beside postmortem.toml.
    pub dir: Option<PathBuf>,
    /// A quarter such as 2026-Q3 (fiscal when postmortem.toml sets `fiscal_year_start`).
    #[arg(long, conflicts_with_all = ["from", "until"])]
    pub quarter: Option<String>,
    /// First day of the period (YYYY-MM-DD), with --until.
    #[arg(long, value_name = "DATE", requires = "until")]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD, inclusive), with --from.
    #[arg(long, value_name = "DATE", requires = "from")]
    pub until: Option<String>,
    /// End open windows and judge overdue actions at this date; default the period's end.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format [default: md, or the one -o's extension names: .md/.markdown, .html/.htm,
    /// .json, .csv].
    #[arg(long, value_enum)]
    pub to: Option<ReportFormat>,
    /// Write here instead of stdout; an existing .toml file, or a .json file holding an incident,
    /// is not replaced unless --force.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing .toml or .json file named by -o.
    #[arg(long)]
    pub force: bool,
    /// Folder of templates overriding the built-in ones (`report.md.j2`, `report.html.j2`,
    /// `layout.html.j2`); default `templates/` beside postmortem.toml when it exists.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub(super) const SITE_HELP: &str = "Examples:
  postmortem site incidents/ -o public/ --public
  postmortem site incidents/ -o public/ --as-of 2026-07-20T12:00:00Z --days 90
  postmortem site -o public/ --base-url https://status.example.com/   (folder from postmortem.toml)

Writes OUT/index.html (current status, one bar of --days days per deployment, availability as
`report` computes it: the union of every incident's counted windows, planned maintenance apart),
OUT/history/ (by month), OUT/incidents/ (one post-mortem page each), OUT/feed.atom, OUT/feed.rss
and OUT/api/v2/*.json (Statuspage API v2 shapes). The whole folder is built beside OUT and swapped
in at the end: OUT is replaced whole or left as it was. Links are relative, so the folder works
from file:// and from any static host. A file with error diagnostics stops the build (exit 1).";

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder of incident files [default: the `incidents` folder of postmortem.toml].
    pub dir: Option<PathBuf>,
    /// The folder to write; replaced whole. An existing folder must be empty or a site this
    /// command wrote earlier.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// The instant the status is shown at, RFC 3339 or `YYYY-MM-DD[ HH:MM]` in the report zone
    /// [default: now]. The same input and --as-of give byte-identical output.
    #[arg(long, value_name = "DATETIME")]
    pub as_of: Option<String>,
    /// Days shown in the uptime bars and counted in the availability, ending on the --as-of day.
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Where the site is published (https://status.example.com/): makes the feeds' links
    /// absolute. Pages always link relatively.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Leave out sections, events and updates marked `internal = true`, and action owners and
    /// tickets.
    #[arg(long)]
    pub public: bool,
    /// Folder of templates overriding the built-in ones (`site/*.j2`, and the post-mortem's).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A post-mortem written as Markdown or plain text.
    Markdown,
    /// A Statuspage incidents.json, summary.json, scheduled-maintenances.json or incident.
    Statuspage,
    /// A Slack workspace export (folder or .zip): one channel's messages as timeline events.
    Slack,
    /// A PagerDuty incident's log entries (REST API v2) as events with detected,
    /// acknowledged and resolved marks.
    Pagerduty,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to import; for Markdown also folders (their .md, .markdown and .txt files);
    /// for Slack the export folder or .zip; for PagerDuty one or more log-entries files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What the file is.
    #[arg(long, value_enum)]
    pub from: ImportSource,
    /// Folder to write the new incident files into (created for Markdown when missing).
    #[arg(short, long, value_name = "DIR", required_unless_present = "into")]
    pub output: Option<PathBuf>,
    /// Add the imported events to this incident file instead (slack, pagerduty): sorted by
    /// time, none that the file already has at the same instant with the same text.
    #[arg(long, value_name = "FILE", conflicts_with = "output")]
    pub into: Option<PathBuf>,
    /// Overwrite incident files that already exist.
    #[arg(long)]
    pub force: bool,
    /// The Slack channel to read (its name, with or without `#`).
    #[arg(long, value_name = "NAME", required_if_eq("from", "slack"))]
    pub channel: Option<String>,
    /// Only messages at or after this time (slack): a TIME as for `postmortem log`.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only messages at or before this time (slack).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only pinned messages (slack; with --reaction: pinned or reacted to).
    #[arg(long)]
    pub pinned: bool,
    /// Only messages with this reaction, e.g. `pushpin` (slack; with --pinned: either).
    #[arg(long, value_name = "NAME")]
    pub reaction: Option<String>,
    /// The zone of a new incident file from slack or pagerduty (default: postmortem.toml's
    /// `timezone`, else UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    #[command(flatten)]
    pub clock: Clock,
}
