//! Command-line definitions (clap derive): the command tree with its examples here, every
//! command's flags with their doc comments in the file of its group.

mod corpus;
mod incident;
mod scribe;
mod tools;

use clap::{Parser, Subcommand};

pub use corpus::{ImportArgs, ImportSource, ReportArgs, ReportFormat, SiteArgs};
pub use incident::{
    AnalyzeArgs, AnalyzeFormat, ChartArgs, CheckArgs, Deny, DiagnosticFormat, DocumentFormat, ExplainArgs,
    FmtArgs, NewArgs, RenderArgs, StatusArgs, StatusFormat, ViewArgs,
};
pub use scribe::{Clock, ImpactArgs, LogArgs, UpdateArgs};
pub use tools::{CompletionsArgs, ManArgs, TemplatesCommand};

use corpus::SITE_HELP;
use incident::analyze_help;
use scribe::{SCRIBE_IMPACT_HELP, SCRIBE_LOG_HELP, SCRIBE_UPDATE_HELP};

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
    #[command(after_help = analyze_help())]
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
    /// Import a written post-mortem, a Statuspage export, a Slack channel or a PagerDuty log.
    #[command(after_help = "Examples:
  postmortem import --from markdown postmortem.md -o incidents/
  postmortem import --from markdown status-page-copy.txt -o incidents/ --force
  postmortem import --from markdown old-postmortems/ wiki-page.md -o incidents/
  postmortem import --from slack export.zip --channel inc-2026-07-04 --pinned -o incidents/
  postmortem import --from slack export/ --channel inc-api --reaction pushpin --into incidents/2026-07-04-api.toml
  postmortem import --from pagerduty log_entries.json --into incidents/2026-07-04-api.toml

Slack: the export Slack documents (channels.json, users.json, a folder per channel with a JSON
file per day); authors named from users.json, mrkdwn turned into Markdown, thread replies kept
under their parent; messages with a milestone word (declared, paged, acknowledged, identified,
mitigated, resolved, ...) are proposed as marks and listed as guesses. PagerDuty: the first
trigger is `detected`, the first acknowledgement `acknowledged`, the first resolution
`resolved`. With --into, marks the file already has are left off, and events the file has at
the same instant with the same text are not added again.

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
