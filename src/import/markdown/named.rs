//! Deployments a sentence names: the document's own deployments and services, the project's
//! catalogue, cloud-region codes ("us-east-1", "eu-west") and "the Frankfurt region / cluster /
//! data centre" phrases.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static REGION_CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z]{2,4}-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)(?:-\d{1,2})?\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static PLACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:the|our|in|for)\s+(?P<name>\p{Lu}[\p{L}\d-]*(?:\s\p{Lu}[\p{L}\d-]*){0,2})\s+(?P<kind>(?i:region|cluster|data ?cent(?:er|re)|datacenter|deployment|availability zone|site|shard|instance))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A deployment name found in a text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub(super) name: String,
    pub(super) range: Range<usize>,
}

/// Every deployment `text` names, in order: `known` names (matched whole-word, ignoring case),
/// then region codes and "the X region" phrases not inside a known name.
pub(super) fn names_in(text: &str, known: &[String]) -> Vec<Named> {
    let lower = text.to_lowercase();
    let mut found: Vec<Named> = Vec::new();
    for name in known.iter().filter(|n| n.trim().chars().count() >= 2) {
        let wanted = name.trim().to_lowercase();
        // Lower-casing keeps byte lengths for ASCII; other names are matched only when it does.
        if wanted.len() != name.trim().len() || lower.len() != text.len() {
            continue;
        }
        let mut from = 0;
        while let Some(at) = lower.get(from..).and_then(|rest| rest.find(&wanted)).map(|at| at + from) {
            let end = at + wanted.len();
            let before = lower.get(..at).and_then(|b| b.chars().next_back());
            let after = lower.get(end..).and_then(|a| a.chars().next());
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !word(before) && !word(after) {
                found.push(Named { name: name.trim().to_string(), range: at..end });
            }
            from = end;
        }
    }
    let overlaps = |range: &Range<usize>, found: &[Named]| {
        found.iter().any(|f| f.range.start < range.end && range.start < f.range.end)
    };
    for m in REGION_CODE_RE.find_iter(text) {
        if !overlaps(&m.range(), &found) {
            found.push(Named { name: m.as_str().to_string(), range: m.range() });
        }
    }
    for caps in PLACE_RE.captures_iter(text) {
        let (Some(whole), Some(name), Some(kind)) = (caps.get(0), caps.name("name"), caps.name("kind"))
        else {
            continue;
        };
        if !overlaps(&whole.range(), &found) {
            let kind = kind.as_str().to_lowercase();
            found.push(Named { name: format!("{} {kind}", name.as_str()), range: whole.range() });
        }
    }
    found.sort_by_key(|n| n.range.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, known: &[&str]) -> Vec<String> {
        let known: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        names_in(text, &known).into_iter().map(|n| n.name).collect()
    }

    #[test]
    fn known_names_regions_and_places() {
        assert_eq!(
            names("The EU cluster and Public Cloud were down", &["Public Cloud"]),
            ["EU cluster", "Public Cloud"]
        );
        assert_eq!(names("us-east-1 failed, then eu-west-2", &[]), ["us-east-1", "eu-west-2"]);
        assert_eq!(names("Errors in the Frankfurt region from 10:00", &[]), ["Frankfurt region"]);
        assert_eq!(names("Public Cloudy skies", &["Public Cloud"]), Vec::<String>::new());
        assert_eq!(names("nothing named here", &["API"]), Vec::<String>::new());
    }
}
