//! A whole folder of files (a site) swapped into place at once, replacing only a folder this
//! tool wrote.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Failure;
use super::leftovers::{ASIDE_SUFFIX, STAGING_SUFFIX, TEMPORARY_PREFIX, hold_lock, remove_leftovers};

/// The file that marks a folder as one [`write_folder`] wrote, so that it may be replaced.
pub const FOLDER_MARKER: &str = ".postmortem-output";

/// Write a whole folder of files (relative paths with `/`) at `out`, all or nothing: every file
/// goes into a hidden staging folder beside `out`, which then takes `out`'s place; the earlier
/// `out` is removed whole, so no stale file survives. An existing `out` must be empty or carry
/// [`FOLDER_MARKER`] (a folder this function wrote): anything else is refused, never replaced.
/// On a failure the earlier `out` is left as it was and the staging folder is removed.
/// What an interrupted earlier run left beside `out` (a staging folder, an earlier folder
/// moved aside) is removed first, unless a live run holds it.
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
    remove_leftovers(&parent);
    let staging = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .suffix(STAGING_SUFFIX)
        .tempdir_in(&parent)
        .map_err(|e| io("creating the staging folder".into(), e))?;
    // Held until the swap is done: a live build is no leftover.
    let _lock = hold_lock(staging.path());
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
            .suffix(ASIDE_SUFFIX)
            .tempdir_in(parent)
            .map_err(|e| fail("making room for the earlier folder", e))?
            .keep();
        std::fs::remove_dir(&aside).map_err(|e| fail("making room for the earlier folder", e))?;
        std::fs::rename(out, &aside).map_err(|e| fail("moving the earlier folder aside", e))?;
        let lock = hold_lock(&aside);
        Some((aside, lock))
    } else {
        None
    };
    if let Err(e) = std::fs::rename(staged, out) {
        if let Some((aside, _)) = &aside {
            let _ = std::fs::rename(aside, out);
        }
        return Err(fail("renaming the new folder into place", e));
    }
    if let Some((aside, _lock)) = aside {
        let _ = std::fs::remove_dir_all(aside);
    }
    if let Ok(folder) = std::fs::File::open(parent) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn what_an_interrupted_build_left_is_swept_and_a_live_one_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site");
        // A build killed mid-way: its staging folder (today's name and the earlier `.tmp` one)
        // and the earlier site it had moved aside.
        for name in [".postmortem-a1b2c3.staging", ".postmortem-d4e5f6.tmp", ".postmortem-g7h8i9.old"] {
            std::fs::create_dir_all(dir.path().join(name).join("incidents")).expect("mkdir");
            std::fs::write(dir.path().join(name).join("incidents/x.html"), "x").expect("write");
        }
        let live = dir.path().join(".postmortem-live01.staging");
        std::fs::create_dir(&live).expect("mkdir");
        let held = hold_lock(&live).expect("lock");
        write_folder(&out, &[("index.html".to_string(), b"i".to_vec())]).expect("build");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".postmortem-live01.staging", "site"]);
        drop(held);
    }
}
