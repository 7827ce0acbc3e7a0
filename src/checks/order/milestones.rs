//! Milestone order: which inversions of the textbook order cannot be right (PM201), which
//! usually mean a misplaced mark (PM207), and which real incidents produce (PM208).
//!
//! Three codes rather than one code with three levels: a check's level is part of what it is
//! (`--deny warnings`, SARIF's rule level, the README table, `explain`), and an end before its
//! start is a different finding from a detection that came after a self-healed impact.

use super::source_path;
use crate::analysis::{Milestone, MilestoneSource};
use crate::checks::Context;
use crate::diagnostic::{Check, Diagnostic, Family, Level};
use crate::model::Mark;
use crate::time::format_duration;

pub const MILESTONES_OUT_OF_ORDER: Check = Check {
    code: "PM201",
    name: "milestones-out-of-order",
    level: Level::Error,
    family: Family::Order,
    summary: "a milestone order that cannot be right (recovered before the impact started)",
    explanation: "The textbook order of milestones is trigger, impact_start, detected, \
        acknowledged, identified, mitigated, recovered, resolved, but real incidents depart \
        from it (PM207, PM208). Only these orders cannot be right and are errors: anything \
        before the `trigger` that set the incident off; `recovered` before `impact_start` (the \
        impact ends before it starts); `resolved` before `impact_start` or before `detected` \
        (closed before it began, or before anyone knew of it). Every duration derived from \
        such milestones is wrong. Usually a date or zone is wrong, or a mark is on the wrong \
        event.",
};

pub const MILESTONES_DOUBTFUL_ORDER: Check = Check {
    code: "PM207",
    name: "milestones-doubtful-order",
    level: Level::Warning,
    family: Family::Order,
    summary: "a milestone order that usually means a mark is on the wrong event",
    explanation: "Possible, but usually a misplaced mark or a mistyped time: `acknowledged` or \
        `identified` before `detected` (detection is the first moment anyone knew, so the \
        earlier moment is the detection); `mitigated` before `impact_start` (nothing to \
        mitigate yet); `resolved` before `acknowledged`, `mitigated` or `recovered` (the \
        incident closed while the response or the impact went on; a window ending after the \
        resolution is PM203). The incident is rendered and counted in reports as it is; fix \
        the mark or the time before publishing.",
};

pub const MILESTONES_UNUSUAL_ORDER: Check = Check {
    code: "PM208",
    name: "milestones-unusual-order",
    level: Level::Note,
    family: Family::Order,
    summary: "a milestone order real incidents produce (self-healed before detection, proactive detection)",
    explanation: "Orders that differ from the textbook one but happen: `recovered` before \
        `detected`, `acknowledged` or `identified` (the impact was found afterwards: it healed \
        by itself before anyone detected it, so time to detect exceeds time to recover); \
        `detected`, `acknowledged` or `identified` before `impact_start` (proactive detection: \
        the problem was found before customers were affected); `recovered` before `mitigated` \
        (service recovered before the incident was declared mitigated, as in \"majority of \
        services recovered\" before \"incident mitigated\"); `mitigated` before `detected`, \
        `acknowledged` or `identified` (an automatic mitigation, or mitigate first and \
        diagnose later); `identified` before `acknowledged`; `resolved` before `identified` \
        (the cause was found in the review). Nothing to fix when that is what happened; the \
        note says how the durations read.",
};

/// How an inversion reads: which check it is and what it means.
struct Reading {
    check: &'static Check,
    meaning: &'static str,
}

/// `later` (in the textbook order) happened before `earlier`: what that means.
fn reading(earlier: Mark, later: Mark) -> Reading {
    use Mark::*;
    let (check, meaning) = match (earlier, later) {
        (Trigger, _) => (
            &MILESTONES_OUT_OF_ORDER,
            "nothing of the incident can happen before the trigger that set it off",
        ),
        (ImpactStart, Recovered) => (&MILESTONES_OUT_OF_ORDER, "the impact cannot end before it starts"),
        (ImpactStart, Resolved) => {
            (&MILESTONES_OUT_OF_ORDER, "the incident cannot be resolved before its impact began")
        }
        (Detected, Resolved) => {
            (&MILESTONES_OUT_OF_ORDER, "an incident cannot be resolved before anyone detected it")
        }
        (ImpactStart, Detected | Acknowledged | Identified) => {
            (&MILESTONES_UNUSUAL_ORDER, "proactive detection: the problem was found before the impact began")
        }
        (ImpactStart, Mitigated) => (
            &MILESTONES_DOUBTFUL_ORDER,
            "there is nothing to mitigate before the impact begins; did it begin earlier?",
        ),
        (Detected, Acknowledged | Identified) => (
            &MILESTONES_DOUBTFUL_ORDER,
            "detection is the first moment anyone knew, so the earlier moment is the detection",
        ),
        (Detected | Acknowledged, Mitigated) => (
            &MILESTONES_UNUSUAL_ORDER,
            "mitigated before anyone responded (an automatic mitigation, such as a failover)",
        ),
        (Acknowledged, Identified) => {
            (&MILESTONES_UNUSUAL_ORDER, "the cause was identified before the page was acknowledged")
        }
        (Identified, Mitigated) => {
            (&MILESTONES_UNUSUAL_ORDER, "mitigated first, the cause identified afterwards")
        }
        (Detected, Recovered) => {
            (&MILESTONES_UNUSUAL_ORDER, "the impact was found afterwards (self-healed before detection)")
        }
        (Acknowledged, Recovered) => {
            (&MILESTONES_UNUSUAL_ORDER, "the impact ended by itself before anyone acknowledged it")
        }
        (Identified, Recovered) => {
            (&MILESTONES_UNUSUAL_ORDER, "the impact ended before its cause was identified")
        }
        (Mitigated, Recovered) => (
            &MILESTONES_UNUSUAL_ORDER,
            "service recovered before the incident was declared mitigated (recovery seen first)",
        ),
        (Identified, Resolved) => (
            &MILESTONES_UNUSUAL_ORDER,
            "the cause was identified after the incident was resolved (in the review)",
        ),
        (Acknowledged | Mitigated | Recovered, Resolved) => {
            (&MILESTONES_DOUBTFUL_ORDER, "the incident was resolved while the response or the impact went on")
        }
        // Every other pair is in textbook order: `later` never precedes `earlier` in it.
        _ => (&MILESTONES_UNUSUAL_ORDER, "the milestones are not in the usual order"),
    };
    Reading { check, meaning }
}

fn severity(check: &Check) -> u8 {
    match check.level {
        Level::Error => 2,
        Level::Warning => 1,
        Level::Note => 0,
    }
}

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    let known: Vec<(Mark, &Milestone)> =
        Mark::ALL.iter().filter_map(|m| context.analysis.milestones.get(m).map(|ms| (*m, ms))).collect();
    // One diagnostic per misplaced milestone: its worst inversion, and among equally serious
    // ones the most fundamental (the earliest in the textbook order), which explains the rest.
    for (i, (mark, milestone)) in known.iter().enumerate() {
        let worst = known[..i]
            .iter()
            .filter(|(earlier_mark, earlier)| {
                milestone.at < earlier.at && !reported_by_pm203(*earlier_mark, earlier, *mark)
            })
            .map(|(earlier_mark, earlier)| (reading(*earlier_mark, *mark), *earlier_mark, *earlier))
            .max_by_key(|(reading, earlier_mark, _)| {
                (severity(reading.check), std::cmp::Reverse(*earlier_mark))
            });
        let Some((reading, earlier_mark, earlier)) = worst else { continue };
        out.push(
            Diagnostic::new(
                reading.check,
                format!(
                    "`{}` is {} before `{}`: {}",
                    mark.as_str(),
                    format_duration((earlier.at - milestone.at).num_seconds()),
                    earlier_mark.as_str(),
                    reading.meaning
                ),
            )
            .at(source_path(milestone.source, *mark))
            .help(help(reading.check, (*mark, milestone), (earlier_mark, earlier))),
        );
    }
}

/// A resolution before the end of a window is PM203's finding; saying it twice adds nothing.
fn reported_by_pm203(earlier_mark: Mark, earlier: &Milestone, mark: Mark) -> bool {
    earlier_mark == Mark::Recovered
        && mark == Mark::Resolved
        && matches!(earlier.source, MilestoneSource::Window(_))
}

fn help(
    check: &Check,
    (mark, milestone): (Mark, &Milestone),
    (earlier_mark, earlier): (Mark, &Milestone),
) -> String {
    let times = format!(
        "the time of `{}` (from `{}`) and of `{}` (from `{}`)",
        mark.as_str(),
        source_path(milestone.source, mark),
        earlier_mark.as_str(),
        source_path(earlier.source, earlier_mark)
    );
    match check.level {
        Level::Note => format!("nothing to fix if this is what happened; otherwise check {times}"),
        _ => format!("check {times}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inversion_has_its_own_reading() {
        let mut levels = std::collections::BTreeMap::new();
        for (i, earlier) in Mark::ALL.iter().enumerate() {
            for later in &Mark::ALL[i + 1..] {
                let reading = reading(*earlier, *later);
                assert_ne!(
                    reading.meaning, "the milestones are not in the usual order",
                    "{earlier:?} {later:?}"
                );
                levels.insert((earlier.as_str(), later.as_str()), reading.check.code);
            }
        }
        assert_eq!(levels.len(), 28);
        // Only what cannot be right is an error.
        let errors: Vec<_> =
            levels.iter().filter(|(_, code)| **code == "PM201").map(|(pair, _)| *pair).collect();
        assert_eq!(errors.len(), 7 + 3, "{errors:?}");
        assert_eq!(levels[&("detected", "recovered")], "PM208");
        assert_eq!(levels[&("impact_start", "detected")], "PM208");
        assert_eq!(levels[&("mitigated", "recovered")], "PM208");
        assert_eq!(levels[&("detected", "acknowledged")], "PM207");
        assert_eq!(levels[&("impact_start", "recovered")], "PM201");
    }
}
