//! Located failures of JSON documents read from elsewhere (Statuspage, PagerDuty and Slack
//! exports): every error is a diagnostic pointing into the document's text, printed like the
//! loader's, with the source line and a caret under the value.
//!
//! serde_json places a type error after the value it could not read; the JSON path
//! serde_path_to_error gives is looked up in the text (`json_spans`) so the caret sits under
//! the value itself, and the line and column are where it starts.

use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;

use super::json_spans;
use crate::diagnostic::{Diagnostic, LoadFailure, input};
use crate::source::{FieldSpan, SourceFile};

/// The field locator of JSON text: the spans of the `wanted` paths, or of every field.
pub fn json_fields(text: &str, wanted: Option<&HashSet<&str>>) -> HashMap<String, FieldSpan> {
    match wanted {
        Some(wanted) => json_spans::spans_of(text, wanted),
        None => json_spans::spans(text).0,
    }
}

/// A JSON document's source, whose diagnostics locate their field paths in its text.
pub fn json_source(display_path: &str, text: &str) -> SourceFile {
    SourceFile::new(display_path, text.to_string()).with_field_locator(json_fields)
}

/// The failure of `diagnostic` in the JSON document `text`, located: at its span, else at its
/// field path, else at the start of the document (so every failure names a line and column).
pub fn located_failure(display_path: &str, text: &str, diagnostic: Diagnostic) -> Box<LoadFailure> {
    let source = json_source(display_path, text);
    let mut diagnostic = diagnostic;
    if diagnostic.span.is_none() {
        let found = diagnostic.path.as_deref().and_then(|path| source.value_span(path));
        diagnostic.span = Some(found.unwrap_or(0..0));
    }
    Box::new(LoadFailure { source, diagnostic })
}

/// The diagnostic of text that is not JSON, at the place serde_json stopped.
pub fn syntax_diagnostic(text: &str, error: &serde_json::Error) -> Diagnostic {
    let offset = offset_of(text, error.line(), error.column());
    Diagnostic::new(&input::SYNTAX_ERROR, format!("invalid JSON: {}", without_position(error)))
        .span(offset..offset.saturating_add(1).min(text.len().max(offset)))
        .help("fix the JSON syntax at the marked place; keys and strings need double quotes, no trailing commas")
}

/// A JSON document typed as `T`. A failure is located at the JSON path of the value serde
/// could not read (`incidents[0].incident_updates[1].created_at`), with `help` saying what
/// the document should be.
pub fn typed_document<T: DeserializeOwned>(
    display_path: &str,
    text: &str,
    help: &str,
) -> Result<T, Box<LoadFailure>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return located_failure(display_path, text, syntax_diagnostic(text, inner));
        }
        let path = e.path().to_string();
        let at_error = offset_of(text, inner.line(), inner.column());
        let mut diagnostic = Diagnostic::new(&input::INVALID_VALUE, without_position(inner)).help(help);
        if path != "." {
            diagnostic = diagnostic.at(path.as_str());
        }
        let source = json_source(display_path, text);
        let span = diagnostic.path.as_deref().and_then(|p| source.value_span(p));
        diagnostic.span = Some(span.unwrap_or(at_error..at_error));
        Box::new(LoadFailure { source, diagnostic })
    })
}

/// serde_json's message without the " at line L column C" it appends (the place is printed
/// with the excerpt).
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    message.rsplit_once(" at line ").map_or(message.as_str(), |(head, _)| head).to_string()
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let offset = (line_start + column.saturating_sub(1)).min(text.len());
    // Step back to a character boundary so the span can be sliced.
    (0..=offset).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: u32,
    }

    #[test]
    fn a_wrong_type_points_at_the_value_by_its_path() {
        let text = "{\n  \"items\": [\n    {\"id\": \"a\", \"count\": 1},\n    {\"id\": \"b\",\n     \"count\": \"many\"}\n  ]\n}\n";
        let failure = typed_document::<Doc>("d.json", text, "fix it").expect_err("a wrong type");
        assert_eq!(failure.diagnostic.path.as_deref(), Some("items[1].count"));
        let span = failure.diagnostic.span.clone().unwrap_or_default();
        assert_eq!(&text[span.clone()], "\"many\"");
        assert_eq!(failure.source.line_column(span.start), (5, 15));
        assert_eq!(failure.diagnostic.help.as_deref(), Some("fix it"));
        assert!(!failure.diagnostic.message.contains(" at line "), "{}", failure.diagnostic.message);
    }

    #[test]
    fn bad_syntax_points_where_the_parser_stopped() {
        let text = "{\"items\": [\n  {\"id\": \"a\",, \"count\": 1}]}";
        let failure = typed_document::<Doc>("d.json", text, "fix it").expect_err("bad syntax");
        assert_eq!(failure.diagnostic.check.code, input::SYNTAX_ERROR.code);
        let span = failure.diagnostic.span.clone().unwrap_or_default();
        assert_eq!(failure.source.line_column(span.start).0, 2);
    }

    #[test]
    fn an_unlocated_path_falls_back_to_a_place() {
        let text = "{\"items\": []}";
        let diagnostic = Diagnostic::new(&input::INVALID_VALUE, "m").at("nowhere[3]");
        let failure = located_failure("d.json", text, diagnostic);
        assert_eq!(failure.diagnostic.span, Some(0..0));
    }
}
