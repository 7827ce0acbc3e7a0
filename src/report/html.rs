//! `report --to html`: one self-contained page. The Markdown of `report.md.j2` is converted by
//! the shared safe converter ([`crate::render::markdown::to_html`]), the charts of
//! [`super::charts`] take the place of its chart marker, and `report.html.j2`
//! (which extends the post-mortems' `layout.html.j2`) wraps it all.

use serde::Serialize;

use super::charts::report_charts;
use super::markdown::{ReportContext, to_markdown};
use super::period::Period;
use crate::output::Failure;
use crate::render::{Templates, figure, markdown};

pub const TEMPLATE: &str = "report.html.j2";

#[derive(Serialize)]
struct PageContext<'a> {
    #[serde(flatten)]
    report: &'a ReportContext<'a>,
    /// The report as safe HTML.
    content: String,
    /// The charts as `<figure>` markup, for templates that place them themselves.
    charts: String,
    /// Whether `content` already holds them (the Markdown template carried the marker).
    charts_placed: bool,
}

/// The whole page; `context` must be built for HTML (with the chart marker).
pub fn to_html(templates: &Templates, context: &ReportContext, period: &Period) -> Result<String, Failure> {
    let markdown = to_markdown(templates, context)?;
    let charts = report_charts(context.report, period)
        .map_err(|e| Failure::new(format!("cannot draw the report's charts: {e}")))?;
    let figures: String =
        charts.iter().map(|chart| figure(&chart.wide, Some(&chart.narrow), &chart.caption)).collect();
    let section = format!("<div class=\"pm-report-charts\">\n{figures}</div>\n");
    let marker = context.chart_marker.as_deref().unwrap_or_default();
    let content = markdown::to_html(&markdown, Some((marker, &section)));
    let charts_placed = content.contains("<div class=\"pm-report-charts\">");
    let page = PageContext { report: context, content, charts: section, charts_placed };
    templates.render(TEMPLATE, &page)
}
