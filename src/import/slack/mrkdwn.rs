//! Slack's mrkdwn to Markdown: `<@U123>` mentions named from users.json, `<#C1|name>`
//! channels, `<url|label>` links, `*bold*`, `_italic_`, `~strike~`, code kept as code, and
//! `&amp;`/`&lt;`/`&gt;` decoded. Markdown's own special characters in plain text are escaped,
//! so a message cannot turn into a heading, a list or a link it did not contain.

/// Names for the ids Slack writes in angle brackets.
pub trait Names {
    fn user(&self, id: &str) -> Option<String>;
    fn channel(&self, id: &str) -> Option<String>;
}

/// Emphasis nested deeper than this is kept as plain characters (bounds the recursion).
const MAX_NESTING: usize = 8;
/// How far a closing `*`, `_` or `~` is looked for (bounds the work on long lines).
const MAX_SPAN: usize = 1000;

/// Convert one message's text.
pub fn to_markdown(text: &str, names: &dyn Names) -> String {
    convert(text, names, 0)
}

fn convert(text: &str, names: &dyn Names, depth: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("```") {
            // A code block runs to the next fence; unterminated, to the end.
            let (code, tail) = after.split_once("```").unwrap_or((after, ""));
            let code = decode_entities(code.trim_matches('\n'));
            let fence = if code.contains("```") { "~~~~" } else { "```" };
            let kept = out.trim_end_matches(' ').len();
            out.truncate(kept);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("{fence}\n{code}\n{fence}\n"));
            rest = tail.trim_start_matches(' ');
            rest = rest.strip_prefix('\n').unwrap_or(rest);
            continue;
        }
        if let Some(after) = rest.strip_prefix('`')
            && let Some((code, tail)) = after.split_once('`')
            && !code.contains('\n')
        {
            let code = decode_entities(code);
            let ticks = if code.contains('`') { "``" } else { "`" };
            out.push_str(&format!("{ticks}{code}{ticks}"));
            rest = tail;
            continue;
        }
        if let Some(after) = rest.strip_prefix('<')
            && let Some((inner, tail)) = after.split_once('>')
            && !inner.contains('<')
        {
            out.push_str(&reference(inner, names));
            rest = tail;
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or(' ');
        let previous = out.chars().last();
        if let Some(marker) = emphasis(c)
            && depth < MAX_NESTING
            && opens(previous)
            && let Some((inner, tail)) = closing(chars.as_str(), c)
        {
            out.push_str(marker);
            out.push_str(&convert(inner, names, depth + 1));
            out.push_str(marker);
            rest = tail;
            continue;
        }
        if let Some((entity, ch)) =
            [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')].iter().find(|(e, _)| rest.starts_with(e))
        {
            push_plain(&mut out, *ch);
            rest = &rest[entity.len()..];
            continue;
        }
        push_plain(&mut out, c);
        rest = chars.as_str();
    }
    out
}

fn emphasis(c: char) -> Option<&'static str> {
    match c {
        '*' => Some("**"),
        '_' => Some("*"),
        '~' => Some("~~"),
        _ => None,
    }
}

/// Slack formats `*x*` only where the marker starts a word.
fn opens(previous: Option<char>) -> bool {
    previous.is_none_or(|p| p.is_whitespace() || "([{\"'".contains(p))
}

/// The text up to the closing `marker` on the same line, when there is one that ends a word
/// and the text does not start or end with a space.
fn closing(text: &str, marker: char) -> Option<(&str, &str)> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    for (i, c) in line.char_indices().take(MAX_SPAN) {
        if c != marker || i == 0 {
            continue;
        }
        let inner = &line[..i];
        let tail = &text[i + c.len_utf8()..];
        let ends_word = tail.chars().next().is_none_or(|n| !n.is_alphanumeric());
        if ends_word && !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace) {
            return Some((inner, tail));
        }
    }
    None
}

/// A plain character, escaped where Markdown would read it as syntax.
fn push_plain(out: &mut String, c: char) {
    if "\\`*_{}[]<>#|~".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// Plain text with Markdown's special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_plain(&mut out, c);
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// `@U123`, `#C1|name`, `!here`, `url|label`: what Slack writes between angle brackets.
fn reference(inner: &str, names: &dyn Names) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(decode_entities(l))),
        None => (inner, None),
    };
    let escaped = escape;
    if let Some(id) = target.strip_prefix('@') {
        let name = label.map(|l| l.trim_start_matches('@').to_string()).or_else(|| names.user(id));
        return format!("@{}", escaped(&name.unwrap_or_else(|| id.to_string())));
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = label.or_else(|| names.channel(id));
        return format!("\\#{}", escaped(&name.unwrap_or_else(|| id.to_string())));
    }
    if let Some(special) = target.strip_prefix('!') {
        // `<!here>`, `<!channel>`, `<!subteam^S1|@oncall>`, `<!date^...|fallback>`.
        return match label {
            Some(label) => escaped(&label),
            None => format!("@{}", escaped(special.split('^').next().unwrap_or(special))),
        };
    }
    let url = decode_entities(target);
    let linkable = ["http://", "https://", "mailto:"].iter().any(|s| url.to_ascii_lowercase().starts_with(s))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    match (linkable, label) {
        (true, Some(label)) => {
            format!("[{}]({})", escaped(&label), url.replace('(', "%28").replace(')', "%29"))
        }
        (true, None) => format!("<{url}>"),
        (false, Some(label)) => escaped(&label),
        (false, None) => escaped(&url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Directory;
    impl Names for Directory {
        fn user(&self, id: &str) -> Option<String> {
            (id == "U01ANA").then(|| "Ana Lima".to_string())
        }
        fn channel(&self, id: &str) -> Option<String> {
            (id == "C01INC").then(|| "inc-payments".to_string())
        }
    }

    #[test]
    fn mrkdwn_becomes_markdown() {
        let cases = [
            "<@U01ANA> is paging the DB on-call",
            "<@U09NOPE> and <@U01ANA|ana> joined",
            "moving to <#C01INC> and <#C02XYZ|war-room>",
            "<!here> *API is down* for _most_ users, ~fixed~ not fixed",
            "dashboards: <https://grafana.example.com/d/api?from=now-1h&amp;to=now|API errors> and <https://status.example.com>",
            "snake_case_name and 2*3*4 stay as they are",
            "a `kubectl rollout undo deploy/api` and ```\nSELECT 1;\n``` done",
            "&lt;script&gt;alert(1)&lt;/script&gt; # not a heading [not](a link)",
            "<javascript:alert(1)|click> <ftp://x.example/a>",
            "<!subteam^S01|@sre-oncall> and <!date^1783177380^{time}|3:03 PM>",
            "*unclosed bold and _unclosed italic",
        ];
        let converted: Vec<String> =
            cases.iter().map(|c| format!("{c}\n=> {}", to_markdown(c, &Directory))).collect();
        insta::assert_snapshot!(converted.join("\n\n"));
    }

    #[test]
    fn deep_nesting_and_long_lines_stay_cheap() {
        let nested = format!("{}x{}", "*_~".repeat(5000), "~_*".repeat(5000));
        let converted = to_markdown(&nested, &Directory);
        assert!(converted.contains('x') && converted.len() < nested.len() * 3, "{}", converted.len());
        let long = "*a ".repeat(5_000);
        let started = std::time::Instant::now();
        assert!(to_markdown(&long, &Directory).starts_with("\\*a"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
