//! Field spans of a JSON document, for locating diagnostics (serde_json keeps none).
//!
//! Runs only on text serde_json has already accepted, so it can be lenient; it never panics
//! and stops descending past the nesting serde_json allows.

use std::collections::HashMap;
use std::ops::Range;

use crate::source::FieldSpan;

const MAX_DEPTH: usize = 128;

/// A key's field path and the span of its second occurrence.
pub type Duplicate = (String, Range<usize>);

/// The spans of every field, and the first key given twice in one object (serde_json would
/// silently keep the last, where TOML refuses; the loader refuses too).
pub fn spans(text: &str) -> (HashMap<String, FieldSpan>, Option<Duplicate>) {
    let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, fields: HashMap::new(), duplicate: None };
    scanner.skip_ws();
    scanner.value("", 0);
    (scanner.fields, scanner.duplicate)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    fields: HashMap<String, FieldSpan>,
    duplicate: Option<Duplicate>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Scan one value starting at `pos`; returns its span.
    fn value(&mut self, path: &str, depth: usize) -> Range<usize> {
        let start = self.pos;
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => self.object(path, depth),
            Some(b'[') if depth < MAX_DEPTH => self.array(path, depth),
            Some(b'"') => self.string(),
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
        start..self.pos
    }

    fn string(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
        self.pos = self.pos.min(self.bytes.len());
    }

    fn object(&mut self, path: &str, depth: usize) {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.pos = (self.pos + 1).min(self.bytes.len());
                    return;
                }
                Some(_) => {
                    self.pos += 1;
                    continue;
                }
            }
            let key_start = self.pos;
            self.string();
            let key_span = key_start..self.pos;
            let key = self
                .bytes
                .get(key_start + 1..self.pos.saturating_sub(1))
                .and_then(|raw| serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat()).ok())
                .unwrap_or_default();
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            self.skip_ws();
            let field_path = if path.is_empty() { key } else { format!("{path}.{key}") };
            if self.duplicate.is_none() && self.fields.contains_key(&field_path) {
                self.duplicate = Some((field_path.clone(), key_span.clone()));
            }
            let value_span = self.value(&field_path, depth + 1);
            self.fields.insert(field_path, FieldSpan { key: Some(key_span), value: value_span });
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') | None => {
                    self.pos = (self.pos + 1).min(self.bytes.len());
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            let element_path = format!("{path}[{index}]");
            let span = self.value(&element_path, depth + 1);
            if span.is_empty() {
                // Not a value we understand: step over it rather than loop forever.
                self.pos += 1;
            }
            self.fields.insert(element_path, FieldSpan { key: None, value: span });
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nested_paths() {
        let text = r#"{"a": 1, "list": [{"x": "y\"z"}, [true]], "é": null}"#;
        let (fields, duplicate) = spans(text);
        assert_eq!(duplicate, None);
        let value = |p: &str| &text[fields[p].value.clone()];
        assert_eq!(value("a"), "1");
        assert_eq!(value("list[0].x"), r#""y\"z""#);
        assert_eq!(value("list[1][0]"), "true");
        assert_eq!(value("é"), "null");
        assert_eq!(&text[fields["list"].key.clone().unwrap()], "\"list\"");
    }

    #[test]
    fn finds_a_key_given_twice() {
        let text = r#"{"a": {"x": 1, "x": 2}, "b": [{"x": 1}, {"x": 2}]}"#;
        let (_, duplicate) = spans(text);
        let (path, span) = duplicate.expect("a duplicate");
        assert_eq!(path, "a.x");
        assert_eq!(&text[span], "\"x\"");
        assert_eq!(text.find(", \"x\"").map(|i| i + 2), Some(text.find("\"x\": 2").unwrap_or(0)));
    }

    #[test]
    fn survives_truncated_input() {
        for text in ["{", "{\"a", "[1,", "{\"a\":", "\"", "]]]"] {
            let _ = spans(text);
        }
    }
}
