//! Consistency checks: entries that are each well-formed but disagree with one another.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Context;
use crate::diagnostic::{Check, Diagnostic, Family, Level};
use crate::model::{ImpactStatus, Mark, UpdateStatus};
use crate::time::format_duration;

pub const UPDATE_BEFORE_IMPACT: Check = Check {
    code: "PM301",
    name: "update-before-impact",
    level: Level::Warning,
    family: Family::Consistency,
    summary: "a problem status update published before any impact began",
    explanation: "A status update that reports a problem (investigating, identified, \
        monitoring, resolved) cannot be published before the impact it reports began. Either \
        the update's time is wrong, or the impact started earlier than the data says, in which \
        case time to detect and every other duration is understated. Scheduled-maintenance \
        notices are exempt.",
};

pub const WINDOW_WITHOUT_EVENT: Check = Check {
    code: "PM302",
    name: "window-without-event",
    level: Level::Note,
    family: Family::Consistency,
    summary: "an impact window bound with no timeline event at that time",
    explanation: "Readers follow the timeline; when an impact window starts or ends at a time the \
        timeline does not mention, the two tell different stories. A timeline event or a \
        published status update within a minute of the bound counts. Add an event at the \
        window's bound, or correct the bound. Files without any timeline event are not checked.",
};

pub const OVERLAPPING_WINDOWS: Check = Check {
    code: "PM303",
    name: "overlapping-windows",
    level: Level::Warning,
    family: Family::Consistency,
    summary: "two windows of one deployment in the same status that overlap",
    explanation: "Two windows of the same deployment, status and planning overlap. The analysis \
        counts the overlap once, but the entries usually describe the same impact twice; merge \
        them. (Overlapping windows of different statuses are normal: the worst status wins.)",
};

pub const UNRESOLVED: Check = Check {
    code: "PM304",
    name: "unresolved",
    level: Level::Note,
    family: Family::Consistency,
    summary: "the incident has no resolution although every impact window has ended",
    explanation: "No event is marked `resolved` and no status update is `resolved`, yet every \
        impact window has an end. If the incident is over, publish or record the resolving \
        update; durations to resolution and the span stay open until then.",
};

pub const OPEN_INCIDENT: Check = Check {
    code: "PM305",
    name: "open-incident",
    level: Level::Note,
    family: Family::Consistency,
    summary: "the incident is not resolved and an impact window is still open",
    explanation: "No resolution is recorded and an unplanned impact window has a start but no \
        end: the incident is still going on (as in a status page's `summary.json`), or its end \
        was never recorded. Open windows count for nothing in downtime until they end, and \
        reports end them at their as-of date; add `end` and the resolving update once it is over.",
};

pub const STALE_UPDATE: Check = Check {
    code: "PM306",
    name: "investigating-after-recovery",
    level: Level::Warning,
    family: Family::Consistency,
    summary: "a status update still investigating or identified after the impact was recorded as recovered",
    explanation: "Every unplanned impact window has ended, yet a later status update still says \
        `investigating` or `identified`, telling customers the problem goes on. Either the \
        impact ended later than recorded (then downtime and time to recover are understated: \
        correct the window's `end`), or the update is stale (publish `monitoring` or \
        `resolved` instead). `monitoring` after recovery is normal and not reported, nor are \
        `resolved` updates and maintenance statuses. Planned maintenance windows are no \
        impact to recover from, and while an unplanned window is open nothing has recovered. \
        An update within a minute of the recovery counts as announcing it.",
};

pub const CHECKS: &[&Check] = &[
    &UPDATE_BEFORE_IMPACT,
    &WINDOW_WITHOUT_EVENT,
    &OVERLAPPING_WINDOWS,
    &UNRESOLVED,
    &OPEN_INCIDENT,
    &STALE_UPDATE,
];

/// A window bound and an event this close are taken as the same moment.
const SAME_MOMENT_SECONDS: i64 = 60;

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    updates_before_impact(context, out);
    windows_without_events(context, out);
    overlaps(context, out);
    unresolved(context, out);
    open_incident(context, out);
    investigating_after_recovery(context, out);
}

fn investigating_after_recovery(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((recovered, window)) = crate::analysis::impact_ended(context.incident) else { return };
    let zone = context.incident.zone.unwrap_or(chrono_tz::Tz::UTC);
    let show = |at| crate::time::format_in_zone(at, zone, "%Y-%m-%d %H:%M %Z");
    for (i, update, at) in context.incident.updates() {
        let Some(at) = at else { continue };
        let still_open = matches!(update.status, UpdateStatus::Investigating | UpdateStatus::Identified);
        let late = (at - recovered).num_seconds();
        if !still_open || late <= SAME_MOMENT_SECONDS {
            continue;
        }
        out.push(
            Diagnostic::new(
                &STALE_UPDATE,
                format!(
                    "status update at {} still says `{}` {} after the impact was recorded as recovered ({}, `impact[{window}].end`)",
                    show(at),
                    update.status.as_str(),
                    format_duration(late),
                    show(recovered)
                ),
            )
            .at(format!("updates[{i}].status"))
            .help(format!(
                "if the impact went on, correct `impact[{window}].end`; if it had ended, the update is stale: publish `monitoring` or `resolved` instead"
            )),
        );
    }
}

fn open_incident(context: &Context, out: &mut Vec<Diagnostic>) {
    if context.analysis.milestone(Mark::Resolved).is_some() {
        return;
    }
    let open = context
        .incident
        .impacts()
        // An `end` that is written but unreadable is an input error, not an open window.
        .find(|(_, impact, times)| !impact.planned && times.start.is_some() && impact.end.is_none());
    if let Some((i, impact, _)) = open {
        out.push(
            Diagnostic::new(
                &OPEN_INCIDENT,
                format!("the incident is not resolved: the impact on `{}` has no end", impact.deployment),
            )
            .at(format!("impact[{i}]"))
            .help("once it is over, add the window's `end` and the `resolved` status update"),
        );
    }
}

fn updates_before_impact(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(impact_start) = context.analysis.milestone(Mark::ImpactStart) else { return };
    let zone = context.incident.zone.unwrap_or(chrono_tz::Tz::UTC);
    let show = |at| crate::time::format_in_zone(at, zone, "%Y-%m-%d %H:%M %Z");
    for (i, update, at) in context.incident.updates() {
        let Some(at) = at else { continue };
        let maintenance = matches!(
            update.status,
            UpdateStatus::Scheduled
                | UpdateStatus::InProgress
                | UpdateStatus::Verifying
                | UpdateStatus::Completed
        );
        if maintenance || at >= impact_start {
            continue;
        }
        let quoted = update.text.as_deref().map(|t| format!(" \"{}\"", t.trim())).unwrap_or_default();
        out.push(
            Diagnostic::new(
                &UPDATE_BEFORE_IMPACT,
                format!(
                    "status update{quoted} at {} comes {} before any impact began ({})",
                    show(at),
                    format_duration((impact_start - at).num_seconds()),
                    show(impact_start)
                ),
            )
            .at(format!("updates[{i}].at"))
            .help("correct the update's time, or move the impact start (a window's `start` or an `impact_start` mark) to when the impact really began"),
        );
    }
}

fn windows_without_events(context: &Context, out: &mut Vec<Diagnostic>) {
    let incident = context.incident;
    if incident.event_times.iter().flatten().next().is_none() {
        return;
    }
    // A published status update marks a moment as well as a timeline event does.
    let mut moments: Vec<DateTime<Utc>> =
        incident.event_times.iter().chain(&incident.update_times).flatten().copied().collect();
    moments.sort_unstable();
    let near = |at: DateTime<Utc>| {
        let from = moments.partition_point(|m| (at - *m).num_seconds() > SAME_MOMENT_SECONDS);
        moments.get(from).is_some_and(|m| (*m - at).num_seconds() <= SAME_MOMENT_SECONDS)
    };
    for (i, _, times) in context.incident.impacts() {
        for (bound, at) in [("start", times.start), ("end", times.end)] {
            let Some(at) = at else { continue };
            if !near(at) {
                out.push(
                    Diagnostic::new(
                        &WINDOW_WITHOUT_EVENT,
                        format!("no timeline event at the window's {bound}"),
                    )
                    .at(format!("impact[{i}].{bound}"))
                    .help("add an event saying what happened at this moment, or correct the bound"),
                );
            }
        }
    }
}

fn overlaps(context: &Context, out: &mut Vec<Diagnostic>) {
    type Key<'a> = (&'a str, ImpactStatus, bool);
    /// Start, end (none when open) and place in the file.
    type Window = (DateTime<Utc>, Option<DateTime<Utc>>, usize);
    let mut kinds: HashMap<Key, Vec<Window>> = HashMap::new();
    for (i, impact, times) in context.incident.impacts() {
        // A window without a start has no place to overlap; an open one reaches to the end of time.
        let Some(start) = times.start else { continue };
        kinds
            .entry((impact.deployment.as_str(), impact.status, impact.planned))
            .or_default()
            .push((start, times.end, i));
    }
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for ((deployment, _, _), mut windows) in kinds {
        windows.sort_unstable();
        let mut group: Vec<usize> = Vec::new();
        let (mut group_start, mut group_end): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = (None, None);
        for (start, end, i) in windows {
            let joins = group_start.is_some_and(|group_start| {
                group_end.is_none_or(|e| e > start) && end.is_none_or(|e| e > group_start)
            });
            if joins {
                group.push(i);
                group_end = group_end.zip(end).map(|(a, b)| a.max(b));
            } else {
                if group.len() > 1 {
                    groups.push((deployment, std::mem::take(&mut group)));
                }
                group = vec![i];
                (group_start, group_end) = (Some(start), end);
            }
        }
        if group.len() > 1 {
            groups.push((deployment, group));
        }
    }
    for (_, group) in &mut groups {
        group.sort_unstable();
    }
    groups.sort_unstable_by_key(|(_, group)| group.last().copied());
    for (deployment, group) in groups {
        let Some((last, others)) = group.split_last() else { continue };
        let named = name_windows(others);
        let help = if others.len() == 1 {
            format!("merge it with {named}")
        } else {
            format!("merge {named} and this window into one")
        };
        out.push(
            Diagnostic::new(
                &OVERLAPPING_WINDOWS,
                format!("window overlaps {named} on `{deployment}` in the same status"),
            )
            .at(format!("impact[{last}]"))
            .help(help),
        );
    }
}

/// `impact[0]`, `impact[3]`, `impact[4]` and 99,996 more.
fn name_windows(indexes: &[usize]) -> String {
    const NAMED: usize = 3;
    let named: Vec<String> = indexes.iter().take(NAMED).map(|i| format!("`impact[{i}]`")).collect();
    match indexes.len() {
        n if n > NAMED => format!("{} and {} more", named.join(", "), n - NAMED),
        n if n > 1 => format!("{} and {}", named[..n - 1].join(", "), named[n - 1]),
        _ => named.join(""),
    }
}

fn unresolved(context: &Context, out: &mut Vec<Diagnostic>) {
    let incident = context.incident;
    if context.analysis.milestone(Mark::Resolved).is_some() || incident.file.updates.is_empty() {
        return;
    }
    let bounded: Vec<_> = incident.windows.iter().filter(|w| w.start.is_some()).collect();
    if !bounded.is_empty() && bounded.iter().all(|w| w.end.is_some()) {
        out.push(
            Diagnostic::new(&UNRESOLVED, "every impact window has ended but the incident is not resolved")
                .at("updates")
                .help("add the `resolved` status update, or mark the resolving event with `marks = [\"resolved\"]`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::finds;

    /// One window 10:00–10:40 UTC with an event at each bound, then `extra` entries.
    fn incident(extra: &str) -> String {
        format!(
            "format = 1\ntitle = \"Queue stalled\"\nservice = \"Jobs\"\nroot_cause = \"A lock.\"\n\n\
             [[impact]]\ndeployment = \"EU\"\nstatus = \"major_outage\"\n\
             start = \"2026-04-07 10:00:00\"\nend = \"2026-04-07 10:40:00\"\n\n\
             [[events]]\nat = \"2026-04-07 10:00:00\"\ntext = \"Jobs stopped.\"\n\n\
             [[events]]\nat = \"2026-04-07 10:40:00\"\ntext = \"Jobs flowing again.\"\n{extra}"
        )
    }

    fn update(at: &str, status: &str) -> String {
        format!("\n[[updates]]\nat = \"{at}\"\nstatus = \"{status}\"\ntext = \"An update.\"\n")
    }

    #[test]
    fn an_update_at_the_impact_start_passes_and_one_second_before_is_pm301() {
        let resolved = update("2026-04-07 10:45:00", "resolved");
        let at_start = incident(&(update("2026-04-07 10:00:00", "investigating") + &resolved));
        assert!(!finds("PM301", &at_start));
        let before = incident(&(update("2026-04-07 09:59:59", "investigating") + &resolved));
        assert!(finds("PM301", &before));
        let notice = incident(&(update("2026-04-07 09:00:00", "scheduled") + &resolved));
        assert!(!finds("PM301", &notice), "maintenance notices are exempt");
    }

    #[test]
    fn a_window_bound_a_minute_from_an_event_passes_and_61_seconds_is_pm302() {
        let text =
            |at: &str| incident("").replace("end = \"2026-04-07 10:40:00\"", &format!("end = \"{at}\""));
        assert!(!finds("PM302", &text("2026-04-07 10:41:00")));
        assert!(!finds("PM302", &text("2026-04-07 10:39:00")));
        assert!(finds("PM302", &text("2026-04-07 10:41:01")));
        assert!(finds("PM302", &text("2026-04-07 10:38:59")));
    }

    #[test]
    fn investigating_a_minute_after_recovery_passes_and_61_seconds_is_pm306() {
        let resolved = update("2026-04-07 11:00:00", "resolved");
        let at = |time: &str, status: &str| incident(&(update(time, status) + &resolved));
        assert!(!finds("PM306", &at("2026-04-07 10:41:00", "investigating")));
        assert!(finds("PM306", &at("2026-04-07 10:41:01", "investigating")));
        assert!(finds("PM306", &at("2026-04-07 10:41:01", "identified")));
        assert!(!finds("PM306", &at("2026-04-07 10:50:00", "monitoring")));
    }

    #[test]
    fn windows_that_touch_do_not_overlap_and_one_second_more_is_pm303() {
        let second = |start: &str| {
            incident(&format!(
                "\n[[impact]]\ndeployment = \"EU\"\nstatus = \"major_outage\"\nstart = \"{start}\"\nend = \"2026-04-07 11:00:00\"\n"
            ))
        };
        assert!(!finds("PM303", &second("2026-04-07 10:40:00")));
        assert!(finds("PM303", &second("2026-04-07 10:39:59")));
    }

    #[test]
    fn an_ended_incident_without_resolution_is_pm304_and_an_open_one_pm305() {
        let ended = incident(&update("2026-04-07 10:05:00", "investigating"));
        assert!(finds("PM304", &ended) && !finds("PM305", &ended));
        let resolved = incident(&update("2026-04-07 10:45:00", "resolved"));
        assert!(!finds("PM304", &resolved));
        let open = ended.replace("end = \"2026-04-07 10:40:00\"\n", "");
        assert!(finds("PM305", &open) && !finds("PM304", &open));
    }
}
