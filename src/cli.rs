//! Command-line definitions (clap derive): every command, every flag with its doc comment.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes: 0 success (warnings allowed), 1 error diagnostics found (or warnings under
`--deny warnings`), 2 usage, I/O, parse or template failure.";

/// Incident post-mortems as checked data: check, analyse, render, publish and report.
#[derive(Debug, Parser)]
#[command(name = "postmortem", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check incident files for consistency and print diagnostics.
    #[command(after_help = "Examples:
  postmortem check incidents/2026-07-04-smsgate-api.toml
  postmortem check incidents/ --deny warnings
  postmortem check incidents/ --format json --as-of 2026-09-30
  postmortem check incidents/ --format sarif > postmortem.sarif   (upload to GitHub code scanning)
  postmortem check incidents/ --format github                     (annotations in a GitHub Actions job)

Exit codes: 0 no errors, 1 error diagnostics (or warnings under --deny warnings), 2 a file
could not be read or parsed.")]
    Check(CheckArgs),
    /// Compute durations, downtime and milestones of one incident.
    #[command(after_help = ANALYZE_HELP)]
    Analyze(AnalyzeArgs),
    /// Explain a check: `postmortem explain PM301` or `postmortem explain update-before-impact`.
    #[command(after_help = "Examples:
  postmortem explain PM301
  postmortem explain --list")]
    Explain(ExplainArgs),
    /// Scaffold a commented incident file that passes `check`; never overwrites.
    #[command(after_help = "Examples:
  postmortem new --title \"API is down\" --service \"SMSGate API\" --deployment \"Public Cloud Server\"
  postmortem new incidents/ --title \"Checkout errors\"     (writes incidents/YYYY-MM-DD-checkout-errors.toml)

Without --service and --deployment, the only service of postmortem.toml's catalogue and its
deployments are used.")]
    New(NewArgs),
    /// Render the post-mortem as Markdown or HTML.
    #[command(after_help = "Examples:
  postmortem render incidents/2026-07-04-smsgate-api.toml                  # Markdown to stdout
  postmortem render incidents/2026-07-04-smsgate-api.toml --to html -o out/postmortem.html
  postmortem render incidents/2026-07-04-smsgate-api.toml -o out/          # .md, .html and .svg
  postmortem render incidents/2026-07-04-smsgate-api.toml --tz Europe/Berlin --templates my-templates/
  postmortem render incidents/2026-07-04-smsgate-api.toml -o out/ --watch  # again on every save; Ctrl-C stops

Warnings are printed to stderr; an incident with errors is refused (exit 1) unless --force.")]
    Render(RenderArgs),
    /// Draw the timeline chart as SVG.
    #[command(after_help = "Examples:
  postmortem chart incidents/2026-07-04-smsgate-api.toml -o timeline.svg
  postmortem chart incidents/2026-07-04-smsgate-api.toml --tz America/New_York > timeline.svg")]
    Chart(ChartArgs),
    /// Render the status-page text or Statuspage JSON.
    #[command(after_help = "Examples:
  postmortem status incidents/2026-07-04-smsgate-api.toml                        # as the page shows it
  postmortem status incidents/2026-07-04-smsgate-api.toml --tz America/New_York
  postmortem status incidents/2026-07-04-smsgate-api.toml --to statuspage-json > incident.json")]
    Status(StatusArgs),
    /// Aggregate incidents into a reliability report for a period.
    Report(ReportArgs),
    /// Build the static status-history site: status page, uptime bars, post-mortems, feeds and
    /// a Statuspage-compatible API.
    #[command(after_help = SITE_HELP)]
    Site(SiteArgs),
    /// Import a written post-mortem or a Statuspage export as incident files.
    #[command(after_help = "Examples:
  postmortem import --from markdown postmortem.md -o incidents/
  postmortem import --from markdown status-page-copy.txt -o incidents/ --force
  postmortem import --from markdown old-postmortems/ wiki-page.md -o incidents/

The Markdown importer reads headings (`## Summary` or plain lines such as \"Timeline (UTC)\"),
timeline items (\"July 3, 16:00 — text\", \"16:00 PDT: text\", \"**14:55** text\"), impact lines
(\"Public Cloud Server — unavailable from 14:55 UTC to 22:05 UTC on July 4\"), action lists and
status-page blocks (\"Resolved / Jul 4, 2026 at 11:32pm UTC / text\"). It prints every guess
(year, zone, statuses, milestones) and lists them at the top of the file; text it cannot place
is kept as a [[sections]] entry.")]
    Import(ImportArgs),
    /// Work with the built-in templates.
    #[command(
        subcommand,
        after_help = "Examples:
  postmortem templates export my-templates/
  postmortem render incidents/2026-07-04-smsgate-api.toml --templates my-templates/"
    )]
    Templates(TemplatesCommand),
    /// Print the JSON Schema (draft 2020-12) of the incident file format.
    #[command(after_help = "Examples:
  postmortem schema > schema.json
  then put `#:schema ./schema.json` on the first line of a TOML incident (Taplo, Even Better TOML)")]
    Schema,
    /// Print shell completions.
    #[command(after_help = "Examples:
  postmortem completions bash > ~/.local/share/bash-completion/completions/postmortem
  postmortem completions zsh > ~/.zfunc/_postmortem
  postmortem completions fish > ~/.config/fish/completions/postmortem.fish")]
    Completions(CompletionsArgs),
    /// Write the manual pages: one for postmortem and one for every subcommand.
    #[command(after_help = "Examples:
  postmortem man man/ && man -l man/postmortem-check.1
  postmortem man /usr/local/share/man/man1/      (then `man postmortem-check`)
  postmortem man | man -l -                       (the top page, without writing files)

Earlier pages of postmortem in DIR are replaced; other files of the same name are not, unless
--force.")]
    Man(ManArgs),
    /// Rewrite incident files in the canonical order, keeping comments.
    #[command(after_help = "Examples:
  postmortem fmt incidents/
  postmortem fmt --check incidents/      (CI / pre-commit: exit 1 and list the files, write nothing)

Canonical order: the top-level keys as the format documents them (format, title, service, ...,
sections, impact, events, updates, actions) and events by time (events whose time cannot be read
keep their place). TOML keeps its comments and layout; JSON is pretty-printed.")]
    Fmt(FmtArgs),
    /// Add a timeline event to an incident file while the incident runs (comments and layout
    /// kept; the file is checked and new findings printed).
    #[command(after_help = SCRIBE_LOG_HELP)]
    Log(LogArgs),
    /// Add a status update to an incident file and print it as the status page shows it.
    #[command(after_help = SCRIBE_UPDATE_HELP)]
    Update(UpdateArgs),
    /// Open or close an impact window of one deployment in an incident file.
    #[command(after_help = SCRIBE_IMPACT_HELP)]
    Impact(ImpactArgs),
}

const SCRIBE_LOG_HELP: &str = "Examples:
  postmortem log incidents/2026-07-04-api.toml \"Paged the database on-call\" --mark acknowledged
  postmortem log incidents/2026-07-04-api.toml \"Error rate back to normal\" --at 22:05 --mark mitigated
  postmortem log incidents/2026-07-04-api.toml \"Alert fired\" --at -5m --mark detected

TIME (--at, --start, --end) is `now` (the default), a clock time such as `14:55` (today in the
file's zone), a duration before now such as `-5m`, `2026-07-04 14:55` (the file's zone) or RFC
3339 such as `2026-07-04T14:55:00Z`. Times are written as wall clock in the file's `timezone`,
with the UTC offset added where that wall clock happens twice (DST fold); a wall clock that does
not exist or happens twice is refused with both readings shown. Events and updates are placed by
time, so a timeline in order stays in order.

Exit codes: 0 written, 1 written but the file now has new error findings, 2 refused (nothing
written).";

const SCRIBE_UPDATE_HELP: &str = "Examples:
  postmortem update incidents/2026-07-04-api.toml --status investigating \"We are looking into failed API calls.\"
  postmortem update incidents/2026-07-04-api.toml --status resolved --deployment \"Public Cloud Server\" \"Fixed.\"

TIME (--at) reads as for `postmortem log`.";

const SCRIBE_IMPACT_HELP: &str = "Examples:
  postmortem impact incidents/2026-07-04-api.toml --deployment \"Public Cloud Server\" --status major_outage
  postmortem impact incidents/2026-07-04-api.toml --deployment \"Public Cloud Server\" --status major_outage --start 14:55
  postmortem impact incidents/2026-07-04-api.toml --deployment \"Public Cloud Server\" --end 22:05

With --status, a window opens (at --start, default now; with --end too, a closed window): the
window a new file leaves without times is filled in, and an open window of another status is
closed where the new one begins. Without --status, --end closes the deployment's open window.
A deployment the file does not list is added when postmortem.toml's catalogue lists it.
TIME reads as for `postmortem log`.";

/// The current instant, for tests.
#[derive(Debug, Args)]
pub struct Clock {
    /// The instant taken as "now" (RFC 3339); for tests and replays only.
    #[arg(long, hide = true, env = "POSTMORTEM_NOW", value_name = "RFC3339")]
    pub now: Option<String>,
}

fn mark_parser() -> impl clap::builder::TypedValueParser<Value = crate::model::Mark> {
    use crate::model::Mark;
    clap::builder::PossibleValuesParser::new(Mark::ALL.map(Mark::as_str))
        .map(|name| Mark::ALL.into_iter().find(|m| m.as_str() == name).unwrap_or(Mark::Trigger))
}

fn update_status_parser() -> impl clap::builder::TypedValueParser<Value = crate::model::UpdateStatus> {
    use crate::model::UpdateStatus;
    const STATUSES: [UpdateStatus; 8] = [
        UpdateStatus::Investigating,
        UpdateStatus::Identified,
        UpdateStatus::Monitoring,
        UpdateStatus::Resolved,
        UpdateStatus::Scheduled,
        UpdateStatus::InProgress,
        UpdateStatus::Verifying,
        UpdateStatus::Completed,
    ];
    clap::builder::PossibleValuesParser::new(STATUSES.map(UpdateStatus::as_str))
        .map(|name| STATUSES.into_iter().find(|s| s.as_str() == name).unwrap_or(UpdateStatus::Investigating))
}

fn impact_status_parser() -> impl clap::builder::TypedValueParser<Value = crate::model::ImpactStatus> {
    use crate::model::ImpactStatus;
    clap::builder::PossibleValuesParser::new(ImpactStatus::ALL.map(ImpactStatus::as_str)).map(|name| {
        ImpactStatus::ALL.into_iter().find(|s| s.as_str() == name).unwrap_or(ImpactStatus::MajorOutage)
    })
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The incident file (TOML or JSON).
    pub file: PathBuf,
    /// What happened (Markdown).
    pub text: String,
    /// When it happened: now, 14:55, -5m, "2026-07-04 14:55" or RFC 3339.
    #[arg(long, value_name = "TIME", default_value = "now", allow_hyphen_values = true)]
    pub at: String,
    /// A milestone this event marks (repeatable).
    #[arg(long = "mark", value_name = "MILESTONE", value_parser = mark_parser())]
    pub marks: Vec<crate::model::Mark>,
    #[command(flatten)]
    pub clock: Clock,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The incident file (TOML or JSON).
    pub file: PathBuf,
    /// The update's text, as customers read it.
    pub text: String,
    /// The status the update announces.
    #[arg(long, value_parser = update_status_parser())]
    pub status: crate::model::UpdateStatus,
    /// When it was published: now, 14:55, -5m, "2026-07-04 14:55" or RFC 3339.
    #[arg(long, value_name = "TIME", default_value = "now", allow_hyphen_values = true)]
    pub at: String,
    /// An affected deployment shown under the update (repeatable).
    #[arg(long = "deployment", value_name = "NAME")]
    pub deployments: Vec<String>,
    #[command(flatten)]
    pub clock: Clock,
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// The incident file (TOML or JSON).
    pub file: PathBuf,
    /// The deployment whose window opens or closes.
    #[arg(long, value_name = "NAME")]
    pub deployment: String,
    /// Open a window in this status; without it, --end closes the open window.
    #[arg(long, value_parser = impact_status_parser(), required_unless_present = "end")]
    pub status: Option<crate::model::ImpactStatus>,
    /// When the window began (with --status; default now).
    #[arg(long, value_name = "TIME", requires = "status", allow_hyphen_values = true)]
    pub start: Option<String>,
    /// When the window ended.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub end: Option<String>,
    #[command(flatten)]
    pub clock: Clock,
}

const ANALYZE_HELP: &str = "Examples:
  postmortem analyze incidents/2026-07-04-smsgate-api.toml
  postmortem analyze incidents/2026-07-04-smsgate-api.toml --format json --tz Europe/Berlin

Definitions:
  window duration     end - start, or the declared `duration` when shorter; open or unbounded
                      windows have none
  impact_seconds      per deployment, the union of its unplanned bounded windows (overlaps once)
  by_status_seconds   that union split by the worst status covering each stretch
  downtime_seconds    those stretches weighted by the counting rules (default: major_outage and
                      partial_outage count fully; postmortem.toml [counting] changes it)
  planned_seconds     the union of planned windows, reported apart
  milestones          explicit event marks win; impact_start defaults to the first unplanned
                      window start, recovered to the last unplanned window end, resolved to the
                      first `resolved` update
  durations           time_to_{detect,acknowledge,identify,mitigate,recover,resolve} from
                      impact_start; latency = impact_start - trigger; first_public_update =
                      first update - impact_start (negative is a finding, not clamped)
  span                earliest timestamped entry to the resolution (or to the latest entry)";

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
    /// Show times in this IANA zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
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
    /// Show times in this IANA zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Render even when the incident has error diagnostics.
    #[arg(long)]
    pub force: bool,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A post-mortem written as Markdown or plain text.
    Markdown,
    /// A Statuspage incidents.json, summary.json, scheduled-maintenances.json or incident.
    Statuspage,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to import; for Markdown also folders (their .md, .markdown and .txt files).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What the file is.
    #[arg(long, value_enum)]
    pub from: ImportSource,
    /// Folder to write the incident files into (created for Markdown when missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Overwrite incident files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into DIR for editing.
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Overwrite templates that already exist there.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write `postmortem.1`, `postmortem-check.1`, ... into (created when
    /// missing); without it, the top page is printed to stdout.
    pub dir: Option<PathBuf>,
    /// Replace files of the same names that are not manual pages written by postmortem.
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

const SITE_HELP: &str = "Examples:
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
