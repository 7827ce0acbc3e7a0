//! `report --to html`: one self-contained page (inline CSS and SVG, no external requests): the
//! charts, then the Markdown report converted safely by `render::markdown` (raw HTML shown as
//! text, links other than relative paths and http(s)/mailto dropped, no remote or data images).

use super::aggregate::Report;
use super::charts;
use super::period::Period;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;\
margin:0 auto;padding:1rem;color:#212529;line-height:1.45}table{border-collapse:collapse;margin:.5rem 0 1rem;\
display:block;overflow-x:auto}th,td{border:1px solid #dee2e6;padding:.25rem .5rem}td{vertical-align:top}\
th{background:#f8f9fa}h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #dee2e6}\
figure{margin:0 0 1rem}figure svg{width:100%;height:auto;display:block}figcaption{font-size:.9rem;color:#495057}\
.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .25rem 0 .75rem;vertical-align:middle}\
@media print{body{max-width:none}h2{break-after:avoid}figure{break-inside:avoid}}";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The Markdown as HTML, by the same safe conversion `render` uses (raw HTML as text, only
/// http(s), mailto and relative links, no image from elsewhere): incident titles reach the
/// report's Markdown, so they carry the same risks as a post-mortem.
pub fn markdown_to_html(markdown: &str) -> String {
    crate::render::markdown::to_html(markdown, None)
}

/// The whole page.
pub fn to_html(report: &Report, markdown: &str, period: &Period) -> String {
    let title = escape(&format!(
        "Reliability report {}{}",
        report.period.label,
        report.organisation.as_deref().map_or(String::new(), |o| format!(" — {o}"))
    ));
    let mut charts_html = String::from("<section><h2>At a glance</h2>\n");
    charts_html.push_str(&format!(
        "<p class=\"key\">Windows across {} (month boundaries ticked):<span style=\"background:#dc3545\"></span>major outage\
         <span style=\"background:#fd7e14\"></span>partial outage<span style=\"background:#ffc107\"></span>degraded\
         <span style=\"background:#9ec5fe\"></span>planned (lower half)</p>\n",
        escape(&report.period.label)
    ));
    for deployment in &report.deployments {
        charts_html.push_str(&format!(
            "<figure>{}<figcaption>{}: {} s down, availability {:.4} %</figcaption></figure>\n",
            charts::strip(deployment, period),
            escape(&deployment.name),
            deployment.downtime_seconds,
            deployment.availability
        ));
    }
    if !report.deployments.is_empty() {
        let key: String = report
            .deployments
            .iter()
            .enumerate()
            .map(|(i, d)| {
                format!("<span style=\"background:{}\"></span>{}", charts::monthly_colour(i), escape(&d.name))
            })
            .collect();
        let months: Vec<String> = report
            .deployments
            .first()
            .map_or(Vec::new(), |d| d.months.iter().map(|m| m.month.clone()).collect());
        charts_html.push_str(&format!(
            "<figure>{}<figcaption class=\"key\">Downtime per month ({}), scaled to the largest:{key}</figcaption></figure>\n",
            charts::monthly(&report.deployments),
            escape(&months.join(", "))
        ));
    }
    for deployment in &report.deployments {
        if let Some(svg) = charts::burn_down(deployment, period) {
            charts_html.push_str(&format!(
                "<figure>{svg}<figcaption>Error budget of {}: {:.0} s at the start of {}, {:.0} s left at its end \
                 (grey line: zero)</figcaption></figure>\n",
                escape(&deployment.name),
                deployment.budget_seconds.unwrap_or(0.0),
                escape(&report.period.label),
                deployment.budget_left_seconds.unwrap_or(0.0)
            ));
        }
    }
    charts_html.push_str("</section>\n");
    let body = markdown_to_html(markdown);
    // The charts go after the report's heading and introduction, before its first section.
    let (head, rest) = match body.find("<h2>") {
        Some(at) => body.split_at(at),
        None => (body.as_str(), ""),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{head}{charts_html}{rest}</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text_and_script_links_are_neutralised() {
        let html =
            markdown_to_html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](incidents/a.html)");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("href=\"incidents/a.html\""), "{html}");
    }

    #[test]
    fn images_from_titles_never_load() {
        // Before sharing `render`'s conversion, an image kept any source: `data:` and tracking pixels.
        let html = markdown_to_html(
            "| [![t](data:image/svg+xml,x)](incidents/a.html) | ![p](https://t.example/p.gif) |\n|---|---|\n",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }
}
