//! Field spans of a JSON document, for locating diagnostics (serde_json keeps none).
//!
//! Runs only on text serde_json has already accepted, so it can be lenient; it never panics
//! and stops descending past the nesting serde_json allows. One pass, linear in the text: the
//! path is one buffer grown and cut back as the scan descends and returns.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::ops::Range;

use crate::source::FieldSpan;

const MAX_DEPTH: usize = 128;

/// A key's field path and the span of its second occurrence.
pub type Duplicate = (String, Range<usize>);

/// The spans of every field, and the first key given twice in one object (serde_json would
/// silently keep the last, where TOML refuses; the loader refuses too).
pub fn spans(text: &str) -> (HashMap<String, FieldSpan>, Option<Duplicate>) {
    let mut scanner = Scanner::new(text, None);
    scanner.skip_ws();
    scanner.value(0);
    (scanner.fields, scanner.duplicate)
}

/// The spans of only the `wanted` field paths (those diagnostics point at): the same pass,
/// keeping a few entries instead of one per field of a large file.
pub fn spans_of(text: &str, wanted: &HashSet<&str>) -> HashMap<String, FieldSpan> {
    let mut scanner = Scanner::new(text, Some(wanted));
    scanner.skip_ws();
    scanner.value(0);
    scanner.fields
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The path of the value being scanned.
    path: String,
    /// Only these paths are kept (and no duplicate looked for); all when `None`.
    wanted: Option<&'a HashSet<&'a str>>,
    fields: HashMap<String, FieldSpan>,
    duplicate: Option<Duplicate>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, wanted: Option<&'a HashSet<&'a str>>) -> Scanner<'a> {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            path: String::new(),
            wanted,
            fields: HashMap::new(),
            duplicate: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Scan one value starting at `pos` (its path in `self.path`); returns its span.
    fn value(&mut self, depth: usize) -> Range<usize> {
        let start = self.pos;
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => self.object(depth),
            Some(b'[') if depth < MAX_DEPTH => self.array(depth),
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

    /// Keep the span of the current path, if it is wanted.
    fn record(&mut self, span: FieldSpan) {
        match self.wanted {
            Some(wanted) if !wanted.contains(self.path.as_str()) => {}
            Some(_) => {
                self.fields.insert(self.path.clone(), span);
            }
            None => {
                self.fields.insert(self.path.clone(), span);
            }
        }
    }

    fn object(&mut self, depth: usize) {
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
            let parent = self.path.len();
            if parent > 0 {
                self.path.push('.');
            }
            let raw = self.bytes.get(key_start + 1..self.pos.saturating_sub(1)).unwrap_or_default();
            match std::str::from_utf8(raw) {
                Ok(plain) if !plain.contains('\\') => self.path.push_str(plain),
                _ => {
                    let key =
                        serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat()).unwrap_or_default();
                    self.path.push_str(&key);
                }
            }
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            self.skip_ws();
            if self.wanted.is_none() && self.duplicate.is_none() && self.fields.contains_key(&self.path) {
                self.duplicate = Some((self.path.clone(), key_span.clone()));
            }
            let value_span = self.value(depth + 1);
            self.record(FieldSpan { key: Some(key_span), value: value_span });
            self.path.truncate(parent);
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
        }
    }

    fn array(&mut self, depth: usize) {
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
            let parent = self.path.len();
            let _ = write!(self.path, "[{index}]");
            let span = self.value(depth + 1);
            if span.is_empty() {
                // Not a value we understand: step over it rather than loop forever.
                self.pos += 1;
            }
            self.record(FieldSpan { key: None, value: span });
            self.path.truncate(parent);
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
    fn keeps_only_the_wanted_paths_with_the_same_spans() {
        let text = r#"{"a": 1, "list": [{"x": "y\"z", "k\u00e9": 2}, [true]], "b": {"c": null}}"#;
        let (all, _) = spans(text);
        let wanted: HashSet<&str> = ["list[0].x", "list[0].ké", "b.c", "missing"].into_iter().collect();
        let some = spans_of(text, &wanted);
        assert_eq!(some.len(), 3);
        for (path, span) in &some {
            assert_eq!(Some(span), all.get(path), "{path}");
        }
        assert_eq!(&text[some["list[0].ké"].value.clone()], "2");
    }

    #[test]
    fn survives_truncated_input() {
        for text in ["{", "{\"a", "[1,", "{\"a\":", "\"", "]]]"] {
            let _ = spans(text);
        }
    }
}
