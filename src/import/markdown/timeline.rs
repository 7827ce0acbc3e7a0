//! Timeline entries: a time (and date) followed by text, in lists, tables and lines.

use super::clock::{ReadTime, read_clock, timestamp_text};
use super::infer::Context;
use super::keep_section;
use super::segment::{EMPHASIS_RE, is_template_sentence, strip_list_marker};
use crate::model::Mark;
use crate::model::raw::{Event, IncidentFile};
use crate::prose::{find_clock_times, find_dates};
use chrono::{Days, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static LEADING_SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s—–:|,.)\]-]+").unwrap_or_else(|e| unreachable!("{e}")));

/// A timeline line read into a time and text.
#[derive(Debug)]
pub(super) struct TimelineItem {
    pub(super) time: ReadTime,
    pub(super) text: String,
}

/// "July 3, 16:00 — text", "2026-07-03 16:00 UTC - text", "16:00 PDT: text", "**14:55** text",
/// "| 14:55 | text |".
pub(super) fn timeline_item(
    line: &str,
    previous: Option<&ReadTime>,
    context: &Context,
) -> Option<TimelineItem> {
    let item = strip_list_marker(line.trim());
    let item = item.trim_start_matches('|').trim_end_matches('|');
    let clean = EMPHASIS_RE.replace_all(item, "").replace(" | ", " — ");
    let clocks = find_clock_times(&clean);
    let clock = clocks.first()?;
    let head = clean.get(..clock.range.start)?;
    if head.len() > 40 {
        return None;
    }
    // What comes before the time must be a date (or nothing).
    let head_dates = find_dates(head);
    let leftover: String = {
        let mut rest = head.to_string();
        for date in head_dates.iter().rev() {
            rest.replace_range(date.range.clone(), "");
        }
        rest
    };
    if leftover.chars().any(char::is_alphanumeric) && !leftover.trim().eq_ignore_ascii_case("at") {
        return None;
    }
    let year = head_dates.iter().find_map(|d| d.year);
    let mut clock = clock.clone();
    if clock.date.is_none() {
        clock.date = head_dates.first().map(|d| d.first);
    }
    let fallback = previous
        .map(|p| p.date)
        .or_else(|| context.main_date.and_then(|(m, d)| NaiveDate::from_ymd_opt(context.year, m, d)));
    let mut time = read_clock(&clock, year, fallback, context)?;
    // A time earlier than the one before it, with no date of its own, is past midnight.
    if !time.date_written
        && let Some(previous) = previous
        && time.instant < previous.instant
        && let Some(next_day) = time.date.checked_add_days(Days::new(1))
        && let Some(later) =
            read_clock(&clock, Some(chrono::Datelike::year(&next_day)), Some(next_day), context)
    {
        time = later;
    }
    let rest = clean.get(clock.range.end..)?;
    let text = LEADING_SEPARATOR_RE.replace(rest, "").trim().to_string();
    (!text.is_empty()).then_some(TimelineItem { time, text })
}

pub(super) fn read_timeline(
    lines: &[String],
    context: &Context,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let mut kept = Vec::new();
    let mut previous: Option<ReadTime> = None;
    let mut undated = 0usize;
    for line in lines {
        if line.trim().is_empty() || line.trim_start().starts_with("```") {
            continue;
        }
        if is_template_sentence(line)
            || line.trim_start().starts_with("|-")
            || line.trim_start().starts_with("| -")
        {
            continue;
        }
        if let Some(marks) = milestone_line(line)
            && let Some(event) = file.events.last_mut()
            && previous.is_some()
        {
            event.marks = marks;
            continue;
        }
        match timeline_item(line, previous.as_ref(), context) {
            Some(item) => {
                if !item.time.date_written {
                    undated += 1;
                }
                file.events.push(Event {
                    at: timestamp_text(item.time.instant, context.zone),
                    text: item.text,
                    marks: Vec::new(),
                    tz: None,
                    internal: false,
                });
                previous = Some(item.time);
            }
            None => kept.push(line.clone()),
        }
    }
    // A Mermaid block the rendered post-mortem carries is derived from the events.
    let mermaid_start = kept.iter().position(|l| l.trim() == "gantt");
    if let Some(start) = mermaid_start {
        kept.truncate(start);
        guesses.push("skipped the Mermaid chart (drawn from the timeline)".to_string());
    }
    if undated > 0 {
        guesses.push(format!("{undated} timeline time(s) without a date: dated from the item before or the document's first date"));
    }
    if !kept.is_empty() {
        keep_section(file, "Timeline", &kept, line_paragraphs, warnings);
    }
}

/// "(milestones: mitigated, recovered)": the marks the rendered post-mortem writes under a
/// timeline item.
pub(super) fn milestone_line(line: &str) -> Option<Vec<Mark>> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?;
    let names = inner.strip_prefix("milestones: ").or_else(|| inner.strip_prefix("milestone: "))?;
    names
        .split(", ")
        .map(|name| {
            let key = name.trim().replace(' ', "_");
            Mark::ALL.iter().copied().find(|m| m.as_str() == key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn context() -> Context {
        Context { year: 2026, zone: Tz::UTC, zone_abbreviation: Some("UTC".into()), main_date: Some((7, 3)) }
    }

    fn item(line: &str, previous: Option<&ReadTime>) -> Option<(String, String)> {
        timeline_item(line, previous, &context()).map(|i| (timestamp_text(i.time.instant, Tz::UTC), i.text))
    }
    #[test]
    fn timeline_items_in_the_usual_shapes() {
        let expect = |at: &str, text: &str| Some((at.to_string(), text.to_string()));
        assert_eq!(
            item("- July 3, 16:00 — Maintenance began.", None),
            expect("2026-07-03 16:00", "Maintenance began.")
        );
        assert_eq!(item("2026-07-04 14:55 UTC - Down.", None), expect("2026-07-04 14:55", "Down."));
        assert_eq!(item("16:00 PDT: Paged.", None), expect("2026-07-03 23:00", "Paged."));
        assert_eq!(
            item("**14:55** Lost the database.", None),
            expect("2026-07-03 14:55", "Lost the database.")
        );
        assert_eq!(
            item("3. Jul 4, 2026 at 2:50pm UTC — Posted.", None),
            expect("2026-07-04 14:50", "Posted.")
        );
        assert_eq!(item("| 14:55 | Down |", None), expect("2026-07-03 14:55", "Down"));
        assert_eq!(item("We restored service at 22:05.", None), None);
        assert_eq!(item("", None), None);
    }

    #[test]
    fn a_time_before_the_previous_one_is_the_next_day() {
        let first = timeline_item("23:50 — Alert.", None, &context()).expect("reads");
        let second = item("00:10 — Paged.", Some(&first.time));
        assert_eq!(second, Some(("2026-07-04 00:10".to_string(), "Paged.".to_string())));
    }

    #[test]
    fn milestone_lines_name_known_marks_only() {
        assert_eq!(
            milestone_line("   (milestones: mitigated, recovered)"),
            Some(vec![Mark::Mitigated, Mark::Recovered])
        );
        assert_eq!(milestone_line("(milestone: impact start)"), Some(vec![Mark::ImpactStart]));
        assert_eq!(milestone_line("(milestone: lunch)"), None);
        assert_eq!(milestone_line("(see below)"), None);
    }
}
