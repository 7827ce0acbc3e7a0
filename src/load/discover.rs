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
/// (a JSON report, analysis or check saved in the incident folder): those are not read, and
/// the command notes them.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub own_outputs: Vec<(PathBuf, OwnOutput)>,
}

impl Found {
    /// One line per own output skipped, for stderr ("note: ... skipped").
    pub fn notes(&self) -> String {
        self.own_outputs
            .iter()
            .map(|(path, kind)| {
                format!(
                    "note: `{}` is {}, not an incident; skipped\n",
                    crate::diagnostic::visible_line(&path.display().to_string()),
                    kind.described()
                )
            })
            .collect()
    }
}

/// How a file was recognised as one this tool wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnOutput {
    /// A JSON document whose first key is the tool's mark ([`crate::output::mark`]).
    Marked,
    /// A SARIF log whose `tool.driver.name` is this tool (`check --format sarif`).
    Sarif,
    /// The JSON Schema of the incident format (`postmortem schema`), by its `$id`.
    Schema,
    /// The file this very run's standard output is redirected to (`check --format json >
    /// incidents/x.json` creates it empty before the folder is read).
    ThisRunsOutput,
}

impl OwnOutput {
    fn described(self) -> &'static str {
        match self {
            OwnOutput::Marked => "a file postmortem wrote (its `generator` says so)",
            OwnOutput::Sarif => "a SARIF log postmortem wrote (its `tool.driver.name` says so)",
            OwnOutput::Schema => "the JSON Schema postmortem writes (its `$id` says so)",
            OwnOutput::ThisRunsOutput => "where this run's output is being written",
        }
    }
}

/// Whether `path` is a JSON document this tool wrote, and how that shows. Only the start of a
/// regular file is read, unless its first key starts with `$` (SARIF, JSON Schema; never an
/// incident's), which is then read whole within the incident size limit.
pub fn own_output(path: &Path) -> Option<OwnOutput> {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        return None;
    }
    let head = super::read_head(path, 256).ok()?;
    let head = String::from_utf8_lossy(&head);
    if crate::output::mark::head_is_marked(&head) {
        return Some(OwnOutput::Marked);
    }
    let first_key = head.trim_start_matches('\u{feff}').trim_start().strip_prefix('{')?.trim_start();
    if !first_key.starts_with("\"$") {
        return None;
    }
    let bytes = super::read_bounded(path, super::MAX_FILE_BYTES).ok()?;
    let identity: Identity = serde_json::from_slice(&bytes).ok()?;
    if identity.id.as_deref() == Some(crate::model::schema::SCHEMA_ID) {
        return Some(OwnOutput::Schema);
    }
    let ours = |run: &IdentityRun| run.tool.driver.name == crate::output::mark::TOOL;
    identity.runs.iter().any(ours).then_some(OwnOutput::Sarif)
}

/// What names a `$`-keyed JSON document's author: a JSON Schema's `$id`, a SARIF log's tools.
#[derive(serde::Deserialize)]
struct Identity {
    #[serde(rename = "$id", default)]
    id: Option<String>,
    #[serde(default)]
    runs: Vec<IdentityRun>,
}

#[derive(serde::Deserialize)]
struct IdentityRun {
    tool: IdentityTool,
}

#[derive(serde::Deserialize)]
struct IdentityTool {
    driver: IdentityDriver,
}

#[derive(serde::Deserialize)]
struct IdentityDriver {
    name: String,
}

/// [`incident_files`], with the tool's own outputs set apart.
pub fn incident_files_found(paths: &[PathBuf]) -> Result<Found, Failure> {
    let stdout = stdout_file();
    let mut found = Found::default();
    for path in incident_files(paths)? {
        let kind = if stdout.as_ref().is_some_and(|id| id.is(&path)) {
            Some(OwnOutput::ThisRunsOutput)
        } else {
            own_output(&path)
        };
        match kind {
            Some(kind) => found.own_outputs.push((path, kind)),
            None => found.files.push(path),
        }
    }
    Ok(found)
}

/// The regular file standard output is redirected to, by device and inode.
struct FileId {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
}

impl FileId {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| FileId { device: meta.dev(), inode: meta.ino() })
    }

    #[cfg(unix)]
    fn is(&self, path: &Path) -> bool {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| FileId::of(&m))
            .is_some_and(|other| other.device == self.device && other.inode == self.inode)
    }

    #[cfg(not(unix))]
    fn is(&self, _path: &Path) -> bool {
        false
    }
}

#[cfg(unix)]
fn stdout_file() -> Option<FileId> {
    use std::os::fd::AsFd;
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    FileId::of(&std::fs::File::from(fd).metadata().ok()?)
}

#[cfg(not(unix))]
fn stdout_file() -> Option<FileId> {
    None
}

/// Files named directly, and every `*.toml` / `*.json` under folders (sorted, hidden folders and
/// `postmortem.toml` skipped).
pub fn incident_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let root = Arc::new(repository_root(path));
            collect(path, &root, &mut files).map_err(|e| {
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

/// The folder a file found under `folder` must resolve inside: the repository root (the
/// nearest folder holding `.git`), else the folder of the config that governs it, else
/// `folder` itself; resolved (links, `..`), as the files compared with it are.
pub fn repository_root(folder: &Path) -> PathBuf {
    let canonical = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if let Some(root) = super::repository::find_root(&canonical) {
        return root;
    }
    super::config::discover(&canonical)
        .and_then(|config| config.parent().map(Path::to_path_buf))
        .and_then(|dir| std::fs::canonicalize(dir).ok())
        .unwrap_or(canonical)
}

/// Links among the files are noted with `root`: each must resolve inside it when read
/// ([`super::confine`]).
fn collect(dir: &Path, root: &Arc<PathBuf>, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
            collect(&path, root, files)?;
        } else if (name.ends_with(".toml") || name.ends_with(".json")) && name != FILE_NAME {
            if is_link {
                super::confine::note_walked_link(path.clone(), Arc::clone(root));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_repository_else_the_configs_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::write(root.join("a/postmortem.toml"), "").expect("write");
        assert_eq!(repository_root(&root.join("a/b")), root.join("a"));
        std::fs::create_dir(root.join(".git")).expect("mkdir");
        assert_eq!(repository_root(&root.join("a/b")), root);
    }
}
