//! Arbitrary bytes as a Markdown or plain-text post-mortem: import, serialise as `import`
//! would write it, load that back and check it. Nothing is written to disk.
#![no_main]

mod common;

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(source) = postmortem::load::decode(Path::new("fuzz.md"), data.to_vec()) else { return };
    let imported = postmortem::import::markdown::import(source.text(), chrono_tz::Tz::UTC);
    let text = postmortem::import::markdown::to_toml(Path::new("fuzz.md"), &imported)
        .expect("an imported incident serialises as TOML");
    common::check_imported("fuzz.toml", text);
});
