//! Timestamps, zones, DST, durations and their human forms; all instants are UTC.
//!
//! Zones only appear at the edges: input is resolved to `DateTime<Utc>` as soon as it is read,
//! and output is converted back only when rendering. A wall-clock time that falls into a DST gap
//! or fold is an error that shows both readings; post-mortem timelines must never be off by an
//! hour because we guessed.

use std::fmt;
use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat,
    TimeDelta, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetName, TZ_VARIANTS, Tz};
use regex::Regex;

const EXPECTED_INSTANT: &str = "`YYYY-MM-DD HH:MM[:SS]` or RFC 3339 such as `2026-07-04T14:55:00Z`";
const EXPECTED_DATE: &str = "a date such as `2026-07-04` (`YYYY-MM-DD`)";
const EXPECTED_REAL_DATE: &str = "a date that exists on the calendar (month 01-12, day within that month)";
const EXPECTED_REAL_INSTANT: &str = "a date and time that exist on the calendar \
     (month 01-12, day within that month, time 00:00 to 23:59:59)";
const EXPECTED_OFFSET: &str = "a UTC offset between `-23:59` and `+23:59`";
const EXPECTED_DURATION: &str = "a duration such as `15m`, `7h 10m` or `1d 2h`";

const MINUTE: u64 = 60;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
/// Ten years including the most leap days they can hold; anything longer is a typo, and the cap
/// keeps every later sum of durations far from overflow.
const MAX_DURATION_SECS: i64 = 3_653 * 86_400;
/// Longest stretch we search for the edge of a gap; the longest real one (Samoa skipping
/// 2011-12-30) is a day, so two days is ample.
const GAP_SEARCH_MINUTES: i64 = 2 * 24 * 60;

/// Why a timestamp, zone, date or duration could not be read. Display gives a one-line message
/// with the offending value in backticks; `help()` gives the fix as one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not a recognised timestamp/date/duration syntax, or an impossible date/time
    /// (Feb 30, 24:00, 13th month).
    Invalid { input: String, expected: &'static str },
    /// Not an IANA zone name; `suggestion` is the closest real one, if any is close.
    UnknownZone { name: String, suggestion: Option<String> },
    /// Wall-clock time that does not exist (spring-forward). `before`/`after` read the wall time
    /// with the offset in force before the change and with the one after it.
    Gap { wall: NaiveDateTime, zone: String, before: DateTime<FixedOffset>, after: DateTime<FixedOffset> },
    /// Wall-clock time that exists twice (fall-back).
    Fold { wall: NaiveDateTime, zone: String, earlier: DateTime<FixedOffset>, later: DateTime<FixedOffset> },
}

impl TimeError {
    /// The fix, as one sentence.
    pub fn help(&self) -> String {
        match self {
            TimeError::Invalid { expected, .. } => format!("write {expected}"),
            TimeError::UnknownZone { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            TimeError::UnknownZone { suggestion: None, .. } => {
                "use an IANA zone name such as `Europe/Berlin`".to_string()
            }
            TimeError::Gap { before, after, .. } => format!(
                "write the instant with an explicit offset, e.g. `{}` or `{}`",
                rfc3339(before),
                rfc3339(after)
            ),
            TimeError::Fold { earlier, later, .. } => format!(
                "write the instant with an explicit offset: `{}` for the first occurrence or `{}` for the second",
                rfc3339(earlier),
                rfc3339(later)
            ),
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Invalid { input, expected } => {
                write!(f, "cannot read `{}`: expected {expected}", one_line(input))
            }
            TimeError::UnknownZone { name, .. } => {
                write!(f, "unknown time zone `{}`", one_line(name))
            }
            TimeError::Gap { wall, zone, before, after } => write!(
                f,
                "`{}` does not exist in {zone} (the clocks jump forward); it reads as {} (= {}) or {} (= {})",
                wall_text(wall),
                rfc3339(before),
                utc_text(before, wall.date()),
                rfc3339(after),
                utc_text(after, wall.date()),
            ),
            TimeError::Fold { wall, zone, earlier, later } => write!(
                f,
                "`{}` happens twice in {zone} (the clocks go back): {} ({}) or {} ({})",
                wall_text(wall),
                rfc3339(earlier),
                utc_text(earlier, wall.date()),
                rfc3339(later),
                utc_text(later, wall.date()),
            ),
        }
    }
}

impl std::error::Error for TimeError {}

fn invalid(input: &str, expected: &'static str) -> TimeError {
    TimeError::Invalid { input: input.to_string(), expected }
}

/// Keeps the Display message on one line whatever the user typed.
fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() { c.escape_default().collect() } else { vec![c] };
            escaped
        })
        .collect()
}

fn rfc3339(dt: &DateTime<FixedOffset>) -> String {
    // Explicit `+00:00` rather than `Z`, so both readings look alike in London and Lisbon.
    dt.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn wall_text(wall: &NaiveDateTime) -> String {
    if wall.second() == 0 && wall.nanosecond() == 0 {
        wall.format("%Y-%m-%d %H:%M").to_string()
    } else {
        wall.format("%Y-%m-%d %H:%M:%S%.f").to_string()
    }
}

/// UTC time of a reading; the date is added only when it differs from the wall date, because
/// then the bare time would be misleading.
fn utc_text(dt: &DateTime<FixedOffset>, wall_date: NaiveDate) -> String {
    let utc = dt.naive_utc();
    let time = if utc.second() == 0 && utc.nanosecond() == 0 {
        utc.format("%H:%M").to_string()
    } else {
        utc.format("%H:%M:%S%.f").to_string()
    };
    if utc.date() == wall_date {
        format!("{time} UTC")
    } else {
        format!("{} {time} UTC", utc.format("%Y-%m-%d"))
    }
}

// ---------------------------------------------------------------------------------------------
// Zones

/// Reads an IANA zone name (exact spelling, as the tz database has it).
pub fn parse_zone(name: &str) -> Result<Tz, TimeError> {
    let trimmed = name.trim();
    if let Ok(tz) = trimmed.parse::<Tz>() {
        return Ok(tz);
    }
    Err(TimeError::UnknownZone { name: trimmed.to_string(), suggestion: suggest_zone(trimmed) })
}

fn suggest_zone(name: &str) -> Option<String> {
    let wanted = name.to_lowercase().replace(' ', "_");
    if wanted.is_empty() {
        return None;
    }
    let names = || TZ_VARIANTS.iter().map(|tz| tz.name());
    if let Some(exact) = names().find(|n| n.to_lowercase() == wanted) {
        return Some(exact.to_string());
    }
    // People often write just the city ("Berlin", "new york").
    if !wanted.contains('/')
        && let Some(city) = names().find(|n| {
            n.contains('/') && n.rsplit('/').next().is_some_and(|last| last.to_lowercase() == wanted)
        })
    {
        return Some(city.to_string());
    }
    names()
        .map(|n| (strsim::jaro_winkler(&wanted, &n.to_lowercase()), n))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n.to_string())
}

/// The zone's abbreviation at that instant ("UTC", "EDT", "CET", "AEDT"); zones that only have a
/// numeric abbreviation in the tz database get "UTC+05:30" style.
pub fn zone_abbreviation(instant: DateTime<Utc>, zone: Tz) -> String {
    let offset = zone.offset_from_utc_datetime(&instant.naive_utc());
    match offset.abbreviation() {
        Some(abbr) if abbr.starts_with(|c: char| c.is_ascii_alphabetic()) => abbr.to_string(),
        _ => utc_offset_name(offset.fix()),
    }
}

fn utc_offset_name(offset: FixedOffset) -> String {
    let total = offset.local_minus_utc();
    if total == 0 {
        return "UTC".to_string();
    }
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 { format!("UTC{sign}{h:02}:{m:02}") } else { format!("UTC{sign}{h:02}:{m:02}:{s:02}") }
}

/// strftime-format (chrono syntax) in the zone; `%Z` gives [`zone_abbreviation`]'s value.
/// A format string chrono cannot render falls back to `YYYY-MM-DD HH:MM ZONE` rather than failing,
/// since this only ever feeds display.
pub fn format_in_zone(instant: DateTime<Utc>, zone: Tz, fmt: &str) -> String {
    let abbr = zone_abbreviation(instant, zone);
    let escaped_abbr = abbr.replace('%', "%%");
    let mut spec = String::with_capacity(fmt.len() + abbr.len());
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            spec.push(c);
            continue;
        }
        match chars.next() {
            Some('Z') => spec.push_str(&escaped_abbr),
            Some(next) => {
                spec.push('%');
                spec.push(next);
            }
            None => spec.push('%'),
        }
    }
    let local = instant.with_timezone(&zone);
    let mut out = String::new();
    // `to_string()` would panic on a bad specifier; `write!` reports it instead.
    if write!(out, "{}", local.format(&spec)).is_ok() {
        out
    } else {
        format!("{} {abbr}", local.format("%Y-%m-%d %H:%M"))
    }
}

// ---------------------------------------------------------------------------------------------
// Instants and dates

static INSTANT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    )
    .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})$").unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Reads a timestamp: a wall clock `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`) in `zone`, or
/// RFC 3339 / ISO 8601 with `Z` or an offset. A date alone is rejected: an incident time
/// without a time of day is a mistake, not midnight.
pub fn parse_instant(input: &str, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    let trimmed = input.trim();
    let caps = INSTANT_RE.captures(trimmed).ok_or_else(|| invalid(trimmed, EXPECTED_INSTANT))?;
    let num = |i: usize| -> u32 { caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0) };
    let nanos = caps.get(7).map_or(0, |m| {
        let digits = m.as_str();
        // Right-pad to nine digits so ".5" means 500 ms.
        let padded = format!("{digits:0<9}");
        padded.parse::<u32>().unwrap_or(0)
    });
    let year = i32::try_from(num(1)).map_err(|_| invalid(trimmed, EXPECTED_INSTANT))?;
    let wall = NaiveDate::from_ymd_opt(year, num(2), num(3))
        .and_then(|d| NaiveTime::from_hms_nano_opt(num(4), num(5), num(6), nanos).map(|t| d.and_time(t)))
        .ok_or_else(|| invalid(trimmed, EXPECTED_REAL_INSTANT))?;

    let Some(offset_text) = caps.get(8).map(|m| m.as_str()) else {
        return resolve_local(wall, zone);
    };
    let offset = parse_offset(offset_text).ok_or_else(|| invalid(trimmed, EXPECTED_OFFSET))?;
    offset
        .from_local_datetime(&wall)
        .single()
        .map(|dt| dt.with_timezone(&Utc))
        .ok_or_else(|| invalid(trimmed, EXPECTED_REAL_INSTANT))
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4)?.parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Wall clock -> UTC in a zone. A wall time in a gap or fold is an error carrying both
/// readings: guessing would silently shift a timeline by an hour.
pub fn resolve_local(wall: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    let out_of_range = || invalid(&wall_text(&wall), EXPECTED_REAL_INSTANT);
    match zone.offset_from_local_datetime(&wall) {
        LocalResult::Single(_) => {
            zone.from_local_datetime(&wall).single().map(|dt| dt.with_timezone(&Utc)).ok_or_else(out_of_range)
        }
        LocalResult::Ambiguous(_, _) => match zone.from_local_datetime(&wall) {
            LocalResult::Ambiguous(a, b) => {
                let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
                Err(TimeError::Fold {
                    wall,
                    zone: zone.name().to_string(),
                    earlier: earlier.fixed_offset(),
                    later: later.fixed_offset(),
                })
            }
            _ => Err(out_of_range()),
        },
        LocalResult::None => {
            let (before, after) = gap_offsets(wall, zone).ok_or_else(out_of_range)?;
            let before_dt = before.from_local_datetime(&wall).single();
            let after_dt = after.from_local_datetime(&wall).single();
            match (before_dt, after_dt) {
                (Some(before), Some(after)) => {
                    Err(TimeError::Gap { wall, zone: zone.name().to_string(), before, after })
                }
                _ => Err(out_of_range()),
            }
        }
    }
}

/// The offsets in force just before and just after the gap that swallows `wall`.
fn gap_offsets(wall: NaiveDateTime, zone: Tz) -> Option<(FixedOffset, FixedOffset)> {
    // Step back to the last wall time that exists; its offset is the one before the change.
    let before = (1..=GAP_SEARCH_MINUTES).find_map(|k| {
        let probe = wall.checked_sub_signed(TimeDelta::try_minutes(k)?)?;
        match zone.offset_from_local_datetime(&probe) {
            LocalResult::Single(o) => Some(o.fix()),
            LocalResult::Ambiguous(_, later) => Some(later.fix()),
            LocalResult::None => None,
        }
    })?;
    // Read with the old offset, the wall time lands after the change, so the zone there tells
    // us the new offset.
    let instant = wall.checked_sub_offset(before)?;
    let after = zone.offset_from_utc_datetime(&instant).fix();
    (after != before).then_some((before, after))
}

/// Reads a calendar date, `YYYY-MM-DD` only.
pub fn parse_date(input: &str) -> Result<NaiveDate, TimeError> {
    let trimmed = input.trim();
    let caps = DATE_RE.captures(trimmed).ok_or_else(|| invalid(trimmed, EXPECTED_DATE))?;
    let num = |i: usize| -> Option<u32> { caps.get(i)?.as_str().parse().ok() };
    let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) else {
        return Err(invalid(trimmed, EXPECTED_DATE));
    };
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| invalid(trimmed, EXPECTED_REAL_DATE))
}

/// First instant of `date` in `zone`: local midnight, or when midnight falls in a gap, the
/// moment the clocks jump (the first wall time that exists that day). Report periods must tile
/// without holes, so this never errors; a fold at midnight yields the earlier midnight.
pub fn start_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    // Only reachable at the ends of chrono's calendar; treat the wall time as UTC there.
    let fallback = midnight.and_utc();
    match zone.from_local_datetime(&midnight) {
        LocalResult::Single(dt) => dt.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => gap_start(midnight, zone).unwrap_or(fallback),
    }
}

/// The instant at which the gap containing `wall` begins.
fn gap_start(wall: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    let (before, after) = gap_offsets(wall, zone)?;
    // The change happens after `wall` read with the new offset and no later than with the old.
    let mut lo = wall.checked_sub_offset(after)?.and_utc().timestamp();
    let mut hi = wall.checked_sub_offset(before)?.and_utc().timestamp();
    let old = zone.offset_from_utc_datetime(&DateTime::from_timestamp(lo, 0)?.naive_utc()).fix();
    // Invariant: offset at `lo` is the old one, offset at `hi` is not.
    while hi.checked_sub(lo)? > 1 {
        let mid = lo + (hi - lo) / 2;
        let at_mid = DateTime::from_timestamp(mid, 0)?;
        if zone.offset_from_utc_datetime(&at_mid.naive_utc()).fix() == old {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    DateTime::from_timestamp(hi, 0)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(date: NaiveDate) -> &'static str {
    MONTHS.get(date.month0() as usize).copied().unwrap_or("")
}

/// "July 3–4, 2026", "June 30 – July 2, 2026", "December 31, 2026 – January 1, 2027" or
/// "July 4, 2026". The dates are taken in order whichever way round they are passed.
pub fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    let (a, b) = if first <= last { (first, last) } else { (last, first) };
    let full = |d: NaiveDate| format!("{} {}, {}", month_name(d), d.day(), d.year());
    if a == b {
        full(a)
    } else if a.year() != b.year() {
        format!("{} – {}", full(a), full(b))
    } else if a.month() != b.month() {
        format!("{} {} – {} {}, {}", month_name(a), a.day(), month_name(b), b.day(), b.year())
    } else {
        format!("{} {}–{}, {}", month_name(a), a.day(), b.day(), a.year())
    }
}

// ---------------------------------------------------------------------------------------------
// Durations

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

    fn seconds(self) -> i64 {
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
    Regex::new(r"^(\d{1,12})\s*([a-z]+)(?:\s*,\s*|\s+and\s+|\s*)")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

static ISO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^p(?:(\d{1,12})d)?(?:t(?:(\d{1,12})h)?(?:(\d{1,12})m)?(?:(\d{1,12})s)?)?$")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Reads a duration written by a person ("15m", "7h 10m", "1 hour 30 minutes", "PT7H10M") into
/// whole seconds, which must be positive and at most ten years.
pub fn parse_duration(input: &str) -> Result<i64, TimeError> {
    let trimmed = input.trim();
    let bad = || invalid(trimmed, EXPECTED_DURATION);
    let lower = trimmed.to_ascii_lowercase();
    let total =
        if lower.starts_with('p') { parse_iso_duration(&lower) } else { parse_human_duration(&lower) }
            .ok_or_else(bad)?;
    if total <= 0 || total > MAX_DURATION_SECS {
        return Err(bad());
    }
    Ok(total)
}

fn parse_iso_duration(text: &str) -> Option<i64> {
    let caps = ISO_RE.captures(text)?;
    // "P" and "PT" alone match the pattern but say nothing.
    if (1..=4).all(|i| caps.get(i).is_none()) || text.ends_with('t') {
        return None;
    }
    [Unit::Day, Unit::Hour, Unit::Minute, Unit::Second].iter().enumerate().try_fold(0i64, |acc, (i, unit)| {
        match caps.get(i + 1) {
            Some(m) => m.as_str().parse::<i64>().ok()?.checked_mul(unit.seconds())?.checked_add(acc),
            None => Some(acc),
        }
    })
}

fn parse_human_duration(text: &str) -> Option<i64> {
    let mut rest = text;
    let mut total: i64 = 0;
    let mut last_unit: Option<Unit> = None;
    while !rest.is_empty() {
        let caps = HUMAN_PART_RE.captures(rest)?;
        let value: i64 = caps.get(1)?.as_str().parse().ok()?;
        let unit = Unit::from_word(caps.get(2)?.as_str())?;
        // Largest unit first, each once: "30m 1h" or "1h 1h" is more likely a typo than intent.
        if last_unit.is_some_and(|prev| unit >= prev) {
            return None;
        }
        last_unit = Some(unit);
        total = value.checked_mul(unit.seconds())?.checked_add(total)?;
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

fn plural(n: u64, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::{Los_Angeles, New_York, Santiago};
    use chrono_tz::Asia::Beirut;
    use chrono_tz::Australia::Sydney;
    use chrono_tz::Europe::London;

    fn utc(s: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(s) {
            Ok(dt) => dt.with_timezone(&Utc),
            Err(e) => panic!("bad test timestamp {s}: {e}"),
        }
    }

    fn wall(s: &str) -> NaiveDateTime {
        match NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
            Ok(w) => w,
            Err(e) => panic!("bad test wall time {s}: {e}"),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad test date"))
    }

    #[test]
    fn accepts_all_instant_forms() {
        let z = New_York;
        let expect = utc("2026-07-04T18:55:00Z");
        for s in [
            "2026-07-04 14:55",
            "2026-07-04 14:55:00",
            "2026-07-04T14:55",
            "2026-07-04T14:55:00",
            "  2026-07-04 14:55:00.000  ",
            "2026-07-04T18:55:00Z",
            "2026-07-04t18:55:00z",
            "2026-07-04 20:55:00+02:00",
            "2026-07-04T13:55:00-05:00",
            "2026-07-04T13:55:00-0500",
            "2026-07-04 20:55+02:00",
        ] {
            assert_eq!(parse_instant(s, z), Ok(expect), "{s}");
        }
        assert_eq!(parse_instant("2026-07-04T14:55:00.123-05:00", z), Ok(utc("2026-07-04T19:55:00.123Z")));
        assert_eq!(parse_instant("2026-07-04 14:55:00.5", Tz::UTC), Ok(utc("2026-07-04T14:55:00.5Z")));
    }

    #[test]
    fn rejects_bad_instants() {
        for s in [
            "",
            "2026-07-04",
            "yesterday",
            "2026-7-4 14:55",
            "2026-07-04 14",
            "2026-07-04 14:55:00+25:00",
            "2026-07-04 14:55:00+02:60",
        ] {
            assert!(matches!(parse_instant(s, Tz::UTC), Err(TimeError::Invalid { .. })), "{s}");
        }
        for s in [
            "2026-02-30 10:00",
            "2026-07-04 24:00",
            "2026-13-01 10:00",
            "2026-07-04 12:60",
            "2026-07-04 12:00:60",
            "2026-02-30T10:00:00Z",
        ] {
            assert_eq!(
                parse_instant(s, Tz::UTC),
                Err(TimeError::Invalid { input: s.to_string(), expected: EXPECTED_REAL_INSTANT }),
                "{s}"
            );
        }
        let e = parse_instant("tomorrow\nnoon", Tz::UTC).err();
        assert!(e.is_some_and(|e| !e.to_string().contains('\n')));
    }

    #[test]
    fn parses_dates() {
        assert_eq!(parse_date(" 2026-07-04 "), Ok(date(2026, 7, 4)));
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-07-04 10:00").is_err());
        assert!(parse_date("2026-07-04T10:00:00Z").is_err());
        assert!(parse_date("July 4").is_err());
    }

    #[test]
    fn zones() {
        assert_eq!(parse_zone("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(parse_zone(" UTC "), Ok(Tz::UTC));
        let e = parse_zone("europe/berlin").err();
        assert_eq!(
            e,
            Some(TimeError::UnknownZone {
                name: "europe/berlin".into(),
                suggestion: Some("Europe/Berlin".into())
            })
        );
        let e = parse_zone("Europe/Berln");
        assert!(
            matches!(&e, Err(TimeError::UnknownZone { suggestion: Some(s), .. }) if s == "Europe/Berlin")
        );
        if let Err(e) = e {
            assert_eq!(e.to_string(), "unknown time zone `Europe/Berln`");
            assert_eq!(e.help(), "did you mean `Europe/Berlin`?");
        }
        let e = parse_zone("new york");
        assert!(
            matches!(&e, Err(TimeError::UnknownZone { suggestion: Some(s), .. }) if s == "America/New_York")
        );
        let e = parse_zone("qqqqqqqqqqqq");
        assert!(matches!(&e, Err(TimeError::UnknownZone { suggestion: None, .. })));
        if let Err(e) = e {
            assert_eq!(e.help(), "use an IANA zone name such as `Europe/Berlin`");
        }
    }

    fn check_gap(w: &str, zone: Tz, before: &str, after: &str) -> TimeError {
        let err = resolve_local(wall(w), zone);
        let Err(e @ TimeError::Gap { before: b, after: a, .. }) = &err else {
            panic!("expected gap for {w} in {zone}: {err:?}");
        };
        assert_eq!(rfc3339(b), before);
        assert_eq!(rfc3339(a), after);
        // The same wall clock through parse_instant gives the same error.
        assert_eq!(parse_instant(w, zone).as_ref().err(), Some(e));
        e.clone()
    }

    fn check_fold(w: &str, zone: Tz, earlier: &str, later: &str) -> TimeError {
        let err = resolve_local(wall(w), zone);
        let Err(e @ TimeError::Fold { earlier: x, later: y, .. }) = &err else {
            panic!("expected fold for {w} in {zone}: {err:?}");
        };
        assert_eq!(rfc3339(x), earlier);
        assert_eq!(rfc3339(y), later);
        assert_eq!(parse_instant(w, zone).as_ref().err(), Some(e));
        e.clone()
    }

    #[test]
    fn gaps_and_folds() {
        let e = check_gap(
            "2026-03-08 02:30",
            Los_Angeles,
            "2026-03-08T02:30:00-08:00",
            "2026-03-08T02:30:00-07:00",
        );
        assert_eq!(
            e.to_string(),
            "`2026-03-08 02:30` does not exist in America/Los_Angeles (the clocks jump forward); \
             it reads as 2026-03-08T02:30:00-08:00 (= 10:30 UTC) or 2026-03-08T02:30:00-07:00 (= 09:30 UTC)"
        );
        assert_eq!(
            e.help(),
            "write the instant with an explicit offset, e.g. `2026-03-08T02:30:00-08:00` or `2026-03-08T02:30:00-07:00`"
        );
        let e = check_fold(
            "2026-11-01 01:30",
            Los_Angeles,
            "2026-11-01T01:30:00-07:00",
            "2026-11-01T01:30:00-08:00",
        );
        assert!(e.help().contains("`2026-11-01T01:30:00-07:00` for the first occurrence"));
        let e = check_fold(
            "2026-11-01 01:30",
            New_York,
            "2026-11-01T01:30:00-04:00",
            "2026-11-01T01:30:00-05:00",
        );
        assert_eq!(
            e.to_string(),
            "`2026-11-01 01:30` happens twice in America/New_York (the clocks go back): \
             2026-11-01T01:30:00-04:00 (05:30 UTC) or 2026-11-01T01:30:00-05:00 (06:30 UTC)"
        );
        check_gap("2026-03-29 01:30", London, "2026-03-29T01:30:00+00:00", "2026-03-29T01:30:00+01:00");
        check_fold("2026-10-25 01:30", London, "2026-10-25T01:30:00+01:00", "2026-10-25T01:30:00+00:00");
        let e =
            check_gap("2026-10-04 02:30", Sydney, "2026-10-04T02:30:00+10:00", "2026-10-04T02:30:00+11:00");
        assert!(e.to_string().contains("(= 2026-10-03 16:30 UTC)"));
        check_fold("2026-04-05 02:30", Sydney, "2026-04-05T02:30:00+11:00", "2026-04-05T02:30:00+10:00");
        // Gap edges: the last minute before and the first minute after resolve.
        assert_eq!(resolve_local(wall("2026-03-08 01:59"), Los_Angeles), Ok(utc("2026-03-08T09:59:00Z")));
        assert_eq!(resolve_local(wall("2026-03-08 03:00"), Los_Angeles), Ok(utc("2026-03-08T10:00:00Z")));
    }

    #[test]
    fn window_across_fall_back_is_three_hours() {
        let a = parse_instant("2026-11-01T00:30:00-04:00", New_York);
        let b = parse_instant("2026-11-01T02:30:00-05:00", New_York);
        let (Ok(a), Ok(b)) = (a, b) else { panic!("parse failed") };
        assert_eq!((b - a).num_seconds(), 10_800);
        let c = parse_instant("2026-11-01 00:30", New_York);
        let d = parse_instant("2026-11-01 02:30", New_York);
        assert_eq!(c, Ok(a));
        assert_eq!(d, Ok(b));
    }

    #[test]
    fn start_of_day_handles_dst_and_gaps() {
        let a = start_of_day(date(2026, 10, 1), New_York);
        let b = start_of_day(date(2027, 1, 1), New_York);
        assert_eq!(a, utc("2026-10-01T04:00:00Z"));
        assert_eq!((b - a).num_seconds(), 92 * 86_400 + 3_600);
        // Chile springs forward at midnight: the day starts at 01:00 -03.
        let s = start_of_day(date(2026, 9, 6), Santiago);
        assert_eq!(s, utc("2026-09-06T04:00:00Z"));
        assert_eq!(format_in_zone(s, Santiago, "%H:%M"), "01:00");
        let s = start_of_day(date(2026, 3, 29), Beirut);
        assert_eq!(format_in_zone(s, Beirut, "%Y-%m-%d %H:%M"), "2026-03-29 01:00");
        assert_eq!(s, utc("2026-03-28T22:00:00Z"));
        // Samoa skipped 2011-12-30 entirely; still no panic and no hole.
        let samoa = chrono_tz::Pacific::Apia;
        assert_eq!(start_of_day(date(2011, 12, 30), samoa), start_of_day(date(2011, 12, 31), samoa));
        // Extremes of chrono's calendar must not panic.
        let _ = start_of_day(NaiveDate::MIN, Sydney);
        let _ = start_of_day(NaiveDate::MAX, Los_Angeles);
        let _ = resolve_local(NaiveDateTime::MIN, Sydney);
        let _ = resolve_local(NaiveDateTime::MAX, Los_Angeles);
    }

    #[test]
    fn parses_durations() {
        for (s, secs) in [
            ("15m", 900),
            ("7h 10m", 25_800),
            ("7h10m", 25_800),
            ("1h 30m 15s", 5_415),
            ("90s", 90),
            ("2d", 172_800),
            ("1d 2h", 93_600),
            ("45 min", 2_700),
            ("2 hours", 7_200),
            ("1 hour 30 minutes", 5_400),
            ("1 hour, 30 minutes", 5_400),
            ("1 hour and 30 minutes", 5_400),
            ("  1H 5M ", 3_900),
            ("PT15M", 900),
            ("PT7H10M", 25_800),
            ("pt90s", 90),
            ("P1DT2H", 93_600),
            ("P2D", 172_800),
            ("1w", 604_800),
        ] {
            assert_eq!(parse_duration(s), Ok(secs), "{s}");
        }
        for s in [
            "",
            "0m",
            "15",
            "m",
            "15 parsecs",
            "1h 1h",
            "30m 1h",
            "-5m",
            "1.5h",
            "P",
            "PT",
            "P1DT",
            "PT15",
            "3654d",
            "999999999999d",
            "99999999999999999999999s",
        ] {
            assert_eq!(
                parse_duration(s),
                Err(TimeError::Invalid { input: s.trim().to_string(), expected: EXPECTED_DURATION }),
                "{s}"
            );
        }
        assert_eq!(parse_duration("3653d"), Ok(MAX_DURATION_SECS));
    }

    #[test]
    fn formats_durations() {
        assert_eq!(format_duration(25_800), "7h 10m");
        assert_eq!(format_duration(900), "15m");
        assert_eq!(format_duration(45), "45s");
        assert_eq!(format_duration(90), "1m 30s");
        assert_eq!(format_duration(90_061), "1d 1h 1m");
        assert_eq!(format_duration(3_725), "1h 2m");
        assert_eq!(format_duration(86_400), "1d");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(-300), "-5m");
        assert!(format_duration(i64::MIN).starts_with('-'));
        assert!(!format_duration(i64::MAX).is_empty());

        assert_eq!(format_duration_words(25_800), "7 hours 10 minutes");
        assert_eq!(format_duration_words(900), "15 minutes");
        assert_eq!(format_duration_words(3_600), "1 hour");
        assert_eq!(format_duration_words(90_061), "1 day 1 hour 1 minute 1 second");
        assert_eq!(format_duration_words(0), "0 seconds");
        assert_eq!(format_duration_words(-60), "minus 1 minute");
        let _ = format_duration_words(i64::MIN);

        // Round trip through the parser.
        for secs in [45, 900, 25_800, 93_600, 90_060] {
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
        }
    }

    #[test]
    fn approximates_durations() {
        assert_eq!(approx_duration(25_800), "approximately 7 hours");
        assert_eq!(approx_duration(900), "approximately 15 minutes");
        assert_eq!(approx_duration(45), "approximately 45 seconds");
        assert_eq!(approx_duration(1), "approximately 1 second");
        assert_eq!(approx_duration(89), "approximately 1 minute");
        assert_eq!(approx_duration(90), "approximately 2 minutes");
        assert_eq!(approx_duration(7 * 60 + 20), "approximately 7 minutes");
        assert_eq!(approx_duration(23 * 60), "approximately 25 minutes");
        assert_eq!(approx_duration(22 * 60), "approximately 20 minutes");
        assert_eq!(approx_duration(3_590), "approximately 1 hour");
        assert_eq!(approx_duration(3_600), "approximately 1 hour");
        assert_eq!(approx_duration(5_400), "approximately 1.5 hours");
        assert_eq!(approx_duration(2 * 3_600 + 50 * 60), "approximately 3 hours");
        assert_eq!(approx_duration(47 * 3_600 + 40 * 60), "approximately 2 days");
        assert_eq!(approx_duration(3 * 86_400 + 13 * 3_600), "approximately 4 days");
        assert_eq!(approx_duration(-900), "approximately minus 15 minutes");
        let _ = approx_duration(i64::MIN);
        let _ = approx_duration(i64::MAX);
    }

    #[test]
    fn abbreviations_and_formatting() {
        let t = utc("2026-07-04T14:50:00Z");
        assert_eq!(zone_abbreviation(t, New_York), "EDT");
        assert_eq!(zone_abbreviation(t, Tz::UTC), "UTC");
        assert_eq!(zone_abbreviation(t, Sydney), "AEST");
        assert_eq!(zone_abbreviation(utc("2026-01-04T14:50:00Z"), chrono_tz::Europe::Berlin), "CET");
        assert_eq!(zone_abbreviation(t, chrono_tz::Asia::Kolkata), "IST");
        assert_eq!(zone_abbreviation(t, chrono_tz::America::Sao_Paulo), "UTC-03:00");
        assert_eq!(zone_abbreviation(t, chrono_tz::Asia::Kathmandu), "UTC+05:45");
        assert_eq!(format_in_zone(t, New_York, "%b %-d, %Y at %-I:%M%P %Z"), "Jul 4, 2026 at 10:50am EDT");
        assert_eq!(format_in_zone(t, chrono_tz::America::Sao_Paulo, "%H:%M %Z %%Z"), "11:50 UTC-03:00 %Z");
        // A bad specifier must not panic.
        assert!(!format_in_zone(t, New_York, "%Q %").is_empty());
    }

    #[test]
    fn date_ranges() {
        assert_eq!(date_range(date(2026, 7, 3), date(2026, 7, 4)), "July 3–4, 2026");
        assert_eq!(date_range(date(2026, 7, 4), date(2026, 7, 4)), "July 4, 2026");
        assert_eq!(date_range(date(2026, 6, 30), date(2026, 7, 2)), "June 30 – July 2, 2026");
        assert_eq!(date_range(date(2026, 12, 31), date(2027, 1, 1)), "December 31, 2026 – January 1, 2027");
        assert_eq!(date_range(date(2026, 7, 4), date(2026, 7, 3)), "July 3–4, 2026");
    }
}
