//! The proof that a contained field holds where a template places it: the field is set in a
//! small document of its own, between markers drawn afresh for each proof, and read back by the
//! CommonMark reader. Whatever the edits in the parent module missed, a field that does not
//! prove contained is written as literal text instead; the edits are the fast path, this
//! reading is what decides.

use std::hash::{BuildHasher, RandomState};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::OPTIONS;
use crate::render::markdown::{Destination, destination};

/// The field as blocks between two sections of the template: both sections and the paragraph
/// after them are still read, as the only level 1 and 2 headings, and nothing unsafe is.
pub(super) fn holds_as_block(block: &str) -> bool {
    let [before, after, end] = markers();
    let document = format!("## {before}\n\n{block}\n\n## {after}\n\n{end}\n");
    let reading = Reading::of(&document);
    reading.safe && reading.top_headings == [before, after] && reading.last_text == end
}

/// The field as one line of a list item, twice on adjacent lines (two fields of one paragraph,
/// such as an action and its owner): the list still has its two items, the last one's text is
/// read, no heading starts, and nothing unsafe is read from the pair.
pub(super) fn holds_in_a_line(line: &str) -> bool {
    let [_, _, end] = markers();
    let document = format!("- {line}\n  {line}\n- {end}\n");
    let reading = Reading::of(&document);
    reading.safe && reading.top_headings.is_empty() && reading.items == 2 && reading.last_text == end
}

/// Words a field cannot know in advance: 64 random bits each, drawn for every proof.
fn markers() -> [String; 3] {
    // Each RandomState is keyed from the operating system's random source.
    let draw = |n: u8| format!("m{:016x}", RandomState::new().hash_one(n));
    [draw(0), draw(1), draw(2)]
}

/// What a reader of a document sees that the proof looks at.
#[derive(Default)]
struct Reading {
    /// No raw HTML, and no link, image or reference definition to a blocked scheme.
    safe: bool,
    /// Level 1 and 2 headings, by text.
    top_headings: Vec<String>,
    /// Items of top-level lists.
    items: usize,
    /// The text of the last paragraph or list item read.
    last_text: String,
}

impl Reading {
    fn of(document: &str) -> Reading {
        let mut reading = Reading { safe: true, ..Reading::default() };
        let mut parser = Parser::new_ext(document, OPTIONS);
        let (mut heading, mut text, mut items_open) = (None::<String>, String::new(), 0usize);
        for event in parser.by_ref() {
            match event {
                Event::Html(_) | Event::InlineHtml(_) => reading.safe = false,
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                    if destination(&dest_url) == Destination::Blocked =>
                {
                    reading.safe = false;
                }
                Event::Start(Tag::Heading { level: HeadingLevel::H1 | HeadingLevel::H2, .. }) => {
                    heading = Some(String::new());
                }
                Event::End(TagEnd::Heading(HeadingLevel::H1 | HeadingLevel::H2)) => {
                    reading.top_headings.extend(heading.take());
                }
                Event::Start(Tag::Item) => {
                    text.clear();
                    reading.items += usize::from(items_open == 0);
                    items_open += 1;
                }
                Event::End(TagEnd::Item) => {
                    items_open = items_open.saturating_sub(1);
                    reading.last_text = std::mem::take(&mut text);
                }
                Event::Start(Tag::Paragraph) => text.clear(),
                Event::Text(words) => {
                    if let Some(heading) = &mut heading {
                        heading.push_str(&words);
                    } else {
                        text.push_str(&words);
                    }
                }
                Event::End(TagEnd::Paragraph) => reading.last_text = std::mem::take(&mut text),
                _ => {}
            }
        }
        let blocked_definition =
            parser.reference_definitions().iter().any(|(_, d)| destination(&d.dest) == Destination::Blocked);
        reading.safe &= !blocked_definition;
        reading
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proof_sees_a_field_that_escapes_and_passes_one_that_does_not() {
        assert!(holds_as_block("plain words\n\n- a list"));
        assert!(!holds_as_block("```\nunclosed"));
        assert!(!holds_as_block("## a section of its own"));
        assert!(!holds_as_block("<b>raw</b>"));
        assert!(!holds_as_block("[x]: javascript:alert(1)"));
        assert!(holds_in_a_line("words `code` [docs](https://example.com)"));
        assert!(!holds_in_a_line("# heading"));
        assert!(!holds_in_a_line("x `<b onclick=y>`` z"));
        assert!(!holds_in_a_line("[x](javascript:y)"));
    }
}
