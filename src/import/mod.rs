//! Importers: documents written elsewhere turned into incident files.

pub mod markdown;
pub mod statuspage;

/// `text` made safe for one TOML comment line: TOML allows no control characters in a
/// comment, and a line break would end it and let the rest be read as keys.
pub(crate) fn comment_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }).collect()
}
