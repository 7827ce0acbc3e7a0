//! Segmenting a document: headings, status-page blocks, paragraphs and list items.

use crate::prose::{find_clock_times, find_dates};
use regex::Regex;
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
}

impl Segment {
    pub(super) fn new(part: Part, heading: impl Into<String>) -> Segment {
        Segment {
            part,
            heading: heading.into(),
            lines: Vec::new(),
            affected: Vec::new(),
            has_affected: false,
        }
    }

    pub(super) fn has_text(&self) -> bool {
        self.lines.iter().any(|l| !l.trim().is_empty())
    }
}

pub(super) static MD_HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$").unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static LIST_MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+").unwrap_or_else(|e| unreachable!("{e}")));
pub(super) static EMPHASIS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*|__|`").unwrap_or_else(|e| unreachable!("{e}")));
/// Sentences the rendered post-mortem writes itself; recognised so they do not come back as
/// text of their own.
pub(super) const TEMPLATE_SENTENCES: [&str; 5] = [
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
        _ => return None,
    })
}

/// The status of a status-page block label, when the label is one.
pub(super) fn update_label(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    Some(match lower.as_str() {
        "resolved" => "resolved",
        "monitoring" => "monitoring",
        "identified" => "identified",
        "investigating" => "investigating",
        "update" | "updated" => "updated",
        "created" => "created",
        "postmortem" | "post-mortem" => "postmortem",
        "scheduled" => "scheduled",
        "in progress" => "in_progress",
        "verifying" => "verifying",
        "completed" => "completed",
        _ => return None,
    })
}

/// A line that is a status-page date, such as "Jul 4, 2026 at 11:32pm UTC".
pub(super) fn is_status_date(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 60 {
        return false;
    }
    let dates = find_dates(line);
    let clocks = find_clock_times(line);
    let (Some(date), Some(clock)) = (dates.first(), clocks.first()) else {
        return false;
    };
    date.year.is_some() && date.range.start <= 1 && clock.range.end + 1 >= line.len()
}

pub(super) fn is_affected_services(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    lower == "affected services" || lower == "affected components"
}

/// Split the document into segments by headings and status-page blocks.
pub(super) fn segment(lines: &[&str]) -> Vec<Segment> {
    let mut segments = vec![Segment::new(Part::Preamble, "")];
    let mut last_update: Option<usize> = None;
    let mut in_affected = false;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        let trimmed = line.trim();
        let heading = MD_HEADING_RE
            .captures(line)
            .and_then(|c| Some((c.get(1)?.as_str().len(), c.get(2)?.as_str().to_string())));
        // A status-page block's label may be a Markdown heading ("### Resolved").
        let label_text = heading.as_ref().map_or(trimmed, |(_, title)| title.as_str());
        if let Some(label) = update_label(label_text)
            && let Some(next) = lines.get(i)
            && is_status_date(next)
        {
            i += 1;
            segments.push(Segment::new(
                Part::Update { label: label.to_string(), at: next.trim().to_string() },
                label_text,
            ));
            last_update = Some(segments.len() - 1);
            in_affected = false;
            continue;
        }
        if is_affected_services(trimmed) {
            // The list belongs to the latest status-page block, even after the post-mortem's
            // sections (a published post-mortem is the body of its update).
            if let Some(update) = last_update.and_then(|u| segments.get_mut(u)) {
                update.has_affected = true;
                in_affected = true;
                continue;
            }
        }
        if in_affected && heading.is_some() {
            in_affected = false;
        }
        if in_affected {
            if trimmed.is_empty() {
                continue;
            }
            if let Some(update) = last_update.and_then(|u| segments.get_mut(u)) {
                update.affected.push(LIST_MARKER_RE.replace(trimmed, "").trim().to_string());
                continue;
            }
        }
        let bold = trimmed
            .strip_prefix("**")
            .and_then(|t| t.strip_suffix("**"))
            .filter(|t| !t.contains("**") && t.len() < 60)
            .map(str::to_string);
        let plain = (trimmed.len() < 60 && heading_part(trimmed).is_some()).then(|| trimmed.to_string());
        match (heading, bold.or(plain)) {
            (Some((1, title)), _) if segments.len() == 1 && !segments.iter().any(Segment::has_text) => {
                // The document's own title: kept with the preamble.
                if let Some(preamble) = segments.first_mut() {
                    preamble.heading = title;
                }
            }
            (Some((_, title)), _) | (None, Some(title)) => {
                let part = heading_part(&title).unwrap_or(Part::Other);
                segments.push(Segment::new(part, title));
            }
            (None, None) => {
                if let Some(current) = segments.last_mut() {
                    current.lines.push(line.to_string());
                }
            }
        }
    }
    segments
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

pub(super) fn strip_list_marker(line: &str) -> &str {
    match LIST_MARKER_RE.find(line) {
        Some(m) => line.get(m.end()..).unwrap_or(line),
        None => line.trim_start(),
    }
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
