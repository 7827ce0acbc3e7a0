//! The view of one incident that templates see: the file's prose, every computed figure of the
//! analysis, times both pre-formatted in the display zone and raw (RFC 3339 UTC), and the
//! timeline numbered the way the chart numbers its markers.
//!
//! Built once from a [`Checked`] incident; the post-mortem, the status page and the report all
//! read the same view, so no wording or figure is re-derived in a template.

mod impact;
mod time;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::analysis::Durations;
use crate::checks::Level;
use crate::model::Mark;
use crate::pipeline::Checked;
use crate::resolve::Incident;
use crate::time::date_range;

use impact::deployment_view;
pub use impact::{DeploymentView, WindowView};
pub use time::{Time, TimeFormatter, all_instants};

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
    /// The status-page impact (none, minor, major, critical, maintenance): the file's, else
    /// derived from the worst window, as the Statuspage JSON publishes it.
    pub impact_level: &'static str,
    /// Whether the file states `impact_level` (else it was derived).
    pub impact_level_stated: bool,
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
    pub durations: Durations,
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
    /// For HTML: the paragraph that becomes the inline chart. None for other targets.
    /// A token drawn anew for every rendering, so that no text in the file can forge it.
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

impl PostmortemContext {
    /// The view of a checked incident, times shown by `fmt`. The Mermaid block is left empty:
    /// it is drawn from this context (see [`super::postmortem_context`]).
    pub fn build(checked: &Checked, fmt: &TimeFormatter, target: Target) -> PostmortemContext {
        let incident = &checked.incident;
        let analysis = &checked.analysis;
        let zone = fmt.zone;
        let time = |at: Option<DateTime<Utc>>| at.map(|at| fmt.time(at));
        let deployments: Vec<DeploymentView> =
            analysis.deployments.iter().map(|d| deployment_view(d, incident, fmt)).collect();
        let span = analysis.span.map(|s| SpanView {
            start: fmt.time(s.start),
            end: fmt.time(s.end),
            seconds: s.seconds(),
            date_range: date_range(
                s.start.with_timezone(&zone).date_naive(),
                s.end.with_timezone(&zone).date_naive(),
            ),
        });
        PostmortemContext {
            target,
            display_zone: zone.name().to_string(),
            zone: ZoneView { name: zone.name().to_string(), heading: fmt.heading(incident) },
            multi_day: fmt.multi_day,
            incident: incident_view(checked),
            span,
            affected: deployments
                .iter()
                .filter(|d| d.impact_seconds > 0 || d.worst_status.is_some())
                .map(|d| d.name.clone())
                .collect(),
            deployments,
            timeline: timeline_items(incident, fmt),
            current_status: current_status(checked),
            updates: update_views(incident, fmt),
            actions: action_views(incident),
            milestones: analysis.every_milestone().map(|(mark, at)| (mark.as_str(), time(at))).collect(),
            durations: analysis.durations.clone(),
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

/// The file's prose and identity, as written.
fn incident_view(checked: &Checked) -> IncidentView {
    let file = &checked.incident.file;
    let analysis = &checked.analysis;
    IncidentView {
        title: file.title.clone(),
        service: file.service.clone(),
        severity: file.severity.clone(),
        impact_level: analysis.impact_level.as_str(),
        impact_level_stated: analysis.impact_level_stated,
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
    }
}

/// The events numbered in [`timeline_order`].
fn timeline_items(incident: &Incident, fmt: &TimeFormatter) -> Vec<TimelineItem> {
    timeline_order(incident)
        .into_iter()
        .enumerate()
        .filter_map(|(position, index)| {
            let event = incident.file.events.get(index)?;
            Some(TimelineItem {
                number: position + 1,
                index,
                at: incident.event_times.get(index).copied().flatten().map(|at| fmt.time(at)),
                text: event.text.clone(),
                marks: event.marks.iter().map(|m| m.as_str()).collect(),
            })
        })
        .collect()
}

/// The status updates in file order.
fn update_views(incident: &Incident, fmt: &TimeFormatter) -> Vec<UpdateView> {
    incident
        .updates()
        .map(|(index, update, at)| UpdateView {
            number: index + 1,
            index,
            at: at.map(|at| fmt.time(at)),
            status: update.status.as_str(),
            status_label: update.status.label(),
            text: update.text.clone(),
            deployments: update.deployments.clone(),
            postmortem: update.postmortem,
        })
        .collect()
}

/// The action items in file order, numbered from 1.
fn action_views(incident: &Incident) -> Vec<ActionView> {
    incident
        .file
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
        .collect()
}

/// The latest status update's status, else "Resolved" when the timeline marks a resolution,
/// else "Not stated".
fn current_status(checked: &Checked) -> &'static str {
    checked
        .incident
        .updates()
        .filter_map(|(_, u, at)| Some((at?, u.status)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, status)| status.label())
        .unwrap_or(if checked.analysis.milestone(Mark::Resolved).is_some() {
            "Resolved"
        } else {
            "Not stated"
        })
}
