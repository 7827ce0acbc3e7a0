//! Segmenting a document: headings, status-page blocks, paragraphs and list items.

use regex::Regex;

use super::lines::{LIST_MARKER_RE, MD_HEADING_RE};
use super::stamp::read_stamp;
use super::status_blocks::{
    closing_stamps, is_affected_services, is_status_date, message_first_block, status_stamp,
    unlabelled_block, update_label,
};
use std::sync::LazyLock;

/// What a heading announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Preamble,
    Summary,
    Impact,
    Timeline,
    RootCause,
    Resolution,
    LessonsLearned,
    Actions,
    Closing,
    Acknowledgements,
    /// "Status updates": the heading over the status-page blocks a rendered post-mortem ends with.
    StatusUpdates,
    /// A status-page block: its label ("Resolved", "Updated") and its date line.
    Update {
        label: String,
        at: String,
    },
    /// "Key facts": the table the rendered post-mortem opens with, every figure of which the
    /// file's own fields give again; read past.
    KeyFacts,
    /// A heading the format has no field for; kept as a section.
    Other,
}

#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub(super) part: Part,
    pub(super) heading: String,
    pub(super) lines: Vec<String>,
    /// "Affected services" listed under a status-page block.
    pub(super) affected: Vec<String>,
    /// Whether an "Affected services" line has been seen (the list may be empty).
    pub(super) has_affected: bool,
    /// The sentence that opened a timeline in plain text.
    pub(super) intro: Option<String>,
}

impl Segment {
    pub(super) fn new(part: Part, heading: impl Into<String>) -> Segment {
        Segment {
            part,
            heading: heading.into(),
            lines: Vec::new(),
            affected: Vec::new(),
            has_affected: false,
            intro: None,
        }
    }

    pub(super) fn has_text(&self) -> bool {
        self.lines.iter().any(|l| !l.trim().is_empty())
    }
}

/// A sentence that announces the timeline below it.
static TIMELINE_INTRO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^.{0,80}\b(?:sequence of events|timeline|chronology|order of events|events (?:as they )?unfolded)\b.{0,80}:\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Sentences the rendered post-mortem writes itself; recognised so they do not come back as
/// text of their own.
pub(super) const TEMPLATE_SENTENCES: [&str; 7] = [
    "in the gantt chart, `crit` bars are",
    "the gantt chart below is in utc",
    "the incident affected deployments as follows",
    "the following improvements are being implemented",
    "duration, computed from the impact windows",
    "planned maintenance, reported apart",
    "timeline chart of the",
];

pub(super) fn heading_part(text: &str) -> Option<Part> {
    let lower = text.trim().trim_end_matches(':').trim().to_lowercase();
    // "Timeline (UTC)", "Impact (all times PDT)": the parenthesis qualifies the heading.
    let base = lower.split('(').next().unwrap_or("").trim();
    Some(match base {
        "summary" | "overview" | "incident summary" | "executive summary" | "what happened" => Part::Summary,
        "impact" | "customer impact" | "user impact" | "impact on customers" => Part::Impact,
        "timeline" | "incident timeline" | "chronology" | "sequence of events" => Part::Timeline,
        "root cause" | "root causes" | "root cause analysis" | "cause" | "why it happened" => Part::RootCause,
        "resolution" | "resolution and recovery" | "recovery" | "remediation" | "mitigation" => {
            Part::Resolution
        }
        "lessons learned" | "lessons" | "what we learned" | "learnings" => Part::LessonsLearned,
        "preventive actions"
        | "preventative actions"
        | "action items"
        | "actions"
        | "follow-up actions"
        | "follow-ups"
        | "follow up actions"
        | "corrective actions"
        | "next steps"
        | "what we are doing"
        | "improvements" => Part::Actions,
        "closing" | "closing remarks" | "conclusion" | "in closing" => Part::Closing,
        "acknowledgements" | "acknowledgments" | "thanks" | "thank you" => Part::Acknowledgements,
        "status updates" | "status page updates" | "updates" => Part::StatusUpdates,
        "key facts" => Part::KeyFacts,
        _ => return None,
    })
}

/// Split the document into segments by headings and status-page blocks.
pub(super) fn segment(lines: &[&str]) -> Vec<Segment> {
    let mut segmenter = Segmenter {
        lines,
        segments: vec![Segment::new(Part::Preamble, "")],
        closing: closing_stamps(lines),
        last_update: None,
        in_affected: false,
        block_start: (0, 0),
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i = segmenter.step(line, i + 1);
    }
    segmenter.segments
}

/// The state carried from line to line while segmenting.
struct Segmenter<'a> {
    lines: &'a [&'a str],
    segments: Vec<Segment>,
    /// Per line: whether its status-page date closes an unlabelled block.
    closing: Vec<bool>,
    /// The latest status-page block, which an "Affected services" list belongs to.
    last_update: Option<usize>,
    in_affected: bool,
    /// Where the current status-page block began: (segment, line) in that segment.
    block_start: (usize, usize),
}

impl Segmenter<'_> {
    /// Read one line (`i` is the index of the line after it); returns the index to read next.
    fn step(&mut self, line: &str, i: usize) -> usize {
        let trimmed = line.trim();
        if is_status_date(trimmed) && self.split_status_block(trimmed, i) {
            return i;
        }
        let heading = MD_HEADING_RE
            .captures(line)
            .and_then(|c| Some((c.get(1)?.as_str().len(), c.get(2)?.as_str().to_string())));
        // A status-page block's label may be a Markdown heading ("### Resolved").
        let label_text = heading.as_ref().map_or(trimmed, |(_, title)| title.as_str());
        if self.labelled_update(label_text, i) {
            return i + 1;
        }
        if self.affected_line(trimmed, heading.is_some()) {
            return i;
        }
        let bold = trimmed
            .strip_prefix("**")
            .and_then(|t| t.strip_suffix("**"))
            .filter(|t| !t.contains("**") && t.len() < 60)
            .map(str::to_string);
        if self.stamp_heading(heading.as_ref(), bold.as_ref()) {
            return i;
        }
        self.structure(line, trimmed, heading, bold, i);
        i
    }

    /// Whether the document so far is only its (untitled, empty) preamble.
    fn at_document_start(&self) -> bool {
        self.segments.len() == 1 && !self.segments.iter().any(Segment::has_text)
    }

    fn push_update(&mut self, update: Segment) {
        self.segments.push(update);
        self.last_update = Some(self.segments.len() - 1);
        self.in_affected = false;
    }

    /// A status-page date line under a message: the lines since the current block began become
    /// an update of their own. Returns whether the line was taken.
    fn split_status_block(&mut self, trimmed: &str, i: usize) -> bool {
        let current_index = self.segments.len() - 1;
        let block_start = self.block_start;
        let closing = &self.closing;
        let Some(current) = self.segments.last_mut() else {
            return false;
        };
        let from = if block_start.0 == current_index { block_start.1 } else { 0 };
        let opening = current.part == Part::Preamble;
        let unlabelled = || {
            let closes = closing.get(i - 1).copied().unwrap_or(false)
                && (opening || matches!(current.part, Part::Update { .. }));
            let (at, message) =
                current.lines.get(from..).filter(|_| closes).and_then(|l| unlabelled_block(l, opening))?;
            Some((at, "unlabelled", message))
        };
        let block = current.lines.get(from..).and_then(message_first_block).or_else(unlabelled);
        let Some((at, label, message)) = block else {
            return false;
        };
        current.lines.truncate(from + at);
        let mut update = Segment::new(
            Part::Update { label: label.to_string(), at: status_stamp(trimmed).to_string() },
            label,
        );
        update.lines = message;
        // The next block starts after this one's message.
        self.block_start = (self.segments.len(), update.lines.len());
        self.push_update(update);
        true
    }

    /// A status-page label ("Resolved") with its date on the next line opens an update.
    fn labelled_update(&mut self, label_text: &str, i: usize) -> bool {
        let Some(label) = update_label(label_text) else {
            return false;
        };
        let Some(next) = self.lines.get(i).filter(|next| is_status_date(next)) else {
            return false;
        };
        self.push_update(Segment::new(
            Part::Update { label: label.to_string(), at: status_stamp(next).to_string() },
            label_text,
        ));
        true
    }

    /// "Affected services" and the list under it; returns whether the line was taken.
    fn affected_line(&mut self, trimmed: &str, is_heading: bool) -> bool {
        if is_affected_services(trimmed) {
            // The list belongs to the latest status-page block, even after the post-mortem's
            // sections (a published post-mortem is the body of its update).
            if let Some(update) = self.last_update.and_then(|u| self.segments.get_mut(u)) {
                update.has_affected = true;
                self.in_affected = true;
                return true;
            }
        }
        if self.in_affected && is_heading {
            self.in_affected = false;
        }
        if !self.in_affected {
            return false;
        }
        if trimmed.is_empty() {
            return true;
        }
        match self.last_update.and_then(|u| self.segments.get_mut(u)) {
            Some(update) => {
                update.affected.push(LIST_MARKER_RE.replace(trimmed, "").trim().to_string());
                true
            }
            None => false,
        }
    }

    /// A heading or bold line that is a timeline stamp ("### 2019 March 3 04:10 UTC",
    /// "**March 3**") opens an entry: it is a timeline line, not a section.
    fn stamp_heading(&mut self, heading: Option<&(usize, String)>, bold: Option<&String>) -> bool {
        let is_document_title = heading.is_some_and(|(level, _)| *level == 1) && self.at_document_start();
        let titled = heading.map(|(_, t)| t.clone()).or(bold.cloned()).filter(|_| !is_document_title);
        let is_stamp = |t: &str| read_stamp(t).is_some_and(|s| s.clock.is_some() || s.text.is_empty());
        let Some(title) = titled.filter(|t| heading_part(t).is_none() && is_stamp(t)) else {
            return false;
        };
        let in_timeline = self.segments.last().is_some_and(|s| s.part == Part::Timeline);
        if !in_timeline {
            self.segments.push(Segment::new(Part::Timeline, ""));
        }
        if let Some(current) = self.segments.last_mut() {
            current.lines.push(title);
        }
        true
    }

    /// Timelines opened by their lines, section headings, and the text under them.
    fn structure(
        &mut self,
        line: &str,
        trimmed: &str,
        heading: Option<(usize, String)>,
        bold: Option<String>,
        i: usize,
    ) {
        let plain = (trimmed.len() < 60 && heading_part(trimmed).is_some()).then(|| trimmed.to_string());
        // Lines that start with a time, one after another, are a timeline wherever they stand.
        let in_prose = self
            .segments
            .last()
            .is_some_and(|s| matches!(s.part, Part::Preamble | Part::Summary | Part::Other));
        if heading.is_none()
            && in_prose
            && starts_entry(trimmed)
            && self.lines.get(i).is_some_and(|next| starts_entry(next.trim()))
        {
            self.segments.push(Segment::new(Part::Timeline, ""));
        }
        // "Below is the sequence of events (all times are in UTC):" opens a timeline in plain text.
        if heading.is_none() && TIMELINE_INTRO_RE.is_match(trimmed) {
            let mut timeline = Segment::new(Part::Timeline, "");
            timeline.intro = Some(trimmed.to_string());
            self.segments.push(timeline);
            return;
        }
        match (heading, bold.or(plain)) {
            (Some((1, title)), _) if self.at_document_start() => {
                // The document's own title: kept with the preamble.
                if let Some(preamble) = self.segments.first_mut() {
                    preamble.heading = title;
                }
            }
            (Some((_, title)), _) | (None, Some(title)) => {
                let part = heading_part(&title).unwrap_or(Part::Other);
                self.segments.push(Segment::new(part, title));
            }
            (None, None) => {
                if let Some(current) = self.segments.last_mut() {
                    current.lines.push(line.to_string());
                }
            }
        }
    }
}

/// Paragraphs of a segment's lines as Markdown: blank lines separate paragraphs; in a document
/// without blank lines (text copied from a web page) every line is a paragraph.
pub(super) fn body(lines: &[String], line_paragraphs: bool) -> String {
    let mut out = String::new();
    let mut previous_list = false;
    let mut pending_blank = false;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        let is_list = LIST_MARKER_RE.is_match(trimmed);
        if !out.is_empty() {
            let separator =
                if pending_blank || (line_paragraphs && !(is_list && previous_list)) { "\n\n" } else { "\n" };
            out.push_str(separator);
        }
        out.push_str(if line_paragraphs { trimmed.trim() } else { trimmed });
        previous_list = is_list;
        pending_blank = false;
    }
    out
}

pub(super) fn is_template_sentence(line: &str) -> bool {
    let lower = line.to_lowercase();
    TEMPLATE_SENTENCES.iter().any(|s| lower.contains(s)) || lower.trim_start().starts_with("![")
}

/// List items with their indented continuation lines joined on ("- Replace DHCP …\n  (prevent)"
/// is one item).
pub(super) fn with_continuations(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in lines {
        let continues = in_item
            && !line.trim().is_empty()
            && (line.starts_with(' ') || line.starts_with('\t'))
            && !LIST_MARKER_RE.is_match(line);
        match out.last_mut() {
            Some(item) if continues => {
                item.push(' ');
                item.push_str(line.trim());
            }
            _ => {
                in_item = LIST_MARKER_RE.is_match(line);
                out.push(line.clone());
            }
        }
    }
    out
}

pub(super) fn first_words(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("Imported post-mortem");
    let line = MD_HEADING_RE.captures(line).and_then(|c| c.get(2)).map_or(line, |m| m.as_str());
    line.chars().take(100).collect::<String>().trim().to_string()
}

/// A line that opens with a clock time (after an optional date) and says something after it.
fn starts_entry(line: &str) -> bool {
    read_stamp(line).is_some_and(|s| s.clock.is_some() && !s.text.is_empty())
}
