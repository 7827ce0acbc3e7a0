//! A small SVG toolkit for the charts: a writer that emits classed elements (so one `<style>`
//! recolours a chart for dark mode and print), text measurement and wrapping, and the parts
//! every chart shares: [`palette`] (colours, patterns, contrast), [`axis`] (the time scale and
//! its ticks), [`legend`], [`accessibility`] (title and description) and [`plotkit`] (the same
//! look for charts drawn with plotters). The post-mortem's timeline chart is [`timeline`], laid out by [`timeline_layout`].

pub mod accessibility;
pub mod axis;
pub mod legend;
pub mod palette;
pub mod plotkit;
pub mod timeline;
pub mod timeline_lanes;
pub mod timeline_layout;

use std::fmt::Write as _;

/// Text sizes in pixels at the size the chart is shown (charts are never scaled down on screen).
pub const TEXT: f64 = 12.0;
/// Lane names and other headings inside a chart.
pub const NAME_TEXT: f64 = 13.0;

/// Escape text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Width of `text` in pixels at `size` px: a generous average glyph width for sans-serif
/// (0.62 em; bold digits and capitals included), so labels placed by it keep apart whatever
/// font the viewer substitutes.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.62
}

/// `text` broken at spaces into lines of at most `width` px at `size` px. A word longer than a
/// line is broken inside, never cut: every character is kept.
pub fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let max_chars = ((width / (size * 0.62)).floor() as usize).max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > max_chars {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let rest = word.split_off(max_chars);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        let word: String = word.into_iter().collect();
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > max_chars && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A number as SVG writes it: at most one decimal, no trailing zero.
fn n(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded:.1}") }
}

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// SVG markup under construction: elements carry classes that the chart's `<style>` colours.
#[derive(Debug, Default)]
pub struct Svg {
    body: String,
}

impl Svg {
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" class="{class}"/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    pub fn rounded(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" class="{class}"/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            n(r)
        );
    }

    pub fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), class: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{class}"/>"#,
            n(x0),
            n(y0),
            n(x1),
            n(y1)
        );
    }

    /// A polyline (`closed`: a polygon).
    pub fn path(&mut self, points: &[(f64, f64)], closed: bool, class: &str) {
        let pts: Vec<String> = points.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect();
        let tag = if closed { "polygon" } else { "polyline" };
        let _ = writeln!(self.body, r#"<{tag} points="{}" class="{class}"/>"#, pts.join(" "));
    }

    pub fn circle(&mut self, (cx, cy): (f64, f64), r: f64, class: &str) {
        let _ =
            writeln!(self.body, r#"<circle cx="{}" cy="{}" r="{}" class="{class}"/>"#, n(cx), n(cy), n(r));
    }

    /// Text with its vertical centre at `y` (so layout works with boxes, not baselines).
    pub fn text(&mut self, (x, y): (f64, f64), size: f64, anchor: Anchor, class: &str, text: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}" class="{class}">{}</text>"#,
            n(x),
            n(y + size * 0.35),
            n(size),
            anchor.as_str(),
            xml_escape(text)
        );
    }

    /// Opens a group whose `<title>` is the tooltip (and accessible name) of what it holds.
    pub fn group(&mut self, title: &str) {
        let _ = writeln!(self.body, "<g><title>{}</title>", xml_escape(title));
    }

    pub fn end_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// The finished document: `style` and `defs` first, then the drawing.
    pub fn finish(self, width: f64, height: f64, head: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\">\n\
             {head}{}</svg>\n",
            self.body,
            w = n(width),
            h = n(height),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character() {
        let lines = wrap("EC2 new instance launches in us-east-1", 13.0, 110.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "EC2 new instance launches in us-east-1");
        let long = wrap(&"x".repeat(40), 13.0, 80.0);
        assert_eq!(long.concat(), "x".repeat(40));
        assert!(long.iter().all(|l| text_width(l, 13.0) <= 80.0 + 13.0));
    }

    #[test]
    fn text_is_escaped_and_numbers_are_short() {
        let mut svg = Svg::default();
        svg.text((1.0, 2.25), 12.0, Anchor::Start, "c", "<a & 'b'>");
        assert!(svg.body.contains("&lt;a &amp; &#39;b&#39;&gt;"));
        assert_eq!(n(2.0), "2");
        assert_eq!(n(2.26), "2.3");
    }
}
