//! Diagnostics: what a check found, where, and how to fix it; printed like a compiler or as JSON.

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
    /// Incomplete but legitimate.
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

/// One entry of the catalogue: a named check with a stable code.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable code, such as `PM301`.
    pub code: &'static str,
    /// Kebab-case name, such as `update-before-impact`.
    pub name: &'static str,
    pub level: Level,
    /// The family it belongs to (input, structure, order, consistency, prose, follow-up).
    pub family: &'static str,
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
}

impl Diagnostic {
    pub fn new(check: &'static Check, message: impl Into<String>) -> Self {
        Diagnostic { check, message: message.into(), path: None, span: None, help: None, needle: None }
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
        let inner = needle.and_then(|needle| {
            let haystack = source.text().get(field.clone())?;
            let at = haystack.find(needle)?;
            Some(field.start + at..field.start + at + needle.len())
        });
        Some(inner.unwrap_or(field))
    }
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
            self.message,
        );
        let span = self.resolved_span(source);
        match &span {
            Some(span) => {
                let (line, column) = source.line_column(span.start);
                let gutter = line.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(out, "{pad}{blue}-->{blue:#} {}:{line}:{column}", source.display_path());
                // Long lines (a 10 MB one-liner, a long paragraph) show a window around the
                // fault so the caret stays on screen.
                let line_chars: Vec<char> = source.line_text(line).chars().collect();
                let from = (column - 1).saturating_sub(60).min(line_chars.len());
                let to = (from + 160).min(line_chars.len());
                let mut shown: String = line_chars[from..to].iter().collect();
                let mut caret_start = column - 1 - from;
                if from > 0 {
                    shown.insert_str(0, "...");
                    caret_start += 3;
                }
                if to < line_chars.len() {
                    shown.push_str("...");
                }
                let caret_len = source.chars_on_line(span.clone()).clamp(1, 160);
                let _ = writeln!(out, "{pad} {blue}|{blue:#}");
                let _ = writeln!(out, "{blue}{line}{blue:#} {blue}|{blue:#} {shown}");
                let _ = writeln!(
                    out,
                    "{pad} {blue}|{blue:#} {}{}{}{}",
                    " ".repeat(caret_start),
                    level.style(),
                    "^".repeat(caret_len),
                    level.style().render_reset()
                );
            }
            None => {
                let _ = writeln!(out, " {blue}-->{blue:#} {}", source.display_path());
            }
        }
        if let Some(path) = &self.path {
            let _ = writeln!(out, "  {blue}={blue:#} field: `{path}`");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {blue}={blue:#} help: {help}");
        }
        out
    }
}
