//! The site's state at `--as-of`: which incidents and maintenances are active, each
//! deployment's current status, the overall indicator (Statuspage's vocabulary), and one cell
//! per day of the bar. Availability, downtime and the worst status per stretch are the report's
//! figures ([`crate::report::aggregate`]), only cut into days here, never recomputed.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{Options, SiteIncident};
use crate::model::{Config, ImpactLevel, ImpactStatus};
use crate::report::Period;
use crate::report::aggregate::{DeploymentFigures, Report};
use crate::time::start_of_day;

/// One day of one deployment's bar.
#[derive(Debug, Clone)]
pub struct DayCell {
    pub date: NaiveDate,
    /// The worst unplanned status that day, from the report's worst-status cover.
    pub worst: Option<ImpactStatus>,
    /// Planned maintenance touched the day.
    pub planned: bool,
    /// Counted downtime that day (weighted by the counting rules), seconds.
    pub downtime_seconds: i64,
    /// Incidents with a window on this deployment that day (indices into the site's list).
    pub incidents: Vec<usize>,
}

/// One deployment on the status page.
#[derive(Debug, Clone)]
pub struct DeploymentState {
    pub name: String,
    /// Its status at `as_of`: the worst window covering it; None is operational.
    pub status: Option<ImpactStatus>,
    /// The report's availability over the bar's period, percent.
    pub availability: f64,
    pub downtime_seconds: i64,
    pub planned_seconds: i64,
    pub days: Vec<DayCell>,
}

/// Deployments of one service.
#[derive(Debug, Clone)]
pub struct Group {
    pub service: String,
    pub deployments: Vec<DeploymentState>,
}

/// The page's overall status, as Statuspage's `status` object says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overall {
    /// none | minor | major | critical | maintenance
    pub indicator: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone)]
pub struct State {
    pub as_of: DateTime<Utc>,
    pub zone: Tz,
    pub period: Period,
    pub counting_rules: String,
    pub overall: Overall,
    pub groups: Vec<Group>,
    /// Unresolved incidents that are not planned-only, newest first.
    pub active: Vec<usize>,
    /// Planned maintenance covering `as_of`, and planned maintenance still to come.
    pub maintenance_active: Vec<usize>,
    pub maintenance_upcoming: Vec<usize>,
    /// Incidents that began in the last [`RECENT_DAYS`] days up to `as_of`.
    pub recent: Vec<usize>,
}

/// How far back "recent incidents" on the status page reach.
pub const RECENT_DAYS: i64 = 14;

impl State {
    pub fn compute(
        incidents: &[SiteIncident],
        report: &Report,
        config: &Config,
        options: &Options,
        period: &Period,
    ) -> State {
        let as_of = options.as_of;
        let active: Vec<usize> = (0..incidents.len())
            .filter(|&i| incidents.get(i).is_some_and(|inc| is_unresolved(inc, as_of) && !planned_only(inc)))
            .collect();
        let maintenance_active: Vec<usize> = (0..incidents.len())
            .filter(|&i| {
                incidents
                    .get(i)
                    .is_some_and(|inc| planned_window(inc, |s, e| s <= as_of && e.is_none_or(|e| as_of < e)))
            })
            .collect();
        let maintenance_upcoming = (0..incidents.len())
            .filter(|&i| incidents.get(i).is_some_and(|inc| planned_window(inc, |s, _| s > as_of)))
            .collect();
        let recent_from = as_of - Duration::days(RECENT_DAYS);
        let recent = (0..incidents.len())
            .filter(|&i| {
                incidents.get(i).and_then(|inc| inc.began).is_some_and(|b| recent_from <= b && b <= as_of)
            })
            .collect();
        let overall = overall(incidents, &active, &maintenance_active);
        let groups = groups(incidents, report, config, as_of, period);
        State {
            as_of,
            zone: period.zone,
            period: period.clone(),
            counting_rules: report.counting.rules.clone(),
            overall,
            groups,
            active,
            maintenance_active,
            maintenance_upcoming,
            recent,
        }
    }
}

/// Unresolved at `as_of`: something had happened by then, and either its last update by then
/// is not final or an unplanned window covers `as_of`.
pub fn is_unresolved(incident: &SiteIncident, as_of: DateTime<Utc>) -> bool {
    let inc = &incident.checked.incident;
    let last_update = inc
        .updates()
        .filter_map(|(_, u, at)| at.filter(|t| *t <= as_of).map(|t| (t, u.status)))
        .max_by_key(|(t, _)| *t);
    let open_window = incident
        .checked
        .analysis
        .windows()
        .any(|w| !w.planned && w.start.is_some_and(|s| s <= as_of) && w.end.is_none_or(|e| as_of < e));
    open_window || last_update.is_some_and(|(_, status)| !status.is_final())
}

/// Only planned windows (a maintenance, not an incident).
pub fn planned_only(incident: &SiteIncident) -> bool {
    let analysis = &incident.checked.analysis;
    analysis.windows().next().is_some() && analysis.windows().all(|w| w.planned)
}

fn planned_window(
    incident: &SiteIncident,
    test: impl Fn(DateTime<Utc>, Option<DateTime<Utc>>) -> bool,
) -> bool {
    incident.checked.analysis.windows().any(|w| w.planned && w.start.is_some_and(|s| test(s, w.end)))
}

/// The incident's status-page impact: the file's, else derived from its worst window.
pub fn impact_level(incident: &SiteIncident) -> ImpactLevel {
    incident.checked.analysis.impact_level
}

fn overall(incidents: &[SiteIncident], active: &[usize], maintenance: &[usize]) -> Overall {
    let rank = |level: ImpactLevel| match level {
        ImpactLevel::None | ImpactLevel::Maintenance => 0,
        ImpactLevel::Minor => 1,
        ImpactLevel::Major => 2,
        ImpactLevel::Critical => 3,
    };
    let worst = active.iter().filter_map(|&i| incidents.get(i)).map(impact_level).max_by_key(|l| rank(*l));
    match worst.map(rank) {
        Some(3) => Overall { indicator: "critical", description: "Major System Outage" },
        Some(2) => Overall { indicator: "major", description: "Partial System Outage" },
        Some(1) => Overall { indicator: "minor", description: "Minor Service Outage" },
        // An open incident without impact is still news: the page says so in its list.
        _ if !maintenance.is_empty() => {
            Overall { indicator: "maintenance", description: "Service Under Maintenance" }
        }
        _ => Overall { indicator: "none", description: "All Systems Operational" },
    }
}

/// A deployment's status at an instant across every incident: the worst window covering it.
pub fn status_at(incidents: &[SiteIncident], deployment: &str, at: DateTime<Utc>) -> Option<ImpactStatus> {
    incidents
        .iter()
        .filter_map(|inc| inc.checked.analysis.deployment(deployment))
        .flat_map(|d| &d.windows)
        .filter(|w| w.start.is_some_and(|s| s <= at) && w.end.is_none_or(|e| at < e))
        .map(|w| w.status)
        .max()
}

/// The report's deployments (catalogue order, then others), plus any deployment an incident
/// names without a window in the period, grouped by service.
fn groups(
    incidents: &[SiteIncident],
    report: &Report,
    config: &Config,
    as_of: DateTime<Utc>,
    period: &Period,
) -> Vec<Group> {
    let mut service_of: BTreeMap<String, String> = BTreeMap::new();
    // Oldest first, so a deployment belongs to the service that first named it.
    for inc in incidents.iter().rev() {
        for name in inc.checked.incident.deployment_names() {
            service_of.entry(name.to_string()).or_insert_with(|| inc.checked.incident.file.service.clone());
        }
    }
    let mut names: Vec<(String, String)> = report
        .deployments
        .iter()
        .map(|d| {
            let service = d.service.clone().or_else(|| service_of.get(&d.name).cloned());
            (d.name.clone(), service.unwrap_or_else(|| config.file.organisation.clone().unwrap_or_default()))
        })
        .collect();
    for (name, service) in &service_of {
        if !names.iter().any(|(n, _)| n == name) {
            names.push((name.clone(), service.clone()));
        }
    }
    let days = days_of(incidents, as_of, period);
    let mut groups: Vec<Group> = Vec::new();
    for (name, service) in names {
        let figures = report.deployments.iter().find(|d| d.name == name);
        let state = DeploymentState {
            status: status_at(incidents, &name, as_of),
            availability: figures.map_or(100.0, |f| f.availability),
            downtime_seconds: figures.map_or(0, |f| f.downtime_seconds),
            planned_seconds: figures.map_or(0, |f| f.planned_seconds),
            days: cells(figures, days.get(&name), period),
            name,
        };
        match groups.iter_mut().find(|g| g.service == service) {
            Some(group) => group.deployments.push(state),
            None => groups.push(Group { service, deployments: vec![state] }),
        }
    }
    groups
}

/// The day bounds of the period, `[start, end)` each.
fn day_bounds(period: &Period) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
    period
        .first_day
        .iter_days()
        .take_while(|d| *d <= period.last_day)
        .map(|d| {
            (
                d,
                start_of_day(d, period.zone),
                d.succ_opt().map_or(period.end, |n| start_of_day(n, period.zone)),
            )
        })
        .collect()
}

/// Per deployment, per day of the period, the incidents with a counted window there.
fn days_of(
    incidents: &[SiteIncident],
    as_of: DateTime<Utc>,
    period: &Period,
) -> BTreeMap<String, BTreeMap<NaiveDate, Vec<usize>>> {
    let bounds = day_bounds(period);
    let mut out: BTreeMap<String, BTreeMap<NaiveDate, Vec<usize>>> = BTreeMap::new();
    for (index, inc) in incidents.iter().enumerate() {
        for deployment in &inc.checked.analysis.deployments {
            for w in &deployment.windows {
                let Some((start, end)) = w.counted(Some(as_of)) else { continue };
                if end <= period.start || period.end <= start {
                    continue;
                }
                let days = out.entry(deployment.name.clone()).or_default();
                for (date, _, _) in bounds.iter().filter(|(_, from, to)| start < *to && *from < end) {
                    let list = days.entry(*date).or_default();
                    if list.last() != Some(&index) {
                        list.push(index);
                    }
                }
            }
        }
    }
    out
}

fn cells(
    figures: Option<&DeploymentFigures>,
    incidents: Option<&BTreeMap<NaiveDate, Vec<usize>>>,
    period: &Period,
) -> Vec<DayCell> {
    day_bounds(period)
        .into_iter()
        .map(|(date, from, to)| {
            let overlaps = |s: DateTime<Utc>, e: DateTime<Utc>| s < to && from < e;
            let (worst, planned, downtime) = figures.map_or((None, false, 0.0), |f| {
                let worst =
                    f.strip.iter().filter(|w| !w.planned && overlaps(w.start, w.end)).map(|w| w.status).max();
                let planned = f.strip.iter().any(|w| w.planned && overlaps(w.start, w.end));
                let downtime: f64 = f
                    .down
                    .iter()
                    .filter(|d| overlaps(d.start, d.end))
                    .map(|d| (d.end.min(to) - d.start.max(from)).num_seconds() as f64 * d.weight)
                    .sum();
                (worst, planned, downtime)
            });
            DayCell {
                date,
                worst,
                planned,
                downtime_seconds: downtime.round() as i64,
                incidents: incidents.and_then(|m| m.get(&date)).cloned().unwrap_or_default(),
            }
        })
        .collect()
}
