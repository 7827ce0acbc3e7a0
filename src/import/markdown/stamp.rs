//! The stamp that opens a timeline entry: an optional date, a clock time with its zone (an
//! abbreviation, an offset or a word such as "Eastern"), and approximation marks ("±", "~",
//! "approximately"), in any of the shapes lists, tables, headings and plain lines use.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Timelike};
use regex::Regex;

use super::clock::{ReadTime, read_clock};
use super::infer::Context;
use super::lines::{EMPHASIS_RE, strip_list_marker};
use crate::prose::{FoundDate, find_all_dates};
use crate::prose::{StatedClock, find_clock_times};
use crate::time::zone_of_name;

/// What opens an entry line, and the text after it.
#[derive(Debug, Clone)]
pub(super) struct Stamp {
    pub(super) date: Option<FoundDate>,
    pub(super) clock: Option<StatedClock>,
    pub(super) approximate: bool,
    pub(super) text: String,
}

static APPROXIMATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[±~≈]\s*|(?:approx(?:imately|\.)?|about|around|circa|ca\.|roughly)\s+)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
/// What may stand around a date in a stamp: weekdays, "on", "at", punctuation.
static HEAD_FILLER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:on|at|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b|[^\p{L}\p{N}]")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ZONE_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\(?(?P<z>(?i:eastern|pacific|central|mountain)(?: (?i:time))?|[A-Z][A-Za-z]+/[A-Za-z_]+)\)?",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});
/// "11:02: text": the colon after a clock would read as a longer digit run.
static CLOCK_COLON_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{0,50}?\b\d{1,2}:\d{2}):(\s|$)").unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static LEADING_SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s—–:|,.)\]-]+").unwrap_or_else(|e| unreachable!("{e}")));

/// A line cleaned of list markers, table pipes and emphasis.
pub(super) fn clean_line(line: &str) -> String {
    let item = strip_list_marker(line.trim());
    let item = item.trim_start_matches('|').trim_end_matches('|');
    EMPHASIS_RE.replace_all(item, "").replace(" | ", " — ").trim().to_string()
}

/// Only filler left once the dates are taken out.
fn only_dates(head: &str, dates: &[FoundDate]) -> bool {
    let mut rest = head.to_string();
    for date in dates.iter().rev() {
        rest.replace_range(date.range.clone(), " ");
    }
    !HEAD_FILLER_RE.replace_all(&rest, "").chars().any(char::is_alphanumeric)
}

/// The stamp opening `line`: a clock (with an optional date before it), or a date alone.
pub(super) fn read_stamp(line: &str) -> Option<Stamp> {
    let clean = clean_line(line);
    let clean = CLOCK_COLON_RE.replace(&clean, "$1 —$2").into_owned();
    let (approximate, clean) = match APPROXIMATE_RE.find(&clean) {
        Some(m) => (true, clean.get(m.end()..).unwrap_or_default().to_string()),
        None => (false, clean),
    };
    let clocks = find_clock_times(&clean);
    let clock = clocks.first().filter(|c| c.range.start <= 60);
    let head_end = clock.map_or(clean.len().min(40), |c| c.range.start);
    let head = clean.get(..head_end)?;
    let head_dates: Vec<FoundDate> =
        find_all_dates(&clean).into_iter().filter(|d| d.range.end <= head_end.max(1)).collect();
    let Some(clock) = clock.filter(|_| only_dates(head, &head_dates)) else {
        // A date alone: "March 3, 2019", "**Tuesday, March 3**:".
        let date = find_all_dates(&clean).into_iter().next().filter(|d| d.range.start <= 12)?;
        let after = clean.get(date.range.end..)?;
        let rest = LEADING_SEPARATOR_RE.replace(after, "").trim().to_string();
        let head = clean.get(..date.range.start)?;
        // "23 June: Reindex moved to the quiet window": a day, a separator and its note.
        let separated = after.trim_start().starts_with([':', '—', '–', '-', '|']);
        if !only_dates(head, &[]) || !rest.is_empty() && clean.len() > 40 && !separated {
            return None;
        }
        return Some(Stamp { date: Some(date), clock: None, approximate, text: rest });
    };
    let mut clock = clock.clone();
    let mut rest = clean.get(clock.range.end..)?.to_string();
    // "3:12 PM Eastern: text", "09:10 (US/Pacific) text".
    if clock.zone.is_none()
        && let Some(caps) = ZONE_WORD_RE.captures(&rest)
        && let (Some(whole), Some(word)) = (caps.get(0), caps.name("z"))
        && let Some(zone) = zone_of_name(word.as_str())
    {
        clock.zone = Some(zone.name().to_string());
        rest = rest.get(whole.end()..).unwrap_or_default().to_string();
    }
    let text = LEADING_SEPARATOR_RE.replace(&rest, "").trim().to_string();
    Some(Stamp { date: head_dates.into_iter().last(), clock: Some(clock), approximate, text })
}

/// The instant of a stamp's clock: its own date, else `day` (the day the entries before it
/// reached); a time earlier than `previous` with no date of its own is past midnight.
pub(super) fn stamp_time(
    clock: &StatedClock,
    date: Option<&FoundDate>,
    day: Option<NaiveDate>,
    previous: Option<&ReadTime>,
    context: &Context,
) -> Option<ReadTime> {
    let mut clock = clock.clone();
    let year = date.and_then(|d| d.year);
    if let Some(date) = date {
        clock.date = Some((date.month, date.day));
    }
    let fallback =
        day.or_else(|| context.main_date.and_then(|(m, d)| NaiveDate::from_ymd_opt(context.year, m, d)));
    let time = read_clock(&clock, year, fallback, context);
    if clock.date.is_some() {
        return time;
    }
    // A time before the one above it is past midnight, even when it cannot be read on the day
    // above (01:00 on a day whose clocks went back is read twice; the next day's is not).
    let Some(previous) = previous else { return time };
    let earlier = match &time {
        Some(t) => t.instant < previous.instant,
        None => {
            let wall = previous.instant.with_timezone(&context.zone).time();
            (clock.hour, clock.minute) < (wall.hour(), wall.minute())
        }
    };
    let day = time.as_ref().map(|t| t.date).or(fallback)?;
    match day.checked_add_days(Days::new(1)) {
        Some(next_day) if earlier => {
            read_clock(&clock, Some(next_day.year()), Some(next_day), context).or(time)
        }
        _ => time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (year, month, day), (hour, minute, zone), approximate, text.
    type Read = (Option<(Option<i32>, u32, u32)>, Option<(u32, u32, Option<String>)>, bool, String);

    fn stamp(line: &str) -> Option<Read> {
        read_stamp(line).map(|s| {
            (
                s.date.map(|d| (d.year, d.month, d.day)),
                s.clock.map(|c| (c.hour, c.minute, c.zone)),
                s.approximate,
                s.text,
            )
        })
    }

    #[test]
    fn every_list_and_line_shape() {
        let utc = Some("UTC".to_string());
        assert_eq!(stamp("- 3:00 text"), Some((None, Some((3, 0, None)), false, "text".into())));
        assert_eq!(stamp("- 11:02: text"), Some((None, Some((11, 2, None)), false, "text".into())));
        assert_eq!(stamp("• 06:45 text"), Some((None, Some((6, 45, None)), false, "text".into())));
        assert_eq!(stamp("* **14:55** — text"), Some((None, Some((14, 55, None)), false, "text".into())));
        assert_eq!(
            stamp("- 3:12 PM Eastern: text"),
            Some((None, Some((15, 12, Some("America/New_York".into()))), false, "text".into()))
        );
        assert_eq!(
            stamp("**± 08:40 UTC:** text"),
            Some((None, Some((8, 40, utc.clone())), true, "text".into()))
        );
        assert_eq!(
            stamp("2019 March 3 04:10 UTC"),
            Some((Some((Some(2019), 3, 3)), Some((4, 10, utc)), false, String::new()))
        );
        assert_eq!(
            stamp("| 02-Mar-2024 | 11:02 | Alert fired |"),
            Some((Some((Some(2024), 3, 2)), Some((11, 2, None)), false, "Alert fired".into()))
        );
        assert_eq!(stamp("**March 3, 2019**"), Some((Some((Some(2019), 3, 3)), None, false, String::new())));
        assert!(stamp("We restored service at 22:05.").is_none());
        assert!(stamp("The 3 engineers met.").is_none());
    }
}
