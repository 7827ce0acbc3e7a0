//! Finding and reading the project config: `postmortem.toml` in the incident's folder or a
//! parent, like Cargo finds Cargo.toml; defaults when there is none.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::LoadFailure;
use crate::diagnostic::{Diagnostic, input};
use crate::model::ImpactStatus;
use crate::model::config::{Config, ConfigFile, Counting, FILE_NAME};
use crate::time::parse_zone;

/// Find `postmortem.toml` in `start` or a parent folder, like Cargo finds Cargo.toml.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
    let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
    let absolute = std::path::absolute(&start).unwrap_or(start);
    absolute.ancestors().map(|dir| dir.join(FILE_NAME)).find(|candidate| candidate.is_file())
}

/// Load the config found upward from `start`, or the defaults when there is none.
pub fn for_path(start: &Path) -> Result<Config, Box<LoadFailure>> {
    match discover(start) {
        Some(path) => read(&path),
        None => Ok(Config::default()),
    }
}

pub fn read(path: &Path) -> Result<Config, Box<LoadFailure>> {
    let loaded = super::load_document::<ConfigFile>(path)?;
    let file = loaded.value;
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
