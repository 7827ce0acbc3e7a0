//! The reliability report's charts as SVG, drawn with the timeline chart's colours, text style,
//! legend and axis helpers ([`crate::render::chart`]): the windows of every deployment across the
//! period, downtime per month, and the error-budget burn-down. Each carries a `<title>` and a
//! `<desc>`; the report's tables are their full text alternative. Output depends only on the
//! report: no clock, no randomness.

use chrono::{DateTime, Datelike, Utc};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::aggregate::{DeploymentFigures, Report, StripWindow};
use super::period::Period;
use crate::model::ImpactStatus;
use crate::render::chart::{
    BAR_HEIGHT, ChartOptions, GRID, INK, LANE_HEIGHT, LANE_SHADE, Legend, MUTED, RIGHT, SERIES, Swatch, TOP,
    axis_title_text, planned_bar, status_colour, style, text_width, tick_mark, truncate, with_title_and_desc,
};
use crate::text::plural;
use crate::time::{format_duration, format_in_zone};

/// Height of a bar or line plot, without axis and legend.
const PLOT_HEIGHT: i32 = 150;
/// Room above a plot for its title.
const TITLE_ROW: i32 = 22;
/// From the axis line to the legend's first row: tick labels and the bold year beneath them.
const AXIS_TO_LEGEND: i32 = 50;

/// One chart of the report, in the wide and the narrow (phone) drawing.
#[derive(Debug, Clone)]
pub struct ReportChart {
    pub wide: String,
    pub narrow: String,
    /// Plain text; the HTML page escapes it.
    pub caption: String,
}

/// Every chart of the report: the strips, then downtime per month and the burn-down when
/// there is something to draw.
pub fn report_charts(report: &Report, period: &Period) -> Result<Vec<ReportChart>, String> {
    let deployments = &report.deployments;
    if deployments.is_empty() {
        return Ok(Vec::new());
    }
    let zone = period.zone.name();
    let both = |id: &str,
                draw: &dyn Fn(&ChartOptions) -> Result<String, String>|
     -> Result<(String, String), String> {
        let wide = draw(&ChartOptions { id: format!("pm-report-{id}"), width: 960 })?;
        let narrow = draw(&ChartOptions { id: format!("pm-report-{id}-narrow"), width: 440 })?;
        Ok((wide, narrow))
    };
    let mut charts = Vec::new();
    let (wide, narrow) = both("windows", &|o| windows_svg(deployments, period, o))?;
    charts.push(ReportChart {
        wide,
        narrow,
        caption: format!(
            "Impact windows of each deployment across {}, the worst status of each stretch; hatched: \
             planned maintenance. Short windows are drawn at least a few pixels wide. Dates in {zone}.",
            period.label
        ),
    });
    charts.push(ReportChart {
        wide: super::heatmap::heatmap_svg(deployments, period, "pm-report-months", 960),
        narrow: super::heatmap::heatmap_svg(deployments, period, "pm-report-months-narrow", 356),
        caption: format!(
            "Downtime per deployment and month as counted in the availability table (months in {zone}): \
             darker cells hold more downtime, and each cell gives its figure."
        ),
    });
    if deployments.iter().any(|d| d.budget_seconds.is_some_and(|b| b > 0.0)) {
        let (wide, narrow) = both("budget", &|o| burn_down_svg(deployments, period, report.as_of, o))?;
        charts.push(ReportChart {
            wide,
            narrow,
            caption: format!(
                "Error budget left across {}, as a share of each deployment's budget for the period; below \
                 zero the budget is overspent. Dates in {zone}.",
                period.label
            ),
        });
    }
    Ok(charts)
}

/// The colour of the deployment at `index` in the report's order.
fn series(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// Below this width a drawing is for phones: lane names go above the bars and the left column
/// only holds the value axis.
const NARROW: u32 = 700;
const NARROW_LEFT: i32 = 56;

/// Horizontal extent of the plot for a drawing of `options.width`.
fn plot_x(options: &ChartOptions) -> (i32, i32) {
    let width = f64::from(options.width.clamp(320, 4000));
    let left = if options.width < NARROW { NARROW_LEFT } else { options.left().round() as i32 };
    (left, (width - RIGHT).round() as i32)
}

/// Position of `at` across the period, within `[x0, x1]`.
fn time_x(at: DateTime<Utc>, period: &Period, (x0, x1): (i32, i32)) -> i32 {
    let total = period.seconds().max(1) as f64;
    let offset = (at - period.start).num_seconds() as f64;
    x0 + ((offset / total).clamp(0.0, 1.0) * f64::from(x1 - x0)).round() as i32
}

/// Ticks at the start of each month of the period and at its end: the day, and the year in
/// bold at the first tick and wherever it changes. A label that would touch the previous one is
/// left out (the tick stays).
fn month_ticks(period: &Period, plot: (i32, i32)) -> Vec<(i32, Option<String>, Option<String>)> {
    let mut instants: Vec<DateTime<Utc>> = period.months().into_iter().map(|(_, from, _)| from).collect();
    instants.push(period.end);
    let mut out = Vec::with_capacity(instants.len());
    let mut last_end = i32::MIN;
    let mut last_year: Option<i32> = None;
    for at in instants {
        let x = time_x(at, period, plot);
        let label = format_in_zone(at, period.zone, "%b %-d");
        let half = (text_width(&label, 12.0) / 2.0).ceil() as i32;
        if x - half < last_end + 6 {
            out.push((x, None, None));
            continue;
        }
        last_end = x + half;
        let year = at.with_timezone(&period.zone).year();
        let year_label = (last_year != Some(year)).then(|| year.to_string());
        last_year = Some(year);
        out.push((x, Some(label), year_label));
    }
    out
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draw `height` pixels of chart with `paint`, on white.
fn drawing(
    options: &ChartOptions,
    height: i32,
    paint: impl FnOnce(&Area) -> Result<(), String>,
) -> Result<String, String> {
    let width = options.width.clamp(320, 4000);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height.max(1) as u32)).into_drawing_area();
        area.fill(&WHITE).map_err(drawn)?;
        paint(&area)?;
        area.present().map_err(drawn)?;
    }
    Ok(svg)
}

fn drawn<E: std::fmt::Display>(err: E) -> String {
    format!("drawing a report chart: {err}")
}

/// Room the axis title leaves for the first tick's label, centred on the plot's left edge.
const FIRST_LABEL_ROOM: i32 = 28;

/// The time axis shared by the period charts: month ticks (labelled, or a grid line where a
/// label would not fit) from `top` down to the axis line, the axis line, and its title.
fn month_axis(
    area: &Area,
    period: &Period,
    plot: (i32, i32),
    top: i32,
    axis_y: i32,
    title: &str,
) -> Result<(), String> {
    let (x0, x1) = plot;
    for (x, label, year) in month_ticks(period, plot) {
        match label {
            Some(label) => tick_mark(area, x, top, axis_y, &label, year.as_deref())?,
            None => {
                area.draw(&PathElement::new(vec![(x, top), (x, axis_y + 5)], GRID.stroke_width(1)))
                    .map_err(drawn)?;
            }
        }
    }
    area.draw(&PathElement::new(vec![(x0, axis_y), (x1, axis_y)], MUTED.stroke_width(1))).map_err(drawn)?;
    axis_title(area, title, plot, axis_y)
}

/// The axis title: left of the ticks when it fits, else under them at the plot's left edge
/// (so a long zone name never leaves the drawing).
fn axis_title(area: &Area, title: &str, plot: (i32, i32), axis_y: i32) -> Result<(), String> {
    let (x0, _) = plot;
    if !axis_title_needs_row(title, plot) {
        return axis_title_text(area, title, x0 - FIRST_LABEL_ROOM, axis_y);
    }
    let ts = style(12.0, &MUTED, Pos::new(HPos::Left, VPos::Top));
    area.draw(&Text::new(title.to_string(), (x0, axis_y + 38), ts)).map_err(drawn)?;
    Ok(())
}

fn axis_title_needs_row(title: &str, (x0, _): (i32, i32)) -> bool {
    text_width(title, 12.0) + f64::from(FIRST_LABEL_ROOM) + 4.0 > f64::from(x0)
}

/// One lane per deployment across the whole period, windows coloured by their worst status.
pub fn windows_svg(
    deployments: &[DeploymentFigures],
    period: &Period,
    options: &ChartOptions,
) -> Result<String, String> {
    let plot = plot_x(options);
    let (x0, x1) = plot;
    let narrow = options.width < NARROW;
    let lanes_bottom = TOP + deployments.len() as i32 * LANE_HEIGHT;
    let axis_y = lanes_bottom + 4;
    let title = format!("Date ({})", period.zone.name());
    let below = if axis_title_needs_row(&title, plot) { 18 } else { 0 };
    let legend_y = axis_y + AXIS_TO_LEGEND + below;
    let legend = strip_legend(deployments);
    let height = legend_y + legend.rows(x0, x1) * 18 + 12;

    let svg = drawing(options, height, |area| {
        for (i, deployment) in deployments.iter().enumerate() {
            lane_name(area, &deployment.name, TOP + i as i32 * LANE_HEIGHT, i % 2 == 0, plot, narrow)?;
        }
        month_axis(area, period, plot, TOP, axis_y, &title)?;
        for (i, deployment) in deployments.iter().enumerate() {
            let (y0, y1) = if narrow {
                let top = TOP + i as i32 * LANE_HEIGHT + 18;
                (top, top + LANE_HEIGHT - 22)
            } else {
                let top = TOP + i as i32 * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2;
                (top, top + BAR_HEIGHT)
            };
            strip_bars(area, &deployment.strip, period, plot, (y0, y1))?;
        }
        legend.draw(area, x0, x1, legend_y)
    })?;
    let title = format!("Impact windows per deployment, {}", period.label);
    Ok(with_title_and_desc(svg, &options.id, &title, &strip_description(deployments, period)))
}

/// A key for every status drawn unplanned, and for planned maintenance; "no impact" otherwise.
fn strip_legend(deployments: &[DeploymentFigures]) -> Legend {
    let drawn = |planned: bool, status: Option<ImpactStatus>| {
        deployments
            .iter()
            .any(|d| d.strip.iter().any(|w| w.planned == planned && status.is_none_or(|s| w.status == s)))
    };
    let mut legend = Legend::default();
    for status in ImpactStatus::ALL.into_iter().filter(|s| drawn(false, Some(*s))) {
        legend.push(status.label(), Swatch::Solid(status_colour(status)));
    }
    if drawn(true, None) {
        legend.push("Planned maintenance", Swatch::Planned(status_colour(ImpactStatus::UnderMaintenance)));
    }
    if legend.is_empty() {
        legend.push("No impact in the period", Swatch::Solid(LANE_SHADE));
    }
    legend
}

/// A lane's name (above its bar when narrow, else left of it) on every other lane's shading.
fn lane_name(
    area: &Area,
    name: &str,
    y0: i32,
    shaded: bool,
    plot: (i32, i32),
    narrow: bool,
) -> Result<(), String> {
    let (x0, x1) = plot;
    if shaded {
        area.draw(&Rectangle::new([(x0, y0), (x1, y0 + LANE_HEIGHT)], LANE_SHADE.filled())).map_err(drawn)?;
    }
    if narrow {
        let chars = (f64::from(x1 - x0 - 8) / (12.0 * 0.6)) as usize;
        let ts = style(12.0, &INK, Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new(truncate(name, chars), (x0 + 4, y0 + 3), ts)).map_err(drawn)?;
    } else {
        let chars = ((f64::from(x0) - 16.0) / (14.0 * 0.6)) as usize;
        let ts = style(14.0, &INK, Pos::new(HPos::Right, VPos::Center));
        area.draw(&Text::new(truncate(name, chars), (x0 - 10, y0 + LANE_HEIGHT / 2), ts)).map_err(drawn)?;
    }
    Ok(())
}

/// One deployment's windows between `y0` and `y1`: planned first, so that an outage inside a
/// maintenance window shows on top of it.
fn strip_bars(
    area: &Area,
    strip: &[StripWindow],
    period: &Period,
    plot: (i32, i32),
    (y0, y1): (i32, i32),
) -> Result<(), String> {
    for w in strip.iter().filter(|w| w.planned).chain(strip.iter().filter(|w| !w.planned)) {
        let bx0 = time_x(w.start, period, plot);
        // At least 3 px, so that a window of minutes in a quarter is still seen.
        let bx1 = time_x(w.end, period, plot).max(bx0 + 3);
        if w.planned {
            planned_bar(area, (bx0, y0), (bx1, y1), status_colour(w.status))?;
        } else {
            area.draw(&Rectangle::new([(bx0, y0), (bx1, y1)], status_colour(w.status).filled()))
                .map_err(drawn)?;
        }
    }
    Ok(())
}

/// The windows chart's `<desc>`: each deployment's stretches, downtime and availability.
fn strip_description(deployments: &[DeploymentFigures], period: &Period) -> String {
    let mut desc = vec![format!(
        "Each deployment's impact windows from {} to {}, times in {}.",
        period.first_day,
        period.last_day,
        period.zone.name()
    )];
    for d in deployments {
        let unplanned = d.strip.iter().filter(|w| !w.planned).count();
        let planned = d.strip.iter().filter(|w| w.planned).count();
        desc.push(format!(
            "{}: {unplanned} impact stretch{}, {} counted as downtime, availability {:.4} %{}.",
            d.name,
            if unplanned == 1 { "" } else { "es" },
            format_duration(d.downtime_seconds),
            d.availability,
            if planned > 0 {
                format!(", {}", plural(planned, "planned maintenance window"))
            } else {
                String::new()
            }
        ));
    }
    desc.join(" ")
}

/// A round step for an axis from 0 to `largest` with at most `ticks` steps.
fn nice_step(largest: f64, ticks: f64, steps: &[f64]) -> f64 {
    let wanted = largest / ticks;
    steps.iter().copied().find(|s| *s >= wanted).unwrap_or_else(|| {
        let last = steps.last().copied().unwrap_or(1.0);
        (wanted / last).ceil() * last
    })
}

/// Percent steps for the burn-down's axis.
const PERCENT_STEPS: [f64; 8] = [10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0];

/// An instant and the percentage of the error budget left then.
type BudgetPoint = (DateTime<Utc>, f64);

/// Budget left in percent across the period: `(instant, percent)` from 100 at the start, down
/// by each stretch of counted downtime, to the earlier of `as_of` and the period's end.
fn burn_down_points(
    d: &DeploymentFigures,
    budget: f64,
    period: &Period,
    as_of: DateTime<Utc>,
) -> Vec<BudgetPoint> {
    let until = as_of.clamp(period.start, period.end);
    let mut stretches = d.down.clone();
    stretches.sort_by_key(|s| s.start);
    let mut left = 100.0;
    let mut points = vec![(period.start, left)];
    for s in stretches.iter().filter(|s| s.start < until) {
        let end = s.end.min(until);
        points.push((s.start, left));
        left -= (end - s.start).num_seconds() as f64 * s.weight / budget * 100.0;
        points.push((end, left));
    }
    points.push((until, left));
    points
}

/// The error budget left of every deployment with an SLO, as a percentage of its budget.
pub fn burn_down_svg(
    deployments: &[DeploymentFigures],
    period: &Period,
    as_of: DateTime<Utc>,
    options: &ChartOptions,
) -> Result<String, String> {
    let plot = plot_x(options);
    let (x0, x1) = plot;
    let lines: Vec<(usize, &DeploymentFigures, Vec<BudgetPoint>)> = deployments
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let budget = d.budget_seconds.filter(|b| *b > 0.0)?;
            Some((i, d, burn_down_points(d, budget, period, as_of)))
        })
        .collect();
    let lowest = lines.iter().flat_map(|(_, _, p)| p.iter().map(|(_, v)| *v)).fold(0.0_f64, f64::min);
    let step = nice_step(100.0 - lowest, 5.0, &PERCENT_STEPS);
    let scale = PercentScale { bottom: (lowest / step).floor() * step, step, top: TOP + TITLE_ROW };
    let axis_y = scale.axis_y();
    let title = format!("Date ({})", period.zone.name());
    let below = if axis_title_needs_row(&title, plot) { 18 } else { 0 };
    let legend_y = axis_y + AXIS_TO_LEGEND + below;
    let mut legend = Legend::default();
    let labels: Vec<String> = lines
        .iter()
        .map(|(_, d, points)| {
            let left = points.last().map_or(100.0, |(_, v)| *v);
            format!("{} ({left:.0} % left)", d.name)
        })
        .collect();
    for ((i, _, _), label) in lines.iter().zip(&labels) {
        legend.push(label, Swatch::Line(series(*i)));
    }
    let height = legend_y + legend.rows(x0, x1) * 18 + 12;

    let svg = drawing(options, height, |area| {
        let ts = style(12.0, &MUTED, Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new("Error budget left (% of the period's budget)".to_string(), (x0, TOP), ts))
            .map_err(drawn)?;
        percent_grid(area, &scale, plot)?;
        month_axis(area, period, plot, scale.top, axis_y, &title)?;
        if as_of < period.end && as_of > period.start {
            as_of_line(area, as_of, period, plot, (scale.top, axis_y))?;
        }
        // The last deployment drawn lies on top; draw in reverse so the first in the table shows.
        for (i, _, points) in lines.iter().rev() {
            let path: Vec<(i32, i32)> =
                points.iter().map(|(at, v)| (time_x(*at, period, plot), scale.y(*v))).collect();
            area.draw(&PathElement::new(path, series(*i).stroke_width(2))).map_err(drawn)?;
        }
        legend.draw(area, x0, x1, legend_y)
    })?;
    let mut desc = vec![format!(
        "Error budget left as a percentage of each deployment's budget for {}, dates in {}.",
        period.label,
        period.zone.name()
    )];
    for (label, (_, d, _)) in labels.iter().zip(&lines) {
        desc.push(format!(
            "{label}: {} of downtime against a budget of {}.",
            format_duration(d.budget_used_seconds),
            format_duration(d.budget_seconds.unwrap_or(0.0).round() as i64)
        ));
    }
    let title = format!("Error budget burn-down, {}", period.label);
    Ok(with_title_and_desc(svg, &options.id, &title, &desc.join(" ")))
}

/// The burn-down's vertical scale: 100 % at `top`, `bottom` (0 or below) at the axis.
struct PercentScale {
    bottom: f64,
    step: f64,
    top: i32,
}

impl PercentScale {
    fn axis_y(&self) -> i32 {
        self.top + PLOT_HEIGHT
    }

    fn y(&self, value: f64) -> i32 {
        self.top + ((100.0 - value) / (100.0 - self.bottom) * f64::from(PLOT_HEIGHT)).round() as i32
    }
}

/// The percent grid with its labels, and the shaded "over budget" zone under 0 %.
fn percent_grid(area: &Area, scale: &PercentScale, (x0, x1): (i32, i32)) -> Result<(), String> {
    let axis_y = scale.axis_y();
    if scale.bottom < 0.0 {
        let over = status_colour(ImpactStatus::MajorOutage);
        let zero = scale.y(0.0);
        area.draw(&Rectangle::new([(x0, zero), (x1, axis_y)], over.mix(0.08).filled())).map_err(drawn)?;
        let ts = style(12.0, &over, Pos::new(HPos::Right, VPos::Bottom));
        area.draw(&Text::new("over budget".to_string(), (x1 - 6, axis_y - 4), ts)).map_err(drawn)?;
    }
    let mut value = scale.bottom;
    while value <= 100.0 + 0.001 {
        let y = scale.y(value);
        let colour = if value.abs() < 0.001 { INK } else { GRID };
        area.draw(&PathElement::new(vec![(x0, y), (x1, y)], colour.stroke_width(1))).map_err(drawn)?;
        let ts = style(12.0, &INK, Pos::new(HPos::Right, VPos::Center));
        area.draw(&Text::new(format!("{value:.0} %"), (x0 - 8, y), ts)).map_err(drawn)?;
        value += scale.step;
    }
    Ok(())
}

/// A dashed line at `as_of`, labelled with its date.
fn as_of_line(
    area: &Area,
    as_of: DateTime<Utc>,
    period: &Period,
    plot: (i32, i32),
    (top, bottom): (i32, i32),
) -> Result<(), String> {
    let ax = time_x(as_of, period, plot);
    area.draw(&DashedPathElement::new(vec![(ax, top), (ax, bottom)], 4, 3, MUTED.stroke_width(1)))
        .map_err(drawn)?;
    let ts = style(11.0, &MUTED, Pos::new(HPos::Left, VPos::Top));
    let label = format!("as of {}", format_in_zone(as_of, period.zone, "%b %-d"));
    area.draw(&Text::new(label, (ax + 4, top + 2), ts)).map_err(drawn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ticks_name_the_year_once_and_never_overlap() {
        let period = Period::quarter("2026-Q3", 1, chrono_tz::Tz::UTC).expect("quarter");
        let wide = month_ticks(&period, (100, 900));
        let labels: Vec<_> = wide.iter().map(|(_, l, y)| (l.as_deref(), y.as_deref())).collect();
        assert_eq!(
            labels,
            [
                (Some("Jul 1"), Some("2026")),
                (Some("Aug 1"), None),
                (Some("Sep 1"), None),
                (Some("Oct 1"), None)
            ]
        );
        let cramped = month_ticks(&period, (0, 90));
        assert_eq!(cramped.len(), 4, "every tick stays");
        let shown: Vec<i32> = cramped.iter().filter(|(_, l, _)| l.is_some()).map(|(x, _, _)| *x).collect();
        assert!(shown.len() < 4 && shown.windows(2).all(|p| p[1] - p[0] >= 36 + 6), "{shown:?}");
    }

    #[test]
    fn steps_are_round_and_cover_the_range() {
        assert_eq!(nice_step(325.0, 5.0, &PERCENT_STEPS), 100.0);
        assert_eq!(nice_step(9000.0, 5.0, &PERCENT_STEPS), 2000.0);
    }
}
