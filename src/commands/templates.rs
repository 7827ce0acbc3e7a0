//! `postmortem templates export`: copy the built-in templates into a folder for editing.

use std::path::Path;

use super::Outcome;
use crate::output::{Failure, Overwrite, write_file};
use crate::render::templates::BUILTIN;
use crate::reporter::print;

pub fn export(dir: &Path, force: bool) -> Result<Outcome, Failure> {
    // Check first, so a refusal leaves the folder exactly as it was.
    let existing: Vec<String> = BUILTIN
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Failure::new(format!("not overwriting existing templates: {}", existing.join(", ")))
            .help("pass `--force` to overwrite them, or export into an empty folder"));
    }
    let overwrite = if force { Overwrite::Allow } else { Overwrite::Refuse };
    for (name, source) in BUILTIN {
        let path = dir.join(name);
        // Built-in templates live in subfolders too (`site/`).
        if let Some(folder) = path.parent() {
            crate::output::ensure_folder(folder)?;
        }
        write_file(&path, source.as_bytes(), overwrite)?;
        print(&format!("wrote {}\n", path.display()))?;
    }
    print(&format!(
        "edit them there; `render` and `report` with `--templates {}` (or a `templates/` folder beside postmortem.toml) use them\n",
        dir.display()
    ))?;
    Ok(Outcome::Clean)
}
