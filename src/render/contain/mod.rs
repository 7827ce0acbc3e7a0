//! Fields of an incident file made safe to place in a Markdown document: whatever a field
//! holds, it cannot open a block that swallows what the template writes after it (an unclosed
//! code fence is closed at the field's end), cannot start a section of the document (its
//! headings sit below the template's), and carries no raw HTML or script links to a Markdown
//! reader (raw HTML is escaped to show as text; `javascript:`, `data:`, `vbscript:` and every
//! other scheme but http, https and mailto lose their link, keeping their text).
//!
//! Steps, for each field:
//! 1. read by the CommonMark parser itself (pulldown-cmark), and the source edited where it
//!    found a construct: raw HTML, a blocked link, a top-level heading, a fence left open, and
//!    in text any `<`, `[`, `]` or backtick that is not part of a construct (so two fields side
//!    by side cannot pair into one: a code span, a link or a tag across them);
//! 2. read again until nothing is left to edit;
//! 3. proved in place ([`proof`]): set where a template sets it and read back; a field that
//!    does not settle or does not prove contained is written as literal text.
//!
//! What a Markdown reader would see is what is checked, not a guess at its syntax.

mod proof;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::markdown::{Destination, destination};

/// What GitHub-flavoured readers parse beyond CommonMark, so that its blocks are seen too.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// Re-reading rounds before the field is given up on as Markdown and written as literal text;
/// each round removes constructs, so real fields settle in one or two.
const MAX_ROUNDS: usize = 16;

/// A prose field (summary, root cause, a section's body, an update's text) as Markdown blocks
/// that end where the field ends. Leading and trailing blank space is trimmed.
pub fn block(field: &str) -> String {
    // The loader already made every line ending a line feed; a caller that did not load the
    // text gets the same, since the edits below find line starts by `\n`.
    let field = field.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = field.trim();
    if is_plain(trimmed) {
        return trimmed.to_string();
    }
    let mut text = trimmed.to_string();
    if starts_with_underline(&text) {
        // Under a line of the template, `===` or `---` would make that line a heading.
        text.insert(text.find(['=', '-']).unwrap_or(0), '\\');
    }
    settle(text, 0).filter(|settled| proof::holds_as_block(settled)).unwrap_or_else(|| literal(trimmed))
}

/// A one-line field (an event, a title, a name, an action) as inline Markdown on one line:
/// line breaks become spaces, and nothing in it can start a block even at the start of a line.
pub fn inline(field: &str) -> String {
    let line: String = field.trim().chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    if is_plain(&line) {
        return escape_line_start(&line);
    }
    // Read after a prefix, the field is the rest of a paragraph: only inline constructs. Its
    // start is escaped before the reading, not after: escaping a leading backtick afterwards
    // would end a code span the reading relied on and free the raw HTML it held.
    const PREFIX: &str = "x ";
    let mut current = escape_line_start(&line);
    for _ in 0..MAX_ROUNDS {
        let Some(settled) = settle(format!("{PREFIX}{current}"), PREFIX.len()) else { break };
        let settled = settled[PREFIX.len()..].to_string();
        let started = escape_line_start(&settled);
        if started == settled {
            if proof::holds_in_a_line(&settled) {
                return settled;
            }
            break;
        }
        // An edit uncovered a new line start: escape it and read again.
        current = started;
    }
    literal(&line)
}

/// Text without any character that starts a construct this module edits (HTML, links,
/// headings, fences, setext underlines) needs no reading.
fn is_plain(text: &str) -> bool {
    !text.contains(['<', '>', '[', ']', '(', '#', '`', '~', '=', '-', '\\', ':', '!'])
}

/// Edit until the parser finds nothing to edit; `None` when it does not settle.
fn settle(mut text: String, from: usize) -> Option<String> {
    for _ in 0..MAX_ROUNDS {
        let edits = edits(&text, from);
        if edits.is_empty() {
            return Some(text);
        }
        text = apply(&text, edits);
    }
    None
}

/// A replacement of a range of the source.
/// Most replacements are a fixed backslash or nothing: borrowed, so an escape costs no allocation.
type Edit = (Range<usize>, Cow<'static, str>);

/// What one reading of `text` finds to edit (in the part from byte `from` on).
fn edits(text: &str, from: usize) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut iter = Parser::new_ext(text, OPTIONS).into_offset_iter();
    // Open containers (quotes, lists, footnotes): a fence inside one ends with it.
    let mut depth = 0usize;
    // Open links and images: their range, whether they go, and the extent of their content.
    let mut links: Vec<(Range<usize>, bool, Option<Range<usize>>)> = Vec::new();
    // Open code blocks: their text is code, not Markdown.
    let mut code_blocks = 0usize;
    for (event, range) in iter.by_ref() {
        if let Some((_, _, inner)) = links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            let covered = inner.get_or_insert(range.clone());
            *covered = covered.start.min(range.start)..covered.end.max(range.end);
        }
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                depth += 1;
            }
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => {
                depth = depth.saturating_sub(1);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                edits.push((range.clone(), escape_angles(&text[range]).into()))
            }
            Event::Text(_) if code_blocks == 0 => edits.extend(escape_pairing(text, range)),
            Event::Start(Tag::CodeBlock(_)) => {
                if let Some(edit) = close_fence(text, range, depth) {
                    edits.push(edit);
                }
                code_blocks += 1;
            }
            Event::End(TagEnd::CodeBlock) => code_blocks = code_blocks.saturating_sub(1),
            Event::Start(Tag::Heading { level: HeadingLevel::H1 | HeadingLevel::H2, .. }) => {
                edits.extend(demote_heading(text, range));
            }
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                links.push((range, destination(dest_url) == Destination::Blocked, None));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((whole, blocked, inner)) = links.pop() else { continue };
                if blocked {
                    match &inner {
                        // `[text](javascript:…)` keeps `text`; its own edits are inside it.
                        Some(inner) => {
                            edits.push((whole.start..inner.start, Cow::Borrowed("")));
                            edits.push((inner.end..whole.end, Cow::Borrowed("")));
                        }
                        None => edits.push((whole.clone(), Cow::Borrowed(""))),
                    }
                }
                if let Some((_, _, outer)) = links.last_mut() {
                    let covered = outer.get_or_insert(whole.clone());
                    *covered = covered.start.min(whole.start)..covered.end.max(whole.end);
                }
            }
            _ => {}
        }
    }
    // A definition is global to the document: a blocked one would serve another field's
    // `[text][label]` too. Escaped, it is text.
    for (_, definition) in iter.reference_definitions().iter() {
        if destination(&definition.dest) == Destination::Blocked
            && let Some(bracket) = text[definition.span.clone()].find('[')
        {
            let at = definition.span.start + bracket;
            edits.push((at..at, Cow::Borrowed("\\")));
        }
    }
    edits.retain(|(range, _)| range.start >= from);
    edits
}

/// Apply edits in order of position; one that overlaps an earlier one waits for the next round.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = 0;
    for (range, replacement) in edits {
        if range.start < done || range.end > text.len() {
            continue;
        }
        out.push_str(&text[done..range.start]);
        out.push_str(&replacement);
        done = range.end;
    }
    out.push_str(&text[done..]);
    out
}

/// Raw HTML as text: every `<` backslash-escaped, so no reader starts a tag, a comment or an
/// HTML block at it.
fn escape_angles(html: &str) -> String {
    html.replace('<', "\\<")
}

/// A level 1 or 2 heading becomes level 3: the template's sections are level 2. An ATX heading
/// gets `###`; a setext heading loses its underline's meaning (escaped, it joins the paragraph).
fn demote_heading(text: &str, range: Range<usize>) -> Option<Edit> {
    let source = &text[range.clone()];
    let first_line = source.lines().next().unwrap_or("");
    if first_line.trim_start().starts_with('#') {
        let start = range.start + source.find('#')?;
        let hashes = text[start..].chars().take_while(|c| *c == '#').count();
        return Some((start..start + hashes, Cow::Borrowed("###")));
    }
    let underline_line = source.trim_end_matches(['\n', ' ', '\t']).rfind('\n')? + 1;
    let underline = range.start + underline_line + source[underline_line..].find(['=', '-'])?;
    Some((underline..underline, Cow::Borrowed("\\")))
}

/// In text (outside code), every `<`, `[`, `]` and backtick not already escaped gets its
/// backslash: alone it is a literal character, but beside another field's text it could open a
/// tag, a link or a code span that pairs across the two.
fn escape_pairing(text: &str, range: Range<usize>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (offset, c) in text[range.clone()].char_indices() {
        let at = range.start + offset;
        let backslashes = text[..at].bytes().rev().take_while(|b| *b == b'\\').count();
        if matches!(c, '<' | '[' | ']' | '`') && backslashes % 2 == 0 {
            edits.push((at..at, Cow::Borrowed("\\")));
        }
    }
    edits
}

/// A fenced code block at the top level that runs to the end of the field gets its closing
/// fence (one inside a quote or a list ends with its container, before the template's text).
fn close_fence(text: &str, range: Range<usize>, depth: usize) -> Option<Edit> {
    let source = &text[range.clone()];
    let opening = source.lines().next()?.trim_start();
    let marker = opening.chars().next().filter(|c| matches!(c, '`' | '~') && depth == 0)?;
    let length = opening.chars().take_while(|c| *c == marker).count();
    let lines: Vec<&str> = source.lines().collect();
    if lines.len() > 1 && lines.last().is_some_and(|last| closes(last, marker, length)) {
        return None;
    }
    let fence = marker.to_string().repeat(length);
    let end = text.len();
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    Some((end..end, format!("{newline}{fence}").into()))
}

/// A line that closes a fence of `length` `marker`s (CommonMark 4.5): at most three columns of
/// indentation (a tab reaches the next multiple of four), at least as many markers, then only
/// spaces and tabs. A fence indented further is code, and the block stays open.
fn closes(line: &str, marker: char, length: usize) -> bool {
    let mut column = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next().filter(|c| matches!(c, ' ' | '\t')) {
        column = if c == '\t' { column + 4 - column % 4 } else { column + 1 };
        rest = &rest[1..];
    }
    let markers = rest.chars().take_while(|c| *c == marker).count();
    column <= 3 && markers >= length && rest[markers..].chars().all(|c| matches!(c, ' ' | '\t'))
}

/// `===` or `---` alone on the first line.
fn starts_with_underline(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim();
    !first.is_empty() && (first.chars().all(|c| c == '=') || first.chars().all(|c| c == '-'))
}

/// What would start a block at the beginning of a line (`#`, `>`, a list marker, a fence, a
/// table pipe, `1.`) escaped, so a one-line field stays inline wherever it is placed.
fn escape_line_start(text: &str) -> String {
    let Some(first) = text.chars().next() else { return String::new() };
    if matches!(first, '#' | '>' | '-' | '+' | '*' | '=' | '`' | '~' | '|' | '<') {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_string()
}

/// The field as literal text: every ASCII punctuation character backslash-escaped, so no
/// construct at all is read (the last resort for a field that does not settle).
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        let line = line.trim_start();
        for c in line.chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_inline_field_starting_with_a_code_span_keeps_its_html_escaped_at_a_line_start() {
        // Found by the markdown_html fuzz target: the leading backtick was escaped after the
        // reading, so the span that had hidden the tag ended and the tag became live.
        let field = "`a <b onclick=\"x()\">b</b>` and `c`";
        let document = format!("- {}\n- next\n", super::inline(field));
        let parser = pulldown_cmark::Parser::new_ext(&document, super::OPTIONS);
        assert!(
            parser.into_iter().all(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_))),
            "{document:?}"
        );
    }

    use super::*;

    /// The field placed between two template sections, read back as HTML by the CommonMark
    /// reader: the sections and the trailing marker must survive whatever the field holds.
    fn placed(field: &str) -> String {
        let document = format!("## Before\n\n{}\n\n## After\n\nend-of-document\n", block(field));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&document, OPTIONS));
        html
    }

    fn assert_contained(field: &str) {
        let html = placed(field);
        assert_eq!(html.matches("<h2>").count(), 2, "{field:?} -> {html}");
        assert!(html.contains("<h2>After</h2>\n<p>end-of-document</p>"), "{field:?} -> {html}");
        for raw in ["<script", "<div>", "<!--", "<img", "<iframe", "href=\"javascript", "href=\"data", "<svg"]
        {
            assert!(!html.contains(raw), "{field:?} -> {html}");
        }
        assert!(!html.to_lowercase().contains("href=\"vbscript"), "{field:?} -> {html}");
    }

    #[test]
    fn nothing_a_field_opens_outlives_it() {
        for field in [
            "```\nunclosed",
            "````rust\ncode\n```\nstill code",
            "~~~\ntilde",
            "text\n\n```",
            "<!-- never closed",
            "<script>\nalert(1)\n\n## After\n",
            "<pre>\n\n## not a heading",
            "<div>\n*x*\n</div>",
            "<?php\n",
            "<![CDATA[\n",
            "<!DOCTYPE x\n",
            "> quote\ncontinued",
            "- item\n  ```\n  fence in item",
            "<!--\n```\n-->",
            "para\n===",
            "para\n---",
            "## Injected\n# Also",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "[x](javascript:alert(1)) [y](JAVASCRIPT:x) ![z](data:text/html,x) <vbscript:x>",
            "[[a](javascript:x)](javascript:y)",
            "[ref]\n\n[ref]: javascript:alert(1)",
            "[^1]\n\n[^1]: ```\n",
            "`unclosed code span",
            "\\",
        ] {
            assert_contained(field);
        }
    }

    #[test]
    fn headings_stay_below_the_sections_and_text_is_kept() {
        assert_eq!(block("## Injected\ntext"), "### Injected\ntext");
        assert_eq!(block("restart <db-01> now"), "restart \\<db-01> now");
        assert_eq!(
            block("[docs](https://example.com) and [x](javascript:alert(1))"),
            "[docs](https://example.com) and x"
        );
        assert_eq!(block("```\ncode"), "```\ncode\n```");
        assert_eq!(block("plain words, nothing else."), "plain words, nothing else.");
    }

    #[test]
    fn a_one_line_field_cannot_start_a_block() {
        assert_eq!(inline("ev\n# Inject"), "ev # Inject");
        assert_eq!(inline("# Heading"), "\\# Heading");
        assert_eq!(inline("1. one"), "1\\. one");
        assert_eq!(inline("<b>bold</b>"), "\\<b>bold\\</b>");
        assert_eq!(inline("    <b>indented</b>"), "\\<b>indented\\</b>");
        assert_eq!(inline("see [x](javascript:alert(1))"), "see x");
        for field in ["# h", "```", "> q", "- l", "<!--", "| a |", "==="] {
            let document = format!("- {}\n- next\n", inline(field));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&document, OPTIONS));
            assert_eq!(html.matches("<li>").count(), 2, "{field:?} -> {html}");
            assert!(
                !html.contains("<h1>") && !html.contains("<code") && !html.contains("<blockquote"),
                "{field:?} -> {html}"
            );
        }
    }

    #[test]
    fn a_fence_closed_by_an_indented_line_is_still_open_and_gets_closed() {
        // A tab is four columns: `\t~~~` is code inside the block, not its closing fence.
        assert_eq!(block("~~~\ncode\n\t~~~"), "~~~\ncode\n\t~~~\n~~~");
        assert_eq!(block("~~~\ncode\n   ~~~"), "~~~\ncode\n   ~~~");
        assert_eq!(block("```\ncode\n```rust"), "```\ncode\n```rust\n```");
        // Found by the markdown_html fuzz target: NULs, tabs and indented fences, CR-separated.
        let found = "T\0\0\0~~~~~#i\r ~~^\t\0\n\t~~~~~~'i\r ~~~#[\ni\r ~~~~~#i\r ~~ ~~^\t\0\n\t~~~~~~'i\r ~~~#i\r~\t\0\n\t~~~";
        assert_contained(found);
    }

    #[test]
    fn two_fields_side_by_side_cannot_pair_into_a_span_a_link_or_a_tag() {
        for (first, second) in [
            ("ends with `", "`<b onclick=\"x()\">b</b>`"),
            ("[click", "](javascript:alert(1))"),
            ("a <img", "src=x onerror=alert(1)>"),
        ] {
            let document = format!("- {}\n  {}\n- next\n", inline(first), inline(second));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&document, OPTIONS));
            assert!(!html.contains("<b ") && !html.contains("<img") && !html.contains("href"), "{html}");
        }
        assert_eq!(inline("a [b] `c` <d>"), "a \\[b\\] `c` \\<d>");
        assert_eq!(inline("[docs](https://example.com) `x<y`"), "[docs](https://example.com) `x<y`");
    }

    #[test]
    fn a_field_that_never_settles_is_literal() {
        assert_eq!(literal("# a <b>\n  [x](y)"), "\\# a \\<b\\>\n\\[x\\]\\(y\\)");
    }
}
