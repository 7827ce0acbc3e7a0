//! The report's figures for one period: downtime per deployment as the union over every
//! incident (worst status wins, weighted by the counting rules), availability and error budget,
//! counts, time-to-X distributions, action items, and the previous period beside them.
//!
//! The serialised [`Report`] is the stable JSON shape of `report --to json`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::input::{Excluded, Inputs, Record, relative_link};
use super::period::Period;
use crate::analysis::intervals::{Interval, union_seconds, weighted_seconds, worst_cover};
use crate::model::{ActionKind, ActionStatus, Config, ImpactStatus};

/// Version of the JSON shape; bumped only on incompatible change.
pub const REPORT_FORMAT: u32 = 1;

/// The durations summarised across incidents, in display order.
pub const DURATION_NAMES: [&str; 6] = [
    "time_to_detect",
    "time_to_acknowledge",
    "time_to_identify",
    "time_to_mitigate",
    "time_to_recover",
    "time_to_resolve",
];

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
    fn of(period: &Period) -> PeriodInfo {
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
    pub strip: Vec<(DateTime<Utc>, DateTime<Utc>, ImpactStatus, bool)>,
}

/// One incident listed in the report.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    pub file: String,
    /// The rendered post-mortem (or the file), relative to where the report is written.
    pub link: String,
    pub title: String,
    pub service: String,
    pub severity: Option<String>,
    pub began: DateTime<Utc>,
    pub resolved: Option<DateTime<Utc>>,
    /// False for an incident that began earlier but has windows inside the period.
    pub began_in_period: bool,
    /// Deployments with a window in the incident.
    pub deployments: Vec<String>,
    /// Downtime of the incident alone (all deployments, whole incident).
    pub downtime_seconds: i64,
    /// A window still open, ended at `as_of` for counting.
    pub open: bool,
    pub time_to_detect_seconds: Option<i64>,
    pub time_to_recover_seconds: Option<i64>,
    pub time_to_resolve_seconds: Option<i64>,
    pub actions_pending: usize,
    pub actions_total: usize,
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
    fn add(&mut self, status: ActionStatus) {
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

/// Compute the report for `settings.period` (and the period before it) from `inputs`.
pub fn aggregate(inputs: &Inputs, settings: &Settings) -> Report {
    let period = settings.period;
    let previous = period.previous();
    let mut deployments = deployment_figures(&inputs.records, settings, period);
    if let Some(prev) = &previous {
        let before = deployment_figures(&inputs.records, settings, prev);
        for deployment in &mut deployments {
            deployment.previous = before.iter().find(|b| b.name == deployment.name).map(|b| {
                DeploymentPrevious { downtime_seconds: b.downtime_seconds, availability: b.availability }
            });
        }
    }
    fn began_in<'a>(records: &'a [Record], p: &'a Period) -> impl Iterator<Item = &'a Record> + 'a {
        records.iter().filter(move |r| p.contains(r.began))
    }
    let mut durations: BTreeMap<&'static str, DurationFigures> = BTreeMap::new();
    for (name, values) in duration_values(began_in(&inputs.records, period)) {
        durations.entry(name).or_default().current = Distribution::of(values);
    }
    if let Some(prev) = &previous {
        for (name, values) in duration_values(began_in(&inputs.records, prev)) {
            durations.entry(name).or_default().previous = Distribution::of(values);
        }
    }
    let incidents = incident_rows(&inputs.records, settings);
    Report {
        format: REPORT_FORMAT,
        organisation: settings.config.file.organisation.clone(),
        period: PeriodInfo::of(period),
        previous_period: previous.as_ref().map(PeriodInfo::of),
        as_of: settings.as_of,
        counting: CountingInfo {
            rules: settings.config.counting.describe(),
            weights: settings.config.counting.weights.iter().map(|(s, w)| (s.as_str(), *w)).collect(),
            planned: settings.config.counting.planned,
        },
        files: FilesInfo {
            read: inputs.records.len() + inputs.excluded.len(),
            included: inputs.records.len(),
            excluded: inputs.excluded.len(),
        },
        deployments,
        counts: counts(began_in(&inputs.records, period)),
        previous_counts: previous.as_ref().map(|p| counts(began_in(&inputs.records, p))),
        incidents,
        durations,
        actions: actions(&inputs.records, settings),
        excluded: inputs.excluded.iter().map(excluded_info).collect(),
    }
}

fn excluded_info(excluded: &Excluded) -> ExcludedInfo {
    ExcludedInfo {
        file: excluded.path.display().to_string(),
        errors: excluded.errors,
        reason: excluded.reason.clone(),
    }
}

#[derive(Default)]
struct Collected {
    down: Vec<Interval<f64>>,
    unplanned: Vec<Interval<ImpactStatus>>,
    planned: Vec<Interval<ImpactStatus>>,
    incidents: usize,
    last_incident: Option<usize>,
}

/// Every deployment of the catalogue (and any other that has windows), with its figures.
fn deployment_figures(records: &[Record], settings: &Settings, period: &Period) -> Vec<DeploymentFigures> {
    let counting = &settings.config.counting;
    let mut collected: HashMap<&str, Collected> = HashMap::new();
    for (index, record) in records.iter().enumerate() {
        for w in &record.windows {
            let Some((start, end)) = w.window.counted(Some(settings.as_of)) else { continue };
            let Some(inside) = Interval::new(start, end, w.window.status).clip(period.start, period.end)
            else {
                continue;
            };
            let entry = collected.entry(w.deployment.as_str()).or_default();
            if entry.last_incident != Some(index) {
                entry.incidents += 1;
                entry.last_incident = Some(index);
            }
            let weight = counting.window_weight(w.window.status, w.window.planned);
            if weight > 0.0 {
                entry.down.push(Interval::new(inside.start, inside.end, weight));
            }
            if w.window.planned { entry.planned.push(inside) } else { entry.unplanned.push(inside) }
        }
    }
    let mut names: Vec<(String, Option<String>)> = settings
        .config
        .file
        .services
        .iter()
        .flat_map(|s| s.deployments.iter().map(|d| (d.clone(), Some(s.name.clone()))))
        .collect();
    let mut others: Vec<&str> = collected
        .keys()
        .copied()
        .chain(settings.config.file.slo.keys().map(String::as_str))
        .filter(|name| !names.iter().any(|(n, _)| n == name))
        .collect();
    others.sort_unstable();
    others.dedup();
    names.extend(others.into_iter().map(|n| (n.to_string(), None)));

    let period_seconds = period.seconds();
    names
        .into_iter()
        .map(|(name, service)| {
            let empty = Collected::default();
            let c = collected.get(name.as_str()).unwrap_or(&empty);
            let down_cover = worst_cover(&c.down);
            let downtime_seconds = weighted_seconds(&c.down).round() as i64;
            let availability = if period_seconds > 0 {
                100.0 * (1.0 - downtime_seconds as f64 / period_seconds as f64)
            } else {
                100.0
            };
            let slo = settings.config.slo(&name);
            let budget_seconds = slo.map(|slo| round_ms((100.0 - slo) / 100.0 * period_seconds as f64));
            let mut by_status_seconds = BTreeMap::new();
            let status_cover = worst_cover(&c.unplanned);
            for stretch in &status_cover {
                *by_status_seconds.entry(stretch.value.as_str()).or_insert(0) += stretch.seconds();
            }
            let months = period
                .months()
                .into_iter()
                .map(|(first, from, to)| MonthDowntime {
                    month: first.format("%Y-%m").to_string(),
                    downtime_seconds: down_cover
                        .iter()
                        .filter_map(|s| s.clip(from, to))
                        .map(|s| s.seconds() as f64 * s.value)
                        .sum::<f64>()
                        .round() as i64,
                })
                .collect();
            let mut strip: Vec<_> = status_cover.iter().map(|s| (s.start, s.end, s.value, false)).collect();
            strip.extend(worst_cover(&c.planned).iter().map(|s| (s.start, s.end, s.value, true)));
            DeploymentFigures {
                service,
                incidents: c.incidents,
                downtime_seconds,
                availability,
                slo,
                budget_seconds,
                budget_used_seconds: downtime_seconds,
                budget_left_seconds: budget_seconds.map(|b| round_ms(b - downtime_seconds as f64)),
                budget_used_percent: budget_seconds
                    .filter(|b| *b > 0.0)
                    .map(|b| round_ms(100.0 * downtime_seconds as f64 / b)),
                slo_met: slo.map(|slo| availability >= slo),
                impact_seconds: union_seconds(&c.unplanned),
                by_status_seconds,
                planned_seconds: union_seconds(&c.planned),
                months,
                previous: None,
                down: down_cover
                    .iter()
                    .map(|s| DownStretch { start: s.start, end: s.end, weight: s.value })
                    .collect(),
                strip,
                name,
            }
        })
        .collect()
}

/// Floating-point noise off budgets (`(100 - 99.9) / 100` is not exactly 0.001).
fn round_ms(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn duration_values<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<(&'static str, Vec<i64>)> {
    let mut values: Vec<(&'static str, Vec<i64>)> = DURATION_NAMES.iter().map(|n| (*n, Vec::new())).collect();
    for record in records {
        for (name, value) in record.durations.named() {
            if let Some((_, list)) = values.iter_mut().find(|(n, _)| *n == name) {
                list.extend(value);
            }
        }
    }
    values
}

fn counts<'a>(records: impl Iterator<Item = &'a Record>) -> Counts {
    let mut counts = Counts::default();
    for record in records {
        counts.incidents += 1;
        let severity = record.severity.clone().unwrap_or_else(|| "unset".to_string());
        *counts.by_severity.entry(severity).or_insert(0) += 1;
        *counts.by_service.entry(record.service.clone()).or_insert(0) += 1;
        for deployment in record.deployments() {
            *counts.by_deployment.entry(deployment.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

fn incident_rows(records: &[Record], settings: &Settings) -> Vec<IncidentRow> {
    let period = settings.period;
    let mut rows: Vec<IncidentRow> = records
        .iter()
        .filter_map(|record| {
            let began_in_period = period.contains(record.began);
            let touches = record.windows.iter().any(|w| {
                w.window
                    .counted(Some(settings.as_of))
                    .is_some_and(|(s, e)| s < period.end && period.start < e)
            });
            if !began_in_period && !touches {
                return None;
            }
            Some(IncidentRow {
                file: record.path.display().to_string(),
                link: relative_link(settings.link_base, &record.link),
                title: record.title.clone(),
                service: record.service.clone(),
                severity: record.severity.clone(),
                began: record.began,
                resolved: record.resolved,
                began_in_period,
                deployments: record.deployments().into_iter().map(String::from).collect(),
                downtime_seconds: record.downtime_seconds,
                open: record.windows.iter().any(|w| w.window.start.is_some() && w.window.end.is_none()),
                time_to_detect_seconds: record.durations.time_to_detect_seconds,
                time_to_recover_seconds: record.durations.time_to_recover_seconds,
                time_to_resolve_seconds: record.durations.time_to_resolve_seconds,
                actions_pending: record.actions.iter().filter(|a| a.status.is_pending()).count(),
                actions_total: record.actions.len(),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.began.cmp(&b.began).then_with(|| a.file.cmp(&b.file)));
    rows
}

fn actions(records: &[Record], settings: &Settings) -> ActionFigures {
    let period = settings.period;
    let mut by_kind: BTreeMap<ActionKind, ActionCounts> = BTreeMap::new();
    let mut total = ActionCounts::default();
    // Only positions are gathered; the ten oldest are built once sorted.
    let mut pending: Vec<(DateTime<Utc>, Option<NaiveDate>, usize, usize)> = Vec::new();
    let mut overdue = 0;
    for (r, record) in records.iter().enumerate() {
        let in_period = period.contains(record.began);
        for (a, action) in record.actions.iter().enumerate() {
            if in_period {
                by_kind.entry(action.kind).or_default().add(action.status);
                total.add(action.status);
            }
            if record.began >= period.end || !action.status.is_pending() {
                continue;
            }
            overdue += usize::from(action.due.is_some_and(|due| due < settings.as_of_date));
            pending.push((record.began, action.due, r, a));
        }
    }
    let pending_count = pending.len();
    pending.sort_unstable();
    let oldest = pending
        .iter()
        .take(10)
        .filter_map(|&(_, _, r, a)| {
            let record = records.get(r)?;
            let action = record.actions.get(a)?;
            Some(PendingAction {
                text: action.text.clone(),
                kind: action.kind,
                status: action.status,
                owner: action.owner.clone(),
                due: action.due,
                overdue: action.due.is_some_and(|due| due < settings.as_of_date),
                incident: record.title.clone(),
                file: record.path.display().to_string(),
                incident_began: record.began,
                age_days: (settings.as_of - record.began).num_days(),
            })
        })
        .collect();
    ActionFigures { by_kind, total, overdue, pending: pending_count, oldest_pending: oldest }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_give_median_p90_max_and_mean() {
        let d = Distribution::of(vec![10, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(d.n, 10);
        assert_eq!(d.median_seconds, Some(5));
        assert_eq!(d.p90_seconds, Some(9));
        assert_eq!(d.max_seconds, Some(10));
        assert_eq!(d.mean_seconds, Some(5));
        let one = Distribution::of(vec![42]);
        assert_eq!((one.median_seconds, one.p90_seconds, one.max_seconds), (Some(42), Some(42), Some(42)));
        let none = Distribution::of(Vec::new());
        assert_eq!((none.n, none.median_seconds), (0, None));
    }

    #[test]
    fn every_summarised_duration_is_one_the_analysis_names() {
        let named = crate::analysis::Durations::default().named().map(|(name, _)| name);
        for name in DURATION_NAMES {
            assert!(named.contains(&name), "{name} is not a name of analysis::Durations::named");
        }
    }
}
