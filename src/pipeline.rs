//! The shared front half of every command: load → resolve → analyse → check.

use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::{self, Analysis};
use crate::checks::{self, Context, Diagnostic, Level};
use crate::load::{self, LoadFailure};
use crate::model::{self, Config};
use crate::resolve::{self, Incident};
use crate::source::SourceFile;

/// An incident read, analysed and checked.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub incident: Incident,
    pub analysis: Analysis,
    /// Sorted by place in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level() == level).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Level::Error) > 0
    }
}

/// Load, resolve, analyse and check one incident file under a config.
pub fn open(path: &Path, config: &Config, as_of: Option<NaiveDate>) -> Result<Checked, Box<LoadFailure>> {
    let loaded = load::load_incident(path)?;
    Ok(check_loaded(loaded.source, loaded.value, config, as_of))
}

/// The same for a file already loaded (importers check what they are about to write).
pub fn check_loaded(
    source: SourceFile,
    file: model::raw::IncidentFile,
    config: &Config,
    as_of: Option<NaiveDate>,
) -> Checked {
    let (incident, mut diagnostics) = resolve::resolve(file, config);
    let analysis = analysis::analyze(&incident, &config.counting);
    diagnostics.extend(checks::run(&Context { incident: &incident, analysis: &analysis, config, as_of }));
    crate::diagnostic::locate_all(&mut diagnostics, &source);
    diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
    Checked { source, incident, analysis, diagnostics }
}

/// The incident as the public may see it ([`model::raw::IncidentFile::public_view`]),
/// resolved, analysed and checked again.
pub fn public(checked: Checked, config: &Config, as_of: Option<NaiveDate>) -> Checked {
    let file = checked.incident.file.public_view();
    check_loaded(checked.source, file, config, as_of)
}

/// Load the config that governs `path` and open the incident under it.
pub fn open_with_discovered_config(
    path: &Path,
    as_of: Option<NaiveDate>,
) -> Result<(Config, Checked), Box<LoadFailure>> {
    let config = crate::load::config::for_path(path)?;
    let checked = open(path, &config, as_of)?;
    Ok((config, checked))
}
