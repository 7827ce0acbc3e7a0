//! Arbitrary bytes as one day file of a Slack export: read its messages (timestamps, threads,
//! mrkdwn), merge the events into an incident as `import --into` does, load that back and
//! check it. Nothing is written to disk.
#![no_main]

mod common;

use std::path::Path;

use postmortem::import::slack::{Options, events_of_day};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(source) = postmortem::load::decode(Path::new("fuzz.json"), data.to_vec()) else { return };
    let options = Options {
        channel: "inc".to_string(),
        since: None,
        until: None,
        pinned: false,
        reaction: None,
        zone: chrono_tz::Tz::America__New_York,
    };
    let Ok(timeline) = events_of_day("fuzz.json", source.text(), &options) else { return };
    common::merge_and_check(&timeline.events);
});
