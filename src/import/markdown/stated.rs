//! Impact windows as authors state them in prose and timelines: Google-SRE markers (OUTAGE
//! BEGINS / OUTAGE ENDS / INCIDENT BEGINS / ...) on timeline entries, and sentences such as
//! "Acme API suffered an outage from 2021-02-11 06:15 to 2021-02-11 07:02", "From 9:05 a.m. PST
//! to 9:41 a.m. PST, some users ...", "02-Mar-2024, 11:02 - 11:37", "was degraded for 5 hours
//! and 20 minutes" after a stated start, "began at ... and ended at ...".

use std::sync::LazyLock;

use chrono::{DateTime, Days, Duration, Utc};
use regex::Regex;

use super::clock::{ReadTime, read_clock, timestamp_text};
use super::impact::impact_status;
use super::infer::Context;
use super::{add_deployment, short};
use crate::model::ImpactStatus;
use crate::model::raw::{Impact, IncidentFile};
use crate::prose::find_all_dates;
use crate::prose::{find_clock_times, find_durations};

static BEGINS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:OUTAGE|INCIDENT|IMPACT) (?:BEGINS|BEGAN|STARTS|STARTED)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ENDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:OUTAGE|INCIDENT|IMPACT) (?:ENDS|ENDED|RESOLVED)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static MITIGATED_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bOUTAGE MITIGATED\b").unwrap_or_else(|e| unreachable!("{e}")));
/// Words that make a sentence about the impact.
static IMPACT_WORDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(outage|down|unavailable|unreachable|inaccessible|offline|degraded|disrupt\w*|errors?|failed|failing|fail|could not|couldn't|unable|slow\w*|delay\w*|latency|impact\w*|interruption|affected)\b")
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

/// Windows from the OUTAGE/INCIDENT markers of timeline entries; true when one was found.
pub(super) fn windows_from_markers(file: &mut IncidentFile, guesses: &mut Vec<String>) -> bool {
    let at = |pattern: &Regex, file: &IncidentFile| {
        file.events.iter().find(|e| pattern.is_match(&e.text)).map(|e| e.at.clone())
    };
    let Some(start) = at(&BEGINS_RE, file) else { return false };
    let end = at(&ENDS_RE, file).or_else(|| at(&MITIGATED_RE, file));
    let deployment = deployment_of(file);
    add_deployment(file, &deployment);
    guesses.push(format!(
        "\"{deployment}\": `major_outage` window from the timeline's markers: {start} to {}",
        end.as_deref().unwrap_or("(no end marker: still open)")
    ));
    file.impact.push(Impact {
        deployment,
        status: ImpactStatus::MajorOutage,
        planned: false,
        start: Some(start),
        end,
        duration: None,
        tz: None,
        text: None,
    });
    true
}

/// The deployment a stated window belongs to: the document's only deployment, else its service.
fn deployment_of(file: &IncidentFile) -> String {
    match file.deployments.as_slice() {
        [only] => only.clone(),
        _ if !file.service.trim().is_empty() => file.service.clone(),
        _ => "Service".to_string(),
    }
}

/// The first sentence of `texts` that states an impact window, read into one.
pub(super) fn window_from_sentences(
    texts: &[String],
    file: &mut IncidentFile,
    context: &Context,
    guesses: &mut Vec<String>,
) -> bool {
    for text in texts {
        for sentence in sentences(text) {
            if !IMPACT_WORDS_RE.is_match(sentence) {
                continue;
            }
            let Some((start, end)) = window_in(sentence, context) else { continue };
            let status = impact_status(sentence).unwrap_or(ImpactStatus::MajorOutage);
            let deployment = deployment_of(file);
            add_deployment(file, &deployment);
            let (start, end) =
                (timestamp_text(start, context.zone), end.map(|e| timestamp_text(e, context.zone)));
            guesses.push(format!(
                "\"{deployment}\": `{}` from {start} to {} read from \"{}\"",
                status.as_str(),
                end.as_deref().unwrap_or("(not stated)"),
                short(sentence.trim())
            ));
            file.impact.push(Impact {
                deployment,
                planned: status == ImpactStatus::UnderMaintenance,
                status,
                start: Some(start),
                end,
                duration: None,
                tz: None,
                text: Some(sentence.trim().to_string()),
            });
            return true;
        }
    }
    false
}

/// Sentences of a paragraph text (a full stop, question or exclamation mark before a space and
/// a capital, or a line break).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).map(|(_, c)| *c);
        let after = bytes.get(i + 2).map(|(_, c)| *c);
        let ends = c == '\n'
            || (matches!(c, '.' | '!' | '?') && next == Some(' ') && after.is_some_and(char::is_uppercase));
        if ends {
            out.push(text.get(start..=at).unwrap_or_default());
            start = at + c.len_utf8();
        }
    }
    out.push(text.get(start..).unwrap_or_default());
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Start and end of the window a sentence states: two times joined as a range, or one time
/// and a duration ("for 5 hours and 20 minutes").
fn window_in(sentence: &str, context: &Context) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    // "11:37: text": a colon after a clock is punctuation (same length, so ranges hold).
    let sentence = &*CLOCK_COLON_RE.replace_all(sentence, "$1,$2");
    let clocks = find_clock_times(sentence);
    let dates = find_all_dates(sentence);
    let read = |index: usize, after: Option<&ReadTime>| -> Option<ReadTime> {
        let clock = clocks.get(index)?;
        // The nearest date written before this time (and after the previous one).
        let floor = index.checked_sub(1).and_then(|p| clocks.get(p)).map_or(0, |c| c.range.end);
        let date = dates
            .iter()
            .rev()
            .find(|d| d.range.end <= clock.range.start && d.range.start >= floor.min(d.range.start));
        let date = date.or_else(|| {
            if index == 0 { dates.iter().find(|d| d.range.start >= clock.range.end) } else { None }
        });
        let mut clock = clock.clone();
        let year = date.and_then(|d| d.year);
        if let Some(d) = date {
            clock.date = Some((d.month, d.day));
        }
        let fallback = after.map(|a| a.date).or_else(|| {
            context.main_date.and_then(|(m, d)| chrono::NaiveDate::from_ymd_opt(context.year, m, d))
        });
        read_clock(&clock, year.or(after.map(|a| chrono::Datelike::year(&a.date))), fallback, context)
    };
    let first = clocks.first()?;
    let start = read(0, None)?;
    if let Some(second) = clocks.get(1) {
        let between = sentence.get(first.range.end..second.range.start)?;
        if RANGE_RE.is_match(between) {
            let mut end = read(1, Some(&start))?;
            if end.instant < start.instant && !end.date_written {
                let next = end.date.checked_add_days(Days::new(1))?;
                let mut clock = second.clone();
                clock.date = None;
                end = read_clock(&clock, None, Some(next), context)?;
            }
            return Some((start.instant, Some(end.instant)));
        }
    }
    // "degraded for 5 hours and 20 minutes", next to the stated start.
    let duration = find_durations(sentence)
        .into_iter()
        .find(|d| sentence.get(..d.range.start).is_some_and(|before| FOR_DURATION_RE.is_match(before)))?;
    let end = start.instant + Duration::seconds(duration.seconds);
    Some((start.instant, Some(end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;
    use std::cell::RefCell;

    fn window(sentence: &str) -> Option<(String, Option<String>)> {
        let context = Context {
            year: 2021,
            zone: Tz::UTC,
            zone_abbreviation: Some("UTC".into()),
            main_date: Some((2, 11)),
            warnings: RefCell::new(Vec::new()),
        };
        window_in(sentence, &context)
            .map(|(s, e)| (timestamp_text(s, Tz::UTC), e.map(|e| timestamp_text(e, Tz::UTC))))
    }

    fn expect(start: &str, end: &str) -> Option<(String, Option<String>)> {
        Some((start.to_string(), Some(end.to_string())))
    }

    #[test]
    fn windows_in_the_ways_authors_write_them() {
        assert_eq!(
            window("Acme API suffered an outage from 2021-02-11 06:15 to 2021-02-11 07:02 (times in UTC)."),
            expect("2021-02-11 06:15", "2021-02-11 07:02")
        );
        assert_eq!(
            window("From 9:05 a.m. PST to 9:41 a.m. PST, some users saw errors."),
            expect("2021-02-11 17:05", "2021-02-11 17:41")
        );
        assert_eq!(
            window("02-Mar-2024, 11:02 - 11:37: the API was down."),
            expect("2024-03-02 11:02", "2024-03-02 11:37")
        );
        assert_eq!(
            window("The site was down between 23:40 and 00:20."),
            expect("2021-02-11 23:40", "2021-02-12 00:20")
        );
        assert_eq!(
            window("Starting at 10:00, search was degraded for 5 hours and 20 minutes."),
            expect("2021-02-11 10:00", "2021-02-11 15:20")
        );
        assert_eq!(
            window("The outage began at 14:10 and ended at 14:50."),
            expect("2021-02-11 14:10", "2021-02-11 14:50")
        );
        assert_eq!(window("No times here, only an outage."), None);
    }
}
