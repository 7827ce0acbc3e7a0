//! The mark every JSON document the tool writes carries first, `"generator": "postmortem …"`,
//! so that an output saved among the incidents is recognised and skipped instead of read as a
//! broken incident. The writers wrap their documents in [`Marked`]; discovery reads the mark
//! with [`head_is_marked`]. SARIF and JSON Schema, whose own schemas admit no extra key, name
//! the tool in their own fields instead ([`TOOL`] as SARIF's `tool.driver.name`).

use serde::{Serialize, Serializer};

/// The tool's name: the start of every mark's value, and SARIF's `tool.driver.name`.
pub const TOOL: &str = env!("CARGO_PKG_NAME");

/// The key of the mark, always the document's first.
pub const KEY: &str = "generator";

/// Which command wrote a JSON document: the mark's value is `"postmortem <command>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// `analyze --format json`.
    Analyze,
    /// `check --format json`.
    Check,
    /// `report --to json`.
    Report,
    /// `status --to statuspage-json`.
    Status,
    /// `site`'s `api/v2/*.json`.
    Site,
}

impl Generator {
    pub const fn as_str(self) -> &'static str {
        match self {
            Generator::Analyze => concat!(env!("CARGO_PKG_NAME"), " analyze"),
            Generator::Check => concat!(env!("CARGO_PKG_NAME"), " check"),
            Generator::Report => concat!(env!("CARGO_PKG_NAME"), " report"),
            Generator::Status => concat!(env!("CARGO_PKG_NAME"), " status"),
            Generator::Site => concat!(env!("CARGO_PKG_NAME"), " site"),
        }
    }

    /// The mark as the first member of a JSON object written by hand: `"generator": "…"`.
    pub fn member(self) -> String {
        format!("\"{KEY}\": \"{}\"", self.as_str())
    }
}

impl Serialize for Generator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A document with the mark put first; the document's own members follow in their order (a
/// `serde_json::Value` object's are sorted).
#[derive(Debug, Serialize)]
pub struct Marked<T> {
    generator: Generator,
    #[serde(flatten)]
    document: T,
}

impl<T> Marked<T> {
    pub fn new(generator: Generator, document: T) -> Self {
        Marked { generator, document }
    }
}

/// Pretty JSON of `document` with the mark first and a final line break.
pub fn marked_json<T: Serialize>(generator: Generator, document: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&Marked::new(generator, document)).map(|text| text + "\n")
}

/// Whether the start of a JSON document is `{"generator": "postmortem…` (any spacing, a BOM
/// allowed): the first bytes of a file are enough, whatever its length.
pub fn head_is_marked(head: &str) -> bool {
    let rest = head.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = rest.strip_prefix('{') else { return false };
    let Some(rest) = rest.trim_start().strip_prefix('"').and_then(|r| r.strip_prefix(KEY)) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('"').map(str::trim_start).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    rest.trim_start().strip_prefix('"').is_some_and(|value| value.starts_with(TOOL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_comes_first_and_reads_back() {
        let sorted = serde_json::json!({ "a": 1, "z": [2] });
        let text = marked_json(Generator::Analyze, &sorted).expect("serialises");
        assert!(text.starts_with("{\n  \"generator\": \"postmortem analyze\",\n  \"a\": 1,"), "{text}");
        assert!(head_is_marked(&text));
        let by_hand = format!("{{\n  {},\n  \"files\": []}}", Generator::Check.member());
        assert!(head_is_marked(&by_hand));
        assert!(serde_json::from_str::<serde_json::Value>(&by_hand).is_ok(), "{by_hand}");
    }

    #[test]
    fn only_a_first_generator_key_naming_the_tool_marks() {
        assert!(head_is_marked("\u{feff} { \"generator\" :\"postmortem report\""));
        assert!(!head_is_marked("{\"format\": 1, \"generator\": \"postmortem report\"}"));
        assert!(!head_is_marked("{\"generator\": \"someone else\"}"));
        assert!(!head_is_marked("{\"generators\": \"postmortem\"}"));
        assert!(!head_is_marked("[{\"generator\": \"postmortem\"}]"));
        assert!(!head_is_marked(""));
    }
}
