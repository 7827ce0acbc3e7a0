//! Diagnostics as CI tools take them: per file, named relative to the repository root, each
//! with its region (start and end line and column) computed once for every machine format.

use crate::checks::Diagnostic;
use crate::load::repository::ArtifactPath;
use crate::source::SourceFile;

/// One checked file and what was found in it.
#[derive(Debug, Clone, Copy)]
pub struct FileFindings<'a> {
    pub source: &'a SourceFile,
    pub artifact: &'a ArtifactPath,
    pub diagnostics: &'a [Diagnostic],
}

impl FileFindings<'_> {
    /// The file's name for CI: relative to the repository root, else the absolute path.
    pub fn display_name(&self) -> String {
        match self.artifact {
            ArtifactPath::Relative(path) => path.clone(),
            ArtifactPath::Absolute(path) => path.display().to_string(),
        }
    }
}

/// Where a diagnostic points, 1-based; columns count Unicode characters; the end is exclusive
/// (the column just after the last character pointed at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The region of a diagnostic, when its place in the source is known.
pub fn region(diagnostic: &Diagnostic, source: &SourceFile) -> Option<Region> {
    let span = diagnostic.resolved_span(source)?;
    let (start_line, start_column) = source.line_column(span.start);
    let (end_line, end_column) = source.line_column(span.end.max(span.start));
    Some(Region { start_line, start_column, end_line, end_column })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::consistency::UPDATE_BEFORE_IMPACT;

    #[test]
    fn a_region_runs_from_the_first_character_to_just_after_the_last() {
        let source = SourceFile::new("a.toml", "x = 1\nat = \"é 14:50\"\n".to_string());
        let start = source.text().find("14:50").expect("14:50");
        let diagnostic = Diagnostic::new(&UPDATE_BEFORE_IMPACT, "early").span(start..start + 5);
        let region = region(&diagnostic, &source).expect("placed");
        assert_eq!(region, Region { start_line: 2, start_column: 9, end_line: 2, end_column: 14 });
        assert_eq!(super::region(&Diagnostic::new(&UPDATE_BEFORE_IMPACT, "nowhere"), &source), None);
    }
}
