//! The deployments' lanes of the timeline chart: each lane's name wrapped to its column, its
//! windows as bars with their labels and tooltips, and the lanes stacked top to bottom.

use chrono::{DateTime, Utc};

use super::axis::Scale;
use super::{NAME_TEXT, TEXT, wrap};
use crate::analysis::DeploymentImpact;
use crate::model::ImpactStatus;
use crate::render::context::TimeFormatter;
use crate::render::filters::hours_and_minutes;

pub(super) const BAR_HEIGHT: f64 = 24.0;
/// One line of a lane's name.
pub(super) const NAME_LINE: f64 = 16.0;
pub(super) const NOTE_ROW: f64 = 20.0;

/// A window as drawn.
#[derive(Debug)]
pub(super) struct Bar {
    pub x0: f64,
    pub x1: f64,
    pub status: ImpactStatus,
    pub planned: bool,
    pub open: bool,
    /// A declared interruption shorter than the window: its length in seconds and pixels.
    pub declared: Option<(i64, f64)>,
    pub label: String,
    pub title: String,
}

#[derive(Debug)]
pub(super) struct Lane {
    pub name: Vec<String>,
    pub bars: Vec<Bar>,
    /// Windows whose times are unknown, as one note.
    pub unknown: Option<String>,
    /// That note wrapped to the plot's width.
    pub note_lines: Vec<String>,
    pub top: f64,
    pub height: f64,
    pub bar_top: f64,
    /// The row under the bar for notes and interruption brackets, when the lane needs one.
    pub note_y: Option<f64>,
}

/// Where the lanes go: the plot's extent and the room for lane names.
pub(super) struct LaneFrame<'a> {
    pub fmt: &'a TimeFormatter,
    pub scale: &'a Scale,
    pub plot_x0: f64,
    pub plot_x1: f64,
    pub name_width: f64,
    pub names_above: bool,
}

/// The lanes of `deployments` stacked from `top` down; the second value is where they end.
pub(super) fn stack_lanes(
    deployments: &[DeploymentImpact],
    frame: &LaneFrame,
    mut top: f64,
) -> (Vec<Lane>, f64) {
    let mut lanes = Vec::new();
    for d in deployments {
        let mut lane = lane_of(d, frame);
        let name_rows = if frame.names_above { lane.name.len() as f64 * NAME_LINE + 4.0 } else { 0.0 };
        let text_rows = if frame.names_above { 0.0 } else { lane.name.len() as f64 * NAME_LINE + 12.0 };
        lane.note_lines = lane
            .unknown
            .as_deref()
            .map_or_else(Vec::new, |n| wrap(n, TEXT, frame.plot_x1 - frame.plot_x0 - 12.0));
        let declared = lane.bars.iter().any(|b| b.declared.is_some());
        // A lane without bars shows its note where the bar would be.
        let in_bar_zone = lane.bars.is_empty() && lane.note_lines.len() <= 2;
        let note_rows = if in_bar_zone { 0 } else { lane.note_lines.len() } + usize::from(declared);
        let bar_zone = (BAR_HEIGHT + 14.0).max(text_rows);
        lane.top = top;
        lane.bar_top = top + name_rows + (bar_zone - BAR_HEIGHT) / 2.0;
        lane.note_y = (note_rows > 0).then_some(top + name_rows + bar_zone + NOTE_ROW / 2.0 - 6.0);
        lane.height = name_rows + bar_zone + note_rows as f64 * NOTE_ROW;
        top += lane.height;
        lanes.push(lane);
    }
    (lanes, top)
}

/// The lane of one deployment: its name wrapped into `name_width`, its windows as bars.
fn lane_of(d: &DeploymentImpact, frame: &LaneFrame) -> Lane {
    let LaneFrame { fmt, scale, plot_x1, name_width, .. } = *frame;
    let x = |at: DateTime<Utc>| scale.x(at.timestamp());
    let mut bars = Vec::new();
    let mut unknown = Vec::new();
    for w in &d.windows {
        let Some(start) = w.start else {
            unknown.push(w.status.label().to_lowercase());
            continue;
        };
        let (x1, open) = match w.end {
            Some(end) => (x(end), false),
            None => (scale.x(scale.end()).min(plot_x1), true),
        };
        let x0 = x(start);
        let declared = match (w.declared_seconds, w.length_seconds) {
            (Some(declared), Some(length)) if declared < length => {
                Some((declared, (declared as f64 * scale.pixels_per_second).max(2.0)))
            }
            _ => None,
        };
        let what =
            if w.planned { format!("{} (planned)", w.status.label()) } else { w.status.label().to_string() };
        let length = w.length_seconds.or(w.duration_seconds);
        let label = match (length, declared) {
            (Some(len), None) => format!("{what} · {}", hours_and_minutes(len)),
            (Some(len), Some(_)) => format!("{what} · {} window", hours_and_minutes(len)),
            (None, _) => what.clone(),
        };
        let from = fmt.time(start).label;
        let title = match (w.end, declared) {
            (Some(end), Some((secs, _))) => format!(
                "{what} from {from} to {}: {} somewhere in this window",
                fmt.time(end).label,
                hours_and_minutes(secs)
            ),
            (Some(end), None) => format!("{what} from {from} to {}", fmt.time(end).label),
            (None, _) => format!("{what} since {from}, ongoing"),
        };
        bars.push(Bar {
            x0,
            x1: x1.max(x0 + 3.0),
            status: w.status,
            planned: w.planned,
            open,
            declared,
            label,
            title,
        });
    }
    let unknown = if d.windows.is_empty() {
        Some("No impact".to_string())
    } else {
        (!unknown.is_empty()).then(|| {
            let names = crate::text::unique_in_order(unknown);
            format!("{}: times not known", capitalise(&names.join(", ")))
        })
    };
    Lane {
        name: wrap(&d.name, NAME_TEXT, name_width),
        bars,
        unknown,
        note_lines: Vec::new(),
        top: 0.0,
        height: 0.0,
        bar_top: 0.0,
        note_y: None,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}
