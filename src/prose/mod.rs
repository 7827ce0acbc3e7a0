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

/// A month's name as prose writes it, whole or shortened ("Jun", "Sept"): the date readers'
/// regex alternation, to be matched case-insensitively.
const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// The month (1–12) a name matched by [`MONTHS`] stands for, by its first three letters.
fn month_number(name: &str) -> Option<u32> {
    name.get(..3)?.parse::<chrono::Month>().ok().map(|month| month.number_from_month())
}

fn gap_matches(text: &str, from: usize, to: usize, re: &Regex) -> bool {
    to.checked_sub(from).is_some_and(|n| n <= MAX_GAP)
        && text.get(from..to).is_some_and(|gap| re.is_match(gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_spelling_the_readers_match_has_its_number() {
        let whole = Regex::new(&format!("(?i)^(?:{MONTHS})$")).expect("regex");
        let spellings = [
            ("jan", 1),
            ("January", 1),
            ("FEB", 2),
            ("february", 2),
            ("Mar", 3),
            ("March", 3),
            ("apr", 4),
            ("April", 4),
            ("May", 5),
            ("jun", 6),
            ("June", 6),
            ("Jul", 7),
            ("JULY", 7),
            ("aug", 8),
            ("August", 8),
            ("Sep", 9),
            ("Sept", 9),
            ("september", 9),
            ("oct", 10),
            ("October", 10),
            ("Nov", 11),
            ("November", 11),
            ("dec", 12),
            ("December", 12),
        ];
        for (name, number) in spellings {
            assert!(whole.is_match(name), "{name}");
            assert_eq!(month_number(name), Some(number), "{name}");
        }
        // Too short, no month, and a long s that case-insensitive regexes match as "s".
        for name in ["", "ja", "jab", "ſept"] {
            assert_eq!(month_number(name), None, "{name}");
        }
    }

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
