//! Small text helpers every layer shares, written once: plurals, truncation with an
//! ellipsis, slugs, and lists of names kept once each in first-seen order.

use std::fmt::Display;

/// "1 error", "2 warnings", "0 notes".
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, word: &str) -> String {
    if n == N::from(1) { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// `text` cut to at most `max_chars` characters, the last of them an ellipsis when anything
/// was cut (trailing spaces before it dropped).
pub fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The slug of an incident file name: lower-case ASCII words joined by hyphens, at most 60 characters; "incident" when nothing is left.
pub fn slug(title: &str) -> String {
    let words = slug_words(title);
    if words.is_empty() { "incident".to_string() } else { words }
}

/// Lowercase ASCII words of `title` joined by '-', at most 60 characters; empty when the title
/// has no ASCII letter or digit (callers choose their own fallback).
pub fn slug_words(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= 60 {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Each item once, in the order first seen: `A, B, A` gives `A, B`. (`Vec::dedup` only drops
/// repeats that stand next to each other.)
pub fn unique_in_order<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut kept: Vec<T> = Vec::new();
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1usize, "error"), "1 error");
        assert_eq!(plural(0usize, "warning"), "0 warnings");
        assert_eq!(plural(2u64, "hour"), "2 hours");
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_only_when_it_cuts() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("exactly10!", 10), "exactly10!");
        assert_eq!(truncate("a longer name here", 8), "a longe…");
        assert_eq!(truncate("ab cd", 4), "ab…");
        assert_eq!(truncate("日本語のテキスト", 4), "日本語…");
    }

    #[test]
    fn names_are_kept_once_in_first_seen_order() {
        assert_eq!(unique_in_order(["A", "B", "A", "C", "B"]), ["A", "B", "C"]);
        assert_eq!(unique_in_order(Vec::<String>::new()), Vec::<String>::new());
    }

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(slug("API is down"), "api-is-down");
        assert_eq!(slug("  SMS: délai (FCM)!! "), "sms-d-lai-fcm");
        assert_eq!(slug("日本"), "incident");
        assert_eq!(slug(""), "incident");
        assert!(slug(&"x".repeat(500)).len() <= 60);
    }
}
