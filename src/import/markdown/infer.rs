//! Inferences over the whole document: year, zone, the date it is about, the service.

use super::zones::zone_of_abbreviation;
use crate::model::raw::IncidentFile;
use crate::prose::{find_clock_times, find_dates};
use chrono::Utc;
use chrono_tz::Tz;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static SERVICE_IN_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:post[- ]?mortem:?\s+)?(.+?)\s+(?:incident\s+)?(?:post[- ]?mortem|incident report|incident review|outage report)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static SERVICE_IN_INTRO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^On [^,]{3,20},(?: \d{4},)? (.{2,60}?) (?:experienced|had|suffered|saw|was|were)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Shared inferences: the year, the date the text is about, the zone.
#[derive(Debug, Clone)]
pub(super) struct Context {
    pub(super) year: i32,
    pub(super) zone: Tz,
    pub(super) zone_abbreviation: Option<String>,
    /// The first date the document names (month, day), for times written without a date.
    pub(super) main_date: Option<(u32, u32)>,
}

impl Context {
    pub(super) fn infer(
        text: &str,
        title_lines: &[&str],
        default_zone: Tz,
        guesses: &mut Vec<String>,
    ) -> Context {
        let today = Utc::now().date_naive();
        let mut year = None;
        for (lines, source) in [(title_lines.join("\n"), "the title"), (text.to_string(), "the text")] {
            if let Some(date) = find_dates(&lines).into_iter().find(|d| d.year.is_some()) {
                year = date.year.map(|y| (y, format!("{source} (\"{}\")", date.phrase)));
                break;
            }
        }
        let (year, year_source) = year.unwrap_or_else(|| {
            use chrono::Datelike;
            (today.year(), "no year in the text; the current year".to_string())
        });
        let main_date =
            find_dates(&title_lines.join("\n")).into_iter().chain(find_dates(text)).next().map(|d| d.first);

        // The zone most times are written in.
        let mut counts: Vec<(String, usize)> = Vec::new();
        for clock in find_clock_times(text) {
            if let Some(zone) = clock.zone {
                match counts.iter_mut().find(|(z, _)| *z == zone) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((zone, 1)),
                }
            }
        }
        let heading_zone = TIMELINE_ZONE_RE
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_uppercase())
            .filter(|z| zone_of_abbreviation(z).is_some());
        let written = heading_zone.clone().or_else(|| {
            counts
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, n))| (*n, usize::MAX - i))
                .map(|(_, (z, _))| z.clone())
        });
        let (zone, zone_abbreviation, zone_source) = match written
            .as_deref()
            .and_then(|z| Some((z, zone_of_abbreviation(z)?)))
        {
            Some((abbreviation, (zone, _))) => (
                zone,
                Some(abbreviation.to_string()),
                if heading_zone.is_some() {
                    format!("the timeline heading (\"{abbreviation}\")")
                } else {
                    format!("the times in the text (\"{abbreviation}\")")
                },
            ),
            None => (default_zone, None, format!("no zone in the text; the default {}", default_zone.name())),
        };
        guesses.push(format!("year {year}, from {year_source}"));
        guesses.push(format!("time zone {}, from {zone_source}", zone.name()));
        Context { year, zone, zone_abbreviation, main_date }
    }
}

pub(super) static TIMELINE_ZONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\W*timeline\s*\((?:all times(?: are)?(?: in)?\s+)?([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)\)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

pub(super) fn finish_placeholders(file: &mut IncidentFile, guesses: &mut Vec<String>) {
    // Names are one visible line (check PM108): control characters from a garbled source go.
    for name in [&mut file.title, &mut file.service] {
        if name.chars().any(char::is_control) {
            *name = name.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
        }
    }
    if file.title.trim().is_empty() {
        file.title = "Imported post-mortem".to_string();
        guesses.push("no title found; set `title`".to_string());
    }
    if file.service.trim().is_empty() {
        file.service = "Unknown service".to_string();
        guesses.push("no service name found; set `service`".to_string());
    }
}
