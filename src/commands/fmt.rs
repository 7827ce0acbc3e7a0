//! `postmortem fmt`: rewrite incident files in the canonical order, or with `--check` list the
//! ones that are not (for CI and pre-commit hooks). A file that does not load is reported and
//! left alone; the other files are still formatted.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::cli::FmtArgs;
use crate::load::canonical::{chronological_order, format_json, format_toml};
use crate::load::discover::{ConfigCache, incident_files};
use crate::load::{self, Syntax};

use crate::output::{Failure, Overwrite, write_atomic};

/// Whether a file is already in canonical form.
enum FileState {
    Unchanged,
    Changed(String),
}

pub fn run(args: &FmtArgs) -> Result<Outcome, Failure> {
    let files = incident_files(&args.files)?;
    let configs = ConfigCache::default();
    let mut out = anstream::stdout();
    let mut err = anstream::stderr();
    let (mut failed, mut unformatted, mut rewritten) = (false, 0usize, 0usize);
    for file in &files {
        match formatted(file, &configs) {
            Err(message) => {
                failed = true;
                let _ = write!(err, "{message}");
            }
            Ok(FileState::Unchanged) => {}
            Ok(FileState::Changed(_)) if args.check => {
                unformatted += 1;
                let _ = writeln!(out, "not formatted: {}", file.display());
            }
            Ok(FileState::Changed(text)) => match write_atomic(file, text.as_bytes(), Overwrite::Allow) {
                Ok(()) => {
                    rewritten += 1;
                    let _ = writeln!(out, "formatted {}", file.display());
                }
                Err(failure) => {
                    failed = true;
                    crate::output::print_failure(&failure);
                }
            },
        }
    }
    if args.check && unformatted > 0 {
        let _ = writeln!(
            out,
            "{unformatted} of {} file(s) not in canonical order; run `postmortem fmt` on them",
            files.len()
        );
    } else if !args.check && rewritten == 0 && !failed {
        let _ = writeln!(out, "{} file(s) already formatted", files.len());
    }
    Ok(if failed {
        Outcome::Failed
    } else if unformatted > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The canonical text of `path`, or the rendered diagnostic saying why it cannot be formatted.
fn formatted(path: &Path, configs: &ConfigCache) -> Result<FileState, String> {
    let render = |failure: &load::LoadFailure| failure.diagnostic.render_human(&failure.source);
    let loaded = load::load_incident(path).map_err(|f| render(&f))?;
    let config = configs.for_file(path).map_err(|f| render(&f))?;
    let original = loaded.source.text().to_string();
    let (incident, _) = crate::resolve::resolve(loaded.value, &config);
    let order = chronological_order(&incident.event_times);
    let text = match Syntax::of_path(path) {
        Syntax::Toml => format_toml(&original, &order)
            .map_err(|e| format!("error: cannot format `{}`: {e}\n", path.display()))?,
        Syntax::Json => format_json(&incident.file, &order)
            .map_err(|e| format!("error: cannot format `{}`: {e}\n", path.display()))?,
    };
    Ok(if text == original { FileState::Unchanged } else { FileState::Changed(text) })
}
