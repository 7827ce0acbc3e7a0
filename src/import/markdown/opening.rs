//! The document's opening: its title (a heading, a subject line, the front matter's, the line
//! above a status-page block), the service it names, and the intro and thanks before the first
//! section.

use std::sync::LazyLock;

use regex::Regex;

use super::front_matter::FrontMatter;
use super::infer::{SERVICE_IN_INTRO_RE, SERVICE_IN_TITLE_RE};
use super::segment::{Part, Segment, body};
use super::set_text;
use crate::model::raw::IncidentFile;

/// Words a title puts where a service's name would be that name no service.
const GENERIC_NAMES: [&str; 9] =
    ["incident", "outage", "post-incident", "internal", "public", "our", "the", "production", "service"];

/// "Relay API errors", "Ledger sync outage": a title that is a name and then what went wrong.
static NAME_THEN_SYMPTOM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>\p{Lu}[\w.&/+-]*(?:\s+[\w.&/+-]+){0,3}?)\s+(?:(?i:outages?|errors?|downtime|disruptions?|failures?|slowdowns?|slowness|stall(?:s|ed)?|overload(?:ed)?|latency|incident|delays?|delayed|unavailable|unavailability|stuck|degradation|degraded)\s*)+$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that make a title's first words a description, not a name ("Elevated API errors",
/// "API is down").
const NOT_IN_NAMES: [&str; 24] = [
    "major",
    "minor",
    "partial",
    "elevated",
    "increased",
    "intermittent",
    "global",
    "regional",
    "widespread",
    "complete",
    "total",
    "brief",
    "extended",
    "unexpected",
    "multiple",
    "several",
    "some",
    "severe",
    "prolonged",
    "significant",
    "is",
    "was",
    "are",
    "were",
];

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
    pub(super) fn fill(self, text: &str, file: &mut IncidentFile, guesses: &mut Vec<String>) {
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
        } else if let Some(service) = subject_of_title(&document_title, text) {
            guesses.push(format!(
                "service \"{service}\": the title's subject (\"{}\"), named so in the text too",
                super::short(&document_title)
            ));
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

/// The name a title puts before what went wrong ("Post-mortem: Relay API errors, 5 Nov 2024"
/// → "Relay API"), after a label and without a trailing date; only a capitalised name of at
/// most four words, not a description, that the document's text writes again as it is.
fn subject_of_title(title: &str, text: &str) -> Option<String> {
    let mut rest = title.trim();
    if let Some((label, after)) = rest.split_once(": ")
        && label.chars().count() <= 30
    {
        rest = after.trim();
    }
    // ", 5 Nov 2024", " - April 18, 2023", " on 12 August 2024": a date clause, cut from the end.
    while let Some(cut) = [", ", " - ", " – ", " — ", " on "]
        .iter()
        .filter_map(|sep| rest.rfind(sep).map(|at| (at, sep.len())))
        .filter(|&(at, len)| rest[at + len..].chars().any(|c| c.is_ascii_digit()))
        .map(|(at, _)| at)
        .max()
    {
        rest = rest[..cut].trim_end();
    }
    let name = NAME_THEN_SYMPTOM_RE.captures(rest)?.name("name")?.as_str().to_string();
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if words.iter().any(|w| NOT_IN_NAMES.contains(&w.as_str()) || GENERIC_NAMES.contains(&w.as_str())) {
        return None;
    }
    let elsewhere = text.replacen(title.trim(), "", 1);
    let written = Regex::new(&format!(r"(?:^|[^\w]){}(?:[^\w]|$)", regex::escape(&name))).ok()?;
    written.is_match(&elsewhere).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::subject_of_title;

    #[test]
    fn a_title_names_the_service_only_when_the_text_names_it_too() {
        let text = "Relay API returned errors for some customers.";
        assert_eq!(
            subject_of_title("Post-mortem: Relay API errors, 5 Nov 2024", text).as_deref(),
            Some("Relay API")
        );
        assert_eq!(subject_of_title("Relay API outage", text).as_deref(), Some("Relay API"));
        assert_eq!(
            subject_of_title("Relay API latency incident - April 18, 2023", text).as_deref(),
            Some("Relay API")
        );
        // Not written again in the text, a description, a sentence, or no symptom at the end.
        assert_eq!(subject_of_title("Mailer outage", text), None);
        assert_eq!(subject_of_title("Elevated API errors", "Elevated API error rates."), None);
        assert_eq!(subject_of_title("Major outage", "A Major outage was declared."), None);
        assert_eq!(subject_of_title("API is down", "The API is down."), None);
        assert_eq!(subject_of_title("regional API outage", "regional API outage"), None);
        assert_eq!(subject_of_title("Relay API errors for EU customers", text), None);
        assert_eq!(subject_of_title("Queue processing stopped twice on Oct 4", "Queue processing"), None);
    }
}
