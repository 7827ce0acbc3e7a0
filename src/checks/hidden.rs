//! PM109's reading of the file: every string field searched for characters a reviewer cannot see.
//!
//! Most files hold none, so a serialisation into a byte scanner that allocates nothing answers
//! "could any string hold one?" first; only a file that may hold one is turned into a generic
//! value and walked field by field for the paths to report.

use std::io::{self, Write};

use super::Context;
use crate::diagnostic::{Check, Diagnostic, Family, Level};

pub const CONTROL_CHARACTER: Check = Check {
    code: "PM109",
    name: "control-character",
    level: Level::Warning,
    family: Family::Structure,
    summary: "a control character or bidirectional override in any text field",
    explanation: "Text fields are shown on terminals, status pages and in documents. A control \
        character (escape, backspace, a C1 control; anything but tab and line feed) can recolour \
        or rewrite a terminal line, or set its clipboard (OSC 52); a bidirectional override \
        (U+202A-202E, U+2066-2069) makes text display in another order than it is stored \
        (\"Trojan Source\"), so a reviewer reads something else than what is published. They \
        come from copying out of terminals and chat tools. Delete the character; write a \
        right-to-left language without overrides.",
};

/// What a reviewer cannot see in a text field: C0 and C1 controls other than tab and line feed
/// (line endings were normalised to line feeds when the file was read), DEL, and the
/// bidirectional embeddings, overrides and isolates.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Every string of the file, whatever field it is in (the file's generic value, so a field
/// added to the format is covered without a change here); one finding per field.
pub fn control_characters(context: &Context, out: &mut Vec<Diagnostic>) {
    if !may_hold_hidden(&context.incident.file) {
        return;
    }
    let Ok(value) = serde_json::to_value(&context.incident.file) else { return };
    let mut path = String::new();
    walk_strings(&value, &mut path, &mut |path, text| {
        if let Some(c) = text.chars().find(|c| is_hidden_control(*c)) {
            out.push(
                Diagnostic::new(
                    &CONTROL_CHARACTER,
                    format!("`{path}` contains {} U+{:04X}", hidden_kind(c), u32::from(c)),
                )
                .at(path.to_string())
                .help("delete the character (an editor may show it as a blank or not at all)"),
            );
        }
    });
}

fn hidden_kind(c: char) -> &'static str {
    if c.is_control() { "the control character" } else { "the bidirectional override" }
}

fn walk_strings(value: &serde_json::Value, path: &mut String, visit: &mut impl FnMut(&str, &str)) {
    use serde_json::Value;
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_strings(item, path, visit);
                path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk_strings(item, path, visit);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether the JSON form of `value` could contain a hidden character. It may answer yes for a
/// file that holds none (an escaped backslash before a `u`), never no for one that holds one.
fn may_hold_hidden(value: &impl serde::Serialize) -> bool {
    let mut probe = HiddenProbe::default();
    // The probe stops the serialisation with an error as soon as it has seen enough.
    let _ = serde_json::to_writer(&mut probe, value);
    probe.found
}

/// A writer that looks at serde_json's bytes for what hidden characters become there:
/// controls are escaped (`\u001b`, `\r`, `\b`, `\f`), DEL, C1 and the bidi marks stay raw UTF-8.
#[derive(Default)]
struct HiddenProbe {
    found: bool,
    /// The last two bytes written, carried across `write` calls.
    before: [u8; 2],
}

impl HiddenProbe {
    fn is_hidden_at(&self, byte: u8) -> bool {
        let [two_back, one_back] = self.before;
        byte == 0x7f
            || (one_back == b'\\' && matches!(byte, b'u' | b'r' | b'b' | b'f'))
            || (one_back == 0xc2 && (0x80..=0x9f).contains(&byte))
            || (two_back == 0xe2 && one_back == 0x80 && (0xaa..=0xae).contains(&byte))
            || (two_back == 0xe2 && one_back == 0x81 && (0xa6..=0xa9).contains(&byte))
    }
}

impl Write for HiddenProbe {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for &byte in bytes {
            if self.is_hidden_at(byte) {
                self.found = true;
                return Err(io::Error::other("a hidden character may be here"));
            }
            self.before = [self.before[1], byte];
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_finds_every_hidden_character_and_passes_plain_text() {
        let plain = vec!["tab\there", "line\nbreak", "café – “quoted” ✓", "C:\\\\temp"];
        assert!(!may_hold_hidden(&plain));
        for c in (0u32..0x20).chain(0x7f..0xa0).chain(0x202a..0x202f).chain(0x2066..0x206a) {
            let c = char::from_u32(c).unwrap();
            if is_hidden_control(c) {
                assert!(may_hold_hidden(&vec![format!("before {c} after")]), "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn a_hidden_character_split_across_writes_is_still_found() {
        let mut probe = HiddenProbe::default();
        let bidi = "\u{202e}".as_bytes();
        probe.write_all(&bidi[..1]).unwrap();
        probe.write_all(&bidi[1..2]).unwrap();
        assert!(probe.write_all(&bidi[2..]).is_err());
        assert!(probe.found);
    }

    #[test]
    fn the_bidirectional_ranges_are_hidden_to_their_ends_and_not_a_code_point_beyond() {
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{1f}', '\u{7f}', '\u{9f}'] {
            assert!(is_hidden_control(c), "U+{:04X}", u32::from(c));
        }
        for c in ['\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{20}', '\u{a0}', '\t', '\n'] {
            assert!(!is_hidden_control(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn a_hidden_character_in_any_field_is_pm109_and_its_neighbours_are_not() {
        use crate::checks::testing::finds;
        let titled =
            |escape: &str| format!("format = 1\ntitle = \"Mail {escape}delayed\"\nservice = \"Mail\"\n");
        assert!(finds("PM109", &titled("\\u202E")));
        assert!(finds("PM109", &titled("\\u2066")));
        assert!(!finds("PM109", &titled("\\u202F")));
        assert!(!finds("PM109", &titled("\\u2065")));
    }
}
