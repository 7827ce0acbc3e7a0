//! `report --to md`: the report rendered once through `templates/report.md.j2` (embedded; a
//! `report.md.j2` in `--templates DIR` replaces it), with the filters the template uses.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use minijinja::{Environment, Value};
use serde::Serialize;

use super::aggregate::{DURATION_NAMES, Report};
use crate::output::Failure;
use crate::time::{format_duration, format_in_zone};

pub const TEMPLATE_NAME: &str = "report.md.j2";
const BUILT_IN: &str = include_str!("../../templates/report.md.j2");

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    report: &'a Report,
    as_of_date: NaiveDate,
    duration_names: [&'static str; 6],
    zone: &'a str,
}

/// Render the report as Markdown.
pub fn to_markdown(
    report: &Report,
    as_of_date: NaiveDate,
    zone: Tz,
    templates: Option<&Path>,
) -> Result<String, Failure> {
    let (name, source) = template_source(templates)?;
    let mut env = environment(zone);
    env.add_template_owned(name.clone(), source).map_err(|e| template_failure(&name, &e))?;
    let template = env.get_template(&name).map_err(|e| template_failure(&name, &e))?;
    let context = Context { report, as_of_date, duration_names: DURATION_NAMES, zone: zone.name() };
    template.render(Value::from(minijinja::value::Serde(&context))).map_err(|e| template_failure(&name, &e))
}

fn template_source(templates: Option<&Path>) -> Result<(String, String), Failure> {
    if let Some(path) = templates.map(|dir| dir.join(TEMPLATE_NAME)).filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Failure::new(format!("cannot read template `{}`: {e}", path.display()))
                .help("make it a readable UTF-8 file, or remove it to use the built-in one")
        })?;
        return Ok((path.display().to_string(), text));
    }
    Ok((TEMPLATE_NAME.to_string(), BUILT_IN.to_string()))
}

fn template_failure(name: &str, error: &minijinja::Error) -> Failure {
    let place = error.line().map_or(String::new(), |line| format!(":{line}"));
    Failure::new(format!("template `{name}{place}`: {error}"))
        .help("fix the template, or remove it from the templates folder to use the built-in one")
}

fn environment(zone: Tz) -> Environment<'static> {
    let mut env = Environment::new();
    env.add_filter("duration", |value: Value| -> String {
        match value.as_i64().or_else(|| f64::try_from(value.clone()).ok().map(|f| f.round() as i64)) {
            Some(seconds) if !value.is_none() && !value.is_undefined() => format_duration(seconds),
            _ => "–".to_string(),
        }
    });
    env.add_filter("pct", |value: f64, digits: Option<usize>| -> String {
        format!("{:.*} %", digits.unwrap_or(4), value)
    });
    env.add_filter("datetime", move |value: String| -> String {
        DateTime::parse_from_rfc3339(&value)
            .map_or(value, |at| format_in_zone(at.with_timezone(&Utc), zone, "%Y-%m-%d %H:%M %Z"))
    });
    env.add_filter("cell", |value: String| -> String { markdown_cell(&value) });
    env.add_filter("urlpath", |value: String| -> String { url_path(&value) });
    env
}

/// Text safe inside a Markdown table cell: no pipes, line breaks or raw HTML.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
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

/// A relative path as a Markdown link target: spaces, parentheses and the like escaped.
fn url_path(path: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_links_cannot_break_the_table() {
        assert_eq!(markdown_cell("a | b\n<script>"), "a \\| b &lt;script&gt;");
        assert_eq!(url_path("../incidents/my file (1).toml"), "../incidents/my%20file%20%281%29.toml");
    }
}
