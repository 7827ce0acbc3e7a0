//! Undoing the backslash escapes of the text an import keeps: CommonMark's `\` before ASCII
//! punctuation (`\<`, `\#`, `1\.`, `\[`, `\*` …) stands for the character alone, and a
//! rendered post-mortem escapes exactly such characters to contain a field. Undone, the field
//! holds what was written; rendering escapes it again where it must.
//!
//! Backslashes stay where CommonMark reads them literally (code spans and blocks, raw HTML,
//! autolinks) and where they are structure: `\|` inside a table, and in a prose field the
//! escape at a line's start that keeps the line from being a heading, list, quote, fence or
//! table (`\<` excepted: raw HTML is shown as text wherever it is).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::model::raw::IncidentFile;

/// What GitHub-flavoured readers parse beyond CommonMark (tables hold `\|`).
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Every text field of an imported incident unescaped: prose fields as blocks, one-line fields
/// (titles, names, events, actions) whole.
pub(super) fn undo(file: &mut IncidentFile) {
    for field in [&mut file.title, &mut file.service] {
        *field = inline(field);
    }
    file.deployments.iter_mut().for_each(|d| *d = inline(d));
    for field in [
        &mut file.intro,
        &mut file.summary,
        &mut file.root_cause,
        &mut file.resolution,
        &mut file.lessons_learned,
        &mut file.closing,
        &mut file.acknowledgements,
    ]
    .into_iter()
    .flatten()
    {
        *field = block(field);
    }
    for section in &mut file.sections {
        section.title = inline(&section.title);
        section.body = block(&section.body);
    }
    for impact in &mut file.impact {
        impact.deployment = inline(&impact.deployment);
        impact.text = impact.text.as_deref().map(inline);
    }
    file.events.iter_mut().for_each(|e| e.text = inline(&e.text));
    for update in &mut file.updates {
        update.text = update.text.as_deref().map(block);
        update.deployments.iter_mut().for_each(|d| *d = inline(d));
    }
    for action in &mut file.actions {
        action.text = inline(&action.text);
        action.owner = action.owner.as_deref().map(inline);
    }
}

/// A one-line field: every escape undone (rendering escapes its start again).
pub(super) fn inline(text: &str) -> String {
    unescape(text, false)
}

/// A prose field: every escape undone but those that keep a line from starting a block.
pub(super) fn block(text: &str) -> String {
    unescape(text, true)
}

fn unescape(text: &str, keep_line_starts: bool) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let literal = Literal::of(text);
    let mut out = String::with_capacity(text.len());
    let mut line_start = 0;
    let mut rest = text.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        if c == '\n' {
            line_start = at + 1;
        }
        let escaped = rest.peek().map(|&(_, next)| next).filter(char::is_ascii_punctuation);
        let Some(next) = escaped.filter(|_| c == '\\') else {
            out.push(c);
            continue;
        };
        let keep = literal.holds(at)
            || (next == '|' && literal.in_table(at))
            || (keep_line_starts && next != '<' && opens_line(&text[line_start..at]));
        if keep {
            out.push(c);
        }
        out.push(next);
        // The escaped character is taken either way: `\\` is one backslash, not an escape.
        rest.next();
    }
    out
}

/// Whether an escape after `before` (the line so far) is at the line's start: after spaces, or
/// after the digits of `1\.`.
fn opens_line(before: &str) -> bool {
    let before = before.trim_start_matches([' ', '\t']);
    before.is_empty() || (before.len() <= 9 && before.chars().all(|c| c.is_ascii_digit()))
}

/// The places of a text where a backslash is not an escape.
struct Literal {
    /// Code spans and blocks, raw HTML, autolinks.
    verbatim: Vec<Range<usize>>,
    tables: Vec<Range<usize>>,
}

impl Literal {
    fn of(text: &str) -> Literal {
        let mut literal = Literal { verbatim: Vec::new(), tables: Vec::new() };
        for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
            match event {
                Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => literal.verbatim.push(range),
                Event::Start(Tag::CodeBlock(_))
                | Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                    literal.verbatim.push(range)
                }
                Event::Start(Tag::Table(_)) => literal.tables.push(range),
                _ => {}
            }
        }
        literal
    }

    fn holds(&self, at: usize) -> bool {
        self.verbatim.iter().any(|r| r.contains(&at))
    }

    fn in_table(&self, at: usize) -> bool {
        self.tables.iter().any(|r| r.contains(&at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_rendering_escapes_comes_back_as_written() {
        assert_eq!(inline(r"\<ledger-02> refuses writes"), "<ledger-02> refuses writes");
        assert_eq!(inline(r"\# of refused writes"), "# of refused writes");
        assert_eq!(inline(r"1\. step: [x] done"), "1. step: [x] done");
        assert_eq!(inline(r"\* starred \[x\] \\ and \_"), r"* starred [x] \ and _");
        assert_eq!(block(r"while \<ledger-02> was fenced"), "while <ledger-02> was fenced");
        assert_eq!(block("a\n\\<div> shown"), "a\n<div> shown");
    }

    #[test]
    fn literal_backslashes_are_kept() {
        assert_eq!(inline(r"run `rm \*.tmp` then \*"), r"run `rm \*.tmp` then *");
        assert_eq!(block("```\nC:\\\\path \\# x\n```"), "```\nC:\\\\path \\# x\n```");
        assert_eq!(block("    indented \\# code"), "    indented \\# code");
        assert_eq!(
            inline(r"<span title='a\_b'> and <https://x.example/a\_b>"),
            r"<span title='a\_b'> and <https://x.example/a\_b>"
        );
        assert_eq!(inline(r"C:\Users and a\b"), r"C:\Users and a\b");
        assert_eq!(inline("ends with \\"), "ends with \\");
    }

    #[test]
    fn escapes_that_keep_a_prose_line_text_stay() {
        assert_eq!(
            block("\\# not a heading\n\\- not a list\n12\\. not an item"),
            "\\# not a heading\n\\- not a list\n12\\. not an item"
        );
        assert_eq!(block("text \\# and \\- inside"), "text # and - inside");
        assert_eq!(block("| a | b\\|c |\n|---|---|\n| \\<x> | y |"), "| a | b\\|c |\n|---|---|\n| <x> | y |");
    }
}
