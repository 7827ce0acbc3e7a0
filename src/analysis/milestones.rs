//! Milestones: explicit marks on timeline events, and the defaults derived from windows and
//! status updates.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Incident, Mark, UpdateStatus};

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
    let unplanned = || incident.impacts().filter(|(_, impact, _)| !impact.planned);
    if !found.contains_key(&Mark::ImpactStart) {
        if let Some((index, _, times)) =
            unplanned().filter(|(_, _, t)| t.start.is_some()).min_by_key(|(_, _, t)| t.start)
        {
            if let Some(at) = times.start {
                found.insert(Mark::ImpactStart, Milestone { at, source: MilestoneSource::Window(index) });
            }
        }
    }
    if !found.contains_key(&Mark::Recovered) {
        // Only when every started unplanned window has ended: an open one means not recovered.
        let started: Vec<_> = unplanned().filter(|(_, _, t)| t.start.is_some()).collect();
        if !started.is_empty() && started.iter().all(|(_, _, t)| t.end.is_some()) {
            if let Some((index, _, times)) = started.iter().max_by_key(|(_, _, t)| t.end) {
                if let Some(at) = times.end {
                    found.insert(Mark::Recovered, Milestone { at, source: MilestoneSource::Window(*index) });
                }
            }
        }
    }
    if !found.contains_key(&Mark::Resolved) {
        let first_resolved = incident
            .updates()
            .filter(|(_, update, at)| update.status.is_final() && at.is_some())
            .min_by_key(|(_, _, at)| *at);
        if let Some((index, _, Some(at))) = first_resolved {
            found.insert(Mark::Resolved, Milestone { at, source: MilestoneSource::Update(index) });
        }
    }
    let _ = UpdateStatus::Resolved;
    found
}
