//! One file written where its path says: atomically beside a regular file, through a
//! symbolic link that stays inside the folder written into, in place for a file with several
//! names, as a sink for a device, a FIFO or one of this process's descriptors.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::leftovers::{TEMPORARY_PREFIX, TEMPORARY_SUFFIX, remove_leftovers_once};
use super::{Failure, Overwrite, is_stdout, print_data};

/// Where a symbolic link at an output path may lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Only to a file inside the folder the output is written into: a link planted in a
    /// repository (`public/page.md -> ~/.bashrc`) cannot aim a rendering at a file elsewhere.
    InsideFolder,
    /// Anywhere: the file is one this run read and rewrites (`fmt`, `log`), or the user passed
    /// `--force`.
    Anywhere,
}

impl Links {
    /// [`Links::Anywhere`] under `--force`, else [`Links::InsideFolder`].
    pub fn forced(force: bool) -> Links {
        if force { Links::Anywhere } else { Links::InsideFolder }
    }
}

/// Write `contents` where `path` says, by what `path` is:
/// - `-`: stdout ([`print_data`]);
/// - a new or regular file: atomically, a temporary file in the same folder, synced, then
///   renamed over the target, so a failure leaves the earlier file as it was;
/// - a symbolic link: written through to the file it points at (the link stays a link) when
///   that file exists and lies inside the folder holding `path`; a dangling link or one leading
///   out of the folder is refused ([`write_file_with`] and [`Links::Anywhere`] lift the latter);
/// - a file with other hard links: rewritten in place so every name keeps the new content;
/// - a character device or FIFO (`/dev/null`, a pipe) or one of this process's descriptors
///   (`/dev/stdout`, `/dev/fd/1`): written to as a sink, never replaced; a FIFO without a reader
///   is refused instead of waited for;
/// - anything else (a folder, a block device, a socket): refused.
///
/// Errors name `path`, never the temporary file.
pub fn write_file(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    write_file_with(path, contents, overwrite, Links::InsideFolder)
}

/// A file this run read and now writes back (`fmt`, `log`, `update`, `import --into`): through
/// its links wherever they lead, since the user named the file to be edited.
pub fn rewrite_file(path: &Path, contents: &[u8]) -> Result<(), Failure> {
    write_file_with(path, contents, Overwrite::Allow, Links::Anywhere)
}

/// [`write_file`] with the links `path` may follow said.
pub fn write_file_with(
    path: &Path,
    contents: &[u8],
    overwrite: Overwrite,
    links: Links,
) -> Result<(), Failure> {
    if is_stdout(path) {
        return print_data(&String::from_utf8_lossy(contents));
    }
    let target = match destination(path, &parent_of(path), links)? {
        Destination::Descriptor => {
            if overwrite == Overwrite::Refuse {
                return Err(already_exists(path));
            }
            return write_descriptor(path, contents);
        }
        Destination::File(target) => target,
    };
    let Ok(meta) = std::fs::metadata(&target) else {
        return replace_whole(path, &target, contents, overwrite);
    };
    if overwrite == Overwrite::Refuse {
        return Err(already_exists(path));
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

pub(super) fn already_exists(path: &Path) -> Failure {
    Failure::new(format!("`{}` already exists", path.display()))
        .help("pass `--force` to overwrite it, or choose another path")
}

/// The earlier name of [`write_file`], kept so that callers written against it get the same rules.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    write_file(path, contents, overwrite)
}

/// What an output path names once its symbolic links are followed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Destination {
    /// `path` itself (not a link), or the existing file its links end at.
    File(PathBuf),
    /// One of this process's open descriptors, reached through `/proc` (`/dev/stdout`,
    /// `/dev/fd/1`): what the shell opened for it, written to through `path`.
    Descriptor,
}

/// Where a write to `path` lands, under the rules for links: a chain through `/proc` names a
/// descriptor; a dangling link is refused (writing would create the file it names, anywhere);
/// under [`Links::InsideFolder`] a link whose file (resolved) lies outside `folder` is refused.
pub(super) fn destination(path: &Path, folder: &Path, links: Links) -> Result<Destination, Failure> {
    let (target, via_proc) = follow_chain(path)?;
    if via_proc {
        return Ok(Destination::Descriptor);
    }
    if target == path {
        return Ok(Destination::File(target));
    }
    let Ok(resolved) = std::fs::canonicalize(&target) else {
        return Err(Failure::new(format!(
            "cannot write `{}`: it is a symbolic link to `{}`, which does not exist",
            path.display(),
            target.display()
        ))
        .help("a dangling link is not followed (writing would create its target wherever it points): remove the link, or choose another path"));
    };
    let inside = std::fs::canonicalize(folder).is_ok_and(|folder| resolved.starts_with(&folder));
    if links == Links::InsideFolder && !inside {
        return Err(Failure::new(format!(
            "cannot write `{}`: it is a symbolic link to `{}`, outside the folder `{}` it is written into",
            path.display(),
            resolved.display(),
            folder.display()
        ))
        .help("remove the link or choose another path; pass `--force` if the link is yours and should be written through"));
    }
    Ok(Destination::File(target))
}

/// The path a write lands on: `path` itself, or the file its chain of symbolic links ends at
/// (which need not exist yet). A loop or a chain longer than 40 links is refused.
pub(super) fn follow_links(path: &Path) -> Result<PathBuf, Failure> {
    follow_chain(path).map(|(target, _)| target)
}

/// The file an output path's links end at, for checks made before writing (`path` itself
/// when it is no link, or when its links cannot be followed).
pub fn link_target(path: &Path) -> PathBuf {
    follow_links(path).unwrap_or_else(|_| path.to_path_buf())
}

/// [`follow_links`], and whether a link in the chain sits in `/proc` (a descriptor's magic
/// link, whose text such as `pipe:[123]` is no path).
fn follow_chain(path: &Path) -> Result<(PathBuf, bool), Failure> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let in_proc = current
                    .parent()
                    .and_then(|p| {
                        std::fs::canonicalize(if p.as_os_str().is_empty() { Path::new(".") } else { p }).ok()
                    })
                    .is_some_and(|p| p.starts_with("/proc"));
                if in_proc {
                    return Ok((current, true));
                }
                let link = std::fs::read_link(&current).map_err(|e| {
                    Failure::new(format!("cannot write `{}`: reading the link: {e}", path.display()))
                })?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok((current, false)),
        }
    }
    Err(Failure::new(format!("cannot write `{}`: too many levels of symbolic links", path.display()))
        .help("the link points at itself or a long chain of links; point it at a file"))
}

pub(super) fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error as a failure about the path the user named, never a temporary file.
pub(super) fn io_failure(path: &Path, folder: &Path, what: &str, e: &std::io::Error) -> Failure {
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
    replace_whole_with(shown, target, overwrite, |file| file.write_all(contents))
}

/// The same with the contents written by `write` into the temporary file as they are produced
/// (an error from it leaves the earlier file as it was and no temporary file behind).
pub(super) fn replace_whole_with(
    shown: &Path,
    target: &Path,
    overwrite: Overwrite,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let dir = parent_of(target);
    let fail = |what: &str, e: std::io::Error| io_failure(shown, &dir, what, &e);
    remove_leftovers_once(&dir);
    let mut temp = temporary_file(&dir).map_err(|e| fail("creating a temporary file", e))?;
    if let Ok(existing) = std::fs::metadata(target)
        && existing.is_file()
    {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(|e| fail("keeping the permissions of the earlier file", e))?;
    }
    write(temp.as_file_mut()).map_err(|e| fail("writing", e))?;
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
/// writes it so that [`super::remove_leftovers`] tells a live write from a killed one.
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
pub(super) fn sync_folder(dir: &Path) {
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
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return write_sink(shown, target, 0, contents);
        }
    }
    let what =
        if kind.is_dir() { "a folder" } else { "neither a regular file, a character device nor a FIFO" };
    Err(Failure::new(format!("cannot write `{}`: it is {what}", shown.display()))
        .help("choose the path of a file to write"))
}

/// One of this process's descriptors (`/dev/stdout`): written to through `path`, appending, so
/// that a redirection to a file (`> out.md`, `>> log`) gets the text after what is already
/// there, as the shell meant; never created or replaced.
fn write_descriptor(path: &Path, contents: &[u8]) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        write_sink(path, path, libc::O_APPEND, contents)
    }
    #[cfg(not(unix))]
    {
        let _ = contents;
        Err(Failure::new(format!("cannot write `{}`: not a file", path.display())))
    }
}

/// Open `target` for writing without creating it (a FIFO without a reader fails now instead of
/// hanging) and write `contents`.
#[cfg(unix)]
fn write_sink(shown: &Path, target: &Path, flags: i32, contents: &[u8]) -> Result<(), Failure> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = parent_of(target);
    // Non-blocking open: a FIFO nobody reads fails now (ENXIO) instead of hanging.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags)
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
    file.write_all(contents).and_then(|()| file.flush()).map_err(|e| io_failure(shown, &dir, "writing", &e))
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

pub(super) fn single_link(path: &Path) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::TEMPORARY_PREFIX;
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
    fn a_failed_write_leaves_the_earlier_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("missing-folder").join("a.toml");
        assert!(write_file(&path, b"x", Overwrite::Allow).is_err());
        assert!(!path.exists());
    }
}
