//! Status-page blocks as they appear when a status page is copied: a label (Investigating,
//! Identified, Monitoring, Update, Resolved, Postmortem, Scheduled, In progress, Completed,
//! Created), a stamp ("Posted 2 days ago. Mar 14, 2019 - 16:40 PDT", "Feb 2 at 07:15am GMT")
//! and a message, in either order; and pages that write each message before its stamp with no
//! label at all.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::MD_HEADING_RE;
use crate::prose::{find_clock_times, find_dates};

/// The status of a status-page block label, when the label is one.
pub(super) fn update_label(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    Some(match lower.as_str() {
        "resolved" => "resolved",
        "monitoring" => "monitoring",
        "identified" => "identified",
        "investigating" => "investigating",
        "update" | "updated" => "updated",
        "created" => "created",
        "postmortem" | "post-mortem" => "postmortem",
        "scheduled" => "scheduled",
        "in progress" => "in_progress",
        "verifying" => "verifying",
        "completed" => "completed",
        _ => return None,
    })
}

/// A line that is a status-page date, such as "Jul 4, 2026 at 11:32pm UTC".
pub(super) fn is_status_date(line: &str) -> bool {
    let line = status_stamp(line);
    if line.len() > 60 {
        return false;
    }
    let dates = find_dates(line);
    let clocks = find_clock_times(line);
    let (Some(date), Some(clock)) = (dates.first(), clocks.first()) else {
        return false;
    };
    (date.year.is_some() || line.len() <= 40) && date.range.start <= 1 && clock.range.end + 1 >= line.len()
}

static POSTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:posted|updated|published)\b(?:[^.]{0,30}\bago\b\.?|\s+on\b|\s+at\b)?\s*")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The stamp of a status-page line, without its "Posted 2 days ago." lead.
pub(super) fn status_stamp(line: &str) -> &str {
    let line = line.trim();
    POSTED_RE.find(line).map_or(line, |m| line.get(m.end()..).unwrap_or(line)).trim()
}

/// "Investigating - We are looking into it.": a status label opening a message.
static LABEL_DASH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\*\*)?(?P<label>[A-Za-z][A-Za-z -]{3,20}?)(?:\*\*)?\s+[-–—:]\s+(?P<message>.+)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A status-page block written message first: the last label in `lines` (alone on its line,
/// or before " - " on it) and the message after it; the index of the label's line.
pub(super) fn message_first_block(lines: &[String]) -> Option<(usize, &'static str, Vec<String>)> {
    let label_of = |line: &str| -> Option<(&'static str, Option<String>)> {
        let line = line.trim();
        if let Some(label) = update_label(line.trim_matches('*')) {
            return Some((label, None));
        }
        let caps = LABEL_DASH_RE.captures(line)?;
        Some((update_label(caps.name("label")?.as_str())?, Some(caps.name("message")?.as_str().to_string())))
    };
    let (at, (label, first)) = lines.iter().enumerate().rev().find_map(|(i, l)| Some((i, label_of(l)?)))?;
    let mut message: Vec<String> = first.into_iter().collect();
    message.extend(lines.get(at + 1..)?.iter().cloned());
    Some((at, label, message))
}

pub(super) fn is_affected_services(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    lower == "affected services" || lower == "affected components"
}

/// For each line, whether it is a stamp closing the message written above it: true for the
/// stamps of a stretch (up to the next Markdown heading) whose last line is a stamp, as on
/// pages that put each message before its time. A stretch that ends in text after its last
/// stamp is a timeline of stamped entries instead.
pub(super) fn closing_stamps(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut start = 0;
    for end in 0..=lines.len() {
        let boundary = lines.get(end).is_none_or(|l| MD_HEADING_RE.is_match(l));
        if !boundary {
            continue;
        }
        let stretch = start..end;
        let last = stretch.clone().rev().find(|&i| lines.get(i).is_some_and(|l| !l.trim().is_empty()));
        if last.is_some_and(|i| lines.get(i).is_some_and(|l| is_status_date(l.trim()))) {
            for i in stretch {
                if let Some(slot) = out.get_mut(i) {
                    *slot = lines.get(i).is_some_and(|l| is_status_date(l.trim()));
                }
            }
        }
        start = end + 1;
    }
    out
}

/// A message with no label before its stamp: the lines since the previous block, or in the
/// document's opening only the last paragraph (the lines above it are the title and intro).
/// The index its lines start at, and the lines.
pub(super) fn unlabelled_block(lines: &[String], opening: bool) -> Option<(usize, Vec<String>)> {
    let last_text = lines.iter().rposition(|l| !l.trim().is_empty())?;
    let start = if opening {
        let blank = lines.get(..last_text)?.iter().rposition(|l| l.trim().is_empty());
        blank.map_or(last_text, |b| b + 1)
    } else {
        0
    };
    let message: Vec<String> = lines.get(start..)?.to_vec();
    message.iter().any(|l| !l.trim().is_empty()).then_some((start, message))
}
