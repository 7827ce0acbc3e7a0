//! Order checks: milestones, events and status updates that contradict the order time runs in.

mod milestones;

use super::Context;
use crate::analysis::MilestoneSource;
use crate::diagnostic::{Check, Diagnostic, Family, Level};
use crate::model::{Mark, UpdateStatus};
use crate::time::format_duration;

pub const EVENTS_OUT_OF_ORDER: Check = Check {
    code: "PM202",
    name: "events-out-of-order",
    level: Level::Warning,
    family: Family::Order,
    summary: "timeline events not listed in chronological order",
    explanation: "The timeline is read top to bottom. An event listed after a later one is \
        usually a mistyped time or date; if the time is right, move the event to its place \
        (`postmortem fmt` sorts events).",
};

pub const RESOLVED_WHILE_OPEN: Check = Check {
    code: "PM203",
    name: "resolved-while-impact-open",
    level: Level::Warning,
    family: Family::Order,
    summary: "the incident is resolved while an impact window is still open or ends later",
    explanation: "A `resolved` update says the incident is over, but an unplanned impact window \
        has no `end` or ends after the resolution. Either the window's end is missing, or the \
        incident was resolved too early.",
};

pub const STATUS_REGRESSION: Check = Check {
    code: "PM204",
    name: "status-regression",
    level: Level::Warning,
    family: Family::Order,
    summary: "a status update that goes back (monitoring, then investigating; or after resolved)",
    explanation: "Status updates normally move forward: investigating, identified, monitoring, \
        resolved. A step back is sometimes real (a fix did not hold) and then deserves a word in \
        the update; an update after `resolved` that is not itself `resolved` means the incident \
        was reopened, or its resolution was stamped too early.",
};

pub const UPDATES_OUT_OF_ORDER: Check = Check {
    code: "PM205",
    name: "updates-out-of-order",
    level: Level::Warning,
    family: Family::Order,
    summary: "status updates not listed in chronological order",
    explanation: "Status updates are listed oldest first, as they were published. One listed \
        after a later one usually has a mistyped time.",
};

pub const UPDATE_AFTER_RESOLUTION: Check = Check {
    code: "PM206",
    name: "update-after-resolution",
    level: Level::Warning,
    family: Family::Order,
    summary: "a status update published after the resolution recorded in the timeline",
    explanation: "The timeline marks the incident `resolved` at one moment, but a status update \
        was published later (status pages let the resolution time be backdated, so exports often \
        carry a `resolved_at` days before the resolving update). Either the resolution is \
        stamped too early, or the update was written after the fact; time to resolve depends on \
        which, so correct the one that is wrong.",
};

pub const CHECKS: &[&Check] = &[
    &milestones::MILESTONES_OUT_OF_ORDER,
    &EVENTS_OUT_OF_ORDER,
    &RESOLVED_WHILE_OPEN,
    &STATUS_REGRESSION,
    &UPDATES_OUT_OF_ORDER,
    &UPDATE_AFTER_RESOLUTION,
    &milestones::MILESTONES_DOUBTFUL_ORDER,
    &milestones::MILESTONES_UNUSUAL_ORDER,
];

/// An update this soon after the resolution is taken as announcing it.
const ANNOUNCING_SECONDS: i64 = 60;

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    milestones::run(context, out);
    listed_in_order(
        context.incident.event_times.iter().copied(),
        &EVENTS_OUT_OF_ORDER,
        |i| format!("events[{i}].at"),
        "event",
        out,
    );
    listed_in_order(
        context.incident.update_times.iter().copied(),
        &UPDATES_OUT_OF_ORDER,
        |i| format!("updates[{i}].at"),
        "status update",
        out,
    );
    resolved_while_open(context, out);
    regressions(context, out);
    updates_after_resolution(context, out);
}

fn updates_after_resolution(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(resolved) = context.analysis.milestones.get(&Mark::Resolved) else { return };
    // A resolution taken from an update is that update; only a separately recorded one can
    // disagree with the updates.
    let MilestoneSource::Event(event) = resolved.source else { return };
    for (i, _, at) in context.incident.updates() {
        let Some(at) = at else { continue };
        let late = (at - resolved.at).num_seconds();
        if late > ANNOUNCING_SECONDS {
            out.push(
                Diagnostic::new(
                    &UPDATE_AFTER_RESOLUTION,
                    format!(
                        "status update published {} after the resolution (`events[{event}]`)",
                        format_duration(late)
                    ),
                )
                .at(format!("updates[{i}].at"))
                .help(format!(
                    "check the time of the update and of `events[{event}]`, which is marked `resolved`"
                )),
            );
        }
    }
}

pub(super) fn source_path(source: MilestoneSource, mark: Mark) -> String {
    match source {
        MilestoneSource::Event(i) => format!("events[{i}].at"),
        MilestoneSource::Window(i) if mark == Mark::Recovered => format!("impact[{i}].end"),
        MilestoneSource::Window(i) => format!("impact[{i}].start"),
        MilestoneSource::Update(i) => format!("updates[{i}].at"),
    }
}

fn listed_in_order(
    times: impl Iterator<Item = Option<chrono::DateTime<chrono::Utc>>>,
    check: &'static Check,
    path: impl Fn(usize) -> String,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut latest: Option<(usize, chrono::DateTime<chrono::Utc>)> = None;
    for (i, at) in times.enumerate() {
        let Some(at) = at else { continue };
        match latest {
            Some((j, before)) if at < before => out.push(
                Diagnostic::new(
                    check,
                    format!(
                        "{what} is listed after `{}` but happened {} earlier",
                        path(j),
                        format_duration((before - at).num_seconds())
                    ),
                )
                .at(path(i))
                .help(format!("check the time, or move the {what} before `{}`", path(j))),
            ),
            _ => latest = Some((i, at)),
        }
    }
}

fn resolved_while_open(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(resolved) = context.analysis.milestones.get(&Mark::Resolved) else { return };
    for (i, impact, times) in context.incident.impacts() {
        if impact.planned || times.start.is_none() {
            continue;
        }
        match times.end {
            // An end that is written but unreadable is an input error already reported.
            None if impact.end.is_some() => {}
            None => out.push(
                Diagnostic::new(
                    &RESOLVED_WHILE_OPEN,
                    format!("the incident is resolved but the impact on `{}` has no end", impact.deployment),
                )
                .at(format!("impact[{i}]"))
                .help(format!(
                    "add `end` to the window (the resolution is at `{}`)",
                    source_path(resolved.source, Mark::Resolved)
                )),
            ),
            Some(end) if end > resolved.at => out.push(
                Diagnostic::new(
                    &RESOLVED_WHILE_OPEN,
                    format!(
                        "the impact on `{}` ends {} after the incident was resolved",
                        impact.deployment,
                        format_duration((end - resolved.at).num_seconds())
                    ),
                )
                .at(format!("impact[{i}].end"))
                .help("check the window's end and the time of the resolution"),
            ),
            Some(_) => {}
        }
    }
}

fn regressions(context: &Context, out: &mut Vec<Diagnostic>) {
    let mut published: Vec<(usize, UpdateStatus, chrono::DateTime<chrono::Utc>)> =
        context.incident.updates().filter_map(|(i, u, at)| at.map(|at| (i, u.status, at))).collect();
    published.sort_by_key(|(i, _, at)| (*at, *i));
    for pair in published.windows(2) {
        let (_, before, _) = pair[0];
        let (i, after, _) = pair[1];
        if after.stage() < before.stage() {
            let message = if before.is_final() {
                format!("update `{}` comes after the incident was `{}`", after.as_str(), before.as_str())
            } else {
                format!("status goes back from `{}` to `{}`", before.as_str(), after.as_str())
            };
            out.push(Diagnostic::new(&STATUS_REGRESSION, message).at(format!("updates[{i}].status")).help(
                "check the update's time and status; if the incident was reopened, say so in its text",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::finds;

    /// One window 10:00–10:40 UTC with an event at each bound, then `extra` entries.
    fn incident(extra: &str) -> String {
        format!(
            "format = 1\ntitle = \"Logins failing\"\nservice = \"Accounts\"\nroot_cause = \"An expired key.\"\n\n\
             [[impact]]\ndeployment = \"EU\"\nstatus = \"major_outage\"\n\
             start = \"2026-06-15 10:00:00\"\nend = \"2026-06-15 10:40:00\"\n\n\
             [[events]]\nat = \"2026-06-15 10:00:00\"\ntext = \"Logins start failing.\"\n\n\
             [[events]]\nat = \"2026-06-15 10:40:00\"\ntext = \"Key rotated; logins work.\"\n{extra}"
        )
    }

    fn event(at: &str, marks: &str) -> String {
        format!("\n[[events]]\nat = \"{at}\"\ntext = \"Something happened.\"\nmarks = [{marks}]\n")
    }

    fn update(at: &str, status: &str) -> String {
        format!("\n[[updates]]\nat = \"{at}\"\nstatus = \"{status}\"\ntext = \"An update.\"\n")
    }

    #[test]
    fn a_trigger_at_the_impact_start_passes_and_one_second_later_is_pm201() {
        assert!(!finds("PM201", &incident(&event("2026-06-15 10:00:00", "\"trigger\""))));
        assert!(finds("PM201", &incident(&event("2026-06-15 10:00:01", "\"trigger\""))));
    }

    #[test]
    fn events_at_the_same_moment_are_in_order_and_one_second_earlier_is_pm202() {
        assert!(!finds("PM202", &incident(&event("2026-06-15 10:40:00", ""))));
        assert!(finds("PM202", &incident(&event("2026-06-15 10:39:59", ""))));
    }

    #[test]
    fn updates_at_the_same_moment_are_in_order_and_one_second_earlier_is_pm205() {
        let first = update("2026-06-15 10:05:00", "investigating");
        assert!(!finds("PM205", &incident(&(first.clone() + &update("2026-06-15 10:05:00", "identified")))));
        assert!(finds("PM205", &incident(&(first + &update("2026-06-15 10:04:59", "identified")))));
    }

    #[test]
    fn a_window_ending_at_the_resolution_passes_and_one_second_later_is_pm203() {
        assert!(!finds("PM203", &incident(&event("2026-06-15 10:40:00", "\"resolved\""))));
        assert!(finds("PM203", &incident(&event("2026-06-15 10:39:59", "\"resolved\""))));
    }

    #[test]
    fn an_update_a_minute_after_the_resolution_passes_and_61_seconds_is_pm206() {
        let resolved = event("2026-06-15 10:45:00", "\"resolved\"");
        let at = |time: &str| incident(&(resolved.clone() + &update(time, "resolved")));
        assert!(!finds("PM206", &at("2026-06-15 10:46:00")));
        assert!(finds("PM206", &at("2026-06-15 10:46:01")));
    }

    #[test]
    fn a_status_going_back_is_pm204_and_the_same_status_again_is_not() {
        let first = update("2026-06-15 10:05:00", "identified");
        assert!(!finds("PM204", &incident(&(first.clone() + &update("2026-06-15 10:10:00", "identified")))));
        assert!(finds("PM204", &incident(&(first + &update("2026-06-15 10:10:00", "investigating")))));
    }
}
