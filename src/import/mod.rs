//! Importers: documents written elsewhere turned into incident files.

pub mod markdown;
pub mod pagerduty;
pub mod slack;
pub mod statuspage;

/// `text` made safe for one TOML comment line: TOML allows no control characters in a
/// comment, and a line break would end it and let the rest be read as keys.
pub(crate) fn comment_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }).collect()
}

/// A JSON document typed as `T`; an error is a located diagnostic naming the file, line,
/// column and JSON path (`log_entries[3].created_at`), with the source line and a caret under
/// the value, and `help` saying what the document should be.
pub(crate) fn typed_json<T: serde::de::DeserializeOwned>(
    display_path: &str,
    text: &str,
    help: &str,
) -> Result<T, crate::output::Failure> {
    Ok(crate::load::json_document::typed_document(display_path, text, help)?)
}
