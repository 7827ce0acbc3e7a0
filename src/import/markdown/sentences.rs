//! Impact windows stated in sentences: "Acme API suffered an outage from 2021-02-11 06:15 to
//! 2021-02-11 07:02", "From 9:05 a.m. PST to 9:41 a.m. PST, some users ...", "02-Mar-2024,
//! 11:02 to 11:37" (or with a dash), "was degraded for 5 hours and 20 minutes" after a stated
//! start, "began at ... and ended at ...", and several in one sentence ("... and again from
//! 09:10 to 09:25").

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use regex::Regex;

use super::clock::{ReadTime, read_clock};
use super::infer::Context;
use crate::prose::{FoundDate, StatedClock, find_all_dates, find_clock_times, find_durations};

/// Words that make a sentence about the impact.
pub(super) static IMPACT_WORDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(outage|down|unavailable|unreachable|inaccessible|offline|degraded|disrupt\w*|errors?|failed|failing|fail|could not|couldn't|unable|slow\w*|delay\w*|latency|impact\w*|interruption|affected|stopp?ed|stall\w*|halted|lasting|lasted)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
/// What may stand between the two bounds of a window.
static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,]*(?:(?:on|of)\s+[^,;.]{0,20}?\s*)?(?:to|until|till|through|and|-|–|—)\b?\s*(?:(?:on\s+)?[\p{L}\d ,-]{0,22}?\s*)?(?:at\s+)?$|(?i)^.{0,60}\b(?:and|but)\s+(?:it\s+|they\s+|service\s+)?(?:ended|recovered|was restored|were restored|resolved|finished)\s+(?:at|by)\s+(?:[\p{L}\d ,-]{0,22}?\s+)?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static CLOCK_COLON_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2}:\d{2}):(\s|$)").unwrap_or_else(|e| unreachable!("{e}")));
static FOR_DURATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:for|lasting|lasted)\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|~)?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
/// What may stand between a clock and the date that belongs to it ("23:50 on March 3").
static DATE_AFTER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[\s,]*(?:on\s+)?$").unwrap_or_else(|e| unreachable!("{e}")));

/// One window a sentence states, and where in the sentence it is written.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    /// From the start's clock to the end's clock (or the duration).
    pub(super) range: Range<usize>,
}

/// Sentences of a paragraph text (a full stop, question or exclamation mark before a space and
/// a capital, or a line break).
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|(_, c)| *c);
        let after = chars.get(i + 2).map(|(_, c)| *c);
        // "9:41 a.m. PT": the full stop of a.m. / p.m. ends no sentence.
        let meridiem = c == '.' && text.get(..at).is_some_and(|b| b.ends_with("a.m") || b.ends_with("p.m"));
        let ends = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && !meridiem
                && next == Some(' ')
                && after.is_some_and(char::is_uppercase));
        if ends {
            out.push(text.get(start..=at).unwrap_or_default());
            start = at + c.len_utf8();
        }
    }
    out.push(text.get(start..).unwrap_or_default());
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Every window a sentence states: two times joined as a range, or one time and a duration
/// ("for 5 hours and 20 minutes"). A pair that would end before it starts is not a window.
pub(super) fn windows_in(sentence: &str, context: &Context) -> Vec<Found> {
    // "11:37: text": a colon after a clock is punctuation (same length, so ranges hold).
    let sentence = &*CLOCK_COLON_RE.replace_all(sentence, "$1,$2");
    let clocks = find_clock_times(sentence);
    let own = own_dates(sentence, &clocks);
    let mut found: Vec<Found> = Vec::new();
    let mut previous: Option<ReadTime> = None;
    let mut consumed = 0;
    let mut i = 0;
    while let Some(clock) = clocks.get(i) {
        let ranged = clocks.get(i + 1).filter(|next| {
            sentence.get(clock.range.end..next.range.start).is_some_and(|b| RANGE_RE.is_match(b))
        });
        // "from 06:15 to 07:02 on March 3": a date written only after the end is the start's too.
        let date = own.get(i).cloned().flatten().or_else(|| ranged.and(own.get(i + 1).cloned().flatten()));
        let fallback = previous.map(|p| p.date).or_else(|| context_day(context));
        let Some(start) = read(clock, date, None, fallback, context) else {
            i += 1;
            continue;
        };
        if let Some(next) = ranged {
            if let Some(end) = window_end(next, own.get(i + 1).cloned().flatten(), &start, context) {
                found.push(Found { start: start.instant, end, range: clock.range.start..next.range.end });
                consumed = next.range.end;
            }
            previous = Some(start);
            i += 2;
            continue;
        }
        // "degraded for 5 hours and 20 minutes", next to the stated start.
        let limit = clocks.get(i + 1).map_or(sentence.len(), |c| c.range.start);
        let region = sentence.get(consumed..limit).unwrap_or_default();
        let duration = find_durations(region)
            .into_iter()
            .find(|d| region.get(..d.range.start).is_some_and(|before| FOR_DURATION_RE.is_match(before)));
        if let Some(duration) = duration {
            let end = start.instant + Duration::seconds(duration.seconds);
            let range = clock.range.start.min(consumed + duration.range.start)
                ..clock.range.end.max(consumed + duration.range.end);
            consumed = range.end;
            found.push(Found { start: start.instant, end, range });
        }
        previous = Some(start);
        i += 1;
    }
    found
}

/// The day of times written without a date: the document's first date.
fn context_day(context: &Context) -> Option<NaiveDate> {
    context.main_date.and_then(|(m, d)| NaiveDate::from_ymd_opt(context.year, m, d))
}

/// The date written for each clock: the last one between the previous clock (or the previous
/// clock's own date) and it, else one right after it ("23:50 on March 3").
fn own_dates(sentence: &str, clocks: &[StatedClock]) -> Vec<Option<FoundDate>> {
    let dates = find_all_dates(sentence);
    let mut claimed = 0;
    let mut out = Vec::with_capacity(clocks.len());
    for (i, clock) in clocks.iter().enumerate() {
        let floor = claimed.max(i.checked_sub(1).and_then(|p| clocks.get(p)).map_or(0, |c| c.range.end));
        let before = dates.iter().rev().find(|d| d.range.start >= floor && d.range.end <= clock.range.start);
        let limit = clocks.get(i + 1).map_or(sentence.len(), |c| c.range.start);
        let after = || {
            dates.iter().find(|d| {
                d.range.start >= clock.range.end
                    && d.range.end <= limit
                    && sentence.get(clock.range.end..d.range.start).is_some_and(|g| DATE_AFTER_RE.is_match(g))
            })
        };
        let date = before.or_else(after).cloned();
        if let Some(d) = &date {
            claimed = claimed.max(d.range.end);
        }
        out.push(date);
    }
    out
}

/// A clock read on its own date (its year, else `year`, else the document's), else on `fallback`.
fn read(
    clock: &StatedClock,
    date: Option<FoundDate>,
    year: Option<i32>,
    fallback: Option<NaiveDate>,
    context: &Context,
) -> Option<ReadTime> {
    let mut clock = clock.clone();
    clock.date = date.as_ref().map(|d| (d.month, d.day));
    read_clock(&clock, date.and_then(|d| d.year).or(year), fallback, context)
}

/// The end of a window that began at `start`: on its own date, else the start's (the next day
/// when the clock is earlier than the start's). None when it would still end before it starts.
fn window_end(
    clock: &StatedClock,
    date: Option<FoundDate>,
    start: &ReadTime,
    context: &Context,
) -> Option<DateTime<Utc>> {
    let mut end = read(clock, date, Some(start.date.year()), Some(start.date), context)?;
    if end.instant < start.instant && !end.date_written {
        let next = end.date.checked_add_days(Days::new(1))?;
        end = read(clock, None, None, Some(next), context)?;
    }
    (end.instant >= start.instant).then_some(end.instant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markdown::clock::timestamp_text;
    use chrono_tz::Tz;
    use std::cell::RefCell;

    fn windows(sentence: &str) -> Vec<(String, String)> {
        let context = Context {
            year: 2021,
            zone: Tz::UTC,
            zone_abbreviation: Some("UTC".into()),
            main_date: Some((2, 11)),
            warnings: RefCell::new(Vec::new()),
        };
        windows_in(sentence, &context)
            .into_iter()
            .map(|w| (timestamp_text(w.start, Tz::UTC), timestamp_text(w.end, Tz::UTC)))
            .collect()
    }

    fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(s, e)| (s.to_string(), e.to_string())).collect()
    }

    #[test]
    fn windows_in_the_ways_authors_write_them() {
        for (sentence, expected) in [
            (
                "Acme API suffered an outage from 2021-02-11 06:15 to 2021-02-11 07:02 (times in UTC).",
                ("2021-02-11 06:15", "2021-02-11 07:02"),
            ),
            (
                "From 9:05 a.m. PST to 9:41 a.m. PST, some users saw errors.",
                ("2021-02-11 17:05", "2021-02-11 17:41"),
            ),
            ("02-Mar-2024, 11:02 - 11:37: the API was down.", ("2024-03-02 11:02", "2024-03-02 11:37")),
            ("The site was down between 23:40 and 00:20.", ("2021-02-11 23:40", "2021-02-12 00:20")),
            (
                "On March 3 the site was down between 23:40 and 00:20.",
                ("2021-03-03 23:40", "2021-03-04 00:20"),
            ),
            (
                "It was down from 23:50 on March 3 to 00:20 on March 4.",
                ("2021-03-03 23:50", "2021-03-04 00:20"),
            ),
            (
                "Starting at 10:00, search was degraded for 5 hours and 20 minutes.",
                ("2021-02-11 10:00", "2021-02-11 15:20"),
            ),
            ("The outage began at 14:10 and ended at 14:50.", ("2021-02-11 14:10", "2021-02-11 14:50")),
        ] {
            assert_eq!(windows(sentence), expect(&[expected]), "{sentence}");
        }
        assert_eq!(windows("No times here, only an outage."), expect(&[]));
        assert_eq!(windows("At 06:15 the API went down; at 06:40 we were paged."), expect(&[]));
    }

    #[test]
    fn every_window_of_a_sentence() {
        assert_eq!(
            windows("The API was down from 06:15 to 07:02 on March 3, and again from 09:10 to 09:25."),
            expect(&[("2021-03-03 06:15", "2021-03-03 07:02"), ("2021-03-03 09:10", "2021-03-03 09:25")])
        );
        assert_eq!(
            windows(
                "us-east-1 failed from 10:00 to 10:30 and eu-west-1 was slow for 45 minutes starting at 10:05."
            ),
            expect(&[("2021-02-11 10:00", "2021-02-11 10:30"), ("2021-02-11 10:05", "2021-02-11 10:50")])
        );
    }
}
