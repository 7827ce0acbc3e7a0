//! The optional project config, `postmortem.toml`, found upward from an incident file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ImpactStatus;
use crate::load::{self, LoadFailure};

pub const FILE_NAME: &str = "postmortem.toml";

/// `postmortem.toml` as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub organisation: Option<String>,
    /// Zone for incident files that name none.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Zone for displayed times; defaults to each incident's own zone.
    #[serde(default)]
    pub display_timezone: Option<String>,
    /// Allowed `severity` values, most severe first.
    #[serde(default)]
    pub severities: Vec<String>,
    /// Month (1-12) the fiscal year starts in; 1 gives calendar quarters.
    #[serde(default)]
    pub fiscal_year_start: Option<u32>,
    /// The catalogue of services and their deployments.
    #[serde(default)]
    pub services: Vec<ServiceEntry>,
    /// Availability target per deployment, in percent (`99.9`).
    #[serde(default)]
    pub slo: BTreeMap<String, f64>,
    #[serde(default)]
    pub counting: Option<CountingFile>,
    /// Folder of incident files, relative to the config; default `incidents`.
    #[serde(default)]
    pub incidents: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    pub name: String,
    #[serde(default)]
    pub deployments: Vec<String>,
}

/// Which statuses count as down, and with what weight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountingFile {
    /// Weight per status (0 to 1); statuses not listed count 0.
    #[serde(default)]
    pub down: Option<BTreeMap<ImpactStatus, f64>>,
    /// Whether planned maintenance windows count as downtime (at full weight).
    #[serde(default)]
    pub planned: Option<bool>,
}

/// The counting rules in force, with their defaults filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counting {
    /// Weight of each status, indexed like `ImpactStatus::ALL`.
    pub weights: BTreeMap<ImpactStatus, f64>,
    pub planned: bool,
}

impl Default for Counting {
    fn default() -> Self {
        let weights = ImpactStatus::ALL
            .into_iter()
            .map(|s| {
                let weight = match s {
                    ImpactStatus::MajorOutage | ImpactStatus::PartialOutage => 1.0,
                    _ => 0.0,
                };
                (s, weight)
            })
            .collect();
        Counting { weights, planned: false }
    }
}

impl Counting {
    pub fn weight(&self, status: ImpactStatus) -> f64 {
        self.weights.get(&status).copied().unwrap_or(0.0)
    }

    /// The weight a window counts with: planned maintenance fully or not at all, by the
    /// `planned` switch; anything else by its status.
    pub fn window_weight(&self, status: ImpactStatus, planned: bool) -> f64 {
        match (planned, self.planned) {
            (true, true) => 1.0,
            (true, false) => 0.0,
            (false, _) => self.weight(status),
        }
    }

    /// The rules in words, printed in every report.
    pub fn describe(&self) -> String {
        let counted: Vec<String> = ImpactStatus::ALL
            .iter()
            .rev()
            .filter(|s| self.weight(**s) > 0.0)
            .map(|s| {
                let w = self.weight(*s);
                if (w - 1.0).abs() < f64::EPSILON {
                    format!("`{}` counts fully", s.as_str())
                } else {
                    format!("`{}` counts at {}", s.as_str(), w)
                }
            })
            .collect();
        let counted =
            if counted.is_empty() { "no status counts as down".to_string() } else { counted.join(", ") };
        let planned = if self.planned {
            "planned maintenance counts as downtime"
        } else {
            "planned maintenance does not count"
        };
        format!(
            "{counted}; other statuses do not count; {planned}; where windows overlap, the worst status wins"
        )
    }
}

/// The project config in force for an incident, defaults filled in.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The `postmortem.toml` it came from, if any.
    pub path: Option<PathBuf>,
    pub file: ConfigFile,
    pub default_zone: Option<Tz>,
    pub display_zone: Option<Tz>,
    pub counting: Counting,
}

impl Config {
    /// Find `postmortem.toml` in `start` or a parent folder, like Cargo finds Cargo.toml, up to
    /// the repository root (the folder holding `.git`) or the home folder, never above: a
    /// config (and its `templates/`) in `/tmp` or `/` must not govern every checkout below it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
        let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
        let absolute = std::path::absolute(&start).unwrap_or(start);
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
        // The file system's root is never searched.
        for dir in absolute.ancestors().filter(|dir| dir.parent().is_some()) {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            let at_root = dir.join(".git").exists() || home.as_deref() == Some(dir);
            if at_root {
                return None;
            }
        }
        None
    }

    /// Load the config found upward from `start`, or the defaults when there is none.
    pub fn for_path(start: &Path) -> Result<Config, Box<LoadFailure>> {
        match Self::discover(start) {
            Some(path) => Self::load(&path),
            None => Ok(Config::default()),
        }
    }

    pub fn load(path: &Path) -> Result<Config, Box<LoadFailure>> {
        let loaded = load::load_document::<ConfigFile>(path)?;
        let file = loaded.value;
        let zone = |field: &str, name: &Option<String>| -> Result<Option<Tz>, Box<LoadFailure>> {
            match name {
                None => Ok(None),
                Some(name) => crate::time::parse_zone(name).map(Some).map_err(|e| {
                    Box::new(LoadFailure {
                        diagnostic: crate::checks::diagnostic::Diagnostic::new(
                            &crate::checks::input::UNKNOWN_ZONE,
                            e.to_string(),
                        )
                        .at(field)
                        .help(e.help()),
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
                counting.weights = ImpactStatus::ALL
                    .into_iter()
                    .map(|s| (s, down.get(&s).copied().unwrap_or(0.0)))
                    .collect();
            }
            if let Some(planned) = rules.planned {
                counting.planned = planned;
            }
        }
        if let Some(bad) = counting.weights.iter().find(|(_, w)| !(0.0..=1.0).contains(*w)) {
            return Err(Box::new(LoadFailure {
                diagnostic: crate::checks::diagnostic::Diagnostic::new(
                    &crate::checks::input::INVALID_VALUE,
                    format!("weight `{}` of `{}` is outside 0 to 1", bad.1, bad.0.as_str()),
                )
                .at(format!("counting.down.{}", bad.0.as_str()))
                .help(
                    "a weight is the share of the time that counts as down: 1 fully, 0.5 half, 0 not at all",
                ),
                source: loaded.source,
            }));
        }
        if let Some(month) = file.fiscal_year_start.filter(|m| !(1..=12).contains(m)) {
            return Err(Box::new(LoadFailure {
                diagnostic: crate::checks::diagnostic::Diagnostic::new(
                    &crate::checks::input::INVALID_VALUE,
                    format!("`fiscal_year_start` is `{month}`, not a month"),
                )
                .at("fiscal_year_start")
                .help("give the month the fiscal year starts in, 1 (January) to 12 (December)"),
                source: loaded.source,
            }));
        }
        Ok(Config { path: Some(path.to_path_buf()), file, default_zone, display_zone, counting })
    }

    /// The folder holding the config, where `templates/` and `incidents/` are looked for.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// The folder of incident files: the `incidents` key (default `incidents`) beside the config.
    /// Without a config file, relative to the current folder.
    pub fn incidents_dir(&self) -> PathBuf {
        let name = self.file.incidents.as_deref().unwrap_or("incidents");
        self.dir().unwrap_or(Path::new(".")).join(name)
    }

    /// Every deployment in the catalogue, or None when the config lists no services.
    pub fn catalogue(&self) -> Option<Vec<&str>> {
        if self.file.services.is_empty() {
            return None;
        }
        Some(self.file.services.iter().flat_map(|s| s.deployments.iter().map(String::as_str)).collect())
    }

    pub fn slo(&self, deployment: &str) -> Option<f64> {
        self.file.slo.get(deployment).copied()
    }

    pub fn fiscal_year_start(&self) -> u32 {
        self.file.fiscal_year_start.unwrap_or(1)
    }
}
