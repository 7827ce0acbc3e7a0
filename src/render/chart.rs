//! The timeline chart as SVG, drawn with plotters' SVG backend (no font features, so no system
//! fonts are read): one lane per deployment with its windows coloured by status, planned
//! maintenance hatched and lighter, the events as numbered markers keyed to the timeline list,
//! status updates on their own lane, the axis in the display zone with dates at day changes,
//! and long quiet stretches compressed so a short outage is not a sliver.
//!
//! Layout is computed first (rows for markers and labels, so nothing overlaps), then drawn.
//! The output depends only on the incident and the zone: no clock, no randomness.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::context::{TimeFormatter, timeline_order};
use crate::model::{ImpactStatus, UpdateStatus};
use crate::pipeline::Checked;
use crate::time::{format_duration, format_in_zone};

pub(crate) const RIGHT: f64 = 28.0;
pub(crate) const TOP: i32 = 14;
const MARKER_RADIUS: i32 = 10;
const MARKER_ROW: i32 = 26;
pub(crate) const LANE_HEIGHT: i32 = 38;
pub(crate) const BAR_HEIGHT: i32 = 22;
const LABEL_ROW: i32 = 16;
const BREAK_WIDTH: f64 = 64.0;
pub(crate) const FONT: &str = "sans-serif";
/// plotters writes `font-size` as the given size / 1.24; sizes here are in pixels.
pub(crate) const FONT_SCALE: f64 = 1.24;

pub(crate) const INK: RGBColor = RGBColor(36, 41, 47);
pub(crate) const MUTED: RGBColor = RGBColor(87, 96, 106);
pub(crate) const GRID: RGBColor = RGBColor(216, 222, 228);
pub(crate) const LANE_SHADE: RGBColor = RGBColor(246, 248, 250);
/// One colour per data series (deployments in the report's charts), kept clear of the status
/// colours so a series never reads as an outage.
pub(crate) const SERIES: [RGBColor; 6] = [
    RGBColor(31, 111, 235),
    RGBColor(27, 124, 131),
    RGBColor(130, 80, 223),
    RGBColor(191, 57, 137),
    RGBColor(99, 110, 123),
    RGBColor(140, 86, 75),
];
const BREAK_SHADE: RGBColor = RGBColor(234, 238, 242);

/// Options for one chart.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// Prefix of the ids inside the SVG (for `aria-labelledby`); distinct per chart on a page.
    pub id: String,
    /// Width in pixels; below 700 the lane names get a narrower column (phones).
    pub width: u32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions { id: "pm-timeline".to_string(), width: 960 }
    }
}

impl ChartOptions {
    /// The variant HTML pages show on narrow screens.
    pub fn narrow() -> Self {
        ChartOptions { id: "pm-timeline-narrow".to_string(), width: 520 }
    }

    pub(crate) fn left(&self) -> f64 {
        if self.width < 700 { 118.0 } else { 190.0 }
    }
}

pub fn status_colour(status: ImpactStatus) -> RGBColor {
    match status {
        ImpactStatus::MajorOutage => RGBColor(207, 34, 46),
        ImpactStatus::PartialOutage => RGBColor(230, 126, 34),
        ImpactStatus::DegradedPerformance => RGBColor(212, 167, 44),
        ImpactStatus::UnderMaintenance => RGBColor(9, 105, 218),
    }
}

fn update_colour(status: UpdateStatus) -> RGBColor {
    match status {
        UpdateStatus::Investigating | UpdateStatus::InProgress => RGBColor(207, 34, 46),
        UpdateStatus::Identified => RGBColor(230, 126, 34),
        UpdateStatus::Monitoring | UpdateStatus::Verifying => RGBColor(9, 105, 218),
        UpdateStatus::Resolved | UpdateStatus::Completed => RGBColor(26, 127, 55),
        UpdateStatus::Scheduled => MUTED,
    }
}

/// Text on a bar of this colour.
fn ink_on(colour: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = colour;
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luminance > 150.0 { INK } else { WHITE }
}

pub(crate) fn style<'a>(size: f64, colour: &'a RGBColor, pos: Pos) -> TextStyle<'a> {
    TextStyle::from((FONT, size * FONT_SCALE).into_font()).color(colour).pos(pos)
}

/// Width of a label in pixels at `size` px: a generous average glyph width for sans-serif, so
/// labels placed by it keep apart whatever font the viewer substitutes.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A stretch of the time axis: shown to scale, or compressed to a fixed-width break.
#[derive(Debug, Clone, Copy)]
struct Segment {
    t0: i64,
    t1: i64,
    x0: f64,
    x1: f64,
    compressed: bool,
}

/// Piecewise-linear map from instants to x.
#[derive(Debug, Clone)]
struct Scale {
    segments: Vec<Segment>,
    pixels_per_second: f64,
}

impl Scale {
    /// `instants` sorted; `covered` are the bounded windows (a gap inside one is never compressed).
    fn new(instants: &[i64], covered: &[(i64, i64)], x0: f64, x1: f64) -> Scale {
        let (first, last) = match (instants.first(), instants.last()) {
            (Some(f), Some(l)) if l > f => (*f, *l),
            (Some(f), _) => (*f - 1800, *f + 1800),
            _ => (0, 3600),
        };
        let total = (last - first) as f64;
        // A gap is quiet when nothing happens in it and no window spans it; it is compressed
        // when it would otherwise take more than a quarter of the width.
        let mut gaps: Vec<(i64, i64)> = Vec::new();
        for pair in instants.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let quiet = !covered.iter().any(|(s, e)| *s < b && *e > a);
            if quiet && (b - a) as f64 > total * 0.25 && b - a > 2 * 3600 {
                gaps.push((a, b));
            }
        }
        let active: i64 = (last - first) - gaps.iter().map(|(a, b)| b - a).sum::<i64>();
        let pad = ((active as f64) * 0.03).max(600.0) as i64;
        let (start, end) = (first - pad, last + pad);
        let scaled_seconds = (active + 2 * pad).max(1) as f64;
        let available = (x1 - x0 - BREAK_WIDTH * gaps.len() as f64).max(50.0);
        let pps = available / scaled_seconds;
        let mut segments = Vec::new();
        let mut t = start;
        let mut x = x0;
        for (a, b) in gaps {
            let w = (a - t) as f64 * pps;
            segments.push(Segment { t0: t, t1: a, x0: x, x1: x + w, compressed: false });
            x += w;
            segments.push(Segment { t0: a, t1: b, x0: x, x1: x + BREAK_WIDTH, compressed: true });
            x += BREAK_WIDTH;
            t = b;
        }
        segments.push(Segment { t0: t, t1: end, x0: x, x1: x + (end - t) as f64 * pps, compressed: false });
        Scale { segments, pixels_per_second: pps }
    }

    fn start(&self) -> i64 {
        self.segments.first().map_or(0, |s| s.t0)
    }

    fn end(&self) -> i64 {
        self.segments.last().map_or(0, |s| s.t1)
    }

    fn x(&self, t: i64) -> f64 {
        let t = t.clamp(self.start(), self.end());
        let segment = self.segments.iter().find(|s| t >= s.t0 && t <= s.t1).or(self.segments.last());
        match segment {
            Some(s) if s.t1 > s.t0 => s.x0 + (s.x1 - s.x0) * (t - s.t0) as f64 / (s.t1 - s.t0) as f64,
            Some(s) => s.x0,
            None => 0.0,
        }
    }
}

/// Space kept between items placed on one row.
const GAP: f64 = 4.0;
/// Rows of numbered event markers; markers that find no room in them go to one more row, where
/// crowded ones share a "+N" cluster. Without a cap, thousands of events stack rows thousands of
/// pixels high.
const MAX_MARKER_ROWS: usize = 4;
/// Rows of status-update labels; beyond them an update keeps its diamond but not its label.
const MAX_UPDATE_ROWS: usize = 4;

/// Greedy rows: the first row whose last item ends left of `from` (with a gap) takes the item;
/// a new row is opened while there are fewer than `cap`, else `None`.
fn place(rows: &mut Vec<f64>, from: f64, to: f64, cap: usize) -> Option<usize> {
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

/// Event markers that found no row, drawn together on the overflow row: a numbered marker
/// when alone, else a "+N" pill over the stretch they cover.
#[derive(Debug, Clone, PartialEq)]
struct Cluster {
    /// Left edge of the first member's marker and right edge of the last one's.
    x0: f64,
    x1: f64,
    /// Timeline numbers of the members, in order.
    numbers: Vec<usize>,
}

impl Cluster {
    fn label(&self) -> String {
        match self.numbers.as_slice() {
            [only] => only.to_string(),
            all => format!("+{}", all.len()),
        }
    }

    /// Right edge as drawn: the pill is at least as wide as its label.
    fn right(&self) -> f64 {
        self.x0 + (self.x1 - self.x0).max(text_width(&self.label(), 12.0) + 12.0)
    }
}

/// Markers in time order (`from`, `to`, number) into at most `cap` rows, the rest clustered.
fn place_markers(spans: &[(f64, f64, usize)], cap: usize) -> (Vec<(f64, usize, usize)>, Vec<Cluster>) {
    let mut rows: Vec<f64> = Vec::new();
    let mut placed = Vec::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    for &(from, to, number) in spans {
        if let Some(row) = place(&mut rows, from, to, cap) {
            placed.push(((from + to) / 2.0, row, number));
            continue;
        }
        match clusters.last_mut() {
            Some(cluster) if from < cluster.right() + GAP => {
                cluster.x1 = cluster.x1.max(to);
                cluster.numbers.push(number);
            }
            _ => clusters.push(Cluster { x0: from, x1: to, numbers: vec![number] }),
        }
    }
    (placed, clusters)
}

/// One tick of the time axis.
struct Tick {
    x: f64,
    time: String,
    date: Option<String>,
}

/// Ticks aligned to round local times, spaced at least ~70 px, with the date at each day change.
fn ticks(scale: &Scale, zone: Tz, left: f64) -> Vec<Tick> {
    const STEPS_MIN: [i64; 10] = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
    let step_min = STEPS_MIN
        .iter()
        .copied()
        .find(|m| (*m * 60) as f64 * scale.pixels_per_second >= 70.0)
        .unwrap_or(1440 * ((70.0 / (86_400.0 * scale.pixels_per_second)).ceil().max(1.0) as i64));
    let step = step_min * 60;
    let mut out: Vec<Tick> = Vec::new();
    let mut last_date: Option<String> = None;
    let mut time_rows: Vec<f64> = Vec::new();
    for segment in scale.segments.iter().filter(|s| !s.compressed) {
        let Some(start) = DateTime::<Utc>::from_timestamp(segment.t0, 0) else { continue };
        let local = start.with_timezone(&zone);
        let midnight = local.date_naive().and_time(NaiveTime::MIN);
        let since_midnight = i64::from(local.num_seconds_from_midnight());
        let first_offset = (since_midnight + step - 1) / step * step;
        let Some(first_wall) = midnight.checked_add_signed(Duration::seconds(first_offset)) else { continue };
        // The first round wall time in the segment; a wall time lost to DST falls back to UTC stepping.
        let mut t = zone.from_local_datetime(&first_wall).earliest().map_or(segment.t0, |dt| dt.timestamp());
        while t <= segment.t1 {
            let Some(at) = DateTime::<Utc>::from_timestamp(t, 0) else { break };
            let x = scale.x(t);
            let time = format_in_zone(at, zone, "%H:%M");
            let date = format_in_zone(at, zone, "%b %-d");
            let half = text_width(&time, 12.0) / 2.0;
            // A label that would collide with the previous one is left out, not overlapped.
            if time_rows.last().is_none_or(|end| *end + 6.0 <= x - half) && x - half >= left - 20.0 {
                time_rows.push(x + half);
                let show_date = last_date.as_deref() != Some(date.as_str());
                if show_date {
                    last_date = Some(date.clone());
                }
                out.push(Tick { x, time, date: show_date.then_some(date) });
            }
            t += step;
        }
    }
    out
}

const PLANNED_LEGEND: &str = "Planned (hatched; solid: interruption)";
const EVENT_LEGEND: &str = "Event (number in the timeline list)";
const UPDATE_LEGEND: &str = "Status update";

pub(crate) fn legend_item_width(label: &str) -> i32 {
    22 + text_width(label, 12.0).ceil() as i32 + 18
}

/// How a legend item is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled square: a status window or a data series.
    Solid(RGBColor),
    /// Light, hatched and outlined: planned maintenance.
    Planned(RGBColor),
    /// A disc: an event marker.
    Circle(RGBColor),
    /// A diamond: a status update.
    Diamond(RGBColor),
    /// A short thick line: a line series.
    Line(RGBColor),
}

/// The key under a chart: swatches with labels, wrapping onto rows of 18 px.
#[derive(Debug, Default)]
pub(crate) struct Legend {
    items: Vec<(String, Swatch)>,
}

impl Legend {
    pub(crate) fn push(&mut self, label: &str, swatch: Swatch) {
        self.items.push((label.to_string(), swatch));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Where each item goes between `x0` and `x1`, as (x, row).
    fn positions(&self, x0: i32, x1: i32) -> Vec<(i32, i32)> {
        let mut out = Vec::with_capacity(self.items.len());
        let (mut x, mut row) = (x0, 0);
        for (label, _) in &self.items {
            let w = legend_item_width(label);
            if x + w > x1 && x > x0 {
                x = x0;
                row += 1;
            }
            out.push((x, row));
            x += w;
        }
        out
    }

    /// Rows the legend takes between `x0` and `x1` (at least one, so charts keep their height).
    pub(crate) fn rows(&self, x0: i32, x1: i32) -> i32 {
        self.positions(x0, x1).last().map_or(1, |(_, row)| row + 1)
    }

    /// Draw it with its first row centred on `y`.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, plotters::coord::Shift>,
        x0: i32,
        x1: i32,
        y: i32,
    ) -> Result<(), String> {
        let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing the legend: {err}");
        for ((label, swatch), (lx, row)) in self.items.iter().zip(self.positions(x0, x1)) {
            let ly = y + row * 18;
            match *swatch {
                Swatch::Solid(colour) => {
                    area.draw(&Rectangle::new([(lx, ly - 6), (lx + 14, ly + 6)], colour.filled()))
                        .map_err(e)?;
                }
                Swatch::Planned(colour) => {
                    area.draw(&Rectangle::new([(lx, ly - 6), (lx + 14, ly + 6)], colour.mix(0.18).filled()))
                        .map_err(e)?;
                    area.draw(&PathElement::new(
                        vec![(lx, ly + 6), (lx + 12, ly - 6)],
                        colour.mix(0.55).stroke_width(1),
                    ))
                    .map_err(e)?;
                    area.draw(&Rectangle::new([(lx, ly - 6), (lx + 14, ly + 6)], colour.stroke_width(1)))
                        .map_err(e)?;
                }
                Swatch::Circle(colour) => {
                    area.draw(&Circle::new((lx + 7, ly), 7, colour.filled())).map_err(e)?;
                }
                Swatch::Diamond(colour) => {
                    area.draw(&Polygon::new(
                        vec![(lx + 7, ly - 7), (lx + 14, ly), (lx + 7, ly + 7), (lx, ly)],
                        colour.filled(),
                    ))
                    .map_err(e)?;
                }
                Swatch::Line(colour) => {
                    area.draw(&PathElement::new(vec![(lx, ly), (lx + 14, ly)], colour.stroke_width(3)))
                        .map_err(e)?;
                }
            }
            let ts = style(12.0, &INK, Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(label.clone(), (lx + 20, ly), ts)).map_err(e)?;
        }
        Ok(())
    }
}

/// A planned-maintenance window: light fill, diagonal hatching clipped to the bar, outline.
pub(crate) fn planned_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing a planned window: {err}");
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.mix(0.18).filled())).map_err(e)?;
    let height = y1 - y0;
    let mut hx = x0 - height;
    while hx < x1 {
        let (ax, ay) = (hx.max(x0), y1 - (hx.max(x0) - hx));
        let (cx, cy) = ((hx + height).min(x1), y1 - ((hx + height).min(x1) - hx));
        area.draw(&PathElement::new(vec![(ax, ay), (cx, cy)], colour.mix(0.55).stroke_width(1)))
            .map_err(e)?;
        hx += 7;
    }
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.stroke_width(1))).map_err(e)?;
    Ok(())
}

/// One tick of a time axis at `x`: a grid line from `grid_top`, the tick, its label and, at a
/// change of day (or year), the bold date beneath.
pub(crate) fn tick_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    x: i32,
    grid_top: i32,
    axis_y: i32,
    label: &str,
    date: Option<&str>,
) -> Result<(), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing the axis: {err}");
    area.draw(&PathElement::new(vec![(x, grid_top), (x, axis_y)], GRID.stroke_width(1))).map_err(e)?;
    area.draw(&PathElement::new(vec![(x, axis_y), (x, axis_y + 5)], MUTED.stroke_width(1))).map_err(e)?;
    let ts = style(12.0, &INK, Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(label.to_string(), (x, axis_y + 8), ts)).map_err(e)?;
    if let Some(date) = date {
        let ts = TextStyle::from((FONT, 12.0 * FONT_SCALE).into_font().style(FontStyle::Bold))
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(date.to_string(), (x, axis_y + 23), ts)).map_err(e)?;
    }
    Ok(())
}

/// The axis title ("Time (UTC)"), ending at `right`, level with the tick labels.
pub(crate) fn axis_title_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    right: i32,
    axis_y: i32,
) -> Result<(), String> {
    let ts = style(12.0, &MUTED, Pos::new(HPos::Right, VPos::Top));
    area.draw(&Text::new(title.to_string(), (right, axis_y + 8), ts))
        .map_err(|err| format!("drawing the axis: {err}"))?;
    Ok(())
}

/// Radius of event marker `number`: wider from two digits on.
fn marker_radius(number: usize) -> i32 {
    MARKER_RADIUS + if number >= 10 { 3 } else { 0 }
}

/// A window as drawn.
struct Bar {
    x0: f64,
    x1: f64,
    /// End of the counted stretch when a declared duration is shorter than the window.
    counted_x1: Option<f64>,
    open: bool,
    status: ImpactStatus,
    planned: bool,
    label: String,
}

struct Lane {
    name: String,
    bars: Vec<Bar>,
    /// Windows whose times are unknown: status labels shown as a note in the lane.
    unknown: Vec<String>,
}

/// Draw the timeline chart of a checked incident, times in `zone`.
pub fn timeline_svg(checked: &Checked, zone: Tz, options: &ChartOptions) -> Result<String, String> {
    let incident = &checked.incident;
    let analysis = &checked.analysis;
    let fmt = TimeFormatter::for_incident(incident, zone);

    // Every instant that must be on the axis, and the windows that keep gaps from compressing.
    let mut instants: Vec<i64> =
        super::context::all_instants(incident).iter().map(DateTime::timestamp).collect();
    let mut covered: Vec<(i64, i64)> = Vec::new();
    for w in analysis.windows() {
        if let (Some(s), Some(e)) = (w.start, w.end) {
            covered.push((s.timestamp(), e.timestamp()));
        }
        if let Some((_, end)) = w.counted(None) {
            instants.push(end.timestamp());
        }
    }
    instants.sort_unstable();
    instants.dedup();
    let width = options.width.clamp(320, 4000);
    let left = options.left();
    let x_end = f64::from(width) - RIGHT;
    let scale = Scale::new(&instants, &covered, left, x_end);
    let x = |at: DateTime<Utc>| scale.x(at.timestamp());

    // Lanes.
    let lanes: Vec<Lane> = analysis
        .deployments
        .iter()
        .map(|d| {
            let mut bars = Vec::new();
            let mut unknown = Vec::new();
            for w in &d.windows {
                let Some(start) = w.start else {
                    unknown.push(w.status.label().to_lowercase());
                    continue;
                };
                let (end, open) = match w.end {
                    Some(end) => (x(end), false),
                    None => (scale.x(scale.end()), true),
                };
                let counted_x1 = match (w.end, w.counted(None)) {
                    (Some(end), Some((_, counted))) if counted < end => Some(x(counted)),
                    _ => None,
                };
                let mut label = w.status.label().to_string();
                if w.planned {
                    label.push_str(" (planned)");
                }
                if let Some(secs) = w.duration_seconds {
                    label.push_str(&format!(" · {}", format_duration(secs)));
                }
                bars.push(Bar {
                    x0: x(start),
                    x1: end.max(x(start) + 2.0),
                    counted_x1,
                    open,
                    status: w.status,
                    planned: w.planned,
                    label,
                });
            }
            Lane { name: d.name.clone(), bars, unknown }
        })
        .collect();

    // Event markers, numbered as in the timeline list, in rows so circles never overlap; the
    // timeline order is by time, so the markers go left to right.
    let spans: Vec<(f64, f64, usize)> = timeline_order(incident)
        .into_iter()
        .enumerate()
        .filter_map(|(position, index)| {
            let cx = x(incident.event_times.get(index).copied().flatten()?);
            let r = f64::from(marker_radius(position + 1));
            Some((cx - r, cx + r, position + 1))
        })
        .collect();
    let (markers, clusters) = place_markers(&spans, MAX_MARKER_ROWS);
    let marker_rows_used = markers.iter().map(|(_, row, _)| row + 1).max().unwrap_or(0);
    let cluster_row = marker_rows_used;
    // Update markers on their lane, labels in rows beneath it (a label with no room is left out).
    let mut update_rows: Vec<f64> = Vec::new();
    let mut updates: Vec<(f64, Option<usize>, UpdateStatus)> = Vec::new();
    let mut ordered: Vec<_> = incident.updates().filter_map(|(_, u, at)| Some((at?, u.status))).collect();
    ordered.sort_by_key(|(at, _)| *at);
    for (at, status) in ordered {
        let ux = x(at);
        let half = text_width(status.label(), 12.0) / 2.0;
        let row = place(&mut update_rows, ux - half, ux + half, MAX_UPDATE_ROWS);
        updates.push((ux, row, status));
    }

    let marker_rows_n = (marker_rows_used + usize::from(!clusters.is_empty())).max(1) as i32;
    let lanes_top = TOP + marker_rows_n * MARKER_ROW + 6;
    let updates_lane_top = lanes_top + lanes.len() as i32 * LANE_HEIGHT;
    let update_labels_top = updates_lane_top + LANE_HEIGHT;
    let axis_y = update_labels_top + update_rows.len().max(1) as i32 * LABEL_ROW + 8;
    let legend_y = axis_y + 48;
    let statuses: Vec<ImpactStatus> = ImpactStatus::ALL
        .into_iter()
        .filter(|s| lanes.iter().any(|l| l.bars.iter().any(|b| b.status == *s && !b.planned)))
        .collect();
    let any_planned = lanes.iter().any(|l| l.bars.iter().any(|b| b.planned));
    let mut legend = Legend::default();
    for status in &statuses {
        legend.push(status.label(), Swatch::Solid(status_colour(*status)));
    }
    if any_planned {
        legend.push(PLANNED_LEGEND, Swatch::Planned(status_colour(ImpactStatus::UnderMaintenance)));
    }
    if !markers.is_empty() {
        legend.push(EVENT_LEGEND, Swatch::Circle(INK));
    }
    if !updates.is_empty() {
        legend.push(UPDATE_LEGEND, Swatch::Diamond(MUTED));
    }
    let legend_rows = legend.rows(left.round() as i32, x_end.round() as i32);
    let height = (legend_y + legend_rows * 18 + 16) as u32;

    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let e = |err: DrawingAreaErrorKind<_>| format!("drawing the chart: {err}");
        let px = |v: f64| v.round() as i32;
        area.fill(&WHITE).map_err(e)?;
        let (plot_x0, plot_x1) = (px(left), px(x_end));

        // Lane backgrounds and names.
        let mut lane_names: Vec<String> =
            lanes.iter().map(|l| truncate(&l.name, ((left - 16.0) / (14.0 * 0.6)) as usize)).collect();
        lane_names.push("Status updates".to_string());
        for (i, name) in lane_names.iter().enumerate() {
            let y0 = lanes_top + i as i32 * LANE_HEIGHT;
            if i % 2 == 0 {
                area.draw(&Rectangle::new([(plot_x0, y0), (plot_x1, y0 + LANE_HEIGHT)], LANE_SHADE.filled()))
                    .map_err(e)?;
            }
            let ts = style(14.0, &INK, Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(name.clone(), (plot_x0 - 10, y0 + LANE_HEIGHT / 2), ts)).map_err(e)?;
        }
        let lanes_bottom = updates_lane_top + LANE_HEIGHT;

        // Compressed stretches: a shaded break with its length.
        for s in scale.segments.iter().filter(|s| s.compressed) {
            let (bx0, bx1) = (px(s.x0) + 6, px(s.x1) - 6);
            area.draw(&Rectangle::new([(bx0, lanes_top), (bx1, lanes_bottom)], BREAK_SHADE.filled()))
                .map_err(e)?;
            for bx in [bx0, bx1] {
                let zigzag: Vec<(i32, i32)> =
                    (0..=6).map(|k| (bx + if k % 2 == 0 { -3 } else { 3 }, axis_y - 6 + k * 2)).collect();
                area.draw(&PathElement::new(zigzag, MUTED.stroke_width(1))).map_err(e)?;
            }
            let label = format!("{} later", format_duration(s.t1 - s.t0));
            let mid = px((s.x0 + s.x1) / 2.0);
            for (k, line) in label.split(' ').collect::<Vec<_>>().chunks(2).enumerate() {
                let ts = style(11.0, &MUTED, Pos::new(HPos::Center, VPos::Center));
                area.draw(&Text::new(line.join(" "), (mid, lanes_top + 12 + k as i32 * 12), ts))
                    .map_err(e)?;
            }
        }

        // Axis with ticks and grid lines.
        area.draw(&PathElement::new(vec![(plot_x0, axis_y), (plot_x1, axis_y)], MUTED.stroke_width(1)))
            .map_err(e)?;
        for tick in ticks(&scale, zone, left) {
            tick_mark(&area, px(tick.x), lanes_top, axis_y, &tick.time, tick.date.as_deref())?;
        }
        let axis_title = format!("Time ({})", fmt.heading(incident));
        axis_title_text(&area, &axis_title, plot_x0 - 10, axis_y)?;

        // Windows.
        for (i, lane) in lanes.iter().enumerate() {
            let y0 = lanes_top + i as i32 * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2;
            let y1 = y0 + BAR_HEIGHT;
            for bar in &lane.bars {
                let colour = status_colour(bar.status);
                let (bx0, bx1) = (px(bar.x0), px(bar.x1));
                if bar.planned {
                    planned_bar(&area, (bx0, y0), (bx1, y1), colour)?;
                } else {
                    let solid_end = bar.counted_x1.map_or(bx1, px);
                    if solid_end < bx1 {
                        area.draw(&Rectangle::new([(bx0, y0), (bx1, y1)], colour.mix(0.25).filled()))
                            .map_err(e)?;
                    }
                    area.draw(&Rectangle::new([(bx0, y0), (solid_end.max(bx0 + 2), y1)], colour.filled()))
                        .map_err(e)?;
                }
                if let (true, Some(cx1)) = (bar.planned, bar.counted_x1) {
                    // The interruption inside a planned window, solid.
                    area.draw(&Rectangle::new(
                        [(bx0, y0 + 5), (px(cx1).max(bx0 + 2), y1 - 5)],
                        colour.filled(),
                    ))
                    .map_err(e)?;
                }
                if bar.open {
                    let tip = vec![(bx1, y0 - 3), (bx1 + 8, (y0 + y1) / 2), (bx1, y1 + 3)];
                    area.draw(&Polygon::new(tip, colour.filled())).map_err(e)?;
                }
                let inside = !bar.planned && text_width(&bar.label, 12.0) + 10.0 <= bar.x1 - bar.x0;
                let overlaps = lane.bars.iter().filter(|o| o.x0 < bar.x1 && o.x1 > bar.x0).count() > 1;
                if inside && !overlaps {
                    let on_bar = ink_on(colour);
                    let ts = style(12.0, &on_bar, Pos::new(HPos::Left, VPos::Center));
                    area.draw(&Text::new(bar.label.clone(), (bx0 + 6, (y0 + y1) / 2), ts)).map_err(e)?;
                }
            }
            if !lane.unknown.is_empty() {
                let note = format!("{}: times not known", lane.unknown.join(", "));
                let ts = TextStyle::from((FONT, 12.0 * FONT_SCALE).into_font().style(FontStyle::Italic))
                    .color(&MUTED)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                let free = lane.bars.iter().all(|b| b.x0 > left + text_width(&note, 12.0) + 16.0);
                let ny = if free { (y0 + y1) / 2 } else { y1 + 6 };
                area.draw(&Text::new(note, (plot_x0 + 6, ny), ts)).map_err(e)?;
            }
        }

        // Event guide lines and numbered markers. A guide is one light line: a dashed one is
        // drawn by plotters as one element per dash, which made big incidents' charts huge.
        // Three- and four-digit numbers get a smaller font so they stay inside their marker.
        let marker_label = |text: &str| {
            let size = match text.chars().count() {
                0..=2 => 12.0,
                3 => 10.0,
                _ => 8.5,
            };
            TextStyle::from((FONT, size * FONT_SCALE).into_font().style(FontStyle::Bold))
                .color(&WHITE)
                .pos(Pos::new(HPos::Center, VPos::Center))
        };
        let row_y = |row: usize| TOP + MARKER_RADIUS + row as i32 * MARKER_ROW;
        let solo =
            clusters.iter().filter(|c| c.numbers.len() == 1).map(|c| ((c.x0 + c.x1) / 2.0, c.numbers[0]));
        let numbered = markers.iter().map(|(mx, row, number)| (*mx, *row, *number));
        for (mx, row, number) in numbered.chain(solo.map(|(mx, number)| (mx, cluster_row, number))) {
            let (cx, cy) = (px(mx), row_y(row));
            area.draw(&PathElement::new(
                vec![(cx, cy + MARKER_RADIUS), (cx, lanes_bottom)],
                INK.mix(0.3).stroke_width(1),
            ))
            .map_err(e)?;
            area.draw(&Circle::new((cx, cy), marker_radius(number), INK.filled())).map_err(e)?;
            let label = number.to_string();
            area.draw(&Text::new(label.clone(), (cx, cy), marker_label(&label))).map_err(e)?;
        }
        // Crowded markers: a pill over the stretch they cover, with how many it stands for.
        for cluster in clusters.iter().filter(|c| c.numbers.len() > 1) {
            let cy = row_y(cluster_row);
            let (x0, x1) = (px(cluster.x0), px(cluster.right()));
            area.draw(&Rectangle::new([(x0, cy - MARKER_RADIUS), (x1, cy + MARKER_RADIUS)], MUTED.filled()))
                .map_err(e)?;
            area.draw(&Text::new(cluster.label(), ((x0 + x1) / 2, cy), marker_label("+N"))).map_err(e)?;
        }

        // Status updates: diamonds on their lane, labels beneath.
        let uy = updates_lane_top + LANE_HEIGHT / 2;
        for (ux, row, status) in &updates {
            let cx = px(*ux);
            let diamond = vec![(cx, uy - 8), (cx + 8, uy), (cx, uy + 8), (cx - 8, uy)];
            let colour = update_colour(*status);
            area.draw(&Polygon::new(diamond, colour.filled())).map_err(e)?;
            let Some(row) = row else { continue };
            let ts = style(12.0, &colour, Pos::new(HPos::Center, VPos::Top));
            area.draw(&Text::new(
                status.label().to_string(),
                (cx, update_labels_top + *row as i32 * LABEL_ROW),
                ts,
            ))
            .map_err(e)?;
        }

        legend.draw(&area, plot_x0, plot_x1, legend_y)?;
        area.present().map_err(e)?;
    }
    let clustered = clusters.iter().filter(|c| c.numbers.len() > 1).map(|c| c.numbers.len()).sum();
    Ok(accessible(svg, checked, zone, &fmt, &scale, clustered, options))
}

pub(crate) fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Adds the role, `<title>` and `<desc>` that screen readers announce; the timeline list
/// beside the chart is its full text alternative.
fn accessible(
    svg: String,
    checked: &Checked,
    zone: Tz,
    fmt: &TimeFormatter,
    scale: &Scale,
    clustered: usize,
    options: &ChartOptions,
) -> String {
    let incident = &checked.incident;
    let analysis = &checked.analysis;
    let title = format!("Timeline of the {} incident", incident.file.service);
    let mut desc = Vec::new();
    if let Some(span) = analysis.span {
        desc.push(format!("From {} to {}.", fmt.time(span.start).long, fmt.time(span.end).long));
    }
    for d in &analysis.deployments {
        let line = if d.unaffected() {
            format!("{}: no impact.", d.name)
        } else {
            let parts: Vec<String> = d
                .windows
                .iter()
                .map(|w| {
                    let what = if w.planned {
                        format!("{} (planned)", w.status.label())
                    } else {
                        w.status.label().to_string()
                    };
                    match (w.start, w.duration_seconds) {
                        (Some(start), Some(secs)) => {
                            format!("{what} from {} for {}", fmt.time(start).label, format_duration(secs))
                        }
                        (Some(start), None) => format!("{what} from {}, not ended", fmt.time(start).label),
                        _ => format!("{what}, times not known"),
                    }
                })
                .collect();
            format!("{}: {}.", d.name, parts.join("; "))
        };
        desc.push(line);
    }
    for s in scale.segments.iter().filter(|s| s.compressed) {
        if let (Some(a), Some(b)) =
            (DateTime::<Utc>::from_timestamp(s.t0, 0), DateTime::<Utc>::from_timestamp(s.t1, 0))
        {
            desc.push(format!(
                "The quiet {} from {} to {} is drawn compressed.",
                format_duration(s.t1 - s.t0),
                fmt.time(a).label,
                fmt.time(b).label
            ));
        }
    }
    desc.push(format!("Numbered markers are the events of the timeline list; times in {}.", zone.name()));
    if clustered > 0 {
        desc.push(format!(
            "Where markers crowd, a “+N” marker stands for N events of the list ({clustered} in all)."
        ));
    }
    with_title_and_desc(svg, &options.id, &title, &desc.join(" "))
}

/// Adds `role="img"`, `<title>` and `<desc>` (what screen readers announce) to a plotters SVG.
pub(crate) fn with_title_and_desc(svg: String, id: &str, title: &str, desc: &str) -> String {
    let id = xml_escape(id);
    let header = format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        xml_escape(title),
        xml_escape(desc)
    );
    let attributes = format!(" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"pm-chart\"");
    match svg.find("<svg").and_then(|start| svg[start..].find('>').map(|end| start + end)) {
        Some(close) => {
            let mut out = String::with_capacity(svg.len() + header.len() + attributes.len());
            out.push_str(&svg[..close]);
            out.push_str(&attributes);
            out.push_str(">\n");
            out.push_str(&header);
            out.push_str(svg[close + 1..].trim_start_matches('\n'));
            out
        }
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quiet_gap_is_compressed_but_a_covered_one_is_not() {
        let h = 3600;
        let instants = [0, 6 * h, 23 * h, 30 * h];
        let scale = Scale::new(&instants, &[], 100.0, 900.0);
        assert_eq!(scale.segments.iter().filter(|s| s.compressed).count(), 1);
        let outage = scale.x(30 * h) - scale.x(23 * h);
        assert!(outage > 300.0, "outage is {outage}px wide");
        let covered = Scale::new(&instants, &[(5 * h, 24 * h)], 100.0, 900.0);
        assert_eq!(covered.segments.iter().filter(|s| s.compressed).count(), 0);
    }

    #[test]
    fn the_scale_is_monotonic() {
        let h = 3600;
        let scale = Scale::new(&[0, h, 40 * h, 41 * h, 90 * h], &[], 100.0, 900.0);
        let xs: Vec<f64> = (-2..95).map(|k| scale.x(k * h)).collect();
        assert!(xs.windows(2).all(|p| p[0] <= p[1]));
    }

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
    fn crowded_markers_share_clusters_and_keep_their_numbers() {
        // Ten markers 20 px wide, 2 px apart: two rows take every other one, the rest cluster.
        let spans: Vec<(f64, f64, usize)> =
            (0..10).map(|i| (f64::from(i) * 2.0, f64::from(i) * 2.0 + 20.0, i as usize + 1)).collect();
        let (placed, clusters) = place_markers(&spans, 2);
        assert_eq!(placed.iter().map(|p| p.2).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].numbers, (3..=10).collect::<Vec<_>>());
        assert_eq!(clusters[0].label(), "+8");
        // Every number is drawn once: as a marker or inside a cluster.
        let far = [(0.0, 20.0, 1), (0.0, 20.0, 2), (500.0, 520.0, 3)];
        let (placed, clusters) = place_markers(&far, 1);
        assert_eq!(placed.len() + clusters.iter().map(|c| c.numbers.len()).sum::<usize>(), 3);
        assert_eq!(clusters[0].label(), "2", "a lone overflow marker keeps its number");
        // Clusters never overlap one another.
        let many: Vec<(f64, f64, usize)> =
            (0..3000).map(|i| (f64::from(i) * 0.3, f64::from(i) * 0.3 + 26.0, i as usize + 1)).collect();
        let (placed, clusters) = place_markers(&many, 4);
        assert!(placed.len() < 200, "{} numbered markers", placed.len());
        assert!(clusters.windows(2).all(|p| p[0].right() + GAP <= p[1].x0));
        assert_eq!(placed.len() + clusters.iter().map(|c| c.numbers.len()).sum::<usize>(), 3000);
    }
}
