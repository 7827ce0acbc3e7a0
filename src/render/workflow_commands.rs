//! `check --format github`: the diagnostics as GitHub Actions workflow commands
//! (`::warning file=…,line=…,title=…::message`), which GitHub shows as annotations on the lines
//! of the pull request.

use std::fmt::Write as _;

use super::findings::{FileFindings, region};
use crate::checks::{Diagnostic, Level};

/// One workflow command per diagnostic, each on its own line.
pub fn workflow_commands(files: &[FileFindings<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for diagnostic in file.diagnostics {
            out.push_str(&command(file, diagnostic));
            out.push('\n');
        }
    }
    out
}

fn command(file: &FileFindings<'_>, diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.level() {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut properties = vec![("file", file.display_name())];
    if let Some(r) = region(diagnostic, file.source) {
        properties.push(("line", r.start_line.to_string()));
        properties.push(("col", r.start_column.to_string()));
        properties.push(("endLine", r.end_line.to_string()));
        properties.push(("endColumn", r.end_column.to_string()));
    }
    properties.push(("title", format!("{} {}", diagnostic.check.code, diagnostic.check.name)));
    let mut message = diagnostic.message.clone();
    if let Some(path) = &diagnostic.path {
        let _ = write!(message, "\nfield: {path}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    let properties: Vec<String> =
        properties.iter().map(|(key, value)| format!("{key}={}", escape_property(value))).collect();
    format!("::{name} {}::{}", properties.join(","), escape_data(&message))
}

/// The escaping GitHub's runner undoes in a command's message: `%`, CR and LF. Other control
/// characters (terminal escapes from hostile input) and bidirectional overrides (which reorder
/// what a reviewer reads) are shown as `\u{..}` rather than passed to the log and the diff view.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A property value also escapes the separators of the property list: `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_escape_what_github_documents() {
        assert_eq!(escape_data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
        assert_eq!(escape_property("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext%3A a%2C b");
        assert_eq!(escape_data("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape_data("evil\u{202e}txt"), "evil\\u{202e}txt");
        // Escaping `%` first keeps an already-escaped sequence literal.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
