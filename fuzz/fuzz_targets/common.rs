//! Shared by the loader targets: the whole front half of every command on arbitrary bytes.

use std::path::Path;

use postmortem::load::{Syntax, decode, load_incident_text};
use postmortem::model::Config;

pub fn check_bytes(name: &str, bytes: &[u8], syntax: Syntax) {
    let path = Path::new(name);
    let source = match decode(path, bytes.to_vec()) {
        Ok(source) => source,
        Err(failure) => {
            let _ = failure.diagnostic.render_human(&failure.source);
            return;
        }
    };
    match load_incident_text(source, syntax) {
        Ok(loaded) => {
            let checked =
                postmortem::pipeline::check_loaded(loaded.source, loaded.value, &Config::default(), None);
            for diagnostic in &checked.diagnostics {
                let _ = diagnostic.render_human(&checked.source);
                let _ = diagnostic.to_json(&checked.source);
            }
        }
        Err(failure) => {
            let _ = failure.diagnostic.render_human(&failure.source);
        }
    }
}
