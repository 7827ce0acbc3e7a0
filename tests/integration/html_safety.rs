//! The safety contract of the Markdown-to-HTML step, checked on its output: no script, no
//! event handler, no link or image source with a scheme other than http, https or mailto, and
//! only the tags and attributes the renderer itself produces. Shared by the `markdown_html`
//! fuzz target (`#[path]`) and the fuzz-regression test.

/// Every tag pulldown-cmark emits with tables, strikethrough and task lists enabled.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "input",
];
const ATTRIBUTES: &[&str] =
    &["href", "src", "alt", "title", "class", "start", "type", "disabled", "checked", "style"];

pub fn assert_safe(input: &str, html: &str) {
    let fail = |why: String| -> ! { panic!("{why}\n--- input ---\n{input:?}\n--- html ---\n{html}") };
    if html.to_ascii_lowercase().contains("<script") {
        fail("a <script> tag".into());
    }
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { fail("an unclosed `<`".into()) };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag).trim_end();
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !TAGS.contains(&name) {
            fail(format!("a tag the renderer does not produce: <{tag}>"));
        }
        for (attribute, value) in attributes(&tag[name_end..]).unwrap_or_else(|e| fail(e)) {
            if attribute.starts_with("on") {
                fail(format!("an event handler `{attribute}` on <{name}>"));
            }
            if !ATTRIBUTES.contains(&attribute) {
                fail(format!("attribute `{attribute}` on <{name}>"));
            }
            if matches!(attribute, "href" | "src") && !safe_url(value) {
                fail(format!("unsafe {attribute}=\"{value}\""));
            }
        }
    }
    if html.matches('>').count() != html.matches('<').count() {
        fail("a stray `>` outside a tag".into());
    }
}

/// ` name="value"` pairs (or a bare ` name`), exactly as pulldown-cmark writes them.
fn attributes(mut text: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut found = Vec::new();
    while !text.is_empty() {
        let Some(after_space) = text.strip_prefix(' ') else {
            return Err(format!("malformed attributes `{text}`"));
        };
        let name_end = after_space.find(['=', ' ']).unwrap_or(after_space.len());
        let name = &after_space[..name_end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return Err(format!("malformed attribute name `{name}`"));
        }
        let after_name = &after_space[name_end..];
        if let Some(quoted) = after_name.strip_prefix("=\"") {
            let Some(end) = quoted.find('"') else { return Err(format!("unterminated value in `{text}`")) };
            found.push((name, &quoted[..end]));
            text = &quoted[end + 1..];
        } else {
            found.push((name, ""));
            text = after_name;
        }
    }
    Ok(found)
}

/// What a browser would make of the attribute value (HTML entities decoded once; tabs and
/// newlines removed and C0 controls and spaces trimmed, as the URL parser does): either no
/// scheme, or http, https or mailto.
fn safe_url(value: &str) -> bool {
    // The renderer escapes every `&`; any other entity would be decoded by the browser into a
    // character the checks below never saw.
    const ESCAPES: [(&str, &str); 6] =
        [("&amp;", "&"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&#x27;", "'"), ("&#39;", "'")];
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        let Some((escape, plain)) = ESCAPES.iter().find(|(escape, _)| rest[amp..].starts_with(escape)) else {
            return false;
        };
        decoded.push_str(plain);
        rest = &rest[amp + escape.len()..];
    }
    decoded.push_str(rest);
    let url: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme is a letter followed by letters, digits, `+`, `-` or `.` up to a colon;
    // anything else (`mailt%7Fo:`) is a relative reference.
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(end)
            if end > 0
                && url[end..].starts_with(':')
                && url.starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            matches!(url[..end].to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}
