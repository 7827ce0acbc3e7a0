//! Arbitrary bytes as a TOML incident file: load, resolve, analyse, check, print diagnostics.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check_bytes("fuzz.toml", data, postmortem::load::Syntax::Toml);
});
