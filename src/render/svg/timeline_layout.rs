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
use super::timeline_lanes::{Lane, LaneFrame, NAME_LINE, stack_lanes};
use super::{NAME_TEXT, TEXT, text_width};
use crate::model::{ImpactStatus, UpdateStatus};
use crate::pipeline::Checked;
use crate::render::context::{TimeFormatter, timeline_order};

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
    members: Vec<usize>,
    /// The members as runs of consecutive indexes, kept as members join: the label reads them
    /// without walking every member (a group is measured each time one joins).
    runs: Vec<(usize, usize)>,
    pub events: bool,
}

impl Group {
    pub fn new(x0: f64, x1: f64, members: &[usize], events: bool) -> Group {
        let mut group = Group { x0, x1, members: Vec::new(), runs: Vec::new(), events };
        for &member in members {
            group.push(member);
        }
        group
    }

    /// Add the next member (indexes come in increasing order).
    pub fn push(&mut self, member: usize) {
        self.members.push(member);
        match self.runs.last_mut() {
            Some((_, last)) if *last + 1 == member => *last = member,
            _ => self.runs.push((member, member)),
        }
    }

    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// "5–8", "5–6, 9", "12 in 5–40"; "3 updates".
    pub fn label(&self) -> String {
        if !self.events {
            return format!(
                "{} update{}",
                self.members.len(),
                if self.members.len() == 1 { "" } else { "s" }
            );
        }
        let show = |(a, b): (usize, usize)| if a == b { a.to_string() } else { format!("{a}–{b}") };
        match self.runs.as_slice() {
            [] => String::new(),
            [one] => show(*one),
            [a, b] => format!("{}, {}", show(*a), show(*b)),
            [first, .., last] => format!("{} in {}–{}", self.members.len(), first.0, last.1),
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
                group.push(index);
            }
            _ => groups.push(Group::new(from, to, &[index], events)),
        }
    }
    (placed, groups)
}

/// A group of one is drawn as the item itself, on the overflow row (`row`): groups keep apart,
/// and an item is narrower than its group's pill. `spans` are in order of their index.
fn singles_onto_row(placed: &mut Vec<(Span, usize)>, groups: &mut Vec<Group>, spans: &[Span], row: usize) {
    groups.retain(|g| match g.members() {
        [only] => {
            if let Ok(at) = spans.binary_search_by_key(only, |s| s.2) {
                placed.push((spans[at], row));
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
    let fmt = TimeFormatter::for_incident(incident, zone);
    let frame = Frame::new(checked, options)?;
    let events = event_markers(checked, &fmt, &frame);
    let markers_top = 8.0;
    let lanes_top = markers_top + events.rows as f64 * MARKER_ROW + 6.0;
    let lane_frame = LaneFrame {
        fmt: &fmt,
        scale: &frame.scale,
        plot_x0: frame.plot_x0,
        plot_x1: frame.plot_x1,
        name_width: frame.name_width,
        names_above: frame.names_above,
    };
    let (lanes, updates_top) = stack_lanes(&checked.analysis.deployments, &lane_frame, lanes_top);
    let updates = update_marks(checked, &fmt, &frame);
    let updates_name_rows = if frame.names_above { NAME_LINE + 4.0 } else { 0.0 };
    let updates_height =
        if updates.any { updates_name_rows + updates.rows as f64 * UPDATE_ROW + 10.0 } else { 0.0 };
    let lanes_bottom = updates_top + updates_height;

    let axis_y = lanes_bottom + 4.0;
    let style = TickStyle { zone, mixed_zones: fmt.mixed_zones, multi_year: fmt.multi_year };
    let ticks = ticks(&frame.scale, style, frame.plot_x0.max(4.0), frame.width - 4.0);
    let title = format!("Time ({})", fmt.heading(incident));
    let in_column = !frame.names_above && text_width(&title, TEXT) + 14.0 <= frame.plot_x0;
    let axis_title = if in_column {
        (title, frame.plot_x0 - 10.0, axis_y + 14.0, true)
    } else {
        (title, frame.plot_x0, axis_y + 50.0, false)
    };
    let legend = legend_of(&lanes, &events, updates.any);
    // The legend sits 4 px under the axis title's row.
    let legend_y = (axis_y + if in_column { 52.0 } else { 72.0 }) + 4.0;
    let height = legend_y + legend.rows(10.0, frame.width - 10.0) as f64 * super::legend::ROW;
    Some(Layout {
        id: options.id.clone(),
        width: frame.width,
        height,
        names_above: frame.names_above,
        plot_x0: frame.plot_x0,
        plot_x1: frame.plot_x1,
        scale: frame.scale,
        markers_top,
        markers: events.marks,
        event_groups: events.groups,
        group_row: events.group_row,
        clustered: events.clustered,
        lanes,
        lanes_top,
        updates_top: updates_top + updates_name_rows,
        updates: updates.marks,
        update_groups: updates.groups,
        update_group_row: updates.group_row,
        lanes_bottom,
        axis_y,
        ticks,
        axis_title,
        legend,
        legend_y,
    })
}

/// The chart's horizontal frame: its width, the plot's extent beside (or under) the lane names,
/// and the time scale over every instant and window of the incident.
struct Frame {
    width: f64,
    names_above: bool,
    plot_x0: f64,
    plot_x1: f64,
    name_width: f64,
    scale: Scale,
}

impl Frame {
    fn new(checked: &Checked, options: &ChartOptions) -> Option<Frame> {
        let analysis = &checked.analysis;
        let mut instants: Vec<i64> = checked.incident.instants().map(|t| t.timestamp()).collect();
        if instants.is_empty() {
            return None;
        }
        let covered: Vec<(i64, i64)> =
            analysis.windows().filter_map(|w| Some((w.start?.timestamp(), w.end?.timestamp()))).collect();
        instants.sort_unstable();
        instants.dedup();
        let width = f64::from(options.width.clamp(300, 4000));
        let names_above = options.names_above();
        let any_open = analysis.windows().any(|w| w.start.is_some() && w.end.is_none());
        let right = 12.0 + if any_open { 64.0 } else { 0.0 };
        let plot_x0 = if names_above {
            10.0
        } else {
            let longest = analysis
                .deployments
                .iter()
                .map(|d| d.name.as_str())
                .chain(std::iter::once("Status updates"))
                .map(|n| text_width(n, NAME_TEXT))
                .fold(0.0, f64::max);
            (longest + 20.0).clamp(110.0, (width * 0.28).max(110.0))
        };
        let plot_x1 = width - right;
        let scale = Scale::new(&instants, &covered, plot_x0, plot_x1);
        let name_width = if names_above { width - 20.0 } else { plot_x0 - 14.0 };
        Some(Frame { width, names_above, plot_x0, plot_x1, name_width, scale })
    }

    fn x(&self, at: DateTime<Utc>) -> f64 {
        self.scale.x(at.timestamp())
    }
}

/// One row of marks (event markers or status updates) as placed: the marks on their rows, the
/// crowded ones grouped with their tooltips, and the rows it takes.
struct MarkRows {
    marks: Vec<Mark>,
    groups: Vec<(Group, String)>,
    /// The row the groups and the singles pushed out of the rows are drawn on.
    group_row: usize,
    rows: usize,
    /// Marks drawn in a group rather than on their own.
    clustered: usize,
    any: bool,
}

/// Rows taken by `placed` marks plus, when anything was grouped or pushed down, the group row.
fn rows_with_overflow(rows_used: usize, marks: &[Mark], groups: &[(Group, String)]) -> usize {
    (rows_used + usize::from(!groups.is_empty() || placed_rows(marks) > rows_used)).max(1)
}

/// The numbered event markers in rows; the crowded ones grouped.
fn event_markers(checked: &Checked, fmt: &TimeFormatter, frame: &Frame) -> MarkRows {
    let incident = &checked.incident;
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
            let cx = frame.x(incident.event_times.get(*index).copied().flatten()?);
            let r = marker_radius(position + 1);
            Some((cx - r, cx + r, position + 1))
        })
        .collect();
    let (mut placed, mut groups) = place_or_group(&spans, MAX_MARKER_ROWS, true);
    let rows_used = placed.iter().map(|(_, row)| row + 1).max().unwrap_or(0);
    singles_onto_row(&mut placed, &mut groups, &spans, rows_used);
    let marks: Vec<Mark> = placed
        .into_iter()
        .map(|((from, to, number), row)| Mark {
            x: (from + to) / 2.0,
            row,
            index: number,
            title: event_title(number),
            label: None,
        })
        .collect();
    let clustered = groups.iter().map(|g| g.members().len()).sum();
    let groups: Vec<(Group, String)> = groups
        .into_iter()
        .map(|g| {
            let title = std::iter::once(format!("Events {}:", g.label()))
                .chain(g.members().iter().map(|n| event_title(*n)))
                .collect::<Vec<_>>()
                .join("\n");
            (g, title)
        })
        .collect();
    let rows = rows_with_overflow(rows_used, &marks, &groups);
    MarkRows { any: !spans.is_empty(), marks, groups, group_row: rows_used, rows, clustered }
}

/// The status updates: diamonds with their labels, in rows; the crowded ones grouped.
fn update_marks(checked: &Checked, fmt: &TimeFormatter, frame: &Frame) -> MarkRows {
    let mut ordered: Vec<_> = checked.incident.updates().filter_map(|(i, u, at)| Some((at?, i, u))).collect();
    ordered.sort_by_key(|(at, i, _)| (*at, *i));
    let mut spans: Vec<Span> = Vec::new();
    let mut meta = Vec::new();
    for (k, (at, _, update)) in ordered.iter().enumerate() {
        let ux = frame.x(*at);
        let label = update.status.label().to_string();
        let w = text_width(&label, TEXT);
        let left = ux + 12.0 + w > frame.width - 4.0;
        let (from, to) = if left { (ux - 12.0 - w, ux + 8.0) } else { (ux - 8.0, ux + 12.0 + w) };
        spans.push((from, to, k));
        let text = update.text.as_deref().map(str::trim).unwrap_or("");
        let title = format!("{} {} — {text}", fmt.time(*at).label, update.status.label());
        meta.push((ux, label, left, update_class(update.status), title));
    }
    let (mut placed, mut groups) = place_or_group(&spans, MAX_UPDATE_ROWS, false);
    let rows_used = placed.iter().map(|(_, row)| row + 1).max().unwrap_or(0);
    singles_onto_row(&mut placed, &mut groups, &spans, rows_used);
    let marks: Vec<Mark> = placed
        .into_iter()
        .map(|((_, _, k), row)| {
            let (ux, label, left, class, title) = meta[k].clone();
            Mark { x: ux, row, index: k, title, label: Some((label, left, class)) }
        })
        .collect();
    let clustered = groups.iter().map(|g| g.members().len()).sum();
    let groups: Vec<(Group, String)> = groups
        .into_iter()
        .map(|g| {
            let title = std::iter::once(format!("{}:", g.label()))
                .chain(g.members().iter().map(|k| meta[*k].4.clone()))
                .collect::<Vec<_>>()
                .join("\n");
            (g, title)
        })
        .collect();
    let rows = rows_with_overflow(rows_used, &marks, &groups);
    MarkRows { any: !ordered.is_empty(), marks, groups, group_row: rows_used, rows, clustered }
}

/// The legend: a key for each status drawn, planned maintenance, markers, groups and updates.
fn legend_of(lanes: &[Lane], events: &MarkRows, has_updates: bool) -> Legend {
    let mut legend = Legend::default();
    for status in ImpactStatus::ALL {
        if lanes.iter().any(|l| l.bars.iter().any(|b| b.status == status && !b.planned)) {
            legend.push(status.label(), Key::Status(status));
        }
    }
    if lanes.iter().any(|l| l.bars.iter().any(|b| b.planned)) {
        legend.push("Planned maintenance", Key::Planned);
    }
    if !events.marks.is_empty() || !events.groups.is_empty() {
        legend.push("Event (number in the timeline list)", Key::Marker);
    }
    if !events.groups.is_empty() {
        legend.push("Events too close to draw apart", Key::Cluster);
    }
    if has_updates {
        legend.push("Status update", Key::Update);
    }
    legend
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
        let gapped = Group::new(0.0, 1.0, &[5, 6, 9], true);
        assert_eq!(gapped.label(), "5–6, 9");
        let scattered = Group::new(0.0, 1.0, &[2, 4, 6, 8], true);
        assert_eq!(scattered.label(), "4 in 2–8");
        let updates = Group::new(0.0, 1.0, &[0, 1, 2], false);
        assert_eq!(updates.label(), "3 updates");
        // Groups never overlap one another, and every marker is drawn once.
        let many: Vec<Span> =
            (0..3000).map(|i| (f64::from(i) * 0.3, f64::from(i) * 0.3 + 22.0, i as usize + 1)).collect();
        let (placed, groups) = place_or_group(&many, 3, true);
        assert!(groups.windows(2).all(|p| p[0].right() + GAP <= p[1].x0));
        assert_eq!(placed.len() + groups.iter().map(|g| g.members().len()).sum::<usize>(), 3000);
    }

    #[test]
    fn a_group_is_measured_from_its_runs_not_from_every_member() {
        // A hundred thousand crowded events keep a few runs: measuring it as each
        // event joins reads that run, so grouping many events is linear in their number.
        let many: Vec<Span> =
            (0..100_000).map(|i| (f64::from(i) * 0.01, f64::from(i) * 0.01 + 22.0, i as usize + 1)).collect();
        let (placed, groups) = place_or_group(&many, 3, true);
        let members: usize = groups.iter().map(|g| g.members().len()).sum();
        assert_eq!(placed.len() + members, 100_000);
        assert!(members > 99_000, "{members}");
        // A run ends only where a marker was placed on a row instead.
        let runs: usize = groups.iter().map(|g| g.runs.len()).sum();
        assert!(runs <= placed.len() + groups.len(), "{runs} runs");
    }
}
