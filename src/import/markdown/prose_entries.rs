//! Timelines written as prose, as availability reports do: "At 14:12 UTC our monitoring
//! detected a backlog. The on-call engineer was paged at 14:15 UTC. We identified the cause at
//! 14:38 UTC and reverted it at 14:51 UTC." Each time stated is an entry with its clause.

use std::sync::LazyLock;

use regex::Regex;

use super::sentences::sentences;
use crate::prose::{StatedClock, find_clock_times};

/// A paragraph that opens with "At 14:12", "By 09:30", "Around 3 PM".
static PROSE_OPENING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:at|by|around|shortly after|just after|just before)\s+(?:about\s+|approximately\s+|~)?\d",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});
/// Where a clause with a second time starts: after " and " or a comma.
static CLAUSE_START_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:,\s+|\s+and\s+|;\s+)").unwrap_or_else(|e| unreachable!("{e}")));

/// The entries of a prose paragraph: each clock with the clause that states it; a sentence
/// without a time joins the entry before it. None unless the paragraph opens with a time and
/// states more than one.
pub(super) fn prose_entries(paragraph: &str) -> Option<Vec<(StatedClock, String)>> {
    let paragraph = paragraph.trim();
    if !PROSE_OPENING_RE.is_match(paragraph) || find_clock_times(paragraph).len() < 2 {
        return None;
    }
    let mut entries: Vec<(StatedClock, String)> = Vec::new();
    for sentence in sentences(paragraph) {
        let clocks = find_clock_times(sentence);
        if clocks.is_empty() {
            if let Some((_, text)) = entries.last_mut() {
                text.push(' ');
                text.push_str(sentence.trim());
            }
            continue;
        }
        let mut from = 0;
        for (i, clock) in clocks.iter().enumerate() {
            // The clause of this time ends where the next time's clause starts.
            let end = clocks.get(i + 1).map_or(sentence.len(), |next| {
                let between = sentence.get(clock.range.end..next.range.start).unwrap_or_default();
                CLAUSE_START_RE
                    .find_iter(between)
                    .last()
                    .map_or(next.range.start, |m| clock.range.end + m.start())
            });
            let text = sentence.get(from..end).unwrap_or_default().trim();
            let text = text.trim_start_matches([',', ';']).trim();
            let text = text.strip_prefix("and ").unwrap_or(text);
            entries.push((clock.clone(), capitalised(text)));
            from = end;
        }
    }
    Some(entries)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_time_of_a_prose_paragraph_is_an_entry() {
        let entries = prose_entries(
            "At 14:12 UTC our monitoring detected a backlog. The on-call engineer was paged at 14:15 UTC. \
             We identified the cause at 14:38 UTC and reverted it at 14:51 UTC. It drained soon after.",
        )
        .expect("prose");
        let read: Vec<(u32, u32, &str)> =
            entries.iter().map(|(c, t)| (c.hour, c.minute, t.as_str())).collect();
        assert_eq!(
            read,
            [
                (14, 12, "At 14:12 UTC our monitoring detected a backlog."),
                (14, 15, "The on-call engineer was paged at 14:15 UTC."),
                (14, 38, "We identified the cause at 14:38 UTC"),
                (14, 51, "Reverted it at 14:51 UTC. It drained soon after."),
            ]
        );
        assert!(prose_entries("- 14:12 Alert. Paged at 14:15.").is_none());
        assert!(prose_entries("At 14:12 UTC the alert fired.").is_none());
    }
}
