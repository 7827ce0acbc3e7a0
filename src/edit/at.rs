//! Reading the time a scribe command is about (`--at`, `--start`, `--end`, `--since`) and
//! writing an instant back as the file's wall clock.
//!
//! Accepted: `now`; `14:55` or `14:55:30` (today in the file's zone); `-5m`, `-1h 30m`
//! (before now); `2026-07-04 14:55` (wall clock in the file's zone); RFC 3339 with an offset.
//! A wall clock in a DST gap or fold is refused with both readings shown, as in the file.

use chrono::{DateTime, NaiveTime, Offset, SecondsFormat, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::time::{self, TimeError};

const EXPECTED_AT: &str = "`now`, a clock time such as `14:55` (today), a duration before now such as \
     `-5m`, `YYYY-MM-DD HH:MM` or RFC 3339 such as `2026-07-04T14:55:00Z`";

/// The instant `input` names, `now` being the current instant and `zone` the file's zone.
pub fn parse_at(input: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    let text = input.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Some(ago) = text.strip_prefix('-') {
        let seconds = time::parse_duration(ago)
            .map_err(|_| TimeError::Invalid { input: text.to_string(), expected: EXPECTED_AT })?;
        return now
            .checked_sub_signed(chrono::TimeDelta::seconds(seconds))
            .ok_or_else(|| TimeError::Invalid { input: text.to_string(), expected: EXPECTED_AT });
    }
    if let Some(clock) = clock_time(text) {
        let today = now.with_timezone(&zone).date_naive();
        return time::resolve_local(today.and_time(clock), zone);
    }
    time::parse_instant(text, zone).map_err(|e| match e {
        TimeError::Invalid { .. } => TimeError::Invalid { input: text.to_string(), expected: EXPECTED_AT },
        other => other,
    })
}

/// `HH:MM` or `HH:MM:SS`.
fn clock_time(text: &str) -> Option<NaiveTime> {
    let well_formed = matches!(text.len(), 5 | 8) && text.chars().all(|c| c.is_ascii_digit() || c == ':');
    if !well_formed {
        return None;
    }
    NaiveTime::parse_from_str(text, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(text, "%H:%M")).ok()
}

/// `instant` as the file stores it: `YYYY-MM-DD HH:MM[:SS]` wall clock in `zone`, with the
/// UTC offset appended when that wall clock happens twice (a DST fold), so that it reads back
/// as this instant and no other. Sub-second parts are dropped. Where the local date falls
/// outside the years a file holds (9999-12-31 in UTC is already 10000 east of it), RFC 3339
/// in UTC.
pub fn wall_clock(instant: DateTime<Utc>, zone: Tz) -> String {
    let instant = instant.with_nanosecond(0).unwrap_or(instant);
    let text = local_wall_clock(instant, zone);
    if time::parse_instant(&text, zone).is_ok_and(|back| back == instant) {
        text
    } else {
        instant.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

fn local_wall_clock(instant: DateTime<Utc>, zone: Tz) -> String {
    let local = instant.with_timezone(&zone);
    let wall = local.naive_local();
    let seconds = chrono::Timelike::second(&wall);
    let mut text = if seconds == 0 {
        wall.format("%Y-%m-%d %H:%M").to_string()
    } else {
        wall.format("%Y-%m-%d %H:%M:%S").to_string()
    };
    if zone.from_local_datetime(&wall).single().is_none() {
        let offset = local.offset().fix();
        let fixed = instant.with_timezone(&offset).to_rfc3339_opts(SecondsFormat::Secs, false);
        text.push_str(fixed.get(fixed.len() - 6..).unwrap_or("+00:00"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|d| d.with_timezone(&Utc)).expect("valid instant")
    }

    #[test]
    fn every_form_reads_relative_to_now_in_the_zone() {
        let now = utc("2026-07-04T21:10:30Z");
        let berlin = time::parse_zone("Europe/Berlin").expect("zone");
        assert_eq!(parse_at("now", now, berlin), Ok(now));
        assert_eq!(parse_at("-5m", now, berlin), Ok(utc("2026-07-04T21:05:30Z")));
        assert_eq!(parse_at("-1h 30m", now, berlin), Ok(utc("2026-07-04T19:40:30Z")));
        // 23:10 in Berlin: "today" is July 4 there.
        assert_eq!(parse_at("14:55", now, berlin), Ok(utc("2026-07-04T12:55:00Z")));
        assert_eq!(parse_at("14:55:09", now, berlin), Ok(utc("2026-07-04T12:55:09Z")));
        assert_eq!(parse_at("2026-07-04 14:55", now, berlin), Ok(utc("2026-07-04T12:55:00Z")));
        assert_eq!(parse_at("2026-07-04T14:55:00Z", now, berlin), Ok(utc("2026-07-04T14:55:00Z")));
        // Late in the evening in Los Angeles it is already tomorrow in UTC.
        let la = time::parse_zone("America/Los_Angeles").expect("zone");
        assert_eq!(parse_at("09:00", utc("2026-07-05T03:00:00Z"), la), Ok(utc("2026-07-04T16:00:00Z")));
        for bad in ["", "soon", "25:00", "-5 parsecs", "14:5", "2026-07-04"] {
            assert!(matches!(parse_at(bad, now, berlin), Err(TimeError::Invalid { .. })), "{bad}");
        }
    }

    #[test]
    fn gaps_and_folds_are_refused_not_guessed() {
        let ny = time::parse_zone("America/New_York").expect("zone");
        let now = utc("2026-11-01T12:00:00Z");
        assert!(matches!(parse_at("01:30", now, ny), Err(TimeError::Fold { .. })));
        assert!(matches!(parse_at("2026-03-08 02:30", now, ny), Err(TimeError::Gap { .. })));
    }

    #[test]
    fn an_ambiguous_wall_clock_is_written_with_its_offset() {
        let ny = time::parse_zone("America/New_York").expect("zone");
        let first = utc("2026-11-01T05:30:00Z");
        let second = utc("2026-11-01T06:30:00Z");
        assert_eq!(wall_clock(first, ny), "2026-11-01 01:30-04:00");
        assert_eq!(wall_clock(second, ny), "2026-11-01 01:30-05:00");
        assert_eq!(wall_clock(utc("2026-11-01T07:30:15Z"), ny), "2026-11-01 02:30:15");
        for instant in [first, second] {
            assert_eq!(time::parse_instant(&wall_clock(instant, ny), ny), Ok(instant));
        }
        assert_eq!(wall_clock(utc("2026-07-04T14:55:00Z"), Tz::UTC), "2026-07-04 14:55");
    }

    #[test]
    fn a_local_date_past_9999_is_written_in_utc() {
        let kiritimati = time::parse_zone("Pacific/Kiritimati").expect("zone");
        let late = utc("9999-12-31T12:00:00Z");
        assert_eq!(wall_clock(late, kiritimati), "9999-12-31T12:00:00Z");
        assert_eq!(time::parse_instant(&wall_clock(late, kiritimati), kiritimati), Ok(late));
    }
}
