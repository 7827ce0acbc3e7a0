//! The check catalogue: named checks with stable codes, grouped by family, run over a resolved
//! incident and its analysis.
//!
//! Families: `input` (reported by the loader and resolver), `structure`, `order`,
//! `consistency`, `prose`, `followup`. Each family file declares its checks and one `run`.

pub mod consistency;
pub mod followup;
mod hidden;
pub mod order;
pub mod prose;
pub mod structure;

use chrono::NaiveDate;

use crate::analysis::Analysis;
use crate::diagnostic::input;
pub use crate::diagnostic::{Check, Diagnostic, Level};
use crate::model::Config;
use crate::resolve::Incident;

/// What the checks look at.
pub struct Context<'a> {
    pub incident: &'a Incident,
    pub analysis: &'a Analysis,
    pub config: &'a Config,
    /// The date overdue actions are judged against.
    pub as_of: Option<NaiveDate>,
}

/// Every check, in code order.
pub fn catalogue() -> Vec<&'static Check> {
    [input::CHECKS, structure::CHECKS, order::CHECKS, consistency::CHECKS, prose::CHECKS, followup::CHECKS]
        .concat()
}

/// Look a check up by code (`PM301`) or name (`update-before-impact`), case-insensitively.
pub fn find(code_or_name: &str) -> Option<&'static Check> {
    catalogue()
        .into_iter()
        .find(|c| c.code.eq_ignore_ascii_case(code_or_name) || c.name.eq_ignore_ascii_case(code_or_name))
}

/// Run every family; diagnostics come back sorted by position in the file's lists.
pub fn run(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    structure::run(context, &mut found);
    // Listed with the structure family but run apart: PM109 is never an error, so the
    // report's errors-only pass leaves out its whole-file reading.
    hidden::control_characters(context, &mut found);
    order::run(context, &mut found);
    consistency::run(context, &mut found);
    prose::run(context, &mut found);
    followup::run(context, &mut found);
    found
}

/// Only the families that declare an error-level check: enough to decide whether a file is
/// usable (the report leaves out files with errors and needs no warnings or notes).
pub fn run_errors_only(context: &Context) -> Vec<Diagnostic> {
    type Family = (&'static [&'static Check], fn(&Context, &mut Vec<Diagnostic>));
    let families: [Family; 5] = [
        (structure::CHECKS, structure::run),
        (order::CHECKS, order::run),
        (consistency::CHECKS, consistency::run),
        (prose::CHECKS, prose::run),
        (followup::CHECKS, followup::run),
    ];
    let mut found = Vec::new();
    for (checks, run) in families {
        if checks.iter().any(|c| c.level == Level::Error) {
            run(context, &mut found);
        }
    }
    found.retain(|d| d.level() == Level::Error);
    found
}

/// For the families' unit tests: an incident written in TOML, run through load, resolve,
/// analysis and every check, so a threshold is tested the way a file meets it.
#[cfg(test)]
pub(crate) mod testing {
    use chrono::NaiveDate;

    use super::{Context, run};
    use crate::load::{Syntax, load_incident_text};
    use crate::model::Config;
    use crate::source::SourceFile;

    /// The codes of every check finding on `toml` (the loader's and resolver's included).
    pub fn codes(toml: &str, as_of: Option<NaiveDate>) -> Vec<&'static str> {
        let loaded = load_incident_text(SourceFile::new("test.toml", toml.to_string()), Syntax::Toml)
            .unwrap_or_else(|failure| panic!("test incident does not load: {}", failure.diagnostic.message));
        let config = Config::default();
        let (incident, mut found) = crate::resolve::resolve(loaded.value, &config);
        let analysis = crate::analysis::analyze(&incident, &config.counting);
        found.extend(run(&Context { incident: &incident, analysis: &analysis, config: &config, as_of }));
        found.iter().map(|d| d.check.code).collect()
    }

    /// Whether `code` is among the findings on `toml`.
    pub fn finds(code: &str, toml: &str) -> bool {
        codes(toml, None).contains(&code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let all = catalogue();
        for (i, check) in all.iter().enumerate() {
            assert!(check.code.starts_with("PM") && check.code.len() == 5, "{}", check.code);
            assert!(check.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", check.name);
            assert!(check.explanation.len() > 60, "{} needs a real explanation", check.code);
            for other in &all[i + 1..] {
                assert_ne!(check.code, other.code);
                assert_ne!(check.name, other.name);
            }
        }
        assert_eq!(find("pm301").map(|c| c.name), Some("update-before-impact"));
    }
}
