//! Timeline entries: a time (and date) followed by text, in lists, tables and lines.

use super::clock::{ReadTime, timestamp_text};
use super::infer::Context;
use super::keep_section;
use super::lines::{is_table_separator, table_cells};
use super::milestones::milestone_line;
use super::prose_entries::prose_entries;
use super::segment::is_template_sentence;
use super::stamp::{Stamp, clean_line, read_stamp, stamp_time};
use crate::model::raw::{Event, IncidentFile};
use crate::prose::StatedClock;
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
    let mut reader = TimelineReader {
        context,
        reading: Reading::default(),
        previous: None,
        day: None,
        day_label: None,
        open: None,
        blank: false,
        fence: None,
    };
    let first_event = file.events.len();
    for (index, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim();
        if reader.in_fence(raw, trimmed) {
            continue;
        }
        if trimmed.is_empty() {
            reader.blank = true;
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
            && let Some(event) = reader.open.as_ref().and_then(|o| file.events.get_mut(o.event))
        {
            event.marks = marks;
            continue;
        }
        if reader.entry_line(raw, trimmed, file) {
            reader.blank = false;
        }
    }
    for event in file.events.iter_mut().skip(first_event).filter(|e| e.text.trim().is_empty()) {
        event.text = "(no text)".to_string();
    }
    report(reader.reading, file, line_paragraphs, guesses, warnings);
}

/// The state carried from line to line while reading a timeline.
struct TimelineReader<'a> {
    context: &'a Context,
    reading: Reading,
    /// The latest time read, which an undated time follows.
    previous: Option<ReadTime>,
    day: Option<NaiveDate>,
    /// A date line's own words, while the lines under it give no time.
    day_label: Option<String>,
    open: Option<Open>,
    /// Whether a blank line came before this one.
    blank: bool,
    /// Inside a code fence: whether it is a Mermaid chart.
    fence: Option<bool>,
}

impl TimelineReader<'_> {
    /// Code fences: a Mermaid chart is skipped, other code kept. Returns whether the line was taken.
    fn in_fence(&mut self, raw: &str, trimmed: &str) -> bool {
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            self.fence = match self.fence {
                Some(_) => None,
                None => Some(trimmed.trim_start_matches(['`', '~']).trim().eq_ignore_ascii_case("mermaid")),
            };
            self.reading.mermaid |= self.fence == Some(true);
            if self.fence != Some(true) && !(self.fence.is_none() && self.reading.mermaid && trimmed == "```")
            {
                self.reading.kept.push(raw.to_string());
            }
            return true;
        }
        match self.fence {
            Some(true) => true,
            Some(false) => {
                self.reading.kept.push(raw.to_string());
                true
            }
            None => false,
        }
    }

    /// A line that may be an entry, a date, or text going on from the entry before. Returns
    /// false for a stamp whose time cannot be read, which leaves a blank line before it pending.
    fn entry_line(&mut self, raw: &str, trimmed: &str, file: &mut IncidentFile) -> bool {
        let line = table_cells(trimmed).map_or_else(|| raw.to_string(), |cells| cells.join(" — "));
        match read_stamp(&line) {
            Some(Stamp { date: Some(date), clock: None, text, .. }) => {
                self.day = date.day_in(self.context.year);
                self.date_line(&line, &text);
            }
            Some(Stamp { clock: Some(_), .. }) if let Some(entries) = prose_entries(&line) => {
                self.prose_entries(entries, file);
            }
            // "April 9 14:12 UTC (lasting 47 minutes)": a heading over an incident's story,
            // kept as text (its window is read from it), not an entry.
            Some(Stamp { clock: Some(_), text, .. }) if LASTING_RE.is_match(&text) => {
                self.reading.kept.push(clean_line(&line));
                self.open = None;
            }
            Some(Stamp { clock: Some(clock), date, approximate, text }) => {
                let Some(time) =
                    stamp_time(&clock, date.as_ref(), self.day, self.previous.as_ref(), self.context)
                else {
                    self.reading.kept.push(raw.to_string());
                    self.open = None;
                    return false;
                };
                self.entry(time, approximate, text, file);
            }
            _ => self.continuation(raw, file),
        }
        true
    }

    /// A line that gives a day but no time: the day of the entries below it.
    fn date_line(&mut self, line: &str, text: &str) {
        let label = clean_line(line);
        let label = match label.strip_suffix(text).filter(|_| !text.is_empty()) {
            Some(date) => date.trim_end_matches([' ', ':', '—', '–', '-', ',']).to_string(),
            None => label,
        };
        self.day_label = Some(label);
        self.previous = None;
        self.open = None;
        if !text.is_empty() {
            self.reading.date_only += 1;
            self.reading
                .kept
                .push(format!("{} (no time given): {text}", self.day_label.as_deref().unwrap_or("")));
        }
    }

    /// A paragraph of prose stating several times: an entry for each.
    fn prose_entries(&mut self, entries: Vec<(StatedClock, String)>, file: &mut IncidentFile) {
        self.reading.prose += 1;
        for (clock, text) in entries {
            match stamp_time(&clock, None, self.day, self.previous.as_ref(), self.context) {
                Some(time) => {
                    file.events.push(new_event(&time, text, self.context));
                    self.day = Some(time.date);
                    self.previous = Some(time);
                }
                None => self.reading.kept.push(text),
            }
        }
        self.open = None;
        self.day_label = None;
    }

    /// A stamped line: a new event, open for the lines that go on from it.
    fn entry(&mut self, time: ReadTime, approximate: bool, text: String, file: &mut IncidentFile) {
        self.reading.undated += usize::from(!time.date_written && self.day.is_none());
        let mut text = text;
        if approximate {
            self.reading.approximate += 1;
            text = if text.is_empty() {
                "(time approximate)".to_string()
            } else {
                format!("{text} (time approximate)")
            };
        }
        self.open = Some(Open {
            event: file.events.len(),
            owns_paragraphs: text.is_empty() || text == "(time approximate)",
        });
        file.events.push(new_event(&time, text, self.context));
        self.day = Some(time.date);
        self.day_label = None;
        self.previous = Some(time);
    }

    /// A line without a stamp: more of the open entry's text, or text kept under its day.
    fn continuation(&mut self, raw: &str, file: &mut IncidentFile) {
        let blank = self.blank;
        let continues =
            self.open.as_ref().is_some_and(|o| !blank || o.owns_paragraphs || raw.starts_with([' ', '\t']));
        match self.open.as_ref().and_then(|o| file.events.get_mut(o.event)).filter(|_| continues) {
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
                self.open = None;
                match &self.day_label {
                    Some(label) => {
                        self.reading.date_only += 1;
                        self.reading.kept.push(format!("{label} (no time given): {}", raw.trim()));
                    }
                    None => self.reading.kept.push(raw.to_string()),
                }
            }
        }
    }
}

fn new_event(time: &ReadTime, text: String, context: &Context) -> Event {
    Event {
        at: timestamp_text(time.instant, context.zone),
        text,
        marks: Vec::new(),
        tz: None,
        internal: false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mark;
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
