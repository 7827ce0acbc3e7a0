//! Durations stated in prose ("about 7 hours", "7h 10m", "half an hour"), with the tolerance
//! their wording implies.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::MAX_GAP;
use super::number::{
    DAY, HOUR, MINUTE, digits_value, integer_value, looks_like_plural_number, number_boundary_ok,
};

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
    let masked = super::mask_control_sequences(text);
    let text = masked.as_ref();
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

fn followed_by_count_noun(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..) else {
        return false;
    };
    let word: String =
        rest.trim_start().chars().take_while(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    COUNT_NOUNS.contains(&word.as_str())
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

        // Each boundary holds exactly, and one second past it does not.
        assert!(about30.is_supported_by(1_650) && about30.is_supported_by(1_950));
        assert!(!about30.is_supported_by(1_649) && !about30.is_supported_by(1_951));
        assert!(
            seven.is_supported_by(6 * HOUR + 30 * MINUTE)
                && !seven.is_supported_by(6 * HOUR + 30 * MINUTE - 1)
        );
        assert!(seven.is_supported_by(8 * HOUR - 1));
        // "1 minute" is written to the minute: half a minute either way.
        let minute = one("1 minute");
        assert!(minute.is_supported_by(30) && minute.is_supported_by(90));
        assert!(!minute.is_supported_by(29) && !minute.is_supported_by(91));
        assert!(under.is_supported_by(15 * MINUTE) && !under.is_supported_by(15 * MINUTE + 1));
        assert!(over.is_supported_by(2 * HOUR) && !over.is_supported_by(2 * HOUR - 1));
        assert!(nearly.is_supported_by(40 * MINUTE) && !nearly.is_supported_by(40 * MINUTE + 1));

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
}
