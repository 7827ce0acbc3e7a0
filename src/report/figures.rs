//! The report's figures as types: the stable JSON shape of `report --to json` ([`Report`])
//! and the settings it is computed under; [`super::tally`] gathers them and
//! [`super::aggregate`] completes them.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::period::Period;
use crate::analysis::DurationKind;
use crate::model::{ActionKind, ActionStatus, Config, ImpactStatus};
use crate::output::mark::Generator;

/// Version of the JSON shape; bumped only on incompatible change.
pub const REPORT_FORMAT: u32 = 1;

/// The durations summarised across incidents, in display order: the times from the impact's
/// start to each milestone, in [`DurationKind::ALL`] order.
pub fn summarised_durations() -> impl Iterator<Item = DurationKind> {
    DurationKind::ALL.into_iter().filter(|kind| kind.is_time_to_milestone())
}

/// What the report is computed from besides the incidents.
pub struct Settings<'a> {
    pub config: &'a Config,
    pub period: &'a Period,
    /// Open windows end here and actions are judged overdue against `as_of_date`.
    pub as_of: DateTime<Utc>,
    pub as_of_date: NaiveDate,
    /// Links to post-mortems are relative to this folder (where the report is written).
    pub link_base: &'a Path,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub timezone: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub days: i64,
    pub seconds: i64,
}

impl PeriodInfo {
    pub(crate) fn of(period: &Period) -> PeriodInfo {
        PeriodInfo {
            label: period.label.clone(),
            first_day: period.first_day,
            last_day: period.last_day,
            timezone: period.zone.name().to_string(),
            start: period.start,
            end: period.end,
            days: period.days(),
            seconds: period.seconds(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CountingInfo {
    /// The rules in words, as printed in the report.
    pub rules: String,
    /// Weight of each status (0 to 1).
    pub weights: BTreeMap<&'static str, f64>,
    /// Whether planned maintenance counts as downtime.
    pub planned: bool,
}

/// A stretch of counted downtime on a deployment (the worst weight covering it).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DownStretch {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthDowntime {
    /// `2026-07`.
    pub month: String,
    pub downtime_seconds: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentPrevious {
    pub downtime_seconds: i64,
    pub availability: f64,
}

/// One stretch of a deployment's strip on the report's windows chart: unplanned windows by the
/// worst status covering them, planned maintenance apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StripWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: ImpactStatus,
    pub planned: bool,
}

/// One deployment over the period.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentFigures {
    pub name: String,
    /// The service it belongs to in the catalogue.
    pub service: Option<String>,
    /// Incidents with a window on it inside the period.
    pub incidents: usize,
    /// The union of counted windows of all incidents, weighted; seconds.
    pub downtime_seconds: i64,
    /// Percent, like `slo`: 100 × (1 − downtime / period).
    pub availability: f64,
    /// Target availability in percent from `postmortem.toml` `[slo]`; null when unset.
    pub slo: Option<f64>,
    /// (1 − slo / 100) × period seconds.
    pub budget_seconds: Option<f64>,
    pub budget_used_seconds: i64,
    /// Negative when the budget is overspent.
    pub budget_left_seconds: Option<f64>,
    /// Percent of the budget used.
    pub budget_used_percent: Option<f64>,
    pub slo_met: Option<bool>,
    /// Union of unplanned windows of any status.
    pub impact_seconds: i64,
    /// That union split by the worst status covering each stretch.
    pub by_status_seconds: BTreeMap<&'static str, i64>,
    /// Union of planned maintenance windows.
    pub planned_seconds: i64,
    pub months: Vec<MonthDowntime>,
    pub previous: Option<DeploymentPrevious>,
    /// The stretches behind `downtime_seconds` (for charts; not part of the JSON).
    #[serde(skip)]
    pub down: Vec<DownStretch>,
    /// Unplanned windows by worst status, and planned ones (for charts).
    #[serde(skip)]
    pub strip: Vec<StripWindow>,
}

/// A name many rows share (a service, severity or deployment), held once and pointed at:
/// 100,000 listed incidents keep one copy of each name, not one per row.
pub type Shared = std::sync::Arc<str>;

/// One incident listed in the report. Kept compact (shared names, boxed strings and slices,
/// its deployments read off its windows): a report over a year of incidents holds one of these
/// per incident until it is written.
#[derive(Debug, Clone)]
pub struct IncidentRow {
    pub file: Box<str>,
    /// The rendered post-mortem (or the file), relative to where the report is written.
    pub link: Box<str>,
    pub title: Box<str>,
    pub service: Shared,
    pub severity: Option<Shared>,
    pub began: DateTime<Utc>,
    pub resolved: Option<DateTime<Utc>>,
    /// False for an incident that began earlier but has windows inside the period.
    pub began_in_period: bool,
    /// Downtime of the incident alone (all deployments, whole incident).
    pub downtime_seconds: i64,
    /// A window still open, ended at `as_of` for counting.
    pub open: bool,
    pub time_to_detect_seconds: Option<i64>,
    pub time_to_recover_seconds: Option<i64>,
    pub time_to_resolve_seconds: Option<i64>,
    pub actions_pending: u32,
    pub actions_total: u32,
    /// Its windows, for the CSV (not part of the JSON).
    pub windows: Box<[WindowRow]>,
}

impl IncidentRow {
    /// Deployments with a window in the incident, each once, in the order of its windows.
    pub fn deployments(&self) -> Vec<&Shared> {
        let mut names: Vec<&Shared> = Vec::new();
        for w in &self.windows {
            if !names.contains(&&w.deployment) {
                names.push(&w.deployment);
            }
        }
        names
    }
}

impl Serialize for IncidentRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("IncidentRow", 17)?;
        row.serialize_field("file", &self.file)?;
        row.serialize_field("link", &self.link)?;
        row.serialize_field("title", &self.title)?;
        row.serialize_field("service", &self.service)?;
        row.serialize_field("severity", &self.severity)?;
        row.serialize_field("began", &self.began)?;
        row.serialize_field("resolved", &self.resolved)?;
        row.serialize_field("began_in_period", &self.began_in_period)?;
        row.serialize_field("deployments", &self.deployments())?;
        row.serialize_field("downtime_seconds", &self.downtime_seconds)?;
        row.serialize_field("open", &self.open)?;
        row.serialize_field("time_to_detect_seconds", &self.time_to_detect_seconds)?;
        row.serialize_field("time_to_recover_seconds", &self.time_to_recover_seconds)?;
        row.serialize_field("time_to_resolve_seconds", &self.time_to_resolve_seconds)?;
        row.serialize_field("actions_pending", &self.actions_pending)?;
        row.serialize_field("actions_total", &self.actions_total)?;
        row.end()
    }
}

/// One window of a listed incident, as the CSV shows it.
#[derive(Debug, Clone)]
pub struct WindowRow {
    pub deployment: Shared,
    /// Its place in the incident's `impact` list.
    pub index: u32,
    pub status: ImpactStatus,
    pub planned: bool,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// The counted stretch clipped to the period, if any.
    pub counted_in_period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub weight: f64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Incidents that began in the period.
    pub incidents: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub by_service: BTreeMap<String, usize>,
    pub by_deployment: BTreeMap<String, usize>,
}

/// A distribution over incidents; all null when n is 0.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Distribution {
    pub n: usize,
    /// The middle value (the mean of the two middle ones for even n).
    pub median_seconds: Option<i64>,
    /// Nearest rank: the smallest value at least 90 % of incidents are at or under.
    pub p90_seconds: Option<i64>,
    pub max_seconds: Option<i64>,
    pub mean_seconds: Option<i64>,
}

impl Distribution {
    pub fn of(mut values: Vec<i64>) -> Distribution {
        values.sort_unstable();
        let n = values.len();
        if n == 0 {
            return Distribution::default();
        }
        let median = if n % 2 == 1 {
            values.get(n / 2).copied()
        } else {
            values.get(n / 2 - 1).zip(values.get(n / 2)).map(|(a, b)| (a + b).div_euclid(2))
        };
        let rank = (n * 9).div_ceil(10).max(1);
        let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
        Distribution {
            n,
            median_seconds: median,
            p90_seconds: values.get(rank - 1).copied(),
            max_seconds: values.last().copied(),
            mean_seconds: i64::try_from(sum / n as i128).ok(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct DurationFigures {
    pub current: Distribution,
    pub previous: Distribution,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ActionCounts {
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    pub wont_do: usize,
}

impl ActionCounts {
    pub(crate) fn add(&mut self, status: ActionStatus) {
        match status {
            ActionStatus::Open => self.open += 1,
            ActionStatus::InProgress => self.in_progress += 1,
            ActionStatus::Done => self.done += 1,
            ActionStatus::WontDo => self.wont_do += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PendingAction {
    pub text: String,
    pub kind: ActionKind,
    pub status: ActionStatus,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub incident: String,
    pub file: String,
    pub incident_began: DateTime<Utc>,
    /// Days from the incident's start to `as_of`.
    pub age_days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionFigures {
    /// Actions of the incidents that began in the period, by kind.
    pub by_kind: BTreeMap<ActionKind, ActionCounts>,
    pub total: ActionCounts,
    /// Open or in progress with a due date before `as_of`, across every incident that began
    /// before the period's end (the backlog).
    pub overdue: usize,
    /// Open or in progress across that backlog.
    pub pending: usize,
    /// The oldest pending actions of the backlog (by incident start), at most 10.
    pub oldest_pending: Vec<PendingAction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExcludedInfo {
    pub file: String,
    pub errors: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilesInfo {
    pub read: usize,
    pub included: usize,
    pub excluded: usize,
}

/// The whole report (the JSON shape of `report --to json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `"postmortem report"`, first: the mark of the tool's JSON ([`crate::output::mark`]), so
    /// that a report saved among the incidents is recognised and skipped, not read as one.
    pub generator: Generator,
    pub format: u32,
    pub organisation: Option<String>,
    pub period: PeriodInfo,
    pub previous_period: Option<PeriodInfo>,
    pub as_of: DateTime<Utc>,
    pub counting: CountingInfo,
    pub files: FilesInfo,
    pub deployments: Vec<DeploymentFigures>,
    pub counts: Counts,
    pub previous_counts: Option<Counts>,
    pub incidents: Vec<IncidentRow>,
    pub durations: BTreeMap<&'static str, DurationFigures>,
    pub actions: ActionFigures,
    pub excluded: Vec<ExcludedInfo>,
}
