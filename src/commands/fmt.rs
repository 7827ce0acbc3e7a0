//! `postmortem fmt`: rewrite incident files in the canonical order, or with `--check` list the
//! ones that are not (for CI and pre-commit hooks). A file that does not load is reported and
//! left alone; the other files are still formatted.

use std::path::Path;

use super::Outcome;
use crate::cli::FmtArgs;
use crate::load::canonical::{chronological_order, format_json, format_toml};
use crate::load::discover::{ConfigCache, incident_files_found};
use crate::load::{self, Syntax};
use crate::output::{Failure, rewrite_file};
use crate::reporter::{self, print};

/// Whether a file is already in canonical form.
enum FileState {
    Unchanged,
    Changed(String),
}

pub fn run(args: &FmtArgs) -> Result<Outcome, Failure> {
    let found = incident_files_found(&args.files)?;
    reporter::print_to_stderr(&found.notes());
    let files = found.files;
    let configs = ConfigCache::default();
    let (mut failed, mut unformatted, mut rewritten) = (false, 0usize, 0usize);
    for file in &files {
        match formatted(file, &configs) {
            Err(failure) => {
                failed = true;
                reporter::print_error(&failure);
            }
            Ok(FileState::Unchanged) => {}
            Ok(FileState::Changed(_)) if args.check => {
                unformatted += 1;
                print(&format!("not formatted: {}\n", file.display()))?;
            }
            Ok(FileState::Changed(text)) => match rewrite_file(file, text.as_bytes()) {
                Ok(()) => {
                    rewritten += 1;
                    print(&format!("formatted {}\n", file.display()))?;
                }
                Err(failure) => {
                    failed = true;
                    reporter::print_error(&failure);
                }
            },
        }
    }
    if args.check && unformatted > 0 {
        print(&format!(
            "{unformatted} of {} file(s) not in canonical order; run `postmortem fmt` on them\n",
            files.len()
        ))?;
    } else if !args.check && rewritten == 0 && !failed {
        print(&format!("{} file(s) already formatted\n", files.len()))?;
    }
    Ok(if failed {
        Outcome::Failed
    } else if unformatted > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The canonical text of `path`, or why it cannot be formatted.
fn formatted(path: &Path, configs: &ConfigCache) -> Result<FileState, Failure> {
    let loaded = load::load_incident(path)?;
    let config = configs.for_file(path)?;
    let original = loaded.source.text().to_string();
    let (incident, _) = crate::resolve::resolve(loaded.value, &config);
    let order = chronological_order(&incident.event_times);
    let text = match Syntax::of_path(path) {
        // The file loaded, so its syntax is sound: a failure here is a bug.
        Syntax::Toml => format_toml(&original, &order)
            .map_err(|e| Failure::internal(format!("cannot format `{}`: {e}", path.display())))?,
        Syntax::Json => format_json(&incident.file, &order)
            .map_err(|e| Failure::internal(format!("cannot format `{}`: {e}", path.display())))?,
    };
    Ok(if text == original { FileState::Unchanged } else { FileState::Changed(text) })
}
