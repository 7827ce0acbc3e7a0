//! The reporter, as in ripgrep: the one place that prints findings and failures, counts the
//! findings and decides the exit code.
//!
//! - Diagnostics (findings in a file, and files that do not load) print compiler-style with
//!   the source line and a caret. `check` prints them on standard output, since they are what
//!   it was asked for; every other command prints them on standard error, beside its output.
//! - A failure that stops the command prints as `error: ...` with its `= help:` on standard
//!   error, and exits 2; a load failure prints as the diagnostic it is.
//! - Exit codes: 0 clean, 1 findings (errors, or warnings under `--deny warnings`), 2 failure.
//!   A reader that closes the pipe early (`report | head -1`) ends the command quietly with 0.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};

use crate::diagnostic::{Diagnostic, Error, Level};
use crate::output::{message_for, styled_message_for, visible};
use crate::source::SourceFile;

/// How a command ended, short of a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: error diagnostics (or warnings under `--deny warnings`).
    Findings,
    /// Exit 2: some input could not be read, though the run went on past it.
    Failed,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failed => ExitCode::from(2),
        }
    }

    /// The worse of two outcomes.
    pub fn and(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failed => 2,
        };
        if rank(other) > rank(self) { other } else { self }
    }
}

/// The exit code of a command's result; a failure is printed first. A closed pipe is the
/// reader's choice, not a failure: it ends with 0 and prints nothing.
pub fn finish(result: Result<Outcome, Error>) -> ExitCode {
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(error) if error.is_closed_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// Print a failure on standard error: a load failure as its located diagnostic, anything
/// else as `error: message` and its fix. Standard error failing too leaves nowhere to report.
pub fn print_error(error: &Error) {
    let mut err = anstream::stderr();
    let text = error_text(error);
    let _ = err.write_all(styled_message_for(&text, std::io::stderr().is_terminal()).as_bytes());
    let _ = err.flush();
}

/// Print what clap has to say about the command line and give its exit code: help and the
/// version as clap prints them (they quote nothing from the user); a usage error, which quotes
/// the argument given, as plain text escaped on a terminal like any message.
pub fn print_usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    print_to_stderr(&error.render().to_string());
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// The text [`print_error`] prints.
pub fn error_text(error: &Error) -> String {
    if let Some((diagnostic, source)) = error.located() {
        return diagnostic.render_human(source);
    }
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    format!("{red}error{red:#}: {}\n  = help: {}\n", visible(&error.message()), visible(&error.fix()))
}

/// Counts of findings by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for diagnostic in diagnostics {
            tally.add(diagnostic.level());
        }
        tally
    }

    pub fn add(&mut self, level: Level) {
        match level {
            Level::Error => self.errors += 1,
            Level::Warning => self.warnings += 1,
            Level::Note => self.notes += 1,
        }
    }

    /// Findings when there are errors, or warnings and `deny_warnings`.
    pub fn outcome(&self, deny_warnings: bool) -> Outcome {
        if self.errors > 0 || (deny_warnings && self.warnings > 0) {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// Print `diagnostics` of one file on standard error (the stream of every command but
/// `check`), leaving out notes unless `with_notes`.
pub fn report_to_stderr(source: &SourceFile, diagnostics: &[Diagnostic], with_notes: bool) {
    let mut err = anstream::stderr();
    for diagnostic in diagnostics.iter().filter(|d| with_notes || d.level() != Level::Note) {
        let text = diagnostic.render_human(source);
        let _ = err.write_all(styled_message_for(&text, std::io::stderr().is_terminal()).as_bytes());
    }
    let _ = err.flush();
}

/// Write `text` to standard error: notes and summaries beside a command's output, quoting
/// data as it is (escaped here on a terminal).
pub fn print_to_stderr(text: &str) {
    let mut err = anstream::stderr();
    let _ = err.write_all(message_for(text, std::io::stderr().is_terminal()).as_bytes());
    let _ = err.flush();
}

/// Write diagnostics already rendered ([`Diagnostic::render_human`], their data escaped and
/// our colour around it) to standard error, keeping the colour on a terminal.
pub fn print_rendered_to_stderr(text: &str) {
    let mut err = anstream::stderr();
    let _ = err.write_all(styled_message_for(text, std::io::stderr().is_terminal()).as_bytes());
    let _ = err.flush();
}

/// Write `text` to standard output and flush it, so a full device or a closed pipe is seen
/// here, as a typed error naming standard output, not lost in a buffer.
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = anstream::stdout();
    let shown = message_for(text, std::io::stdout().is_terminal());
    out.write_all(shown.as_bytes()).and_then(|()| out.flush()).map_err(Error::stdout)
}

/// [`print`] for diagnostics already rendered ([`Diagnostic::render_human`]: their data escaped,
/// our colour around it), keeping the colour on a terminal.
pub fn print_rendered(text: &str) -> Result<(), Error> {
    let mut out = anstream::stdout();
    let shown = styled_message_for(text, std::io::stdout().is_terminal());
    out.write_all(shown.as_bytes()).and_then(|()| out.flush()).map_err(Error::stdout)
}

/// [`print`] for bytes that must pass unchanged (no colour stripping). Data for people (a
/// rendering, a report) goes through [`crate::output::print_data`] instead, which escapes it
/// on a terminal.
pub fn print_raw(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(Error::stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worse_outcome_wins() {
        assert_eq!(Outcome::Clean.and(Outcome::Findings), Outcome::Findings);
        assert_eq!(Outcome::Failed.and(Outcome::Findings), Outcome::Failed);
        assert_eq!(Outcome::Clean.and(Outcome::Clean), Outcome::Clean);
    }

    #[test]
    fn warnings_are_findings_only_when_denied() {
        let tally = Tally { errors: 0, warnings: 2, notes: 1 };
        assert_eq!(tally.outcome(false), Outcome::Clean);
        assert_eq!(tally.outcome(true), Outcome::Findings);
        assert_eq!(Tally { errors: 1, ..Tally::default() }.outcome(false), Outcome::Findings);
    }

    #[test]
    fn failures_print_their_fix() {
        let text = error_text(&Error::new("no period given").help("pass `--quarter 2026-Q3`"));
        assert!(text.contains("error") && text.contains("no period given"), "{text}");
        assert!(text.contains("  = help: pass `--quarter 2026-Q3`"), "{text}");
    }
}
