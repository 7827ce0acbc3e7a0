//! Durations: read as people write them ("7h 10m", "PT7H10M"), shown compact, in words, or
//! rounded the way people round.

use std::sync::LazyLock;

use regex::Regex;

use super::{EXPECTED_DURATION, TimeError, invalid};
use crate::text::plural;

const MINUTE: u64 = 60;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
/// Ten years including the most leap days they can hold; anything longer is a typo, and the cap
/// keeps every later sum of durations far from overflow.
pub(super) const MAX_DURATION_SECS: i64 = 3_653 * 86_400;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
}

impl Unit {
    fn from_word(word: &str) -> Option<Unit> {
        Some(match word {
            "s" | "sec" | "secs" | "second" | "seconds" => Unit::Second,
            "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
            _ => return None,
        })
    }

    fn seconds(self) -> u128 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
            Unit::Week => 604_800,
        }
    }
}

static HUMAN_PART_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)\s*([a-z]+)(?:\s*,\s*|\s+and\s+|\s*)")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

static ISO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?$")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Reads a duration written by a person ("15m", "7h 10m", "1 hour 30 minutes", "PT7H10M") into
/// whole seconds, at most ten years. Zero ("0s") is a duration like any other: a declared
/// interruption of none is for the checks to judge, not unreadable.
pub fn parse_duration(input: &str) -> Result<i64, TimeError> {
    let trimmed = input.trim();
    let lower = trimmed.to_ascii_lowercase();
    let total =
        if lower.starts_with('p') { parse_iso_duration(&lower) } else { parse_human_duration(&lower) }
            .ok_or_else(|| invalid(trimmed, EXPECTED_DURATION))?;
    // Readable but longer than a duration can be: say so, with the limit, rather than "cannot read".
    i64::try_from(total).ok().filter(|secs| *secs <= MAX_DURATION_SECS).ok_or_else(|| TimeError::TooLong {
        input: trimmed.to_string(),
        max_days: MAX_DURATION_SECS / 86_400,
    })
}

/// A count of units as written; any number of digits reads, a huge one saturates (it is too
/// long either way, and saying so beats "cannot read").
fn count_of(digits: &str) -> u128 {
    digits.parse::<u128>().unwrap_or(u128::MAX)
}

fn parse_iso_duration(text: &str) -> Option<u128> {
    let caps = ISO_RE.captures(text)?;
    // "P" and "PT" alone match the pattern but say nothing.
    if (1..=4).all(|i| caps.get(i).is_none()) || text.ends_with('t') {
        return None;
    }
    let units = [Unit::Day, Unit::Hour, Unit::Minute, Unit::Second];
    Some(units.iter().enumerate().fold(0u128, |acc, (i, unit)| match caps.get(i + 1) {
        Some(m) => count_of(m.as_str()).saturating_mul(unit.seconds()).saturating_add(acc),
        None => acc,
    }))
}

fn parse_human_duration(text: &str) -> Option<u128> {
    let mut rest = text;
    let mut total: u128 = 0;
    let mut last_unit: Option<Unit> = None;
    while !rest.is_empty() {
        let caps = HUMAN_PART_RE.captures(rest)?;
        let value = count_of(caps.get(1)?.as_str());
        let unit = Unit::from_word(caps.get(2)?.as_str())?;
        // Largest unit first, each once: "30m 1h" or "1h 1h" is more likely a typo than intent.
        if last_unit.is_some_and(|prev| unit >= prev) {
            return None;
        }
        last_unit = Some(unit);
        total = value.saturating_mul(unit.seconds()).saturating_add(total);
        rest = rest.get(caps.get(0)?.end()..)?;
    }
    last_unit.map(|_| total)
}

/// Splits a magnitude into days, hours, minutes and seconds.
fn split(secs: u64) -> (u64, u64, u64, u64) {
    (secs / DAY, secs % DAY / HOUR, secs % HOUR / MINUTE, secs % MINUTE)
}

/// Compact form for tables: "7h 10m", "15m", "45s", "1d 1h 1m", "0s", "-5m". Seconds are shown
/// only below an hour, where they can still matter.
pub fn format_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let abs = seconds.unsigned_abs();
    if abs == 0 {
        return "0s".to_string();
    }
    let (d, h, m, s) = split(abs);
    let s = if abs >= HOUR { 0 } else { s };
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m"), (s, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect();
    format!("{sign}{}", parts.join(" "))
}

/// Exact words: "7 hours 10 minutes", "15 minutes", "1 hour", "0 seconds"; negative values are
/// prefixed with "minus ".
pub fn format_duration_words(seconds: i64) -> String {
    let sign = if seconds < 0 { "minus " } else { "" };
    let abs = seconds.unsigned_abs();
    if abs == 0 {
        return "0 seconds".to_string();
    }
    let (d, h, m, s) = split(abs);
    let parts: Vec<String> = [(d, "day"), (h, "hour"), (m, "minute"), (s, "second")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| plural(*n, u))
        .collect();
    format!("{sign}{}", parts.join(" "))
}

/// Rounds to the nearest multiple of `step` (halves round up) without overflow.
fn round_to(value: u64, step: u64) -> u64 {
    let down = value / step;
    let up = if value % step >= step.div_ceil(2) { down.saturating_add(1) } else { down };
    up.saturating_mul(step)
}

/// Prose form, rounded the way people round: seconds under a minute; the nearest minute under
/// ten minutes, else the nearest five; the nearest half hour under three hours, else the
/// nearest hour; the nearest day from two days. Always prefixed "approximately "; use
/// [`format_duration_words`] for exact values.
pub fn approx_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "minus " } else { "" };
    let abs = seconds.unsigned_abs();
    let text = if abs < MINUTE {
        plural(abs, "second")
    } else if abs < HOUR {
        let step = if abs < 10 * MINUTE { MINUTE } else { 5 * MINUTE };
        let rounded = round_to(abs, step);
        if rounded >= HOUR { "1 hour".to_string() } else { plural(rounded / MINUTE, "minute") }
    } else if abs < 2 * DAY {
        let step = if abs < 3 * HOUR { HOUR / 2 } else { HOUR };
        let rounded = round_to(abs, step);
        if rounded >= 2 * DAY {
            "2 days".to_string()
        } else if rounded.is_multiple_of(HOUR) {
            plural(rounded / HOUR, "hour")
        } else {
            format!("{}.5 hours", rounded / HOUR)
        }
    } else {
        plural(round_to(abs, DAY) / DAY, "day")
    };
    format!("approximately {sign}{text}")
}
