//! Finds durations, clock times and dates stated in prose, with the tolerance their wording implies.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

const MINUTE: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Gaps longer than this cannot be a connective such as ", " or " on ", so
/// regexes are never run over large stretches of text.
const MAX_GAP: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    Approximately,
    Nearly,
    Over,
    Under,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedDuration {
    /// Byte range of the whole phrase, qualifier included, so carets can point at it.
    pub range: Range<usize>,
    pub phrase: String,
    pub seconds: i64,
    pub qualifier: Qualifier,
    /// The rounding step the wording implies, in seconds ("7 hours" -> 3600,
    /// "30 minutes" -> 300, "27 minutes" -> 60).
    pub granularity: i64,
}

impl StatedDuration {
    /// Whether an actual duration (seconds) supports the phrase.
    pub fn is_supported_by(&self, actual: i64) -> bool {
        let (lo, hi) = self.bounds();
        let actual = i128::from(actual);
        lo <= actual && actual <= hi
    }

    /// Human description of the accepted range, e.g. "between 6h 30m and 7h 30m".
    pub fn accepted_range(&self) -> String {
        let (lo, hi) = self.bounds();
        let lo = lo.max(0);
        if lo >= hi {
            format!("exactly {}", format_seconds(hi))
        } else {
            format!("between {} and {}", format_seconds(lo), format_seconds(hi))
        }
    }

    /// Inclusive bounds; i128 so that fields set by callers cannot overflow.
    fn bounds(&self) -> (i128, i128) {
        let s = i128::from(self.seconds);
        let g = i128::from(self.granularity.max(0));
        let half = g / 2;
        match self.qualifier {
            // People truncate whole hours and days: "7 hours" is often 7h 40m.
            Qualifier::Exact if g == i128::from(HOUR) || g == i128::from(DAY) => (s - half, s + g - 1),
            Qualifier::Exact | Qualifier::Approximately => (s - half, s + half),
            Qualifier::Nearly => (s - g, s),
            Qualifier::Over => (s, s + 2 * g),
            Qualifier::Under => (s - 2 * g, s),
        }
    }
}

/// "7h 10m" style, as the rest of the tool prints durations.
fn format_seconds(total: i128) -> String {
    if total == 0 {
        return "0s".to_string();
    }
    let sign = if total < 0 { "-" } else { "" };
    let mut rest = total.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, suffix) in [(86_400u128, "d"), (3_600, "h"), (60, "m"), (1, "s")] {
        let n = rest / unit;
        rest %= unit;
        if n > 0 {
            parts.push(format!("{n}{suffix}"));
        }
    }
    format!("{sign}{}", parts.join(" "))
}

static DURATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:
            (?P<digits>\d+(?:\.\d+)?)
          | \b(?P<tens>twenty|thirty|forty|fifty|sixty|ninety)
              (?:[-\x20](?P<ones>one|two|three|four|five|six|seven|eight|nine)\b)?\b
          | \b(?P<word>eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen
                |nineteen|ten|one|two|three|four|five|six|seven|eight|nine)\b
          | \b(?P<half>half\s+an?)\b
          | \b(?P<article>an?)\b
        )
        (?P<and_half>\s+and\s+a\s+half\b)?
        (?P<sep>\s*-\s*|\s*)
        (?P<unit>[a-z]+)
        (?P<unit_half>\s+and\s+a\s+half\b)?",
    )
    .expect("duration regex is valid")
});

static QUALIFIER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}\p{N}_])(?:(?P<word>approximately|approx|about|around|roughly|some|circa|nearly|almost|just\s+under|just\s+over|no\s+more\s+than|more\s+than|longer\s+than|at\s+least|less\s+than|within|at\s+most|up\s+to|over|under)\s+|(?P<sym>~|≈|approx\.)\s*)$",
    )
    .expect("qualifier regex is valid")
});

static JOIN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:\s*,\s*|\s+and\s+|\s+)$").expect("join regex is valid"));

/// Words after a compact "5m" that show it means a count ("5m users"), not minutes.
const COUNT_NOUNS: &[&str] = &[
    "users",
    "requests",
    "rows",
    "records",
    "customers",
    "events",
    "messages",
    "accounts",
    "queries",
    "calls",
    "errors",
    "items",
    "devices",
    "subscribers",
    "sessions",
    "jobs",
    "transactions",
    "people",
    "dollars",
    "objects",
    "keys",
    "files",
    "lines",
    "hits",
    "views",
    "orders",
    "payments",
    "emails",
    "sms",
    "packets",
    "tokens",
];

struct Component {
    start: usize,
    end: usize,
    seconds: i64,
    unit: i64,
    granularity: i64,
    compact: bool,
    adjectival: bool,
}

pub fn find_durations(text: &str) -> Vec<StatedDuration> {
    let comps: Vec<Component> =
        DURATION_RE.captures_iter(text).filter_map(|caps| component(text, &caps)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = comps.get(i) {
        let mut seconds = first.seconds;
        let mut granularity = first.granularity;
        let mut end = first.end;
        let mut prev = first;
        i += 1;
        while let Some(next) = comps.get(i) {
            if !joins(text, prev, next) {
                break;
            }
            let Some(sum) = seconds.checked_add(next.seconds) else {
                break;
            };
            seconds = sum;
            // The smallest unit written sets the precision of the whole phrase.
            granularity = next.granularity;
            end = next.end;
            prev = next;
            i += 1;
        }
        let (start, qualifier) = find_qualifier(text, first.start).unwrap_or((first.start, Qualifier::Exact));
        let Some(phrase) = text.get(start..end) else {
            continue;
        };
        out.push(StatedDuration {
            range: start..end,
            phrase: phrase.to_string(),
            seconds,
            qualifier,
            granularity,
        });
    }
    out
}

fn joins(text: &str, a: &Component, b: &Component) -> bool {
    if b.unit >= a.unit || a.adjectival || b.adjectival {
        return false;
    }
    let Some(gap) = text.get(a.end..b.start) else {
        return false;
    };
    if gap.is_empty() {
        return a.compact && b.compact;
    }
    gap.len() <= MAX_GAP && JOIN_RE.is_match(gap)
}

fn component(text: &str, caps: &Captures) -> Option<Component> {
    let whole = caps.get(0)?;
    if !number_boundary_ok(text, whole.start()) {
        return None;
    }
    let unit_text = caps.name("unit")?.as_str();
    let unit_lower = unit_text.to_ascii_lowercase();
    let (unit, compact) = match unit_lower.as_str() {
        "d" => (DAY, true),
        "h" => (HOUR, true),
        "m" => (MINUTE, true),
        "s" => (1, true),
        "day" | "days" => (DAY, false),
        "hour" | "hours" | "hr" | "hrs" => (HOUR, false),
        "minute" | "minutes" | "min" | "mins" => (MINUTE, false),
        "second" | "seconds" | "sec" | "secs" => (1, false),
        _ => return None,
    };
    let end = whole.end();
    // The ASCII unit class stops before non-ASCII letters ("7hé"); such words are not units.
    if text.get(end..)?.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let sep = caps.name("sep").map_or("", |m| m.as_str());
    let adjectival = sep.contains('-');
    let halves = usize::from(caps.name("and_half").is_some()) + usize::from(caps.name("unit_half").is_some());
    let singular = matches!(unit_lower.as_str(), "day" | "hour" | "hr" | "minute" | "min");

    let (mut seconds, mut granularity, integral) = if let Some(d) = caps.name("digits") {
        if compact {
            // Upper-case "5M"/"3D" usually mean million / three-D, and "7 h" is not how people write it.
            if !sep.is_empty() || halves > 0 || !unit_text.chars().all(|c| c.is_ascii_lowercase()) {
                return None;
            }
            if unit == MINUTE && followed_by_count_noun(text, end) {
                return None;
            }
            if unit == 1 && looks_like_plural_number(d.as_str()) {
                return None;
            }
        }
        let (s, g) = digits_value(d.as_str(), unit)?;
        (s, g, !d.as_str().contains('.'))
    } else if compact {
        return None;
    } else if let Some(n) = word_number(caps) {
        let (s, g) = integer_value(n, unit)?;
        (s, g, true)
    } else if caps.name("half").is_some() {
        if !singular || adjectival || halves > 0 || unit_lower == "hr" || unit_lower == "min" {
            return None;
        }
        (unit / 2, unit / 4, false)
    } else if caps.name("article").is_some() {
        // "a second" is usually the ordinal, not a duration.
        if !singular || adjectival {
            return None;
        }
        (unit, unit, true)
    } else {
        return None;
    };
    match halves {
        0 => {}
        1 if integral => {
            seconds = seconds.checked_add(unit / 2)?;
            granularity = unit / 2;
        }
        _ => return None,
    }
    Some(Component {
        start: whole.start(),
        end,
        seconds,
        unit,
        granularity: granularity.max(1),
        compact,
        adjectival,
    })
}

/// Rejects numbers glued to something that makes them part of another token
/// ("v1.2", "1,5", "INC-15", "14:55"), but lets compact forms chain ("7h10m").
fn number_boundary_ok(text: &str, start: usize) -> bool {
    let Some(prefix) = text.get(..start) else {
        return false;
    };
    let mut before = prefix.chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => {
            matches!(c, 'd' | 'h' | 'm' | 's') && before.next().is_some_and(|p| p.is_ascii_digit())
        }
        Some('.' | ':' | '_' | '/' | '\\' | '#' | '$' | '€' | '£' | '+') => false,
        Some(',' | '-') => !before.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

fn followed_by_count_noun(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..) else {
        return false;
    };
    let word: String =
        rest.trim_start().chars().take_while(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    COUNT_NOUNS.contains(&word.as_str())
}

/// "503s", "100s", "1990s" are HTTP statuses, hundreds and decades, not seconds.
fn looks_like_plural_number(digits: &str) -> bool {
    let Ok(n) = digits.parse::<u64>() else {
        return false;
    };
    (400..=599).contains(&n) || (n >= 100 && n % 100 == 0) || ((1900..=2099).contains(&n) && n % 10 == 0)
}

fn word_number(caps: &Captures) -> Option<i64> {
    let value = |w: &str| -> Option<i64> {
        let n = match w.to_ascii_lowercase().as_str() {
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "ninety" => 90,
            _ => return None,
        };
        Some(n)
    };
    if let Some(tens) = caps.name("tens") {
        let ones = caps.name("ones").map_or(Some(0), |m| value(m.as_str()))?;
        return Some(value(tens.as_str())? + ones);
    }
    value(caps.name("word")?.as_str())
}

/// Multiples of five minutes or seconds are usually rounded, so they imply a 5-unit step.
fn integer_value(n: i64, unit: i64) -> Option<(i64, i64)> {
    let seconds = n.checked_mul(unit)?;
    let granularity = if unit <= MINUTE && n > 0 && n % 5 == 0 { unit * 5 } else { unit };
    Some((seconds, granularity))
}

fn digits_value(digits: &str, unit: i64) -> Option<(i64, i64)> {
    let Some((int, frac)) = digits.split_once('.') else {
        return integer_value(digits.parse().ok()?, unit);
    };
    if frac.is_empty() || frac.len() > 3 {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    let f: i64 = frac.parse().ok()?;
    let scale = 10_i64.pow(u32::try_from(frac.len()).ok()?);
    let seconds = n.checked_mul(unit)?.checked_add(f.checked_mul(unit)? / scale)?;
    // "7.5 hours" is a half-hour step, "7.25" a quarter, "7.3" a tenth.
    let granularity = if (f * 2) % scale == 0 {
        unit / 2
    } else if (f * 4) % scale == 0 {
        unit / 4
    } else {
        unit / scale
    };
    Some((seconds, granularity.max(1)))
}

fn find_qualifier(text: &str, start: usize) -> Option<(usize, Qualifier)> {
    let mut window_start = start.saturating_sub(40);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let window = text.get(window_start..start)?;
    let caps = QUALIFIER_RE.captures(window)?;
    let q = caps.name("word").or_else(|| caps.name("sym"))?;
    // The window may begin mid-word ("cl|over"), where `^` is not a real boundary.
    if q.start() == 0
        && window_start > 0
        && text.get(..window_start)?.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let words = q.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
    let qualifier = match words.to_lowercase().as_str() {
        "nearly" | "almost" | "just under" => Qualifier::Nearly,
        "over" | "more than" | "just over" | "longer than" | "at least" => Qualifier::Over,
        "under" | "less than" | "within" | "no more than" | "at most" | "up to" => Qualifier::Under,
        _ => Qualifier::Approximately,
    };
    Some((window_start + q.start(), qualifier))
}

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

const ZONES: &[&str] = &[
    "UTC", "GMT", "PST", "PDT", "MST", "MDT", "CST", "CDT", "EST", "EDT", "AKST", "AKDT", "HST", "BST",
    "IST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "MSK", "JST", "KST", "SGT", "HKT", "AEST", "AEDT",
    "ACST", "AWST", "NZST", "NZDT", "PT", "ET", "CT", "MT",
];

pub fn find_clock_times(text: &str) -> Vec<StatedClock> {
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
    } else if caps.name("named").is_some() && caps.name("letters").is_none() && !ZONES.contains(&m.as_str()) {
        return None;
    }
    if rest.get(m.end()..)?.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let zone: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    Some((zone, pos + m.end()))
}

fn gap_matches(text: &str, from: usize, to: usize, re: &Regex) -> bool {
    to.checked_sub(from).is_some_and(|n| n <= MAX_GAP)
        && text.get(from..to).is_some_and(|gap| re.is_match(gap))
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedDate {
    pub range: Range<usize>,
    pub phrase: String,
    pub year: Option<i32>,
    /// (month, day)
    pub first: (u32, u32),
    /// Same as `first` for a single day.
    pub last: (u32, u32),
}

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const ORDINAL: &str = r"(?:st|nd|rd|th)?";
const SPAN: &str = r"(?:\s*[-–—]\s*|\s+(?:to|through|until|till)\s+)";

static MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<mon>{MONTHS})\b\.?\s+(?P<day_ord>(?P<day>\d{{1,2}}){ORDINAL})\b(?:{SPAN}(?P<day2>\d{{1,2}}){ORDINAL}\b)?"
    ))
    .expect("month-day regex is valid")
});

static DAY_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(?P<day1>\d{{1,2}}){ORDINAL}{SPAN})?(?P<day>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<mon>{MONTHS})\b"
    ))
    .expect("day-month regex is valid")
});

static ISO_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})").expect("iso date regex is valid")
});

static YEAR_TAIL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\.?,?\s+(?P<y>\d{4})\b").expect("year regex is valid"));

static NAMED_SPAN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^{SPAN}$")).expect("span regex is valid"));

/// A bare hyphen between ISO dates would be read as part of the date.
static ISO_SPAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s*[–—]\s*|\s+-\s+|\s+(?:to|through|until|till)\s+)$").expect("span regex is valid")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Named,
    Iso,
}

#[derive(Debug, Clone)]
struct DateCore {
    start: usize,
    end: usize,
    kind: DateKind,
    year: Option<i32>,
    first: (u32, u32),
    last: (u32, u32),
}

pub fn find_dates(text: &str) -> Vec<StatedDate> {
    let cores = date_cores(text);
    let mut out: Vec<StatedDate> = Vec::new();
    let mut i = 0;
    while let Some(core) = cores.get(i) {
        i += 1;
        if out.last().is_some_and(|d| core.start < d.range.end) {
            continue;
        }
        let mut end = core.end;
        let mut year = core.year;
        let mut last = core.last;
        if core.kind == DateKind::Named
            && let Some((y, e)) = year_tail(text, end)
        {
            year = Some(y);
            end = e;
        }
        if core.first == core.last
            && let Some(next) = cores.get(i)
            && let Some((next_year, next_end)) = joined_date(text, core, end, year, next)
        {
            year = next_year;
            end = next_end;
            last = next.first;
            i += 1;
        }
        if !valid_day(core.first, year) || !valid_day(last, year) || last < core.first {
            continue;
        }
        let Some(phrase) = text.get(core.start..end) else {
            continue;
        };
        out.push(StatedDate {
            range: core.start..end,
            phrase: phrase.to_string(),
            year,
            first: core.first,
            last,
        });
    }
    out
}

/// "June 30 – July 2, 2026" or "2026-07-03 to 2026-07-04": returns the year and end of the span.
fn joined_date(
    text: &str,
    core: &DateCore,
    end: usize,
    year: Option<i32>,
    next: &DateCore,
) -> Option<(Option<i32>, usize)> {
    if next.kind != core.kind || next.first != next.last || next.first < core.first {
        return None;
    }
    let span_re = match core.kind {
        DateKind::Named => &NAMED_SPAN_RE,
        DateKind::Iso => &ISO_SPAN_RE,
    };
    if !gap_matches(text, end, next.start, span_re) {
        return None;
    }
    let (next_year, next_end) = match next.kind {
        DateKind::Named => year_tail(text, next.end).map_or((None, next.end), |(y, e)| (Some(y), e)),
        DateKind::Iso => (next.year, next.end),
    };
    let joined_year = match (year, next_year) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => b.or(a),
    };
    (valid_day(core.first, joined_year) && valid_day(next.first, joined_year))
        .then_some((joined_year, next_end))
}

fn date_cores(text: &str) -> Vec<DateCore> {
    let mut cores: Vec<DateCore> = Vec::new();
    for caps in MONTH_DAY_RE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (Some(month), Some(day)) = (month_of(&caps), caps.name("day")) else {
            continue;
        };
        let Ok(d) = day.as_str().parse::<u32>() else {
            continue;
        };
        // "Jul 14:55" is a time, not the 14th.
        if followed_by_clock(text, day.end()) {
            continue;
        }
        let mut core = DateCore {
            start: whole.start(),
            end: caps.name("day_ord").map_or(day.end(), |m| m.end()),
            kind: DateKind::Named,
            year: None,
            first: (month, d),
            last: (month, d),
        };
        if let Some(d2) = caps.name("day2")
            && let Ok(n) = d2.as_str().parse::<u32>()
            && !followed_by_clock(text, d2.end())
            && n > d
            && valid_day((month, n), None)
        {
            core.last = (month, n);
            core.end = whole.end();
        }
        cores.push(core);
    }
    for caps in DAY_MONTH_RE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (Some(month), Some(day)) = (month_of(&caps), caps.name("day")) else {
            continue;
        };
        let Ok(d) = day.as_str().parse::<u32>() else {
            continue;
        };
        let mut start = day.start();
        let mut first = (month, d);
        if let Some(d1) = caps.name("day1")
            && let Ok(n) = d1.as_str().parse::<u32>()
            && n < d
            && date_boundary_ok(text, whole.start())
        {
            start = whole.start();
            first = (month, n);
        }
        if !date_boundary_ok(text, start) {
            continue;
        }
        cores.push(DateCore {
            start,
            end: whole.end(),
            kind: DateKind::Named,
            year: None,
            first,
            last: (month, d),
        });
    }
    for caps in ISO_DATE_RE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let parse = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (parse("y"), parse("m"), parse("d")) else {
            continue;
        };
        let next = text.get(whole.end()..).and_then(|r| r.chars().next());
        if next.is_some_and(|c| c.is_ascii_digit())
            || !date_boundary_ok(text, whole.start())
            || !(1900..=2200).contains(&y)
        {
            continue;
        }
        let Ok(year) = i32::try_from(y) else { continue };
        cores.push(DateCore {
            start: whole.start(),
            end: whole.end(),
            kind: DateKind::Iso,
            year: Some(year),
            first: (m, d),
            last: (m, d),
        });
    }
    cores.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut kept: Vec<DateCore> = Vec::new();
    for core in cores {
        if kept.last().is_none_or(|k| core.start >= k.end) {
            kept.push(core);
        }
    }
    kept
}

fn month_of(caps: &Captures) -> Option<u32> {
    let name = caps.name("mon")?.as_str();
    let lower = name.to_ascii_lowercase();
    // Lower-case "may"/"mar"/"march" are almost always the verb.
    if matches!(lower.as_str(), "may" | "mar" | "march")
        && !name.starts_with(|c: char| c.is_ascii_uppercase())
    {
        return None;
    }
    let month = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(month)
}

fn followed_by_clock(text: &str, pos: usize) -> bool {
    let mut rest = text.get(pos..).unwrap_or("").chars();
    rest.next() == Some(':') && rest.next().is_some_and(|c| c.is_ascii_digit())
}

fn date_boundary_ok(text: &str, start: usize) -> bool {
    let Some(prefix) = text.get(..start) else {
        return false;
    };
    let mut before = prefix.chars().rev();
    match before.next() {
        Some(':' | '.' | '/' | '+' | '_') => false,
        Some('-' | ',') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

fn year_tail(text: &str, pos: usize) -> Option<(i32, usize)> {
    let rest = text.get(pos..)?;
    let caps = YEAR_TAIL_RE.captures(rest)?;
    let y = caps.name("y")?;
    if rest.get(y.end()..)?.starts_with(':') {
        return None;
    }
    let year: i32 = y.as_str().parse().ok()?;
    (1970..=2100).contains(&year).then_some((year, pos + y.end()))
}

fn valid_day((month, day): (u32, u32), year: Option<i32>) -> bool {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).is_some(),
        None => {
            const DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            let max = usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| DAYS.get(i));
            max.is_some_and(|&max| (1..=max).contains(&day))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> StatedDuration {
        let found = find_durations(text);
        assert_eq!(found.len(), 1, "{text:?} -> {found:?}");
        found.into_iter().next().expect("one duration")
    }

    use Qualifier::*;

    #[test]
    fn duration_forms() {
        let cases: &[(&str, i64, i64)] = &[
            ("7 hours", 25_200, 3_600),
            ("7 hrs", 25_200, 3_600),
            ("1 hour", 3_600, 3_600),
            ("an hour", 3_600, 3_600),
            ("half an hour", 1_800, 900),
            ("7.5 hours", 27_000, 1_800),
            ("7 and a half hours", 27_000, 1_800),
            ("an hour and a half", 5_400, 1_800),
            ("15 minutes", 900, 300),
            ("15 mins", 900, 300),
            ("15 min", 900, 300),
            ("27 minutes", 1_620, 60),
            ("90 seconds", 90, 5),
            ("90 secs", 90, 5),
            ("7 seconds", 7, 1),
            ("2 days", 172_800, 86_400),
            ("24 hours and 11 minutes", 87_060, 60),
            ("24 hours, 11 minutes", 87_060, 60),
            ("1 hour 30 minutes", 5_400, 300),
            ("7h", 25_200, 3_600),
            ("7h 10m", 25_800, 300),
            ("7h10m", 25_800, 300),
            ("7h 11m", 25_860, 60),
            ("45m", 2_700, 300),
            ("30s", 30, 5),
            ("1d 2h", 93_600, 3_600),
            ("two hours", 7_200, 3_600),
            ("fifteen minutes", 900, 300),
            ("forty-five minutes", 2_700, 300),
            ("twenty two minutes", 1_320, 60),
        ];
        for &(text, seconds, granularity) in cases {
            let d = one(text);
            assert_eq!((d.seconds, d.granularity, d.qualifier), (seconds, granularity, Exact), "{text}");
            assert_eq!(d.phrase, text);
            assert_eq!(d.range, 0..text.len());
        }
    }

    #[test]
    fn duration_in_context() {
        let text = "SMSGate API was unavailable for approximately 7 hours.";
        let d = one(text);
        assert_eq!(d.phrase, "approximately 7 hours");
        assert_eq!(&text[d.range.clone()], d.phrase);
        assert_eq!((d.seconds, d.qualifier), (25_200, Approximately));

        let d = one("Customers saw a 15-minute interruption.");
        assert_eq!((d.phrase.as_str(), d.seconds, d.qualifier), ("15-minute", 900, Exact));

        let d = one("Payments were down for 24 hours and 11 minutes; we're sorry.");
        assert_eq!((d.phrase.as_str(), d.seconds), ("24 hours and 11 minutes", 87_060));

        let all = find_durations("It took 2 hours to detect and 45 minutes to fix.");
        let secs: Vec<i64> = all.iter().map(|d| d.seconds).collect();
        assert_eq!(secs, [7_200, 2_700]);
    }

    #[test]
    fn qualifiers() {
        let cases: &[(&str, Qualifier, &str)] = &[
            ("approximately 7 hours", Approximately, "approximately 7 hours"),
            ("approx. 7 hours", Approximately, "approx. 7 hours"),
            ("for about 7 hours", Approximately, "about 7 hours"),
            ("around 7 hours", Approximately, "around 7 hours"),
            ("Roughly 7 hours", Approximately, "Roughly 7 hours"),
            ("some 7 hours", Approximately, "some 7 hours"),
            ("~ 7 hours", Approximately, "~ 7 hours"),
            ("down ~7h", Approximately, "~7h"),
            ("nearly 7 hours", Nearly, "nearly 7 hours"),
            ("almost 7 hours", Nearly, "almost 7 hours"),
            ("just under 7 hours", Nearly, "just under 7 hours"),
            ("over 7 hours", Over, "over 7 hours"),
            ("more than 7 hours", Over, "more than 7 hours"),
            ("just over 7 hours", Over, "just over 7 hours"),
            ("longer than 7 hours", Over, "longer than 7 hours"),
            ("at least 7 hours", Over, "at least 7 hours"),
            ("under 7 hours", Under, "under 7 hours"),
            ("less than 7 hours", Under, "less than 7 hours"),
            ("within 7 hours", Under, "within 7 hours"),
            ("no more than 7 hours", Under, "no more than 7 hours"),
            ("at most 7 hours", Under, "at most 7 hours"),
            ("up to 7 hours", Under, "up to 7 hours"),
            ("a total of 7 hours", Exact, "7 hours"),
            ("the clover 7 hours", Exact, "7 hours"),
        ];
        for &(text, qualifier, phrase) in cases {
            let d = one(text);
            assert_eq!((d.qualifier, d.phrase.as_str()), (qualifier, phrase), "{text}");
        }
    }

    #[test]
    fn tolerance() {
        let approx7 = one("approximately 7 hours");
        assert!(approx7.is_supported_by(25_800));
        assert!(!approx7.is_supported_by(3 * HOUR));
        assert_eq!(approx7.accepted_range(), "between 6h 30m and 7h 30m");
        assert!(!one("approximately 3 hours").is_supported_by(25_800));

        let about30 = one("about 30 minutes");
        assert!(!about30.is_supported_by(27 * MINUTE));
        assert!(about30.is_supported_by(29 * MINUTE));
        assert!(one("approximately 15 minutes").is_supported_by(900));

        let nearly = one("nearly 40 minutes");
        assert!(nearly.is_supported_by(38 * MINUTE));
        assert!(!nearly.is_supported_by(41 * MINUTE));

        let over = one("over 2 hours");
        assert!(over.is_supported_by(2 * HOUR + 10 * MINUTE));
        assert!(!over.is_supported_by(HOUR + 50 * MINUTE));
        assert!(!one("over 7 hours").is_supported_by(20 * HOUR));

        let under = one("under 15 minutes");
        assert!(under.is_supported_by(14 * MINUTE));
        assert!(!under.is_supported_by(16 * MINUTE));

        let exact = one("for 24 hours and 11 minutes");
        assert!(exact.is_supported_by(87_060));
        assert!(!exact.is_supported_by(87_200));

        assert!(one("~7h").is_supported_by(25_800));

        // Whole hours are often truncated, never rounded up by more than half a unit.
        let seven = one("7 hours");
        assert!(seven.is_supported_by(7 * HOUR + 40 * MINUTE));
        assert!(seven.is_supported_by(6 * HOUR + 30 * MINUTE));
        assert!(!seven.is_supported_by(8 * HOUR));
        assert_eq!(seven.accepted_range(), "between 6h 30m and 7h 59m 59s");

        assert_eq!(one("7 seconds").accepted_range(), "exactly 7s");
        assert_eq!(one("2 days").accepted_range(), "between 1d 12h and 2d 23h 59m 59s");
    }

    #[test]
    fn duration_non_matches() {
        for text in [
            "a few minutes",
            "7,5 hours",
            "at 14:55",
            "on July 4",
            "upgraded to v1.2",
            "about 5m users",
            "5M requests",
            "HTTP 503",
            "a spike of 503s in the 1990s",
            "99.9%",
            "3 deployments",
            "in 2026",
            "2026-07-04T14:55:00Z",
            "INC-15 minutes",
            "a second deploy",
            "7 h",
            "500ms",
            "7hé",
        ] {
            assert!(find_durations(text).is_empty(), "{text:?} -> {:?}", find_durations(text));
        }
    }

    #[test]
    fn overflow_is_skipped() {
        assert!(find_durations("99999999999999999999 hours").is_empty());
        assert!(find_durations("9999999999999999 days").is_empty());
        let big = one("999999999999 hours");
        assert!(!big.is_supported_by(i64::MAX));
        let extreme = StatedDuration {
            range: 0..0,
            phrase: String::new(),
            seconds: i64::MAX,
            qualifier: Over,
            granularity: i64::MAX,
        };
        assert!(extreme.is_supported_by(i64::MAX));
        assert!(!extreme.accepted_range().is_empty());
    }

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

    fn date1(text: &str) -> StatedDate {
        let found = find_dates(text);
        assert_eq!(found.len(), 1, "{text:?} -> {found:?}");
        found.into_iter().next().expect("one date")
    }

    #[test]
    fn date_forms() {
        type Case<'a> = (&'a str, &'a str, Option<i32>, (u32, u32), (u32, u32));
        let cases: &[Case] = &[
            ("July 3–4, 2026", "July 3–4, 2026", Some(2026), (7, 3), (7, 4)),
            ("July 3-4 2026", "July 3-4 2026", Some(2026), (7, 3), (7, 4)),
            ("July 3 to 4", "July 3 to 4", None, (7, 3), (7, 4)),
            ("on July 4, 2026.", "July 4, 2026", Some(2026), (7, 4), (7, 4)),
            ("Jul 4", "Jul 4", None, (7, 4), (7, 4)),
            ("Sept. 4th", "Sept. 4th", None, (9, 4), (9, 4)),
            ("4 July 2026", "4 July 2026", Some(2026), (7, 4), (7, 4)),
            ("3–4 July 2026", "3–4 July 2026", Some(2026), (7, 3), (7, 4)),
            ("June 30 – July 2, 2026", "June 30 – July 2, 2026", Some(2026), (6, 30), (7, 2)),
            ("2026-07-04", "2026-07-04", Some(2026), (7, 4), (7, 4)),
            ("2026-07-03 to 2026-07-04", "2026-07-03 to 2026-07-04", Some(2026), (7, 3), (7, 4)),
            ("Feb 29, 2028", "Feb 29, 2028", Some(2028), (2, 29), (2, 29)),
        ];
        for &(text, phrase, year, first, last) in cases {
            let d = date1(text);
            assert_eq!((d.phrase.as_str(), d.year, d.first, d.last), (phrase, year, first, last), "{text}");
            assert_eq!(&text[d.range.clone()], d.phrase);
        }
        let d = date1("July 4 - 14:55 UTC");
        assert_eq!((d.phrase.as_str(), d.last), ("July 4", (7, 4)));
    }

    #[test]
    fn date_non_matches() {
        for text in [
            "Feb 30",
            "Feb 29, 2026",
            "2026-02-30",
            "2026-13-01",
            "July 45",
            "you may 3 times",
            "in July 2026",
            "version 1.2026-07-04",
            "at 14:30 July",
        ] {
            assert!(find_dates(text).is_empty(), "{text:?} -> {:?}", find_dates(text));
        }
    }

    #[test]
    fn never_panics() {
        let odd = [
            "",
            "0",
            "1234567890",
            "99999999999999999999 hours",
            "99999999999999999999:99",
            "🔥7h🔥 ~ 14:55🚨 July 4 😀 2026-07-04",
            "h:mm",
            "~",
            "~~~",
            "approx.",
            "and a half hours",
            "July",
            "2026-",
            "ſ7ſ 7K 7 ſecs",
            "7.",
            "7.12345 hours",
            "1:",
            "12:3",
            "T14:55",
        ];
        let mixed = "Approximately ~7h 10m — from 2:50pm PDT to 14:55Z on June 30 – July 2, 2026; 🧯 é 2026-07-03 to 2026-07-04 ½ hour";
        let mut inputs: Vec<&str> = odd.to_vec();
        let cuts: Vec<usize> = mixed.char_indices().map(|(i, _)| i).chain([mixed.len()]).collect();
        for &a in &cuts {
            for &b in cuts.iter().filter(|&&b| b >= a).step_by(3) {
                inputs.push(&mixed[a..b]);
            }
        }
        for text in inputs {
            for d in find_durations(text) {
                assert_eq!(text.get(d.range.clone()), Some(d.phrase.as_str()));
                let _ = d.is_supported_by(i64::MIN);
                let _ = d.accepted_range();
            }
            for c in find_clock_times(text) {
                assert_eq!(text.get(c.range.clone()), Some(c.phrase.as_str()));
            }
            for d in find_dates(text) {
                assert_eq!(text.get(d.range.clone()), Some(d.phrase.as_str()));
            }
        }
    }
}
