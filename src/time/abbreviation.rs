//! Zones as text writes them beyond the abbreviation table (`time::ABBREVIATIONS`): offsets
//! such as `UTC+2` and words such as "Eastern" or "US/Pacific", read into IANA zones so DST is
//! right.

use super::parse_zone;
use super::zone::zone_of_abbreviation;
use chrono_tz::Tz;

/// An abbreviation of the table or an offset such as `UTC+2`, read into an IANA zone and,
/// where it fixes one, the offset it stands for.
pub fn zone_of_written_abbreviation(abbreviation: &str) -> Option<(Tz, Option<i32>)> {
    zone_of_abbreviation(abbreviation).or_else(|| offset_zone(abbreviation))
}

/// "UTC+2", "+02:00": a fixed offset; whole hours also name an `Etc/GMT` zone.
pub fn offset_zone(text: &str) -> Option<(Tz, Option<i32>)> {
    let rest = text.strip_prefix("UTC").or_else(|| text.strip_prefix("GMT")).unwrap_or(text);
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let (hours, minutes): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits.get(..1)?.parse().ok()?, digits.get(1..)?.parse().ok()?),
        4 => (digits.get(..2)?.parse().ok()?, digits.get(2..)?.parse().ok()?),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    let offset = sign * (hours * 3600 + minutes * 60);
    // Etc/GMT zones have the POSIX sign: Etc/GMT-2 is two hours east.
    let zone = if minutes == 0 {
        let name = if hours == 0 {
            "UTC".to_string()
        } else {
            format!("Etc/GMT{}{hours}", if sign > 0 { '-' } else { '+' })
        };
        parse_zone(&name).ok()?
    } else {
        Tz::UTC
    };
    Some((zone, Some(offset)))
}
/// A zone written as a word or an IANA name: "Eastern", "Pacific time", "US/Pacific",
/// "Europe/Berlin". No fixed offset: the zone's own rules apply on each date.
pub fn zone_of_name(name: &str) -> Option<Tz> {
    let lower = name.trim().trim_end_matches(" time").trim().to_lowercase();
    let iana = match lower.as_str() {
        "eastern" | "us eastern" => "America/New_York",
        "central" | "us central" => "America/Chicago",
        "mountain" | "us mountain" => "America/Denver",
        "pacific" | "us pacific" => "America/Los_Angeles",
        "coordinated universal" | "universal" | "zulu" => "UTC",
        "london" | "uk" => "Europe/London",
        "moscow" => "Europe/Moscow",
        _ if name.contains('/') => name.trim(),
        _ => return None,
    };
    parse_zone(iana).ok()
}

/// A zone as written anywhere: an abbreviation or offset (with the offset it fixes), else a
/// name.
pub fn zone_written(text: &str) -> Option<(Tz, Option<i32>)> {
    zone_of_written_abbreviation(text).or_else(|| zone_of_name(text).map(|zone| (zone, None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn offsets_and_abbreviations() {
        assert_eq!(
            zone_of_written_abbreviation("UTC+2").map(|(z, o)| (z.name().to_string(), o)),
            Some(("Etc/GMT-2".to_string(), Some(7200)))
        );
        assert_eq!(
            zone_of_written_abbreviation("PDT").map(|(z, o)| (z.name().to_string(), o)),
            Some(("America/Los_Angeles".to_string(), Some(-25200)))
        );
        assert_eq!(zone_of_written_abbreviation("XYZ"), None);
    }
}
