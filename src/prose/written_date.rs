//! Dates as post-mortems write them, beyond what the prose readers know: "2019 March 3",
//! "02-Mar-2024", "03/14/2019" (only where unambiguous), next to "March 3, 2019", "3 March 2019"
//! and "2021-02-11", with the year only where it is written.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::{MONTHS, find_dates, month_number};

/// A date found in text; the year only when it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub range: Range<usize>,
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl FoundDate {
    /// The calendar day, in `fallback_year` when no year is written.
    pub fn day_in(&self, fallback_year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.unwrap_or(fallback_year), self.month, self.day)
    }
}

static YEAR_MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<y>(?:19|20)\d\d)\s+(?P<mon>{MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});
static DAY_MON_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?P<d>\d{{1,2}})-(?P<mon>{MONTHS})-(?P<y>\d{{4}}|\d{{2}})\b"))
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static SLASHED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
/// A date in a URL or file name: "/2019/03/14/", "2019/03/14".
static URL_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_-])(?P<y>(?:19|20)\d\d)[/_-](?P<m>\d{1,2})[/_-](?P<d>\d{1,2})(?:[/_.-]|$)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

fn valid(year: Option<i32>, month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some()
}

/// Every date in `text`, in order, overlaps resolved for the longer reading.
pub fn find_all_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = find_dates(text)
        .into_iter()
        .map(|d| FoundDate { range: d.range, year: d.year, month: d.first.0, day: d.first.1 })
        .collect();
    let number =
        |caps: &regex::Captures, name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    for caps in YEAR_MONTH_DAY_RE.captures_iter(text) {
        let (Some(whole), Some(year), Some(month), Some(day)) = (
            caps.get(0),
            number(&caps, "y").and_then(|y| i32::try_from(y).ok()),
            caps.name("mon").and_then(|m| month_number(m.as_str())),
            number(&caps, "d"),
        ) else {
            continue;
        };
        found.push(FoundDate { range: whole.range(), year: Some(year), month, day });
    }
    for caps in DAY_MON_YEAR_RE.captures_iter(text) {
        let (Some(whole), Some(year), Some(month), Some(day)) = (
            caps.get(0),
            number(&caps, "y").and_then(|y| i32::try_from(if y < 100 { y + 2000 } else { y }).ok()),
            caps.name("mon").and_then(|m| month_number(m.as_str())),
            number(&caps, "d"),
        ) else {
            continue;
        };
        found.push(FoundDate { range: whole.range(), year: Some(year), month, day });
    }
    for caps in SLASHED_RE.captures_iter(text) {
        let (Some(whole), Some(a), Some(b), Some(year)) =
            (caps.get(0), number(&caps, "a"), number(&caps, "b"), number(&caps, "y"))
        else {
            continue;
        };
        // 03/14 is March 14 and 14/03 too; 03/04 could be either and is not read.
        let (month, day) = match (a > 12, b > 12) {
            (false, true) => (a, b),
            (true, false) => (b, a),
            _ if a == b => (a, b),
            _ => continue,
        };
        found.push(FoundDate { range: whole.range(), year: i32::try_from(year).ok(), month, day });
    }
    found.retain(|d| valid(d.year, d.month, d.day));
    // Longest first at each start, then drop what overlaps an earlier reading.
    found.sort_by_key(|d| (d.range.start, usize::MAX - d.range.end));
    let mut out: Vec<FoundDate> = Vec::new();
    for date in found {
        if out.last().is_some_and(|last| date.range.start < last.range.end) {
            continue;
        }
        out.push(date);
    }
    out
}

/// A date written in a URL or file-name style ("/2019/03/14/").
pub fn url_date(text: &str) -> Option<FoundDate> {
    URL_DATE_RE.captures_iter(text).find_map(|caps| {
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (year, month, day) = (i32::try_from(number("y")?).ok()?, number("m")?, number("d")?);
        valid(Some(year), month, day).then(|| FoundDate {
            range: caps.get(0).map_or(0..0, |m| m.range()),
            year: Some(year),
            month,
            day,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<(Option<i32>, u32, u32)> {
        find_all_dates(text).into_iter().map(|d| (d.year, d.month, d.day)).collect()
    }

    #[test]
    fn every_written_form() {
        assert_eq!(dates("2019 March 3 04:10 UTC"), [(Some(2019), 3, 3)]);
        assert_eq!(dates("March 3, 2019"), [(Some(2019), 3, 3)]);
        assert_eq!(dates("on 3 March 2019"), [(Some(2019), 3, 3)]);
        assert_eq!(dates("02-Mar-2024, 11:02"), [(Some(2024), 3, 2)]);
        assert_eq!(dates("Mar 2 and June 8"), [(None, 3, 2), (None, 6, 8)]);
        assert_eq!(dates("2021-02-11 06:15"), [(Some(2021), 2, 11)]);
        assert_eq!(dates("03/14/2019"), [(Some(2019), 3, 14)]);
        assert_eq!(dates("14/03/2019"), [(Some(2019), 3, 14)]);
        assert_eq!(dates("03/04/2019"), [], "ambiguous: not read");
        assert_eq!(dates("2019 February 30"), []);
    }

    #[test]
    fn dates_in_urls() {
        let d = url_date("https://example.com/blog/2019/03/14/outage").expect("found");
        assert_eq!((d.year, d.month, d.day), (Some(2019), 3, 14));
        assert_eq!(url_date("version 2019.3"), None);
    }
}
