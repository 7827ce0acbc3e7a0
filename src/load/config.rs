//! Finding and reading the project config: `postmortem.toml` in the incident's folder or a
//! parent, like Cargo finds Cargo.toml; defaults when there is none.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::LoadFailure;
use crate::diagnostic::{Diagnostic, input};
use crate::model::ImpactStatus;
use crate::model::config::{Config, ConfigFile, Counting, FILE_NAME};
use crate::time::parse_zone;

/// Find `postmortem.toml` in `start` or a parent folder, like Cargo finds Cargo.toml, up to
/// the repository root (the folder holding `.git`) or the home folder, never above: a config
/// (and its `templates/`) in `/tmp` or `/` must not govern every checkout below it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
    let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
    let absolute = std::path::absolute(&start).unwrap_or(start.clone());
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    // The file system's root is never searched.
    for (levels, dir) in absolute.ancestors().filter(|dir| dir.parent().is_some()).enumerate() {
        let candidate = dir.join(FILE_NAME);
        // Anything by that name is the config: a FIFO, a device or a dangling link is refused
        // when read, never passed over for the defaults (or a config further up).
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Some(if start.is_absolute() { candidate } else { relative_above(&start, levels) });
        }
        if dir.join(".git").exists() || home.as_deref() == Some(dir) {
            return None;
        }
    }
    None
}

/// The config `levels` folders above the relative folder `start`, named relative as `start`
/// is (`postmortem.toml`, `../postmortem.toml`), so that the paths derived from it (the incident
/// folder, the files a report names) hold no absolute local path. A folder is dropped by name
/// only when it is no link (whose `..` would lead elsewhere).
fn relative_above(start: &Path, levels: usize) -> PathBuf {
    let mut kept: Vec<std::path::Component> =
        start.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    let mut ups = 0;
    for _ in 0..levels {
        let droppable = matches!(kept.last(), Some(std::path::Component::Normal(_)))
            && ups == 0
            && !std::fs::symlink_metadata(kept.iter().collect::<PathBuf>()).is_ok_and(|m| m.is_symlink());
        if droppable {
            kept.pop();
        } else {
            ups += 1;
        }
    }
    let mut path: PathBuf = kept.iter().collect();
    for _ in 0..ups {
        path.push("..");
    }
    path.join(FILE_NAME)
}

/// Load the config found upward from `start`, or the defaults when there is none.
pub fn for_path(start: &Path) -> Result<Config, Box<LoadFailure>> {
    match discover(start) {
        Some(path) => read(&path),
        None => Ok(Config::default()),
    }
}

/// Read the config at `path`, which must resolve inside its repository (the folder holding
/// `.git` above it, else its own folder), as must the incident folder it names.
pub fn read(path: &Path) -> Result<Config, Box<LoadFailure>> {
    let root = root_of(path);
    if std::fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
        super::confine::inside(path, &root).map_err(|refusal| super::refused(path, refusal))?;
    }
    let loaded = super::load_document::<ConfigFile>(path)?;
    let file = loaded.value;
    if let Some(name) = &file.incidents {
        incidents_inside(path, name, &root)
            .map_err(|diagnostic| Box::new(LoadFailure { diagnostic, source: loaded.source.clone() }))?;
    }
    let zone = |field: &str, name: &Option<String>| -> Result<Option<Tz>, Box<LoadFailure>> {
        match name {
            None => Ok(None),
            Some(name) => parse_zone(name).map(Some).map_err(|e| {
                Box::new(LoadFailure {
                    diagnostic: Diagnostic::new(&input::UNKNOWN_ZONE, e.to_string()).at(field).help(e.help()),
                    source: loaded.source.clone(),
                })
            }),
        }
    };
    let default_zone = zone("timezone", &file.timezone)?;
    let display_zone = zone("display_timezone", &file.display_timezone)?;
    let mut counting = Counting::default();
    if let Some(rules) = &file.counting {
        if let Some(down) = &rules.down {
            counting.weights =
                ImpactStatus::ALL.into_iter().map(|s| (s, down.get(&s).copied().unwrap_or(0.0))).collect();
        }
        if let Some(planned) = rules.planned {
            counting.planned = planned;
        }
    }
    if let Some(bad) = counting.weights.iter().find(|(_, w)| !(0.0..=1.0).contains(*w)) {
        return Err(Box::new(LoadFailure {
            diagnostic: Diagnostic::new(
                &input::INVALID_VALUE,
                format!("weight `{}` of `{}` is outside 0 to 1", bad.1, bad.0.as_str()),
            )
            .at(format!("counting.down.{}", bad.0.as_str()))
            .help("a weight is the share of the time that counts as down: 1 fully, 0.5 half, 0 not at all"),
            source: loaded.source,
        }));
    }
    if let Some(month) = file.fiscal_year_start.filter(|m| !(1..=12).contains(m)) {
        return Err(Box::new(LoadFailure {
            diagnostic: Diagnostic::new(
                &input::INVALID_VALUE,
                format!("`fiscal_year_start` is `{month}`, not a month"),
            )
            .at("fiscal_year_start")
            .help("give the month the fiscal year starts in, 1 (January) to 12 (December)"),
            source: loaded.source,
        }));
    }
    Ok(Config { path: Some(path.to_path_buf()), file, default_zone, display_zone, counting })
}

/// The repository a config at `path` belongs to: the folder holding `.git` above it, else the
/// config's own folder (resolved).
fn root_of(path: &Path) -> PathBuf {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    super::repository::find_root(&folder).unwrap_or(folder)
}

/// The `incidents` folder a config names, resolved, must lie inside `root`: a config in a pull
/// request must not make `check` and `report` read (and quote) files elsewhere.
fn incidents_inside(config: &Path, name: &str, root: &Path) -> Result<(), Diagnostic> {
    let parent = match config.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let base = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let folder = base.join(name);
    // A folder not made yet is judged by its path, `..` and all.
    let resolved = std::fs::canonicalize(&folder).unwrap_or_else(|_| super::repository::normalise(&folder));
    if resolved.starts_with(root) {
        return Ok(());
    }
    Err(Diagnostic::new(
        &input::INVALID_VALUE,
        format!(
            "`incidents` is `{}`, which resolves to `{}`, outside the repository `{}`",
            crate::diagnostic::visible_line(name),
            crate::diagnostic::visible_line(&resolved.display().to_string()),
            crate::diagnostic::visible_line(&root.display().to_string())
        ),
    )
    .at("incidents")
    .help("give a folder inside the repository, relative to postmortem.toml (the default is `incidents`)"))
}
