//! `postmortem schema`: print the JSON Schema of the incident format for editors and CI.

use super::Outcome;
use crate::model::schema::incident_schema;
use crate::output::Failure;
use crate::reporter::print_raw;

pub fn run() -> Result<Outcome, Failure> {
    let text = serde_json::to_string_pretty(&incident_schema())
        .map_err(|e| Failure::internal(format!("cannot serialise the schema: {e}")))?;
    print_raw(format!("{text}\n").as_bytes())?;
    Ok(Outcome::Clean)
}
