//! Clock times read from text turned into instants, and instants written back as file timestamps.

use super::infer::Context;
use super::zones::zone_of_abbreviation;
use crate::prose::StatedClock;
use crate::time;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
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
    let (zone, offset) = match clock.zone.as_deref().and_then(zone_of_abbreviation) {
        Some(found) => found,
        None => (
            context.zone,
            context.zone_abbreviation.as_deref().and_then(zone_of_abbreviation).and_then(|z| z.1),
        ),
    };
    let instant = match offset {
        Some(seconds) => {
            FixedOffset::east_opt(seconds)?.from_local_datetime(&wall).single()?.with_timezone(&Utc)
        }
        None => time::resolve_local(wall, zone).ok()?,
    };
    Some(ReadTime { instant, date, date_written })
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
