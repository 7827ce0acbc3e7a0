//! What screen readers announce for a chart: `role="img"`, a `<title>` and a `<desc>`. The
//! list or table beside each chart is its full text alternative; the desc summarises.

use super::xml_escape;

/// Adds `role="img"`, the class `pm-svg` (which the chart's style colours), `<title>` and
/// `<desc>` to an SVG document.
pub fn with_title_and_desc(svg: String, id: &str, title: &str, desc: &str) -> String {
    let id = xml_escape(id);
    let header = format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        xml_escape(title),
        xml_escape(desc)
    );
    let attributes =
        format!(" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"pm-chart pm-svg\"");
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
    fn the_header_goes_inside_the_root_element() {
        let svg = with_title_and_desc("<svg width=\"1\">\n<rect/></svg>".into(), "c", "T<", "D&");
        assert!(svg.starts_with("<svg width=\"1\" role=\"img\" aria-labelledby=\"c-title c-desc\""));
        assert!(
            svg.contains("<title id=\"c-title\">T&lt;</title>\n<desc id=\"c-desc\">D&amp;</desc>\n<rect/>")
        );
    }
}
