//! Importing a post-mortem written as Markdown or plain text (for example copied from a status
//! page) into an incident file. Headings become fields, timeline items events, impact lines
//! windows, action lists actions and status-page blocks updates. Everything it infers (a year, a
//! zone, a status, a milestone) is listed as a guess; text it cannot place is kept as a section.

use std::path::Path;
use std::sync::LazyLock;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use regex::Regex;

use crate::checks::prose_scan::{StatedClock, find_clock_times, find_dates, find_durations};
use crate::model::raw::{Action, Event, FORMAT, Impact, IncidentFile, Section, Update};
use crate::model::{ActionKind, ActionStatus, ImpactStatus, Mark, UpdateStatus};
use crate::output::Failure;
use crate::time;

/// An incident read from a document, with what had to be guessed and what went wrong.
#[derive(Debug, Clone)]
pub struct Imported {
    pub file: IncidentFile,
    /// Inferences a reviewer should confirm ("year 2026 from the title").
    pub guesses: Vec<String>,
    /// Problems: no recognisable section, an empty file, text kept as a section.
    pub warnings: Vec<String>,
}

/// What a heading announces.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Preamble,
    Summary,
    Impact,
    Timeline,
    RootCause,
    Resolution,
    LessonsLearned,
    Actions,
    Closing,
    Acknowledgements,
    /// "Status updates": the heading over the status-page blocks a rendered post-mortem ends with.
    StatusUpdates,
    /// A status-page block: its label ("Resolved", "Updated") and its date line.
    Update {
        label: String,
        at: String,
    },
    /// A heading the format has no field for; kept as a section.
    Other,
}

#[derive(Debug, Clone)]
struct Segment {
    part: Part,
    heading: String,
    lines: Vec<String>,
    /// "Affected services" listed under a status-page block.
    affected: Vec<String>,
    /// Whether an "Affected services" line has been seen (the list may be empty).
    has_affected: bool,
}

impl Segment {
    fn new(part: Part, heading: impl Into<String>) -> Segment {
        Segment {
            part,
            heading: heading.into(),
            lines: Vec::new(),
            affected: Vec::new(),
            has_affected: false,
        }
    }

    fn has_text(&self) -> bool {
        self.lines.iter().any(|l| !l.trim().is_empty())
    }
}

static MD_HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$").unwrap_or_else(|e| unreachable!("{e}"))
});
static LIST_MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+").unwrap_or_else(|e| unreachable!("{e}")));
static EMPHASIS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*|__|`").unwrap_or_else(|e| unreachable!("{e}")));
static SERVICE_IN_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:post[- ]?mortem:?\s+)?(.+?)\s+(?:incident\s+)?(?:post[- ]?mortem|incident report|incident review|outage report)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static SERVICE_IN_INTRO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^On [^,]{3,20},(?: \d{4},)? (.{2,60}?) (?:experienced|had|suffered|saw|was|were)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static LEADING_SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s—–:|,.)\]-]+").unwrap_or_else(|e| unreachable!("{e}")));
static ACTION_NOTES_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s\(([^()]*)\)\s*$").unwrap_or_else(|e| unreachable!("{e}")));

/// Sentences the rendered post-mortem writes itself; recognised so they do not come back as
/// text of their own.
const TEMPLATE_SENTENCES: [&str; 5] = [
    "the incident affected deployments as follows",
    "the following improvements are being implemented",
    "duration, computed from the impact windows",
    "planned maintenance, reported apart",
    "timeline chart of the",
];

fn heading_part(text: &str) -> Option<Part> {
    let lower = text.trim().trim_end_matches(':').trim().to_lowercase();
    // "Timeline (UTC)", "Impact (all times PDT)": the parenthesis qualifies the heading.
    let base = lower.split('(').next().unwrap_or("").trim();
    Some(match base {
        "summary" | "overview" | "incident summary" | "executive summary" | "what happened" => Part::Summary,
        "impact" | "customer impact" | "user impact" | "impact on customers" => Part::Impact,
        "timeline" | "incident timeline" | "chronology" | "sequence of events" => Part::Timeline,
        "root cause" | "root causes" | "root cause analysis" | "cause" | "why it happened" => Part::RootCause,
        "resolution" | "resolution and recovery" | "recovery" | "remediation" | "mitigation" => {
            Part::Resolution
        }
        "lessons learned" | "lessons" | "what we learned" | "learnings" => Part::LessonsLearned,
        "preventive actions"
        | "preventative actions"
        | "action items"
        | "actions"
        | "follow-up actions"
        | "follow-ups"
        | "follow up actions"
        | "corrective actions"
        | "next steps"
        | "what we are doing"
        | "improvements" => Part::Actions,
        "closing" | "closing remarks" | "conclusion" | "in closing" => Part::Closing,
        "acknowledgements" | "acknowledgments" | "thanks" | "thank you" => Part::Acknowledgements,
        "status updates" | "status page updates" | "updates" => Part::StatusUpdates,
        _ => return None,
    })
}

/// The status of a status-page block label, when the label is one.
fn update_label(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    Some(match lower.as_str() {
        "resolved" => "resolved",
        "monitoring" => "monitoring",
        "identified" => "identified",
        "investigating" => "investigating",
        "update" | "updated" => "updated",
        "created" => "created",
        "postmortem" | "post-mortem" => "postmortem",
        "scheduled" => "scheduled",
        "in progress" => "in_progress",
        "verifying" => "verifying",
        "completed" => "completed",
        _ => return None,
    })
}

/// A line that is a status-page date, such as "Jul 4, 2026 at 11:32pm UTC".
fn is_status_date(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 60 {
        return false;
    }
    let dates = find_dates(line);
    let clocks = find_clock_times(line);
    let (Some(date), Some(clock)) = (dates.first(), clocks.first()) else {
        return false;
    };
    date.year.is_some() && date.range.start <= 1 && clock.range.end + 1 >= line.len()
}

fn is_affected_services(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    lower == "affected services" || lower == "affected components"
}

/// Split the document into segments by headings and status-page blocks.
fn segment(lines: &[&str]) -> Vec<Segment> {
    let mut segments = vec![Segment::new(Part::Preamble, "")];
    let mut last_update: Option<usize> = None;
    let mut in_affected = false;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        let trimmed = line.trim();
        let heading = MD_HEADING_RE
            .captures(line)
            .and_then(|c| Some((c.get(1)?.as_str().len(), c.get(2)?.as_str().to_string())));
        // A status-page block's label may be a Markdown heading ("### Resolved").
        let label_text = heading.as_ref().map_or(trimmed, |(_, title)| title.as_str());
        if let Some(label) = update_label(label_text)
            && let Some(next) = lines.get(i)
            && is_status_date(next)
        {
            i += 1;
            segments.push(Segment::new(
                Part::Update { label: label.to_string(), at: next.trim().to_string() },
                label_text,
            ));
            last_update = Some(segments.len() - 1);
            in_affected = false;
            continue;
        }
        if is_affected_services(trimmed) {
            // The list belongs to the latest status-page block, even after the post-mortem's
            // sections (a published post-mortem is the body of its update).
            if let Some(update) = last_update.and_then(|u| segments.get_mut(u)) {
                update.has_affected = true;
                in_affected = true;
                continue;
            }
        }
        if in_affected && heading.is_some() {
            in_affected = false;
        }
        if in_affected {
            if trimmed.is_empty() {
                continue;
            }
            if let Some(update) = last_update.and_then(|u| segments.get_mut(u)) {
                update.affected.push(LIST_MARKER_RE.replace(trimmed, "").trim().to_string());
                continue;
            }
        }
        let bold = trimmed
            .strip_prefix("**")
            .and_then(|t| t.strip_suffix("**"))
            .filter(|t| !t.contains("**") && t.len() < 60)
            .map(str::to_string);
        let plain = (trimmed.len() < 60 && heading_part(trimmed).is_some()).then(|| trimmed.to_string());
        match (heading, bold.or(plain)) {
            (Some((1, title)), _) if segments.len() == 1 && !segments.iter().any(Segment::has_text) => {
                // The document's own title: kept with the preamble.
                if let Some(preamble) = segments.first_mut() {
                    preamble.heading = title;
                }
            }
            (Some((_, title)), _) | (None, Some(title)) => {
                let part = heading_part(&title).unwrap_or(Part::Other);
                segments.push(Segment::new(part, title));
            }
            (None, None) => {
                if let Some(current) = segments.last_mut() {
                    current.lines.push(line.to_string());
                }
            }
        }
    }
    segments
}

/// Paragraphs of a segment's lines as Markdown: blank lines separate paragraphs; in a document
/// without blank lines (text copied from a web page) every line is a paragraph.
fn body(lines: &[String], line_paragraphs: bool) -> String {
    let mut out = String::new();
    let mut previous_list = false;
    let mut pending_blank = false;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        let is_list = LIST_MARKER_RE.is_match(trimmed);
        if !out.is_empty() {
            let separator =
                if pending_blank || (line_paragraphs && !(is_list && previous_list)) { "\n\n" } else { "\n" };
            out.push_str(separator);
        }
        out.push_str(if line_paragraphs { trimmed.trim() } else { trimmed });
        previous_list = is_list;
        pending_blank = false;
    }
    out
}

fn is_template_sentence(line: &str) -> bool {
    let lower = line.to_lowercase();
    TEMPLATE_SENTENCES.iter().any(|s| lower.contains(s)) || lower.trim_start().starts_with("![")
}

/// A zone abbreviation as written, read into an IANA zone and, where the abbreviation fixes
/// it, the offset it stands for.
fn zone_of_abbreviation(abbreviation: &str) -> Option<(Tz, Option<i32>)> {
    let hours = |h: f64| Some((h * 3600.0) as i32);
    let (name, offset) = match abbreviation {
        "UTC" | "GMT" | "Z" => ("UTC", hours(0.0)),
        "PDT" => ("America/Los_Angeles", hours(-7.0)),
        "PST" => ("America/Los_Angeles", hours(-8.0)),
        "PT" => ("America/Los_Angeles", None),
        "MDT" => ("America/Denver", hours(-6.0)),
        "MST" => ("America/Denver", hours(-7.0)),
        "MT" => ("America/Denver", None),
        "CDT" => ("America/Chicago", hours(-5.0)),
        "CST" => ("America/Chicago", hours(-6.0)),
        "CT" => ("America/Chicago", None),
        "EDT" => ("America/New_York", hours(-4.0)),
        "EST" => ("America/New_York", hours(-5.0)),
        "ET" => ("America/New_York", None),
        "AKDT" => ("America/Anchorage", hours(-8.0)),
        "AKST" => ("America/Anchorage", hours(-9.0)),
        "HST" => ("Pacific/Honolulu", hours(-10.0)),
        "BST" => ("Europe/London", hours(1.0)),
        "WET" => ("Europe/Lisbon", hours(0.0)),
        "WEST" => ("Europe/Lisbon", hours(1.0)),
        "CET" => ("Europe/Berlin", hours(1.0)),
        "CEST" => ("Europe/Berlin", hours(2.0)),
        "EET" => ("Europe/Helsinki", hours(2.0)),
        "EEST" => ("Europe/Helsinki", hours(3.0)),
        "MSK" => ("Europe/Moscow", hours(3.0)),
        "IST" => ("Asia/Kolkata", hours(5.5)),
        "SGT" => ("Asia/Singapore", hours(8.0)),
        "HKT" => ("Asia/Hong_Kong", hours(8.0)),
        "AWST" => ("Australia/Perth", hours(8.0)),
        "JST" => ("Asia/Tokyo", hours(9.0)),
        "KST" => ("Asia/Seoul", hours(9.0)),
        "ACST" => ("Australia/Adelaide", hours(9.5)),
        "AEST" => ("Australia/Sydney", hours(10.0)),
        "AEDT" => ("Australia/Sydney", hours(11.0)),
        "NZST" => ("Pacific/Auckland", hours(12.0)),
        "NZDT" => ("Pacific/Auckland", hours(13.0)),
        other => return offset_zone(other),
    };
    Some((time::parse_zone(name).ok()?, offset))
}

/// "UTC+2", "+02:00": a fixed offset; whole hours also name an `Etc/GMT` zone.
fn offset_zone(text: &str) -> Option<(Tz, Option<i32>)> {
    let rest = text.strip_prefix("UTC").or_else(|| text.strip_prefix("GMT")).unwrap_or(text);
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let (hours, minutes): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits.get(..1)?.parse().ok()?, digits.get(1..)?.parse().ok()?),
        4 => (digits.get(..2)?.parse().ok()?, digits.get(2..)?.parse().ok()?),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    let offset = sign * (hours * 3600 + minutes * 60);
    // Etc/GMT zones have the POSIX sign: Etc/GMT-2 is two hours east.
    let zone = if minutes == 0 {
        let name = if hours == 0 {
            "UTC".to_string()
        } else {
            format!("Etc/GMT{}{hours}", if sign > 0 { '-' } else { '+' })
        };
        time::parse_zone(&name).ok()?
    } else {
        Tz::UTC
    };
    Some((zone, Some(offset)))
}

/// Shared inferences: the year, the date the text is about, the zone.
#[derive(Debug, Clone)]
struct Context {
    year: i32,
    zone: Tz,
    zone_abbreviation: Option<String>,
    /// The first date the document names (month, day), for times written without a date.
    main_date: Option<(u32, u32)>,
}

impl Context {
    fn infer(text: &str, title_lines: &[&str], default_zone: Tz, guesses: &mut Vec<String>) -> Context {
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

static TIMELINE_ZONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\W*timeline\s*\((?:all times(?: are)?(?: in)?\s+)?([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)\)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A time read from text, in UTC, and how its date was found.
#[derive(Debug, Clone, Copy)]
struct ReadTime {
    instant: DateTime<Utc>,
    date: NaiveDate,
    date_written: bool,
}

/// Read a clock with its date (written, else `fallback`) in its zone (written, else the
/// context's).
fn read_clock(
    clock: &StatedClock,
    year: Option<i32>,
    fallback: Option<NaiveDate>,
    context: &Context,
) -> Option<ReadTime> {
    let (date, date_written) = match clock.date {
        Some((month, day)) => (NaiveDate::from_ymd_opt(year.unwrap_or(context.year), month, day)?, true),
        None => (fallback?, false),
    };
    let wall = date.and_time(NaiveTime::from_hms_opt(clock.hour, clock.minute, 0)?);
    let (zone, offset) = match clock.zone.as_deref().and_then(zone_of_abbreviation) {
        Some(found) => found,
        None => (
            context.zone,
            context.zone_abbreviation.as_deref().and_then(zone_of_abbreviation).and_then(|z| z.1),
        ),
    };
    let instant = match offset {
        Some(seconds) => {
            FixedOffset::east_opt(seconds)?.from_local_datetime(&wall).single()?.with_timezone(&Utc)
        }
        None => time::resolve_local(wall, zone).ok()?,
    };
    Some(ReadTime { instant, date, date_written })
}

/// The timestamp text for the file: wall clock in the file's zone when that reads back to the
/// same instant, else RFC 3339 in UTC.
fn timestamp_text(instant: DateTime<Utc>, zone: Tz) -> String {
    let wall = instant.with_timezone(&zone).naive_local();
    let text = wall.format("%Y-%m-%d %H:%M").to_string();
    if time::parse_instant(&text, zone).is_ok_and(|back| back == instant) {
        text
    } else {
        instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

/// A timeline line read into a time and text.
#[derive(Debug)]
struct TimelineItem {
    time: ReadTime,
    text: String,
}

fn strip_list_marker(line: &str) -> &str {
    match LIST_MARKER_RE.find(line) {
        Some(m) => line.get(m.end()..).unwrap_or(line),
        None => line.trim_start(),
    }
}

/// "July 3, 16:00 — text", "2026-07-03 16:00 UTC - text", "16:00 PDT: text", "**14:55** text",
/// "| 14:55 | text |".
fn timeline_item(line: &str, previous: Option<&ReadTime>, context: &Context) -> Option<TimelineItem> {
    let item = strip_list_marker(line.trim());
    let item = item.trim_start_matches('|').trim_end_matches('|');
    let clean = EMPHASIS_RE.replace_all(item, "").replace(" | ", " — ");
    let clocks = find_clock_times(&clean);
    let clock = clocks.first()?;
    let head = clean.get(..clock.range.start)?;
    if head.len() > 40 {
        return None;
    }
    // What comes before the time must be a date (or nothing).
    let head_dates = find_dates(head);
    let leftover: String = {
        let mut rest = head.to_string();
        for date in head_dates.iter().rev() {
            rest.replace_range(date.range.clone(), "");
        }
        rest
    };
    if leftover.chars().any(char::is_alphanumeric) && !leftover.trim().eq_ignore_ascii_case("at") {
        return None;
    }
    let year = head_dates.iter().find_map(|d| d.year);
    let mut clock = clock.clone();
    if clock.date.is_none() {
        clock.date = head_dates.first().map(|d| d.first);
    }
    let fallback = previous
        .map(|p| p.date)
        .or_else(|| context.main_date.and_then(|(m, d)| NaiveDate::from_ymd_opt(context.year, m, d)));
    let mut time = read_clock(&clock, year, fallback, context)?;
    // A time earlier than the one before it, with no date of its own, is past midnight.
    if !time.date_written
        && let Some(previous) = previous
        && time.instant < previous.instant
        && let Some(next_day) = time.date.checked_add_days(Days::new(1))
        && let Some(later) =
            read_clock(&clock, Some(chrono::Datelike::year(&next_day)), Some(next_day), context)
    {
        time = later;
    }
    let rest = clean.get(clock.range.end..)?;
    let text = LEADING_SEPARATOR_RE.replace(rest, "").trim().to_string();
    (!text.is_empty()).then_some(TimelineItem { time, text })
}

/// Milestones a timeline text announces, by its wording.
fn marks_in(text: &str) -> Vec<Mark> {
    static RULES: LazyLock<Vec<(Mark, Regex)>> = LazyLock::new(|| {
        [
            (Mark::ImpactStart, r"(?i)\b(became|become|went|go) (unavailable|down|unreachable)\b|\boutage (began|started)\b|\bstarted failing\b"),
            (Mark::Detected, r"(?i)\b(alert(s|ed)? (fired|triggered)|detected|noticed|paged|first reports?|reported by)\b"),
            (Mark::Acknowledged, r"(?i)\b(acknowledged|on-call (engineer )?(began|started) (investigating|working))\b"),
            (Mark::Identified, r"(?i)\b(identified|root cause (was )?(found|determined)|cause was found)\b"),
            (Mark::Mitigated, r"(?i)\b(mitigat\w*|workaround|restored|rolled back|failed over)\b"),
            (Mark::Recovered, r"(?i)\b(returned to normal|fully recovered|back to normal|services? (are |is )?(fully )?operational|recovered)\b"),
            (Mark::Resolved, r"(?i)\b(incident (was )?(resolved|closed)|marked (as )?resolved)\b"),
        ]
        .into_iter()
        .filter_map(|(mark, pattern)| Some((mark, Regex::new(pattern).ok()?)))
        .collect()
    });
    RULES.iter().filter(|(_, re)| re.is_match(text)).map(|(mark, _)| *mark).collect()
}

static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(deploy(ed|ment)?|roll(ed)? ?out|migration|maintenance (was )?completed|config(uration)? change|upgrade[d]?|release[d]?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static MAINTENANCE_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(scheduled|planned)\b.{0,40}\bmaintenance\b.{0,20}\b(began|begins|started|starts|commenced)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static MAINTENANCE_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmaintenance\b.{0,20}\b(completed|ended|finished|concluded)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static INTERRUPTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)interruption|downtime|unavailab|outage").unwrap_or_else(|e| unreachable!("{e}"))
});

/// The impact status a description implies; None for "No impact".
fn impact_status(text: &str) -> Option<ImpactStatus> {
    let lower = text.to_lowercase();
    let no_impact = ["no impact", "not affected", "unaffected", "no customer impact", "none"];
    if no_impact.iter().any(|p| lower.trim_end_matches('.').trim() == *p || lower.starts_with(p)) {
        return None;
    }
    Some(if lower.contains("maintenance") {
        ImpactStatus::UnderMaintenance
    } else if ["partial", "some customers", "some requests", "intermittent", "elevated error"]
        .iter()
        .any(|w| lower.contains(w))
    {
        ImpactStatus::PartialOutage
    } else if [
        "unavailable",
        "outage",
        " down",
        "could not",
        "inaccessible",
        "unreachable",
        "failed",
        "not available",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        ImpactStatus::MajorOutage
    } else {
        ImpactStatus::DegradedPerformance
    })
}

const ACTION_KINDS: [ActionKind; 4] =
    [ActionKind::Prevent, ActionKind::Detect, ActionKind::Mitigate, ActionKind::Process];

fn action_kind(text: &str) -> ActionKind {
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["monitor", "alert", "detect", "alarm", "observability", "dashboard"]) {
        ActionKind::Detect
    } else if has(&["prevent", "eliminate", "avoid", "replace", "remove", "static", "redundan"]) {
        ActionKind::Prevent
    } else if has(&[
        "review",
        "validation",
        "validate",
        "runbook",
        "process",
        "training",
        "document",
        "checklist",
        "procedure",
        "post-maintenance",
    ]) {
        ActionKind::Process
    } else if has(&["mitigat", "failover", "fallback", "roll back", "rollback", "recover"]) {
        ActionKind::Mitigate
    } else {
        ActionKind::Prevent
    }
}

/// An action line: its text, and the "(owner: x, due 2026-08-15, in progress, https://...)" the
/// rendered post-mortem appends.
fn action(line: &str) -> Action {
    let text = strip_list_marker(line.trim());
    let text = text.strip_prefix("[ ] ").or_else(|| text.strip_prefix("[x] ")).unwrap_or(text).trim();
    let mut action = Action {
        text: text.to_string(),
        kind: action_kind(text),
        status: ActionStatus::Open,
        owner: None,
        due: None,
        ticket: None,
    };
    if let Some(caps) = ACTION_NOTES_RE.captures(text)
        && let (Some(whole), Some(notes)) = (caps.get(0), caps.get(1))
    {
        let mut understood = true;
        let mut parsed = action.clone();
        // "(prevent; owner: sam, due 2027-02-01)": the kind first, when the renderer wrote it.
        let mut notes = notes.as_str();
        let mut kind = None;
        let head = notes.split_once("; ").map_or(notes, |(head, _)| head);
        if let Some(stated) = ACTION_KINDS.iter().copied().find(|k| k.as_str() == head.trim()) {
            kind = Some(stated);
            notes = notes.split_once("; ").map_or("", |(_, rest)| rest);
        }
        for note in notes.split(", ").filter(|n| !n.trim().is_empty()) {
            let note = note.trim();
            if let Some(owner) = note.strip_prefix("owner: ") {
                parsed.owner = Some(owner.to_string());
            } else if let Some(due) = note.strip_prefix("due ").filter(|d| time::parse_date(d).is_ok()) {
                parsed.due = Some(due.to_string());
            } else if note == "in progress" {
                parsed.status = ActionStatus::InProgress;
            } else if note == "done" {
                parsed.status = ActionStatus::Done;
            } else if note == "won't do" {
                parsed.status = ActionStatus::WontDo;
            } else if note.starts_with("http://") || note.starts_with("https://") {
                parsed.ticket = Some(note.to_string());
            } else {
                understood = false;
            }
        }
        if understood {
            parsed.text = text.get(..whole.start()).unwrap_or(text).trim().to_string();
            parsed.kind = kind.unwrap_or_else(|| action_kind(&parsed.text));
            action = parsed;
        }
    }
    action
}

/// Import a document. `name` is used in messages; `default_zone` applies when the text names no zone.
pub fn import(text: &str, default_zone: Tz) -> Imported {
    let mut guesses = Vec::new();
    let mut warnings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    let line_paragraphs = !lines.iter().any(|l| l.trim().is_empty());
    let mut segments = segment(&lines);

    let mut file = IncidentFile { format: FORMAT, ..IncidentFile::default() };
    let recognised = segments.iter().any(|s| !matches!(s.part, Part::Preamble | Part::Other));
    if text.trim().is_empty() {
        warnings.push("the file is empty; the incident has only placeholders".to_string());
    } else if !recognised {
        warnings.push("no recognisable section (Summary, Impact, Timeline, Root Cause, ...); all the text is kept as a section".to_string());
        file.title = first_words(&text);
        guesses.push(format!("title \"{}\" from the first line", file.title));
        file.sections.push(Section {
            title: "Imported text".to_string(),
            body: body(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>(), line_paragraphs),
            internal: false,
        });
        finish_placeholders(&mut file, &mut guesses);
        return Imported { file, guesses, warnings };
    }

    // The status-page title is the line right before the first status-page block.
    let first_update = segments.iter().position(|s| matches!(s.part, Part::Update { .. }));
    if first_update == Some(1)
        && let Some(preamble) = segments.first_mut()
        && let Some(last) = preamble.lines.iter().rposition(|l| !l.trim().is_empty())
    {
        file.title = preamble.lines.remove(last).trim().to_string();
    }
    // The update whose block holds the post-mortem's sections is the post-mortem update; its
    // own lines are the document's opening.
    let mut postmortem_update = None;
    for (i, s) in segments.iter().enumerate() {
        if matches!(s.part, Part::Update { .. })
            && segments
                .get(i + 1)
                .is_some_and(|next| !matches!(next.part, Part::Update { .. } | Part::Preamble))
        {
            postmortem_update = Some(i);
            break;
        }
    }
    let mut opening: Vec<String> = Vec::new();
    let mut document_title = segments.first().map(|s| s.heading.clone()).unwrap_or_default();
    if let Some(preamble) = segments.first() {
        opening.extend(preamble.lines.iter().cloned());
    }
    if let Some(update) = postmortem_update.and_then(|i| segments.get(i)) {
        opening.extend(update.lines.iter().cloned());
    }
    // A first opening line that names the post-mortem is the document title.
    if document_title.is_empty()
        && let Some(first) = opening.iter().position(|l| !l.trim().is_empty())
        && opening.get(first).is_some_and(|l| {
            SERVICE_IN_TITLE_RE.is_match(l.trim()) || (file.title.is_empty() && l.len() < 100)
        })
    {
        document_title = opening.remove(first).trim().to_string();
    }

    let title_lines = [file.title.as_str(), document_title.as_str()];
    let context = Context::infer(&text, &title_lines, default_zone, &mut guesses);

    // Service: from the document title, else the opening sentence.
    let service = SERVICE_IN_TITLE_RE
        .captures(&document_title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .or_else(|| {
            opening
                .iter()
                .find_map(|l| SERVICE_IN_INTRO_RE.captures(l.trim())?.get(1).map(|m| m.as_str().to_string()))
        });
    if let Some(service) = service {
        guesses.push(format!("service \"{service}\" from the document's title or opening"));
        file.service = service;
    }
    if file.title.is_empty() {
        file.title = document_title.clone();
        if !file.title.is_empty() {
            guesses.push(format!("title \"{}\" from the document's heading", file.title));
        }
    } else if !document_title.is_empty() {
        guesses.push(format!(
            "\"{document_title}\" read as the document's heading (the rendered post-mortem writes it)"
        ));
    }
    file.timezone = Some(context.zone.name().to_string());

    // Opening paragraphs: thanks go to acknowledgements, the rest is the intro.
    let (thanks, intro): (Vec<String>, Vec<String>) =
        opening.into_iter().filter(|l| !l.trim().is_empty()).partition(|l| {
            let lower = l.trim().to_lowercase();
            lower.starts_with("thank")
                || lower.starts_with("we appreciate")
                || lower.starts_with("we would like to thank")
        });
    set_text(&mut file.intro, body(&intro, true));
    set_text(&mut file.acknowledgements, body(&thanks, true));

    let mut impact_lines: Vec<String> = Vec::new();
    let mut timeline_lines: Vec<String> = Vec::new();
    let mut updates: Vec<(usize, Segment)> = Vec::new();
    for (i, segment) in segments.into_iter().enumerate() {
        let text = body(&segment.lines, line_paragraphs);
        match &segment.part {
            Part::Preamble => {}
            Part::Summary => append(&mut file.summary, text),
            Part::RootCause => append(&mut file.root_cause, text),
            Part::Resolution => append(&mut file.resolution, text),
            Part::LessonsLearned => append(&mut file.lessons_learned, text),
            Part::Closing => append(&mut file.closing, text),
            Part::Acknowledgements => append(&mut file.acknowledgements, text),
            Part::Impact => impact_lines.extend(segment.lines.iter().cloned()),
            Part::Timeline => timeline_lines.extend(segment.lines.iter().cloned()),
            Part::Actions => {
                let mut kept = Vec::new();
                for line in &with_continuations(&segment.lines) {
                    if line.trim().is_empty() {
                        continue;
                    }
                    if LIST_MARKER_RE.is_match(line) {
                        let action = action(line);
                        guesses.push(format!(
                            "action \"{}\" is `{}`, status `{}`",
                            short(&action.text),
                            action.kind.as_str(),
                            action.status.as_str()
                        ));
                        file.actions.push(action);
                    } else if is_template_sentence(line) {
                        guesses.push(format!("skipped the template sentence \"{}\"", short(line.trim())));
                    } else {
                        kept.push(line.clone());
                    }
                }
                keep_section(&mut file, &segment.heading, &kept, line_paragraphs, &mut warnings);
            }
            Part::StatusUpdates => {
                keep_section(&mut file, &segment.heading, &segment.lines, line_paragraphs, &mut warnings)
            }
            Part::Update { .. } => {
                if Some(i) == postmortem_update {
                    updates.push((i, Segment { lines: Vec::new(), ..segment }));
                } else {
                    updates.push((i, segment));
                }
            }
            Part::Other => {
                let kept: Vec<String> =
                    segment.lines.iter().filter(|l| !is_template_sentence(l)).cloned().collect();
                if kept.iter().any(|l| !l.trim().is_empty()) {
                    file.sections.push(Section {
                        title: segment.heading.trim().to_string(),
                        body: body(&kept, line_paragraphs),
                        internal: false,
                    });
                } else if !segment.heading.trim().is_empty() {
                    warnings.push(format!(
                        "heading \"{}\" has no text; kept as an empty section",
                        segment.heading.trim()
                    ));
                    file.sections
                        .push(Section { title: segment.heading.trim().to_string(), body: String::new(), internal: false });
                }
            }
        }
    }

    let stated_windows =
        read_impact(&impact_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    read_timeline(&timeline_lines, &context, &mut file, line_paragraphs, &mut guesses, &mut warnings);
    // A document that states its windows (or milestones) says all of them: nothing is inferred.
    if !stated_windows {
        infer_maintenance(&mut file, &context, &mut guesses);
    }
    read_updates(updates, postmortem_update, &context, &mut file, &mut guesses, &mut warnings);
    if file.events.iter().any(|e| !e.marks.is_empty()) {
        guesses.push("milestones as the timeline states them; none inferred from wording".to_string());
    } else {
        mark_milestones(&mut file, &context, &mut guesses);
    }
    finish_placeholders(&mut file, &mut guesses);
    Imported { file, guesses, warnings }
}

/// List items with their indented continuation lines joined on ("- Replace DHCP …\n  (prevent)"
/// is one item).
fn with_continuations(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in lines {
        let continues = in_item
            && !line.trim().is_empty()
            && (line.starts_with(' ') || line.starts_with('\t'))
            && !LIST_MARKER_RE.is_match(line);
        match out.last_mut() {
            Some(item) if continues => {
                item.push(' ');
                item.push_str(line.trim());
            }
            _ => {
                in_item = LIST_MARKER_RE.is_match(line);
                out.push(line.clone());
            }
        }
    }
    out
}

/// The incident as TOML, headed by where it came from and the guesses to review.
pub fn to_toml(input: &Path, imported: &Imported) -> Result<String, Failure> {
    let body = toml::to_string_pretty(&imported.file).map_err(|e| {
        Failure::new(format!("cannot write the incident imported from `{}` as TOML: {e}", input.display()))
            .help("this is a bug in postmortem; please report it with the input file")
    })?;
    let mut text = format!(
        "# Imported from {} by `postmortem import --from markdown`.\n",
        super::comment_text(&input.display().to_string())
    );
    let notes =
        imported.warnings.iter().map(|w| format!("warning: {w}")).chain(imported.guesses.iter().cloned());
    let mut first = true;
    for note in notes {
        if first {
            text.push_str("# Review what was guessed:\n");
            first = false;
        }
        // Guesses quote the input.
        text.push_str(&format!("# - {}\n", super::comment_text(&note)));
    }
    text.push_str(&body);
    Ok(text)
}

fn first_words(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("Imported post-mortem");
    let line = MD_HEADING_RE.captures(line).and_then(|c| c.get(2)).map_or(line, |m| m.as_str());
    line.chars().take(100).collect::<String>().trim().to_string()
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

fn set_text(field: &mut Option<String>, text: String) {
    if !text.trim().is_empty() {
        *field = Some(text);
    }
}

fn append(field: &mut Option<String>, text: String) {
    if text.trim().is_empty() {
        return;
    }
    *field = Some(match field.take() {
        Some(existing) => format!("{existing}\n\n{text}"),
        None => text,
    });
}

fn keep_section(
    file: &mut IncidentFile,
    heading: &str,
    lines: &[String],
    line_paragraphs: bool,
    warnings: &mut Vec<String>,
) {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    let title = format!("{} (not imported)", heading.trim());
    warnings.push(format!(
        "text under \"{}\" that is not a list item is kept as the section \"{title}\"",
        heading.trim()
    ));
    file.sections.push(Section { title, body: body(lines, line_paragraphs), internal: false });
}

fn add_deployment(file: &mut IncidentFile, name: &str) {
    if !file.deployments.iter().any(|d| d == name) {
        file.deployments.push(name.to_string());
    }
}

/// "Public Cloud Server — SMSGate API was unavailable from 14:55 UTC to 22:05 UTC on July 4.",
/// with the window lines a rendered post-mortem nests under it. Returns whether any window was
/// stated in such lines (the document then says all its windows; nothing is inferred).
fn read_impact(
    lines: &[String],
    context: &Context,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> bool {
    let mut kept = Vec::new();
    let mut stated_windows = false;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.trim().is_empty() {
            continue;
        }
        if is_template_sentence(line) {
            guesses.push(format!("skipped the template sentence \"{}\"", short(line.trim())));
            continue;
        }
        let item = strip_list_marker(line.trim());
        let split = [" — ", " – ", ": ", " - "].iter().find_map(|sep| item.split_once(sep));
        let Some((name, description)) =
            split.filter(|(n, _)| LIST_MARKER_RE.is_match(line) && n.len() <= 60 && !n.trim().is_empty())
        else {
            kept.push(line.clone());
            continue;
        };
        let name = EMPHASIS_RE.replace_all(name, "").trim().to_string();
        let description = description.trim().to_string();
        add_deployment(file, &name);
        let mut windows = Vec::new();
        while let Some(next) = lines.get(i)
            && is_nested_item(next)
            && let Some(window) = window_line(strip_list_marker(next.trim()), &name, context)
        {
            windows.push(window);
            i += 1;
        }
        if !windows.is_empty() {
            stated_windows = true;
            attach_description(&mut windows, &description);
            for window in &windows {
                guesses.push(format!(
                    "\"{name}\": `{}`{} window read from its window line",
                    window.status.as_str(),
                    if window.planned { " planned" } else { "" }
                ));
            }
            file.impact.extend(windows);
            continue;
        }
        let Some(status) = impact_status(&description) else {
            guesses.push(format!("\"{name}\": no impact"));
            continue;
        };
        let clocks = find_clock_times(&description);
        let date_in_text = find_dates(&description).first().map(|d| (d.year, d.first));
        let fallback = date_in_text
            .or(context.main_date.map(|d| (None, d)))
            .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y.unwrap_or(context.year), m, d));
        let read = |clock: &StatedClock| read_clock(clock, date_in_text.and_then(|d| d.0), fallback, context);
        let (start, mut end) = match clocks.as_slice() {
            [] => (None, None),
            [only] => (read(only), None),
            [first, second, ..] => (read(first), read(second)),
        };
        if let (Some(s), Some(e)) = (start, end)
            && e.instant <= s.instant
            && !e.date_written
        {
            end = e.date.checked_add_days(Days::new(1)).and_then(|next| {
                let clock = clocks.get(1)?;
                read_clock(clock, Some(chrono::Datelike::year(&next)), Some(next), context)
            });
            guesses.push(format!("\"{name}\": the window ends the next day"));
        }
        let zone = context.zone;
        let mut impact = Impact {
            deployment: name.clone(),
            status,
            planned: status == ImpactStatus::UnderMaintenance,
            start: start.map(|t| timestamp_text(t.instant, zone)),
            end: end.map(|t| timestamp_text(t.instant, zone)),
            duration: None,
            tz: None,
            text: Some(description.clone()),
        };
        if clocks.len() == 1 {
            warnings.push(format!(
                "\"{name}\": one time found; read as the start of a window that has not ended"
            ));
        }
        if impact.start.is_none() && !clocks.is_empty() {
            warnings.push(format!("\"{name}\": the times could not be read; the window is left unknown"));
            impact.end = None;
        }
        guesses.push(format!(
            "\"{name}\": `{}`{}",
            status.as_str(),
            match (&impact.start, &impact.end) {
                (Some(s), Some(e)) => format!(" from {s} to {e}"),
                (Some(s), None) => format!(" from {s}, not ended"),
                _ => ", window not known".to_string(),
            }
        ));
        file.impact.push(impact);
    }
    if !kept.is_empty() {
        keep_section(file, "Impact", &kept, line_paragraphs, warnings);
    }
    stated_windows
}

/// A list item indented under another one.
fn is_nested_item(line: &str) -> bool {
    (line.starts_with("  ") || line.starts_with('\t')) && LIST_MARKER_RE.is_match(line)
}

static WINDOW_BOUND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}) (\S+)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "July 4, 2026 14:55 UTC": a window bound as the rendered post-mortem writes it (date, year,
/// wall clock and zone abbreviation of the display zone).
fn window_bound(text: &str) -> Option<DateTime<Utc>> {
    let caps = WINDOW_BOUND_RE.captures(text.trim())?;
    let part = |n: usize| caps.get(n).map(|m| m.as_str());
    let date =
        NaiveDate::parse_from_str(&format!("{} {} {}", part(1)?, part(2)?, part(3)?), "%B %d %Y").ok()?;
    let wall = date.and_time(NaiveTime::from_hms_opt(part(4)?.parse().ok()?, part(5)?.parse().ok()?, 0)?);
    match zone_of_abbreviation(part(6)?)? {
        (_, Some(offset)) => {
            Some(FixedOffset::east_opt(offset)?.from_local_datetime(&wall).single()?.with_timezone(&Utc))
        }
        (zone, None) => time::resolve_local(wall, zone).ok(),
    }
}

/// A window line the rendered post-mortem nests under a deployment: "Major outage from July 4,
/// 2026 14:55 UTC to July 4, 2026 22:05 UTC (7h 10m)", "Under maintenance (planned) from … (6h
/// window; impact 15m)", "Partial outage from …; not ended", "Degraded performance; start and
/// end not known". None unless the whole line reads.
fn window_line(item: &str, deployment: &str, context: &Context) -> Option<Impact> {
    let status = ImpactStatus::ALL
        .into_iter()
        .find(|s| item.get(..s.label().len()).is_some_and(|head| head.eq_ignore_ascii_case(s.label())))?;
    let mut rest = item.get(status.label().len()..)?.trim();
    let planned = match rest.strip_prefix("(planned)") {
        Some(after) => {
            rest = after.trim_start();
            true
        }
        None => false,
    };
    let mut declared = None;
    for note in ["; start and end not known", "; not ended", "; start not known"] {
        if let Some(before) = rest.strip_suffix(note) {
            rest = before.trim();
            break;
        }
    }
    if let Some(open) = rest.rfind(" (")
        && let Some(figures) = rest.get(open + 2..).and_then(|f| f.strip_suffix(')'))
    {
        for figure in figures.split("; ") {
            if let Some(impact) = figure.strip_prefix("impact ") {
                declared = Some(time::parse_duration(impact).ok()?);
            }
        }
        rest = rest.get(..open)?.trim();
    }
    let (start, end) = if rest.is_empty() {
        (None, None)
    } else if let Some(bounds) = rest.strip_prefix("from ") {
        match bounds.split_once(" to ") {
            Some((start, end)) => (Some(window_bound(start)?), Some(window_bound(end)?)),
            None => (Some(window_bound(bounds)?), None),
        }
    } else {
        (None, Some(window_bound(rest.strip_prefix("until ")?)?))
    };
    Some(Impact {
        deployment: deployment.to_string(),
        status,
        planned,
        start: start.map(|at| timestamp_text(at, context.zone)),
        end: end.map(|at| timestamp_text(at, context.zone)),
        duration: declared.map(time::format_duration),
        tz: None,
        text: None,
    })
}

static GENERATED_IMPACT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Degraded performance|Under maintenance|Partial outage|Major outage)(?: for .+|; when it began and ended is not known)|No impact|Planned maintenance \(.+\))\.$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The deployment's line is the author's text of its unplanned window (or, with none, of its
/// planned one) unless the renderer wrote it from the figures.
fn attach_description(windows: &mut [Impact], description: &str) {
    if GENERATED_IMPACT_RE.is_match(description) {
        return;
    }
    let unplanned = windows.iter().filter(|w| !w.planned).count();
    let (planned, text) = match description.strip_prefix("Planned maintenance: ") {
        Some(text) if unplanned == 0 => (true, text),
        _ => (false, description),
    };
    let mut candidates = windows.iter_mut().filter(|w| w.planned == planned);
    if let (Some(window), None) = (candidates.next(), candidates.next()) {
        window.text = Some(text.to_string());
    }
}

fn read_timeline(
    lines: &[String],
    context: &Context,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let mut kept = Vec::new();
    let mut previous: Option<ReadTime> = None;
    let mut undated = 0usize;
    for line in lines {
        if line.trim().is_empty() || line.trim_start().starts_with("```") {
            continue;
        }
        if is_template_sentence(line)
            || line.trim_start().starts_with("|-")
            || line.trim_start().starts_with("| -")
        {
            continue;
        }
        if let Some(marks) = milestone_line(line)
            && let Some(event) = file.events.last_mut()
            && previous.is_some()
        {
            event.marks = marks;
            continue;
        }
        match timeline_item(line, previous.as_ref(), context) {
            Some(item) => {
                if !item.time.date_written {
                    undated += 1;
                }
                file.events.push(Event {
                    at: timestamp_text(item.time.instant, context.zone),
                    text: item.text,
                    marks: Vec::new(),
                    tz: None,
                    internal: false,
                });
                previous = Some(item.time);
            }
            None => kept.push(line.clone()),
        }
    }
    // A Mermaid block the rendered post-mortem carries is derived from the events.
    let mermaid_start = kept.iter().position(|l| l.trim() == "gantt");
    if let Some(start) = mermaid_start {
        kept.truncate(start);
        guesses.push("skipped the Mermaid chart (drawn from the timeline)".to_string());
    }
    if undated > 0 {
        guesses.push(format!("{undated} timeline time(s) without a date: dated from the item before or the document's first date"));
    }
    if !kept.is_empty() {
        keep_section(file, "Timeline", &kept, line_paragraphs, warnings);
    }
}

/// "(milestones: mitigated, recovered)": the marks the rendered post-mortem writes under a
/// timeline item.
fn milestone_line(line: &str) -> Option<Vec<Mark>> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?;
    let names = inner.strip_prefix("milestones: ").or_else(|| inner.strip_prefix("milestone: "))?;
    names
        .split(", ")
        .map(|name| {
            let key = name.trim().replace(' ', "_");
            Mark::ALL.iter().copied().find(|m| m.as_str() == key)
        })
        .collect()
}

/// "Scheduled network maintenance began" … "Maintenance completed … approximately 15 minutes of
/// expected service interruption" is a planned window of the affected deployments.
fn infer_maintenance(file: &mut IncidentFile, context: &Context, guesses: &mut Vec<String>) {
    if file.impact.iter().any(|i| i.planned) {
        return;
    }
    let Some(start) = file.events.iter().position(|e| MAINTENANCE_START_RE.is_match(&e.text)) else {
        return;
    };
    let Some(end) = file
        .events
        .iter()
        .skip(start + 1)
        .position(|e| MAINTENANCE_END_RE.is_match(&e.text))
        .map(|i| i + start + 1)
    else {
        return;
    };
    let (Some(start_event), Some(end_event)) = (file.events.get(start), file.events.get(end)) else {
        return;
    };
    let duration = [&start_event.text, &end_event.text].into_iter().find_map(|text| {
        INTERRUPTION_RE.is_match(text).then(|| find_durations(text).into_iter().next()).flatten()
    });
    let mut deployments: Vec<String> = file
        .impact
        .iter()
        .filter(|i| !i.planned && i.start.is_some())
        .map(|i| i.deployment.clone())
        .collect();
    deployments.dedup();
    if deployments.is_empty() {
        deployments = file.deployments.clone();
    }
    if deployments.is_empty() {
        return;
    }
    let window_length = time::parse_instant(&end_event.at, context.zone)
        .ok()
        .zip(time::parse_instant(&start_event.at, context.zone).ok())
        .map(|(e, s)| (e - s).num_seconds());
    let duration = duration
        .filter(|d| window_length.is_some_and(|w| d.seconds < w))
        .map(|d| time::format_duration(d.seconds));
    for deployment in &deployments {
        // Beside the deployment's other windows, where a person would write it.
        let place = file
            .impact
            .iter()
            .rposition(|i| &i.deployment == deployment)
            .map_or(file.impact.len(), |i| i + 1);
        file.impact.insert(
            place,
            Impact {
                deployment: deployment.clone(),
                status: ImpactStatus::UnderMaintenance,
                planned: true,
                start: Some(start_event.at.clone()),
                end: Some(end_event.at.clone()),
                duration: duration.clone(),
                tz: None,
                text: None,
            },
        );
    }
    guesses.push(format!(
        "planned maintenance window {} to {} for {} (from \"{}\" and \"{}\"){}",
        start_event.at,
        end_event.at,
        deployments.join(", "),
        short(&start_event.text),
        short(&end_event.text),
        duration.map(|d| format!(", interruption {d} from the stated duration")).unwrap_or_default()
    ));
}

/// The line the rendered post-mortem writes under the update that published it.
const POSTMORTEM_PUBLISHED: &str = "The post-mortem above was published with this update.";

fn read_updates(
    updates: Vec<(usize, Segment)>,
    postmortem_update: Option<usize>,
    context: &Context,
    file: &mut IncidentFile,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let outage_deployments: Vec<String> = {
        let mut names: Vec<String> = file
            .impact
            .iter()
            .filter(|i| !i.planned && i.start.is_some())
            .map(|i| i.deployment.clone())
            .collect();
        names.dedup();
        names
    };
    let mut read: Vec<(Option<DateTime<Utc>>, Update)> = Vec::new();
    for (index, segment) in updates {
        let Part::Update { label, at } = &segment.part else { continue };
        let clock = find_clock_times(at).into_iter().next();
        let date = find_dates(at).into_iter().next();
        let instant = clock.as_ref().and_then(|c| {
            let mut clock = c.clone();
            clock.date = clock.date.or(date.as_ref().map(|d| d.first));
            read_clock(&clock, date.as_ref().and_then(|d| d.year), None, context).map(|t| t.instant)
        });
        // The rendered post-mortem says which update published it.
        let lines: Vec<String> =
            segment.lines.iter().filter(|l| l.trim() != POSTMORTEM_PUBLISHED).cloned().collect();
        let says_postmortem = lines.len() < segment.lines.len();
        let text = body(&lines, true);
        let text = (!text.trim().is_empty()).then_some(text);
        let postmortem = Some(index) == postmortem_update || label == "postmortem" || says_postmortem;
        let status = match label.as_str() {
            "resolved" | "postmortem" => UpdateStatus::Resolved,
            "monitoring" => UpdateStatus::Monitoring,
            "identified" => UpdateStatus::Identified,
            "investigating" => UpdateStatus::Investigating,
            "scheduled" => UpdateStatus::Scheduled,
            "in_progress" => UpdateStatus::InProgress,
            "verifying" => UpdateStatus::Verifying,
            "completed" => UpdateStatus::Completed,
            "created" => {
                guesses.push(format!(
                    "update \"{}\" labelled Created: status `investigating`",
                    short(text.as_deref().unwrap_or(""))
                ));
                UpdateStatus::Investigating
            }
            _ => {
                let lower = text.as_deref().unwrap_or("").to_lowercase();
                let status = if ["recovered", "restored", "back up", "fixed", "monitoring", "operational"]
                    .iter()
                    .any(|w| lower.contains(w))
                {
                    UpdateStatus::Monitoring
                } else if ["identified", "cause", "found"].iter().any(|w| lower.contains(w)) {
                    UpdateStatus::Identified
                } else {
                    UpdateStatus::Investigating
                };
                guesses.push(format!(
                    "update \"{}\" labelled Updated: status `{}` from its text",
                    short(text.as_deref().unwrap_or("")),
                    status.as_str()
                ));
                status
            }
        };
        let deployments = if !segment.affected.is_empty() {
            segment.affected.clone()
        } else if segment.has_affected && !outage_deployments.is_empty() {
            guesses.push(format!(
                "update at \"{at}\": \"Affected services\" lists none; assumed the deployments with an outage window ({})",
                outage_deployments.join(", ")
            ));
            outage_deployments.clone()
        } else {
            Vec::new()
        };
        for name in &deployments {
            add_deployment(file, name);
        }
        let Some(instant) = instant else {
            warnings.push(format!(
                "status-page block \"{label}\" dated \"{at}\": the time could not be read; kept as a section"
            ));
            file.sections.push(Section {
                title: format!("Status update: {label} ({at})"),
                body: text.unwrap_or_default(),
                internal: false,
            });
            continue;
        };
        read.push((
            Some(instant),
            Update {
                at: timestamp_text(instant, context.zone),
                status,
                // A post-mortem published as the update's body is not its own text.
                text: if postmortem && !says_postmortem { None } else { text },
                deployments,
                postmortem,
                tz: None,
                internal: false,
            },
        ));
    }
    if read.windows(2).any(|w| matches!(w, [(Some(a), _), (Some(b), _)] if a > b)) {
        read.sort_by_key(|(at, _)| *at);
        guesses.push("status-page updates are listed newest first; written oldest first".to_string());
    }
    file.updates = read.into_iter().map(|(_, u)| u).collect();
}

/// Marks from the wording of events, plus the trigger: the last change before the impact began.
fn mark_milestones(file: &mut IncidentFile, context: &Context, guesses: &mut Vec<String>) {
    let instants: Vec<Option<DateTime<Utc>>> =
        file.events.iter().map(|e| time::parse_instant(&e.at, context.zone).ok()).collect();
    let impact_start = file
        .impact
        .iter()
        .filter(|i| !i.planned)
        .filter_map(|i| time::parse_instant(i.start.as_deref()?, context.zone).ok())
        .min();
    let mut taken: Vec<Mark> = Vec::new();
    for (i, event) in file.events.iter_mut().enumerate() {
        let at = instants.get(i).copied().flatten();
        for mark in marks_in(&event.text) {
            // A milestone happens once: the first event that says it.
            if taken.contains(&mark)
                || (mark != Mark::ImpactStart && impact_start.zip(at).is_some_and(|(s, a)| a < s))
            {
                continue;
            }
            taken.push(mark);
            event.marks.push(mark);
            guesses.push(format!("event at {} marked `{}` from its wording", event.at, mark.as_str()));
        }
    }
    if !taken.contains(&Mark::Trigger)
        && let Some(start) = impact_start
        && let Some(index) = (0..file.events.len()).rev().find(|&i| {
            instants.get(i).copied().flatten().is_some_and(|at| at < start)
                && file.events.get(i).is_some_and(|e| CHANGE_RE.is_match(&e.text))
        })
        && let Some(event) = file.events.get_mut(index)
    {
        event.marks.insert(0, Mark::Trigger);
        guesses
            .push(format!("event at {} marked `trigger`: the last change before the impact began", event.at));
    }
}

fn finish_placeholders(file: &mut IncidentFile, guesses: &mut Vec<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context { year: 2026, zone: Tz::UTC, zone_abbreviation: Some("UTC".into()), main_date: Some((7, 3)) }
    }

    fn item(line: &str, previous: Option<&ReadTime>) -> Option<(String, String)> {
        timeline_item(line, previous, &context()).map(|i| (timestamp_text(i.time.instant, Tz::UTC), i.text))
    }

    #[test]
    fn timeline_items_in_the_usual_shapes() {
        let expect = |at: &str, text: &str| Some((at.to_string(), text.to_string()));
        assert_eq!(
            item("- July 3, 16:00 — Maintenance began.", None),
            expect("2026-07-03 16:00", "Maintenance began.")
        );
        assert_eq!(item("2026-07-04 14:55 UTC - Down.", None), expect("2026-07-04 14:55", "Down."));
        assert_eq!(item("16:00 PDT: Paged.", None), expect("2026-07-03 23:00", "Paged."));
        assert_eq!(
            item("**14:55** Lost the database.", None),
            expect("2026-07-03 14:55", "Lost the database.")
        );
        assert_eq!(
            item("3. Jul 4, 2026 at 2:50pm UTC — Posted.", None),
            expect("2026-07-04 14:50", "Posted.")
        );
        assert_eq!(item("| 14:55 | Down |", None), expect("2026-07-03 14:55", "Down"));
        assert_eq!(item("We restored service at 22:05.", None), None);
        assert_eq!(item("", None), None);
    }

    #[test]
    fn a_time_before_the_previous_one_is_the_next_day() {
        let first = timeline_item("23:50 — Alert.", None, &context()).expect("reads");
        let second = item("00:10 — Paged.", Some(&first.time));
        assert_eq!(second, Some(("2026-07-04 00:10".to_string(), "Paged.".to_string())));
    }

    #[test]
    fn impact_statuses_from_wording() {
        assert_eq!(impact_status("No impact."), None);
        assert_eq!(
            impact_status("SMSGate API was unavailable from 14:55 UTC"),
            Some(ImpactStatus::MajorOutage)
        );
        assert_eq!(impact_status("Notifications could be delayed."), Some(ImpactStatus::DegradedPerformance));
        assert_eq!(impact_status("Some requests failed"), Some(ImpactStatus::PartialOutage));
    }

    #[test]
    fn action_notes_written_by_the_renderer_are_read_back() {
        let a = action("- Add alerting (owner: sre, due 2026-08-15, in progress, https://t/1)");
        assert_eq!(a.text, "Add alerting");
        assert_eq!(
            (a.owner.as_deref(), a.due.as_deref(), a.status, a.ticket.as_deref()),
            (Some("sre"), Some("2026-08-15"), ActionStatus::InProgress, Some("https://t/1"))
        );
        assert_eq!(a.kind, ActionKind::Detect);
        let plain = action("- Replace DHCP (the old way) with static addresses");
        assert_eq!(plain.text, "Replace DHCP (the old way) with static addresses");
        let trailing = action("- Use static IPs (see the design doc)");
        assert_eq!(trailing.text, "Use static IPs (see the design doc)", "unknown notes stay in the text");
    }

    #[test]
    fn a_stated_kind_wins_over_the_wording() {
        let lines: Vec<String> =
            ["- Add alerting", "  (process; owner: sre, done)", "- Replace DHCP", "  (mitigate)", "Prose."]
                .map(str::to_string)
                .to_vec();
        let joined = with_continuations(&lines);
        assert_eq!(joined.len(), 3, "{joined:?}");
        let a = action(&joined[0]);
        assert_eq!(
            (a.text.as_str(), a.kind, a.status),
            ("Add alerting", ActionKind::Process, ActionStatus::Done)
        );
        let b = action(&joined[1]);
        assert_eq!(
            (b.text.as_str(), b.kind, b.status),
            ("Replace DHCP", ActionKind::Mitigate, ActionStatus::Open)
        );
    }

    #[test]
    fn window_lines_read_back_every_shape() {
        let c = context();
        let w = window_line(
            "Under maintenance (planned) from March 8, 2026 01:00 PST to March 8, 2026 04:00 PDT (2h window; impact 20m)",
            "us-west",
            &c,
        )
        .expect("reads");
        assert_eq!(w.status, ImpactStatus::UnderMaintenance);
        assert!(w.planned);
        assert_eq!(w.start.as_deref(), Some("2026-03-08 09:00"));
        assert_eq!(w.end.as_deref(), Some("2026-03-08 11:00"));
        assert_eq!(w.duration.as_deref(), Some("20m"));
        let open = window_line("Partial outage from October 4, 2026 01:00 AEST; not ended", "AU", &c)
            .expect("reads");
        assert_eq!((open.start.as_deref(), open.end.as_deref()), (Some("2026-10-03 15:00"), None));
        let unknown = window_line("Degraded performance; start and end not known", "P", &c).expect("reads");
        assert_eq!((unknown.start, unknown.end, unknown.planned), (None, None, false));
        let until = window_line("Major outage until July 4, 2026 22:05 UTC; start not known", "P", &c)
            .expect("reads");
        assert_eq!((until.start, until.end.as_deref()), (None, Some("2026-07-04 22:05")));
        for bad in [
            "Major outage from yesterday to today",
            "Major outage from July 4, 2026 14:55 UTC; whatever",
            "Major outages everywhere",
            "Nothing like a window",
        ] {
            assert!(window_line(bad, "P", &c).is_none(), "{bad}");
        }
    }

    #[test]
    fn milestone_lines_name_known_marks_only() {
        assert_eq!(
            milestone_line("   (milestones: mitigated, recovered)"),
            Some(vec![Mark::Mitigated, Mark::Recovered])
        );
        assert_eq!(milestone_line("(milestone: impact start)"), Some(vec![Mark::ImpactStart]));
        assert_eq!(milestone_line("(milestone: lunch)"), None);
        assert_eq!(milestone_line("(see below)"), None);
    }

    #[test]
    fn offsets_and_abbreviations() {
        assert_eq!(
            zone_of_abbreviation("UTC+2").map(|(z, o)| (z.name().to_string(), o)),
            Some(("Etc/GMT-2".to_string(), Some(7200)))
        );
        assert_eq!(
            zone_of_abbreviation("PDT").map(|(z, o)| (z.name().to_string(), o)),
            Some(("America/Los_Angeles".to_string(), Some(-25200)))
        );
        assert_eq!(zone_of_abbreviation("XYZ"), None);
    }

    #[test]
    fn garbage_and_empty_text_never_panic_and_keep_the_text() {
        for text in [
            "",
            "\n\n",
            "%%%\u{0}\u{feff}",
            "# \n#",
            "|",
            "- ",
            "Resolved\nJul 4, 2026 at 11:32pm UTC",
            "Summary\n",
            "Timeline\n- 99:99 — x\n- July 40, 10:00 — y",
        ] {
            let imported = import(text, Tz::UTC);
            assert!(!imported.file.title.is_empty());
            let _ = toml::to_string(&imported.file).expect("serialises");
        }
        let garbage = import("lorem ipsum\ndolor sit amet", Tz::UTC);
        assert_eq!(garbage.file.sections.len(), 1);
        assert!(garbage.file.sections.iter().any(|s| s.body.contains("dolor sit amet")));
        assert!(!garbage.warnings.is_empty());
    }
}
