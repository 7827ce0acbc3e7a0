//! The scribe commands' flags (`log`, `update`, `impact`): editing an incident file while it runs.

use std::path::PathBuf;

use clap::Args;
use clap::builder::TypedValueParser as _;

pub(super) const SCRIBE_LOG_HELP: &str = "Examples:
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

pub(super) const SCRIBE_UPDATE_HELP: &str = "Examples:
  postmortem update incidents/2026-07-04-api.toml --status investigating \"We are looking into failed API calls.\"
  postmortem update incidents/2026-07-04-api.toml --status resolved --deployment \"Public Cloud Server\" \"Fixed.\"

TIME (--at) reads as for `postmortem log`.";

pub(super) const SCRIBE_IMPACT_HELP: &str = "Examples:
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
