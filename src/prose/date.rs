//! Dates stated in prose ("July 4", "4 July 2026", "June 30 – July 2", "2026-07-04").

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

use super::{MONTHS, gap_matches, month_number};

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
    let masked = super::mask_control_sequences(text);
    let text = masked.as_ref();
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

/// Every date in `text` (month-day, day-month and ISO), the longest where two overlap.
fn date_cores(text: &str) -> Vec<DateCore> {
    let mut cores: Vec<DateCore> = month_day_cores(text);
    cores.extend(day_month_cores(text));
    cores.extend(iso_cores(text));
    cores.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut kept: Vec<DateCore> = Vec::new();
    for core in cores {
        if kept.last().is_none_or(|k| core.start >= k.end) {
            kept.push(core);
        }
    }
    kept
}

/// "July 4", "Jul 4th", "July 3-4".
fn month_day_cores(text: &str) -> Vec<DateCore> {
    let mut cores = Vec::new();
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
    cores
}

/// "4 July", "3-4 July".
fn day_month_cores(text: &str) -> Vec<DateCore> {
    let mut cores = Vec::new();
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
    cores
}

/// "2026-07-04", with a plausible year.
fn iso_cores(text: &str) -> Vec<DateCore> {
    let mut cores = Vec::new();
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
    cores
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
    month_number(&lower)
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
}
