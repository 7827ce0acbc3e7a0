//! The post-mortem's timeline chart: [`timeline_svg`] draws the [`Layout`] of
//! [`super::timeline_layout`] back to front, so guide and grid lines pass
//! behind bars, and every text on a background carries a halo that hides the lines beneath it.

use chrono::DateTime;
use chrono_tz::Tz;

use super::legend::ROW;
use super::palette::{pattern_of, patterns, status_class, style};
use super::timeline_lanes::{BAR_HEIGHT, Bar, Lane, NOTE_ROW};
use super::timeline_layout::{ChartOptions, GAP, Group, Layout, UPDATE_ROW, layout, marker_radius};
use super::{Anchor, NAME_TEXT, Svg, TEXT, text_width};
use crate::pipeline::Checked;
use crate::render::context::TimeFormatter;
use crate::render::filters::hours_and_minutes;

const MARKER_ROW: f64 = 28.0;

/// Draw the timeline chart of a checked incident, times in `zone`; `None` when nothing in the
/// incident has a time (there is nothing to place on an axis).
pub fn timeline_svg(checked: &Checked, zone: Tz, options: &ChartOptions) -> Result<Option<String>, String> {
    let Some(layout) = layout(checked, zone, options) else { return Ok(None) };
    Ok(Some(draw(&layout, checked, zone)))
}

fn marker_y(l: &Layout, row: usize) -> f64 {
    l.markers_top + 11.0 + row as f64 * MARKER_ROW
}

fn update_y(l: &Layout, row: usize) -> f64 {
    l.updates_top + row as f64 * UPDATE_ROW + UPDATE_ROW / 2.0 + 2.0
}

fn draw(l: &Layout, checked: &Checked, zone: Tz) -> String {
    let mut svg = Svg::default();
    svg.rect(0.0, 0.0, l.width, l.height, "pm-bg");
    backgrounds(&mut svg, l);
    guides(&mut svg, l);
    for lane in &l.lanes {
        lane_name(&mut svg, l, lane);
        for (i, bar) in lane.bars.iter().enumerate() {
            draw_bar(&mut svg, l, lane, i, bar);
        }
        notes(&mut svg, l, lane);
    }
    if l.updates_top < l.lanes_bottom {
        let name_y =
            if l.names_above { l.updates_top - 10.0 } else { (l.updates_top + l.lanes_bottom) / 2.0 };
        lane_title(&mut svg, l, &["Status updates".to_string()], name_y);
    }
    markers(&mut svg, l);
    updates(&mut svg, l);
    axis(&mut svg, l);
    l.legend.draw(&mut svg, &l.id, 10.0, l.width - 10.0, l.legend_y + ROW / 2.0);
    let head = format!("{}{}", style(""), patterns(&l.id));
    let body = svg.finish(l.width, l.height, &head);
    let desc = description(l, checked, zone);
    let title = format!("Timeline of the {} incident", checked.incident.file.service);
    super::accessibility::with_title_and_desc(body, &l.id, &title, &desc)
}

fn backgrounds(svg: &mut Svg, l: &Layout) {
    let x0 = if l.names_above { 0.0 } else { l.plot_x0 };
    for (i, lane) in l.lanes.iter().enumerate() {
        if i % 2 == 0 {
            svg.rect(x0, lane.top, l.width - x0, lane.height, "pm-shade");
        }
    }
    if l.lanes.len().is_multiple_of(2) && l.updates_top < l.lanes_bottom {
        let top = l.lanes.last().map_or(l.lanes_top, |lane| lane.top + lane.height);
        svg.rect(x0, top, l.width - x0, l.lanes_bottom - top, "pm-shade");
    }
    for s in l.scale.compressed() {
        svg.rect(s.x0 + 6.0, l.lanes_top, s.x1 - s.x0 - 12.0, l.axis_y - l.lanes_top, "pm-gap");
    }
    for tick in &l.ticks {
        svg.line((tick.x, l.lanes_top), (tick.x, l.axis_y), "pm-grid");
    }
}

fn guides(svg: &mut Svg, l: &Layout) {
    for m in &l.markers {
        svg.line((m.x, marker_y(l, m.row) + marker_radius(m.index)), (m.x, l.lanes_bottom), "pm-guide");
    }
    let y = marker_y(l, l.group_row) + 11.0;
    for (group, _) in l.event_groups.iter().filter(|(g, _)| g.members().len() <= 12) {
        let (a, b) = (group.x0 + 11.0, (group.x1 - 11.0).max(group.x0 + 11.0));
        svg.path(&[(a, y), (a, y + 4.0), (b, y + 4.0), (b, y)], false, "pm-axis");
        for x in [a, b] {
            svg.line((x, y + 4.0), (x, l.lanes_bottom), "pm-guide");
        }
    }
}

fn lane_title(svg: &mut Svg, l: &Layout, lines: &[String], centre_y: f64) {
    let n = lines.len() as f64;
    for (k, line) in lines.iter().enumerate() {
        let y = centre_y + (k as f64 - (n - 1.0) / 2.0) * 16.0;
        if l.names_above {
            svg.text((10.0, y), NAME_TEXT, Anchor::Start, "pm-ink pm-b pm-halo", line);
        } else {
            svg.text((l.plot_x0 - 10.0, y), NAME_TEXT, Anchor::End, "pm-ink pm-b", line);
        }
    }
}

fn lane_name(svg: &mut Svg, l: &Layout, lane: &Lane) {
    if l.names_above {
        let first = lane.top + 10.0 + (lane.name.len() as f64 - 1.0) * 8.0;
        lane_title(svg, l, &lane.name, first);
    } else {
        lane_title(svg, l, &lane.name, lane.bar_top + BAR_HEIGHT / 2.0);
    }
}

/// Where a bar's label goes: inside, else right or left of the bar where the lane is free.
fn label_place(l: &Layout, lane: &Lane, i: usize, bar: &Bar) -> Option<(f64, Anchor, bool)> {
    let w = text_width(&bar.label, TEXT);
    let overlapped = lane.bars.iter().enumerate().any(|(j, o)| j != i && o.x0 < bar.x1 && o.x1 > bar.x0);
    if overlapped {
        return None;
    }
    if w + 12.0 <= bar.x1 - bar.x0 {
        return Some((bar.x0 + 6.0, Anchor::Start, true));
    }
    let next = lane.bars.iter().filter(|o| o.x0 >= bar.x1).map(|o| o.x0).fold(l.width - 4.0, f64::min);
    let end = bar.x1 + if bar.open { 70.0 } else { 0.0 };
    if end + 6.0 + w + GAP <= next {
        return Some((end + 6.0, Anchor::Start, false));
    }
    let previous = lane.bars.iter().filter(|o| o.x1 <= bar.x0).map(|o| o.x1 + 4.0).fold(l.plot_x0, f64::max);
    (bar.x0 - 6.0 - w - GAP >= previous).then_some((bar.x0 - 6.0, Anchor::End, false))
}

fn draw_bar(svg: &mut Svg, l: &Layout, lane: &Lane, i: usize, bar: &Bar) {
    let (y0, w) = (lane.bar_top, bar.x1 - bar.x0);
    let class = status_class(bar.status);
    svg.group(&bar.title);
    if bar.planned {
        svg.rect(bar.x0, y0, w, BAR_HEIGHT, "pm-planned");
    } else if bar.declared.is_some() {
        svg.rect(bar.x0, y0, w, BAR_HEIGHT, "pm-bg");
        svg.rect(bar.x0 + 1.0, y0 + 1.0, w - 2.0, BAR_HEIGHT - 2.0, &format!("pm-outline-{class}"));
    } else {
        svg.rect(bar.x0, y0, w, BAR_HEIGHT, &format!("pm-{class}"));
    }
    if let Some(pattern) = pattern_of(bar.status, bar.planned) {
        svg.raw(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BAR_HEIGHT}\" fill=\"url(#{}-{pattern})\"/>\n",
            bar.x0, y0, w, l.id
        ));
    }
    let mid = y0 + BAR_HEIGHT / 2.0;
    if bar.open {
        let tip = [(bar.x1, y0 - 3.0), (bar.x1 + 10.0, mid), (bar.x1, y0 + BAR_HEIGHT + 3.0)];
        svg.path(&tip, true, &format!("pm-{class}"));
        svg.text((bar.x1 + 14.0, mid), TEXT, Anchor::Start, "pm-muted pm-i pm-halo", "ongoing");
    }
    if let Some((x, anchor, inside)) = label_place(l, lane, i, bar) {
        let text_class = match (inside, bar.planned, bar.declared.is_some()) {
            (false, _, _) | (true, false, true) => "pm-ink pm-halo".to_string(),
            (true, true, _) => "pm-on-planned".to_string(),
            (true, false, false) => format!("pm-on-{class}"),
        };
        svg.text((x, mid), TEXT, anchor, &text_class, &bar.label);
    }
    svg.end_group();
}

/// The note row of a lane: the interruption inside a window ("15m somewhere in this window",
/// beside a bracket of that length) and windows whose times are unknown.
fn notes(svg: &mut Svg, l: &Layout, lane: &Lane) {
    let mut y = match lane.note_y {
        Some(y) => y,
        None if !lane.note_lines.is_empty() => {
            lane.bar_top + BAR_HEIGHT / 2.0 - (lane.note_lines.len() as f64 - 1.0) * 8.0
        }
        None => return,
    };
    for bar in lane.bars.iter() {
        let Some((secs, len)) = bar.declared else { continue };
        let text = format!("{} somewhere in this window", hours_and_minutes(secs));
        let w = text_width(&text, TEXT);
        let (mut bx, mut tx) = (bar.x0, bar.x0 + len + 6.0);
        if tx + w > l.width - 4.0 {
            tx = (l.width - 4.0 - w).max(l.plot_x0);
            bx = (tx - 6.0 - len).max(bar.x0);
        }
        svg.path(&[(bx, y - 5.0), (bx, y), (bx + len, y), (bx + len, y - 5.0)], false, "pm-axis");
        svg.text((tx.max(bx + len + 6.0), y), TEXT, Anchor::Start, "pm-ink pm-halo", &text);
        y += NOTE_ROW;
    }
    for line in &lane.note_lines {
        svg.text((l.plot_x0 + 6.0, y), TEXT, Anchor::Start, "pm-muted pm-i pm-halo", line);
        y += if lane.note_y.is_some() { NOTE_ROW } else { 16.0 };
    }
}

fn group_pill(svg: &mut Svg, group: &Group, title: &str, y: f64) {
    svg.group(title);
    let (x0, x1) = (group.x0, group.right());
    svg.rounded(x0, y - 10.0, x1 - x0, 20.0, 10.0, "pm-cluster");
    svg.text(((x0 + x1) / 2.0, y), TEXT, Anchor::Middle, "pm-on-cluster pm-b", &group.label());
    svg.end_group();
}

fn markers(svg: &mut Svg, l: &Layout) {
    for m in &l.markers {
        let y = marker_y(l, m.row);
        svg.group(&m.title);
        svg.circle((m.x, y), marker_radius(m.index), "pm-marker");
        svg.text((m.x, y), TEXT, Anchor::Middle, "pm-on-marker pm-b", &m.index.to_string());
        svg.end_group();
    }
    for (group, title) in &l.event_groups {
        group_pill(svg, group, title, marker_y(l, l.group_row));
    }
}

fn updates(svg: &mut Svg, l: &Layout) {
    for u in &l.updates {
        let y = update_y(l, u.row);
        let Some((label, left, class)) = &u.label else { continue };
        svg.group(&u.title);
        let diamond = [(u.x, y - 8.0), (u.x + 8.0, y), (u.x, y + 8.0), (u.x - 8.0, y)];
        svg.path(&diamond, true, &format!("{class} pm-u-stroke"));
        let (x, anchor) = if *left { (u.x - 12.0, Anchor::End) } else { (u.x + 12.0, Anchor::Start) };
        svg.text((x, y), TEXT, anchor, "pm-ink pm-halo", label);
        svg.end_group();
    }
    for (group, title) in &l.update_groups {
        group_pill(svg, group, title, update_y(l, l.update_group_row));
    }
}

fn axis(svg: &mut Svg, l: &Layout) {
    let y = l.axis_y;
    svg.line((l.plot_x0, y), (l.plot_x1, y), "pm-axis");
    for tick in &l.ticks {
        svg.line((tick.x, y), (tick.x, y + 5.0), "pm-axis");
        svg.text((tick.x, y + 14.0), TEXT, Anchor::Middle, "pm-ink", &tick.time);
        if let Some(date) = &tick.date {
            svg.text((tick.x, y + 30.0), TEXT, Anchor::Middle, "pm-ink pm-b", date);
        }
    }
    for s in l.scale.compressed() {
        let mid = (s.x0 + s.x1) / 2.0;
        for bx in [s.x0 + 6.0, s.x1 - 6.0] {
            let zigzag: Vec<(f64, f64)> = (0..=6)
                .map(|k| (bx + if k % 2 == 0 { -3.0 } else { 3.0 }, y - 6.0 + f64::from(k) * 2.0))
                .collect();
            svg.path(&zigzag, false, "pm-axis");
        }
        svg.text((mid, y + 14.0), TEXT, Anchor::Middle, "pm-muted", &hours_and_minutes(s.t1 - s.t0));
        svg.text((mid, y + 30.0), TEXT, Anchor::Middle, "pm-muted", "later");
    }
    let (title, x, ty, in_column) = &l.axis_title;
    let anchor = if *in_column { Anchor::End } else { Anchor::Start };
    svg.text((*x, *ty), TEXT, anchor, "pm-muted", title);
}

/// The `<desc>`: the span, each deployment's windows, the compressed stretches, the grouping.
fn description(l: &Layout, checked: &Checked, zone: Tz) -> String {
    let fmt = TimeFormatter::for_incident(&checked.incident, zone);
    let mut desc = Vec::new();
    if let Some(span) = checked.analysis.span {
        desc.push(format!("From {} to {}.", fmt.time(span.start).long, fmt.time(span.end).long));
    }
    for (d, lane) in checked.analysis.deployments.iter().zip(&l.lanes) {
        let mut parts: Vec<String> = lane.bars.iter().map(|b| b.title.clone()).collect();
        parts.extend(lane.unknown.clone());
        let line = if parts.is_empty() { "no impact".to_string() } else { parts.join("; ") };
        desc.push(format!("{}: {line}.", d.name));
    }
    for s in l.scale.compressed() {
        if let (Some(a), Some(b)) = (DateTime::from_timestamp(s.t0, 0), DateTime::from_timestamp(s.t1, 0)) {
            desc.push(format!(
                "The quiet {} from {} to {} is drawn compressed.",
                hours_and_minutes(s.t1 - s.t0),
                fmt.time(a).label,
                fmt.time(b).label
            ));
        }
    }
    desc.push(format!("Numbered markers are the events of the timeline list; times in {}.", zone.name()));
    if l.clustered > 0 {
        desc.push(format!(
            "Where markers crowd, a labelled range such as “5–8” stands for those events of the list ({} in all).",
            l.clustered
        ));
    }
    desc.join(" ")
}
