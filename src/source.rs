//! A loaded source file: its text, line index and the map from field paths to byte spans.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a field's key and value sit in the source text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A file as read, for locating diagnostics.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    fields: HashMap<String, FieldSpan>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts, fields: HashMap::new() }
    }

    pub fn with_fields(mut self, fields: HashMap<String, FieldSpan>) -> Self {
        self.fields = fields;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The span of the value at a field path such as `impact[0].end`.
    pub fn value_span(&self, path: &str) -> Option<Range<usize>> {
        self.fields.get(path).map(|f| f.value.clone())
    }

    /// The span of the key at a field path, falling back to its value.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.fields.get(path).map(|f| f.key.clone().unwrap_or_else(|| f.value.clone()))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let column = self.text.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count()) + 1;
        (line_index + 1, column)
    }

    fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let text = self.text.get(self.line_range(line)).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// How many characters of `span` lie on the line where it starts (for the caret).
    pub fn chars_on_line(&self, span: Range<usize>) -> usize {
        let (line, _) = self.line_column(span.start);
        let line_end = self.line_range(line).end;
        let end = span.end.min(line_end);
        self.text.get(span.start.min(end)..end).map_or(1, |s| s.trim_end_matches('\r').chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let source = SourceFile::new("x.toml", "a = 1\r\ntitle = \"é x\"\n".to_string());
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(7), (2, 1));
        let x = source.text().find('x').unwrap_or(0);
        assert_eq!(source.line_column(x), (2, 12));
        assert_eq!(source.line_text(1), "a = 1");
        assert_eq!(source.line_text(2), "title = \"é x\"");
        assert_eq!(source.line_text(9), "");
        assert_eq!(source.line_column(10_000), (3, 1));
    }
}
