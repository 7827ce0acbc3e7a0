//! Downtime per deployment and month as a heat map: one row per deployment, one column per
//! month, each cell shaded by its downtime against the largest and labelled with the figure, so
//! it reads at 24 deployments as well as at two (a bar per deployment and month did not).
//! Drawn with the render toolkit ([`crate::render::svg`]): light and dark, text at 12 px.

use crate::render::filters::hours_and_minutes;
use crate::render::svg::accessibility::with_title_and_desc;
use crate::render::svg::palette::style;
use crate::render::svg::{Anchor, NAME_TEXT, Svg, TEXT, text_width, wrap};

use super::aggregate::DeploymentFigures;
use super::period::Period;

/// Shades from light to dark, light and dark scheme; cells 3 and 4 carry light text.
const HEAT_STYLE: &str = ".pm-svg{--pm-heat1:#fbe3e4;--pm-heat2:#f2a9ae;--pm-heat3:#b42331;--pm-heat4:#7a0e1a;\
--pm-on-heat:#ffffff}@media screen and (prefers-color-scheme:dark){.pm-svg{--pm-heat1:#3d1518;\
--pm-heat2:#6b1d24;--pm-heat3:#ff8e86;--pm-heat4:#ffc9c4;--pm-on-heat:#0d1117}}\
.pm-heat1{fill:var(--pm-heat1)}.pm-heat2{fill:var(--pm-heat2)}.pm-heat3{fill:var(--pm-heat3)}\
.pm-heat4{fill:var(--pm-heat4)}.pm-on-heat{fill:var(--pm-on-heat)}";

const ROW: f64 = 24.0;
const LINE: f64 = 15.0;

/// The shade of `seconds` against `largest`: 0 for none, else 1 to 4.
fn level(seconds: i64, largest: i64) -> usize {
    if seconds <= 0 || largest <= 0 {
        return 0;
    }
    (((seconds as f64 / largest as f64) * 4.0).ceil() as usize).clamp(1, 4)
}

/// The heat map `width` px wide with ids prefixed `id`.
pub fn heatmap_svg(deployments: &[DeploymentFigures], period: &Period, id: &str, width: u32) -> String {
    let width = f64::from(width.max(300));
    let months: Vec<String> =
        period.months().iter().map(|(first, _, _)| first.format("%b %Y").to_string()).collect();
    let largest = deployments.iter().flat_map(|d| &d.months).map(|m| m.downtime_seconds).max().unwrap_or(0);
    let names: Vec<Vec<String>> =
        deployments.iter().map(|d| wrap(&d.name, NAME_TEXT, (width * 0.38).min(260.0))).collect();
    let left = names.iter().flatten().map(|l| text_width(l, NAME_TEXT)).fold(60.0, f64::max) + 18.0;
    let cell = (width - left - 8.0) / months.len().max(1) as f64;
    let mut svg = Svg::default();
    let title_y = 14.0;
    let header_y = 38.0;
    let mut y = 52.0;
    let mut rows = Vec::new();
    for lines in &names {
        let h = ROW.max(lines.len() as f64 * LINE + 8.0);
        rows.push((y, h));
        y += h + 2.0;
    }
    let height = y + 8.0;
    svg.rect(0.0, 0.0, width, height, "pm-bg");
    svg.text(
        (8.0, title_y),
        TEXT,
        Anchor::Start,
        "pm-muted",
        &format!("Downtime per month ({})", period.zone.name()),
    );
    for (m, month) in months.iter().enumerate() {
        svg.text((left + cell * (m as f64 + 0.5), header_y), TEXT, Anchor::Middle, "pm-ink pm-b", month);
    }
    for ((d, lines), (top, h)) in deployments.iter().zip(&names).zip(&rows) {
        for (k, line) in lines.iter().enumerate() {
            let ly = top + h / 2.0 + (k as f64 - (lines.len() as f64 - 1.0) / 2.0) * LINE;
            svg.text((left - 10.0, ly), NAME_TEXT, Anchor::End, "pm-ink", line);
        }
        for (m, month) in months.iter().enumerate() {
            let seconds = d.months.get(m).map_or(0, |f| f.downtime_seconds);
            let shade = level(seconds, largest);
            let x = left + cell * m as f64;
            svg.group(&format!("{}, {month}: {} of downtime", d.name, hours_and_minutes(seconds)));
            let class = if shade == 0 { "pm-shade".to_string() } else { format!("pm-heat{shade}") };
            svg.rect(x + 1.0, *top, cell - 2.0, *h, &class);
            let (text, text_class) = match shade {
                0 => ("none".to_string(), "pm-muted"),
                1 | 2 => (hours_and_minutes(seconds), "pm-ink"),
                _ => (hours_and_minutes(seconds), "pm-on-heat pm-b"),
            };
            svg.text((x + cell / 2.0, top + h / 2.0), TEXT, Anchor::Middle, text_class, &text);
            svg.end_group();
        }
    }
    let body = svg.finish(width, height, &style(HEAT_STYLE));
    let desc: Vec<String> = deployments
        .iter()
        .map(|d| {
            let parts: Vec<String> = months
                .iter()
                .zip(&d.months)
                .map(|(month, f)| format!("{month} {}", hours_and_minutes(f.downtime_seconds)))
                .collect();
            format!("{}: {}.", d.name, parts.join(", "))
        })
        .collect();
    with_title_and_desc(body, id, "Downtime per deployment and month", &desc.join(" "))
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn shades_grow_with_downtime_and_none_is_its_own() {
        assert_eq!(level(0, 100), 0);
        assert_eq!(level(1, 100), 1);
        assert_eq!(level(50, 100), 2);
        assert_eq!(level(100, 100), 4);
    }
}
