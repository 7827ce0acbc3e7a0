//! Where files sit in their repository: the root (the nearest folder holding `.git`) and paths
//! relative to it, the way code-scanning services and CI annotations name files.

use std::path::{Component, Path, PathBuf};

/// How a reported file is named in machine output for CI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtifactPath {
    /// Inside the repository: relative to its root, `/`-separated (`incidents/a.toml`).
    Relative(String),
    /// Outside it (or not valid UTF-8): the absolute path as given.
    Absolute(PathBuf),
}

/// The root the working directory belongs to: the nearest folder upward holding `.git` (a folder
/// in a clone, a file in a worktree), else the working directory itself.
pub fn root_of_working_directory() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    find_root(&cwd).unwrap_or(cwd)
}

/// The nearest folder from `start` upward that holds `.git`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| dir.join(".git").exists()).map(Path::to_path_buf)
}

/// `file` (relative to the working directory, or absolute) named relative to `root`. Folders
/// are resolved (symbolic links, `..`) the way the root was, so both compare alike; the file
/// name itself is kept as given.
pub fn artifact_path(root: &Path, file: &Path) -> ArtifactPath {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let resolved = match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => {
            parent.canonicalize().map_or_else(|_| normalise(&absolute), |p| p.join(name))
        }
        _ => normalise(&absolute),
    };
    let Ok(inside) = resolved.strip_prefix(root) else {
        return ArtifactPath::Absolute(resolved);
    };
    let parts: Option<Vec<&str>> = inside
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    match parts {
        Some(parts) if !parts.is_empty() => ArtifactPath::Relative(parts.join("/")),
        _ => ArtifactPath::Absolute(resolved),
    }
}

/// `..` and `.` removed lexically, for paths whose folder does not exist.
pub(super) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_inside_the_root_are_relative_with_forward_slashes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join(".git")).expect("git dir");
        std::fs::create_dir_all(root.join("incidents/2026")).expect("folders");
        let nested = root.join("incidents/2026");
        assert_eq!(find_root(&nested), Some(root.clone()));
        assert_eq!(
            artifact_path(&root, &nested.join("../2026/a b.toml")),
            ArtifactPath::Relative("incidents/2026/a b.toml".to_string())
        );
        assert_eq!(
            artifact_path(&root, &root.join("gone/x.toml")),
            ArtifactPath::Relative("gone/x.toml".to_string())
        );
        let outside = tempfile::tempdir().expect("tempdir");
        let elsewhere = outside.path().canonicalize().expect("canonical").join("b.toml");
        assert_eq!(artifact_path(&root, &elsewhere), ArtifactPath::Absolute(elsewhere.clone()));
    }
}
