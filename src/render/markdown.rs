//! Markdown to HTML (pulldown-cmark, with tables, strikethrough and task lists), made safe for
//! text that came from incident files: raw HTML is shown as text (so `<db-01>` stays visible),
//! only http, https, mailto and relative links survive, and images never load from elsewhere.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Where a link or image may point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Destination {
    /// No scheme: a path or fragment relative to the page.
    Relative,
    /// http, https or mailto.
    Allowed,
    /// Anything else: `javascript:`, `data:`, `vbscript:`, `file:` ...
    Blocked,
}

pub(super) fn destination(url: &str) -> Destination {
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.get(i..i + 1) == Some(":") => {
            if matches!(lower.get(..i), Some("http" | "https" | "mailto")) {
                Destination::Allowed
            } else {
                Destination::Blocked
            }
        }
        _ if lower.starts_with("//") => Destination::Allowed,
        _ => Destination::Relative,
    }
}

/// What happened to an opened link or image, so its end tag matches.
enum Opened {
    Kept(TagEnd),
    Dropped,
}

/// A paragraph text for a template to mark where a figure goes: `[[postmortem-PURPOSE-…]]`
/// with 128 random bits, drawn for each rendering, so that text from an incident file cannot
/// hold it (a forged marker would place the chart twice, with duplicate SVG ids).
pub fn figure_marker(purpose: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    // Each RandomState is keyed from the operating system's random source.
    let draw = || RandomState::new().hash_one(std::time::SystemTime::now());
    format!("[[postmortem-{purpose}-{:016x}{:016x}]]", draw(), draw())
}

/// Convert Markdown to an HTML fragment. The first paragraph that consists of exactly
/// `figure.0` (a [`figure_marker`]) is replaced by the trusted HTML `figure.1` (the chart).
pub fn to_html(markdown: &str, figure: Option<(&str, &str)>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut opened: Vec<Opened> = Vec::new();
    let mut figure = figure.filter(|(marker, _)| !marker.is_empty());
    let mut i = 0;
    while let Some(event) = events.get(i) {
        i += 1;
        match event {
            Event::Start(Tag::Paragraph) => {
                if let Some((marker, replacement)) = figure {
                    let end = events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Paragraph)));
                    if let Some(end) = end {
                        let inner = &events[i..i + end];
                        let text: Option<String> = inner
                            .iter()
                            .map(|e| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
                            .collect();
                        if text.as_deref().map(str::trim) == Some(marker) {
                            out.push(Event::Html(CowStr::Borrowed(replacement)));
                            figure = None;
                            i += end + 1;
                            continue;
                        }
                    }
                }
                out.push(event.clone());
            }
            // Raw HTML is the author's text, not markup.
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw.clone())),
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Link { dest_url, .. }) => match destination(dest_url) {
                Destination::Blocked => opened.push(Opened::Dropped),
                Destination::Allowed | Destination::Relative => {
                    opened.push(Opened::Kept(TagEnd::Link));
                    out.push(event.clone());
                }
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => match destination(dest_url) {
                Destination::Blocked => opened.push(Opened::Dropped),
                // A remote image would be a request the page makes by itself: link to it instead.
                Destination::Allowed => {
                    opened.push(Opened::Kept(TagEnd::Link));
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest_url.clone(),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Destination::Relative => {
                    opened.push(Opened::Kept(TagEnd::Image));
                    out.push(event.clone());
                }
            },
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(Opened::Kept(end)) = opened.pop() {
                    out.push(Event::End(end));
                }
            }
            other => out.push(other.clone()),
        }
    }
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, out.into_iter());
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        to_html(md, None)
    }

    #[test]
    fn raw_html_stays_visible_as_text() {
        assert_eq!(html("restart <db-01> now"), "<p>restart &lt;db-01&gt; now</p>\n");
        let block = html("<script>alert(1)</script>\n");
        assert!(!block.contains("<script"), "{block}");
        assert!(block.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{block}");
        let attr = html("<img src=x onerror=alert(1)>");
        assert!(!attr.contains("<img"), "{attr}");
    }

    #[test]
    fn only_safe_links_survive() {
        assert!(html("[a](https://example.com/x)").contains("<a href=\"https://example.com/x\">a</a>"));
        assert!(html("[a](mailto:sre@example.com)").contains("href=\"mailto:sre@example.com\""));
        assert!(html("[a](../other.html#t)").contains("href=\"../other.html#t\""));
        for bad in [
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](java\\\tscript:alert(1))",
            "[a](javascript&#58;alert(1))",
            "[a](data:text/html,<script>alert(1)</script>)",
            "<javascript:alert(1)>",
            "[a][r]\n\n[r]: vbscript:x",
        ] {
            let out = html(bad);
            assert!(!out.contains("href"), "{bad} -> {out}");
        }
    }

    #[test]
    fn images_never_load_from_elsewhere() {
        assert!(html("![chart](chart.svg)").contains("<img src=\"chart.svg\" alt=\"chart\""));
        let remote = html("![x](https://tracker.example/p.gif)");
        assert!(!remote.contains("<img"), "{remote}");
        assert!(remote.contains("<a href=\"https://tracker.example/p.gif\">x</a>"), "{remote}");
        let data = html("![x](data:image/svg+xml;base64,PHN2Zz4=)");
        assert!(!data.contains("<img") && !data.contains("data:"), "{data}");
        assert_eq!(data, "<p>x</p>\n");
    }

    #[test]
    fn tables_strikethrough_and_task_lists() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] open\n");
        assert!(out.contains("<table>") && out.contains("<del>gone</del>"), "{out}");
        assert!(out.contains("type=\"checkbox\""), "{out}");
    }

    #[test]
    fn the_marker_paragraph_becomes_the_figure() {
        let out = to_html("before\n\n[[chart]]\n\nafter", Some(("[[chart]]", "<svg></svg>")));
        assert_eq!(out, "<p>before</p>\n<svg></svg>\n<p>after</p>\n");
        assert!(
            to_html("not [[chart]] alone", Some(("[[chart]]", "<svg/>"))).contains("not [[chart]] alone")
        );
    }
}
