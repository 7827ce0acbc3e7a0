//! The charts' colours, light and dark, and the proof that they read: WCAG contrast of every
//! text against what it is drawn on, and the distance between the status colours as a person
//! with deuteranopia sees them (Machado et al. 2009). Status is also told by a second channel,
//! a pattern per status (solid, stripes, dots, hatching), so colour is never the only cue.
//!
//! Charts carry [`style`]: CSS custom properties with the light values, the dark ones under
//! `prefers-color-scheme: dark` (screens only, so print stays light), and the classes the
//! drawing uses.

use crate::model::ImpactStatus;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let [r, g, b] = [self.0, self.1, self.2].map(|c| linear(f64::from(c) / 255.0));
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }
}

fn linear(c: f64) -> f64 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn gamma(c: f64) -> f64 {
    let c = c.clamp(0.0, 1.0);
    if c <= 0.003_130_8 { 12.92 * c } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 }
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// How `colour` looks with deuteranopia (Machado, Oliveira and Fernandes 2009, severity 1), as
/// linear-light RGB.
fn deuteranopia(colour: Rgb) -> [f64; 3] {
    const M: [[f64; 3]; 3] = [
        [0.367_322, 0.860_646, -0.227_968],
        [0.280_085, 0.672_501, 0.047_413],
        [-0.011_820, 0.042_940, 0.968_881],
    ];
    let rgb = [colour.0, colour.1, colour.2].map(|c| linear(f64::from(c) / 255.0));
    let mut out = [0.0; 3];
    for (row, value) in M.iter().zip(out.iter_mut()) {
        *value = linear(gamma(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]));
    }
    out
}

/// CIE L*a*b* (D65) of linear-light RGB.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
    [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
}

/// CIE76 colour difference of two colours as seen with deuteranopia.
pub fn deuteranopia_distance(a: Rgb, b: Rgb) -> f64 {
    let (a, b) = (lab(deuteranopia(a)), lab(deuteranopia(b)));
    a.iter().zip(b).map(|(p, q)| (p - q).powi(2)).sum::<f64>().sqrt()
}

/// One colour scheme of the charts.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    pub bg: Rgb,
    pub ink: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    pub shade: Rgb,
    pub gap: Rgb,
    /// Event markers: fill, and the number on it.
    pub marker: Rgb,
    pub on_marker: Rgb,
    /// Bars: major, partial, degraded, maintenance; the text on each; the pattern marks.
    pub status: [Rgb; 4],
    pub on_status: [Rgb; 4],
    pub marks: [Rgb; 4],
    /// Planned maintenance: the light fill behind its hatching.
    pub planned: Rgb,
    /// Status updates: problem, identified, monitoring, resolved.
    pub updates: [Rgb; 4],
}

pub const LIGHT: Scheme = Scheme {
    bg: Rgb(255, 255, 255),
    ink: Rgb(31, 35, 40),
    muted: Rgb(89, 99, 110),
    grid: Rgb(216, 222, 228),
    shade: Rgb(246, 248, 250),
    gap: Rgb(234, 238, 242),
    marker: Rgb(31, 35, 40),
    on_marker: Rgb(255, 255, 255),
    status: [Rgb(164, 14, 38), Rgb(225, 111, 36), Rgb(242, 204, 96), Rgb(9, 105, 218)],
    on_status: [Rgb(255, 255, 255), Rgb(31, 35, 40), Rgb(31, 35, 40), Rgb(255, 255, 255)],
    marks: [Rgb(164, 14, 38), Rgb(140, 58, 10), Rgb(150, 110, 20), Rgb(9, 105, 218)],
    planned: Rgb(221, 234, 252),
    updates: [Rgb(164, 14, 38), Rgb(176, 80, 16), Rgb(9, 105, 218), Rgb(26, 127, 55)],
};

pub const DARK: Scheme = Scheme {
    bg: Rgb(13, 17, 23),
    ink: Rgb(230, 237, 243),
    muted: Rgb(145, 152, 161),
    grid: Rgb(48, 54, 61),
    shade: Rgb(21, 27, 35),
    gap: Rgb(33, 38, 45),
    marker: Rgb(230, 237, 243),
    on_marker: Rgb(13, 17, 23),
    status: [Rgb(255, 142, 134), Rgb(219, 109, 40), Rgb(240, 208, 106), Rgb(68, 147, 248)],
    on_status: [Rgb(13, 17, 23), Rgb(13, 17, 23), Rgb(13, 17, 23), Rgb(13, 17, 23)],
    marks: [Rgb(255, 142, 134), Rgb(120, 52, 12), Rgb(150, 120, 40), Rgb(68, 147, 248)],
    planned: Rgb(18, 38, 66),
    updates: [Rgb(255, 142, 134), Rgb(219, 109, 40), Rgb(68, 147, 248), Rgb(63, 185, 80)],
};

/// Index of `status` in [`Scheme::status`].
pub fn status_index(status: ImpactStatus) -> usize {
    match status {
        ImpactStatus::MajorOutage => 0,
        ImpactStatus::PartialOutage => 1,
        ImpactStatus::DegradedPerformance => 2,
        ImpactStatus::UnderMaintenance => 3,
    }
}

/// The class stem of a status: `major`, `partial`, `degraded`, `maintenance`.
pub fn status_class(status: ImpactStatus) -> &'static str {
    ["major", "partial", "degraded", "maintenance"][status_index(status)]
}

/// The CSS custom properties of `scheme`.
fn variables(scheme: &Scheme) -> String {
    let mut vars = vec![
        ("bg", scheme.bg),
        ("ink", scheme.ink),
        ("muted", scheme.muted),
        ("grid", scheme.grid),
        ("shade", scheme.shade),
        ("gap", scheme.gap),
        ("marker", scheme.marker),
        ("on-marker", scheme.on_marker),
        ("planned", scheme.planned),
    ];
    let names = ["major", "partial", "degraded", "maintenance"];
    for (i, name) in names.iter().enumerate() {
        vars.push((name, scheme.status[i]));
    }
    let on: Vec<String> = names.iter().map(|n| format!("on-{n}")).collect();
    let mark: Vec<String> = names.iter().map(|n| format!("mark-{n}")).collect();
    let upd: Vec<String> =
        ["problem", "identified", "monitoring", "resolved"].iter().map(|n| format!("u-{n}")).collect();
    let mut out: String = vars.iter().map(|(k, c)| format!("--pm-{k}:{};", c.hex())).collect();
    for i in 0..4 {
        out.push_str(&format!(
            "--pm-{}:{};--pm-{}:{};--pm-{}:{};",
            on[i],
            scheme.on_status[i].hex(),
            mark[i],
            scheme.marks[i].hex(),
            upd[i],
            scheme.updates[i].hex()
        ));
    }
    out
}

/// The classes the charts draw with.
const RULES: &str = ".pm-bg{fill:var(--pm-bg)}.pm-shade{fill:var(--pm-shade)}.pm-gap{fill:var(--pm-gap)}\
.pm-grid{stroke:var(--pm-grid);stroke-width:1}.pm-guide{stroke:var(--pm-muted);stroke-width:1;stroke-opacity:.45}\
.pm-axis{stroke:var(--pm-muted);stroke-width:1;fill:none}\
.pm-ink{fill:var(--pm-ink)}.pm-muted{fill:var(--pm-muted)}.pm-b{font-weight:700}.pm-i{font-style:italic}\
.pm-halo{paint-order:stroke;stroke:var(--pm-bg);stroke-width:4px;stroke-linejoin:round}\
.pm-marker{fill:var(--pm-marker)}.pm-on-marker{fill:var(--pm-on-marker)}\
.pm-cluster{fill:var(--pm-muted)}.pm-on-cluster{fill:var(--pm-bg)}\
.pm-major{fill:var(--pm-major)}.pm-partial{fill:var(--pm-partial)}.pm-degraded{fill:var(--pm-degraded)}\
.pm-maintenance{fill:var(--pm-maintenance)}\
.pm-planned{fill:var(--pm-planned);stroke:var(--pm-maintenance);stroke-width:1.5}\
.pm-outline-major{fill:none;stroke:var(--pm-major);stroke-width:2}.pm-outline-partial{fill:none;stroke:var(--pm-partial);stroke-width:2}\
.pm-outline-degraded{fill:none;stroke:var(--pm-degraded);stroke-width:2}.pm-outline-maintenance{fill:none;stroke:var(--pm-maintenance);stroke-width:2}\
.pm-mark-partial{stroke:var(--pm-mark-partial);stroke-width:2}.pm-mark-degraded{fill:var(--pm-mark-degraded)}\
.pm-mark-maintenance{stroke:var(--pm-maintenance);stroke-width:1;stroke-opacity:.7}\
.pm-on-major{fill:var(--pm-on-major);paint-order:stroke;stroke:var(--pm-major);stroke-width:4px;stroke-linejoin:round}\
.pm-on-partial{fill:var(--pm-on-partial);paint-order:stroke;stroke:var(--pm-partial);stroke-width:4px;stroke-linejoin:round}\
.pm-on-degraded{fill:var(--pm-on-degraded);paint-order:stroke;stroke:var(--pm-degraded);stroke-width:4px;stroke-linejoin:round}\
.pm-on-maintenance{fill:var(--pm-on-maintenance);paint-order:stroke;stroke:var(--pm-maintenance);stroke-width:4px;stroke-linejoin:round}\
.pm-on-planned{fill:var(--pm-ink);paint-order:stroke;stroke:var(--pm-planned);stroke-width:4px;stroke-linejoin:round}\
.pm-u-problem{fill:var(--pm-u-problem)}.pm-u-identified{fill:var(--pm-u-identified)}\
.pm-u-monitoring{fill:var(--pm-u-monitoring)}.pm-u-resolved{fill:var(--pm-u-resolved)}.pm-u-other{fill:var(--pm-muted)}\
.pm-u-stroke{stroke:var(--pm-bg);stroke-width:1.5}";

/// The `<style>` of a chart: light by default, dark on dark screens, light in print.
/// `extra` adds rules (the plotters charts map their fixed colours onto the variables).
pub fn style(extra: &str) -> String {
    format!(
        "<style>.pm-svg{{{}}}@media screen and (prefers-color-scheme:dark){{.pm-svg{{{}}}}}{RULES}{extra}</style>\n",
        variables(&LIGHT),
        variables(&DARK)
    )
}

/// The patterns of the chart `id`: stripes for partial outage, dots for degraded performance,
/// hatching for planned maintenance (major outage is solid). Bars lay them over their fill with
/// `fill="url(#…)"`, so each chart on a page uses its own.
pub fn patterns(id: &str) -> String {
    format!(
        "<defs>\
<pattern id=\"{id}-partial\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" class=\"pm-mark-partial\"/></pattern>\
<pattern id=\"{id}-degraded\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
<circle cx=\"3\" cy=\"3\" r=\"1.2\" class=\"pm-mark-degraded\"/></pattern>\
<pattern id=\"{id}-maintenance\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">\
<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" class=\"pm-mark-maintenance\"/></pattern>\
</defs>\n"
    )
}

/// The pattern laid over a bar of `status` (planned windows are all hatched), if any.
pub fn pattern_of(status: ImpactStatus, planned: bool) -> Option<&'static str> {
    if planned {
        return Some("maintenance");
    }
    match status {
        ImpactStatus::MajorOutage => None,
        ImpactStatus::PartialOutage => Some("partial"),
        ImpactStatus::DegradedPerformance => Some("degraded"),
        ImpactStatus::UnderMaintenance => Some("maintenance"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemes() -> [(&'static str, Scheme); 2] {
        [("light", LIGHT), ("dark", DARK)]
    }

    #[test]
    fn every_text_colour_meets_wcag_aa_on_what_it_is_drawn_on() {
        for (name, s) in schemes() {
            let pairs = [
                ("ink on background", s.ink, s.bg),
                ("ink on lane shade", s.ink, s.shade),
                ("ink on compressed gap", s.ink, s.gap),
                ("muted on background", s.muted, s.bg),
                ("muted on lane shade", s.muted, s.shade),
                ("muted on compressed gap", s.muted, s.gap),
                ("marker number", s.on_marker, s.marker),
                ("cluster label", s.bg, s.muted),
                ("ink on planned", s.ink, s.planned),
                ("major label", s.on_status[0], s.status[0]),
                ("partial label", s.on_status[1], s.status[1]),
                ("degraded label", s.on_status[2], s.status[2]),
            ];
            for (what, fg, bg) in pairs {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{name}: {what} has contrast {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn status_colours_stay_apart_with_deuteranopia_and_each_has_its_pattern() {
        for (name, s) in schemes() {
            for i in 0..4 {
                for j in i + 1..4 {
                    let distance = deuteranopia_distance(s.status[i], s.status[j]);
                    assert!(distance >= 20.0, "{name}: statuses {i} and {j} are {distance:.1} apart");
                }
            }
        }
        let patterns: Vec<_> = ImpactStatus::ALL.into_iter().map(|s| pattern_of(s, false)).collect();
        let mut distinct = patterns.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "{patterns:?}");
    }

    #[test]
    fn the_measures_match_known_values() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        // Red and green collapse with deuteranopia: far less apart than with normal vision.
        let (red, green) = (Rgb(200, 60, 50), Rgb(90, 140, 40));
        assert!(deuteranopia_distance(red, green) < 25.0);
        assert!(deuteranopia_distance(Rgb(0, 0, 0), Rgb(255, 255, 255)) > 99.0);
    }
}
