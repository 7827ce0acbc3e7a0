//! Clock times read from text turned into instants, and instants written back as file timestamps.

use super::infer::Context;
use crate::prose::StatedClock;
use crate::time;
use crate::time::{zone_of_written_abbreviation, zone_written};
use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A time read from text, in UTC, and how its date was found.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReadTime {
    pub(super) instant: DateTime<Utc>,
    pub(super) date: NaiveDate,
    pub(super) date_written: bool,
}

/// Read a clock with its date (written, else `fallback`) in its zone (written, else the
/// context's).
pub(super) fn read_clock(
    clock: &StatedClock,
    year: Option<i32>,
    fallback: Option<NaiveDate>,
    context: &Context,
) -> Option<ReadTime> {
    let (date, date_written) = match clock.date {
        Some((month, day)) => (NaiveDate::from_ymd_opt(year.unwrap_or(context.year), month, day)?, true),
        None => (fallback?, false),
    };
    let wall = date.and_time(NaiveTime::from_hms_opt(clock.hour, clock.minute, 0)?);
    let written = clock.zone.as_deref().and_then(|z| Some((z, zone_written(z)?)));
    let instant = match written {
        Some((name, (zone, offset))) => resolve_written(wall, name, zone, offset, context)?,
        None => resolve_written(
            wall,
            context.zone_abbreviation.as_deref().unwrap_or(""),
            context.zone,
            context.zone_abbreviation.as_deref().and_then(zone_of_written_abbreviation).and_then(|z| z.1),
            context,
        )?,
    };
    // The loader's rule for instants: one it would refuse is left out, with a warning.
    if let Err(e) = time::check_representable(instant) {
        context.warn(format!("{e}; left out of the imported incident"));
        return None;
    }
    Some(ReadTime { instant, date, date_written })
}

/// A wall time in `zone`, written with the abbreviation `name` that may fix an offset. The
/// zone's own rules win: an abbreviation that contradicts the date (PST on a July day) is read
/// in the real zone with a warning naming both; in a fall-back fold the abbreviation chooses.
fn resolve_written(
    wall: NaiveDateTime,
    name: &str,
    zone: Tz,
    offset: Option<i32>,
    context: &Context,
) -> Option<DateTime<Utc>> {
    let fixed = |seconds: i32| {
        FixedOffset::east_opt(seconds)?.from_local_datetime(&wall).single().map(|t| t.with_timezone(&Utc))
    };
    let Some(offset) = offset else {
        return time::resolve_local(wall, zone).ok();
    };
    let readings: Vec<DateTime<Utc>> = match zone.from_local_datetime(&wall) {
        LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        LocalResult::None => Vec::new(),
    };
    let wanted = fixed(offset)?;
    if readings.is_empty() || readings.contains(&wanted) {
        return Some(wanted);
    }
    let real = readings.first().copied()?;
    let real_name = time::zone_abbreviation(real, zone);
    context.warn(format!(
        "{} {name} contradicts the date: {} was on {real_name} then; read as {} {real_name}",
        wall.format("%Y-%m-%d %H:%M"),
        zone.name(),
        wall.format("%H:%M"),
    ));
    Some(real)
}

/// The timestamp text for the file: wall clock in the file's zone when that reads back to the
/// same instant, else RFC 3339 in UTC.
pub(super) fn timestamp_text(instant: DateTime<Utc>, zone: Tz) -> String {
    let wall = instant.with_timezone(&zone).naive_local();
    let text = wall.format("%Y-%m-%d %H:%M").to_string();
    if time::parse_instant(&text, zone).is_ok_and(|back| back == instant) {
        text
    } else {
        instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}
