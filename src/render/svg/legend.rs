//! The key under a chart: a swatch drawn the way the chart draws the thing (fill and pattern,
//! marker, diamond), then its label, wrapping onto rows.

use super::palette::status_class;
use super::{Anchor, Svg, TEXT, text_width};
use crate::model::ImpactStatus;

/// Height of a legend row.
pub const ROW: f64 = 20.0;

/// How a legend item is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// A window of this status, with its pattern.
    Status(ImpactStatus),
    /// Planned maintenance: light, hatched, outlined.
    Planned,
    /// A numbered event marker.
    Marker,
    /// A group of events too close to draw apart.
    Cluster,
    /// A status update.
    Update,
}

#[derive(Debug, Default)]
pub struct Legend {
    items: Vec<(String, Key)>,
}

impl Legend {
    pub fn push(&mut self, label: &str, key: Key) {
        self.items.push((label.to_string(), key));
    }

    fn item_width(label: &str) -> f64 {
        22.0 + text_width(label, TEXT) + 16.0
    }

    /// Where each item goes between `x0` and `x1`, as (x, row).
    fn positions(&self, x0: f64, x1: f64) -> Vec<(f64, usize)> {
        flow(self.items.iter().map(|(label, _)| Self::item_width(label)), x0, x1)
    }

    /// Rows the legend takes between `x0` and `x1`.
    pub fn rows(&self, x0: f64, x1: f64) -> usize {
        self.positions(x0, x1).last().map_or(0, |(_, row)| row + 1)
    }

    /// Draw it with its first row centred on `y`; `id` names the chart's patterns.
    pub fn draw(&self, svg: &mut Svg, id: &str, x0: f64, x1: f64, y: f64) {
        for ((label, key), (lx, row)) in self.items.iter().zip(self.positions(x0, x1)) {
            let ly = y + row as f64 * ROW;
            match *key {
                Key::Status(status) => {
                    svg.rect(lx, ly - 7.0, 16.0, 14.0, &format!("pm-{}", status_class(status)));
                    if let Some(pattern) = super::palette::pattern_of(status, false) {
                        svg.raw(&format!(
                            "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"14\" fill=\"url(#{id}-{pattern})\"/>\n",
                            lx,
                            ly - 7.0
                        ));
                    }
                }
                Key::Planned => {
                    svg.rect(lx, ly - 7.0, 16.0, 14.0, "pm-planned");
                    svg.raw(&format!(
                        "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"14\" fill=\"url(#{id}-maintenance)\"/>\n",
                        lx,
                        ly - 7.0
                    ));
                }
                Key::Marker => svg.circle((lx + 8.0, ly), 7.0, "pm-marker"),
                Key::Cluster => svg.rounded(lx, ly - 7.0, 16.0, 14.0, 7.0, "pm-cluster"),
                Key::Update => svg.path(
                    &[(lx + 8.0, ly - 7.0), (lx + 15.0, ly), (lx + 8.0, ly + 7.0), (lx + 1.0, ly)],
                    true,
                    "pm-u-other",
                ),
            }
            svg.text((lx + 22.0, ly), TEXT, Anchor::Start, "pm-ink", label);
        }
    }
}

/// Items of the given widths laid out left to right from `x0`, wrapping to a new row before one
/// would pass `x1` (an item wider than the whole row still gets a row of its own): each item's
/// (x, row). Both legends (the timeline's and the plotters charts') place their keys this way.
pub fn flow<T>(widths: impl Iterator<Item = T>, x0: T, x1: T) -> Vec<(T, usize)>
where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    let mut out = Vec::new();
    let (mut x, mut row) = (x0, 0);
    for w in widths {
        if x + w > x1 && x > x0 {
            x = x0;
            row += 1;
        }
        out.push((x, row));
        x = x + w;
    }
    out
}
