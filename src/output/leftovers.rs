//! The names of temporary files and staging folders, and the removal of those a killed run left.

use std::path::Path;

/// Remove what killed runs left in `dir`: temporary files, staging folders (of a set of files
/// or of a whole folder, [`super::write_folder`]) and earlier folders moved aside, whose lock no
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
        // `.tmp` folders are what earlier versions staged whole folders in.
        let staging = meta.is_dir()
            && [STAGING_SUFFIX, ASIDE_SUFFIX, TEMPORARY_SUFFIX].iter().any(|suffix| name.ends_with(suffix));
        // Taking the lock means no live process holds it.
        if (temporary || staging) && std::fs::File::open(&path).is_ok_and(|f| f.try_lock().is_ok()) {
            let _ = if staging { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        }
    }
}

/// [`remove_leftovers`] the first time this process writes into `dir`: a leftover comes from a
/// run killed before this one started, so one sweep finds it, and a folder of 100,000 files
/// written one by one is listed once, not once per file (which made writing them quadratic).
pub fn remove_leftovers_once(dir: &Path) {
    static SWEPT: std::sync::Mutex<std::collections::BTreeSet<std::path::PathBuf>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let first = SWEPT.lock().map_or(true, |mut swept| swept.insert(dir.to_path_buf()));
    if first {
        remove_leftovers(dir);
    }
}

/// Temporary files are `.postmortem-XXXXXX.tmp` beside the target, staging folders
/// `.postmortem-XXXXXX.staging`: hidden, and named so that a leftover (a process killed
/// mid-write) is recognisable.
pub const TEMPORARY_PREFIX: &str = ".postmortem-";
pub const TEMPORARY_SUFFIX: &str = ".tmp";
pub const STAGING_SUFFIX: &str = ".staging";
/// An earlier folder moved aside while its replacement is renamed into place.
pub const ASIDE_SUFFIX: &str = ".old";

/// Hold `path`'s lock (a folder's too) for as long as the returned handle lives, so that
/// [`remove_leftovers`] in another run leaves it alone; `None` where locks are not available.
pub fn hold_lock(path: &Path) -> Option<std::fs::File> {
    std::fs::File::open(path).ok().filter(|f| f.try_lock().is_ok())
}
