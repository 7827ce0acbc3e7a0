//! `report --to md`: the report rendered through `report.md.j2` of the shared template loader
//! ([`Templates`]: `--templates DIR`, else `templates/` beside postmortem.toml, else embedded),
//! with the shared filters. The same Markdown is the content of the HTML page.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::aggregate::{Report, summarised_durations};
use crate::analysis::DurationKind;
use crate::output::Failure;
use crate::render::{Templates, tidy};

pub const TEMPLATE: &str = "report.md.j2";

/// What `report.md.j2` (and `report.html.j2`) see: the JSON shape plus a few values for display.
#[derive(Debug, Serialize)]
pub struct ReportContext<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    /// `--as-of`, the day overdue actions are judged against.
    pub as_of_date: NaiveDate,
    /// The keys of `durations`, in display order.
    pub duration_names: Vec<&'static str>,
    /// The period's zone: the `datetime` filter's default.
    pub display_zone: String,
    /// The same, under the name the first report templates used.
    pub zone: String,
    /// Set for HTML: a paragraph of exactly this text becomes the charts.
    /// Drawn anew for every rendering, so that no incident's text can forge it.
    pub chart_marker: Option<String>,
    /// "Reliability report 2026-Q3 — SMSGate", the HTML page's title.
    pub document_title: String,
}

impl<'a> ReportContext<'a> {
    pub fn new(report: &'a Report, as_of_date: NaiveDate, zone: Tz, for_html: bool) -> ReportContext<'a> {
        let document_title = match &report.organisation {
            Some(organisation) => format!("Reliability report {} — {organisation}", report.period.label),
            None => format!("Reliability report {}", report.period.label),
        };
        ReportContext {
            report,
            as_of_date,
            duration_names: summarised_durations().map(DurationKind::as_str).collect(),
            display_zone: zone.name().to_string(),
            zone: zone.name().to_string(),
            chart_marker: for_html.then(|| crate::render::markdown::figure_marker("report-charts")),
            document_title,
        }
    }
}

/// Render the report as Markdown.
pub fn to_markdown(templates: &Templates, context: &ReportContext) -> Result<String, Failure> {
    Ok(tidy(&templates.render(TEMPLATE, context)?))
}
