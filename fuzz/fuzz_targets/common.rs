//! Shared by the targets: the whole front half of every command on arbitrary bytes, and the
//! importers' promise that what they write loads back.
#![allow(dead_code)]

use std::path::Path;

use postmortem::load::{Syntax, decode, load_incident_text};
use postmortem::model::Config;
use postmortem::source::SourceFile;

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

/// The text an importer is about to write must load as an incident file (the `import` command
/// reports anything else as a bug in the importer); then it is checked like any other file.
pub fn check_imported(name: &str, text: String) {
    let source = SourceFile::new(Path::new(name), text);
    match load_incident_text(source, Syntax::Toml) {
        Ok(loaded) => {
            let checked =
                postmortem::pipeline::check_loaded(loaded.source, loaded.value, &Config::default(), None);
            for diagnostic in &checked.diagnostics {
                let _ = diagnostic.render_human(&checked.source);
            }
        }
        Err(failure) => panic!(
            "imported text does not load back: {}\n--- text ---\n{}",
            failure.diagnostic.render_human(&failure.source),
            failure.source.text()
        ),
    }
}
