//! Analysis of one resolved incident: windows per deployment, downtime, milestones, durations
//! and span. Everything downstream (checks, rendering, status, reports) reads these numbers and
//! never recomputes them.
//!
//! The definitions of these figures are [`DEFINITIONS`], the one text `postmortem analyze --help`
//! prints; the README says the same in prose.

pub mod intervals;
mod milestones;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::config::Counting;
use crate::model::{ImpactLevel, ImpactStatus, Mark};
use crate::resolve::Incident;
use intervals::{Interval, union_seconds, weighted_seconds, worst_cover};

pub use milestones::{Milestone, MilestoneSource, impact_ended};

/// Definitions of the computed values: printed by `postmortem analyze --help`.
pub const DEFINITIONS: &str = "\
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

/// One impact window as analysed.
#[derive(Debug, Clone, Serialize)]
pub struct WindowAnalysis {
    /// Index into the file's `impact` list.
    pub index: usize,
    pub status: ImpactStatus,
    pub planned: bool,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// None when the window is open or unbounded.
    pub duration_seconds: Option<i64>,
    /// `end - start`, when both are known (the window's bounds, whatever its declared duration).
    pub length_seconds: Option<i64>,
    /// The file's `duration`: the interruption inside the window, when given.
    pub declared_seconds: Option<i64>,
}

impl WindowAnalysis {
    /// The stretch the window counts for: its bounds, cut to the declared duration.
    /// `open_until` ends open windows (reports pass their as-of instant).
    /// A declared duration caps the stretch whether the window is closed or still open.
    pub fn counted(&self, open_until: Option<DateTime<Utc>>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let start = self.start?;
        let bound = match self.end {
            Some(end) => end,
            None => open_until?,
        };
        let end = match self
            .declared_seconds
            .and_then(|d| start.checked_add_signed(chrono::Duration::seconds(d)))
        {
            Some(declared_end) => bound.min(declared_end),
            None => bound,
        };
        (start < end).then_some((start, end))
    }
}

/// What one deployment went through.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentImpact {
    pub name: String,
    /// Listed in the incident's `deployments`.
    pub declared: bool,
    pub impact_seconds: i64,
    pub downtime_seconds: i64,
    pub planned_seconds: i64,
    pub by_status_seconds: BTreeMap<ImpactStatus, i64>,
    pub windows: Vec<WindowAnalysis>,
}

impl DeploymentImpact {
    /// No window at all: "No impact".
    pub fn unaffected(&self) -> bool {
        self.windows.is_empty()
    }

    /// The worst status of any of its windows.
    pub fn worst_status(&self) -> Option<ImpactStatus> {
        self.windows.iter().filter(|w| !w.planned).map(|w| w.status).max()
    }
}

/// Durations of the incident, in seconds; None where a milestone is unknown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Durations {
    pub latency_seconds: Option<i64>,
    pub time_to_detect_seconds: Option<i64>,
    pub time_to_acknowledge_seconds: Option<i64>,
    pub time_to_identify_seconds: Option<i64>,
    pub time_to_mitigate_seconds: Option<i64>,
    pub time_to_recover_seconds: Option<i64>,
    pub time_to_resolve_seconds: Option<i64>,
    pub first_public_update_seconds: Option<i64>,
}

/// One of the durations the analysis computes; `as_str` is its name without `_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationKind {
    Latency,
    TimeToDetect,
    TimeToAcknowledge,
    TimeToIdentify,
    TimeToMitigate,
    TimeToRecover,
    TimeToResolve,
    FirstPublicUpdate,
}

impl DurationKind {
    pub const ALL: [DurationKind; 8] = [
        DurationKind::Latency,
        DurationKind::TimeToDetect,
        DurationKind::TimeToAcknowledge,
        DurationKind::TimeToIdentify,
        DurationKind::TimeToMitigate,
        DurationKind::TimeToRecover,
        DurationKind::TimeToResolve,
        DurationKind::FirstPublicUpdate,
    ];

    /// Whether this is a time from `impact_start` to a later milestone (the `time_to_*`
    /// figures that reliability reports summarise): latency ends at `impact_start`, and the
    /// first public update is no milestone of the incident itself.
    pub fn is_time_to_milestone(self) -> bool {
        match self {
            DurationKind::Latency | DurationKind::FirstPublicUpdate => false,
            DurationKind::TimeToDetect
            | DurationKind::TimeToAcknowledge
            | DurationKind::TimeToIdentify
            | DurationKind::TimeToMitigate
            | DurationKind::TimeToRecover
            | DurationKind::TimeToResolve => true,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DurationKind::Latency => "latency",
            DurationKind::TimeToDetect => "time_to_detect",
            DurationKind::TimeToAcknowledge => "time_to_acknowledge",
            DurationKind::TimeToIdentify => "time_to_identify",
            DurationKind::TimeToMitigate => "time_to_mitigate",
            DurationKind::TimeToRecover => "time_to_recover",
            DurationKind::TimeToResolve => "time_to_resolve",
            DurationKind::FirstPublicUpdate => "first_public_update",
        }
    }
}

impl Durations {
    /// The duration of one kind, in seconds, when both its ends are known.
    pub fn get(&self, kind: DurationKind) -> Option<i64> {
        match kind {
            DurationKind::Latency => self.latency_seconds,
            DurationKind::TimeToDetect => self.time_to_detect_seconds,
            DurationKind::TimeToAcknowledge => self.time_to_acknowledge_seconds,
            DurationKind::TimeToIdentify => self.time_to_identify_seconds,
            DurationKind::TimeToMitigate => self.time_to_mitigate_seconds,
            DurationKind::TimeToRecover => self.time_to_recover_seconds,
            DurationKind::TimeToResolve => self.time_to_resolve_seconds,
            DurationKind::FirstPublicUpdate => self.first_public_update_seconds,
        }
    }

    /// Every duration with its kind, in [`DurationKind::ALL`] order.
    pub fn named(&self) -> [(DurationKind, Option<i64>); 8] {
        DurationKind::ALL.map(|kind| (kind, self.get(kind)))
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }
}

/// Everything computed about one incident.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub deployments: Vec<DeploymentImpact>,
    pub milestones: BTreeMap<Mark, Milestone>,
    pub durations: Durations,
    pub span: Option<Span>,
    /// The incident's status-page impact: the file's `impact_level`, else [`derived_impact`].
    /// The post-mortem, the Statuspage JSON and the site all show this one level.
    #[serde(skip)]
    pub impact_level: ImpactLevel,
    /// Whether the file states the level (else it was derived).
    #[serde(skip)]
    pub impact_level_stated: bool,
}

impl Analysis {
    pub fn milestone(&self, mark: Mark) -> Option<DateTime<Utc>> {
        self.milestones.get(&mark).map(|m| m.at)
    }

    /// Each of the eight milestones with its instant, or `None` when it is not known: what
    /// `analyze --format json` and the templates list.
    pub fn every_milestone(&self) -> impl Iterator<Item = (Mark, Option<DateTime<Utc>>)> + '_ {
        Mark::ALL.into_iter().map(|mark| (mark, self.milestone(mark)))
    }

    pub fn deployment(&self, name: &str) -> Option<&DeploymentImpact> {
        self.deployments.iter().find(|d| d.name == name)
    }

    /// Every window of every deployment, in file order.
    pub fn windows(&self) -> impl Iterator<Item = &WindowAnalysis> {
        let mut all: Vec<&WindowAnalysis> = self.deployments.iter().flat_map(|d| &d.windows).collect();
        all.sort_by_key(|w| w.index);
        all.into_iter()
    }

    /// Total downtime across deployments (the union per deployment, summed).
    pub fn downtime_seconds(&self) -> i64 {
        self.deployments.iter().map(|d| d.downtime_seconds).sum()
    }
}

/// Analyse an incident under the counting rules in force.
pub fn analyze(incident: &Incident, counting: &Counting) -> Analysis {
    let deployments = incident
        .deployment_names()
        .into_iter()
        .map(|name| deployment_impact(incident, name, counting))
        .collect();
    let milestones = milestones::milestones(incident);
    let at = |mark: Mark| milestones.get(&mark).map(|m: &Milestone| m.at);
    let since_impact = |mark: Mark| Some((at(mark)? - at(Mark::ImpactStart)?).num_seconds());
    let first_update = incident.update_times.iter().flatten().min().copied();
    let durations = Durations {
        latency_seconds: at(Mark::ImpactStart)
            .zip(at(Mark::Trigger))
            .map(|(impact, trigger)| (impact - trigger).num_seconds()),
        time_to_detect_seconds: since_impact(Mark::Detected),
        time_to_acknowledge_seconds: since_impact(Mark::Acknowledged),
        time_to_identify_seconds: since_impact(Mark::Identified),
        time_to_mitigate_seconds: since_impact(Mark::Mitigated),
        time_to_recover_seconds: since_impact(Mark::Recovered),
        time_to_resolve_seconds: since_impact(Mark::Resolved),
        first_public_update_seconds: first_update
            .zip(at(Mark::ImpactStart))
            .map(|(update, impact)| (update - impact).num_seconds()),
    };
    let span = span(incident, at(Mark::Resolved));
    let mut analysis = Analysis {
        deployments,
        milestones,
        durations,
        span,
        impact_level: ImpactLevel::None,
        impact_level_stated: incident.file.impact_level.is_some(),
    };
    analysis.impact_level = incident.file.impact_level.unwrap_or_else(|| derived_impact(&analysis));
    analysis
}

/// Statuspage's impact from the worst unplanned status: degraded → minor, partial → major,
/// major outage → critical; only planned maintenance → maintenance; nothing → none.
pub fn derived_impact(analysis: &Analysis) -> ImpactLevel {
    let worst = analysis.deployments.iter().filter_map(|d| d.worst_status()).max();
    match worst {
        Some(ImpactStatus::MajorOutage) => ImpactLevel::Critical,
        Some(ImpactStatus::PartialOutage) => ImpactLevel::Major,
        Some(ImpactStatus::DegradedPerformance) => ImpactLevel::Minor,
        Some(ImpactStatus::UnderMaintenance) => ImpactLevel::Maintenance,
        None if analysis.windows().any(|w| w.planned) => ImpactLevel::Maintenance,
        None => ImpactLevel::None,
    }
}

fn deployment_impact(incident: &Incident, name: &str, counting: &Counting) -> DeploymentImpact {
    let windows: Vec<WindowAnalysis> = incident
        .impacts()
        .filter(|(_, impact, _)| impact.deployment == name)
        .map(|(index, impact, times)| {
            let bounds = times.start.zip(times.end).map(|(s, e)| (e - s).num_seconds());
            let duration_seconds = match (bounds, times.declared_seconds) {
                (Some(bounds), Some(declared)) if declared < bounds => Some(declared),
                (Some(bounds), _) => Some(bounds),
                (None, _) => None,
            };
            WindowAnalysis {
                index,
                status: impact.status,
                planned: impact.planned,
                start: times.start,
                end: times.end,
                // A reversed window has no duration; the structure checks report it.
                duration_seconds: duration_seconds.filter(|d| *d >= 0),
                length_seconds: bounds,
                declared_seconds: times.declared_seconds,
            }
        })
        .collect();
    let counted = |planned: bool| -> Vec<Interval<ImpactStatus>> {
        windows
            .iter()
            .filter(|w| w.planned == planned && w.duration_seconds.is_some())
            .filter_map(|w| w.counted(None).map(|(s, e)| Interval::new(s, e, w.status)))
            .collect()
    };
    let unplanned = counted(false);
    let planned = counted(true);
    let mut by_status_seconds = BTreeMap::new();
    for stretch in worst_cover(&unplanned) {
        *by_status_seconds.entry(stretch.value).or_insert(0) += stretch.seconds();
    }
    let weighted: Vec<Interval<f64>> = unplanned
        .iter()
        .map(|i| Interval::new(i.start, i.end, counting.window_weight(i.value, false)))
        .chain(planned.iter().map(|i| Interval::new(i.start, i.end, counting.window_weight(i.value, true))))
        .collect();
    DeploymentImpact {
        name: name.to_string(),
        declared: incident.file.deployments.iter().any(|d| d == name),
        impact_seconds: union_seconds(&unplanned),
        downtime_seconds: weighted_seconds(&weighted).round() as i64,
        planned_seconds: union_seconds(&planned),
        by_status_seconds,
        windows,
    }
}

fn span(incident: &Incident, resolved: Option<DateTime<Utc>>) -> Option<Span> {
    let start = incident.instants().min()?;
    let end = resolved.unwrap_or_else(|| incident.instants().max().unwrap_or(start));
    Some(Span { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn window(end: Option<u32>, declared: Option<i64>) -> WindowAnalysis {
        let at = |h: u32| Utc.with_ymd_and_hms(2026, 8, 1, h, 0, 0).single().expect("valid");
        let start = at(10);
        let end = end.map(at);
        let length = end.map(|e| (e - start).num_seconds());
        WindowAnalysis {
            index: 0,
            status: ImpactStatus::MajorOutage,
            planned: false,
            start: Some(start),
            end,
            duration_seconds: None,
            length_seconds: length,
            declared_seconds: declared,
        }
    }

    #[test]
    fn every_duration_kind_names_its_field_of_the_json() {
        let durations = Durations { time_to_mitigate_seconds: Some(7), ..Durations::default() };
        let json = serde_json::to_value(&durations).expect("serialises");
        let keys: Vec<String> = json.as_object().expect("an object").keys().cloned().collect();
        let mut named: Vec<String> =
            DurationKind::ALL.iter().map(|kind| format!("{}_seconds", kind.as_str())).collect();
        named.sort();
        assert_eq!(keys, named);
        for kind in DurationKind::ALL {
            let key = format!("{}_seconds", kind.as_str());
            assert_eq!(json[&key].as_i64(), durations.get(kind), "{key}");
        }
    }

    #[test]
    fn the_times_to_a_milestone_are_the_time_to_durations() {
        for kind in DurationKind::ALL {
            assert_eq!(
                kind.is_time_to_milestone(),
                kind.as_str().starts_with("time_to_"),
                "{}",
                kind.as_str()
            );
        }
    }

    #[test]
    fn a_declared_duration_caps_open_and_closed_windows() {
        let until = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).single();
        let seconds = |w: WindowAnalysis| w.counted(until).map(|(s, e)| (e - s).num_seconds());
        assert_eq!(seconds(window(None, Some(900))), Some(900), "open window with a declared 15m");
        assert_eq!(seconds(window(Some(16), Some(900))), Some(900));
        assert_eq!(seconds(window(Some(11), None)), Some(3600));
        assert_eq!(
            seconds(window(None, None)),
            Some((until.expect("valid") - window(None, None).start.expect("start")).num_seconds())
        );
        assert_eq!(window(None, None).counted(None), None, "open and no as-of: not counted");
    }
}
