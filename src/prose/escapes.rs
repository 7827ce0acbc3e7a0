//! Terminal control sequences inside prose (pasted from a terminal log): masked before the
//! readers look for durations, times and dates, so that `ESC[0m` is not "0 minutes" and
//! `ESC[?25h` not "25 hours".

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// ECMA-48 sequences, 7-bit (ESC ...) and 8-bit (C1): CSI with its parameters, the string
/// commands (OSC, DCS, SOS, PM, APC) up to their terminator, other ESC sequences; and the
/// bare `[0m` / `[1;31m` / `[?25h` fragments left when the ESC was lost on the way.
static CONTROL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?:\x1b\[|\x{9b}) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?
        | (?:\x1b[\]PX^_]|[\x{90}\x{98}\x{9d}\x{9e}\x{9f}]) [^\x07\x1b\x{9c}]* (?:\x07|\x1b\\|\x{9c})?
        | \x1b [\x20-\x2f]* [\x30-\x7e]?
        | (?P<bare>\[\??[0-9][0-9;]*[A-Za-z]) (?P<after>[\]\p{L}\p{N}])?",
    )
    .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// `text` with every control sequence replaced by as many spaces as it has bytes, so that
/// every other byte keeps its offset (ranges found in the result are ranges of `text`).
pub fn mask_control_sequences(text: &str) -> Cow<'_, str> {
    let quick = text.contains(['\x1b', '\u{9b}', '\u{90}', '\u{98}', '\u{9d}', '\u{9e}', '\u{9f}', '[']);
    if !quick {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for caps in CONTROL_RE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        // "[5m]" and "[5min" are brackets and words, not a fragment of an escape.
        if caps.name("bare").is_some() && caps.name("after").is_some() {
            continue;
        }
        out.push_str(&text[copied..whole.start()]);
        out.extend(std::iter::repeat_n(' ', whole.len()));
        copied = whole.end();
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_become_spaces_of_the_same_length() {
        for (text, masked) in [
            ("done\x1b[0m in 5 minutes", "done     in 5 minutes"),
            ("\x1b[1;31mFAILED\x1b[0m", "       FAILED    "),
            ("cursor\x1b[?25h back", "cursor       back"),
            ("title\x1b]0;7 hours\x07 set", "title             set"),
            ("8-bit \u{9b}0m csi", "8-bit      csi"),
            ("lost ESC [0m and [1;32m", "lost ESC     and       "),
            ("clipboard \x1b]52;c;aGk=\x1b\\ end", "clipboard               end"),
        ] {
            assert_eq!(mask_control_sequences(text), masked, "{text:?}");
            assert_eq!(mask_control_sequences(text).len(), text.len());
        }
        for kept in ["took [5m] in total", "a [5min] pause", "see [an hour]", "plain 7 hours", "é [0é"] {
            assert_eq!(mask_control_sequences(kept), kept);
        }
    }
}
