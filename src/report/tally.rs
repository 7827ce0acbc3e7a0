//! The report's running tally: each incident record is folded in as it is read and dropped,
//! so memory holds per deployment its merged intervals in the two periods, the rows the
//! report lists, and a few counts, never the loaded incidents.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::analysis::DurationKind;

use super::figures::{
    ActionCounts, ActionFigures, Counts, ExcludedInfo, IncidentRow, PendingAction, Settings, Shared,
    WindowRow, summarised_durations,
};
use super::input::{Excluded, Record, relative_link};
use super::period::Period;
use crate::analysis::intervals::{Interval, worst_cover};
use crate::model::ImpactStatus;

/// Pending actions the report names (the oldest of the backlog).
const OLDEST_PENDING: usize = 10;

/// One deployment's windows inside one period, merged as they grow.
#[derive(Default)]
pub struct Collected {
    /// Counted windows, weighted.
    pub down: Vec<Interval<f64>>,
    pub unplanned: Vec<Interval<ImpactStatus>>,
    pub planned: Vec<Interval<ImpactStatus>>,
    pub incidents: usize,
    /// Lengths after the last merge: the lists are merged again when they double.
    merged: [usize; 3],
}

impl Collected {
    /// Merge a list once it has doubled since its last merge: the cover of a cover and more
    /// windows is the cover of all of them, so the result is the same, and memory stays at
    /// twice the merged stretches.
    fn compact(&mut self) {
        compact(&mut self.down, &mut self.merged[0]);
        compact(&mut self.unplanned, &mut self.merged[1]);
        compact(&mut self.planned, &mut self.merged[2]);
    }
}

fn compact<T: Copy + PartialOrd>(list: &mut Vec<Interval<T>>, merged: &mut usize) {
    if list.len() > 2 * *merged + 64 {
        *list = worst_cover(list);
        *merged = list.len();
    }
}

/// What one period keeps.
#[derive(Default)]
pub struct PeriodTally {
    pub deployments: HashMap<String, Collected>,
    /// The named durations of incidents that began in the period, in [`summarised_durations`] order.
    pub durations: Vec<(DurationKind, Vec<i64>)>,
    pub counts: Counts,
}

impl PeriodTally {
    fn new() -> PeriodTally {
        PeriodTally {
            durations: summarised_durations().map(|kind| (kind, Vec::new())).collect(),
            ..PeriodTally::default()
        }
    }

    fn add(&mut self, record: &Record, period: &Period, settings: &Settings) {
        let counting = &settings.config.counting;
        let mut counted: Vec<&str> = Vec::new();
        for w in &record.windows {
            let Some((start, end)) = w.window.counted(Some(settings.as_of)) else { continue };
            let Some(inside) = Interval::new(start, end, w.window.status).clip(period.start, period.end)
            else {
                continue;
            };
            let entry = self.deployments.entry(w.deployment.clone()).or_default();
            if !counted.contains(&w.deployment.as_str()) {
                entry.incidents += 1;
                counted.push(&w.deployment);
            }
            let weight = counting.window_weight(w.window.status, w.window.planned);
            if weight > 0.0 {
                entry.down.push(Interval::new(inside.start, inside.end, weight));
            }
            if w.window.planned {
                entry.planned.push(inside)
            } else {
                entry.unplanned.push(inside)
            }
            entry.compact();
        }
        if !period.contains(record.began) {
            return;
        }
        for (kind, list) in &mut self.durations {
            list.extend(record.durations.get(*kind));
        }
        let counts = &mut self.counts;
        counts.incidents += 1;
        let severity = record.severity.clone().unwrap_or_else(|| "unset".to_string());
        *counts.by_severity.entry(severity).or_insert(0) += 1;
        *counts.by_service.entry(record.service.clone()).or_insert(0) += 1;
        for deployment in record.deployments() {
            *counts.by_deployment.entry(deployment.to_string()).or_insert(0) += 1;
        }
    }
}

/// Actions: counts of the period's incidents and the backlog's pending ones.
struct ActionTally {
    by_kind: BTreeMap<crate::model::ActionKind, ActionCounts>,
    total: ActionCounts,
    overdue: usize,
    pending: usize,
    /// The oldest pending actions so far, sorted by (incident start, due, file order).
    oldest: Vec<(PendingKey, PendingAction)>,
}

/// Incident start, due date, file order and place among the file's actions.
type PendingKey = (DateTime<Utc>, Option<NaiveDate>, usize, usize);

/// Everything read so far.
pub struct Tally<'a> {
    settings: &'a Settings<'a>,
    previous: Option<Period>,
    pub current: PeriodTally,
    pub before: Option<PeriodTally>,
    pub rows: Vec<IncidentRow>,
    /// Every service, severity and deployment name the rows hold, once.
    names: Names,
    actions: ActionTally,
    pub excluded: Vec<ExcludedInfo>,
    pub included: usize,
}

impl<'a> Tally<'a> {
    pub fn new(settings: &'a Settings<'a>) -> Tally<'a> {
        let previous = settings.period.previous();
        Tally {
            settings,
            before: previous.as_ref().map(|_| PeriodTally::new()),
            previous,
            current: PeriodTally::new(),
            rows: Vec::new(),
            names: Names::default(),
            actions: ActionTally {
                by_kind: BTreeMap::new(),
                total: ActionCounts::default(),
                overdue: 0,
                pending: 0,
                oldest: Vec::new(),
            },
            excluded: Vec::new(),
            included: 0,
        }
    }

    /// Room for `files` rows at once: the row list never grows by copying itself, and room a
    /// short period leaves unused is never touched.
    pub fn expect_files(&mut self, files: usize) {
        self.rows.reserve_exact(files);
    }

    pub fn previous(&self) -> Option<&Period> {
        self.previous.as_ref()
    }

    /// A file left out (files in their order).
    pub fn exclude(&mut self, excluded: &Excluded) {
        self.excluded.push(ExcludedInfo {
            file: excluded.path.display().to_string(),
            errors: excluded.errors,
            reason: excluded.reason.clone(),
        });
    }

    /// Fold one included file in (files in their order).
    pub fn add_record(&mut self, record: &Record) {
        let index = self.included;
        self.included += 1;
        let settings = self.settings;
        self.current.add(record, settings.period, settings);
        if let (Some(before), Some(previous)) = (&mut self.before, &self.previous) {
            before.add(record, previous, settings);
        }
        if let Some(row) = incident_row(record, settings, &mut self.names) {
            self.rows.push(row);
        }
        self.add_actions(record, index);
    }

    fn add_actions(&mut self, record: &Record, index: usize) {
        let settings = self.settings;
        let period = settings.period;
        let in_period = period.contains(record.began);
        let tally = &mut self.actions;
        for (a, action) in record.actions.iter().enumerate() {
            if in_period {
                tally.by_kind.entry(action.kind).or_default().add(action.status);
                tally.total.add(action.status);
            }
            if record.began >= period.end || !action.status.is_pending() {
                continue;
            }
            let overdue = action.due.is_some_and(|due| due < settings.as_of_date);
            tally.overdue += usize::from(overdue);
            tally.pending += 1;
            let key = (record.began, action.due, index, a);
            let full = tally.oldest.len() >= OLDEST_PENDING;
            if full && tally.oldest.last().is_some_and(|(last, _)| *last <= key) {
                continue;
            }
            let at = tally.oldest.partition_point(|(k, _)| *k < key);
            tally.oldest.insert(
                at,
                (
                    key,
                    PendingAction {
                        text: action.text.clone(),
                        kind: action.kind,
                        status: action.status,
                        owner: action.owner.clone(),
                        due: action.due,
                        overdue,
                        incident: record.title.clone(),
                        file: record.path.display().to_string(),
                        incident_began: record.began,
                        age_days: (settings.as_of - record.began).num_days(),
                    },
                ),
            );
            tally.oldest.truncate(OLDEST_PENDING);
        }
    }

    pub fn action_figures(&mut self) -> ActionFigures {
        let tally = &mut self.actions;
        ActionFigures {
            by_kind: std::mem::take(&mut tally.by_kind),
            total: tally.total,
            overdue: tally.overdue,
            pending: tally.pending,
            oldest_pending: std::mem::take(&mut tally.oldest).into_iter().map(|(_, a)| a).collect(),
        }
    }
}

/// The names rows share, each held once.
#[derive(Default)]
struct Names(HashSet<Shared>);

impl Names {
    fn get(&mut self, name: &str) -> Shared {
        if let Some(shared) = self.0.get(name) {
            return shared.clone();
        }
        let shared: Shared = name.into();
        self.0.insert(shared.clone());
        shared
    }
}

/// The row of an incident the report lists: one that began in the period or has a counted
/// window inside it.
fn incident_row(record: &Record, settings: &Settings, names: &mut Names) -> Option<IncidentRow> {
    let period = settings.period;
    let began_in_period = period.contains(record.began);
    let touches = record.windows.iter().any(|w| {
        w.window.counted(Some(settings.as_of)).is_some_and(|(s, e)| s < period.end && period.start < e)
    });
    if !began_in_period && !touches {
        return None;
    }
    let counting = &settings.config.counting;
    let windows = record
        .windows
        .iter()
        .map(|w| {
            let inside = w.window.counted(Some(settings.as_of)).and_then(|(s, e)| {
                let (s, e) = (s.max(period.start), e.min(period.end));
                (s < e).then_some((s, e))
            });
            WindowRow {
                deployment: names.get(&w.deployment),
                index: u32::try_from(w.window.index).unwrap_or(u32::MAX),
                status: w.window.status,
                planned: w.window.planned,
                start: w.window.start,
                end: w.window.end,
                counted_in_period: inside,
                weight: counting.window_weight(w.window.status, w.window.planned),
            }
        })
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Some(IncidentRow {
        file: record.path.display().to_string().into(),
        link: relative_link(settings.link_base, &record.link).into(),
        title: record.title.as_str().into(),
        service: names.get(&record.service),
        severity: record.severity.as_deref().map(|s| names.get(s)),
        began: record.began,
        resolved: record.resolved,
        began_in_period,
        downtime_seconds: record.downtime_seconds,
        open: record.windows.iter().any(|w| w.window.start.is_some() && w.window.end.is_none()),
        time_to_detect_seconds: record.durations.time_to_detect_seconds,
        time_to_recover_seconds: record.durations.time_to_recover_seconds,
        time_to_resolve_seconds: record.durations.time_to_resolve_seconds,
        actions_pending: count(record.actions.iter().filter(|a| a.status.is_pending()).count()),
        actions_total: count(record.actions.len()),
        windows,
    })
}
