//! The view of one incident that templates see: the file's prose, every computed figure of the
//! analysis, times both pre-formatted in the display zone and raw (RFC 3339 UTC), and the
//! timeline numbered the way the chart numbers its markers.
//!
//! Built once from a [`Checked`] incident; the post-mortem, the status page and the report all
//! read the same view, so no wording or figure is re-derived in a template.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, LocalResult, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::analysis::{DeploymentImpact, WindowAnalysis};
use crate::checks::Level;
use crate::model::{ImpactStatus, Mark};
use crate::pipeline::Checked;
use crate::resolve::Incident;
use crate::time::{date_range, format_duration, format_in_zone, zone_abbreviation};

/// What the rendered text is for; templates branch on `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Markdown output: carries the Mermaid gantt block and the SVG link.
    Md,
    /// The Markdown that becomes HTML: carries the chart marker instead.
    Html,
    /// Plain text (status pages).
    Text,
}

/// One instant, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct Time {
    /// RFC 3339 in UTC: `2026-07-04T14:55:00Z`.
    pub utc: String,
    /// RFC 3339 with the display zone's offset.
    pub local: String,
    /// Wall clock in the display zone, `2026-07-04 14:55`.
    pub wall: String,
    /// What a timeline shows: `July 4, 14:55` when the incident spans days, else `14:55`, with
    /// the year when it spans years (`December 31, 2026, 23:00`); the zone abbreviation follows
    /// when it changes within the incident (DST).
    pub label: String,
    /// `July 4` (`December 31, 2026` when the incident spans a New Year)
    pub date: String,
    /// `14:55`
    pub time: String,
    /// Abbreviation of the display zone at that instant: `UTC`, `CEST`.
    pub zone: String,
    /// `July 4, 2026 14:55 UTC`
    pub long: String,
    /// `July 4, 2026`, the date `long` starts with.
    pub long_date: String,
    /// Status-page style, 24-hour like every other time: `Jul 4, 2026 14:50 UTC`.
    pub status: String,
    /// The instant itself, for renderers that format it their own way (Mermaid).
    #[serde(skip)]
    pub instant: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneView {
    /// IANA name.
    pub name: String,
    /// The abbreviation when one applies to every instant of the incident (`UTC`, `CEST`), else
    /// the IANA name: what a heading like "Timeline (UTC)" shows.
    pub heading: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpanView {
    pub start: Time,
    pub end: Time,
    pub seconds: i64,
    /// `July 3–4, 2026`
    pub date_range: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    pub title: String,
    pub service: String,
    pub severity: Option<String>,
    pub impact_level: Option<&'static str>,
    pub id: Option<String>,
    pub shortlink: Option<String>,
    pub intro: Option<String>,
    pub acknowledgements: Option<String>,
    pub summary: Option<String>,
    pub root_cause: Option<String>,
    pub resolution: Option<String>,
    pub lessons_learned: Option<String>,
    pub closing: Option<String>,
    pub sections: Vec<SectionView>,
    /// The file, as given on the command line.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WindowView {
    /// The status itself, for renderers that branch on it (Mermaid's task tags).
    #[serde(skip)]
    pub kind: ImpactStatus,
    /// Index into the file's `impact` list.
    pub index: usize,
    pub status: &'static str,
    pub status_label: &'static str,
    pub planned: bool,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub duration_seconds: Option<i64>,
    /// `end - start`, when both are known.
    pub length_seconds: Option<i64>,
    /// The file's `duration` (the impact inside a longer window), when given.
    pub declared_seconds: Option<i64>,
    /// "from July 4, 2026 14:55 UTC to 22:05 UTC": one date when both ends share it; "from …",
    /// "until …" when one end is not known; none when neither is.
    pub range: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentView {
    pub name: String,
    pub declared: bool,
    /// Has any window, planned or not.
    pub affected: bool,
    /// The line of the Impact list: the windows' own text, or one written from the figures, or
    /// "No impact." for a deployment without windows.
    pub impact_text: String,
    /// The unplanned windows with known times in the order they began, each with its own
    /// status and counted length: "49m major outage, then 24m partial outage". None without one.
    pub impact_summary: Option<String>,
    pub worst_status: Option<&'static str>,
    pub worst_status_label: Option<&'static str>,
    pub impact_seconds: i64,
    pub downtime_seconds: i64,
    pub planned_seconds: i64,
    pub by_status_seconds: BTreeMap<&'static str, i64>,
    pub windows: Vec<WindowView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    /// 1-based, in display order; the chart's event markers carry the same numbers.
    pub number: usize,
    /// Index into the file's `events` list.
    pub index: usize,
    pub at: Option<Time>,
    pub text: String,
    pub marks: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    pub number: usize,
    pub index: usize,
    pub at: Option<Time>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub text: Option<String>,
    pub deployments: Vec<String>,
    pub postmortem: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub number: usize,
    pub text: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub pending: bool,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`
    pub due: Option<String>,
    pub ticket: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// Everything a post-mortem, status or report template may use. Every field is always present
/// (as `none` when unknown), so strict undefined checking catches only real typos.
#[derive(Debug, Clone, Serialize)]
pub struct PostmortemContext {
    pub target: Target,
    /// IANA name of the display zone; the filters default to it.
    pub display_zone: String,
    pub zone: ZoneView,
    /// Whether the incident's instants fall on more than one day in the display zone.
    pub multi_day: bool,
    pub incident: IncidentView,
    pub span: Option<SpanView>,
    pub deployments: Vec<DeploymentView>,
    /// Names of the deployments with unplanned impact.
    pub affected: Vec<String>,
    pub timeline: Vec<TimelineItem>,
    pub updates: Vec<UpdateView>,
    /// Where the incident stands: the latest status update's status, else "Resolved" when the
    /// timeline marks a resolution, else "Not stated".
    pub current_status: &'static str,
    pub actions: Vec<ActionView>,
    /// Each of the eight milestones, or none.
    pub milestones: BTreeMap<&'static str, Option<Time>>,
    /// `latency_seconds`, `time_to_detect_seconds`, ... as in `analyze --format json`.
    pub durations: BTreeMap<String, Option<i64>>,
    /// Sum over deployments.
    pub impact_seconds: i64,
    pub downtime_seconds: i64,
    pub planned_seconds: i64,
    pub diagnostics: DiagnosticCounts,
    /// The title line ("SMSGate API Incident Post-Mortem (July 3–4, 2026)"), rendered from
    /// `title.txt.j2`; empty while that template itself renders.
    pub document_title: String,
    /// Relative path of the SVG written beside a Markdown file, for an image link.
    pub chart_file: Option<String>,
    /// For HTML: the paragraph that becomes the inline chart, a token drawn anew for every
    /// rendering so that no text in the file can forge it. None for other targets.
    pub chart_marker: Option<String>,
    /// The Mermaid `gantt` source of the timeline (without the fence).
    pub mermaid_gantt: String,
    /// Whether the gantt is written in UTC although the display zone is another (its offset
    /// changes within the incident): the template says so beside the list.
    pub mermaid_in_utc: bool,
    /// What the gantt's task styles mean.
    pub mermaid_note: &'static str,
}

/// The order the timeline is shown in: by time (unknown times last), file order breaking ties.
/// Returns file indexes; position + 1 is the number shown in the list and on the chart.
pub fn timeline_order(incident: &Incident) -> Vec<usize> {
    let mut order: Vec<(usize, Option<DateTime<Utc>>)> =
        incident.events().map(|(i, _, at)| (i, at)).collect();
    order.sort_by_key(|(i, at)| (at.is_none(), *at, *i));
    order.into_iter().map(|(i, _)| i).collect()
}

/// Every instant of the incident: windows, events, updates.
pub fn all_instants(incident: &Incident) -> Vec<DateTime<Utc>> {
    incident.instants().collect()
}

/// Formats instants for one incident in one zone.
#[derive(Debug, Clone, Copy)]
pub struct TimeFormatter {
    pub zone: Tz,
    pub multi_day: bool,
    /// Whether those days fall in more than one year (a New Year incident): dates then carry
    /// the year, or "January 1" would read as before "December 31".
    pub multi_year: bool,
    pub mixed_zones: bool,
    /// Whether wall-clock times in the zone misrepresent the incident: the offset is not the
    /// same at every instant (a DST change inside the span), or some instant falls in a fold
    /// (its wall time happens twice). Differences of wall times are then not durations.
    pub wall_clock_ambiguous: bool,
}

impl TimeFormatter {
    pub fn for_incident(incident: &Incident, zone: Tz) -> TimeFormatter {
        let instants = all_instants(incident);
        let mut days: Vec<_> = instants.iter().map(|t| t.with_timezone(&zone).date_naive()).collect();
        days.sort();
        days.dedup();
        let mut abbreviations: Vec<String> = instants.iter().map(|t| zone_abbreviation(*t, zone)).collect();
        abbreviations.sort();
        abbreviations.dedup();
        let mut offsets: Vec<i32> = instants
            .iter()
            .map(|t| zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc())
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let in_fold = instants.iter().any(|t| {
            matches!(
                zone.from_local_datetime(&t.with_timezone(&zone).naive_local()),
                LocalResult::Ambiguous(..)
            )
        });
        TimeFormatter {
            zone,
            multi_day: days.len() > 1,
            multi_year: days.first().map(Datelike::year) != days.last().map(Datelike::year),
            mixed_zones: abbreviations.len() > 1,
            wall_clock_ambiguous: offsets.len() > 1 || in_fold,
        }
    }

    pub fn heading(&self, incident: &Incident) -> String {
        // With no instant to read an abbreviation at (or several), the zone's name is the
        // honest heading; the wall clock must not decide between CET and CEST.
        match incident.instants().min() {
            Some(first) if !self.mixed_zones => zone_abbreviation(first, self.zone),
            _ => self.zone.name().to_string(),
        }
    }

    pub fn time(&self, at: DateTime<Utc>) -> Time {
        let zone = self.zone;
        let date = format_in_zone(at, zone, if self.multi_year { "%B %-d, %Y" } else { "%B %-d" });
        let time = format_in_zone(at, zone, "%H:%M");
        let abbr = zone_abbreviation(at, zone);
        let mut label = if self.multi_day { format!("{date}, {time}") } else { time.clone() };
        if self.mixed_zones {
            label = format!("{label} {abbr}");
        }
        Time {
            utc: at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            local: at.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, false),
            wall: format_in_zone(at, zone, "%Y-%m-%d %H:%M"),
            label,
            date,
            time,
            zone: abbr,
            long: format_in_zone(at, zone, "%B %-d, %Y %H:%M %Z"),
            long_date: format_in_zone(at, zone, "%B %-d, %Y"),
            status: format_in_zone(at, zone, "%b %-d, %Y %H:%M %Z"),
            instant: at,
        }
    }
}

impl PostmortemContext {
    /// The view of a checked incident, times shown by `fmt`. The Mermaid block is left empty:
    /// it is drawn from this context (see [`super::postmortem_context`]).
    pub fn build(checked: &Checked, fmt: &TimeFormatter, target: Target) -> PostmortemContext {
        let incident = &checked.incident;
        let analysis = &checked.analysis;
        let file = &incident.file;
        let fmt = *fmt;
        let zone = fmt.zone;
        let time = |at: Option<DateTime<Utc>>| at.map(|at| fmt.time(at));

        let deployments: Vec<DeploymentView> =
            analysis.deployments.iter().map(|d| deployment_view(d, incident, &fmt)).collect();
        let timeline = timeline_order(incident)
            .into_iter()
            .enumerate()
            .filter_map(|(position, index)| {
                let event = file.events.get(index)?;
                Some(TimelineItem {
                    number: position + 1,
                    index,
                    at: time(incident.event_times.get(index).copied().flatten()),
                    text: event.text.clone(),
                    marks: event.marks.iter().map(|m| m.as_str()).collect(),
                })
            })
            .collect();
        let updates = incident
            .updates()
            .map(|(index, update, at)| UpdateView {
                number: index + 1,
                index,
                at: time(at),
                status: update.status.as_str(),
                status_label: update.status.label(),
                text: update.text.clone(),
                deployments: update.deployments.clone(),
                postmortem: update.postmortem,
            })
            .collect();
        let actions = file
            .actions
            .iter()
            .enumerate()
            .map(|(i, action)| ActionView {
                number: i + 1,
                text: action.text.clone(),
                kind: action.kind.as_str(),
                status: action.status.as_str(),
                pending: action.status.is_pending(),
                owner: action.owner.clone(),
                due: incident.action_due.get(i).copied().flatten().map(|d| d.format("%Y-%m-%d").to_string()),
                ticket: action.ticket.clone(),
            })
            .collect();
        let span = analysis.span.map(|s| SpanView {
            start: fmt.time(s.start),
            end: fmt.time(s.end),
            seconds: s.seconds(),
            date_range: date_range(
                s.start.with_timezone(&zone).date_naive(),
                s.end.with_timezone(&zone).date_naive(),
            ),
        });
        let milestones = Mark::ALL.iter().map(|m| (m.as_str(), time(analysis.milestone(*m)))).collect();
        let durations = analysis
            .durations
            .named()
            .iter()
            .map(|(name, value)| (format!("{name}_seconds"), *value))
            .collect();

        PostmortemContext {
            target,
            display_zone: zone.name().to_string(),
            zone: ZoneView { name: zone.name().to_string(), heading: fmt.heading(incident) },
            multi_day: fmt.multi_day,
            incident: IncidentView {
                title: file.title.clone(),
                service: file.service.clone(),
                severity: file.severity.clone(),
                impact_level: file.impact_level.map(|l| l.as_str()),
                id: file.id.clone(),
                shortlink: file.shortlink.clone(),
                intro: file.intro.clone(),
                acknowledgements: file.acknowledgements.clone(),
                summary: file.summary.clone(),
                root_cause: file.root_cause.clone(),
                resolution: file.resolution.clone(),
                lessons_learned: file.lessons_learned.clone(),
                closing: file.closing.clone(),
                sections: file
                    .sections
                    .iter()
                    .map(|s| SectionView { title: s.title.clone(), body: s.body.clone() })
                    .collect(),
                path: checked.source.display_path(),
            },
            span,
            affected: deployments
                .iter()
                .filter(|d| d.impact_seconds > 0 || d.worst_status.is_some())
                .map(|d| d.name.clone())
                .collect(),
            deployments,
            timeline,
            current_status: incident
                .updates()
                .filter_map(|(_, u, at)| Some((at?, u.status)))
                .max_by_key(|(at, _)| *at)
                .map(|(_, status)| status.label())
                .unwrap_or(if analysis.milestone(Mark::Resolved).is_some() {
                    "Resolved"
                } else {
                    "Not stated"
                }),
            updates,
            actions,
            milestones,
            durations,
            impact_seconds: analysis.deployments.iter().map(|d| d.impact_seconds).sum(),
            downtime_seconds: analysis.downtime_seconds(),
            planned_seconds: analysis.deployments.iter().map(|d| d.planned_seconds).sum(),
            diagnostics: DiagnosticCounts {
                errors: checked.count(Level::Error),
                warnings: checked.count(Level::Warning),
                notes: checked.count(Level::Note),
            },
            document_title: String::new(),
            chart_file: None,
            chart_marker: (target == Target::Html).then(|| super::markdown::figure_marker("timeline-chart")),
            mermaid_gantt: String::new(),
            mermaid_in_utc: false,
            mermaid_note: "",
        }
    }
}

/// A window's bounds as the Impact list writes them (the importer reads them back).
fn window_range(start: Option<&Time>, end: Option<&Time>) -> Option<String> {
    match (start, end) {
        (Some(start), Some(end)) if start.long_date == end.long_date && start.zone == end.zone => {
            Some(format!("from {} to {} {}", start.long, end.time, end.zone))
        }
        (Some(start), Some(end)) => Some(format!("from {} to {}", start.long, end.long)),
        (Some(start), None) => Some(format!("from {}", start.long)),
        (None, Some(end)) => Some(format!("until {}", end.long)),
        (None, None) => None,
    }
}

fn window_view(w: &WindowAnalysis, incident: &Incident, fmt: &TimeFormatter) -> WindowView {
    WindowView {
        index: w.index,
        status: w.status.as_str(),
        kind: w.status,
        status_label: w.status.label(),
        planned: w.planned,
        start: w.start.map(|at| fmt.time(at)),
        end: w.end.map(|at| fmt.time(at)),
        duration_seconds: w.duration_seconds,
        length_seconds: w.length_seconds,
        declared_seconds: w.declared_seconds,
        range: window_range(w.start.map(|at| fmt.time(at)).as_ref(), w.end.map(|at| fmt.time(at)).as_ref()),
        text: incident.file.impact.get(w.index).and_then(|i| i.text.clone()),
    }
}

fn deployment_view(d: &DeploymentImpact, incident: &Incident, fmt: &TimeFormatter) -> DeploymentView {
    let windows: Vec<WindowView> = d.windows.iter().map(|w| window_view(w, incident, fmt)).collect();
    DeploymentView {
        name: d.name.clone(),
        declared: d.declared,
        affected: !d.unaffected(),
        impact_text: impact_text(d, &windows),
        impact_summary: impact_summary(&windows),
        worst_status: d.worst_status().map(|s| s.as_str()),
        worst_status_label: d.worst_status().map(|s| s.label()),
        impact_seconds: d.impact_seconds,
        downtime_seconds: d.downtime_seconds,
        planned_seconds: d.planned_seconds,
        by_status_seconds: d.by_status_seconds.iter().map(|(s, secs)| (s.as_str(), *secs)).collect(),
        windows,
    }
}

/// "49m major outage, then 24m partial outage": each unplanned window that began at a known time,
/// in order, with its counted length ("ongoing" when open); "and" where one overlaps the next.
fn impact_summary(windows: &[WindowView]) -> Option<String> {
    let mut timed: Vec<&WindowView> = windows.iter().filter(|w| !w.planned && w.start.is_some()).collect();
    timed.sort_by_key(|w| w.start.as_ref().map(|t| t.instant));
    let mut out = String::new();
    let mut previous_end = None;
    for w in &timed {
        let status = w.status_label.to_lowercase();
        let part = match w.duration_seconds {
            Some(secs) => format!("{} {status}", crate::render::filters::hours_and_minutes(secs)),
            None => format!("{status}, ongoing"),
        };
        if !out.is_empty() {
            let starts = w.start.as_ref().map(|t| t.instant);
            out.push_str(if previous_end.is_some_and(|end| starts >= Some(end)) {
                ", then "
            } else {
                " and "
            });
        }
        out.push_str(&part);
        previous_end = w.end.as_ref().map(|t| t.instant);
    }
    (!out.is_empty()).then_some(out)
}

/// The deployment's line in the Impact list: the author's words for its unplanned windows,
/// else a sentence written from the analysis.
fn impact_text(d: &DeploymentImpact, windows: &[WindowView]) -> String {
    if d.unaffected() {
        return "No impact.".to_string();
    }
    let texts = |planned: bool| -> Vec<&str> {
        windows
            .iter()
            .filter(|w| w.planned == planned)
            .filter_map(|w| w.text.as_deref())
            .map(str::trim)
            .collect()
    };
    let unplanned_texts = texts(false);
    if !unplanned_texts.is_empty() {
        return unplanned_texts.join(" ");
    }
    if let Some(worst) = d.worst_status() {
        return if d.impact_seconds > 0 {
            // Worst first, each status with the time it was the worst: "Major outage for 1h 30m,
            // degraded performance for 30m." A single total would credit the worst status with
            // the milder stretches too.
            let parts: Vec<String> = d
                .by_status_seconds
                .iter()
                .rev()
                .enumerate()
                .map(|(i, (status, seconds))| {
                    let label =
                        if i == 0 { status.label().to_string() } else { status.label().to_lowercase() };
                    format!("{label} for {}", format_duration(*seconds))
                })
                .collect();
            format!("{}.", parts.join(", "))
        } else if let Some(start) =
            windows.iter().filter(|w| !w.planned && w.end.is_none()).find_map(|w| w.start.as_ref())
        {
            format!("{} since {}, {} {}; still ongoing.", worst.label(), start.date, start.time, start.zone)
        } else {
            format!("{}; when it began and ended is not known.", worst.label())
        };
    }
    let planned_texts = texts(true);
    if !planned_texts.is_empty() {
        return format!("Planned maintenance: {}", planned_texts.join(" "));
    }
    format!("Planned maintenance ({}).", format_duration(d.planned_seconds))
}
