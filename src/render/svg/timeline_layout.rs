//! The post-mortem's timeline chart, laid out for the width it is shown at: one lane per
//! deployment with its windows (colour and pattern by status, planned maintenance hatched),
//! numbered event markers keyed to the timeline list, status updates on their own lane, the
//! axis in the display zone. Text is at least 12 px at that width; markers that would collide
//! are grouped into labelled ranges ("5–8") whose tooltip lists each event; nothing overlaps.
//!
//! This module computes the layout; [`super::timeline`] draws it. The output depends only on
//! the incident, the zone and the options: no clock, no randomness.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::axis::{Scale, Tick, TickStyle, ticks};
use super::legend::{Key, Legend};
use super::{NAME_TEXT, TEXT, text_width, wrap};
use crate::model::{ImpactStatus, UpdateStatus};
use crate::pipeline::Checked;
use crate::render::context::{TimeFormatter, timeline_order};
use crate::render::filters::hours_and_minutes;

/// Options for one chart.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// Prefix of the ids inside the SVG (`aria-labelledby`, patterns); distinct per chart on a page.
    pub id: String,
    /// Width in pixels, the width it is shown at; below 600 lane names go above their bars.
    pub width: u32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions { id: "pm-timeline".to_string(), width: 960 }
    }
}

impl ChartOptions {
    /// The variant HTML pages show on phones (fits a 390 px screen with the page's margins).
    pub fn narrow() -> Self {
        ChartOptions { id: "pm-timeline-narrow".to_string(), width: 356 }
    }

    /// The lane-name column of the report's charts.
    pub fn left(&self) -> f64 {
        if self.width < 700 { 118.0 } else { 190.0 }
    }

    pub(super) fn names_above(&self) -> bool {
        self.width < 600
    }
}

/// Space kept between items placed on one row.
pub(super) const GAP: f64 = 4.0;
const MARKER_ROW: f64 = 28.0;
/// Rows of numbered event markers; markers with no room go to one more row, grouped.
const MAX_MARKER_ROWS: usize = 3;
pub(super) const UPDATE_ROW: f64 = 22.0;
const MAX_UPDATE_ROWS: usize = 5;
pub(super) const BAR_HEIGHT: f64 = 24.0;
const NAME_LINE: f64 = 16.0;
pub(super) const NOTE_ROW: f64 = 20.0;

/// Greedy rows: the first row whose last item ends left of `from` (with a gap) takes the item;
/// a new row is opened while there are fewer than `cap`, else `None`.
pub(super) fn place(rows: &mut Vec<f64>, from: f64, to: f64, cap: usize) -> Option<usize> {
    if let Some(row) = rows.iter().position(|end| *end + GAP <= from) {
        rows[row] = to;
        return Some(row);
    }
    if rows.len() >= cap {
        return None;
    }
    rows.push(to);
    Some(rows.len() - 1)
}

/// Items too crowded for the rows, drawn as one labelled pill over the stretch they cover.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    pub x0: f64,
    pub x1: f64,
    /// Indexes of the members (event numbers, or update positions), in order.
    pub members: Vec<usize>,
    pub events: bool,
}

impl Group {
    /// "5–8", "5–6, 9", "12 in 5–40"; "3 updates".
    pub fn label(&self) -> String {
        if !self.events {
            return format!(
                "{} update{}",
                self.members.len(),
                if self.members.len() == 1 { "" } else { "s" }
            );
        }
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for &n in &self.members {
            match ranges.last_mut() {
                Some((_, last)) if *last + 1 == n => *last = n,
                _ => ranges.push((n, n)),
            }
        }
        let show = |(a, b): (usize, usize)| if a == b { a.to_string() } else { format!("{a}–{b}") };
        match ranges.as_slice() {
            [one] => show(*one),
            [a, b] => format!("{}, {}", show(*a), show(*b)),
            _ => format!("{} in {}–{}", self.members.len(), ranges[0].0, ranges[ranges.len() - 1].1),
        }
    }

    /// Right edge as drawn: the pill is at least as wide as its label.
    pub fn right(&self) -> f64 {
        self.x0 + (self.x1 - self.x0).max(text_width(&self.label(), TEXT) + 14.0)
    }
}

/// One item to place: its extent and its index.
type Span = (f64, f64, usize);

/// Items in order into at most `cap` rows, the rest grouped on the row after.
pub(super) fn place_or_group(spans: &[Span], cap: usize, events: bool) -> (Vec<(Span, usize)>, Vec<Group>) {
    let mut rows: Vec<f64> = Vec::new();
    let mut placed = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    for &(from, to, index) in spans {
        if let Some(row) = place(&mut rows, from, to, cap) {
            placed.push(((from, to, index), row));
            continue;
        }
        match groups.last_mut() {
            Some(group) if from < group.right() + GAP => {
                group.x1 = group.x1.max(to);
                group.members.push(index);
            }
            _ => groups.push(Group { x0: from, x1: to, members: vec![index], events }),
        }
    }
    (placed, groups)
}

/// A group of one is drawn as the item itself, on the overflow row (`row`): groups keep apart,
/// and an item is narrower than its group's pill.
fn singles_onto_row(placed: &mut Vec<(Span, usize)>, groups: &mut Vec<Group>, spans: &[Span], row: usize) {
    groups.retain(|g| match g.members.as_slice() {
        [only] => {
            if let Some(span) = spans.iter().find(|s| s.2 == *only) {
                placed.push((*span, row));
            }
            false
        }
        _ => true,
    });
}

/// Rows the marks take.
fn placed_rows(marks: &[Mark]) -> usize {
    marks.iter().map(|m| m.row + 1).max().unwrap_or(0)
}

/// Radius of event marker `number`: 12 px numbers fit inside.
pub(super) fn marker_radius(number: usize) -> f64 {
    match number {
        0..=99 => 11.0,
        100..=999 => 14.0,
        _ => 17.0,
    }
}

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

/// An event marker or a status update placed on its row.
#[derive(Debug)]
pub(super) struct Mark {
    pub x: f64,
    pub row: usize,
    pub index: usize,
    pub title: String,
    /// Updates: the label, whether it sits left of the diamond, and the status class.
    pub label: Option<(String, bool, &'static str)>,
}

/// Everything the drawing needs, in pixels.
#[derive(Debug)]
pub(super) struct Layout {
    pub id: String,
    pub width: f64,
    pub height: f64,
    pub names_above: bool,
    pub plot_x0: f64,
    pub plot_x1: f64,
    pub scale: Scale,
    pub markers_top: f64,
    pub markers: Vec<Mark>,
    pub event_groups: Vec<(Group, String)>,
    pub group_row: usize,
    pub lanes: Vec<Lane>,
    pub lanes_top: f64,
    pub updates_top: f64,
    pub updates: Vec<Mark>,
    pub update_groups: Vec<(Group, String)>,
    pub update_group_row: usize,
    pub lanes_bottom: f64,
    pub axis_y: f64,
    pub ticks: Vec<Tick>,
    pub axis_title: (String, f64, f64, bool),
    pub legend: Legend,
    pub legend_y: f64,
    pub clustered: usize,
}

/// The update status class: problem, identified, monitoring, resolved or other.
pub(super) fn update_class(status: UpdateStatus) -> &'static str {
    match status {
        UpdateStatus::Investigating | UpdateStatus::InProgress => "pm-u-problem",
        UpdateStatus::Identified => "pm-u-identified",
        UpdateStatus::Monitoring | UpdateStatus::Verifying => "pm-u-monitoring",
        UpdateStatus::Resolved | UpdateStatus::Completed => "pm-u-resolved",
        UpdateStatus::Scheduled => "pm-u-other",
    }
}

/// The layout of the chart, or `None` when nothing in the incident has a time.
pub(super) fn layout(checked: &Checked, zone: Tz, options: &ChartOptions) -> Option<Layout> {
    let incident = &checked.incident;
    let analysis = &checked.analysis;
    let fmt = TimeFormatter::for_incident(incident, zone);
    let mut instants: Vec<i64> = incident.instants().map(|t| t.timestamp()).collect();
    if instants.is_empty() {
        return None;
    }
    let mut covered: Vec<(i64, i64)> = Vec::new();
    for w in analysis.windows() {
        if let (Some(s), Some(e)) = (w.start, w.end) {
            covered.push((s.timestamp(), e.timestamp()));
        }
    }
    instants.sort_unstable();
    instants.dedup();
    let width = f64::from(options.width.clamp(300, 4000));
    let names_above = options.names_above();
    let any_open = analysis.windows().any(|w| w.start.is_some() && w.end.is_none());
    let right = 12.0 + if any_open { 64.0 } else { 0.0 };
    let names: Vec<String> = analysis.deployments.iter().map(|d| d.name.clone()).collect();
    let plot_x0 = if names_above {
        10.0
    } else {
        let longest = names
            .iter()
            .chain(std::iter::once(&"Status updates".to_string()))
            .map(|n| text_width(n, NAME_TEXT))
            .fold(0.0, f64::max);
        (longest + 20.0).clamp(110.0, (width * 0.28).max(110.0))
    };
    let plot_x1 = width - right;
    let scale = Scale::new(&instants, &covered, plot_x0, plot_x1);
    let x = |at: DateTime<Utc>| scale.x(at.timestamp());
    let name_width = if names_above { width - 20.0 } else { plot_x0 - 14.0 };

    // Event markers in rows; the crowded ones grouped.
    let order = timeline_order(incident);
    let event_title = |number: usize| -> String {
        let Some(&index) = order.get(number - 1) else { return String::new() };
        let at = incident.event_times.get(index).copied().flatten();
        let text = incident.file.events.get(index).map_or("", |e| e.text.trim());
        let when = at.map_or_else(|| "time unknown".to_string(), |at| fmt.time(at).label);
        format!("{number}. {when} — {text}")
    };
    let spans: Vec<Span> = order
        .iter()
        .enumerate()
        .filter_map(|(position, index)| {
            let cx = x(incident.event_times.get(*index).copied().flatten()?);
            let r = marker_radius(position + 1);
            Some((cx - r, cx + r, position + 1))
        })
        .collect();
    let (mut placed, mut groups) = place_or_group(&spans, MAX_MARKER_ROWS, true);
    let rows_used = placed.iter().map(|(_, row)| row + 1).max().unwrap_or(0);
    singles_onto_row(&mut placed, &mut groups, &spans, rows_used);
    let markers: Vec<Mark> = placed
        .into_iter()
        .map(|((from, to, number), row)| Mark {
            x: (from + to) / 2.0,
            row,
            index: number,
            title: event_title(number),
            label: None,
        })
        .collect();
    let clustered = groups.iter().map(|g| g.members.len()).sum();
    let event_groups: Vec<(Group, String)> = groups
        .into_iter()
        .map(|g| {
            let title = std::iter::once(format!("Events {}:", g.label()))
                .chain(g.members.iter().map(|n| event_title(*n)))
                .collect::<Vec<_>>()
                .join("\n");
            (g, title)
        })
        .collect();
    let marker_rows =
        (rows_used + usize::from(!event_groups.is_empty() || placed_rows(&markers) > rows_used)).max(1);
    let markers_top = 8.0;
    let lanes_top = markers_top + marker_rows as f64 * MARKER_ROW + 6.0;

    // Lanes.
    let mut top = lanes_top;
    let mut lanes = Vec::new();
    for d in &analysis.deployments {
        let mut lane = lane_of(d, &fmt, &scale, plot_x1, name_width);
        let name_rows = if names_above { lane.name.len() as f64 * NAME_LINE + 4.0 } else { 0.0 };
        let text_rows = if names_above { 0.0 } else { lane.name.len() as f64 * NAME_LINE + 12.0 };
        lane.note_lines =
            lane.unknown.as_deref().map_or_else(Vec::new, |n| wrap(n, TEXT, plot_x1 - plot_x0 - 12.0));
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

    // Status updates: diamonds with their labels, in rows; the crowded ones grouped.
    let updates_top = top;
    let updates_name_rows = if names_above { NAME_LINE + 4.0 } else { 0.0 };
    let mut ordered: Vec<_> = incident.updates().filter_map(|(i, u, at)| Some((at?, i, u))).collect();
    ordered.sort_by_key(|(at, i, _)| (*at, *i));
    let mut update_spans: Vec<Span> = Vec::new();
    let mut update_meta = Vec::new();
    for (k, (at, _, update)) in ordered.iter().enumerate() {
        let ux = x(*at);
        let label = update.status.label().to_string();
        let w = text_width(&label, TEXT);
        let left = ux + 12.0 + w > width - 4.0;
        let (from, to) = if left { (ux - 12.0 - w, ux + 8.0) } else { (ux - 8.0, ux + 12.0 + w) };
        update_spans.push((from, to, k));
        let text = update.text.as_deref().map(str::trim).unwrap_or("");
        let title = format!("{} {} — {text}", fmt.time(*at).label, update.status.label());
        update_meta.push((ux, label, left, update_class(update.status), title));
    }
    let (mut placed, mut groups) = place_or_group(&update_spans, MAX_UPDATE_ROWS, false);
    let update_rows_used = placed.iter().map(|(_, row)| row + 1).max().unwrap_or(0);
    singles_onto_row(&mut placed, &mut groups, &update_spans, update_rows_used);
    let updates: Vec<Mark> = placed
        .into_iter()
        .map(|((_, _, k), row)| {
            let (ux, label, left, class, title) = update_meta[k].clone();
            Mark { x: ux, row, index: k, title, label: Some((label, left, class)) }
        })
        .collect();
    let update_groups: Vec<(Group, String)> = groups
        .into_iter()
        .map(|g| {
            let title = std::iter::once(format!("{}:", g.label()))
                .chain(g.members.iter().map(|k| update_meta[*k].4.clone()))
                .collect::<Vec<_>>()
                .join("\n");
            (g, title)
        })
        .collect();
    let overflow_row = placed_rows(&updates) > update_rows_used;
    let update_rows = (update_rows_used + usize::from(!update_groups.is_empty() || overflow_row)).max(1);
    let has_updates = !ordered.is_empty();
    let updates_height =
        if has_updates { updates_name_rows + update_rows as f64 * UPDATE_ROW + 10.0 } else { 0.0 };
    let lanes_bottom = updates_top + updates_height;

    // Axis.
    let axis_y = lanes_bottom + 4.0;
    let style = TickStyle { zone, mixed_zones: fmt.mixed_zones, multi_year: fmt.multi_year };
    let ticks = ticks(&scale, style, plot_x0.max(4.0), width - 4.0);
    let title = format!("Time ({})", fmt.heading(incident));
    let in_column = !names_above && text_width(&title, TEXT) + 14.0 <= plot_x0;
    let axis_title = if in_column {
        (title, plot_x0 - 10.0, axis_y + 14.0, true)
    } else {
        (title, plot_x0, axis_y + 50.0, false)
    };
    let mut legend_y = axis_y + if in_column { 52.0 } else { 72.0 };

    let mut legend = Legend::default();
    for status in ImpactStatus::ALL {
        if lanes.iter().any(|l| l.bars.iter().any(|b| b.status == status && !b.planned)) {
            legend.push(status.label(), Key::Status(status));
        }
    }
    if lanes.iter().any(|l| l.bars.iter().any(|b| b.planned)) {
        legend.push("Planned maintenance", Key::Planned);
    }
    if !markers.is_empty() || !event_groups.is_empty() {
        legend.push("Event (number in the timeline list)", Key::Marker);
    }
    if !event_groups.is_empty() {
        legend.push("Events too close to draw apart", Key::Cluster);
    }
    if has_updates {
        legend.push("Status update", Key::Update);
    }
    let legend_rows = legend.rows(10.0, width - 10.0);
    legend_y += 4.0;
    let height = legend_y + legend_rows as f64 * super::legend::ROW;
    Some(Layout {
        id: options.id.clone(),
        width,
        height,
        names_above,
        plot_x0,
        plot_x1,
        scale,
        markers_top,
        markers,
        event_groups,
        group_row: rows_used,
        lanes,
        lanes_top,
        updates_top: updates_top + updates_name_rows,
        updates,
        update_groups,
        update_group_row: update_rows_used,
        lanes_bottom,
        axis_y,
        ticks,
        axis_title,
        legend,
        legend_y,
        clustered,
    })
}

/// The lane of one deployment: its name wrapped into `name_width`, its windows as bars.
fn lane_of(
    d: &crate::analysis::DeploymentImpact,
    fmt: &TimeFormatter,
    scale: &Scale,
    plot_x1: f64,
    name_width: f64,
) -> Lane {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_never_overlaps() {
        let mut rows = Vec::new();
        let spans = [(0.0, 20.0), (10.0, 30.0), (15.0, 35.0), (40.0, 60.0)];
        let placed: Vec<_> = spans.iter().map(|(a, b)| place(&mut rows, *a, *b, 10)).collect();
        assert_eq!(placed, vec![Some(0), Some(1), Some(2), Some(0)]);
        assert_eq!(place(&mut rows, 41.0, 50.0, 3), Some(1));
        assert_eq!(place(&mut rows, 42.0, 50.0, 3), Some(2));
        assert_eq!(place(&mut rows, 43.0, 50.0, 3), None, "no fourth row under a cap of 3");
    }

    #[test]
    fn crowded_markers_are_grouped_into_labelled_ranges() {
        // Ten markers 20 px wide, 2 px apart: two rows take two, the rest form one group.
        let spans: Vec<Span> =
            (0..10).map(|i| (f64::from(i) * 2.0, f64::from(i) * 2.0 + 20.0, i as usize + 1)).collect();
        let (placed, groups) = place_or_group(&spans, 2, true);
        assert_eq!(placed.iter().map(|p| p.0.2).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].label(), "3–10");
        let gapped = Group { x0: 0.0, x1: 1.0, members: vec![5, 6, 9], events: true };
        assert_eq!(gapped.label(), "5–6, 9");
        let scattered = Group { x0: 0.0, x1: 1.0, members: vec![2, 4, 6, 8], events: true };
        assert_eq!(scattered.label(), "4 in 2–8");
        let updates = Group { x0: 0.0, x1: 1.0, members: vec![0, 1, 2], events: false };
        assert_eq!(updates.label(), "3 updates");
        // Groups never overlap one another, and every marker is drawn once.
        let many: Vec<Span> =
            (0..3000).map(|i| (f64::from(i) * 0.3, f64::from(i) * 0.3 + 22.0, i as usize + 1)).collect();
        let (placed, groups) = place_or_group(&many, 3, true);
        assert!(groups.windows(2).all(|p| p[0].right() + GAP <= p[1].x0));
        assert_eq!(placed.len() + groups.iter().map(|g| g.members.len()).sum::<usize>(), 3000);
    }
}
