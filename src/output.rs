//! Writing results: whole files or nothing (temporary file, flush, rename). Failures are the
//! typed [`crate::diagnostic::Error`]; the reporter prints them.

use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::diagnostic::Error as Failure;

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Allow,
    Refuse,
}

/// Write `contents` to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target. A failure at any step leaves the earlier file as it
/// was and no temporary file behind. A new file gets the permissions any file the user creates
/// gets (0666 less the umask); a replaced file keeps its own.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |what: &str, e: std::io::Error| {
        // tempfile names its temporary file in the error; the user asked for `path`.
        let e = e.raw_os_error().map(std::io::Error::from_raw_os_error).unwrap_or(e);
        let help = if dir.is_dir() {
            "check that the folder is writable and has space left".to_string()
        } else {
            format!("`{}` is not an existing folder: create it first, or choose another path", dir.display())
        };
        Failure::new(format!("cannot write `{}`: {what}: {e}", path.display())).help(help)
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // tempfile's default, 0600, would hide a rendered page from the web server that serves it;
    // open(2) applies the umask to this mode, as it does for any file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(&dir).map_err(|e| fail("creating a temporary file", e))?;
    if overwrite == Overwrite::Allow
        && let Ok(existing) = std::fs::metadata(path)
        && existing.is_file()
    {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(|e| fail("keeping the permissions of the earlier file", e))?;
    }
    temp.write_all(contents).map_err(|e| fail("writing", e))?;
    temp.as_file().sync_all().map_err(|e| fail("flushing", e))?;
    match overwrite {
        Overwrite::Allow => {
            temp.persist(path).map(|_| ()).map_err(|e| fail("renaming into place", e.error))?
        }
        Overwrite::Refuse => temp.persist_noclobber(path).map(|_| ()).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::new(format!("`{}` already exists", path.display()))
                    .help("pass `--force` to overwrite it, or choose another path")
            } else {
                fail("renaming into place", e.error)
            }
        })?,
    }
    // The rename is durable once the folder's entry is on disk; the file is already complete
    // either way, so a folder that cannot be synced is no failure.
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
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

/// Temporary files are `.postmortem-XXXXXX.tmp` beside the target: hidden, and named so that
/// a leftover (a process killed mid-write) is recognisable.
pub const TEMPORARY_PREFIX: &str = ".postmortem-";
pub const TEMPORARY_SUFFIX: &str = ".tmp";

pub use crate::text::{slug, slug_words};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"first", Overwrite::Refuse).expect("first write");
        let err = write_atomic(&path, b"second", Overwrite::Refuse).expect_err("must refuse");
        assert!(err.message().contains("already exists"));
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        write_atomic(&path, b"third", Overwrite::Allow).expect("overwrite");
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
        let err = write_atomic(&file.join("a.html"), b"x", Overwrite::Allow).expect_err("must fail");
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
        let err = write_atomic(&target, b"new", Overwrite::Allow).expect_err("a folder is in the way");
        assert!(err.message().contains("renaming into place"), "{err}");
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
        write_atomic(&path, b"<p>", Overwrite::Refuse).expect("write");
        assert_eq!(mode(&path), mode(&plain));
        assert_ne!(mode(&path), 0o600, "tempfile's private default leaked through");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"<p>again", Overwrite::Allow).expect("replace");
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
        assert!(write_atomic(&path, b"x", Overwrite::Allow).is_err());
        assert!(!path.exists());
    }
}
