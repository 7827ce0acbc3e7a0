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
