//! Diagnostics: what a check found, where, and how to fix it; printed like a compiler or as JSON.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::source::SourceFile;

mod error;
pub mod input;

pub use error::{Error, LoadFailure, STDOUT};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Legitimate but worth knowing: incomplete data, an unusual but real order.
    Note,
    /// Probably wrong; fix before publishing.
    Warning,
    /// Wrong or unusable data.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    fn style(self) -> Style {
        let colour = match self {
            Level::Note => AnsiColor::Cyan,
            Level::Warning => AnsiColor::Yellow,
            Level::Error => AnsiColor::Red,
        };
        Style::new().fg_color(Some(colour.into())).bold()
    }
}

/// Characters that change how a terminal or an editor shows text instead of being shown:
/// C0 and C1 controls other than line feed and tab (ESC starts colour, cursor and OSC 52
/// clipboard sequences; CR rewrites the line), DEL, and the Unicode bidirectional controls
/// (U+061C, U+200E/F, U+202A-202E, U+2066-2069) that reorder what follows (Trojan Source).
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_unsafe_char`] written visibly as `\u{1b}`: the one escaping of data
/// shown to people (human diagnostics always; everything else on a terminal, through
/// `output`). Other text is returned as it is.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    escaped_where(text, is_unsafe_char)
}

/// [`visible`] for a name that must stay on its line (a file name, a field path): line breaks
/// and tabs are written visibly too, so a crafted name cannot start a line of its own.
pub fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    escaped_where(text, |c| is_unsafe_char(c) || c.is_control())
}

fn escaped_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The families of checks, in the order they run: what the file is, how it is built, the
/// order of its milestones, whether its figures agree, what its prose says, its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Input,
    Structure,
    Order,
    Consistency,
    Prose,
    FollowUp,
}

impl Family {
    /// The name `explain` prints and SARIF tags rules with.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Structure => "structure",
            Family::Order => "order",
            Family::Consistency => "consistency",
            Family::Prose => "prose",
            Family::FollowUp => "follow-up",
        }
    }
}

/// One entry of the catalogue: a named check with a stable code.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable code, such as `PM301`.
    pub code: &'static str,
    /// Kebab-case name, such as `update-before-impact`.
    pub name: &'static str,
    pub level: Level,
    /// The family it belongs to.
    pub family: Family,
    /// One line: what it finds.
    pub summary: &'static str,
    /// One paragraph for `postmortem explain`.
    pub explanation: &'static str,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub check: &'static Check,
    pub message: String,
    /// Field path such as `impact[0].end`.
    pub path: Option<String>,
    /// Byte range in the source, when the place is known.
    pub span: Option<Range<usize>>,
    /// How to fix it.
    pub help: Option<String>,
    /// Text inside the field to point at (a phrase of prose), when narrower than the field.
    pub needle: Option<String>,
    /// Occurrences of the needle to pass over after the previous phrase pointed at in the
    /// same field: a phrase also written earlier (inside "1 hour 3 minutes", say) is then
    /// flagged where it is, and locating every phrase of a field stays one pass over it.
    pub skip: usize,
}

impl Diagnostic {
    pub fn new(check: &'static Check, message: impl Into<String>) -> Self {
        Diagnostic {
            check,
            message: message.into(),
            path: None,
            span: None,
            help: None,
            needle: None,
            skip: 0,
        }
    }

    /// Attach a field path; the span is looked up in the source's map when printing.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Point at `text` inside the field's value rather than at the whole value.
    pub fn pointing_at(mut self, text: impl Into<String>) -> Self {
        self.needle = Some(text.into());
        self
    }

    /// Point at `phrase`, passing over `skip` occurrences of it after the previous phrase
    /// pointed at in this field (the source spells the field with its escapes, so places in
    /// the decoded text are found again there by counting). See [`PhraseCursor`].
    pub fn pointing_at_after(mut self, phrase: impl Into<String>, skip: usize) -> Self {
        self.needle = Some(phrase.into());
        self.skip = skip;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn level(&self) -> Level {
        self.check.level
    }

    /// The byte range to point at: the explicit span, else the needle inside the field's
    /// value, else the field's value.
    pub fn resolved_span(&self, source: &SourceFile) -> Option<Range<usize>> {
        if let Some(span) = &self.span {
            return Some(span.clone());
        }
        let field = self.path.as_deref().and_then(|p| source.value_span(p))?;
        let needle = self.needle.as_deref().filter(|n| !n.is_empty());
        let inner = needle.and_then(|needle| find_in(source.text(), field.clone(), needle));
        Some(inner.unwrap_or(field))
    }
}

/// Find every diagnostic's span once (sorting and printing then read it). A phrase pointed at
/// in a field is looked for after the previous one the same check found in that field (each
/// check reports a field's phrases in reading order), so that many phrases in one long
/// paragraph cost one pass over it per check, and a repeated phrase points at each place.
pub fn locate_all(diagnostics: &mut [Diagnostic], source: &SourceFile) {
    source.locate_paths(diagnostics.iter().filter(|d| d.span.is_none()).filter_map(|d| d.path.as_deref()));
    let mut searched_to: HashMap<(&str, &str), usize> = HashMap::new();
    let mut found_spans = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics.iter() {
        if diagnostic.span.is_some() {
            found_spans.push(None);
            continue;
        }
        let field = diagnostic.path.as_deref().and_then(|path| Some((path, source.value_span(path)?)));
        let Some((path, field)) = field else {
            found_spans.push(None);
            continue;
        };
        let span = match diagnostic.needle.as_deref().filter(|n| !n.is_empty()) {
            Some(needle) => {
                let key = (diagnostic.check.code, path);
                let resume =
                    searched_to.get(&key).copied().filter(|at| field.contains(at)).unwrap_or(field.start);
                let found = skip_in(source.text(), resume..field.end, needle, diagnostic.skip)
                    .or_else(|| find_in(source.text(), field.clone(), needle));
                if let Some(found) = &found {
                    searched_to.insert(key, found.end);
                }
                found.unwrap_or(field)
            }
            None => field,
        };
        found_spans.push(Some(span));
    }
    for (diagnostic, span) in diagnostics.iter_mut().zip(found_spans) {
        if span.is_some() {
            diagnostic.span = span;
        }
    }
}

/// Where `needle` occurs in `text[within]` after passing over `skip` occurrences of it.
fn skip_in(text: &str, within: Range<usize>, needle: &str, skip: usize) -> Option<Range<usize>> {
    let mut from = within.start;
    for _ in 0..skip {
        from = find_in(text, from..within.end, needle)?.end;
    }
    find_in(text, from..within.end, needle)
}

/// Counts, for the phrases of one text pointed at in order, how many earlier occurrences of
/// each lie between it and the previous one ([`Diagnostic::pointing_at_after`]); each stretch
/// of the text is looked at once.
#[derive(Debug, Default)]
pub struct PhraseCursor {
    after: usize,
}

impl PhraseCursor {
    /// The phrase at `range` of `text` and the occurrences of it to pass over; None when the
    /// range is not a phrase of the text.
    pub fn next(&mut self, text: &str, range: Range<usize>) -> Option<(String, usize)> {
        let phrase = text.get(range.clone()).filter(|p| !p.is_empty())?;
        let gap = text.get(self.after.min(range.start)..range.start).unwrap_or("");
        let skip = gap.matches(phrase).count();
        self.after = range.end.max(self.after);
        Some((phrase.to_string(), skip))
    }
}

/// Where `needle` first occurs in `text[within]`, as a range of `text`.
fn find_in(text: &str, within: Range<usize>, needle: &str) -> Option<Range<usize>> {
    let at = text.get(within.clone())?.find(needle)?;
    Some(within.start + at..within.start + at + needle.len())
}

/// Diagnostics of one code in one file shown before the rest are summed up in one line.
pub const SHOWN_PER_CODE: usize = 10;

/// The diagnostics of one file to print, at most [`SHOWN_PER_CODE`] of each code unless
/// `all`, and for each code with more, how many were left out (in order of first appearance).
pub fn shown_per_code(
    diagnostics: &[Diagnostic],
    all: bool,
) -> (Vec<&Diagnostic>, Vec<(&'static Check, usize)>) {
    if all {
        return (diagnostics.iter().collect(), Vec::new());
    }
    let mut seen: Vec<(&'static Check, usize)> = Vec::new();
    let mut shown = Vec::new();
    for diagnostic in diagnostics {
        let slot = match seen.iter().position(|(check, _)| std::ptr::eq(*check, diagnostic.check)) {
            Some(slot) => slot,
            None => {
                seen.push((diagnostic.check, 0));
                seen.len() - 1
            }
        };
        seen[slot].1 += 1;
        if seen[slot].1 <= SHOWN_PER_CODE {
            shown.push(diagnostic);
        }
    }
    let hidden = seen
        .into_iter()
        .filter(|(_, count)| *count > SHOWN_PER_CODE)
        .map(|(check, count)| (check, count - SHOWN_PER_CODE))
        .collect();
    (shown, hidden)
}

/// The line standing for the diagnostics of one code left out of a file's listing.
pub fn render_hidden(check: &Check, hidden: usize, source: &SourceFile) -> String {
    let level = check.level;
    format!(
        "{}{}[{} {}]{}: {hidden} more like this in {} not shown (`--all` shows every one)\n",
        level.style(),
        level.as_str(),
        check.code,
        check.name,
        level.style().render_reset(),
        source.display_path(),
    )
}

/// The closest known name, when one is close enough to be a plausible typo.
pub fn suggest<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

/// The machine-readable form of a diagnostic (`--format json`, `analyze --format json`).
#[derive(Debug, Serialize)]
pub struct DiagnosticJson<'a> {
    pub file: String,
    pub code: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub message: &'a str,
    pub path: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<&'a str>,
}

impl Diagnostic {
    pub fn to_json<'a>(&'a self, source: &SourceFile) -> DiagnosticJson<'a> {
        let position = self.resolved_span(source).map(|span| source.line_column(span.start));
        DiagnosticJson {
            file: source.display_path(),
            code: self.check.code,
            name: self.check.name,
            level: self.check.level,
            message: &self.message,
            path: self.path.as_deref(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            help: self.help.as_deref(),
        }
    }

    /// Compiler-style text: headline, `--> file:line:column`, the source line with a caret,
    /// the field path and the fix. Styles are plain ANSI; the caller's stream strips them
    /// when colour is off.
    pub fn render_human(&self, source: &SourceFile) -> String {
        let level = self.check.level;
        let bold = Style::new().bold();
        let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}[{} {}]{}: {bold}{}{bold:#}",
            level.style(),
            level.as_str(),
            self.check.code,
            self.check.name,
            level.style().render_reset(),
            visible(&self.message),
        );
        let span = self.resolved_span(source);
        match &span {
            Some(span) => {
                let (line, column) = source.line_column(span.start);
                let gutter = line.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(
                    out,
                    "{pad}{blue}-->{blue:#} {}:{line}:{column}",
                    visible_line(&source.display_path())
                );
                let excerpt = Excerpt::of(source, line, span.clone());
                let _ = writeln!(out, "{pad} {blue}|{blue:#}");
                let _ = writeln!(out, "{blue}{line}{blue:#} {blue}|{blue:#} {}", excerpt.text);
                let _ = writeln!(
                    out,
                    "{pad} {blue}|{blue:#} {}{}{}{}",
                    " ".repeat(excerpt.caret_start),
                    level.style(),
                    "^".repeat(excerpt.caret_width),
                    level.style().render_reset()
                );
            }
            None => {
                let _ = writeln!(out, " {blue}-->{blue:#} {}", visible_line(&source.display_path()));
            }
        }
        if let Some(path) = &self.path {
            let _ = writeln!(out, "  {blue}={blue:#} field: `{}`", visible_line(path));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {blue}={blue:#} help: {}", visible(help));
        }
        out
    }
}

/// Characters of a long line shown before the fault (a 10 MB one-liner, a long paragraph).
const EXCERPT_BEFORE: usize = 60;
/// Characters of a long line shown in all.
const EXCERPT_CHARS: usize = 160;
/// Columns a tab takes in an excerpt (rustc's choice).
const TAB_WIDTH: usize = 4;

/// The part of a source line printed under a diagnostic: a window around the fault with `...`
/// where the line goes on, and where the caret goes, in display columns (a tab is four, a wide
/// CJK character two, a combining mark none).
#[derive(Debug, PartialEq, Eq)]
struct Excerpt {
    text: String,
    caret_start: usize,
    caret_width: usize,
}

impl Excerpt {
    /// The excerpt of 1-based `line` for `span`, which starts on it. Costs the window, not the
    /// line: no step reads further than [`EXCERPT_CHARS`] characters from the fault.
    fn of(source: &SourceFile, line: usize, span: Range<usize>) -> Excerpt {
        let text = source.text();
        let bounds = source.line_range(line);
        let start = floor_char_boundary(text, span.start.clamp(bounds.start, bounds.end));
        let before = &text[bounds.start..start];
        let from =
            before.char_indices().rev().take(EXCERPT_BEFORE).last().map_or(start, |(i, _)| bounds.start + i);
        let to =
            text[from..bounds.end].char_indices().nth(EXCERPT_CHARS).map_or(bounds.end, |(i, _)| from + i);
        let end = floor_char_boundary(text, span.end.clamp(start, to));
        let mut excerpt = Excerpt { text: String::new(), caret_start: 0, caret_width: 0 };
        if from > bounds.start {
            excerpt.text.push_str("...");
        }
        excerpt.caret_start = excerpt.text.len() + excerpt.push(&text[from..start]);
        excerpt.caret_width = excerpt.push(&text[start..end]).max(1);
        excerpt.push(&text[end..to]);
        if to < bounds.end {
            excerpt.text.push_str("...");
        }
        excerpt
    }

    /// Append `part` as it is shown, returning its display width. Tabs become spaces; control
    /// and bidi-override characters are written visibly ([`visible`]) so that the source cannot
    /// drive the terminal.
    fn push(&mut self, part: &str) -> usize {
        let mut width = 0;
        for c in part.chars() {
            if c == '\t' {
                self.text.extend(std::iter::repeat_n(' ', TAB_WIDTH));
                width += TAB_WIDTH;
            } else if is_unsafe_char(c) {
                // Shown as `\u{1b}`, like every other piece of data on a terminal.
                let before = self.text.len();
                let _ = write!(self.text, "\\u{{{:x}}}", u32::from(c));
                width += self.text.len() - before;
            } else {
                self.text.push(c);
                width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
        width
    }
}

/// The largest char boundary at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUPLICATE: Check = Check {
        code: "PM999",
        name: "test-check",
        level: Level::Warning,
        family: Family::Structure,
        summary: "a check for these tests",
        explanation: "",
    };

    /// The excerpt and caret lines of a diagnostic pointing at `needle` in `text`, without styles.
    fn caret(text: &str, needle: &str) -> (String, String) {
        let source = SourceFile::new("x.toml", text.to_string());
        let at = text.find(needle).unwrap_or(0);
        let rendered = Diagnostic::new(&DUPLICATE, "m").span(at..at + needle.len()).render_human(&source);
        let plain = anstream::adapter::strip_str(&rendered).to_string();
        let lines: Vec<&str> = plain.lines().collect();
        let body = |i: usize| lines.get(i).and_then(|l| l.split_once("| ")).map(|(_, rest)| rest.to_string());
        (body(3).unwrap_or_default(), body(4).unwrap_or_default())
    }

    /// Display columns of `text` as a terminal shows it.
    fn width(text: &str) -> usize {
        unicode_width::UnicodeWidthStr::width(text)
    }

    #[test]
    fn the_caret_sits_under_the_fault_after_tabs() {
        let (line, carets) = caret("a\t=\t\"x\"\tfault", "fault");
        assert_eq!(line, "a    =    \"x\"    fault");
        assert_eq!(carets.len() - carets.trim_start().len(), line.find("fault").unwrap_or(0));
        assert_eq!(carets.trim_start(), "^^^^^");
    }

    #[test]
    fn the_caret_sits_under_the_fault_after_wide_characters() {
        let (line, carets) = caret("title = \"東京の障害\" fault", "fault");
        let before = &line[..line.find("fault").unwrap_or(0)];
        assert_eq!(carets.len() - carets.trim_start().len(), width(before));
        assert_eq!(width(before), "title = \"\" ".len() + 5 * 2);
        // A wide fault gets a caret per column.
        let (_, carets) = caret("title = \"東京\"", "東京");
        assert_eq!(carets.trim_start(), "^^^^");
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_fault() {
        let text = format!("{}fault{}", "a".repeat(10_000), "b".repeat(10_000));
        let (line, carets) = caret(&text, "fault");
        assert!(line.starts_with("...") && line.ends_with("..."), "{line}");
        assert!(line.chars().count() <= EXCERPT_CHARS + 6, "{}", line.len());
        assert_eq!(carets.len() - carets.trim_start().len(), line.find("fault").unwrap_or(0));
        assert_eq!(carets.trim_start(), "^^^^^");
        // The column still counts from the start of the line.
        let source = SourceFile::new("x.toml", text.clone());
        assert_eq!(source.line_column(10_000), (1, 10_001));
    }

    #[test]
    fn control_and_bidi_characters_cannot_reach_the_terminal() {
        let (line, carets) = caret("a = \"\u{1b}[2J\u{202e}x\" fault", "fault");
        assert!(!line.contains('\u{1b}') && !line.contains('\u{202e}'), "{line:?}");
        assert_eq!(carets.len() - carets.trim_start().len(), width(&line[..line.find("fault").unwrap_or(0)]));
    }

    #[test]
    fn many_findings_of_one_check_show_the_first_and_count_the_rest() {
        let many: Vec<Diagnostic> = (0..25).map(|i| Diagnostic::new(&DUPLICATE, format!("{i}"))).collect();
        let (shown, hidden) = shown_per_code(&many, false);
        assert_eq!(shown.len(), SHOWN_PER_CODE);
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].1, 25 - SHOWN_PER_CODE);
        let (shown, hidden) = shown_per_code(&many, true);
        assert_eq!((shown.len(), hidden.len()), (25, 0));
    }

    #[test]
    fn phrases_in_one_field_point_at_each_occurrence_in_turn() {
        let text = "text = \"we think, and we think again\"\n";
        let mut fields = std::collections::HashMap::new();
        fields.insert("text".to_string(), crate::source::FieldSpan { key: None, value: 7..text.len() - 1 });
        let source = SourceFile::new("x.toml", text.to_string()).with_fields(fields);
        let mut found: Vec<Diagnostic> =
            (0..2).map(|_| Diagnostic::new(&DUPLICATE, "m").at("text").pointing_at("we think")).collect();
        locate_all(&mut found, &source);
        let starts: Vec<_> = found.iter().filter_map(|d| d.span.as_ref().map(|s| s.start)).collect();
        assert_eq!(starts, vec![8, 22]);

        // A phrase found at a place points there, even when an earlier one is not flagged,
        // and even when the same text occurs earlier inside a longer phrase.
        let value = "we think, and we think again";
        let (phrase, skip) = PhraseCursor::default().next(value, 14..22).expect("a phrase");
        assert_eq!((phrase.as_str(), skip), ("we think", 1));
        let mut second = [Diagnostic::new(&DUPLICATE, "m").at("text").pointing_at_after(phrase, skip)];
        locate_all(&mut second, &source);
        assert_eq!(second[0].span, Some(22..30));
    }
}
