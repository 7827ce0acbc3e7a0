//! Instants and dates as written: wall clock in a zone or RFC 3339 with an offset, read into
//! UTC; DST gaps and folds are errors carrying both readings.

use std::sync::LazyLock;

use std::ops::RangeInclusive;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat,
    TimeDelta, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;
use regex::Regex;

use super::{
    EXPECTED_DATE, EXPECTED_INSTANT, EXPECTED_OFFSET, EXPECTED_REAL_DATE, EXPECTED_REAL_INSTANT, TimeError,
    invalid, wall_text,
};

/// Longest stretch we search for the edge of a gap; the longest real one (Samoa skipping
/// 2011-12-30) is a day, so two days is ample.
const GAP_SEARCH_MINUTES: i64 = 2 * 24 * 60;

static INSTANT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    )
    .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})$").unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// The years an incident file holds, counted in UTC: RFC 3339 writes four-digit years, and
/// everything downstream (reports, Statuspage JSON, feeds) writes instants in RFC 3339.
pub const YEARS: RangeInclusive<i32> = 1..=9999;

/// Whether an incident file can hold `at`: the one rule the loader applies to every instant it
/// reads and every importer applies before it writes one, so that no importer writes a file
/// that `check` refuses. Refused: years outside [`YEARS`] (in UTC) and leap seconds.
pub fn check_representable(at: DateTime<Utc>) -> Result<(), TimeError> {
    if at.nanosecond() >= 1_000_000_000 {
        return Err(TimeError::LeapSecond { input: at.to_rfc3339_opts(SecondsFormat::AutoSi, true) });
    }
    if !YEARS.contains(&at.year()) {
        return Err(TimeError::OutOfRange { input: at.to_rfc3339_opts(SecondsFormat::AutoSi, true) });
    }
    Ok(())
}

/// `at` as RFC 3339 in `zone` when that text reads back to `at`, else in UTC (near the ends of
/// [`YEARS`] the local date can fall outside them while the instant does not).
pub fn rfc3339_in_zone(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, false);
    if parse_instant(&local, zone).is_ok_and(|back| back == at) {
        local
    } else {
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// A timestamp as read: the instant, and the offset when the text carried one (`Z`,
/// `+02:00`). Without one the wall clock was read in the zone given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub utc: DateTime<Utc>,
    pub offset: Option<FixedOffset>,
}

/// Reads a timestamp: a wall clock `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`) in `zone`, or
/// RFC 3339 / ISO 8601 with `Z` or an offset. A date alone is rejected: an incident time
/// without a time of day is a mistake, not midnight.
pub fn parse_instant(input: &str, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    read_instant(input, zone).map(|reading| reading.utc)
}

/// [`parse_instant`], keeping whether the text named its own offset.
pub fn read_instant(input: &str, zone: Tz) -> Result<Reading, TimeError> {
    let reading = read_any_instant(input, zone)?;
    check_representable(reading.utc).map_err(|e| match e {
        TimeError::OutOfRange { .. } => TimeError::OutOfRange { input: input.trim().to_string() },
        other => other,
    })?;
    Ok(reading)
}

fn read_any_instant(input: &str, zone: Tz) -> Result<Reading, TimeError> {
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
        return resolve_local(wall, zone).map(|utc| Reading { utc, offset: None });
    };
    let offset = parse_offset(offset_text).ok_or_else(|| invalid(trimmed, EXPECTED_OFFSET))?;
    offset
        .from_local_datetime(&wall)
        .single()
        .map(|dt| Reading { utc: dt.with_timezone(&Utc), offset: Some(offset) })
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
