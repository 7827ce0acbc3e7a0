//! Planning edits against the resolved incident: where a new event or update goes (by time),
//! which window a deployment's `impact` opens or closes, which imported events are already
//! there. Refusals name the field they are about, so the caller can point at it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::at::wall_clock;
use super::{Edit, NewEvent};
use crate::model::raw::{Event, Impact, Update};
use crate::model::{Config, ImpactStatus, Mark, UpdateStatus};
use crate::resolve::Incident;

/// Why an edit is refused: what, the field of the file it is about, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// A field path such as `deployments` or `impact[2].end`, when the file is to blame.
    pub path: Option<String>,
    pub help: String,
}

fn refuse(message: impl Into<String>, path: Option<&str>, help: impl Into<String>) -> Refusal {
    Refusal { message: message.into(), path: path.map(str::to_string), help: help.into() }
}

/// The edits and what they did beyond the obvious, to tell the user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub edits: Vec<Edit>,
    pub notes: Vec<String>,
}

/// The file's zone, which every wall clock it stores is read in.
pub fn zone_of(incident: &Incident) -> Result<Tz, Refusal> {
    incident.zone.ok_or_else(|| {
        refuse(
            "the file's `timezone` is not a known zone, so no time can be written into it",
            Some("timezone"),
            "fix `timezone` first (`postmortem check` shows the closest zone name)",
        )
    })
}

fn require_text(text: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(refuse(
            "TEXT is empty",
            None,
            "say what happened, e.g. `postmortem log FILE \"Rolled back\"`",
        ));
    }
    Ok(())
}

/// Where an entry at `at` goes: before the first entry that is later (entries whose time is
/// unknown are passed over), so a timeline in order stays in order.
fn insertion_index(times: &[Option<DateTime<Utc>>], at: DateTime<Utc>) -> usize {
    times.iter().position(|t| t.is_some_and(|t| t > at)).unwrap_or(times.len())
}

/// A timeline event at `at`.
pub fn log(incident: &Incident, at: DateTime<Utc>, text: &str, marks: &[Mark]) -> Result<Plan, Refusal> {
    require_text(text)?;
    let zone = zone_of(incident)?;
    let event = Event {
        at: wall_clock(at, zone),
        text: text.trim().to_string(),
        marks: marks.to_vec(),
        tz: None,
        internal: false,
    };
    let index = insertion_index(&incident.event_times, at);
    Ok(Plan { edits: vec![Edit::InsertEvent { index, event }], notes: Vec::new() })
}

/// A status update at `at`.
pub fn update(
    incident: &Incident,
    config: &Config,
    at: DateTime<Utc>,
    status: UpdateStatus,
    text: &str,
    deployments: &[String],
) -> Result<Plan, Refusal> {
    require_text(text)?;
    let zone = zone_of(incident)?;
    let mut plan = Plan::default();
    for deployment in deployments {
        known_deployment(incident, config, deployment, &mut plan)?;
    }
    let update = Update {
        at: wall_clock(at, zone),
        status,
        text: Some(text.trim().to_string()),
        deployments: deployments.to_vec(),
        postmortem: false,
        tz: None,
        internal: false,
    };
    let index = insertion_index(&incident.update_times, at);
    plan.edits.push(Edit::InsertUpdate { index, update });
    Ok(plan)
}

/// A deployment the incident lists; one only the config's catalogue lists is added to the
/// file's `deployments` (a note says so); any other is refused with the closest name.
fn known_deployment(
    incident: &Incident,
    config: &Config,
    name: &str,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let listed = &incident.file.deployments;
    let added = plan.edits.iter().any(|e| matches!(e, Edit::AddDeployment(d) if d == name));
    if listed.iter().any(|d| d == name) || added {
        return Ok(());
    }
    if config.catalogue().is_some_and(|c| c.contains(&name)) {
        plan.edits.push(Edit::AddDeployment(name.to_string()));
        plan.notes.push(format!("added `{name}` to `deployments` (postmortem.toml's catalogue lists it)"));
        return Ok(());
    }
    let mut candidates: Vec<String> = listed.clone();
    candidates.extend(config.catalogue().unwrap_or_default().into_iter().map(str::to_string));
    let help = match crate::diagnostic::suggest(name, &candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None if listed.is_empty() => {
            "the file lists no deployments: add it to `deployments` first, or to the catalogue in postmortem.toml"
                .to_string()
        }
        None => format!(
            "the incident's deployments are {}; add a new one to `deployments` first, or to the catalogue in postmortem.toml",
            listed.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Err(refuse(
        format!("deployment `{name}` is not in this incident's `deployments`"),
        Some("deployments"),
        help,
    ))
}

/// Open a window of `deployment` in `status` from `start` (to `end` when given). The window
/// a skeleton leaves without times is filled in; an open window of another status is closed
/// at `start` first.
pub fn open_window(
    incident: &Incident,
    config: &Config,
    deployment: &str,
    status: ImpactStatus,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
) -> Result<Plan, Refusal> {
    let zone = zone_of(incident)?;
    let mut plan = Plan::default();
    known_deployment(incident, config, deployment, &mut plan)?;
    if let Some(end) = end
        && end < start
    {
        return Err(refuse("--end is before --start", None, "give the window's times in order"));
    }
    let start_text = wall_clock(start, zone);
    let end_text = end.map(|e| wall_clock(e, zone));
    let windows = || incident.impacts().filter(|(_, w, _)| w.deployment == deployment && !w.planned);
    if let Some((index, _, _)) = windows().find(|(_, w, _)| w.start.is_none() && w.end.is_none()) {
        plan.edits.push(Edit::SetImpact {
            index,
            status: Some(status),
            start: Some(start_text),
            end: end_text,
        });
        return Ok(plan);
    }
    if let Some((index, open, times)) = open_windows(incident, deployment).last().copied() {
        if open.status == status {
            return Err(refuse(
                format!(
                    "`{deployment}` already has an open `{}` window (`impact[{index}]`)",
                    status.as_str()
                ),
                Some(&format!("impact[{index}]")),
                "close it with `--end TIME` alone, or give another --status to change it",
            ));
        }
        if times.start.is_some_and(|s| s > start) {
            return Err(refuse(
                format!("`{deployment}`'s open window (`impact[{index}]`) starts after --start"),
                Some(&format!("impact[{index}].start")),
                "give a --start after the open window's start, or close it first with `--end TIME`",
            ));
        }
        plan.edits.push(Edit::SetImpact { index, status: None, start: None, end: Some(start_text.clone()) });
        plan.notes.push(format!(
            "closed `impact[{index}]` ({}) at {start_text}, where the `{}` window begins",
            open.status.as_str(),
            status.as_str()
        ));
    }
    plan.edits.push(Edit::PushImpact(Impact {
        deployment: deployment.to_string(),
        status,
        planned: false,
        start: Some(start_text),
        end: end_text,
        duration: None,
        tz: None,
        text: None,
    }));
    Ok(plan)
}

/// The unplanned windows of `deployment` that have started and not ended, earliest first.
fn open_windows<'a>(
    incident: &'a Incident,
    deployment: &str,
) -> Vec<(usize, &'a Impact, &'a crate::resolve::WindowTimes)> {
    let mut open: Vec<_> = incident
        .impacts()
        .filter(|(_, w, t)| w.deployment == deployment && !w.planned && t.start.is_some() && w.end.is_none())
        .collect();
    open.sort_by_key(|(_, _, t)| t.start);
    open
}

/// Close the open window of `deployment` at `end`.
pub fn close_window(incident: &Incident, deployment: &str, end: DateTime<Utc>) -> Result<Plan, Refusal> {
    let zone = zone_of(incident)?;
    if !incident.file.deployments.iter().any(|d| d == deployment)
        && !incident.file.impact.iter().any(|w| w.deployment == deployment)
    {
        let help = match crate::diagnostic::suggest(deployment, &incident.file.deployments) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "name a deployment that has an open impact window".to_string(),
        };
        return Err(refuse(
            format!("deployment `{deployment}` is not in this incident's `deployments`"),
            Some("deployments"),
            help,
        ));
    }
    let Some((index, _, times)) = open_windows(incident, deployment).last().copied() else {
        return Err(refuse(
            format!("`{deployment}` has no open impact window to close"),
            Some("impact"),
            "open one with `--status STATUS [--start TIME]`, or give --status with --start and --end for a past window",
        ));
    };
    if times.start.is_some_and(|s| end < s) {
        return Err(refuse(
            format!("--end is before the start of `{deployment}`'s open window (`impact[{index}]`)"),
            Some(&format!("impact[{index}].start")),
            "give an --end after the window's start",
        ));
    }
    Ok(Plan {
        edits: vec![Edit::SetImpact { index, status: None, start: None, end: Some(wall_clock(end, zone)) }],
        notes: Vec::new(),
    })
}

/// Imported events merged into the timeline: sorted by time, each placed by its time, and
/// none that the file (or an earlier one of `events`) already has at the same instant with
/// the same text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    pub edits: Vec<Edit>,
    pub added: Vec<NewEvent>,
    pub already_there: Vec<NewEvent>,
    /// Marks left off added events because the file (or an earlier added event) has them.
    pub marks_kept: Vec<Mark>,
}

pub fn merge(incident: &Incident, events: &[NewEvent]) -> Result<Merge, Refusal> {
    let zone = zone_of(incident)?;
    let mut times = incident.event_times.clone();
    let mut present: Vec<(Option<DateTime<Utc>>, String)> =
        incident.events().map(|(_, e, t)| (t, e.text.trim().to_string())).collect();
    let mut marked: Vec<Mark> = incident.file.events.iter().flat_map(|e| e.marks.iter().copied()).collect();
    let mut sorted: Vec<&NewEvent> = events.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let mut merge = Merge::default();
    for new in sorted {
        let text = new.text.trim().to_string();
        let second = new.at.timestamp();
        if present.iter().any(|(t, old)| t.is_some_and(|t| t.timestamp() == second) && *old == text) {
            merge.already_there.push(new.clone());
            continue;
        }
        let index = insertion_index(&times, new.at);
        times.insert(index, Some(new.at));
        present.push((Some(new.at), text.clone()));
        let mut marks = Vec::new();
        for mark in &new.marks {
            if marked.contains(mark) {
                merge.marks_kept.push(*mark);
            } else {
                marked.push(*mark);
                marks.push(*mark);
            }
        }
        let event =
            Event { at: wall_clock(new.at, zone), text, marks: marks.clone(), tz: None, internal: false };
        merge.edits.push(Edit::InsertEvent { index, event });
        merge.added.push(NewEvent { marks, ..new.clone() });
    }
    Ok(merge)
}
