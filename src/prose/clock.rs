//! Clock times stated in prose ("14:55 UTC", "2:50pm PDT"), with the date beside them when
//! one is written.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::date::{StatedDate, find_dates};
use super::gap_matches;
use crate::time::is_abbreviation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedClock {
    pub range: Range<usize>,
    pub phrase: String,
    /// 0..=23
    pub hour: u32,
    pub minute: u32,
    /// As written, upper-cased ("UTC", "Z", "PDT", "UTC+2"); None when not written.
    pub zone: Option<String>,
    /// (month, day) of a date written right before or after the time.
    pub date: Option<(u32, u32)>,
}

static CLOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<h>\d{1,2})
        (?:
            :(?P<m>\d{2})(?::(?P<s>\d{2}))?
            (?:\x20?(?P<ap1>[ap])(?:m\b|\.m\.?))?
          | \x20?(?P<ap2>[ap])(?:m\b|\.m\.?)
        )",
    )
    .expect("clock regex is valid")
});

static ZONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<z>Z)|\x20?(?P<named>(?P<letters>(?i:utc|gmt))(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5})|(?P<off>[+-]\d{2}:?\d{2}))",
    )
    .expect("zone regex is valid")
});

/// "1:30 hours" is a duration written like a clock.
static CLOCK_AS_DURATION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:hours?|hrs?|h|minutes?|mins?|m)\b").expect("regex is valid"));

static DATE_BEFORE_CLOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:T|\s*,?\s*(?:(?:at|@|from|between)\s*)?)$").expect("regex is valid")
});

static DATE_AFTER_CLOCK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*,?\s*(?:on\s+)?$").expect("regex is valid"));

static CLOCK_SPAN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:to|until|till|through|and|-|–|—)\s*$").expect("regex is valid"));

pub fn find_clock_times(text: &str) -> Vec<StatedClock> {
    let masked = super::mask_control_sequences(text);
    let text = masked.as_ref();
    let mut clocks: Vec<StatedClock> = Vec::new();
    for caps in CLOCK_RE.captures_iter(text) {
        // A zone offset such as "+09:30" must not be read as a second clock.
        if clocks.last().is_some_and(|c| caps.get(0).is_some_and(|m| m.start() < c.range.end)) {
            continue;
        }
        if let Some(clock) = clock(text, &caps) {
            clocks.push(clock);
        }
    }
    attach_dates(text, &mut clocks);
    clocks
}

fn clock(text: &str, caps: &Captures) -> Option<StatedClock> {
    let whole = caps.get(0)?;
    if !clock_boundary_ok(text, whole.start()) {
        return None;
    }
    let hour: u32 = caps.name("h")?.as_str().parse().ok()?;
    let minute: u32 = caps.name("m").map_or(Some(0), |m| m.as_str().parse().ok())?;
    let second: u32 = caps.name("s").map_or(Some(0), |m| m.as_str().parse().ok())?;
    if minute > 59 || second > 59 {
        return None;
    }
    let pm = caps.name("ap1").or_else(|| caps.name("ap2")).map(|m| m.as_str().eq_ignore_ascii_case("p"));
    let hour = match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) if hour == 12 => 0,
        Some(true) if hour != 12 => hour + 12,
        Some(_) => hour,
        None if hour > 23 => return None,
        None => hour,
    };
    let mut end = whole.end();
    if pm.is_none() {
        let rest = text.get(end..)?;
        let mut chars = rest.chars();
        match chars.next() {
            // Longer digit/colon runs are ratios, IPv6 addresses or counters.
            Some(c) if c.is_ascii_digit() || c == ':' => return None,
            Some('.') if chars.next().is_some_and(|c| c.is_ascii_digit()) => {
                caps.name("s")?;
                end += 1 + rest.bytes().skip(1).take_while(u8::is_ascii_digit).count();
            }
            _ => {}
        }
        if CLOCK_AS_DURATION_RE.is_match(text.get(end..)?) {
            return None;
        }
    }
    let (zone, end) = match zone_at(text, end) {
        Some((zone, zone_end)) => (Some(zone), zone_end),
        None => (None, end),
    };
    Some(StatedClock {
        range: whole.start()..end,
        phrase: text.get(whole.start()..end)?.to_string(),
        hour,
        minute,
        zone,
        date: None,
    })
}

fn clock_boundary_ok(text: &str, start: usize) -> bool {
    let Some(prefix) = text.get(..start) else {
        return false;
    };
    let mut before = prefix.chars().rev();
    match before.next() {
        None => true,
        // ISO timestamps: "2026-07-04T14:55".
        Some('T' | 't') => before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) if c.is_alphanumeric() => false,
        Some(':' | '.' | '/' | '+' | '_' | '#' | '$' | '\\') => false,
        Some(',') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

fn zone_at(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = text.get(pos..)?;
    let caps = ZONE_RE.captures(rest)?;
    let mut m = caps.name("z").or_else(|| caps.name("named")).or_else(|| caps.name("off"))?;
    if let Some(offset) = caps.name("offset") {
        let hours: String =
            offset.as_str().chars().skip(1).take_while(char::is_ascii_digit).take(2).collect();
        let valid = hours.parse::<u32>().is_ok_and(|h| h <= 14)
            && !rest
                .get(offset.end()..)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == ':'));
        if !valid {
            // "14:55 UTC-15:10" is a span, not an offset of -15 hours.
            m = caps.name("letters")?;
        }
    } else if caps.name("named").is_some() && caps.name("letters").is_none() && !is_abbreviation(m.as_str()) {
        return None;
    }
    if rest.get(m.end()..)?.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let zone: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    Some((zone, pos + m.end()))
}

fn attach_dates(text: &str, clocks: &mut [StatedClock]) {
    let dates: Vec<StatedDate> = find_dates(text).into_iter().filter(|d| d.first == d.last).collect();
    for clock in clocks.iter_mut() {
        let idx = dates.partition_point(|d| d.range.end <= clock.range.start);
        let before = idx
            .checked_sub(1)
            .and_then(|i| dates.get(i))
            .filter(|d| gap_matches(text, d.range.end, clock.range.start, &DATE_BEFORE_CLOCK_RE));
        let date = before.or_else(|| {
            let idx = dates.partition_point(|d| d.range.start < clock.range.end);
            dates.get(idx).filter(|d| gap_matches(text, clock.range.end, d.range.start, &DATE_AFTER_CLOCK_RE))
        });
        clock.date = date.map(|d| d.first);
    }
    // "from 14:55 UTC to 22:05 UTC on July 4": the date covers both ends, unless
    // the span crosses midnight, where the ends fall on different days.
    for i in 1..clocks.len() {
        let (head, tail) = clocks.split_at_mut(i);
        let (Some(a), Some(b)) = (head.last_mut(), tail.first_mut()) else {
            continue;
        };
        if (a.hour, a.minute) > (b.hour, b.minute)
            || !gap_matches(text, a.range.end, b.range.start, &CLOCK_SPAN_RE)
        {
            continue;
        }
        match (a.date, b.date) {
            (None, Some(d)) => a.date = Some(d),
            (Some(d), None) => b.date = Some(d),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock1(text: &str) -> StatedClock {
        let found = find_clock_times(text);
        assert_eq!(found.len(), 1, "{text:?} -> {found:?}");
        found.into_iter().next().expect("one clock")
    }

    #[test]
    fn clock_forms() {
        let cases: &[(&str, &str, u32, u32, Option<&str>)] = &[
            ("14:55", "14:55", 14, 55, None),
            ("at 14:55 UTC.", "14:55 UTC", 14, 55, Some("UTC")),
            ("14:55:30", "14:55:30", 14, 55, None),
            ("2:50pm", "2:50pm", 14, 50, None),
            ("2:50 PM", "2:50 PM", 14, 50, None),
            ("2pm", "2pm", 14, 0, None),
            ("12am", "12am", 0, 0, None),
            ("12:15 p.m.", "12:15 p.m.", 12, 15, None),
            ("10:13pm UTC", "10:13pm UTC", 22, 13, Some("UTC")),
            ("14:55Z", "14:55Z", 14, 55, Some("Z")),
            ("at 9am PDT", "9am PDT", 9, 0, Some("PDT")),
            ("09:00 utc+2", "09:00 utc+2", 9, 0, Some("UTC+2")),
            ("09:00 CEST", "09:00 CEST", 9, 0, Some("CEST")),
            ("09:00 US time", "09:00", 9, 0, None),
            ("14:55+02:00", "14:55+02:00", 14, 55, Some("+02:00")),
        ];
        for &(text, phrase, hour, minute, zone) in cases {
            let c = clock1(text);
            assert_eq!(
                (c.phrase.as_str(), c.hour, c.minute, c.zone.as_deref()),
                (phrase, hour, minute, zone),
                "{text}"
            );
            assert_eq!(&text[c.range.clone()], c.phrase);
        }
    }

    #[test]
    fn clock_dates() {
        let clocks = find_clock_times("from 14:55 UTC to 22:05 UTC on July 4");
        let got: Vec<_> = clocks.iter().map(|c| (c.hour, c.minute, c.date)).collect();
        assert_eq!(got, [(14, 55, Some((7, 4))), (22, 5, Some((7, 4)))]);

        assert_eq!(clock1("July 4, 14:55").date, Some((7, 4)));
        assert_eq!(clock1("Jul 4 at 2:50pm").date, Some((7, 4)));
        assert_eq!(clock1("on 4 July at 09:00").date, Some((7, 4)));
        assert_eq!(clock1("2026-07-04 14:55").date, Some((7, 4)));
        assert_eq!(clock1("2026-07-04T14:55:00Z").date, Some((7, 4)));
        assert_eq!(clock1("14:55 (see the July 4 notes)").date, None);

        // Crossing midnight: the date only belongs to the end.
        let clocks = find_clock_times("from 23:50 to 00:10 on July 5");
        let got: Vec<_> = clocks.iter().map(|c| c.date).collect();
        assert_eq!(got, [None, Some((7, 5))]);
    }

    #[test]
    fn clock_non_matches() {
        for text in [
            "25:00",
            "14:61",
            "ratio 1:1000",
            "1:2:3:4",
            "fe80::14:55",
            "12:34:56:78",
            "1:30 hours",
            "version 1.14:55",
            "h:mm",
            "13pm",
            "3 amps",
        ] {
            assert!(find_clock_times(text).is_empty(), "{text:?} -> {:?}", find_clock_times(text));
        }
    }
}
