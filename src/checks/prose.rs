//! Prose checks: durations, clock times and dates written in the text that no computed value
//! supports ("for 3 hours" beside a 7h 10m window).

use std::ops::Range;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::Context;
use crate::diagnostic::{Check, Diagnostic, Family, Level, PhraseCursor};
use crate::prose::{self as prose_scan, StatedClock};
use crate::time::{format_duration, zone_abbreviation};

pub const DURATION_MISMATCH: Check = Check {
    code: "PM401",
    name: "prose-duration-mismatch",
    level: Level::Warning,
    family: Family::Prose,
    summary: "a duration in the text that no computed duration supports",
    explanation: "Durations written in prose (\"approximately 7 hours\", \"for 24 hours and 11 \
        minutes\", \"nearly 40 minutes\") in the narrative fields (intro, summary, closing, \
        impact, event and update texts) are compared with every computed value: window \
        lengths, downtime per deployment, time to detect/recover/resolve, latency and span. The \
        tolerance follows the wording: \"approximately 7 hours\" accepts 6h 30m to 7h 30m, \
        \"about 30 minutes\" 27.5 to 32.5 minutes, \"nearly\" a little under, \"over\" a little \
        over, and an exact figure its written precision. A stated duration that matches none \
        is how summaries drift from timelines.",
};

pub const TIME_MISMATCH: Check = Check {
    code: "PM402",
    name: "prose-time-mismatch",
    level: Level::Warning,
    family: Family::Prose,
    summary: "a clock time in the text that matches no timestamp of the incident",
    explanation: "Clock times written in prose (\"from 14:55 UTC to 22:05 UTC\", \"at 2:50pm \
        PDT\") in the narrative fields must match a window bound, event or status update of the incident, read in the \
        zone the text names (the file's zone when it names none). A time that matches nothing \
        usually means the text was written before the timeline was corrected.",
};

pub const TITLE_DATE_MISMATCH: Check = Check {
    code: "PM403",
    name: "title-date-mismatch",
    level: Level::Warning,
    family: Family::Prose,
    summary: "a date in the title outside the incident's span",
    explanation: "A date in the title (\"Outage on July 5\") must fall within the incident's \
        span, from its first timestamped entry to its resolution, in the file's zone.",
};

pub const CHECKS: &[&Check] = &[&DURATION_MISMATCH, &TIME_MISMATCH, &TITLE_DATE_MISMATCH];

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    let texts = prose_fields(context);
    let supported = computed_durations(context);
    let instants: Vec<DateTime<Utc>> = context.incident.instants().collect();
    for &(field, text) in &texts {
        let mut found: Vec<(Range<usize>, Diagnostic)> = durations_unsupported(context, text, &supported)
            .chain(clocks_unmatched(context, text, &instants))
            .collect();
        // Pointed at in the order they stand, so that each is found again in the source where
        // it is (see `PhraseCursor`).
        found.sort_by_key(|(range, _)| range.start);
        let mut cursor = PhraseCursor::default();
        for (range, diagnostic) in found {
            let diagnostic = diagnostic.at(field.path());
            out.push(match cursor.next(text, range) {
                Some((phrase, skip)) => diagnostic.pointing_at_after(phrase, skip),
                None => diagnostic,
            });
        }
    }
    title_dates(context, out);
}

/// PM401 for each duration in `text` that no computed duration supports.
fn durations_unsupported<'a>(
    context: &'a Context,
    text: &'a str,
    supported: &'a [i64],
) -> impl Iterator<Item = (Range<usize>, Diagnostic)> + 'a {
    prose_scan::find_durations(text)
        .into_iter()
        .filter(|stated| !supported.iter().any(|&s| stated.is_supported_by(s)))
        .map(move |stated| {
            let nearest = supported
                .iter()
                .min_by_key(|&&s| (s - stated.seconds).abs())
                .map(|&s| format!("; the nearest computed value is {}", format_duration(s)))
                .unwrap_or_default();
            let headline = main_duration(context)
                .map(|(what, s)| format!(" ({what} is {})", format_duration(s)))
                .unwrap_or_default();
            let diagnostic = Diagnostic::new(
                &DURATION_MISMATCH,
                format!("\"{}\" matches no computed duration{headline}", stated.phrase),
            )
            .help(format!(
                "the wording accepts {}{nearest}; correct the text, or the timeline if the text is right",
                stated.accepted_range()
            ));
            (stated.range, diagnostic)
        })
}

/// PM402 for each clock time in `text` that matches no instant of the incident.
fn clocks_unmatched<'a>(
    context: &'a Context,
    text: &'a str,
    instants: &'a [DateTime<Utc>],
) -> impl Iterator<Item = (Range<usize>, Diagnostic)> + 'a {
    let zone = context.incident.zone.unwrap_or(Tz::UTC);
    prose_scan::find_clock_times(text).into_iter().filter_map(move |clock| {
        let zones = zones_for(&clock, context, instants)?;
        if instants.iter().any(|at| zones.iter().any(|z| clock_matches(&clock, *at, *z))) {
            return None;
        }
        let written_zone = clock.zone.clone().unwrap_or_else(|| zone.name().to_string());
        let diagnostic = Diagnostic::new(
            &TIME_MISMATCH,
            format!(
                "\"{}\" matches no window, event or update of the incident ({written_zone})",
                clock.phrase
            ),
        )
        .help("correct the time in the text, or add the event it refers to");
        Some((clock.range, diagnostic))
    })
}

/// A narrative field the prose checks read; its path is written out only for a finding.
#[derive(Clone, Copy)]
enum Field {
    Named(&'static str),
    Impact(usize),
    Event(usize),
    Update(usize),
}

impl Field {
    fn path(self) -> String {
        match self {
            Field::Named(name) => name.to_string(),
            Field::Impact(i) => format!("impact[{i}].text"),
            Field::Event(i) => format!("events[{i}].text"),
            Field::Update(i) => format!("updates[{i}].text"),
        }
    }
}

/// The narrative fields the prose checks read, borrowed, with where they are: the ones that
/// retell the incident. Root cause, resolution, lessons and extra sections are left out on
/// purpose: they explain mechanisms and routinely quote other durations and times (a 24-hour
/// DHCP lease, a cron job at 01:00) that are not claims about this incident's timeline.
fn prose_fields<'a>(context: &Context<'a>) -> Vec<(Field, &'a str)> {
    let file = &context.incident.file;
    let mut texts: Vec<(Field, &str)> = [
        ("intro", &file.intro),
        ("acknowledgements", &file.acknowledgements),
        ("summary", &file.summary),
        ("closing", &file.closing),
    ]
    .into_iter()
    .filter_map(|(name, text)| text.as_deref().map(|t| (Field::Named(name), t)))
    .collect();
    texts.extend(
        file.impact.iter().enumerate().filter_map(|(i, w)| w.text.as_deref().map(|t| (Field::Impact(i), t))),
    );
    texts.extend(file.events.iter().enumerate().map(|(i, e)| (Field::Event(i), e.text.as_str())));
    texts.extend(
        file.updates.iter().enumerate().filter_map(|(i, u)| u.text.as_deref().map(|t| (Field::Update(i), t))),
    );
    texts
}

/// Every duration the data supports, in seconds.
fn computed_durations(context: &Context) -> Vec<i64> {
    let analysis = context.analysis;
    let mut all = Vec::new();
    for deployment in &analysis.deployments {
        all.extend([deployment.impact_seconds, deployment.downtime_seconds, deployment.planned_seconds]);
        all.extend(deployment.by_status_seconds.values());
        for window in &deployment.windows {
            all.extend(window.duration_seconds);
            all.extend(window.length_seconds);
        }
    }
    all.extend(analysis.durations.named().iter().filter_map(|(_, v)| v.map(i64::abs)));
    all.extend(analysis.span.map(|s| s.seconds()));
    all.retain(|s| *s > 0);
    all.sort_unstable();
    all.dedup();
    all
}

/// The figure a reader most likely means: the longest downtime, else the longest impact.
fn main_duration(context: &Context) -> Option<(String, i64)> {
    context
        .analysis
        .deployments
        .iter()
        .filter(|d| d.downtime_seconds > 0)
        .max_by_key(|d| d.downtime_seconds)
        .map(|d| (format!("the downtime of {}", d.name), d.downtime_seconds))
        .or_else(|| {
            context
                .analysis
                .deployments
                .iter()
                .filter(|d| d.impact_seconds > 0)
                .max_by_key(|d| d.impact_seconds)
                .map(|d| (format!("the impact on {}", d.name), d.impact_seconds))
        })
}

/// The zones a clock time may be read in; None when its zone cannot be told (then it is not judged).
fn zones_for(clock: &StatedClock, context: &Context, instants: &[DateTime<Utc>]) -> Option<Vec<Tz>> {
    let file_zone = context.incident.zone.unwrap_or(Tz::UTC);
    let mut candidates = vec![file_zone];
    candidates.extend(context.config.display_zone);
    match clock.zone.as_deref() {
        None => Some(candidates),
        Some("UTC" | "GMT" | "Z") => Some(vec![Tz::UTC]),
        Some(abbreviation) => {
            let known: Vec<Tz> = candidates
                .into_iter()
                .filter(|z| instants.iter().any(|at| zone_abbreviation(*at, *z) == abbreviation))
                .collect();
            (!known.is_empty()).then_some(known)
        }
    }
}

fn clock_matches(clock: &StatedClock, at: DateTime<Utc>, zone: Tz) -> bool {
    let local = at.with_timezone(&zone);
    let same_time = local.hour() == clock.hour && local.minute() == clock.minute;
    let same_date = clock.date.is_none_or(|(month, day)| local.month() == month && local.day() == day);
    same_time && same_date
}

fn title_dates(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(span) = context.analysis.span else { return };
    let zone = context.incident.zone.unwrap_or(Tz::UTC);
    let first = span.start.with_timezone(&zone).date_naive();
    let last = span.end.with_timezone(&zone).date_naive();
    let title = &context.incident.file.title;
    let mut cursor = PhraseCursor::default();
    for stated in prose_scan::find_dates(title) {
        // Without a year the date may belong to any year the span touches (an incident across
        // New Year titled "Outage on January 1").
        let years = match stated.year {
            Some(year) => year..=year,
            None => first.year()..=last.year(),
        };
        let within = years.into_iter().any(|year| {
            let date = |(month, day): (u32, u32)| NaiveDate::from_ymd_opt(year, month, day);
            match (date(stated.first), date(stated.last)) {
                (Some(from), Some(to)) => to >= first && from <= last,
                // Not a date in this year (February 29): nothing to compare.
                _ => true,
            }
        });
        if !within {
            out.push(
                Diagnostic::new(
                    &TITLE_DATE_MISMATCH,
                    format!(
                        "the title says \"{}\" but the incident runs {}",
                        stated.phrase,
                        crate::time::date_range(first, last)
                    ),
                )
                .at("title")
                .pointing_at_after(
                    stated.phrase.clone(),
                    cursor.next(title, stated.range.clone()).map_or(0, |(_, skip)| skip),
                )
                .help("correct the date in the title, or the timeline"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::finds;

    /// One degraded window from 10:00:00 UTC to `end`, nothing else that has a duration.
    fn incident(title: &str, summary: &str, end: &str) -> String {
        format!(
            "format = 1\ntitle = \"{title}\"\nservice = \"Search\"\nsummary = \"{summary}\"\n\n\
             [[impact]]\ndeployment = \"EU\"\nstatus = \"degraded_performance\"\n\
             start = \"2026-06-15 10:00:00\"\nend = \"2026-06-15 {end}\"\n"
        )
    }

    #[test]
    fn about_thirty_minutes_holds_from_27m30s_to_32m30s_and_not_a_second_beyond() {
        let about = |end: &str| incident("Slow search", "Search was slow for about 30 minutes.", end);
        assert!(!finds("PM401", &about("10:32:30")));
        assert!(!finds("PM401", &about("10:27:30")));
        assert!(finds("PM401", &about("10:32:31")));
        assert!(finds("PM401", &about("10:27:29")));
    }

    #[test]
    fn an_exact_figure_holds_to_its_written_precision() {
        let exact = |end: &str| incident("Slow search", "Search was slow for 27 minutes.", end);
        assert!(!finds("PM401", &exact("10:27:30")));
        assert!(finds("PM401", &exact("10:27:31")));
    }

    #[test]
    fn a_clock_time_matches_to_the_minute() {
        let at = |summary: &str| incident("Slow search", summary, "10:30:00");
        assert!(!finds("PM402", &at("Search slowed at 10:00 UTC and recovered at 10:30 UTC.")));
        assert!(finds("PM402", &at("Search slowed at 10:01 UTC.")));
        assert!(finds("PM402", &at("Search slowed at 09:59 UTC.")));
    }

    #[test]
    fn a_title_date_on_the_incident_day_passes_and_the_next_day_is_pm403() {
        let titled = |title: &str| incident(title, "Search was slow.", "10:30:00");
        assert!(!finds("PM403", &titled("Slow search on June 15")));
        assert!(finds("PM403", &titled("Slow search on June 16")));
        assert!(finds("PM403", &titled("Slow search on June 14")));
    }
}
