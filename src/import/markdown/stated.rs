//! Impact windows as authors state them: Google-SRE markers on timeline entries (OUTAGE BEGINS
//! / OUTAGE ENDS / INCIDENT BEGINS / ..., as many times as the outage came back) and sentences
//! in the prose (every window each states). The deployment comes from the sentence when it names
//! one, the status from its wording; a window stated twice (in the summary and by the markers)
//! is one window.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::Regex;

use super::clock::timestamp_text;
use super::impact::status_words;
use super::infer::Context;
use super::named::{Named, names_in};
use super::sentences::{Found, IMPACT_WORDS_RE, sentences, windows_in};
use super::{add_deployment, short};
use crate::model::ImpactStatus;
use crate::model::raw::{Impact, IncidentFile};
use crate::time;

static BEGINS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:OUTAGE|INCIDENT|IMPACT) (?:BEGINS|BEGAN|STARTS|STARTED)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ENDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:OUTAGE|INCIDENT|IMPACT) (?:ENDS|ENDED|RESOLVED)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
/// "| Incident start | 2024-02-29 22:40 UTC |", "Impact began: 10:02 UTC": a stated bound.
static START_KEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*\|?\s*[*_]*(?:incident|impact|outage|downtime|disruption)\s+(?:start(?:ed)?|began|begins|start time)[*_]*\s*[|:]\s*[*_]*(?P<v>[^|\n]+?)[*_]*\s*\|?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static END_KEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*\|?\s*[*_]*(?:incident|impact|outage|downtime|disruption)\s+(?:end(?:ed)?|ends|end time|resolved)[*_]*\s*[|:]\s*[*_]*(?P<v>[^|\n]+?)[*_]*\s*\|?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static MITIGATED_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bOUTAGE MITIGATED\b").unwrap_or_else(|e| unreachable!("{e}")));

/// A window found, before it is added: whether its deployment was named, where it was read,
/// and the sections (by index) that state it.
struct Stated {
    impact: Impact,
    named: bool,
    source: String,
    sections: Vec<usize>,
}

/// Every window the markers and the prose state, merged, added to `file`; `catalogue` is the
/// project's deployments a sentence may name. Returns the sections that state a window added.
pub(super) fn stated_windows(
    file: &mut IncidentFile,
    context: &Context,
    catalogue: &[String],
    update_texts: &[String],
    guesses: &mut Vec<String>,
) -> Vec<usize> {
    let default = default_deployment(file);
    let mut stated = from_markers(file, &default);
    let mut known: Vec<String> = file.deployments.clone();
    known.extend(catalogue.iter().cloned());
    // Each text with the section it is the body of.
    let texts: Vec<(Option<usize>, String)> = file
        .intro
        .iter()
        .chain(file.summary.iter())
        .map(|t| (None, t))
        .chain(file.sections.iter().enumerate().map(|(i, s)| (Some(i), &s.body)))
        .chain(file.resolution.iter().chain(update_texts.iter()).map(|t| (None, t)))
        .map(|(section, text)| (section, text.clone()))
        .collect();
    let in_section = |section: Option<usize>, mut window: Stated| {
        window.sections.extend(section);
        window
    };
    stated.extend(texts.iter().find_map(|(section, text)| {
        Some(in_section(*section, from_keys(text, context, file.summary.as_deref(), &default)?))
    }));
    for (section, text) in &texts {
        for sentence in sentences(text) {
            if IMPACT_WORDS_RE.is_match(sentence) {
                let found = from_sentence(sentence, text, context, &known, &default);
                stated.extend(found.into_iter().map(|window| in_section(*section, window)));
            }
        }
    }
    let mut read_from = Vec::new();
    for window in merged(stated, context, guesses) {
        add_deployment(file, &window.impact.deployment);
        file.impact.push(window.impact);
        read_from.extend(window.sections);
    }
    read_from.sort_unstable();
    read_from.dedup();
    read_from
}

/// The deployment of a window whose text names none: the document's only deployment, else its
/// service.
fn default_deployment(file: &IncidentFile) -> String {
    match file.deployments.as_slice() {
        [only] => only.clone(),
        _ if !file.service.trim().is_empty() => file.service.clone(),
        _ => PLACEHOLDER.to_string(),
    }
}

/// The deployment of windows in a document that names no service.
const PLACEHOLDER: &str = "Service";

/// One `major_outage` window per BEGINS marker, to the next ENDS (else MITIGATED) marker before
/// the following BEGINS; open when none follows.
fn from_markers(file: &IncidentFile, deployment: &str) -> Vec<Stated> {
    let mut out = Vec::new();
    let events = &file.events;
    let starts: Vec<usize> = (0..events.len()).filter(|&i| BEGINS_RE.is_match(&events[i].text)).collect();
    for (n, &start) in starts.iter().enumerate() {
        let until = starts.get(n + 1).copied().unwrap_or(events.len());
        let between = || events.iter().enumerate().skip(start).take(until - start);
        let end = between()
            .find(|(_, e)| ENDS_RE.is_match(&e.text))
            .or_else(|| between().find(|(_, e)| MITIGATED_RE.is_match(&e.text)))
            .map(|(_, e)| e.at.clone());
        let Some(begins) = events.get(start) else { continue };
        out.push(Stated {
            impact: Impact {
                deployment: deployment.to_string(),
                status: ImpactStatus::MajorOutage,
                planned: false,
                start: Some(begins.at.clone()),
                end,
                duration: None,
                tz: None,
                text: None,
            },
            named: false,
            source: "the timeline's markers".to_string(),
            sections: Vec::new(),
        });
    }
    out
}

/// The windows one sentence states, each with the deployment named nearest before it (else
/// the one named for the window before, else the first named anywhere in the sentence, else
/// `default`) and the status its clause words.
fn from_sentence(
    sentence: &str,
    paragraph: &str,
    context: &Context,
    known: &[String],
    default: &str,
) -> Vec<Stated> {
    let found = windows_in(sentence, context);
    let names = names_in(sentence, known);
    let mut previous: Option<String> = None;
    let mut out = Vec::new();
    for (n, window) in found.iter().enumerate() {
        let floor = n.checked_sub(1).and_then(|p| found.get(p)).map_or(0, |w| w.range.end);
        let ceiling = found.get(n + 1).map_or(sentence.len(), |w| w.range.start);
        // The words before the window (after the one before it) say its status, else those after.
        let before = sentence.get(floor..window.range.end).unwrap_or_default();
        let after = sentence.get(window.range.end..ceiling.max(window.range.end)).unwrap_or_default();
        let status = status_words(before)
            .or_else(|| status_words(after))
            .or_else(|| status_words(sentence))
            .or_else(|| status_words(paragraph))
            .unwrap_or(ImpactStatus::MajorOutage);
        let named = nearest(&names, window, floor)
            .or(previous.clone())
            .or_else(|| names.first().map(|n| n.name.clone()));
        previous = named.clone();
        out.push(Stated {
            impact: impact_of(window, status, named.as_deref().unwrap_or(default), sentence, context),
            named: named.is_some(),
            source: format!("\"{}\"", short(sentence.trim())),
            sections: Vec::new(),
        });
    }
    out
}

/// A window from key-value lines ("Incident start: …" and "Incident end: …", or table rows),
/// its status from the summary's wording.
fn from_keys(text: &str, context: &Context, summary: Option<&str>, deployment: &str) -> Option<Stated> {
    let value = |re: &Regex| Some(re.captures(text)?.name("v")?.as_str().trim().to_string());
    let (start, end) = (value(&START_KEY_RE)?, value(&END_KEY_RE)?);
    let stated = format!("{start} to {end}");
    let window = windows_in(&stated, context).into_iter().next()?;
    let status = summary.and_then(status_words).unwrap_or(ImpactStatus::MajorOutage);
    let mut impact = impact_of(&window, status, deployment, &stated, context);
    impact.text = None;
    let source = format!("the stated start and end ({})", short(&stated));
    Some(Stated { impact, named: false, source, sections: Vec::new() })
}

/// The name written last before the window's end, after the window before it.
fn nearest(names: &[Named], window: &Found, floor: usize) -> Option<String> {
    names
        .iter()
        .rev()
        .find(|n| n.range.start >= floor && n.range.end <= window.range.end)
        .map(|n| n.name.clone())
}

fn impact_of(
    window: &Found,
    status: ImpactStatus,
    deployment: &str,
    sentence: &str,
    context: &Context,
) -> Impact {
    Impact {
        deployment: deployment.to_string(),
        planned: status == ImpactStatus::UnderMaintenance,
        status,
        start: Some(timestamp_text(window.start, context.zone)),
        end: Some(timestamp_text(window.end, context.zone)),
        duration: None,
        tz: None,
        text: Some(sentence.trim().to_string()),
    }
}

/// The windows to add: one per distinct window. A window stated again with the same bounds
/// (in the summary and by the markers) is kept once, under the deployment a sentence named and
/// with the sentence's status and text; one inside another window of the same deployment and
/// status adds nothing and is left out. Each kept window is listed as a guess.
fn merged(stated: Vec<Stated>, context: &Context, guesses: &mut Vec<String>) -> Vec<Stated> {
    let bounds = |i: &Impact| -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let read = |t: &Option<String>| t.as_deref().and_then(|t| time::parse_instant(t, context.zone).ok());
        (read(&i.start), read(&i.end))
    };
    let mut kept: Vec<Stated> = Vec::new();
    for window in stated {
        let same = kept.iter_mut().find(|k| {
            bounds(&k.impact) == bounds(&window.impact)
                && (k.impact.deployment == window.impact.deployment || !k.named || !window.named)
        });
        match same {
            Some(existing) => {
                let mut sections = std::mem::take(&mut existing.sections);
                sections.extend(&window.sections);
                if window.named && !existing.named || existing.impact.text.is_none() {
                    let source = format!("{} and {}", existing.source, window.source);
                    *existing = Stated { source, sections, ..window };
                } else {
                    existing.source = format!("{} and {}", existing.source, window.source);
                    existing.sections = sections;
                }
            }
            None => kept.push(window),
        }
    }
    let inside = |i: usize| {
        let window = kept.get(i)?;
        let (Some(s), Some(e)) = bounds(&window.impact) else { return None };
        kept.iter().enumerate().find_map(|(j, k)| {
            let (ks, ke) = bounds(&k.impact);
            (j != i
                && k.impact.deployment == window.impact.deployment
                && k.impact.status == window.impact.status
                && ks.is_some_and(|ks| ks <= s)
                && ke.is_some_and(|ke| e <= ke))
            .then_some(&k.impact)
        })
    };
    let mut added = Vec::new();
    for (i, window) in kept.iter().enumerate() {
        let impact = &window.impact;
        let span = format!(
            "{} to {}",
            impact.start.as_deref().unwrap_or("(not stated)"),
            impact.end.as_deref().unwrap_or("(no end: still open)")
        );
        if let Some(outer) = inside(i) {
            guesses.push(format!(
                "the window {span} read from {} lies inside \"{}\"'s window from {}: not added again",
                window.source,
                outer.deployment,
                outer.start.as_deref().unwrap_or("")
            ));
            continue;
        }
        guesses.push(format!(
            "\"{}\"{}: `{}` window {span}, read from {}",
            impact.deployment,
            match (window.named, impact.deployment.as_str()) {
                (true, _) => " (named in the text)",
                (false, PLACEHOLDER) => " (a placeholder: the document names no service or deployment)",
                (false, _) => " (the document's service)",
            },
            impact.status.as_str(),
            window.source
        ));
        added.push(i);
    }
    kept.into_iter().enumerate().filter(|(i, _)| added.contains(i)).map(|(_, window)| window).collect()
}
