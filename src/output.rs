//! Writing results: whole files or nothing (temporary file, flush, rename), and user-facing
//! error messages for failures that stop a command (exit 2).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure that stops the command with exit code 2: I/O, usage, template.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure { message: message.into(), help: None }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Allow,
    Refuse,
}

/// Write `contents` to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target. A failure at any step leaves the earlier file as it
/// was and no temporary file behind.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |what: &str, e: std::io::Error| {
        Failure::new(format!("cannot write `{}`: {what}: {e}", path.display()))
            .help("check that the folder exists and is writable")
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".postmortem-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("creating a temporary file", e))?;
    temp.write_all(contents).map_err(|e| fail("writing", e))?;
    temp.as_file().sync_all().map_err(|e| fail("flushing", e))?;
    match overwrite {
        Overwrite::Allow => temp.persist(path).map(|_| ()).map_err(|e| fail("renaming into place", e.error)),
        Overwrite::Refuse => temp.persist_noclobber(path).map(|_| ()).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::new(format!("`{}` already exists", path.display()))
                    .help("pass `--force` to overwrite it, or choose another path")
            } else {
                fail("renaming into place", e.error)
            }
        }),
    }
}

/// The slug of an incident file name: lower-case ASCII words joined by hyphens, at most 60 characters; "incident" when nothing is left.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= 60 {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() { "incident".to_string() } else { slug }
}

/// Print a failure to stderr in the compiler style.
pub fn print_failure(failure: &Failure) {
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into())).bold();
    let mut err = anstream::stderr();
    let _ = writeln!(err, "{red}error{red:#}: {failure}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"first", Overwrite::Refuse).expect("first write");
        let err = write_atomic(&path, b"second", Overwrite::Refuse).expect_err("must refuse");
        assert!(err.message.contains("already exists"));
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        write_atomic(&path, b"third", Overwrite::Allow).expect("overwrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"third");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(slug("API is down"), "api-is-down");
        assert_eq!(slug("  SMS: délai (FCM)!! "), "sms-d-lai-fcm");
        assert_eq!(slug("日本"), "incident");
        assert_eq!(slug(""), "incident");
        assert!(slug(&"x".repeat(500)).len() <= 60);
    }

    #[test]
    fn a_failed_write_leaves_the_earlier_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("missing-folder").join("a.toml");
        assert!(write_atomic(&path, b"x", Overwrite::Allow).is_err());
        assert!(!path.exists());
    }
}
