//! Timeline entries: a time (and date) followed by text, in lists, tables and lines.

use super::clock::{ReadTime, timestamp_text};
use super::infer::Context;
use super::keep_section;
use super::lines::{is_table_separator, table_cells};
use super::prose_entries::prose_entries;
use super::segment::is_template_sentence;
use super::stamp::{Stamp, clean_line, read_stamp, stamp_time};
use crate::model::Mark;
use crate::model::raw::{Event, IncidentFile};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// An entry being read: its event, and whether paragraphs after a blank line still belong to
/// it (an entry whose stamp stood alone, as a heading or a bold line, owns the paragraphs below).
struct Open {
    event: usize,
    owns_paragraphs: bool,
}

/// What reading a timeline found besides its events.
#[derive(Default)]
struct Reading {
    kept: Vec<String>,
    undated: usize,
    approximate: usize,
    date_only: usize,
    mermaid: bool,
    /// Paragraphs read as prose entries.
    prose: usize,
}

/// "(lasting 47 minutes)", "for 2 hours": all a stamp's text says is how long.
static LASTING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\(?\s*(?:lasting|lasted|for|duration:?)\s+(?:about\s+|approximately\s+|~)?\d+[^()]{0,40}\)?$",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Read the timeline's lines into events; what is not an entry is kept as a section.
pub(super) fn read_timeline(
    lines: &[String],
    context: &Context,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let mut reading = Reading::default();
    let mut previous: Option<ReadTime> = None;
    let mut day: Option<NaiveDate> = None;
    let mut day_label: Option<String> = None;
    let mut open: Option<Open> = None;
    let mut blank = false;
    let mut fence: Option<bool> = None;
    let first_event = file.events.len();
    for (index, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = match fence {
                Some(_) => None,
                None => Some(trimmed.trim_start_matches(['`', '~']).trim().eq_ignore_ascii_case("mermaid")),
            };
            reading.mermaid |= fence == Some(true);
            if fence != Some(true) && !(fence.is_none() && reading.mermaid && trimmed == "```") {
                reading.kept.push(raw.clone());
            }
            continue;
        }
        match fence {
            Some(true) => continue,
            Some(false) => {
                reading.kept.push(raw.clone());
                continue;
            }
            None => {}
        }
        if trimmed.is_empty() {
            blank = true;
            continue;
        }
        // A table's header row ("| Time (UTC) | Event |") is its structure, not an entry.
        let header_row = table_cells(trimmed).is_some()
            && lines.get(index + 1).is_some_and(|next| is_table_separator(next))
            && read_stamp(trimmed).is_none_or(|s| s.clock.is_none());
        if is_template_sentence(raw) || is_table_separator(trimmed) || header_row {
            continue;
        }
        if let Some(marks) = milestone_line(raw)
            && let Some(event) = open.as_ref().and_then(|o| file.events.get_mut(o.event))
        {
            event.marks = marks;
            continue;
        }
        let line = table_cells(trimmed).map_or_else(|| raw.clone(), |cells| cells.join(" — "));
        let stamp = read_stamp(&line);
        match stamp {
            Some(Stamp { date: Some(date), clock: None, text, .. }) => {
                day = date.day_in(context.year);
                let label = clean_line(&line);
                let label = match label.strip_suffix(text.as_str()).filter(|_| !text.is_empty()) {
                    Some(date) => date.trim_end_matches([' ', ':', '—', '–', '-', ',']).to_string(),
                    None => label,
                };
                day_label = Some(label);
                previous = None;
                open = None;
                if !text.is_empty() {
                    reading.date_only += 1;
                    reading
                        .kept
                        .push(format!("{} (no time given): {text}", day_label.as_deref().unwrap_or("")));
                }
            }
            Some(Stamp { clock: Some(_), .. }) if let Some(entries) = prose_entries(&line) => {
                reading.prose += 1;
                for (clock, text) in entries {
                    match stamp_time(&clock, None, day, previous.as_ref(), context) {
                        Some(time) => {
                            file.events.push(Event {
                                at: timestamp_text(time.instant, context.zone),
                                text,
                                marks: Vec::new(),
                                tz: None,
                                internal: false,
                            });
                            day = Some(time.date);
                            previous = Some(time);
                        }
                        None => reading.kept.push(text),
                    }
                }
                open = None;
                day_label = None;
            }
            // "April 9 14:12 UTC (lasting 47 minutes)": a heading over an incident's story,
            // kept as text (its window is read from it), not an entry.
            Some(Stamp { clock: Some(_), text, .. }) if LASTING_RE.is_match(&text) => {
                reading.kept.push(clean_line(&line));
                open = None;
            }
            Some(Stamp { clock: Some(clock), date, approximate, text }) => {
                let Some(time) = stamp_time(&clock, date.as_ref(), day, previous.as_ref(), context) else {
                    reading.kept.push(raw.clone());
                    open = None;
                    continue;
                };
                reading.undated += usize::from(!time.date_written && day.is_none());
                let mut text = text;
                if approximate {
                    reading.approximate += 1;
                    text = if text.is_empty() {
                        "(time approximate)".to_string()
                    } else {
                        format!("{text} (time approximate)")
                    };
                }
                open = Some(Open {
                    event: file.events.len(),
                    owns_paragraphs: text.is_empty() || text == "(time approximate)",
                });
                file.events.push(Event {
                    at: timestamp_text(time.instant, context.zone),
                    text,
                    marks: Vec::new(),
                    tz: None,
                    internal: false,
                });
                day = Some(time.date);
                day_label = None;
                previous = Some(time);
            }
            _ => {
                let continues = open
                    .as_ref()
                    .is_some_and(|o| !blank || o.owns_paragraphs || raw.starts_with([' ', '\t']));
                match open.as_ref().and_then(|o| file.events.get_mut(o.event)).filter(|_| continues) {
                    Some(event) => {
                        let joiner = if event.text.is_empty() {
                            ""
                        } else if blank {
                            "\n\n"
                        } else {
                            " "
                        };
                        event.text = format!("{}{joiner}{}", event.text, raw.trim());
                    }
                    None => {
                        open = None;
                        match &day_label {
                            Some(label) => {
                                reading.date_only += 1;
                                reading.kept.push(format!("{label} (no time given): {}", raw.trim()));
                            }
                            None => reading.kept.push(raw.clone()),
                        }
                    }
                }
            }
        }
        blank = false;
    }
    for event in file.events.iter_mut().skip(first_event).filter(|e| e.text.trim().is_empty()) {
        event.text = "(no text)".to_string();
    }
    report(reading, file, line_paragraphs, guesses, warnings);
}

fn report(
    reading: Reading,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    if reading.prose > 0 {
        guesses.push(format!(
            "{} timeline paragraph(s) written as prose: one entry per time they state",
            reading.prose
        ));
    }
    if reading.mermaid {
        guesses.push("skipped the Mermaid chart (drawn from the timeline)".to_string());
    }
    if reading.undated > 0 {
        guesses.push(format!(
            "{} timeline time(s) without a date: dated from the item before or the document's first date",
            reading.undated
        ));
    }
    if reading.approximate > 0 {
        guesses.push(format!(
            "{} timeline time(s) marked approximate (±, ~, \"approximately\"): read at the time written, noted in the text",
            reading.approximate
        ));
    }
    if reading.date_only > 0 {
        warnings.push(format!(
            "{} timeline line(s) give a day but no time: kept as text under their day, no event invented",
            reading.date_only
        ));
    }
    if !reading.kept.is_empty() {
        keep_section(file, "Timeline", &reading.kept, line_paragraphs, warnings);
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
    use std::cell::RefCell;

    fn events(lines: &[&str]) -> Vec<(String, String)> {
        let context = Context {
            year: 2026,
            zone: Tz::UTC,
            zone_abbreviation: Some("UTC".into()),
            main_date: Some((7, 3)),
            warnings: RefCell::new(Vec::new()),
        };
        let mut file = IncidentFile::default();
        let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        read_timeline(&lines, &context, &mut file, false, &mut Vec::new(), &mut Vec::new());
        file.events.into_iter().map(|e| (e.at, e.text)).collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(a, t)| (a.to_string(), t.to_string())).collect()
    }

    #[test]
    fn list_items_in_the_usual_shapes() {
        assert_eq!(
            events(&[
                "- July 3, 16:00 — Maintenance began.",
                "- 2026-07-04 14:55 UTC - Down.",
                "3. Jul 4, 2026 at 2:50pm UTC — Posted."
            ]),
            pairs(&[
                ("2026-07-03 16:00", "Maintenance began."),
                ("2026-07-04 14:55", "Down."),
                ("2026-07-04 14:50", "Posted.")
            ])
        );
        assert_eq!(events(&["16:00 PDT: Paged."]), pairs(&[("2026-07-03 23:00", "Paged.")]));
        assert_eq!(events(&["We restored service at 22:05."]), []);
    }

    #[test]
    fn a_time_before_the_previous_one_is_the_next_day() {
        assert_eq!(
            events(&["23:50 — Alert.", "00:10 — Paged."]),
            pairs(&[("2026-07-03 23:50", "Alert."), ("2026-07-04 00:10", "Paged.")])
        );
    }

    #[test]
    fn headings_bold_paragraphs_tables_and_date_rows() {
        assert_eq!(
            events(&["2026 July 5 04:10 UTC", "", "The pager went off.", "", "Nobody answered."]),
            pairs(&[("2026-07-05 04:10", "The pager went off.\n\nNobody answered.")])
        );
        assert_eq!(
            events(&["**± 08:40 UTC:** Disk filled", "and writes stopped.", "**08:55 UTC:** Cleared."]),
            pairs(&[
                ("2026-07-03 08:40", "Disk filled (time approximate) and writes stopped."),
                ("2026-07-03 08:55", "Cleared.")
            ])
        );
        assert_eq!(
            events(&[
                "| Time | Event |",
                "|---|---|",
                "| **July 6** | |",
                "| 23:59 | Late |",
                "| 00:01 | Early |"
            ]),
            pairs(&[("2026-07-06 23:59", "Late"), ("2026-07-07 00:01", "Early")])
        );
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
