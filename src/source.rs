//! A loaded source file: its text, line index and the map from field paths to byte spans.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    /// Built on the first diagnostic located in the file, once: most files have none.
    index: OnceLock<LineIndex>,
    /// The field map, given, or built from the text on the first lookup by `locate_fields`.
    fields: OnceLock<HashMap<String, FieldSpan>>,
    locate_fields: Option<FieldLocator>,
    /// The paths a file's diagnostics point at, located alone ([`SourceFile::locate_paths`]):
    /// whether each was asked for, and where it is if it exists.
    located: OnceLock<(HashSet<String>, HashMap<String, FieldSpan>)>,
}

/// Builds the field map of a text (the loader's, for its syntax): every field, or only the
/// paths given (a locator may return more).
pub type FieldLocator = fn(&str, Option<&HashSet<&str>>) -> HashMap<String, FieldSpan>;

/// Bytes between two character-count marks: small enough that counting the rest of the way
/// to an offset costs little, large enough that the marks weigh nothing beside the text.
const MARK_BYTES: usize = 4096;

/// Where lines start, and how many characters precede every [`MARK_BYTES`]th byte, so that a
/// byte offset becomes line and column in O(log lines + MARK_BYTES) however long the line.
#[derive(Debug, Clone, Default)]
struct LineIndex {
    line_starts: Vec<usize>,
    char_marks: Vec<usize>,
}

impl LineIndex {
    fn of(text: &str) -> LineIndex {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut char_marks = Vec::with_capacity(text.len() / MARK_BYTES + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(MARK_BYTES) {
            char_marks.push(chars);
            chars += count_chars(block);
        }
        char_marks.push(chars);
        LineIndex { line_starts, char_marks }
    }
}

/// Characters starting in `bytes` (UTF-8 continuation bytes do not start one).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        SourceFile {
            path: path.into(),
            text,
            index: OnceLock::new(),
            fields: OnceLock::new(),
            locate_fields: None,
            located: OnceLock::new(),
        }
    }

    /// Fields located only when a diagnostic first asks: a file that checks clean never pays
    /// for its field map.
    pub fn with_field_locator(mut self, locate: FieldLocator) -> Self {
        self.locate_fields = Some(locate);
        self
    }

    fn fields(&self) -> &HashMap<String, FieldSpan> {
        self.fields
            .get_or_init(|| self.locate_fields.map(|locate| locate(&self.text, None)).unwrap_or_default())
    }

    /// Locate only `paths` (those a file's diagnostics point at) in one pass over the text,
    /// unless the whole field map is at hand: a large file with a few findings keeps a few
    /// spans, not one per field. Only the first call counts; other paths are still found
    /// through the whole map.
    pub fn locate_paths<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        let Some(locate) = self.locate_fields else { return };
        if self.fields.get().is_some() || self.located.get().is_some() {
            return;
        }
        let wanted: HashSet<&str> = paths.into_iter().collect();
        let spans = locate(&self.text, Some(&wanted));
        let _ = self.located.set((wanted.into_iter().map(String::from).collect(), spans));
    }

    fn field(&self, path: &str) -> Option<&FieldSpan> {
        match self.located.get() {
            Some((asked, spans)) if asked.contains(path) => spans.get(path),
            _ => self.fields().get(path),
        }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::of(&self.text))
    }

    /// Characters before a byte offset (clamped to the text).
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let block = offset / MARK_BYTES;
        let marks = &self.index().char_marks;
        marks.get(block).copied().unwrap_or(0)
            + count_chars(&self.text.as_bytes()[block * MARK_BYTES..offset])
    }

    pub fn with_fields(mut self, fields: HashMap<String, FieldSpan>) -> Self {
        self.fields = OnceLock::from(fields);
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
        self.field(path).map(|f| f.value.clone())
    }

    /// The span of the key at a field path, falling back to its value.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.field(path).map(|f| f.key.clone().unwrap_or_else(|| f.value.clone()))
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.index().line_starts.partition_point(|&start| start <= offset).max(1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let line_start = self.line_range(line).start;
        (line, self.chars_before(offset) - self.chars_before(line_start) + 1)
    }

    /// The byte range of a 1-based line, without its line ending (`\n` or `\r\n`).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = &self.index().line_starts;
        let start = starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let end = starts.get(line).map_or(self.text.len(), |next| next - 1).max(start);
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        self.text.get(self.line_range(line)).unwrap_or("")
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
