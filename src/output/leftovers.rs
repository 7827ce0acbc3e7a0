//! The names of temporary files and staging folders, and the removal of those a killed run left.

use std::path::Path;

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
