//! Finding incident files: the files named, and every `*.toml` / `*.json` under the folders
//! named; and the per-folder config cache that `check`, `fmt` and `report` share.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::LoadFailure;
use crate::model::Config;
use crate::model::config::FILE_NAME;
use crate::output::Failure;

/// Files named directly, and every `*.toml` / `*.json` under folders (sorted, hidden folders and
/// `postmortem.toml` skipped).
pub fn incident_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut files).map_err(|e| {
                Failure::new(format!("cannot list `{}`: {e}", path.display()))
                    .help("check that the folder is readable, or name the incident files one by one")
            })?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            // Reported per file, like any unreadable input.
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        // Like ripgrep, symlinked folders are not followed: a link back up the tree would
        // otherwise count every incident many times. Symlinked files are read.
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link && path.is_dir() {
            continue;
        }
        if path.is_dir() {
            collect(&path, files)?;
        } else if (name.ends_with(".toml") || name.ends_with(".json")) && name != FILE_NAME {
            files.push(path);
        }
    }
    Ok(())
}

/// Configs by the folder they govern, so a folder of incidents reads its config once; shared
/// by the threads checking files, and handed out without copying.
#[derive(Default)]
pub struct ConfigCache {
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
}

impl ConfigCache {
    pub fn for_file(&self, file: &Path) -> Result<Arc<Config>, LoadFailure> {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        // A poisoned lock only means another thread panicked; the map itself is whole.
        let mut by_dir = self.by_dir.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(config) = by_dir.get(&dir) {
            return Ok(Arc::clone(config));
        }
        let config = Arc::new(super::config::for_path(file).map_err(|f| *f)?);
        by_dir.insert(dir, Arc::clone(&config));
        Ok(config)
    }
}
