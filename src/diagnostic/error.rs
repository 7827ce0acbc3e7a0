//! The one error type of the tool: every failure that stops a command (exit 2), typed by what
//! went wrong, each with its message, its fix and, where there is one, its place.
//!
//! Like `just`'s errors: the variant decides the wording of the fix (`fix()` matches every
//! variant, so a new one cannot be added without its help), and the reporter prints them all
//! in one format. Findings in an incident file are [`super::Diagnostic`]s, not errors.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::Diagnostic;
use crate::source::SourceFile;

/// A file that could not be loaded, with the one diagnostic that says why and where.
#[derive(Debug)]
pub struct LoadFailure {
    pub source: SourceFile,
    pub diagnostic: Diagnostic,
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Error {
    /// A file (incident, config, export) could not be read as what it should be; the
    /// diagnostic points at the place in its source.
    Load(Box<LoadFailure>),
    /// Reading, listing or creating a file or folder failed.
    Io { operation: &'static str, path: PathBuf, source: io::Error },
    /// Writing the command's output (standard output or a named file) failed part way.
    Output { target: String, source: io::Error },
    /// The command line asks for something the tool will not or cannot do.
    Usage { message: String, help: Option<String> },
    /// A template failed to load or render; the message names it, its origin and line.
    Template { message: String, help: String },
    /// An invariant broke: a bug in postmortem, never the user's input.
    Internal { message: String },
}

/// The name reports use for standard output.
pub const STDOUT: &str = "standard output";

impl Error {
    /// A usage error; add its fix with [`Error::help`].
    pub fn new(message: impl Into<String>) -> Self {
        Error::Usage { message: message.into(), help: None }
    }

    /// Set the fix of a usage or template error (other variants derive theirs).
    pub fn help(mut self, help: impl Into<String>) -> Self {
        match &mut self {
            Error::Usage { help: slot, .. } => *slot = Some(help.into()),
            Error::Template { help: slot, .. } => *slot = help.into(),
            Error::Load(_) | Error::Io { .. } | Error::Output { .. } | Error::Internal { .. } => {}
        }
        self
    }

    pub fn io(operation: &'static str, path: &Path, source: io::Error) -> Self {
        Error::Io { operation, path: path.to_path_buf(), source }
    }

    /// A failed write to standard output.
    pub fn stdout(source: io::Error) -> Self {
        Error::Output { target: STDOUT.to_string(), source }
    }

    /// A failed write to the named output.
    pub fn output(target: &Path, source: io::Error) -> Self {
        Error::Output { target: format!("`{}`", target.display()), source }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal { message: message.into() }
    }

    pub fn load(failure: Box<LoadFailure>) -> Self {
        Error::Load(failure)
    }

    /// Whether this is a write into a pipe whose reader has gone (`report | head -1`): the
    /// reader has what it wanted, so the command ends quietly and successfully.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// One line (or, for templates, the line and the template source): what went wrong.
    pub fn message(&self) -> Cow<'_, str> {
        match self {
            Error::Load(failure) => Cow::Borrowed(&failure.diagnostic.message),
            Error::Io { operation, path, source } => {
                Cow::Owned(format!("cannot {operation} `{}`: {}", path.display(), plain(source)))
            }
            Error::Output { target, source } => {
                Cow::Owned(format!("cannot write to {target}: {}", plain(source)))
            }
            Error::Usage { message, .. } | Error::Template { message, .. } => Cow::Borrowed(message),
            Error::Internal { message } => Cow::Borrowed(message),
        }
    }

    /// How to fix it. Every variant has one.
    pub fn fix(&self) -> Cow<'_, str> {
        match self {
            Error::Load(failure) => {
                Cow::Borrowed(failure.diagnostic.help.as_deref().unwrap_or("fix the file at the place shown"))
            }
            Error::Io { source, .. } => Cow::Borrowed(match source.kind() {
                io::ErrorKind::NotFound => "check the path",
                io::ErrorKind::PermissionDenied => "check the permissions of the path",
                io::ErrorKind::AlreadyExists => "choose another path",
                _ => "check the path and its permissions",
            }),
            Error::Output { source, .. } => Cow::Borrowed(if source.raw_os_error() == Some(28) {
                "the device is full: free some space, or write somewhere else with -o"
            } else {
                "check where the output goes, or write to a file with -o"
            }),
            Error::Usage { help, .. } => {
                Cow::Borrowed(help.as_deref().unwrap_or("see `postmortem help` for what the command accepts"))
            }
            Error::Template { help, .. } => Cow::Borrowed(help),
            Error::Internal { .. } => {
                Cow::Borrowed("this is a bug in postmortem; please report it with the input that caused it")
            }
        }
    }

    /// The located diagnostic of a load failure, for printing with its source line and caret.
    pub fn located(&self) -> Option<(&Diagnostic, &SourceFile)> {
        match self {
            Error::Load(failure) => Some((&failure.diagnostic, &failure.source)),
            _ => None,
        }
    }
}

/// An I/O error without the "(os error 28)" suffix Rust adds.
fn plain(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  = help: {}", self.message(), self.fix())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::Output { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<Box<LoadFailure>> for Error {
    fn from(failure: Box<LoadFailure>) -> Self {
        Error::Load(failure)
    }
}

impl From<LoadFailure> for Error {
    fn from(failure: LoadFailure) -> Self {
        Error::Load(Box::new(failure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_message_and_a_fix() {
        let full = io::Error::from_raw_os_error(28);
        let errors = [
            Error::new("no period given").help("pass `--quarter 2026-Q3`"),
            Error::new("bare"),
            Error::io("list", Path::new("incidents"), io::Error::from(io::ErrorKind::NotFound)),
            Error::stdout(full),
            Error::output(Path::new("out.md"), io::Error::other("broken")),
            Error::Template { message: "template `x.j2`".to_string(), help: "fix it".to_string() },
            Error::internal("serialising cannot fail"),
        ];
        for error in &errors {
            assert!(!error.message().is_empty() && !error.fix().is_empty(), "{error:?}");
        }
        assert_eq!(errors[3].message(), "cannot write to standard output: No space left on device");
        assert!(errors[3].fix().contains("full"));
        assert!(errors[4].message().contains("`out.md`"));
        assert!(errors[6].fix().contains("bug"));
    }

    #[test]
    fn a_closed_pipe_is_told_apart_from_other_write_failures() {
        assert!(Error::stdout(io::Error::from(io::ErrorKind::BrokenPipe)).is_closed_pipe());
        assert!(!Error::stdout(io::Error::from_raw_os_error(28)).is_closed_pipe());
        assert!(!Error::new("x").is_closed_pipe());
    }
}
