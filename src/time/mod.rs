//! Timestamps, zones, DST, durations and their human forms; all instants are UTC.
//!
//! Zones only appear at the edges: input is resolved to `DateTime<Utc>` as soon as it is read,
//! and output is converted back only when rendering. A wall-clock time that falls into a DST gap
//! or fold is an error that shows both readings; post-mortem timelines must never be off by an
//! hour because we guessed.

mod abbreviation;
mod display;
mod duration;
mod instant;
mod zone;

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Timelike};

pub use abbreviation::{offset_zone, zone_of_name, zone_of_written_abbreviation, zone_written};
pub use display::{date_range, format_in_zone};
pub use duration::{approx_duration, format_duration, format_duration_words, parse_duration};
pub use instant::{
    Reading, YEARS, check_representable, parse_date, parse_instant, read_instant, resolve_local,
    rfc3339_in_zone, start_of_day,
};
pub use zone::{ABBREVIATIONS, is_abbreviation, parse_zone, zone_abbreviation, zone_of_abbreviation};

pub(crate) const EXPECTED_INSTANT: &str =
    "`YYYY-MM-DD HH:MM[:SS]` or RFC 3339 such as `2026-07-04T14:55:00Z`";
pub(crate) const EXPECTED_DATE: &str = "a date such as `2026-07-04` (`YYYY-MM-DD`)";
pub(crate) const EXPECTED_REAL_DATE: &str =
    "a date that exists on the calendar (month 01-12, day within that month)";
pub(crate) const EXPECTED_REAL_INSTANT: &str = "a date and time that exist on the calendar \
     (month 01-12, day within that month, time 00:00 to 23:59:59)";
pub(crate) const EXPECTED_OFFSET: &str = "a UTC offset between `-23:59` and `+23:59`";
pub(crate) const EXPECTED_DURATION: &str = "a duration such as `15m`, `7h 10m` or `1d 2h`";

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
    /// An instant outside the years an incident file holds ([`YEARS`], in UTC).
    OutOfRange { input: String },
    /// A duration that reads but is longer than any a file holds (`max_days`).
    TooLong { input: String, max_days: i64 },
    /// A leap second (`23:59:60`), which postmortem does not represent.
    LeapSecond { input: String },
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
            TimeError::OutOfRange { .. } => format!(
                "write an instant from {:04}-01-01T00:00:00Z to {:04}-12-31T23:59:59Z (a later year is a typo)",
                YEARS.start(),
                YEARS.end()
            ),
            TimeError::TooLong { max_days, .. } => {
                format!("write a duration of at most {max_days}d (ten years); a longer one is a typo")
            }
            TimeError::LeapSecond { .. } => {
                "write the instant as the second before or after (…:59 or the next minute's :00)".to_string()
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
            TimeError::OutOfRange { input } => write!(
                f,
                "`{}` is outside the years {:04}–{:04} (UTC) that incident files hold",
                one_line(input),
                YEARS.start(),
                YEARS.end()
            ),
            TimeError::TooLong { input, max_days } => write!(
                f,
                "`{}` is too long: a duration is at most {max_days} days (ten years)",
                one_line(input)
            ),
            TimeError::LeapSecond { input } => {
                write!(
                    f,
                    "`{}` is a leap second; postmortem does not represent leap seconds",
                    one_line(input)
                )
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

pub(crate) fn invalid(input: &str, expected: &'static str) -> TimeError {
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

pub(crate) fn wall_text(wall: &NaiveDateTime) -> String {
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

#[cfg(test)]
mod tests {
    use super::duration::MAX_DURATION_SECS;
    use super::*;
    use chrono::Utc;
    use chrono_tz::America::{Los_Angeles, New_York, Santiago};
    use chrono_tz::Asia::Beirut;
    use chrono_tz::Australia::Sydney;
    use chrono_tz::Europe::London;
    use chrono_tz::Tz;

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
    fn a_reading_knows_whether_the_text_named_an_offset() {
        let offset = |s: &str| read_instant(s, Tz::UTC).map(|r| r.offset.map(|o| o.local_minus_utc()));
        assert_eq!(offset("2026-07-04 14:55"), Ok(None));
        assert_eq!(offset("2026-07-04T14:55:00Z"), Ok(Some(0)));
        assert_eq!(offset("2026-07-04 14:55 -05:00"), Ok(Some(-5 * 3600)));
        assert_eq!(offset("2026-07-04T14:55+0530"), Ok(Some(5 * 3600 + 30 * 60)));
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
            ("0s", 0),
            ("0m", 0),
            ("PT0S", 0),
        ] {
            assert_eq!(parse_duration(s), Ok(secs), "{s}");
        }
        for s in ["", "15", "m", "15 parsecs", "1h 1h", "30m 1h", "-5m", "1.5h", "P", "PT", "P1DT", "PT15"] {
            assert_eq!(
                parse_duration(s),
                Err(TimeError::Invalid { input: s.trim().to_string(), expected: EXPECTED_DURATION }),
                "{s}"
            );
        }
        assert_eq!(parse_duration("3653d"), Ok(MAX_DURATION_SECS));
        // Long but well written: too long, with the limit, never "cannot read".
        for s in [
            "3654d",
            "10000d",
            "3000000d",
            "999999999999d",
            "99999999999999999999999s",
            "P10000D",
            "PT99999999H",
            "1000000000000000000000000000000000000000000000w 1d",
        ] {
            let e = parse_duration(s);
            assert_eq!(e, Err(TimeError::TooLong { input: s.to_string(), max_days: 3_653 }), "{s}");
            if let Err(e) = e {
                assert!(e.to_string().contains("too long") && e.to_string().contains("3653 days"), "{e}");
                assert!(e.help().contains("3653d"), "{}", e.help());
            }
        }
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
