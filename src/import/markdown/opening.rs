//! The document's opening: its title (a heading, a subject line, the front matter's, the line
//! above a status-page block), the service it names, and the intro and thanks before the first
//! section.

use super::front_matter::FrontMatter;
use super::infer::{SERVICE_IN_INTRO_RE, SERVICE_IN_TITLE_RE};
use super::segment::{Part, Segment, body};
use super::set_text;
use crate::model::raw::IncidentFile;

/// Words a title puts where a service's name would be that name no service.
const GENERIC_NAMES: [&str; 9] =
    ["incident", "outage", "post-incident", "internal", "public", "our", "the", "production", "service"];

/// The opening lines and titles of a document.
pub(super) struct Opening {
    /// The document's own heading (or subject line), which may differ from the status-page title.
    pub(super) document_title: String,
    /// Lines before the first section (and of the status-page block that holds the post-mortem).
    pub(super) lines: Vec<String>,
    /// The status-page block whose body is the post-mortem, by segment index.
    pub(super) postmortem_update: Option<usize>,
    /// "Incident Report for Orbit": the page's name, under a pasted incident's title.
    page_name: Option<String>,
}

/// Read the opening; the status-page title (the line right before the first status-page block)
/// goes straight into `file.title`.
pub(super) fn read_opening(
    segments: &mut [Segment],
    front: Option<&FrontMatter>,
    file: &mut IncidentFile,
) -> Opening {
    let first_update = segments.iter().position(|s| matches!(s.part, Part::Update { .. }));
    let mut page_name = None;
    if first_update == Some(1)
        && let Some(preamble) = segments.first_mut()
    {
        let last_text = |lines: &[String]| lines.iter().rposition(|l| !l.trim().is_empty());
        if let Some(last) = last_text(&preamble.lines)
            && let Some(name) =
                preamble.lines.get(last).and_then(|l| l.trim().strip_prefix("Incident Report for "))
        {
            page_name = Some(name.trim().to_string());
            preamble.lines.remove(last);
        }
        if let Some(last) = last_text(&preamble.lines) {
            file.title = preamble.lines.remove(last).trim().to_string();
        }
    }
    // The update whose block holds the post-mortem's sections is the post-mortem update; its
    // own lines are the document's opening.
    let postmortem_update = segments.iter().enumerate().position(|(i, s)| {
        matches!(s.part, Part::Update { .. })
            && segments
                .get(i + 1)
                .is_some_and(|next| !matches!(next.part, Part::Update { .. } | Part::Preamble))
    });
    let mut lines: Vec<String> = Vec::new();
    let mut document_title = segments.first().map(|s| s.heading.clone()).unwrap_or_default();
    if let Some(preamble) = segments.first() {
        lines.extend(preamble.lines.iter().cloned());
    }
    if let Some(update) = postmortem_update.and_then(|i| segments.get(i)) {
        lines.extend(update.lines.iter().cloned());
    }
    // A first opening line that names the post-mortem is the document title.
    if document_title.is_empty()
        && let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && lines.get(first).is_some_and(|l| {
            SERVICE_IN_TITLE_RE.is_match(l.trim()) || (file.title.is_empty() && l.len() < 100)
        })
    {
        document_title = lines.remove(first).trim().to_string();
    }
    // An e-mail's subject line is its title.
    for prefix in ["Subject:", "subject:", "SUBJECT:"] {
        if let Some(rest) = document_title.strip_prefix(prefix) {
            document_title = rest.trim().to_string();
        }
    }
    if document_title.is_empty()
        && let Some(title) = front.and_then(|f| f.title.clone())
    {
        document_title = title;
    }
    Opening { document_title, lines, postmortem_update, page_name }
}

impl Opening {
    /// The service (from the title, else the opening sentence), the title when the status page
    /// gave none, and the intro and acknowledgements.
    pub(super) fn fill(self, file: &mut IncidentFile, guesses: &mut Vec<String>) {
        let document_title = self.document_title;
        let service = SERVICE_IN_TITLE_RE
            .captures(&document_title)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| m.as_str().trim().to_string())
            .or_else(|| {
                self.lines.iter().find_map(|l| {
                    SERVICE_IN_INTRO_RE.captures(l.trim())?.get(1).map(|m| m.as_str().to_string())
                })
            })
            .or(self.page_name);
        // "Search index corruption — postmortem": the dash is not the name's; "Incident
        // postmortem" names no service.
        let service = service
            .map(|s| s.trim_end_matches(['—', '–', '-', ':', ',', '|', ' ']).trim().to_string())
            .filter(|s| !s.is_empty() && !GENERIC_NAMES.contains(&s.to_lowercase().as_str()));
        if let Some(service) = service {
            guesses.push(format!("service \"{service}\" from the document's title or opening"));
            file.service = service;
        }
        if file.title.is_empty() {
            file.title = document_title.clone();
            if !file.title.is_empty() {
                guesses.push(format!("title \"{}\" from the document's heading", file.title));
            }
        } else if !document_title.is_empty() {
            guesses.push(format!(
                "\"{document_title}\" read as the document's heading (the rendered post-mortem writes it)"
            ));
        }
        // Opening paragraphs: thanks go to acknowledgements, the rest is the intro.
        let (thanks, intro): (Vec<String>, Vec<String>) =
            self.lines.into_iter().filter(|l| !l.trim().is_empty()).partition(|l| {
                let lower = l.trim().to_lowercase();
                lower.starts_with("thank")
                    || lower.starts_with("we appreciate")
                    || lower.starts_with("we would like to thank")
            });
        set_text(&mut file.intro, body(&intro, true));
        set_text(&mut file.acknowledgements, body(&thanks, true));
    }
}
