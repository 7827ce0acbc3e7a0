//! Times and dates for people: an instant in a zone with its abbreviation, and date ranges.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Month, NaiveDate, Utc};
use chrono_tz::Tz;

use super::zone_abbreviation;

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

fn month_name(date: NaiveDate) -> &'static str {
    u8::try_from(date.month()).ok().and_then(|m| Month::try_from(m).ok()).map_or("", |m| m.name())
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
