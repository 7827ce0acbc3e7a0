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

/// Imported events merged into a small incident (a zone with a DST fold, comments), as
/// `import --into` does: the edited text must load back, and is then checked.
pub fn merge_and_check(events: &[postmortem::edit::NewEvent]) {
    let base = "# An incident.\nformat = 1\ntitle = \"T\"\nservice = \"S\"\ntimezone = \"America/New_York\" # zone\n\n[[events]]\nat = \"2026-11-01 01:30-04:00\"\ntext = \"first\"\n";
    let loaded = load_incident_text(SourceFile::new(Path::new("base.toml"), base.to_string()), Syntax::Toml)
        .expect("the base incident loads");
    let (incident, _) = postmortem::resolve::resolve(loaded.value, &Config::default());
    let merge = postmortem::edit::plan::merge(&incident, events).expect("the base has a zone");
    let text = postmortem::edit::toml::apply(base, &merge.edits).expect("edits apply to the base");
    assert!(text.starts_with("# An incident.\n"), "comments kept: {text}");
    check_imported("merged.toml", text);
}
