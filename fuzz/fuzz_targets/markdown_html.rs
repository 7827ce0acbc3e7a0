//! Arbitrary text through the Markdown-to-HTML step of `render`, asserting the safety contract
//! in tests/integration/html_safety.rs on the result, with and without the chart figure.
#![no_main]

#[path = "../../tests/integration/html_safety.rs"]
mod html_safety;

use postmortem::render::markdown::to_html;

/// The trusted figure the chart marker is replaced by; removed before checking.
const FIGURE: &str = "<figure class=\"chart\"><svg></svg></figure>";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    html_safety::assert_safe(text, &to_html(text, None));
    let with_figure = to_html(text, Some(("[[chart]]", FIGURE)));
    html_safety::assert_safe(text, &with_figure.replace(FIGURE, ""));
});
