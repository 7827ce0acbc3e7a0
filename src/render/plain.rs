//! Markdown flattened to the plain text a status page shows (the body of a post-mortem update):
//! headings and paragraphs as bare lines, list items as "- ...", no markup left, no blank lines.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Lines being written, and the list items still open.
struct Writer {
    lines: Vec<String>,
    line: String,
    list_depth: usize,
    /// Where each open link's text starts in `line`, and where it points.
    links: Vec<(usize, String)>,
    in_code_block: bool,
}

impl Writer {
    /// End the current line, unless it holds nothing (or only a list marker still waiting for
    /// its text).
    fn flush(&mut self) {
        let line = self.line.trim_end();
        if !line.trim().is_empty() && line.trim() != "-" {
            self.lines.push(line.to_string());
        }
        self.line.clear();
    }

    fn only_marker(&self) -> bool {
        self.line.trim() == "-"
    }

    /// Blocks: lists, items, paragraphs and code blocks start or end a line.
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::List(_)) => {
                self.flush();
                self.list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            Event::Start(Tag::Item) => {
                self.flush();
                self.line = format!("{}- ", self.indent());
            }
            // A loose list item's paragraph continues the item's line.
            Event::Start(Tag::Paragraph) if self.only_marker() => {}
            Event::Start(Tag::Paragraph) => {
                self.flush();
                if self.list_depth > 0 {
                    self.line = format!("{}  ", self.indent());
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.flush();
                self.in_code_block = false;
            }
            Event::Start(
                Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::Table(_) | Tag::HtmlBlock | Tag::TableRow,
            )
            | Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::HtmlBlock,
            )
            | Event::HardBreak
            | Event::Rule => self.flush(),
            other => self.inline(other),
        }
    }

    /// Inline content: text, links (their target in brackets), task markers, table cells.
    fn inline(&mut self, event: Event) {
        match event {
            Event::Start(Tag::TableCell) if !self.line.is_empty() => self.line.push_str(" | "),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links.push((self.line.len(), dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, url)) = self.links.pop() {
                    let text = self.line.get(start..).unwrap_or_default();
                    if !url.is_empty() && text.trim() != url {
                        self.line.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::TaskListMarker(done) => self.line.push_str(if done { "[x] " } else { "[ ] " }),
            Event::SoftBreak => self.line.push(' '),
            Event::Text(text) if self.in_code_block => {
                for (i, part) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.flush();
                    }
                    self.line.push_str(part);
                }
            }
            // Raw HTML in an incident's prose is the author's text, as in the HTML output.
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.line.push_str(text.trim_end_matches('\n'))
            }
            _ => {}
        }
    }

    fn indent(&self) -> String {
        "  ".repeat(self.list_depth.saturating_sub(1))
    }
}

/// The plain text of `markdown`, one line per heading, paragraph, list item or code line.
pub fn to_plain_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut w = Writer {
        lines: Vec::new(),
        line: String::new(),
        list_depth: 0,
        links: Vec::new(),
        in_code_block: false,
    };
    for event in Parser::new_ext(markdown, options) {
        w.event(event);
    }
    w.flush();
    w.lines.join("\n")
}

/// Markdown headings moved `levels` deeper (at most `######`), outside code fences: a
/// post-mortem placed under a status update's own heading.
pub fn demote_headings(markdown: &str, levels: usize) -> String {
    let mut in_fence = false;
    let lines: Vec<String> = markdown
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            let hashes = line.len() - line.trim_start_matches('#').len();
            let is_heading = (1..=6).contains(&hashes)
                && line.get(hashes..).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
            if in_fence || !is_heading {
                return line.to_string();
            }
            let deeper = (hashes + levels).min(6);
            format!("{}{}", "#".repeat(deeper), line.get(hashes..).unwrap_or_default())
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists_become_bare_lines() {
        let markdown = "# Title\n\nOne\nparagraph.\n\n## Timeline (UTC)\n\n1. 14:55 — *down*\n2. 22:05 — `up`\n\n- a [link](https://example.com)\n  - nested\n\n```\ncode\nlines\n```\n";
        assert_eq!(
            to_plain_text(markdown),
            "Title\nOne paragraph.\nTimeline (UTC)\n- 14:55 — down\n- 22:05 — up\n- a link (https://example.com)\n  - nested\ncode\nlines"
        );
    }

    #[test]
    fn raw_html_stays_visible_text() {
        assert_eq!(to_plain_text("Host <db-01> failed."), "Host <db-01> failed.");
    }

    #[test]
    fn headings_move_deeper_but_not_inside_fences() {
        assert_eq!(
            demote_headings("# A\n## B\n```\n# not\n```\n#tag", 2),
            "### A\n#### B\n```\n# not\n```\n#tag"
        );
    }
}
