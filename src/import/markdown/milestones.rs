//! Milestones and planned maintenance from the wording of timeline events.

use super::clock::timestamp_text;
use super::infer::Context;
use super::short;
use crate::model::raw::{Impact, IncidentFile};
use crate::model::{ImpactStatus, Mark};
use crate::prose::find_durations;
use crate::time;
use chrono::{DateTime, Utc};
use regex::Regex;
use std::sync::LazyLock;

/// Milestones a timeline text announces, by its wording; a negated phrase ("not resolved",
/// "had not yet recovered", "no alert fired") announces nothing.
pub(super) fn marks_in(text: &str) -> Vec<Mark> {
    static RULES: LazyLock<Vec<(Mark, Regex)>> = LazyLock::new(|| {
        [
            (Mark::ImpactStart, r"(?i)\b(?:(?:became|become|went|go|goes) (?:unavailable|down|unreachable|offline)|outage (?:began|begins|started|starts)|(?:started|began) (?:failing|returning errors|to fail)|impact (?:began|begins|started|starts))\b"),
            (Mark::Detected, r"(?i)\b(?:pager (?:alert|went off|fired)|paged|alerts? (?:fired|triggered|went off)|alerted|detected|noticed|first (?:customer )?reports?|reported by|monitoring (?:flagged|caught))\b"),
            (Mark::Acknowledged, r"(?i)\b(?:acknowledged|ack'?d|(?:on-call|oncall|engineers?|responders?) (?:began|started|begins|starts) (?:investigating|working)|incident (?:was )?declared|joined the incident)\b"),
            (Mark::Identified, r"(?i)\b(?:identified|root cause (?:was |is )?(?:found|determined|confirmed|identified)|cause (?:was |is )?(?:found|determined|confirmed)|found the (?:root )?cause|traced (?:it |the \w+ )?(?:back )?to)\b"),
            (Mark::Mitigated, r"(?i)\b(?:mitigat\w*|workaround|reverted|restored|rolled back|roll(?:ed)?back (?:complete|completed|finished)|rollback (?:complete|completed|finished)|failed over|fail-?over (?:complete|completed|finished))\b"),
            (Mark::Recovered, r"(?i)\b(?:returned to normal|(?:fully |has |have |had )?recovered|back to (?:normal|baseline)|(?:service|services|systems?|access) (?:are |is |was |were |has been |have been )?(?:fully )?(?:operational|restored)|fully restored|back online|operating normally)\b"),
            (Mark::Resolved, r"(?i)\b(?:(?:incident|issue|outage|problem) (?:was |is |has been )?(?:resolved|closed)|marked (?:as )?resolved|declared (?:as )?resolved|all[- ]clear)\b"),
        ]
        .into_iter()
        .filter_map(|(mark, pattern)| Some((mark, Regex::new(pattern).ok()?)))
        .collect()
    });
    RULES
        .iter()
        .filter(|(_, re)| re.find_iter(text).any(|m| !negated(text, m.start())))
        .map(|(mark, _)| *mark)
        .collect()
}

/// Whether one of the four words just before `at`, in the same clause, negates what follows.
pub(super) fn negated(text: &str, at: usize) -> bool {
    const NEGATIONS: [&str; 6] = ["not", "never", "no", "without", "yet", "cannot"];
    let before = text.get(..at).unwrap_or_default();
    let clause = before.rsplit(['.', ';', ',', ':', '!', '?', '—']).next().unwrap_or_default();
    clause.split_whitespace().rev().take(4).any(|word| {
        let word = word.to_lowercase().replace('’', "'");
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        NEGATIONS.contains(&word) || word.ends_with("n't")
    })
}

pub(super) static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(deploy(ed|ment)?|roll(ed)? ?out|migration|maintenance (was )?completed|config(uration)? change|upgrade[d]?|release[d]?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static MAINTENANCE_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(scheduled|planned)\b.{0,40}\bmaintenance\b.{0,20}\b(began|begins|started|starts|commenced)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static MAINTENANCE_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmaintenance\b.{0,20}\b(completed|ended|finished|concluded)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static INTERRUPTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)interruption|downtime|unavailab|outage").unwrap_or_else(|e| unreachable!("{e}"))
});

/// "Scheduled network maintenance began" … "Maintenance completed … approximately 15 minutes of
/// expected service interruption" is a planned window of the affected deployments.
pub(super) fn infer_maintenance(file: &mut IncidentFile, context: &Context, guesses: &mut Vec<String>) {
    if file.impact.iter().any(|i| i.planned) {
        return;
    }
    let Some(start) = file.events.iter().position(|e| MAINTENANCE_START_RE.is_match(&e.text)) else {
        return;
    };
    let Some(end) = file
        .events
        .iter()
        .skip(start + 1)
        .position(|e| MAINTENANCE_END_RE.is_match(&e.text))
        .map(|i| i + start + 1)
    else {
        return;
    };
    let (Some(start_event), Some(end_event)) = (file.events.get(start), file.events.get(end)) else {
        return;
    };
    let duration = [&start_event.text, &end_event.text].into_iter().find_map(|text| {
        INTERRUPTION_RE.is_match(text).then(|| find_durations(text).into_iter().next()).flatten()
    });
    let mut deployments: Vec<String> = crate::text::unique_in_order(
        file.impact.iter().filter(|i| !i.planned && i.start.is_some()).map(|i| i.deployment.clone()),
    );
    if deployments.is_empty() {
        deployments = file.deployments.clone();
    }
    if deployments.is_empty() {
        return;
    }
    let window_length = time::parse_instant(&end_event.at, context.zone)
        .ok()
        .zip(time::parse_instant(&start_event.at, context.zone).ok())
        .map(|(e, s)| (e - s).num_seconds());
    let duration = duration
        .filter(|d| window_length.is_some_and(|w| d.seconds < w))
        .map(|d| time::format_duration(d.seconds));
    for deployment in &deployments {
        // Beside the deployment's other windows, where a person would write it.
        let place = file
            .impact
            .iter()
            .rposition(|i| &i.deployment == deployment)
            .map_or(file.impact.len(), |i| i + 1);
        file.impact.insert(
            place,
            Impact {
                deployment: deployment.clone(),
                status: ImpactStatus::UnderMaintenance,
                planned: true,
                start: Some(start_event.at.clone()),
                end: Some(end_event.at.clone()),
                duration: duration.clone(),
                tz: None,
                text: None,
            },
        );
    }
    guesses.push(format!(
        "planned maintenance window {} to {} for {} (from \"{}\" and \"{}\"){}",
        start_event.at,
        end_event.at,
        deployments.join(", "),
        short(&start_event.text),
        short(&end_event.text),
        duration.map(|d| format!(", interruption {d} from the stated duration")).unwrap_or_default()
    ));
}

/// Marks from the wording of events, plus the trigger: the last change before the impact began.
pub(super) fn mark_milestones(file: &mut IncidentFile, context: &Context, guesses: &mut Vec<String>) {
    let instants: Vec<Option<DateTime<Utc>>> =
        file.events.iter().map(|e| time::parse_instant(&e.at, context.zone).ok()).collect();
    let impact_start = file
        .impact
        .iter()
        .filter(|i| !i.planned)
        .filter_map(|i| time::parse_instant(i.start.as_deref()?, context.zone).ok())
        .min();
    // Recovery is when the last impact ended: "EU recovered" while the US is still down is not it.
    let impact_end = file
        .impact
        .iter()
        .filter(|i| !i.planned && i.start.is_some())
        .map(|i| i.end.as_deref().and_then(|e| time::parse_instant(e, context.zone).ok()))
        .try_fold(None, |latest: Option<DateTime<Utc>>, end| {
            end.map(|e| Some(latest.map_or(e, |l| l.max(e))))
        })
        .flatten();
    let mut taken: Vec<Mark> = Vec::new();
    for (i, event) in file.events.iter_mut().enumerate() {
        let at = instants.get(i).copied().flatten();
        for mark in marks_in(&event.text) {
            // A milestone happens once: the first event that says it.
            if taken.contains(&mark)
                || (mark != Mark::ImpactStart && impact_start.zip(at).is_some_and(|(s, a)| a < s))
            {
                continue;
            }
            // Marks come in their order (identified before mitigated): one the wording gives
            // after a later milestone is left for the author to place.
            if mark == Mark::Recovered
                && let (Some(end), Some(at)) = (impact_end, at)
                && at < end
            {
                guesses.push(format!(
                    "event at {} reads as `recovered`, but impact goes on until {}: not marked",
                    event.at,
                    timestamp_text(end, context.zone)
                ));
                continue;
            }
            let rank = |m: &Mark| Mark::ALL.iter().position(|a| a == m);
            if taken.iter().any(|t| rank(t) > rank(&mark)) {
                guesses.push(format!(
                    "event at {} reads as `{}`, but a later milestone came before it: not marked",
                    event.at,
                    mark.as_str()
                ));
                continue;
            }
            taken.push(mark);
            event.marks.push(mark);
            guesses.push(format!("event at {} marked `{}` from its wording", event.at, mark.as_str()));
        }
    }
    if !taken.contains(&Mark::Trigger)
        && let Some(start) = impact_start
        && let Some(index) = (0..file.events.len()).rev().find(|&i| {
            instants.get(i).copied().flatten().is_some_and(|at| at < start)
                && file.events.get(i).is_some_and(|e| CHANGE_RE.is_match(&e.text))
        })
        && let Some(event) = file.events.get_mut(index)
    {
        event.marks.insert(0, Mark::Trigger);
        guesses
            .push(format!("event at {} marked `trigger`: the last change before the impact began", event.at));
    }
}

/// "(milestones: mitigated, recovered)": the marks the rendered post-mortem writes under a
/// timeline item.
pub(super) fn milestone_line(line: &str) -> Option<Vec<Mark>> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?;
    let names = inner.strip_prefix("milestones: ").or_else(|| inner.strip_prefix("milestone: "))?;
    names
        .split(", ")
        .map(|name| {
            let key = name.trim().replace(' ', "_");
            Mark::ALL.iter().copied().find(|m| m.as_str() == key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_from_wording_but_not_from_negations() {
        use Mark::*;
        for (text, expected) in [
            ("Pager alert for the error ratio.", vec![Detected]),
            ("The on-call was paged.", vec![Detected]),
            ("Alert fired; on-call acknowledged.", vec![Detected, Acknowledged]),
            ("Root cause identified: a bad flag.", vec![Identified]),
            ("Rollback complete, errors mitigated.", vec![Mitigated]),
            ("Error ratio back to baseline.", vec![Recovered]),
            ("All services are back to normal.", vec![Recovered]),
            ("Incident resolved.", vec![Resolved]),
            ("The incident is not resolved yet.", vec![]),
            ("Writes had not yet recovered.", vec![]),
            ("No alert fired for the queue.", vec![]),
            ("Traffic was not restored until later.", vec![]),
            ("The service hasn't recovered; the incident was resolved later.", vec![Resolved]),
        ] {
            assert_eq!(marks_in(text), expected, "{text}");
        }
    }
}
