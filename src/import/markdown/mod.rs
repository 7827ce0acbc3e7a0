//! Importing a post-mortem written as Markdown or plain text (for example copied from a status
//! page) into an incident file. Headings become fields, timeline items events, impact lines
//! windows, action lists actions and status-page blocks updates. Everything it infers (a year, a
//! zone, a status, a milestone) is listed as a guess; text it cannot place is kept as a section.

mod actions;
mod clock;
mod escapes;
mod front_matter;
mod impact;
mod infer;
mod lines;
mod milestones;
mod named;
mod opening;
mod prose_entries;
mod sections;
mod segment;
mod sentences;
mod stamp;
mod stated;
mod status_blocks;
mod timeline;
mod updates;
mod windows;

use crate::model::raw::{FORMAT, IncidentFile, Section};
use crate::output::Failure;
use crate::time;
use chrono_tz::Tz;
use front_matter::FrontMatter;
use impact::read_impact;
use infer::{Context, finish_placeholders};
use milestones::{infer_maintenance, mark_milestones};
use segment::{Part, body, first_words, segment};
use std::path::Path;
use timeline::read_timeline;
use updates::read_updates;

/// An incident read from a document, with what had to be guessed and what went wrong.
#[derive(Debug, Clone)]
pub struct Imported {
    pub file: IncidentFile,
    /// Inferences a reviewer should confirm ("year 2026 from the title").
    pub guesses: Vec<String>,
    /// Problems: no recognisable section, an empty file, text kept as a section.
    pub warnings: Vec<String>,
}

/// What the importer knows besides the document.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The zone of a document that names none.
    pub default_zone: Option<Tz>,
    /// The deployments of the project's catalogue (`postmortem.toml`), which a sentence may name.
    pub deployments: Vec<String>,
}

/// Import a document; `default_zone` applies when the text names no zone.
pub fn import(text: &str, default_zone: Tz) -> Imported {
    import_with(text, &Known { default_zone: Some(default_zone), deployments: Vec::new() })
}

/// Import a document with what the project knows (its default zone, its catalogue).
pub fn import_with(text: &str, known: &Known) -> Imported {
    let mut guesses = Vec::new();
    let mut warnings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let (front, body_text) = front_matter::split(&text);
    if let Some(front) = &front {
        guesses.push(front_matter_note(front));
    }
    let text = body_text.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let line_paragraphs = !lines.iter().any(|l| l.trim().is_empty());
    let mut segments = segment(&lines);

    let mut file = IncidentFile { format: FORMAT, ..IncidentFile::default() };
    let recognised = segments.iter().any(|s| !matches!(s.part, Part::Preamble | Part::Other));
    if text.trim().is_empty() || !recognised {
        unrecognised(&text, &lines, line_paragraphs, &mut file, &mut guesses, &mut warnings);
        escapes::undo(&mut file);
        return Imported { file, guesses, warnings };
    }
    let opening = opening::read_opening(&mut segments, front.as_ref(), &mut file);
    let title_lines = [file.title.as_str(), opening.document_title.as_str()];
    let front_date = front.as_ref().and_then(|f| f.date.as_deref());
    let default_zone = known.default_zone.unwrap_or(Tz::UTC);
    let context = Context::infer(&text, &title_lines, front_date, default_zone, &mut guesses, &mut warnings);
    let postmortem_update = opening.postmortem_update;
    opening.fill(&text, &mut file, &mut guesses);
    file.timezone = Some(context.zone.name().to_string());

    let placed =
        sections::place(segments, postmortem_update, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    let stated_windows =
        read_impact(&placed.impact_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    read_timeline(&placed.timeline_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    if !file.impact.iter().any(|i| !i.planned && i.start.is_some()) {
        let update_texts: Vec<String> = placed.updates.iter().map(|(_, u)| body(&u.lines, true)).collect();
        let read_from =
            stated::stated_windows(&mut file, &context, &known.deployments, &update_texts, &mut guesses);
        label_windows_read(&mut file, &read_from, &mut warnings);
    }
    // A document that states its windows (or milestones) says all of them: nothing is inferred.
    if !stated_windows {
        infer_maintenance(&mut file, &context, &mut guesses);
    }
    read_updates(placed.updates, postmortem_update, &context, &mut file, &mut guesses, &mut warnings);
    if file.events.iter().any(|e| !e.marks.is_empty()) {
        guesses.push("milestones as the timeline states them; none inferred from wording".to_string());
    } else {
        mark_milestones(&mut file, &context, &mut guesses);
    }
    finish_placeholders(&mut file, &mut guesses);
    warnings.extend(context.warnings.take());
    escapes::undo(&mut file);
    Imported { file, guesses, warnings }
}

/// What the front matter gave, and the keys it had that are not imported.
fn front_matter_note(front: &FrontMatter) -> String {
    let unused: Vec<&str> = front
        .keys
        .iter()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "title" | "date" | "published" | "created"))
        .collect();
    format!(
        "front matter read for its title and date{}",
        if unused.is_empty() { String::new() } else { format!("; not imported: {}", unused.join(", ")) }
    )
}

/// An empty document, or one without any section the importer knows: all of it is kept.
fn unrecognised(
    text: &str,
    lines: &[&str],
    line_paragraphs: bool,
    file: &mut IncidentFile,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    if text.trim().is_empty() {
        warnings.push("the file is empty; the incident has only placeholders".to_string());
    } else {
        warnings.push("no recognisable section (Summary, Impact, Timeline, Root Cause, ...); all the text is kept as a section".to_string());
        file.title = first_words(text);
        guesses.push(format!("title \"{}\" from the first line", file.title));
        file.sections.push(Section {
            title: "Imported text".to_string(),
            body: body(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>(), line_paragraphs),
            internal: false,
        });
    }
    finish_placeholders(file, guesses);
}

/// `YYYY-MM-DD-<slug>.toml`, dated by the first unplanned impact (else the first event or
/// update; "undated" when there is none).
pub fn file_name(file: &IncidentFile) -> String {
    // The day the impact began names the incident; maintenance before it does not.
    let day = |at: &str| at.get(..10).filter(|day| time::parse_date(day).is_ok()).map(str::to_string);
    let impact =
        file.impact.iter().filter(|i| !i.planned).filter_map(|i| i.start.as_deref().and_then(day)).min();
    let other = || {
        file.events
            .iter()
            .map(|e| e.at.as_str())
            .chain(file.updates.iter().map(|u| u.at.as_str()))
            .filter_map(day)
            .min()
    };
    let first = impact.or_else(other).unwrap_or_else(|| "undated".to_string());
    format!("{first}-{}.toml", crate::output::slug(&file.title))
}

/// The incident as TOML, headed by where it came from and the guesses to review.
pub fn to_toml(input: &Path, imported: &Imported) -> Result<String, Failure> {
    let body = toml::to_string_pretty(&imported.file).map_err(|e| {
        Failure::new(format!("cannot write the incident imported from `{}` as TOML: {e}", input.display()))
            .help("this is a bug in postmortem; please report it with the input file")
    })?;
    let mut text = format!(
        "# Imported from {} by `postmortem import --from markdown`.\n",
        super::comment_text(&input.display().to_string())
    );
    let notes =
        imported.warnings.iter().map(|w| format!("warning: {w}")).chain(imported.guesses.iter().cloned());
    let mut first = true;
    for note in notes {
        if first {
            text.push_str("# Review what was guessed:\n");
            first = false;
        }
        // Guesses quote the input.
        text.push_str(&format!("# - {}\n", super::comment_text(&note)));
    }
    text.push_str(&body);
    Ok(text)
}

pub(super) fn short(text: &str) -> String {
    crate::text::truncate(text, 61)
}

pub(super) fn set_text(field: &mut Option<String>, text: String) {
    if !text.trim().is_empty() {
        *field = Some(text);
    }
}

pub(super) fn append(field: &mut Option<String>, text: String) {
    if text.trim().is_empty() {
        return;
    }
    *field = Some(match field.take() {
        Some(existing) => format!("{existing}\n\n{text}"),
        None => text,
    });
}

pub(super) fn keep_section(
    file: &mut IncidentFile,
    heading: &str,
    lines: &[String],
    line_paragraphs: bool,
    warnings: &mut Vec<String>,
) {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    let title = format!("{}{NOT_IMPORTED}", heading.trim().trim_end_matches(':'));
    warnings.push(format!("text under \"{}\" that is not a list item {}", heading.trim(), kept_as(&title)));
    file.sections.push(Section { title, body: body(lines, line_paragraphs), internal: false });
}

/// The end of a kept section's title while nothing in it was read.
const NOT_IMPORTED: &str = " (not imported)";
/// ... once impact windows were read from its text.
const WINDOWS_READ: &str = " (kept as written; windows read from it)";

/// The end of the warning [`keep_section`] gives, naming the section.
fn kept_as(title: &str) -> String {
    format!("is kept as the section \"{title}\"")
}

/// Kept sections whose text stated the impact windows imported no longer say "not imported":
/// their title, and the warning that named them, say that the windows were read from the text
/// and the text is kept as written.
fn label_windows_read(file: &mut IncidentFile, read_from: &[usize], warnings: &mut [String]) {
    for &i in read_from {
        let Some(section) = file.sections.get_mut(i) else { continue };
        let Some(heading) = section.title.strip_suffix(NOT_IMPORTED) else { continue };
        let title = format!("{heading}{WINDOWS_READ}");
        let named = kept_as(&section.title);
        for warning in warnings.iter_mut().filter(|w| w.ends_with(&named)) {
            warning.truncate(warning.len() - named.len());
            warning.push_str(&kept_as(&title));
        }
        section.title = title;
    }
}

pub(super) fn add_deployment(file: &mut IncidentFile, name: &str) {
    if !file.deployments.iter().any(|d| d == name) {
        file.deployments.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    #[test]
    fn garbage_and_empty_text_never_panic_and_keep_the_text() {
        for text in [
            "",
            "\n\n",
            "%%%\u{0}\u{feff}",
            "# \n#",
            "|",
            "- ",
            "Resolved\nJul 4, 2026 at 11:32pm UTC",
            "Summary\n",
            "Timeline\n- 99:99 — x\n- July 40, 10:00 — y",
        ] {
            let imported = import(text, Tz::UTC);
            assert!(!imported.file.title.is_empty());
            let _ = toml::to_string(&imported.file).expect("serialises");
        }
        let garbage = import("lorem ipsum\ndolor sit amet", Tz::UTC);
        assert_eq!(garbage.file.sections.len(), 1);
        assert!(garbage.file.sections.iter().any(|s| s.body.contains("dolor sit amet")));
        assert!(!garbage.warnings.is_empty());
    }

    #[test]
    fn kept_text_says_whether_its_windows_were_read() {
        let titles = |text: &str| -> Vec<String> {
            import(text, Tz::UTC).file.sections.into_iter().map(|s| s.title).collect()
        };
        let stating = "# Relay outage, 2026-02-03\n\n## Impact\n\nRelay was down from 10:00 to 10:20.\n";
        assert_eq!(titles(stating), ["Impact (kept as written; windows read from it)"]);
        let warnings = import(stating, Tz::UTC).warnings;
        assert!(warnings.iter().any(|w| w.ends_with("\"Impact (kept as written; windows read from it)\"")));
        let silent = "# Relay outage, 2026-02-03\n\n## Impact\n\nNo data was lost.\n\n## Timeline\n\n- 10:00 Relay down\n";
        assert_eq!(titles(silent), ["Impact (not imported)"]);
    }
}
