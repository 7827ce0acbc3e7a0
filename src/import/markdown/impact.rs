//! The impact section: one line per deployment, its status from the wording, its window from the times.

use super::clock::{ReadTime, read_clock, timestamp_text};
use super::infer::Context;
use super::lines::{EMPHASIS_RE, LIST_MARKER_RE, strip_list_marker};
use super::segment::is_template_sentence;
use super::windows::{attach_description, window_line};
use super::{add_deployment, keep_section, short};
use crate::model::ImpactStatus;
use crate::model::raw::{Impact, IncidentFile};
use crate::prose::{StatedClock, find_clock_times, find_dates};
use chrono::{Days, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

static PARTIAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:partial(?:ly)?|intermittent(?:ly)?|sporadic(?:ally)?|(?:some|many|several|certain)\s+(?:of\s+(?:the|our)\s+)?(?:[\w-]+\s+){0,2}(?:users|customers|requests|calls|queries|accounts|regions|pages|clients|tenants|sites|merchants|traffic)|(?:a|one)\s+(?:small\s+|large\s+)?(?:subset|portion|fraction|share|number|percentage)\s+of|elevated\s+(?:error|5\d\d|failure)|\d+(?:\.\d+)?\s?%\s+of|(?:errors?|failures?|timeouts?)\s+for\s+some)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static MAJOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:unavailable|outage|down|could\s+not|couldn't|cannot|can't|unable|inaccessible|unreachable|offline|not\s+(?:available|reachable|accessible)|failed|fail(?:ing|ure)|went\s+dark|hard\s+down|stopp?ed|stall\w*|halted)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static DEGRADED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:slow\w*|delay\w*|latenc\w*|degrad\w*|lag\w*|backlog\w*|queued|sluggish|late)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ERRORS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:errors?|5\d\d\s?s|timeouts?|timed\s+out|disrupt\w*)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The status a text's wording implies, when it says one: maintenance; errors for some, a share
/// or partial → `partial_outage`; outage, unavailable, down → `major_outage`; slow, delays,
/// degraded → `degraded_performance`; errors alone → `partial_outage`. The first such words
/// say it ("deliveries were delayed because a partition stopped": delayed), partial words
/// first among words at the same place.
pub(super) fn status_words(text: &str) -> Option<ImpactStatus> {
    if text.to_lowercase().contains("maintenance") {
        return Some(ImpactStatus::UnderMaintenance);
    }
    [
        (&*PARTIAL_RE, ImpactStatus::PartialOutage),
        (&*MAJOR_RE, ImpactStatus::MajorOutage),
        (&*DEGRADED_RE, ImpactStatus::DegradedPerformance),
    ]
    .into_iter()
    .enumerate()
    .filter_map(|(rank, (re, status))| re.find(text).map(|m| ((m.start(), rank), status)))
    .min_by_key(|(place, _)| *place)
    .map(|(_, status)| status)
    .or_else(|| ERRORS_RE.is_match(text).then_some(ImpactStatus::PartialOutage))
}

/// The impact status a description implies; None for "No impact".
pub(super) fn impact_status(text: &str) -> Option<ImpactStatus> {
    let lower = text.to_lowercase();
    let no_impact = ["no impact", "not affected", "unaffected", "no customer impact", "none"];
    if no_impact.iter().any(|p| lower.trim_end_matches('.').trim() == *p || lower.starts_with(p)) {
        return None;
    }
    Some(status_words(text).unwrap_or(ImpactStatus::DegradedPerformance))
}

/// "Public Cloud Server — SMSGate API was unavailable from 14:55 UTC to 22:05 UTC on July 4.",
/// with the window lines a rendered post-mortem nests under it. Returns whether any window was
/// stated in such lines (the document then says all its windows; nothing is inferred).
pub(super) fn read_impact(
    lines: &[String],
    context: &Context,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> bool {
    let mut kept = Vec::new();
    let mut stated_windows = false;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.trim().is_empty() {
            continue;
        }
        if is_template_sentence(line) {
            guesses.push(format!("skipped the template sentence \"{}\"", short(line.trim())));
            continue;
        }
        let item = strip_list_marker(line.trim());
        let split = [" — ", " – ", ": ", " - "].iter().find_map(|sep| item.split_once(sep));
        let Some((name, description)) =
            split.filter(|(n, _)| LIST_MARKER_RE.is_match(line) && n.len() <= 60 && !n.trim().is_empty())
        else {
            kept.push(line.clone());
            continue;
        };
        let name = EMPHASIS_RE.replace_all(name, "").trim().to_string();
        let description = description.trim().to_string();
        add_deployment(file, &name);
        let mut windows = Vec::new();
        while let Some(next) = lines.get(i)
            && is_nested_item(next)
            && let Some(window) = window_line(strip_list_marker(next.trim()), &name, context)
        {
            windows.push(window);
            i += 1;
        }
        if !windows.is_empty() {
            stated_windows = true;
            attach_description(&mut windows, &description);
            for window in &windows {
                guesses.push(format!(
                    "\"{name}\": `{}`{} window read from its window line",
                    window.status.as_str(),
                    if window.planned { " planned" } else { "" }
                ));
            }
            file.impact.extend(windows);
            continue;
        }
        file.impact.extend(described_impact(&name, &description, context, guesses, warnings));
    }
    if !kept.is_empty() {
        keep_section(file, "Impact", &kept, line_paragraphs, warnings);
    }
    stated_windows
}

/// A deployment's impact read from its description: the status from the wording, the window
/// from the times it states. None for "No impact".
fn described_impact(
    name: &str,
    description: &str,
    context: &Context,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Option<Impact> {
    let Some(status) = impact_status(description) else {
        guesses.push(format!("\"{name}\": no impact"));
        return None;
    };
    let (clocks, start, end) = described_window(name, description, context, guesses);
    let zone = context.zone;
    let mut impact = Impact {
        deployment: name.to_string(),
        status,
        planned: status == ImpactStatus::UnderMaintenance,
        start: start.map(|t| timestamp_text(t.instant, zone)),
        end: end.map(|t| timestamp_text(t.instant, zone)),
        duration: None,
        tz: None,
        text: Some(description.to_string()),
    };
    if clocks == 1 {
        warnings
            .push(format!("\"{name}\": one time found; read as the start of a window that has not ended"));
    }
    if impact.start.is_none() && clocks > 0 {
        warnings.push(format!("\"{name}\": the times could not be read; the window is left unknown"));
        impact.end = None;
    }
    guesses.push(format!(
        "\"{name}\": `{}`{}",
        status.as_str(),
        match (&impact.start, &impact.end) {
            (Some(s), Some(e)) => format!(" from {s} to {e}"),
            (Some(s), None) => format!(" from {s}, not ended"),
            _ => ", window not known".to_string(),
        }
    ));
    Some(impact)
}

/// The window a description's first two times give (dated from the text, else the document's
/// date; an end before its start is the next day), and how many times it states.
fn described_window(
    name: &str,
    description: &str,
    context: &Context,
    guesses: &mut Vec<String>,
) -> (usize, Option<ReadTime>, Option<ReadTime>) {
    let clocks = find_clock_times(description);
    let date_in_text = find_dates(description).first().map(|d| (d.year, d.first));
    let fallback = date_in_text
        .or(context.main_date.map(|d| (None, d)))
        .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y.unwrap_or(context.year), m, d));
    let read = |clock: &StatedClock| read_clock(clock, date_in_text.and_then(|d| d.0), fallback, context);
    let (start, mut end) = match clocks.as_slice() {
        [] => (None, None),
        [only] => (read(only), None),
        [first, second, ..] => (read(first), read(second)),
    };
    if let (Some(s), Some(e)) = (&start, &end)
        && e.instant <= s.instant
        && !e.date_written
    {
        end = e.date.checked_add_days(Days::new(1)).and_then(|next| {
            let clock = clocks.get(1)?;
            read_clock(clock, Some(chrono::Datelike::year(&next)), Some(next), context)
        });
        guesses.push(format!("\"{name}\": the window ends the next day"));
    }
    (clocks.len(), start, end)
}

/// A list item indented under another one.
pub(super) fn is_nested_item(line: &str) -> bool {
    (line.starts_with("  ") || line.starts_with('\t')) && LIST_MARKER_RE.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn impact_statuses_from_wording() {
        assert_eq!(impact_status("No impact."), None);
        assert_eq!(
            impact_status("SMSGate API was unavailable from 14:55 UTC"),
            Some(ImpactStatus::MajorOutage)
        );
        assert_eq!(impact_status("Notifications could be delayed."), Some(ImpactStatus::DegradedPerformance));
        assert_eq!(impact_status("Some requests failed"), Some(ImpactStatus::PartialOutage));
        for (text, status) in [
            (
                "deliveries were delayed because a queue partition stopped consuming",
                ImpactStatus::DegradedPerformance,
            ),
            ("some Orbit API requests failed with 503 errors", ImpactStatus::PartialOutage),
            ("us-east-1 was unavailable", ImpactStatus::MajorOutage),
            ("eu-west-1 returned elevated error rates", ImpactStatus::PartialOutage),
            ("users saw errors, then the API was down", ImpactStatus::MajorOutage),
            ("requests returned errors", ImpactStatus::PartialOutage),
        ] {
            assert_eq!(status_words(text), Some(status), "{text}");
        }
    }
}
