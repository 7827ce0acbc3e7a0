//! Data and messages on a terminal: control and bidi characters from the input shown escaped
//! instead of acting on the terminal; piped output left byte for byte.

use std::io::{IsTerminal, Write};

use super::Failure;
use crate::diagnostic::visible;

/// Whether stdout is a terminal: data shown there is escaped ([`crate::diagnostic::visible`]).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Write data (a rendering, a report, a status text) to stdout: exactly as it is when piped or
/// redirected, with control and bidi characters escaped visibly on a terminal.
pub fn print_data(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let shown = if out.is_terminal() { visible(text) } else { std::borrow::Cow::Borrowed(text) };
    out.write_all(shown.as_bytes()).and_then(|()| out.flush()).map_err(Failure::stdout)
}

/// A plain message (ours, uncoloured, perhaps quoting data as it is) as it should reach a
/// stream: on a terminal every control and bidi character escaped, colour sequences in the
/// data included; elsewhere unchanged.
pub fn message_for(text: &str, to_terminal: bool) -> std::borrow::Cow<'_, str> {
    if to_terminal { visible(text) } else { std::borrow::Cow::Borrowed(text) }
}

/// A message we coloured ourselves around data already escaped with [`visible`] when it was
/// rendered (a diagnostic, an error): on a terminal, control and bidi characters escaped but
/// our colour sequences; elsewhere unchanged (the stream's own adapter strips colour when it
/// is off). Text quoting raw data goes through [`message_for`] instead: a colour sequence in
/// the data would pass here.
pub fn styled_message_for(text: &str, to_terminal: bool) -> std::borrow::Cow<'_, str> {
    if to_terminal && text.chars().any(crate::diagnostic::is_unsafe_char) {
        std::borrow::Cow::Owned(visible_keeping_colour(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Text for a human message on a terminal: [`visible`], except that the colour sequences
/// (`ESC [ ... m`) of diagnostics already rendered with their data escaped are kept.
pub fn visible_keeping_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(end) = sgr_length(rest)
        {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        out.push_str(&visible(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The byte length of an SGR sequence (`ESC [ digits and semicolons m`) at the start of `text`.
fn sgr_length(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let params = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    (body[params..].starts_with('m') && params <= 32).then_some(2 + params + 1)
}
