//! Milestones: explicit marks on timeline events, and the defaults derived from windows and
//! status updates.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::Mark;
use crate::model::raw::Impact;
use crate::resolve::{Incident, WindowTimes};

/// Where a milestone's instant came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum MilestoneSource {
    /// `events[i].marks`
    Event(usize),
    /// Derived from `impact[i]`.
    Window(usize),
    /// Derived from `updates[i]`.
    Update(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub at: DateTime<Utc>,
    pub source: MilestoneSource,
}

pub fn milestones(incident: &Incident) -> BTreeMap<Mark, Milestone> {
    let mut found = BTreeMap::new();
    // The first event carrying a mark wins; a second one is a duplicate the checks report.
    for (index, event, at) in incident.events() {
        let Some(at) = at else { continue };
        for mark in &event.marks {
            found.entry(*mark).or_insert(Milestone { at, source: MilestoneSource::Event(index) });
        }
    }
    let first_start = unplanned_windows(incident).filter_map(|(i, _, t)| t.start.map(|at| (at, i))).min();
    if let Some((at, index)) = first_start {
        found.entry(Mark::ImpactStart).or_insert(Milestone { at, source: MilestoneSource::Window(index) });
    }
    if let Some((at, index)) = impact_ended(incident) {
        found.entry(Mark::Recovered).or_insert(Milestone { at, source: MilestoneSource::Window(index) });
    }
    let first_resolved = incident
        .updates()
        .filter(|(_, update, _)| update.status.is_final())
        .filter_map(|(i, _, at)| at.map(|at| (at, i)))
        .min();
    if let Some((at, index)) = first_resolved {
        found.entry(Mark::Resolved).or_insert(Milestone { at, source: MilestoneSource::Update(index) });
    }
    found
}

/// The unplanned windows; reversed ones are errors of their own, and deriving milestones from
/// them would add noise.
fn unplanned_windows(incident: &Incident) -> impl Iterator<Item = (usize, &Impact, &WindowTimes)> {
    incident.impacts().filter(|(_, impact, times)| {
        !impact.planned && !matches!((times.start, times.end), (Some(s), Some(e)) if e < s)
    })
}

/// When the recorded impact ended, and the window that ended last: the last end of the
/// started unplanned windows once every one of them has ended (an open one means not yet).
/// Planned maintenance is no impact to recover from.
pub fn impact_ended(incident: &Incident) -> Option<(DateTime<Utc>, usize)> {
    let started: Vec<_> = unplanned_windows(incident).filter(|(_, _, t)| t.start.is_some()).collect();
    if started.iter().all(|(_, _, t)| t.end.is_some()) {
        started.iter().filter_map(|(i, _, t)| t.end.map(|at| (at, *i))).max()
    } else {
        None
    }
}
