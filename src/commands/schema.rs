//! `postmortem schema`: print the JSON Schema of the incident format for editors and CI.

use std::io::Write;

use super::Outcome;
use crate::model::schema::incident_schema;
use crate::output::Failure;

pub fn run() -> Result<Outcome, Failure> {
    let text = serde_json::to_string_pretty(&incident_schema()).map_err(|e| {
        Failure::new(format!("cannot serialise the schema: {e}"))
            .help("this is a bug in postmortem; please report it")
    })?;
    let mut out = std::io::stdout();
    // A closed pipe (`postmortem schema | head`) is not a failure of the command.
    let _ = writeln!(out, "{text}");
    Ok(Outcome::Clean)
}
