//! Zones: IANA names read with a suggestion for near misses, and the abbreviation shown beside
//! every displayed time.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, TZ_VARIANTS, Tz};

use super::TimeError;

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

/// Zone abbreviations as people write them in text, the IANA zone each stands for here, and
/// the UTC offset in minutes where the abbreviation fixes one ("PDT"; "PT" names the zone only).
/// The one table: prose readers and the Markdown importer both read it.
pub const ABBREVIATIONS: &[(&str, &str, Option<i32>)] = &[
    ("UTC", "UTC", Some(0)),
    ("GMT", "UTC", Some(0)),
    ("PDT", "America/Los_Angeles", Some(-420)),
    ("PST", "America/Los_Angeles", Some(-480)),
    ("PT", "America/Los_Angeles", None),
    ("MDT", "America/Denver", Some(-360)),
    ("MST", "America/Denver", Some(-420)),
    ("MT", "America/Denver", None),
    ("CDT", "America/Chicago", Some(-300)),
    ("CST", "America/Chicago", Some(-360)),
    ("CT", "America/Chicago", None),
    ("EDT", "America/New_York", Some(-240)),
    ("EST", "America/New_York", Some(-300)),
    ("ET", "America/New_York", None),
    ("AKDT", "America/Anchorage", Some(-480)),
    ("AKST", "America/Anchorage", Some(-540)),
    ("HST", "Pacific/Honolulu", Some(-600)),
    ("BST", "Europe/London", Some(60)),
    ("WET", "Europe/Lisbon", Some(0)),
    ("WEST", "Europe/Lisbon", Some(60)),
    ("CET", "Europe/Berlin", Some(60)),
    ("CEST", "Europe/Berlin", Some(120)),
    ("EET", "Europe/Helsinki", Some(120)),
    ("EEST", "Europe/Helsinki", Some(180)),
    ("MSK", "Europe/Moscow", Some(180)),
    ("IST", "Asia/Kolkata", Some(330)),
    ("SGT", "Asia/Singapore", Some(480)),
    ("HKT", "Asia/Hong_Kong", Some(480)),
    ("AWST", "Australia/Perth", Some(480)),
    ("JST", "Asia/Tokyo", Some(540)),
    ("KST", "Asia/Seoul", Some(540)),
    ("ACST", "Australia/Adelaide", Some(570)),
    ("AEST", "Australia/Sydney", Some(600)),
    ("AEDT", "Australia/Sydney", Some(660)),
    ("NZST", "Pacific/Auckland", Some(720)),
    ("NZDT", "Pacific/Auckland", Some(780)),
];

/// Whether `word` is a zone abbreviation of [`ABBREVIATIONS`].
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.iter().any(|(name, _, _)| *name == word)
}

/// The zone an abbreviation stands for, and the offset in seconds it fixes (if it does).
/// `Z` is UTC.
pub fn zone_of_abbreviation(abbreviation: &str) -> Option<(Tz, Option<i32>)> {
    if abbreviation == "Z" {
        return Some((Tz::UTC, Some(0)));
    }
    let (_, zone, minutes) = ABBREVIATIONS.iter().find(|(name, _, _)| *name == abbreviation)?;
    Some((zone.parse().ok()?, minutes.map(|m| m * 60)))
}
