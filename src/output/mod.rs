//! Everything the tool writes goes through here: whole files or nothing (temporary file,
//! flush, rename), sets of files staged and committed together, whole folders swapped into
//! place, data or messages printed to a terminal with its escapes defused, and the mark every
//! JSON document carries ([`mark`]). Failures are the typed [`crate::diagnostic::Error`]; the
//! reporter prints them.

mod file;
mod folder;
mod leftovers;
pub mod mark;
mod staging;
mod stream;
mod terminal;

use std::path::Path;

pub use crate::diagnostic::Error as Failure;
pub use crate::diagnostic::{visible, visible_line};
pub use crate::text::{slug, slug_words};
pub use file::{Links, link_target, rewrite_file, write_atomic, write_file, write_file_with};
pub use folder::{FOLDER_MARKER, write_folder};
pub use leftovers::{STAGING_SUFFIX, TEMPORARY_PREFIX, TEMPORARY_SUFFIX, remove_leftovers};
pub use staging::{Staging, Written, ensure_folder};
pub use stream::write_streamed;
pub use terminal::{message_for, print_data, stdout_is_terminal, styled_message_for, visible_keeping_colour};

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Allow,
    Refuse,
}

/// `-o -`: the output goes to stdout.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}
