//! Writing results: whole files or nothing (temporary file, flush, rename). Failures are the
//! typed [`crate::diagnostic::Error`]; the reporter prints them.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub use crate::diagnostic::Error as Failure;
use crate::diagnostic::visible;

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

/// Write `contents` where `path` says, by what `path` is:
/// - `-`: stdout ([`print_data`]);
/// - a new or regular file: atomically, a temporary file in the same folder, synced, then
///   renamed over the target, so a failure leaves the earlier file as it was;
/// - a symbolic link: written through to the file it points at (the link stays a link);
/// - a file with other hard links: rewritten in place so every name keeps the new content;
/// - a character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe): written to as a sink,
///   never replaced; a FIFO without a reader is refused instead of waited for;
/// - anything else (a folder, a block device, a socket): refused.
///
/// Errors name `path`, never the temporary file.
pub fn write_file(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    if is_stdout(path) {
        return print_data(&String::from_utf8_lossy(contents));
    }
    let target = follow_links(path)?;
    let Ok(meta) = std::fs::metadata(&target) else {
        return replace_whole(path, &target, contents, overwrite);
    };
    if overwrite == Overwrite::Refuse {
        return Err(Failure::new(format!("`{}` already exists", path.display()))
            .help("pass `--force` to overwrite it, or choose another path"));
    }
    let kind = meta.file_type();
    if kind.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() > 1 {
                return write_in_place(path, &target, contents);
            }
        }
        return replace_whole(path, &target, contents, overwrite);
    }
    write_special(path, &target, &kind, contents)
}

/// The earlier name of [`write_file`], kept so that callers written against it get the same rules.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    write_file(path, contents, overwrite)
}

/// The path a write lands on: `path` itself, or the file its chain of symbolic links ends at
/// (which need not exist yet). A loop or a chain longer than 40 links is refused.
fn follow_links(path: &Path) -> Result<PathBuf, Failure> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current).map_err(|e| {
                    Failure::new(format!("cannot write `{}`: reading the link: {e}", path.display()))
                })?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Failure::new(format!("cannot write `{}`: too many levels of symbolic links", path.display()))
        .help("the link points at itself or a long chain of links; point it at a file"))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error as a failure about the path the user named, never a temporary file.
fn io_failure(path: &Path, folder: &Path, what: &str, e: &std::io::Error) -> Failure {
    // tempfile names its temporary file in the error; only the OS error beneath is kept.
    let os_error =
        std::iter::successors(Some(e as &(dyn std::error::Error + 'static)), |inner| inner.source())
            .filter_map(|inner| inner.downcast_ref::<std::io::Error>())
            .find_map(std::io::Error::raw_os_error);
    let e = os_error.map_or_else(
        || std::io::Error::new(e.kind(), e.kind().to_string()),
        std::io::Error::from_raw_os_error,
    );
    let help = if folder.is_dir() {
        "check that the folder is writable and has space left".to_string()
    } else {
        format!("`{}` is not an existing folder: create it first, or choose another path", folder.display())
    };
    Failure::new(format!("cannot write `{}`: {what}: {e}", path.display())).help(help)
}

/// A new or regular file, replaced whole: a temporary file beside `target`, then a rename.
/// A new file gets the permissions any file the user creates gets (0666 less the umask); a
/// replaced file keeps its own.
fn replace_whole(shown: &Path, target: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    let dir = parent_of(target);
    let fail = |what: &str, e: std::io::Error| io_failure(shown, &dir, what, &e);
    remove_leftovers(&dir);
    let mut temp = temporary_file(&dir).map_err(|e| fail("creating a temporary file", e))?;
    if let Ok(existing) = std::fs::metadata(target)
        && existing.is_file()
    {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(|e| fail("keeping the permissions of the earlier file", e))?;
    }
    temp.as_file_mut().write_all(contents).map_err(|e| fail("writing", e))?;
    temp.as_file().sync_all().map_err(|e| fail("flushing", e))?;
    match overwrite {
        Overwrite::Allow => {
            temp.persist(target).map(|_| ()).map_err(|e| fail("renaming into place", e.error))?
        }
        Overwrite::Refuse => temp.persist_noclobber(target).map(|_| ()).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::new(format!("`{}` already exists", shown.display()))
                    .help("pass `--force` to overwrite it, or choose another path")
            } else {
                fail("renaming into place", e.error)
            }
        })?,
    }
    sync_folder(&dir);
    Ok(())
}

/// A temporary file named so that a leftover is recognisable, locked while this process
/// writes it so that [`remove_leftovers`] tells a live write from a killed one.
fn temporary_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // tempfile's default, 0600, would hide a rendered page from the web server that serves it;
    // open(2) applies the umask to this mode, as it does for any file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir)?;
    // The lock goes with the descriptor: a killed process releases it.
    let _ = temp.as_file().try_lock();
    Ok(temp)
}

/// The rename is durable once the folder's entry is on disk; the file is already complete
/// either way, so a folder that cannot be synced is no failure.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// A regular file with several names: truncated and rewritten, so that all of them see the
/// new content (a rename would detach this name from the others).
fn write_in_place(shown: &Path, target: &Path, contents: &[u8]) -> Result<(), Failure> {
    let dir = parent_of(target);
    let fail = |what: &str, e: std::io::Error| io_failure(shown, &dir, what, &e);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)
        .map_err(|e| fail("opening", e))?;
    file.write_all(contents).map_err(|e| fail("writing", e))?;
    file.sync_all().map_err(|e| fail("flushing", e))
}

/// A character device or a FIFO is a sink: opened for writing (never created, truncated or
/// replaced) and written to. Anything else that is not a regular file is refused.
fn write_special(
    shown: &Path,
    target: &Path,
    kind: &std::fs::FileType,
    contents: &[u8],
) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        if kind.is_char_device() || kind.is_fifo() {
            let dir = parent_of(target);
            // Non-blocking open: a FIFO nobody reads fails now (ENXIO) instead of hanging.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
                .open(target)
                .map_err(|e| {
                    if e.raw_os_error() == Some(libc::ENXIO) {
                        Failure::new(format!(
                            "cannot write `{}`: it is a FIFO and nothing is reading it",
                            shown.display()
                        ))
                        .help("start the reader first, or write to a regular file")
                    } else {
                        io_failure(shown, &dir, "opening", &e)
                    }
                })?;
            set_blocking(&file);
            let mut file = file;
            return file
                .write_all(contents)
                .and_then(|()| file.flush())
                .map_err(|e| io_failure(shown, &dir, "writing", &e));
        }
    }
    let what =
        if kind.is_dir() { "a folder" } else { "neither a regular file, a character device nor a FIFO" };
    Err(Failure::new(format!("cannot write `{}`: it is {what}", shown.display()))
        .help("choose the path of a file to write"))
}

/// Writes to a sink block as usual once it is open.
#[cfg(unix)]
fn set_blocking(file: &std::fs::File) {
    use std::os::unix::io::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns and keeps open.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

/// Remove what killed runs left in `dir`: temporary files and staging folders whose lock no
/// live process holds. A write in progress holds its lock and is left alone.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMPORARY_PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let temporary = meta.is_file() && name.ends_with(TEMPORARY_SUFFIX);
        let staging = meta.is_dir() && name.ends_with(STAGING_SUFFIX);
        // Taking the lock means no live process holds it.
        if (temporary || staging) && std::fs::File::open(&path).is_ok_and(|f| f.try_lock().is_ok()) {
            let _ = if staging { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        }
    }
}

/// Temporary files are `.postmortem-XXXXXX.tmp` beside the target, staging folders
/// `.postmortem-XXXXXX.staging`: hidden, and named so that a leftover (a process killed
/// mid-write) is recognisable.
pub const TEMPORARY_PREFIX: &str = ".postmortem-";
pub const TEMPORARY_SUFFIX: &str = ".tmp";
pub const STAGING_SUFFIX: &str = ".staging";

/// What committing a staged set did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New,
    Replaced,
    /// The file already held exactly these bytes and was left alone.
    Unchanged,
}

/// `folder` as a folder to write into: created (with its parents) when it does not exist;
/// refused when something else is at that path.
pub fn ensure_folder(folder: &Path) -> Result<(), Failure> {
    let meta = std::fs::metadata(folder);
    if meta.as_ref().is_ok_and(|m| !m.is_dir()) {
        return Err(Failure::new(format!("`{}` is not a folder", folder.display()))
            .help("give `-o` a folder to write the files into, or a path that does not exist yet"));
    }
    if meta.is_err() {
        std::fs::create_dir_all(folder).map_err(|e| {
            Failure::new(format!("cannot create the folder `{}`: {e}", folder.display()))
                .help("check the path and the permissions of its parent")
        })?;
    }
    Ok(())
}

/// A set of files written into one folder all or nothing: each is staged in a hidden folder
/// beside the targets (`.postmortem-XXXXXX.staging`), every target is checked before any is
/// touched, and only then are they moved in. A run killed before that leaves only the staging
/// folder, which the next run removes ([`remove_leftovers`]).
pub struct Staging {
    folder: PathBuf,
    stage: tempfile::TempDir,
    // Held until the set is committed or dropped: a live staging folder is never a leftover.
    _lock: Option<std::fs::File>,
    names: Vec<String>,
}

impl Staging {
    /// Stage into `folder`, creating it (and its parents) when it does not exist yet.
    pub fn new(folder: &Path) -> Result<Staging, Failure> {
        ensure_folder(folder)?;
        remove_leftovers(folder);
        let stage = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .suffix(STAGING_SUFFIX)
            .tempdir_in(folder)
            .map_err(|e| io_failure(folder, folder, "creating a staging folder", &e))?;
        let lock = std::fs::File::open(stage.path()).ok().filter(|f| f.try_lock().is_ok());
        Ok(Staging { folder: folder.to_path_buf(), stage, _lock: lock, names: Vec::new() })
    }

    /// The folder the files are written into.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Stage one file, `name` being a plain file name inside the folder.
    pub fn add(&mut self, name: &str, contents: &[u8]) -> Result<(), Failure> {
        let plain = Path::new(name).components().count() == 1
            && matches!(Path::new(name).components().next(), Some(std::path::Component::Normal(_)));
        if !plain || self.names.iter().any(|n| n == name) {
            return Err(Failure::new(format!("cannot stage `{name}`: not a unique plain file name"))
                .help("this is a bug in postmortem; please report it"));
        }
        let shown = self.folder.join(name);
        let staged = self.stage.path().join(name);
        let fail = |what: &str, e: std::io::Error| io_failure(&shown, &self.folder, what, &e);
        let mut file = std::fs::File::create(&staged).map_err(|e| fail("staging", e))?;
        file.write_all(contents).map_err(|e| fail("staging", e))?;
        file.sync_all().map_err(|e| fail("flushing", e))?;
        self.names.push(name.to_string());
        Ok(())
    }

    /// Move every staged file into the folder, after checking all targets: any that exists
    /// with other content is refused under [`Overwrite::Refuse`] (nothing is written), one
    /// that holds the same bytes is left alone. Links and special files are written through
    /// [`write_file`]'s rules. The result lists each file in the order staged.
    pub fn commit(self, overwrite: Overwrite) -> Result<Vec<(PathBuf, Written)>, Failure> {
        let mut plan = Vec::with_capacity(self.names.len());
        for name in &self.names {
            let shown = self.folder.join(name);
            let staged = self.stage.path().join(name);
            let target = follow_links(&shown)?;
            let written = match std::fs::metadata(&target) {
                Err(_) => Written::New,
                Ok(meta) if !meta.is_file() => {
                    return Err(Failure::new(format!(
                        "`{}` is in the way: it is not a regular file; nothing was written",
                        shown.display()
                    ))
                    .help("move it away, or write into another folder"));
                }
                Ok(meta) => {
                    let same = meta.len() == std::fs::metadata(&staged).map_or(u64::MAX, |m| m.len())
                        && std::fs::read(&target).ok() == std::fs::read(&staged).ok();
                    if same {
                        Written::Unchanged
                    } else if overwrite == Overwrite::Refuse {
                        return Err(Failure::new(format!(
                            "`{}` already exists with other content; nothing was written",
                            shown.display()
                        ))
                        .help("pass `--force` to overwrite, or write into another folder"));
                    } else {
                        Written::Replaced
                    }
                }
            };
            plan.push((shown, target, staged, written));
        }
        let mut moved_new: Vec<PathBuf> = Vec::new();
        for (shown, target, staged, written) in &plan {
            let result = match written {
                Written::Unchanged => Ok(()),
                Written::New if target == shown => {
                    // A link, not a rename: it fails if someone created the file meanwhile.
                    std::fs::hard_link(staged, target)
                        .or_else(|e| {
                            if e.kind() == std::io::ErrorKind::AlreadyExists {
                                Err(e)
                            } else {
                                std::fs::rename(staged, target)
                            }
                        })
                        .map_err(|e| io_failure(shown, &self.folder, "moving into place", &e))
                }
                Written::Replaced if target == shown && single_link(target) => {
                    std::fs::rename(staged, target)
                        .map_err(|e| io_failure(shown, &self.folder, "moving into place", &e))
                }
                _ => std::fs::read(staged)
                    .map_err(|e| io_failure(shown, &self.folder, "reading the staged copy", &e))
                    .and_then(|bytes| write_file(shown, &bytes, Overwrite::Allow)),
            };
            if let Err(failure) = result {
                // Undo what this set added; replaced files cannot be restored and are named.
                for path in &moved_new {
                    let _ = std::fs::remove_file(path);
                }
                return Err(failure);
            }
            if *written == Written::New {
                moved_new.push(target.clone());
            }
        }
        sync_folder(&self.folder);
        Ok(plan.into_iter().map(|(shown, _, _, written)| (shown, written)).collect())
    }
}

fn single_link(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).is_ok_and(|m| m.nlink() == 1)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

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

/// A message (ours, perhaps coloured, quoting data) as it should reach a stream: on a terminal
/// every control and bidi character escaped but our colour sequences; elsewhere unchanged (the
/// stream's own adapter strips colour when it is off).
pub fn message_for(text: &str, to_terminal: bool) -> std::borrow::Cow<'_, str> {
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

/// The file that marks a folder as one [`write_folder`] wrote, so that it may be replaced.
pub const FOLDER_MARKER: &str = ".postmortem-output";

/// Write a whole folder of files (relative paths with `/`) at `out`, all or nothing: every file
/// goes into a hidden staging folder beside `out`, which then takes `out`'s place; the earlier
/// `out` is removed whole, so no stale file survives. An existing `out` must be empty or carry
/// [`FOLDER_MARKER`] (a folder this function wrote): anything else is refused, never replaced.
/// On a failure the earlier `out` is left as it was and the staging folder is removed.
/// Files are not flushed one by one (a site of thousands of pages would spend seconds waiting
/// on the disk, as static-site generators do not); the swap itself is a rename.
pub fn write_folder(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |what: String, e: std::io::Error| {
        Failure::new(format!("cannot write `{}`: {what}: {e}", out.display()))
            .help("check that the folder above it exists, is writable and has space left")
    };
    refuse_foreign_folder(out)?;
    let staging = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .suffix(TEMPORARY_SUFFIX)
        .tempdir_in(&parent)
        .map_err(|e| io("creating the staging folder".into(), e))?;
    for (name, contents) in files.iter().map(|(n, c)| (n.as_str(), c)).chain([(FOLDER_MARKER, &Vec::new())]) {
        let relative = Path::new(name);
        if name.is_empty() || !relative.components().all(|c| matches!(c, std::path::Component::Normal(_))) {
            return Err(Failure::new(format!("refusing to write `{name}` outside `{}`", out.display()))
                .help("this is a bug in postmortem; please report it"));
        }
        let path = staging.path().join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(format!("creating `{name}`'s folder"), e))?;
        }
        let mut file = std::fs::File::create(&path).map_err(|e| io(format!("creating `{name}`"), e))?;
        file.write_all(contents).map_err(|e| io(format!("writing `{name}`"), e))?;
    }
    // Staging folders are private (0700); the site is for a web server to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
    }
    let staged = staging.keep();
    let result = swap_into_place(&staged, out, &parent);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staged);
    }
    result
}

/// An existing `out` that is not a folder, or a folder that is neither empty nor marked, is refused.
fn refuse_foreign_folder(out: &Path) -> Result<(), Failure> {
    let Ok(meta) = std::fs::symlink_metadata(out) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(Failure::new(format!("`{}` exists and is not a folder", out.display()))
            .help("choose a folder path for the output, or remove what is there"));
    }
    let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !empty && !out.join(FOLDER_MARKER).is_file() {
        return Err(Failure::new(format!(
            "`{}` is a folder this command did not write; not replacing it",
            out.display()
        ))
        .help(format!(
            "give a new or empty folder (the output replaces the folder whole), or remove `{}` first",
            out.display()
        )));
    }
    Ok(())
}

/// Rename the earlier `out` aside, the staged folder into place, then remove the earlier one.
fn swap_into_place(staged: &Path, out: &Path, parent: &Path) -> Result<(), Failure> {
    let fail = |what: &str, e: std::io::Error| {
        Failure::new(format!("cannot replace `{}`: {what}: {e}", out.display()))
            .help("check that the folder above it is writable")
    };
    let aside = if std::fs::symlink_metadata(out).is_ok() {
        let aside = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .suffix(".old")
            .tempdir_in(parent)
            .map_err(|e| fail("making room for the earlier folder", e))?
            .keep();
        std::fs::remove_dir(&aside).map_err(|e| fail("making room for the earlier folder", e))?;
        std::fs::rename(out, &aside).map_err(|e| fail("moving the earlier folder aside", e))?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(staged, out) {
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, out);
        }
        return Err(fail("renaming the new folder into place", e));
    }
    if let Some(aside) = aside {
        let _ = std::fs::remove_dir_all(aside);
    }
    if let Ok(folder) = std::fs::File::open(parent) {
        let _ = folder.sync_all();
    }
    Ok(())
}

pub use crate::text::{slug, slug_words};

/// `text` safe to print on a terminal: control characters (escape sequences) and
/// bidirectional overrides from the input are shown escaped instead of acting on the terminal.
pub fn terminal_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi =
                matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
            if (c.is_control() && c != '\n') || bidi { c.escape_unicode().to_string() } else { c.to_string() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        write_file(&path, b"first", Overwrite::Refuse).expect("first write");
        let err = write_file(&path, b"second", Overwrite::Refuse).expect_err("must refuse");
        assert!(err.message().contains("already exists"));
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        write_file(&path, b"third", Overwrite::Allow).expect("overwrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"third");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(TEMPORARY_PREFIX))
            .collect()
    }

    #[test]
    fn a_parent_that_is_a_file_fails_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("plain");
        std::fs::write(&file, "earlier").expect("write");
        let err = write_file(&file.join("a.html"), b"x", Overwrite::Allow).expect_err("must fail");
        assert!(err.message().contains("plain/a.html") && !err.fix().is_empty(), "{err}");
        assert_eq!(std::fs::read(&file).expect("read"), b"earlier");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).expect("mkdir");
        std::fs::write(target.join("inside"), "x").expect("write");
        let err = write_file(&target, b"new", Overwrite::Allow).expect_err("a folder is in the way");
        assert!(err.message().contains("it is a folder"), "{err}");
        assert!(target.is_dir() && target.join("inside").is_file());
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_like_any_other_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        let dir = tempfile::tempdir().expect("tempdir");
        // The mode a plain `File::create` gets here is 0666 less this process's umask.
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).expect("create");
        let path = dir.path().join("page.html");
        write_file(&path, b"<p>", Overwrite::Refuse).expect("write");
        assert_eq!(mode(&path), mode(&plain));
        assert_ne!(mode(&path), 0o600, "tempfile's private default leaked through");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_file(&path, b"<p>again", Overwrite::Allow).expect("replace");
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn folders_are_replaced_whole_and_foreign_ones_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site");
        let files =
            |names: &[&str]| names.iter().map(|n| (n.to_string(), n.as_bytes().to_vec())).collect::<Vec<_>>();
        write_folder(&out, &files(&["index.html", "incidents/a.html"])).expect("first");
        assert!(out.join("incidents/a.html").is_file());
        write_folder(&out, &files(&["index.html", "incidents/b.html"])).expect("second");
        assert!(
            out.join("incidents/b.html").is_file() && !out.join("incidents/a.html").exists(),
            "stale page survived"
        );
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "staging left behind: {names:?}");
        let foreign = dir.path().join("home");
        std::fs::create_dir(&foreign).expect("mkdir");
        std::fs::write(foreign.join("notes.txt"), "mine").expect("write");
        let err = write_folder(&foreign, &files(&["index.html"])).expect_err("refused");
        assert!(err.message().contains("did not write"), "{err}");
        assert_eq!(std::fs::read(foreign.join("notes.txt")).expect("kept"), b"mine");
        assert!(write_folder(&out, &files(&["../escape.html"])).is_err());
        assert!(out.join("incidents/b.html").is_file(), "a failed build left the earlier site");
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_earlier_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("missing-folder").join("a.toml");
        assert!(write_file(&path, b"x", Overwrite::Allow).is_err());
        assert!(!path.exists());
    }
}
