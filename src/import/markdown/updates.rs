//! Status-page blocks: label, stamp and message, read into updates.

use super::clock::{read_clock, timestamp_text};
use super::infer::Context;
use super::milestones::negated;
use super::segment::{Part, Segment, body};
use super::{add_deployment, short};
use crate::model::UpdateStatus;
use crate::model::raw::{IncidentFile, Section, Update};
use crate::prose::{find_clock_times, find_dates};
use chrono::{DateTime, Utc};
use regex::Regex;
use std::sync::LazyLock;

/// The line the rendered post-mortem writes under the update that published it.
pub(super) const POSTMORTEM_PUBLISHED: &str = "The post-mortem above was published with this update.";

pub(super) fn read_updates(
    updates: Vec<(usize, Segment)>,
    postmortem_update: Option<usize>,
    context: &Context,
    file: &mut IncidentFile,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let outage_deployments: Vec<String> = crate::text::unique_in_order(
        file.impact.iter().filter(|i| !i.planned && i.start.is_some()).map(|i| i.deployment.clone()),
    );
    // Each update with its instant, and whether its status is the one before it.
    let mut read: Vec<(Option<DateTime<Utc>>, Update, bool)> = Vec::new();
    for (index, segment) in updates {
        let Part::Update { label, at } = &segment.part else { continue };
        let instant = update_instant(at, context);
        // The rendered post-mortem says which update published it.
        let lines: Vec<String> =
            segment.lines.iter().filter(|l| l.trim() != POSTMORTEM_PUBLISHED).cloned().collect();
        let says_postmortem = lines.len() < segment.lines.len();
        let text = body(&lines, true);
        let text = (!text.trim().is_empty()).then_some(text);
        let postmortem = Some(index) == postmortem_update || label == "postmortem" || says_postmortem;
        let (status, carried) = label_status(label, text.as_deref().unwrap_or(""), guesses);
        let deployments = update_deployments(&segment, at, &outage_deployments, guesses);
        for name in &deployments {
            add_deployment(file, name);
        }
        let Some(instant) = instant else {
            warnings.push(format!(
                "status-page block \"{label}\" dated \"{at}\": the time could not be read; kept as a section"
            ));
            file.sections.push(Section {
                title: format!("Status update: {label} ({at})"),
                body: text.unwrap_or_default(),
                internal: false,
            });
            continue;
        };
        read.push((
            Some(instant),
            Update {
                at: timestamp_text(instant, context.zone),
                status,
                // A post-mortem published as the update's body was read as the document (its
                // lines are not here); a pasted "Postmortem" block keeps its message.
                text,
                deployments,
                postmortem,
                tz: None,
                internal: false,
            },
            carried,
        ));
    }
    file.updates = in_order(read, guesses);
}

/// The instant a status-page block's date line gives, if it can be read.
fn update_instant(at: &str, context: &Context) -> Option<DateTime<Utc>> {
    let clock = find_clock_times(at).into_iter().next();
    let date = find_dates(at).into_iter().next();
    clock.as_ref().and_then(|c| {
        let mut clock = c.clone();
        clock.date = clock.date.or(date.as_ref().map(|d| d.first));
        read_clock(&clock, date.as_ref().and_then(|d| d.year), None, context).map(|t| t.instant)
    })
}

/// The status a block's label gives, and whether it is carried from the update before (a
/// label and wording that name none).
fn label_status(label: &str, text: &str, guesses: &mut Vec<String>) -> (UpdateStatus, bool) {
    let status = match label {
        "resolved" | "postmortem" => UpdateStatus::Resolved,
        "monitoring" => UpdateStatus::Monitoring,
        "identified" => UpdateStatus::Identified,
        "investigating" => UpdateStatus::Investigating,
        "scheduled" => UpdateStatus::Scheduled,
        "in_progress" => UpdateStatus::InProgress,
        "verifying" => UpdateStatus::Verifying,
        "completed" => UpdateStatus::Completed,
        "created" => {
            guesses.push(format!("update \"{}\" labelled Created: status `investigating`", short(text)));
            UpdateStatus::Investigating
        }
        _ => {
            let said = status_from_text(text);
            guesses.push(format!(
                "update \"{}\" {}: {}",
                short(text),
                if label == "unlabelled" { "has no status label" } else { "labelled Updated" },
                match said {
                    Some(status) => format!("`{}` from its text", status.as_str()),
                    None => "its wording names no status: the status of the update before it (`investigating` when none)"
                        .to_string(),
                }
            ));
            return (said.unwrap_or(UpdateStatus::Investigating), said.is_none());
        }
    };
    (status, false)
}

/// The deployments a block lists under "Affected services"; an empty list is read as the
/// deployments with an outage window, and said so.
fn update_deployments(
    segment: &Segment,
    at: &str,
    outage_deployments: &[String],
    guesses: &mut Vec<String>,
) -> Vec<String> {
    if !segment.affected.is_empty() {
        segment.affected.clone()
    } else if segment.has_affected && !outage_deployments.is_empty() {
        guesses.push(format!(
            "update at \"{at}\": \"Affected services\" lists none; assumed the deployments with an outage window ({})",
            outage_deployments.join(", ")
        ));
        outage_deployments.to_vec()
    } else {
        Vec::new()
    }
}

/// The updates oldest first, each carried status taken from the update before it.
fn in_order(mut read: Vec<(Option<DateTime<Utc>>, Update, bool)>, guesses: &mut Vec<String>) -> Vec<Update> {
    if read.windows(2).any(|w| matches!(w, [(Some(a), _, _), (Some(b), _, _)] if a > b)) {
        read.sort_by_key(|(at, _, _)| *at);
        guesses.push("status-page updates are listed newest first; written oldest first".to_string());
    }
    let mut before: Option<UpdateStatus> = None;
    for (_, update, carried) in &mut read {
        if *carried && let Some(status) = before {
            update.status = status;
        }
        before = Some(update.status);
    }
    read.into_iter().map(|(_, u, _)| u).collect()
}

/// The status an unlabelled update's wording says: resolved, then monitoring (a fix out,
/// recovering), then identified (a cause found); None when it says none. Negated words ("not yet
/// resolved") say nothing.
fn status_from_text(text: &str) -> Option<UpdateStatus> {
    static RULES: LazyLock<Vec<(UpdateStatus, Regex)>> = LazyLock::new(|| {
        [
            (UpdateStatus::Resolved, r"(?i)\b(?:resolved|fully recovered|all clear|closed)\b"),
            (UpdateStatus::Monitoring, r"(?i)\b(?:monitoring|recover\w*|restored|back up|fixed|operational|catching up|caught up|improv\w*|fewer|fix (?:has been |was |is )?(?:deployed|applied|rolling out|rolled out|in place))\b"),
            (UpdateStatus::Identified, r"(?i)\b(?:identified|cause|found|working on a fix|fix)\b"),
        ]
        .into_iter()
        .filter_map(|(status, pattern)| Some((status, Regex::new(pattern).ok()?)))
        .collect()
    });
    RULES
        .iter()
        .find(|(_, re)| re.find_iter(text).any(|m| !negated(text, m.start())))
        .map(|(status, _)| *status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlabelled_updates_take_their_status_from_the_wording() {
        for (text, expected) in [
            ("All messages are sending again and the issue is resolved.", UpdateStatus::Resolved),
            ("A fix is rolling out now and we're seeing fewer failures.", UpdateStatus::Monitoring),
            ("We found a stuck consumer.", UpdateStatus::Identified),
            ("Some users can't send messages. We're looking into it.", UpdateStatus::Investigating),
            ("The issue is not resolved yet; we are investigating.", UpdateStatus::Investigating),
        ] {
            assert_eq!(status_from_text(text).unwrap_or(UpdateStatus::Investigating), expected, "{text}");
        }
    }
}
