//! Line-level Markdown: headings, list markers, emphasis and table rows.

use std::sync::LazyLock;

use regex::Regex;

pub(super) static MD_HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$").unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static LIST_MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+").unwrap_or_else(|e| unreachable!("{e}")));
pub(super) static EMPHASIS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*|__|`").unwrap_or_else(|e| unreachable!("{e}")));

pub(super) fn strip_list_marker(line: &str) -> &str {
    match LIST_MARKER_RE.find(line) {
        Some(m) => line.get(m.end()..).unwrap_or(line),
        None => line.trim_start(),
    }
}

/// The cells of a Markdown table row ("| 14:51 | text |"), trimmed; None for other lines.
pub(super) fn table_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> =
        inner.split('|').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
    Some(cells)
}

/// "|---|:---:|": the line under a table's header.
pub(super) fn is_table_separator(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && line.contains('-')
}
