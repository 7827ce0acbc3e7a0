//! Readers of what prose states: durations, clock times, dates and the numbers in them, each
//! with the tolerance its wording implies. The prose checks and the Markdown importer read text
//! through these.

mod clock;
mod date;
mod duration;
mod escapes;
mod number;
mod written_date;

use regex::Regex;

pub use clock::{StatedClock, find_clock_times};
pub use date::{StatedDate, find_dates};
pub use duration::{Qualifier, StatedDuration, find_durations};
pub use escapes::mask_control_sequences;
pub use written_date::{FoundDate, find_all_dates, url_date};

/// Gaps longer than this cannot be a connective such as ", " or " on ", so
/// regexes are never run over large stretches of text.
const MAX_GAP: usize = 16;

fn gap_matches(text: &str, from: usize, to: usize, re: &Regex) -> bool {
    to.checked_sub(from).is_some_and(|n| n <= MAX_GAP)
        && text.get(from..to).is_some_and(|gap| re.is_match(gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_panics() {
        let odd = [
            "",
            "0",
            "1234567890",
            "99999999999999999999 hours",
            "99999999999999999999:99",
            "🔥7h🔥 ~ 14:55🚨 July 4 😀 2026-07-04",
            "h:mm",
            "~",
            "~~~",
            "approx.",
            "and a half hours",
            "July",
            "2026-",
            "ſ7ſ 7K 7 ſecs",
            "7.",
            "7.12345 hours",
            "1:",
            "12:3",
            "T14:55",
        ];
        let mixed = "Approximately ~7h 10m — from 2:50pm PDT to 14:55Z on June 30 – July 2, 2026; 🧯 é 2026-07-03 to 2026-07-04 ½ hour";
        let mut inputs: Vec<&str> = odd.to_vec();
        let cuts: Vec<usize> = mixed.char_indices().map(|(i, _)| i).chain([mixed.len()]).collect();
        for &a in &cuts {
            for &b in cuts.iter().filter(|&&b| b >= a).step_by(3) {
                inputs.push(&mixed[a..b]);
            }
        }
        for text in inputs {
            for d in find_durations(text) {
                assert_eq!(text.get(d.range.clone()), Some(d.phrase.as_str()));
                let _ = d.is_supported_by(i64::MIN);
                let _ = d.accepted_range();
            }
            for c in find_clock_times(text) {
                assert_eq!(text.get(c.range.clone()), Some(c.phrase.as_str()));
            }
            for d in find_dates(text) {
                assert_eq!(text.get(d.range.clone()), Some(d.phrase.as_str()));
            }
        }
    }
}
