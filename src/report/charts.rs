//! The report's SVG charts, drawn with plotters' SVG backend and no fonts (labels live in the
//! HTML around them): a strip per deployment with its windows across the period, downtime per
//! month, and an error-budget burn-down.

use chrono::{DateTime, Utc};
use plotters::prelude::*;

use super::aggregate::DeploymentFigures;
use super::period::Period;
use crate::model::ImpactStatus;

const WIDTH: u32 = 720;

fn status_colour(status: ImpactStatus, planned: bool) -> RGBColor {
    if planned {
        return RGBColor(0x9e, 0xc5, 0xfe);
    }
    match status {
        ImpactStatus::MajorOutage => RGBColor(0xdc, 0x35, 0x45),
        ImpactStatus::PartialOutage => RGBColor(0xfd, 0x7e, 0x14),
        ImpactStatus::DegradedPerformance => RGBColor(0xff, 0xc1, 0x07),
        ImpactStatus::UnderMaintenance => RGBColor(0x0d, 0x6e, 0xfd),
    }
}

/// Position of an instant across the period, in pixels of `width`.
fn x_of(at: DateTime<Utc>, period: &Period, width: u32) -> i32 {
    let total = period.seconds().max(1) as f64;
    let offset = (at - period.start).num_seconds() as f64;
    ((offset / total).clamp(0.0, 1.0) * f64::from(width)).round() as i32
}

/// One deployment's windows across the period: the worst status of each stretch, planned
/// maintenance lighter. Every window is at least a pixel wide so that short ones show.
pub fn strip(deployment: &DeploymentFigures, period: &Period) -> String {
    let height = 24;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&RGBColor(0xe9, 0xf7, 0xef));
        for (start, end, status, planned) in &deployment.strip {
            let (x0, x1) = (x_of(*start, period, WIDTH), x_of(*end, period, WIDTH));
            let top = if *planned { height as i32 / 2 } else { 0 };
            let _ = root.draw(&Rectangle::new(
                [(x0, top), (x1.max(x0 + 1), height as i32)],
                status_colour(*status, *planned).filled(),
            ));
        }
        // Month boundaries as thin ticks.
        for (_, from, _) in period.months().into_iter().skip(1) {
            let x = x_of(from, period, WIDTH);
            let _ =
                root.draw(&PathElement::new(vec![(x, 0), (x, height as i32)], RGBColor(0x6c, 0x75, 0x7d)));
        }
        let _ = root.present();
    }
    svg
}

/// Downtime per month, one group of bars per month, one bar per deployment (same order as the
/// table), scaled to the largest month.
pub fn monthly(deployments: &[DeploymentFigures]) -> String {
    let height = 160;
    let months = deployments.first().map_or(0, |d| d.months.len()).max(1);
    let largest =
        deployments.iter().flat_map(|d| &d.months).map(|m| m.downtime_seconds).max().unwrap_or(0).max(1);
    let palette = [
        RGBColor(0x0d, 0x6e, 0xfd),
        RGBColor(0xdc, 0x35, 0x45),
        RGBColor(0x19, 0x87, 0x54),
        RGBColor(0xfd, 0x7e, 0x14),
        RGBColor(0x6f, 0x42, 0xc1),
        RGBColor(0x20, 0xc9, 0x97),
    ];
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let group = WIDTH as i32 / months as i32;
        let bar = ((group - 16) / deployments.len().max(1) as i32).max(2);
        for (d_index, deployment) in deployments.iter().enumerate() {
            let colour = palette[d_index % palette.len()];
            for (m_index, month) in deployment.months.iter().enumerate() {
                let x0 = m_index as i32 * group + 8 + d_index as i32 * bar;
                let h =
                    (month.downtime_seconds as f64 / largest as f64 * f64::from(height - 8)).round() as i32;
                if h > 0 {
                    let _ = root.draw(&Rectangle::new(
                        [(x0, height as i32 - h), (x0 + bar - 1, height as i32)],
                        colour.filled(),
                    ));
                }
            }
        }
        let _ = root
            .draw(&PathElement::new(vec![(0, height as i32 - 1), (WIDTH as i32, height as i32 - 1)], BLACK));
        let _ = root.present();
    }
    svg
}

/// The colour of the n-th deployment's bars in [`monthly`], as CSS, for the legend.
pub fn monthly_colour(index: usize) -> &'static str {
    ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"][index % 6]
}

/// Error budget left across the period: from the whole budget at the start, down by each
/// stretch of downtime; below the zero line when overspent. None without an SLO.
pub fn burn_down(deployment: &DeploymentFigures, period: &Period) -> Option<String> {
    let budget = deployment.budget_seconds?;
    let height = 120;
    let mut points: Vec<(i32, f64)> = vec![(0, budget)];
    let mut left = budget;
    for stretch in &deployment.down {
        let x0 = x_of(stretch.start, period, WIDTH);
        points.push((x0, left));
        left -= (stretch.end - stretch.start).num_seconds() as f64 * stretch.weight;
        points.push((x_of(stretch.end, period, WIDTH), left));
    }
    points.push((WIDTH as i32, left));
    let low = left.min(0.0);
    let span = (budget - low).max(1.0);
    let y_of = |value: f64| ((budget - value) / span * f64::from(height - 4)).round() as i32 + 2;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let zero = y_of(0.0);
        let _ =
            root.draw(&PathElement::new(vec![(0, zero), (WIDTH as i32, zero)], RGBColor(0x6c, 0x75, 0x7d)));
        let colour = if left < 0.0 { RGBColor(0xdc, 0x35, 0x45) } else { RGBColor(0x19, 0x87, 0x54) };
        let line: Vec<(i32, i32)> = points.iter().map(|(x, v)| (*x, y_of(*v))).collect();
        let _ = root.draw(&PathElement::new(line, colour.stroke_width(2)));
        let _ = root.present();
    }
    Some(svg)
}
