//! Inferences over the whole document: year, zone, the date it is about, the service.

use super::short;
use crate::model::raw::IncidentFile;
use crate::prose::find_clock_times;
use crate::prose::{FoundDate, find_all_dates, url_date};
use crate::time::{zone_of_written_abbreviation, zone_written};
use chrono::{Datelike, Utc};
use chrono_tz::Tz;
use regex::Regex;
use std::cell::RefCell;
use std::sync::LazyLock;

pub(super) static SERVICE_IN_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:subject|re|fwd?):\s*)?(?:[^:]{1,30}:\s+)?(?:post[- ]?mortem|incident report|outage report)\s+(?:for|of|on)\s+(?:the\s+)?(.+?)(?:\s+(?:service|outage|incident))?\s*$|^(?:(?:subject|re|fwd?):\s*)?(?:post[- ]?mortem:?\s+)?(.+?)\s+(?:incident\s+)?(?:post[- ]?mortem|incident report|incident review|outage report)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
pub(super) static SERVICE_IN_INTRO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^On [^,]{3,20},(?: \d{4},)? (.{2,60}?) (?:experienced|had|suffered|saw|was|were)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

static MONTH_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+((?:19|20)\d{2})\b")
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
    /// Warnings found while reading times (an abbreviation that contradicts its date).
    pub(super) warnings: RefCell<Vec<String>>,
}

impl Context {
    /// Record a warning once.
    pub(super) fn warn(&self, warning: String) {
        let mut warnings = self.warnings.borrow_mut();
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }

    /// The year, zone and main date of a document. `front` is its front matter's title and
    /// date, when it has them.
    pub(super) fn infer(
        text: &str,
        title_lines: &[&str],
        front_date: Option<&str>,
        default_zone: Tz,
        guesses: &mut Vec<String>,
        warnings: &mut Vec<String>,
    ) -> Context {
        let titles = title_lines.join("\n");
        let title_dates = find_all_dates(&titles);
        let text_dates = find_all_dates(text);
        let front = front_date.and_then(|d| find_all_dates(d).into_iter().next());
        let phrase = |source: &str, d: &FoundDate| {
            format!("{source} ({:04}-{:02}-{:02})", d.year.unwrap_or(0), d.month, d.day)
        };
        let year = title_dates
            .iter()
            .find(|d| d.year.is_some())
            .map(|d| phrase("the title", d))
            .zip(title_dates.iter().find_map(|d| d.year))
            .or_else(|| {
                let d = text_dates.iter().find(|d| d.year.is_some())?;
                Some((phrase("a date in the text", d), d.year?))
            })
            .or_else(|| Some((phrase("the front matter's date", front.as_ref()?), front.as_ref()?.year?)))
            .or_else(|| {
                let d = url_date(text)?;
                Some((phrase("a date in a link", &d), d.year?))
            })
            .or_else(|| {
                // "Availability report: April 2024": a month and year without a day.
                let caps = MONTH_YEAR_RE.captures(&titles).or_else(|| MONTH_YEAR_RE.captures(text))?;
                let year: i32 = caps.get(1)?.as_str().parse().ok()?;
                Some((format!("\"{}\"", caps.get(0)?.as_str()), year))
            });
        let year = match year {
            Some((source, year)) => {
                guesses.push(format!("year {year}, from {source}"));
                year
            }
            None => {
                let year = Utc::now().date_naive().year();
                warnings.push(format!(
                    "no year anywhere in the document (text, title, front matter or links): read as {year}, the current year; correct the dates"
                ));
                year
            }
        };
        let main_date =
            title_dates.first().or(text_dates.first()).or(front.as_ref()).map(|d| (d.month, d.day));
        let (zone, zone_abbreviation) = infer_zone(text, default_zone, guesses, warnings);
        Context { year, zone, zone_abbreviation, main_date, warnings: RefCell::new(Vec::new()) }
    }
}

/// "all times are in UTC", "(times in PDT)", "(*all times US/Pacific*)", "Timeline (PT)".
static ZONE_SENTENCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?i:\btimes?\b)[^\n.;:()]{0,24}?\s(?i:in|are|is|as|shown in|given in|listed in)?\s*|(?i:timeline|times?)\s*\(\s*)[*_]*(?P<z>[A-Z][A-Za-z]+/[A-Za-z_]+|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5}\b|(?i:eastern|pacific|central|mountain)\b)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The zone a document's times are written in: a sentence or heading that says so, else the
/// zone most of its times name, else the default (with a warning).
fn infer_zone(
    text: &str,
    default_zone: Tz,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> (Tz, Option<String>) {
    let stated = ZONE_SENTENCE_RE.captures_iter(text).find_map(|caps| {
        let written = caps.name("z")?.as_str().replace(' ', "");
        let (zone, _) = zone_written(&written)?;
        Some((zone, written, caps.get(0)?.as_str().trim().to_string()))
    });
    if let Some((zone, written, sentence)) = stated {
        guesses.push(format!("time zone {}, from \"{}\"", zone.name(), short(&sentence)));
        let abbreviation = zone_of_written_abbreviation(&written).is_some().then_some(written);
        return (zone, abbreviation);
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for clock in find_clock_times(text) {
        if let Some(zone) = clock.zone.filter(|z| zone_of_written_abbreviation(z).is_some()) {
            match counts.iter_mut().find(|(z, _)| *z == zone) {
                Some((_, n)) => *n += 1,
                None => counts.push((zone, 1)),
            }
        }
    }
    let most =
        counts.iter().enumerate().max_by_key(|(i, (_, n))| (*n, usize::MAX - i)).map(|(_, (z, _))| z.clone());
    match most.and_then(|z| Some((zone_of_written_abbreviation(&z)?.0, z))) {
        Some((zone, abbreviation)) => {
            guesses
                .push(format!("time zone {}, from the times in the text (\"{abbreviation}\")", zone.name()));
            (zone, Some(abbreviation))
        }
        None => {
            warnings.push(format!(
                "no time zone anywhere in the document: times read as {}; set `timezone` if they were local",
                default_zone.name()
            ));
            guesses.push(format!("time zone {}, the default: the document names none", default_zone.name()));
            (default_zone, None)
        }
    }
}

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
