//! The charts' look for drawings made with plotters (the report's charts): text style, the
//! legend, planned-maintenance bars, axis ticks and the series colours, plus
//! [`with_title_and_desc`], which also gives the drawing the toolkit's `<style>`, mapping
//! plotters' fixed colours onto the light and dark palette (CSS outranks SVG attributes).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{LIGHT, Rgb};
pub use super::xml_escape;
use crate::model::ImpactStatus;

pub const RIGHT: f64 = 28.0;
pub const TOP: i32 = 14;
pub const LANE_HEIGHT: i32 = 38;
pub const BAR_HEIGHT: i32 = 22;
pub const FONT: &str = "sans-serif";
/// plotters writes `font-size` as the given size / 1.24; sizes here are in pixels.
pub const FONT_SCALE: f64 = 1.24;

const fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub const INK: RGBColor = rgb(LIGHT.ink);
pub const MUTED: RGBColor = rgb(LIGHT.muted);
pub const GRID: RGBColor = rgb(LIGHT.grid);
pub const LANE_SHADE: RGBColor = rgb(LIGHT.shade);
/// One colour per data series (deployments in the report's charts), kept clear of the status
/// colours so a series never reads as an outage.
pub const SERIES: [RGBColor; 6] = [
    RGBColor(31, 111, 235),
    RGBColor(27, 124, 131),
    RGBColor(130, 80, 223),
    RGBColor(191, 57, 137),
    RGBColor(99, 110, 123),
    RGBColor(140, 86, 75),
];

pub fn status_colour(status: ImpactStatus) -> RGBColor {
    rgb(LIGHT.status[super::palette::status_index(status)])
}

/// Dark-mode mapping of the fixed colours plotters writes as attributes.
fn overrides() -> String {
    let upper = |c: Rgb| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let mut rules = vec![
        format!(".pm-svg rect[fill=\"#FFFFFF\"]{{fill:var(--pm-bg)}}"),
        format!(".pm-svg [fill=\"{}\"]{{fill:var(--pm-ink)}}", upper(LIGHT.ink)),
        format!(".pm-svg [stroke=\"{}\"]{{stroke:var(--pm-ink)}}", upper(LIGHT.ink)),
        format!(".pm-svg [fill=\"{}\"]{{fill:var(--pm-muted)}}", upper(LIGHT.muted)),
        format!(".pm-svg [stroke=\"{}\"]{{stroke:var(--pm-muted)}}", upper(LIGHT.muted)),
        format!(".pm-svg [stroke=\"{}\"]{{stroke:var(--pm-grid)}}", upper(LIGHT.grid)),
        format!(".pm-svg [fill=\"{}\"]{{fill:var(--pm-shade)}}", upper(LIGHT.shade)),
    ];
    for (i, name) in ["major", "partial", "degraded", "maintenance"].iter().enumerate() {
        rules.push(format!(".pm-svg [fill=\"{}\"]{{fill:var(--pm-{name})}}", upper(LIGHT.status[i])));
        rules.push(format!(".pm-svg [stroke=\"{}\"]{{stroke:var(--pm-{name})}}", upper(LIGHT.status[i])));
    }
    rules.concat()
}

/// Adds `role="img"`, `<title>`, `<desc>` and the palette's `<style>` to a plotters SVG.
pub fn with_title_and_desc(svg: String, id: &str, title: &str, desc: &str) -> String {
    let svg = super::accessibility::with_title_and_desc(svg, id, title, desc);
    let style = super::palette::style(&overrides());
    match svg.find("</desc>\n") {
        Some(at) => format!("{}{style}{}", &svg[..at + 8], &svg[at + 8..]),
        None => svg,
    }
}

pub fn style<'a>(size: f64, colour: &'a RGBColor, pos: Pos) -> TextStyle<'a> {
    TextStyle::from((FONT, size * FONT_SCALE).into_font()).color(colour).pos(pos)
}

/// Width of a label in pixels at `size` px: a generous average glyph width for sans-serif, so
/// labels placed by it keep apart whatever font the viewer substitutes.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

pub use crate::text::truncate;

pub fn legend_item_width(label: &str) -> i32 {
    22 + text_width(label, 12.0).ceil() as i32 + 18
}

/// How a legend item is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
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
pub struct Legend {
    items: Vec<(String, Swatch)>,
}

impl Legend {
    pub fn push(&mut self, label: &str, swatch: Swatch) {
        self.items.push((label.to_string(), swatch));
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Where each item goes between `x0` and `x1`, as (x, row).
    fn positions(&self, x0: i32, x1: i32) -> Vec<(i32, i32)> {
        super::legend::flow(self.items.iter().map(|(label, _)| legend_item_width(label)), x0, x1)
            .into_iter()
            .map(|(x, row)| (x, i32::try_from(row).unwrap_or(i32::MAX)))
            .collect()
    }

    /// Rows the legend takes between `x0` and `x1` (at least one, so charts keep their height).
    pub fn rows(&self, x0: i32, x1: i32) -> i32 {
        self.positions(x0, x1).last().map_or(1, |(_, row)| row + 1)
    }

    /// Draw it with its first row centred on `y`.
    pub fn draw<DB: DrawingBackend>(
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
pub fn planned_bar<DB: DrawingBackend>(
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
pub fn tick_mark<DB: DrawingBackend>(
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
pub fn axis_title_text<DB: DrawingBackend>(
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
