//! Finding incident files: the files named, and every `*.toml` / `*.json` under the folders
//! named; and the per-folder config cache that `check`, `fmt` and `report` share.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::LoadFailure;
use crate::model::Config;
use crate::model::config::FILE_NAME;
use crate::output::Failure;

/// The files to read as incidents, and the files among them that are outputs of this tool
/// (a JSON report saved in the incident folder): those are not read, and the command notes them.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub own_outputs: Vec<PathBuf>,
}

impl Found {
    /// One line per own output skipped, for stderr ("note: ... skipped").
    pub fn notes(&self) -> String {
        self.own_outputs
            .iter()
            .map(|p| {
                format!(
                    "note: `{}` is a file postmortem wrote (its `generator` says so), not an incident; skipped\n",
                    crate::diagnostic::visible_line(&p.display().to_string())
                )
            })
            .collect()
    }
}

/// What marks a JSON document as one this tool wrote: its first key, `"generator"`, with a
/// value starting with this.
pub const GENERATOR: &str = "postmortem";

/// Whether `path` is a JSON document this tool wrote: its first bytes are `{"generator":
/// "postmortem…` (with any spacing). Only the start of a regular file is read.
pub fn is_own_output(path: &Path) -> bool {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        return false;
    }
    let Ok(head) = super::read_head(path, 256) else { return false };
    let text = String::from_utf8_lossy(&head);
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = rest.strip_prefix('{') else { return false };
    let Some(rest) = rest.trim_start().strip_prefix("\"generator\"") else { return false };
    let Some(rest) = rest.trim_start().strip_prefix(':') else { return false };
    rest.trim_start().strip_prefix('"').is_some_and(|value| value.starts_with(GENERATOR))
}

/// [`incident_files`], with the tool's own outputs set apart.
pub fn incident_files_found(paths: &[PathBuf]) -> Result<Found, Failure> {
    let (own_outputs, files) = incident_files(paths)?.into_iter().partition(|p| is_own_output(p));
    Ok(Found { files, own_outputs })
}

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
