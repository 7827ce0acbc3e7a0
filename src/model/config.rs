//! The optional project config, `postmortem.toml`: as written, and in force (defaults filled
//! in). Finding and reading it is `load::config`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ImpactStatus;

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
