//! The one table of zone abbreviations ("PDT", "CET", "MSK"), offsets ("UTC+2") and zone
//! words ("Eastern", "US/Pacific") as text writes them, read into IANA zones so DST is right.

use super::parse_zone;
use chrono_tz::Tz;

/// A zone abbreviation as written, read into an IANA zone and, where the abbreviation fixes
/// it, the offset it stands for.
pub fn zone_of_abbreviation(abbreviation: &str) -> Option<(Tz, Option<i32>)> {
    let hours = |h: f64| Some((h * 3600.0) as i32);
    let (name, offset) = match abbreviation {
        "UTC" | "GMT" | "Z" => ("UTC", hours(0.0)),
        "PDT" => ("America/Los_Angeles", hours(-7.0)),
        "PST" => ("America/Los_Angeles", hours(-8.0)),
        "PT" => ("America/Los_Angeles", None),
        "MDT" => ("America/Denver", hours(-6.0)),
        "MST" => ("America/Denver", hours(-7.0)),
        "MT" => ("America/Denver", None),
        "CDT" => ("America/Chicago", hours(-5.0)),
        "CST" => ("America/Chicago", hours(-6.0)),
        "CT" => ("America/Chicago", None),
        "EDT" => ("America/New_York", hours(-4.0)),
        "EST" => ("America/New_York", hours(-5.0)),
        "ET" => ("America/New_York", None),
        "AKDT" => ("America/Anchorage", hours(-8.0)),
        "AKST" => ("America/Anchorage", hours(-9.0)),
        "HST" => ("Pacific/Honolulu", hours(-10.0)),
        "BST" => ("Europe/London", hours(1.0)),
        "WET" => ("Europe/Lisbon", hours(0.0)),
        "WEST" => ("Europe/Lisbon", hours(1.0)),
        "CET" => ("Europe/Berlin", hours(1.0)),
        "CEST" => ("Europe/Berlin", hours(2.0)),
        "EET" => ("Europe/Helsinki", hours(2.0)),
        "EEST" => ("Europe/Helsinki", hours(3.0)),
        "MSK" => ("Europe/Moscow", hours(3.0)),
        "IST" => ("Asia/Kolkata", hours(5.5)),
        "SGT" => ("Asia/Singapore", hours(8.0)),
        "HKT" => ("Asia/Hong_Kong", hours(8.0)),
        "AWST" => ("Australia/Perth", hours(8.0)),
        "JST" => ("Asia/Tokyo", hours(9.0)),
        "KST" => ("Asia/Seoul", hours(9.0)),
        "ACST" => ("Australia/Adelaide", hours(9.5)),
        "AEST" => ("Australia/Sydney", hours(10.0)),
        "AEDT" => ("Australia/Sydney", hours(11.0)),
        "NZST" => ("Pacific/Auckland", hours(12.0)),
        "NZDT" => ("Pacific/Auckland", hours(13.0)),
        other => return offset_zone(other),
    };
    Some((parse_zone(name).ok()?, offset))
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
    zone_of_abbreviation(text).or_else(|| zone_of_name(text).map(|zone| (zone, None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn offsets_and_abbreviations() {
        assert_eq!(
            zone_of_abbreviation("UTC+2").map(|(z, o)| (z.name().to_string(), o)),
            Some(("Etc/GMT-2".to_string(), Some(7200)))
        );
        assert_eq!(
            zone_of_abbreviation("PDT").map(|(z, o)| (z.name().to_string(), o)),
            Some(("America/Los_Angeles".to_string(), Some(-25200)))
        );
        assert_eq!(zone_of_abbreviation("XYZ"), None);
    }
}
