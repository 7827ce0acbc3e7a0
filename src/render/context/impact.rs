//! The Impact list's view of each deployment: its windows with their ranges, and the sentence or
//! summary the list shows for it, all from the analysis.

use std::collections::BTreeMap;

use serde::Serialize;

use super::time::{Time, TimeFormatter};
use crate::analysis::{DeploymentImpact, WindowAnalysis};
use crate::model::ImpactStatus;
use crate::resolve::Incident;
use crate::time::format_duration;

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

pub(super) fn deployment_view(
    d: &DeploymentImpact,
    incident: &Incident,
    fmt: &TimeFormatter,
) -> DeploymentView {
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
