//! Arbitrary text through the Markdown steps of `render`: the Markdown-to-HTML conversion,
//! asserting the safety contract in tests/integration/html_safety.rs on the result (with and
//! without the chart figure); and the containment of a field placed in a Markdown document
//! (`render::contain`), read back by the CommonMark parser: the sections around a block field
//! survive, two one-line fields side by side stay in their list item, and no raw HTML or script
//! link reaches the reader. This reader is the target's own, apart from the library's proof.
#![no_main]

#[path = "../../tests/integration/html_safety.rs"]
mod html_safety;

use postmortem::render::contain;
use postmortem::render::markdown::to_html;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The trusted figure the chart marker is replaced by; removed before checking.
const FIGURE: &str = "<figure class=\"chart\"><svg></svg></figure>";

const GFM: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// What a reader of `document` sees that the containment must rule out.
struct Seen {
    top_headings: Vec<String>,
    items: usize,
    last_paragraph: String,
}

fn read(document: &str) -> Seen {
    let mut seen = Seen { top_headings: Vec::new(), items: 0, last_paragraph: String::new() };
    let (mut heading, mut paragraph, mut depth) = (None::<String>, None::<String>, 0usize);
    for event in Parser::new_ext(document, GFM) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => panic!("raw HTML {raw:?} in {document:?}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let cleaned: String =
                    dest_url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                let lower = cleaned.to_ascii_lowercase();
                if let Some(i) = lower.find([':', '/', '?', '#'])
                    && lower[i..].starts_with(':')
                {
                    assert!(matches!(&lower[..i], "http" | "https" | "mailto"), "link {dest_url:?} in {document:?}");
                }
            }
            Event::Start(Tag::Heading { level: HeadingLevel::H1 | HeadingLevel::H2, .. }) => {
                heading = Some(String::new())
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1 | HeadingLevel::H2)) => {
                seen.top_headings.extend(heading.take())
            }
            Event::Start(Tag::Item) => {
                if depth == 0 {
                    seen.items += 1;
                }
                depth += 1;
                // A tight item's text has no paragraph of its own.
                paragraph = Some(String::new());
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if let Some(text) = paragraph.take() {
                    seen.last_paragraph = text;
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => seen.last_paragraph = paragraph.take().unwrap_or_default(),
            Event::Text(text) => {
                if let Some(h) = &mut heading {
                    h.push_str(&text);
                }
                if let Some(p) = &mut paragraph {
                    p.push_str(&text);
                }
            }
            _ => {}
        }
    }
    seen
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    html_safety::assert_safe(text, &to_html(text, None));
    let with_figure = to_html(text, Some(("[[chart]]", FIGURE)));
    html_safety::assert_safe(text, &with_figure.replace(FIGURE, ""));

    let block = format!("## Before\n\n{}\n\n## After\n\nend-of-document\n", contain::block(text));
    let seen = read(&block);
    assert_eq!(seen.top_headings, ["Before", "After"], "{block:?}");
    assert_eq!(seen.last_paragraph, "end-of-document", "{block:?}");

    // Two fields on adjacent lines of one paragraph (an action and its owner): the input split
    // in two, so that what one half leaves open the other could close.
    let middle = (0..=text.len() / 2).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let (first, second) = text.split_at(middle);
    let inline = format!("- {}\n  {}\n- next\n", contain::inline(first), contain::inline(second));
    let seen = read(&inline);
    assert!(seen.top_headings.is_empty() && seen.items == 2, "{inline:?}");
    assert_eq!(seen.last_paragraph, "next", "{inline:?}");
});
