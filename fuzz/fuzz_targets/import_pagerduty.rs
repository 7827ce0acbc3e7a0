//! Arbitrary bytes as a PagerDuty log-entries document: read it, merge its events into an
//! incident as `import --into` does, load that back and check it. Nothing is written to disk.
#![no_main]

mod common;

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(source) = postmortem::load::decode(Path::new("fuzz.json"), data.to_vec()) else { return };
    let Ok(timeline) = postmortem::import::pagerduty::read("fuzz.json", source.text()) else { return };
    common::merge_and_check(&timeline.events);
});
