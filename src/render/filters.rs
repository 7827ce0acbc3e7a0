//! Template filters: durations and instants as people read them, in the display zone.
//!
//! `duration` (7h 10m), `approx` (approximately 7 hours), `datetime(format, tz)` and
//! `date_range` (July 3–4, 2026). Instants arrive as RFC 3339 strings or as the time objects of
//! the context (their `utc` field); the zone defaults to the context's `display_zone`.
//! For tables in Markdown: `pct(digits)` (99.6754 %), `cell` (text that cannot break a table
//! row), `md_cell` (Markdown already made safe, in a cell), `code` (a value as one code span,
//! whatever it holds) and `urlpath` (a relative path as a link target).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};

use crate::time::{approx_duration, date_range as range_text, format_in_zone, parse_zone};

/// The format `datetime` uses when given none: "July 4, 2026 14:55 UTC".
pub const DEFAULT_DATETIME_FORMAT: &str = "%B %-d, %Y %H:%M %Z";

pub fn register(env: &mut Environment<'static>) {
    env.add_filter("duration", duration);
    env.add_filter("approx", approx);
    env.add_filter("datetime", datetime);
    env.add_filter("date_range", date_range);
    env.add_filter("pct", pct);
    env.add_filter("cell", |value: String| markdown_cell(&value));
    env.add_filter("md_cell", |value: String| markdown_in_cell(&value));
    env.add_filter("urlpath", |value: String| url_path(&value));
    env.add_filter("code", |value: String| markdown_code(&value));
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn seconds(value: &Value, filter: &str) -> Result<Option<i64>, Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(None);
    }
    // Whole seconds; a computed figure such as an error budget (7948.8 s) is rounded.
    i64::try_from(value.clone())
        .ok()
        .or_else(|| f64::try_from(value.clone()).ok().filter(|f| f.is_finite()).map(|f| f.round() as i64))
        .map(Some)
        .ok_or_else(|| invalid(format!("`{filter}` expects a number of seconds, got `{value}`")))
}

/// `{{ 99.67543|pct }}` is "99.6754 %"; `{{ x|pct(1) }}` keeps one decimal.
fn pct(value: f64, digits: Option<usize>) -> String {
    format!("{:.*} %", digits.unwrap_or(4).min(12), value)
}

/// Text safe inside a Markdown table cell: no pipes, line breaks, raw HTML or link brackets.
/// A backslash is escaped too, so that the text's own `\|` or `\[` keeps its backslash
/// instead of being read as an escape.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown already made safe ([`super::contain`]: the post-mortem's fields) in a table cell:
/// only what would end the cell or the row changes (a pipe not already escaped, a line break);
/// its escapes and links stay as they are.
pub fn markdown_in_cell(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut escaped = false;
    for c in markdown.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' if !escaped => out.push_str("\\|"),
            _ => out.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

/// A value (a file name, an identifier) as one Markdown code span: shown exactly, whatever
/// backticks it holds, with control characters (line breaks too) written visibly as `\u{a}`
/// so it stays on its line.
pub fn markdown_code(text: &str) -> String {
    let shown: String = text
        .chars()
        .map(|c| {
            if c.is_control() || crate::diagnostic::is_unsafe_char(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect();
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if shown.starts_with('`') || shown.ends_with('`') || shown.is_empty() { " " } else { "" };
    format!("{fence}{pad}{shown}{pad}{fence}")
}

/// A relative path as a Markdown link target: spaces, parentheses and the like percent-encoded.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "7h 10m"; "unknown" for none.
fn duration(value: Value) -> Result<String, Error> {
    Ok(seconds(&value, "duration")?.map_or_else(|| "unknown".to_string(), hours_and_minutes))
}

/// A duration the way incident authors write it: hours past a day ("24h 11m", not "1d 11m"),
/// seconds only under an hour ("4m 30s"), "0s" for nothing.
pub fn hours_and_minutes(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    let parts: Vec<String> = if h > 0 {
        [(h, "h"), (m, "m")].iter().filter(|(n, _)| *n > 0).map(|(n, u)| format!("{n}{u}")).collect()
    } else {
        [(m, "m"), (s, "s")].iter().filter(|(n, _)| *n > 0).map(|(n, u)| format!("{n}{u}")).collect()
    };
    if parts.is_empty() { "0s".to_string() } else { format!("{sign}{}", parts.join(" ")) }
}

/// "approximately 7 hours"; "unknown" for none.
fn approx(value: Value) -> Result<String, Error> {
    Ok(seconds(&value, "approx")?.map_or_else(|| "unknown".to_string(), approx_duration))
}

/// Reads an instant: an RFC 3339 string or a context time object.
fn instant(value: &Value, filter: &str) -> Result<DateTime<Utc>, Error> {
    let text =
        if value.kind() == minijinja::value::ValueKind::Map { value.get_attr("utc")? } else { value.clone() };
    text.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|dt| dt.with_timezone(&Utc))
        .ok_or_else(|| {
            invalid(format!("`{filter}` expects an RFC 3339 instant or a time value, got `{value}`"))
        })
}

/// The zone named by `tz`, else the context's `display_zone`, else UTC.
fn zone(state: &State, tz: Option<&str>) -> Result<Tz, Error> {
    let name = match tz {
        Some(name) => name.to_string(),
        None => match state.lookup("display_zone") {
            Some(v) if v.as_str().is_some() => v.as_str().unwrap_or("UTC").to_string(),
            _ => "UTC".to_string(),
        },
    };
    parse_zone(&name).map_err(|e| invalid(format!("{e}; {}", e.help())))
}

/// `{{ at|datetime }}`, `{{ at|datetime("%H:%M %Z") }}`, `{{ at|datetime("%H:%M", "Europe/Berlin") }}`
/// or with keywords `format=`, `tz=`.
fn datetime(
    state: &State,
    value: Value,
    format: Option<String>,
    tz: Option<String>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    let format = match kwargs.get::<Option<String>>("format")? {
        Some(f) => Some(f),
        None => format,
    };
    let tz = match kwargs.get::<Option<String>>("tz")? {
        Some(t) => Some(t),
        None => tz,
    };
    kwargs.assert_all_used()?;
    let at = instant(&value, "datetime")?;
    let zone = zone(state, tz.as_deref())?;
    Ok(format_in_zone(at, zone, format.as_deref().unwrap_or(DEFAULT_DATETIME_FORMAT)))
}

/// `{{ span|date_range }}` (an object with `start` and `end`) or `{{ start|date_range(end) }}`.
fn date_range(state: &State, value: Value, end: Option<Value>, tz: Option<String>) -> Result<String, Error> {
    let (start, end) = match end {
        Some(end) => (value.clone(), end),
        None => (value.get_attr("start")?, value.get_attr("end")?),
    };
    let zone = zone(state, tz.as_deref())?;
    let day = |v: &Value| instant(v, "date_range").map(|at| at.with_timezone(&zone).date_naive());
    Ok(range_text(day(&start)?, day(&end)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str, ctx: Value) -> String {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(source, ctx).unwrap_or_else(|e| format!("ERROR: {e}"))
    }

    #[test]
    fn durations_in_both_forms() {
        let ctx = minijinja::context! { s => 25_800 };
        assert_eq!(render("{{ s|duration }} / {{ s|approx }}", ctx), "7h 10m / approximately 7 hours");
        assert_eq!(render("{{ none|duration }}", minijinja::context! {}), "unknown");
    }

    #[test]
    fn datetime_uses_the_display_zone_unless_told() {
        let ctx = minijinja::context! { at => "2026-07-04T14:55:00Z", display_zone => "Europe/Berlin" };
        assert_eq!(render("{{ at|datetime(\"%H:%M %Z\") }}", ctx.clone()), "16:55 CEST");
        assert_eq!(render("{{ at|datetime(\"%H:%M %Z\", \"UTC\") }}", ctx.clone()), "14:55 UTC");
        assert_eq!(render("{{ at|datetime(format=\"%b %-d\", tz=\"Asia/Tokyo\") }}", ctx), "Jul 4");
    }

    #[test]
    fn date_range_from_a_span_or_two_instants() {
        let ctx = minijinja::context! {
            span => minijinja::context! { start => "2026-07-03T16:00:00Z", end => "2026-07-04T23:32:00Z" },
        };
        assert_eq!(render("{{ span|date_range }}", ctx), "July 3–4, 2026");
        let ctx = minijinja::context! { a => "2026-07-04T22:00:00Z", b => "2026-07-04T23:00:00Z" };
        assert_eq!(render("{{ a|date_range(b) }}", ctx.clone()), "July 4, 2026");
        assert_eq!(render("{{ a|date_range(b, \"Asia/Tokyo\") }}", ctx), "July 5, 2026");
    }

    #[test]
    fn durations_count_hours_past_a_day() {
        assert_eq!(hours_and_minutes(24 * 3600 + 11 * 60), "24h 11m");
        assert_eq!(hours_and_minutes(49 * 60), "49m");
        assert_eq!(hours_and_minutes(270), "4m 30s");
        assert_eq!(hours_and_minutes(3 * 3600), "3h");
        assert_eq!(hours_and_minutes(0), "0s");
        assert_eq!(hours_and_minutes(-90), "-1m 30s");
    }

    #[test]
    fn computed_seconds_are_rounded_and_percentages_keep_their_digits() {
        let ctx = minijinja::context! { budget => 7948.8, a => 99.675_43 };
        assert_eq!(
            render("{{ budget|duration }} {{ a|pct }} {{ a|pct(1) }}", ctx),
            "2h 12m 99.6754 % 99.7 %"
        );
    }

    #[test]
    fn cells_and_links_cannot_break_the_table() {
        assert_eq!(markdown_cell("a | b\n<script>[x]"), "a \\| b &lt;script&gt;\\[x\\]");
        assert_eq!(
            markdown_in_cell("made safe: \\<b> a|b \\| \\\\|\n[l](https://x)"),
            "made safe: \\<b> a\\|b \\| \\\\\\| [l](https://x)"
        );
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("x\n# y\u{1b}"), "`x\\u{a}# y\\u{1b}`");
        assert_eq!(url_path("../incidents/my file (1).toml"), "../incidents/my%20file%20%281%29.toml");
    }

    #[test]
    fn a_cell_keeps_its_backslashes_and_pipes_as_written() {
        let written = r"a \| b | c \\ d \[e] f\";
        assert_eq!(markdown_cell(written), r"a \\\| b \| c \\\\ d \\\[e\] f\\");
        // A Markdown reader with tables shows the cell's text as it was written, in one cell.
        let table = format!("| h |\n|---|\n| {} |\n", markdown_cell(written));
        let parser = pulldown_cmark::Parser::new_ext(&table, pulldown_cmark::Options::ENABLE_TABLES);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, parser);
        assert!(html.contains(r"<td>a \| b | c \\ d \[e] f\</td>"), "{html}");
        assert_eq!(html.matches("<td>").count(), 1, "{html}");
    }

    #[test]
    fn a_bad_argument_is_an_error_not_a_guess() {
        assert!(render("{{ \"soon\"|datetime }}", minijinja::context! {}).starts_with("ERROR"));
        assert!(render("{{ \"x\"|duration }}", minijinja::context! {}).starts_with("ERROR"));
    }
}
