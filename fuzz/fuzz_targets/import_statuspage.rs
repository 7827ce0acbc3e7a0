//! Arbitrary bytes as a Statuspage export: parse and convert, serialise each incident as
//! `import` would write it, load that back and check it. Nothing is written to disk.
#![no_main]

mod common;

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(source) = postmortem::load::decode(Path::new("fuzz.json"), data.to_vec()) else { return };
    let existing = postmortem::import::statuspage::Existing::default();
    let Ok(converted) = postmortem::import::statuspage::convert_document("fuzz.json", source.text(), &existing)
    else {
        return;
    };
    for incident in &converted.incidents {
        let text = postmortem::import::statuspage::to_toml(incident).expect("an incident serialises as TOML");
        common::check_imported(&incident.file_name, text);
    }
});
