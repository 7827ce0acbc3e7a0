//! Importing a post-mortem written as Markdown or plain text (for example copied from a status
//! page) into an incident file. Headings become fields, timeline items events, impact lines
//! windows, action lists actions and status-page blocks updates. Everything it infers (a year, a
//! zone, a status, a milestone) is listed as a guess; text it cannot place is kept as a section.

mod actions;
mod clock;
mod front_matter;
mod impact;
mod infer;
mod lines;
mod milestones;
mod segment;
mod stamp;
mod stated;
mod timeline;
mod updates;
mod windows;

use crate::model::raw::{FORMAT, IncidentFile, Section};
use crate::output::Failure;
use crate::time;
use actions::{action, action_columns, table_action};
use chrono_tz::Tz;
use impact::read_impact;
use infer::{Context, SERVICE_IN_INTRO_RE, SERVICE_IN_TITLE_RE, finish_placeholders};
use lines::{LIST_MARKER_RE, is_table_separator, table_cells};
use milestones::{infer_maintenance, mark_milestones};
use segment::{Part, Segment, body, first_words, is_template_sentence, segment, with_continuations};
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

/// Import a document. `name` is used in messages; `default_zone` applies when the text names no zone.
pub fn import(text: &str, default_zone: Tz) -> Imported {
    let mut guesses = Vec::new();
    let mut warnings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let (front, body_text) = front_matter::split(&text);
    if let Some(front) = &front {
        let unused: Vec<&str> = front
            .keys
            .iter()
            .map(String::as_str)
            .filter(|k| !matches!(*k, "title" | "date" | "published" | "created"))
            .collect();
        guesses.push(format!(
            "front matter read for its title and date{}",
            if unused.is_empty() { String::new() } else { format!("; not imported: {}", unused.join(", ")) }
        ));
    }
    let text = body_text.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let line_paragraphs = !lines.iter().any(|l| l.trim().is_empty());
    let mut segments = segment(&lines);

    let mut file = IncidentFile { format: FORMAT, ..IncidentFile::default() };
    let recognised = segments.iter().any(|s| !matches!(s.part, Part::Preamble | Part::Other));
    if text.trim().is_empty() {
        warnings.push("the file is empty; the incident has only placeholders".to_string());
    } else if !recognised {
        warnings.push("no recognisable section (Summary, Impact, Timeline, Root Cause, ...); all the text is kept as a section".to_string());
        file.title = first_words(&text);
        guesses.push(format!("title \"{}\" from the first line", file.title));
        file.sections.push(Section {
            title: "Imported text".to_string(),
            body: body(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>(), line_paragraphs),
            internal: false,
        });
        finish_placeholders(&mut file, &mut guesses);
        return Imported { file, guesses, warnings };
    }

    // The status-page title is the line right before the first status-page block.
    let first_update = segments.iter().position(|s| matches!(s.part, Part::Update { .. }));
    if first_update == Some(1)
        && let Some(preamble) = segments.first_mut()
        && let Some(last) = preamble.lines.iter().rposition(|l| !l.trim().is_empty())
    {
        file.title = preamble.lines.remove(last).trim().to_string();
    }
    // The update whose block holds the post-mortem's sections is the post-mortem update; its
    // own lines are the document's opening.
    let mut postmortem_update = None;
    for (i, s) in segments.iter().enumerate() {
        if matches!(s.part, Part::Update { .. })
            && segments
                .get(i + 1)
                .is_some_and(|next| !matches!(next.part, Part::Update { .. } | Part::Preamble))
        {
            postmortem_update = Some(i);
            break;
        }
    }
    let mut opening: Vec<String> = Vec::new();
    let mut document_title = segments.first().map(|s| s.heading.clone()).unwrap_or_default();
    if let Some(preamble) = segments.first() {
        opening.extend(preamble.lines.iter().cloned());
    }
    if let Some(update) = postmortem_update.and_then(|i| segments.get(i)) {
        opening.extend(update.lines.iter().cloned());
    }
    // A first opening line that names the post-mortem is the document title.
    if document_title.is_empty()
        && let Some(first) = opening.iter().position(|l| !l.trim().is_empty())
        && opening.get(first).is_some_and(|l| {
            SERVICE_IN_TITLE_RE.is_match(l.trim()) || (file.title.is_empty() && l.len() < 100)
        })
    {
        document_title = opening.remove(first).trim().to_string();
    }

    // An e-mail's subject line is its title.
    for prefix in ["Subject:", "subject:", "SUBJECT:"] {
        if let Some(rest) = document_title.strip_prefix(prefix) {
            document_title = rest.trim().to_string();
        }
    }
    if document_title.is_empty()
        && let Some(title) = front.as_ref().and_then(|f| f.title.clone())
    {
        document_title = title;
    }
    let title_lines = [file.title.as_str(), document_title.as_str()];
    let front_date = front.as_ref().and_then(|f| f.date.as_deref());
    let context = Context::infer(&text, &title_lines, front_date, default_zone, &mut guesses, &mut warnings);

    // Service: from the document title, else the opening sentence.
    let service = SERVICE_IN_TITLE_RE
        .captures(&document_title)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().trim().to_string())
        .or_else(|| {
            opening
                .iter()
                .find_map(|l| SERVICE_IN_INTRO_RE.captures(l.trim())?.get(1).map(|m| m.as_str().to_string()))
        });
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
    file.timezone = Some(context.zone.name().to_string());

    // Opening paragraphs: thanks go to acknowledgements, the rest is the intro.
    let (thanks, intro): (Vec<String>, Vec<String>) =
        opening.into_iter().filter(|l| !l.trim().is_empty()).partition(|l| {
            let lower = l.trim().to_lowercase();
            lower.starts_with("thank")
                || lower.starts_with("we appreciate")
                || lower.starts_with("we would like to thank")
        });
    set_text(&mut file.intro, body(&intro, true));
    set_text(&mut file.acknowledgements, body(&thanks, true));

    let mut impact_lines: Vec<String> = Vec::new();
    let mut timeline_lines: Vec<String> = Vec::new();
    let mut updates: Vec<(usize, Segment)> = Vec::new();
    for (i, segment) in segments.into_iter().enumerate() {
        let text = body(&segment.lines, line_paragraphs);
        match &segment.part {
            Part::Preamble | Part::KeyFacts => {}
            Part::Summary => append(&mut file.summary, text),
            Part::RootCause => append(&mut file.root_cause, text),
            Part::Resolution => append(&mut file.resolution, text),
            Part::LessonsLearned => append(&mut file.lessons_learned, text),
            Part::Closing => append(&mut file.closing, text),
            Part::Acknowledgements => append(&mut file.acknowledgements, text),
            Part::Impact => impact_lines.extend(segment.lines.iter().cloned()),
            Part::Timeline => {
                if let Some(intro) = &segment.intro {
                    guesses.push(format!("\"{}\" read as the start of the timeline", short(intro)));
                }
                timeline_lines.extend(segment.lines.iter().cloned());
            }
            Part::Actions => {
                let mut kept = Vec::new();
                let mut columns = None;
                for line in &with_continuations(&segment.lines) {
                    if line.trim().is_empty() || is_table_separator(line) {
                        continue;
                    }
                    if let Some(cells) = table_cells(line) {
                        match columns.as_ref().and_then(|c| table_action(&cells, c)) {
                            Some(action) => {
                                guesses.push(format!(
                                    "action \"{}\" is `{}`, status `{}` (from the action table)",
                                    short(&action.text),
                                    action.kind.as_str(),
                                    action.status.as_str()
                                ));
                                file.actions.push(action);
                            }
                            None => match action_columns(&cells) {
                                Some(found) => columns = Some(found),
                                None => kept.push(line.clone()),
                            },
                        }
                        continue;
                    }
                    if LIST_MARKER_RE.is_match(line) {
                        let action = action(line);
                        guesses.push(format!(
                            "action \"{}\" is `{}`, status `{}`",
                            short(&action.text),
                            action.kind.as_str(),
                            action.status.as_str()
                        ));
                        file.actions.push(action);
                    } else if is_template_sentence(line) {
                        guesses.push(format!("skipped the template sentence \"{}\"", short(line.trim())));
                    } else {
                        kept.push(line.clone());
                    }
                }
                keep_section(&mut file, &segment.heading, &kept, line_paragraphs, &mut warnings);
            }
            Part::StatusUpdates => {
                keep_section(&mut file, &segment.heading, &segment.lines, line_paragraphs, &mut warnings)
            }
            Part::Update { .. } => {
                if Some(i) == postmortem_update {
                    updates.push((i, Segment { lines: Vec::new(), ..segment }));
                } else {
                    updates.push((i, segment));
                }
            }
            Part::Other => {
                let kept: Vec<String> =
                    segment.lines.iter().filter(|l| !is_template_sentence(l)).cloned().collect();
                if kept.iter().any(|l| !l.trim().is_empty()) {
                    file.sections.push(Section {
                        title: segment.heading.trim().to_string(),
                        body: body(&kept, line_paragraphs),
                        internal: false,
                    });
                } else if !segment.heading.trim().is_empty() {
                    warnings.push(format!(
                        "heading \"{}\" has no text; kept as an empty section",
                        segment.heading.trim()
                    ));
                    file.sections.push(Section {
                        title: segment.heading.trim().to_string(),
                        body: String::new(),
                        internal: false,
                    });
                }
            }
        }
    }

    let stated_windows =
        read_impact(&impact_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    read_timeline(&timeline_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    if !file.impact.iter().any(|i| !i.planned && i.start.is_some())
        && !stated::windows_from_markers(&mut file, &mut guesses)
    {
        let texts: Vec<String> = file
            .sections
            .iter()
            .map(|s| s.body.clone())
            .chain(file.summary.clone())
            .chain(file.intro.clone())
            .chain(file.resolution.clone())
            .collect();
        stated::window_from_sentences(&texts, &mut file, &context, &mut guesses);
    }
    // A document that states its windows (or milestones) says all of them: nothing is inferred.
    if !stated_windows {
        infer_maintenance(&mut file, &context, &mut guesses);
    }
    read_updates(updates, postmortem_update, &context, &mut file, &mut guesses, &mut warnings);
    if file.events.iter().any(|e| !e.marks.is_empty()) {
        guesses.push("milestones as the timeline states them; none inferred from wording".to_string());
    } else {
        mark_milestones(&mut file, &context, &mut guesses);
    }
    finish_placeholders(&mut file, &mut guesses);
    warnings.extend(context.warnings.take());
    Imported { file, guesses, warnings }
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
    let title = format!("{} (not imported)", heading.trim());
    warnings.push(format!(
        "text under \"{}\" that is not a list item is kept as the section \"{title}\"",
        heading.trim()
    ));
    file.sections.push(Section { title, body: body(lines, line_paragraphs), internal: false });
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
}
