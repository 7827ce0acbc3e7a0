//! The site's HTML: `index.html` (status now, one bar per deployment, availability, active and
//! recent incidents, maintenance), `history/` (an index of months and one page per month,
//! newest first) and `incidents/` (each post-mortem exactly as `render --to html` makes it,
//! with a link back to the site). Pages are rendered from the `site/*.html.j2` templates
//! (overridable) and link only relatively, so the folder works from `file://` and any host.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::status::{DayCell, State, impact_level, is_unresolved, planned_only};
use super::{HISTORY_TEMPLATE, INDEX_TEMPLATE, MONTH_TEMPLATE, Options, SiteIncident};
use crate::model::{ImpactStatus, Mark};
use crate::output::Failure;
use crate::render::chart::xml_escape;
use crate::render::{self, ChartOptions, Templates};
use crate::time::{format_duration, format_in_zone};

/// Colours of the bar's cells: the timeline chart's red and blue, and the usual green,
/// yellow and orange of status pages.
pub fn status_colour(worst: Option<ImpactStatus>, planned: bool) -> &'static str {
    match (worst, planned) {
        (Some(ImpactStatus::MajorOutage), _) => "#cf222e",
        (Some(ImpactStatus::PartialOutage), _) => "#e16f24",
        (Some(ImpactStatus::DegradedPerformance), _) => "#bf8700",
        (Some(ImpactStatus::UnderMaintenance), _) | (None, true) => "#0969da",
        (None, false) => "#2da44e",
    }
}

fn status_class(status: Option<ImpactStatus>) -> &'static str {
    status.map_or("operational", ImpactStatus::as_str)
}

fn status_label(status: Option<ImpactStatus>) -> &'static str {
    status.map_or("Operational", ImpactStatus::label)
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    /// `July 20, 2026 12:00 UTC`
    as_of: String,
    as_of_utc: String,
    zone: String,
    days: u32,
    first_day: String,
    last_day: String,
    counting_rules: String,
}

#[derive(Serialize)]
struct UpdateView {
    at: String,
    status: &'static str,
    text: Option<String>,
}

#[derive(Serialize)]
struct IncidentSummary {
    title: String,
    /// Relative to the site's root.
    page: String,
    service: String,
    impact: &'static str,
    open: bool,
    status: &'static str,
    began: Option<String>,
    resolved: Option<String>,
    duration: Option<String>,
    latest_update: Option<UpdateView>,
    scheduled_for: Option<String>,
    scheduled_until: Option<String>,
}

#[derive(Serialize)]
struct DeploymentView {
    name: String,
    status: &'static str,
    status_label: &'static str,
    /// Full precision, as the report computes it (for machines and tests).
    availability: String,
    availability_label: String,
    downtime: String,
    planned: String,
    /// The bar as inline SVG markup (built and escaped here).
    bar: String,
}

#[derive(Serialize)]
struct GroupView {
    service: String,
    deployments: Vec<DeploymentView>,
}

#[derive(Serialize)]
struct MonthLink {
    /// `2026-07`
    month: String,
    label: String,
    incidents: usize,
}

#[derive(Serialize)]
struct PageContext<'a> {
    /// `""` on pages at the root, `"../"` one folder down.
    root: &'static str,
    site: &'a SiteView,
    overall_indicator: &'static str,
    overall_description: &'static str,
    groups: Vec<GroupView>,
    active: Vec<IncidentSummary>,
    maintenance_active: Vec<IncidentSummary>,
    maintenance_upcoming: Vec<IncidentSummary>,
    recent: Vec<IncidentSummary>,
    months: Vec<MonthLink>,
    month: Option<MonthLink>,
    incidents: Vec<IncidentSummary>,
}

/// Every HTML page of the site, by path.
pub fn all(
    templates: &Templates,
    incidents: &[SiteIncident],
    state: &State,
    options: &Options,
) -> Result<Vec<(String, String)>, Failure> {
    let site = site_view(state, options);
    let summary = |i: &usize| incidents.get(*i).map(|inc| summarise(inc, state));
    let months = months(incidents, state.zone);
    let blank = || blank_page(&site, state.overall.indicator, state.overall.description);
    let mut pages = Vec::new();
    let index = PageContext {
        groups: state.groups.iter().map(|g| group_view(g, incidents, state)).collect(),
        active: state.active.iter().filter_map(summary).collect(),
        maintenance_active: state.maintenance_active.iter().filter_map(summary).collect(),
        maintenance_upcoming: state.maintenance_upcoming.iter().filter_map(summary).collect(),
        recent: state.recent.iter().filter_map(summary).collect(),
        ..blank()
    };
    pages.push(("index.html".to_string(), templates.render(INDEX_TEMPLATE, &index)?));
    let month_links: Vec<MonthLink> = months.iter().map(|(link, _)| link.clone()).collect();
    let history = PageContext { root: "../", months: month_links, ..blank() };
    pages.push(("history/index.html".to_string(), templates.render(HISTORY_TEMPLATE, &history)?));
    for (link, members) in months {
        let name = format!("history/{}.html", link.month);
        let page = PageContext {
            root: "../",
            incidents: members.iter().filter_map(summary).collect(),
            month: Some(link),
            ..blank()
        };
        pages.push((name, templates.render(MONTH_TEMPLATE, &page)?));
    }
    for incident in incidents {
        pages.push((incident.page(), incident_page(templates, incident)?));
    }
    Ok(pages)
}

/// A page at the root with the site's header and overall status, and nothing listed yet.
fn blank_page<'a>(
    site: &'a SiteView,
    overall_indicator: &'static str,
    overall_description: &'static str,
) -> PageContext<'a> {
    PageContext {
        root: "",
        site,
        overall_indicator,
        overall_description,
        groups: Vec::new(),
        active: Vec::new(),
        maintenance_active: Vec::new(),
        maintenance_upcoming: Vec::new(),
        recent: Vec::new(),
        months: Vec::new(),
        month: None,
        incidents: Vec::new(),
    }
}

impl Clone for MonthLink {
    fn clone(&self) -> Self {
        MonthLink { month: self.month.clone(), label: self.label.clone(), incidents: self.incidents }
    }
}

fn site_view(state: &State, options: &Options) -> SiteView {
    SiteView {
        title: site_title(state),
        as_of: long_time(state.as_of, state.zone),
        as_of_utc: state.as_of.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        zone: state.zone.name().to_string(),
        days: options.days,
        first_day: state.period.first_day.to_string(),
        last_day: state.period.last_day.to_string(),
        counting_rules: state.counting_rules.clone(),
    }
}

fn site_title(state: &State) -> String {
    match state.groups.first() {
        Some(g) if state.groups.len() == 1 && !g.service.is_empty() => format!("{} status", g.service),
        _ => "Status".to_string(),
    }
}

/// `July 4, 2026 14:55 UTC`: every displayed time names its zone.
pub fn long_time(at: DateTime<Utc>, zone: Tz) -> String {
    format_in_zone(at, zone, "%B %-d, %Y %H:%M %Z")
}

fn summarise(incident: &SiteIncident, state: &State) -> IncidentSummary {
    let inc = &incident.checked.incident;
    let analysis = &incident.checked.analysis;
    let zone = state.zone;
    let latest = inc
        .updates()
        .filter_map(|(i, u, at)| at.map(|at| (at, i, u)))
        .filter(|(at, _, _)| *at <= state.as_of)
        .max_by_key(|(at, i, _)| (*at, *i));
    let open = is_unresolved(incident, state.as_of);
    let resolved = analysis.milestone(Mark::Resolved);
    let recovered = analysis.milestone(Mark::Recovered);
    let duration =
        incident.began.zip(recovered.or(resolved)).map(|(b, e)| format_duration((e - b).num_seconds()));
    let planned: Vec<_> = analysis.windows().filter(|w| w.planned).collect();
    IncidentSummary {
        title: inc.file.title.clone(),
        page: incident.page(),
        service: inc.file.service.clone(),
        impact: impact_level(incident).as_str(),
        open,
        status: match (open, latest) {
            (_, Some((_, _, u))) if !open || !u.status.is_final() => u.status.label(),
            (true, _) => "Open",
            (false, _) => "Resolved",
        },
        began: incident.began.map(|b| long_time(b, zone)),
        resolved: resolved.map(|r| long_time(r, zone)),
        duration: if planned_only(incident) { None } else { duration },
        latest_update: latest.map(|(at, _, u)| UpdateView {
            at: long_time(at, zone),
            status: u.status.label(),
            text: u.text.clone(),
        }),
        scheduled_for: planned.iter().filter_map(|w| w.start).min().map(|t| long_time(t, zone)),
        scheduled_until: planned.iter().filter_map(|w| w.end).max().map(|t| long_time(t, zone)),
    }
}

fn group_view(group: &super::status::Group, incidents: &[SiteIncident], state: &State) -> GroupView {
    GroupView {
        service: group.service.clone(),
        deployments: group
            .deployments
            .iter()
            .map(|d| DeploymentView {
                name: d.name.clone(),
                status: status_class(d.status),
                status_label: status_label(d.status),
                availability: d.availability.to_string(),
                availability_label: format!("{:.3} %", d.availability),
                downtime: format_duration(d.downtime_seconds),
                planned: format_duration(d.planned_seconds),
                bar: bar_svg(&d.name, &d.days, incidents, state),
            })
            .collect(),
    }
}

/// The bar: one cell per day, each with a `<title>` tooltip (date, status, downtime,
/// incidents by title) that screen readers and pointers get without any script.
fn bar_svg(deployment: &str, days: &[DayCell], incidents: &[SiteIncident], state: &State) -> String {
    const STEP: usize = 8;
    let width = days.len() * STEP;
    let mut svg = format!(
        "<svg class=\"pm-bar\" viewBox=\"0 0 {width} 40\" preserveAspectRatio=\"none\" role=\"img\" \
         aria-label=\"{}: one bar per day from {} to {} ({}); hover or focus a day for details\">",
        xml_escape(deployment),
        state.period.first_day,
        state.period.last_day,
        state.zone.name()
    );
    for (i, day) in days.iter().enumerate() {
        let colour = status_colour(day.worst, day.planned);
        let class = match (day.worst, day.planned) {
            (Some(s), _) => s.as_str(),
            (None, true) => "under_maintenance",
            (None, false) => "operational",
        };
        let mut tip = format!("{} ({}): ", day.date, state.zone.name());
        tip.push_str(match (day.worst, day.planned) {
            (Some(s), _) => s.label(),
            (None, true) => "Planned maintenance",
            (None, false) => "No incident",
        });
        if day.downtime_seconds > 0 {
            tip.push_str(&format!(", {} down", format_duration(day.downtime_seconds)));
        }
        let titles: Vec<&str> =
            day.incidents.iter().filter_map(|&i| incidents.get(i)).map(SiteIncident::title).collect();
        if !titles.is_empty() {
            tip.push_str(". ");
            tip.push_str(&titles.join("; "));
        }
        svg.push_str(&format!(
            "<rect class=\"pm-day {class}\" data-date=\"{}\" x=\"{}\" y=\"0\" width=\"{}\" height=\"40\" rx=\"1\" fill=\"{colour}\"><title>{}</title></rect>",
            day.date,
            i * STEP,
            STEP - 2,
            xml_escape(&tip)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Incidents by the month they began in (display zone), newest month first.
fn months(incidents: &[SiteIncident], zone: Tz) -> Vec<(MonthLink, Vec<usize>)> {
    let mut out: Vec<(MonthLink, Vec<usize>)> = Vec::new();
    // `incidents` is newest first, so months come out newest first.
    for (index, incident) in incidents.iter().enumerate() {
        let key = incident.began.map(|b| b.with_timezone(&zone)).map(|l| (l.year(), l.month()));
        let (month, label) = match key {
            Some((y, m)) => {
                (format!("{y:04}-{m:02}"), format_in_zone(incident.began.unwrap_or_default(), zone, "%B %Y"))
            }
            None => ("undated".to_string(), "Undated".to_string()),
        };
        match out.iter_mut().find(|(l, _)| l.month == month) {
            Some((link, members)) => {
                link.incidents += 1;
                members.push(index);
            }
            None => out.push((MonthLink { month, label, incidents: 1 }, vec![index])),
        }
    }
    out
}

/// The post-mortem page as `render --to html` makes it, with the site's navigation added.
fn incident_page(templates: &Templates, incident: &SiteIncident) -> Result<String, Failure> {
    let draw = |options: &ChartOptions| {
        render::timeline_svg(&incident.checked, incident.zone, options).map_err(|e| {
            Failure::new(format!("`{}`: cannot draw the timeline chart: {e}", incident.path.display()))
                .help("`postmortem check` on the file shows which times to fix")
        })
    };
    // An incident with nothing timed has no chart (an empty one leaves it out).
    let wide = draw(&ChartOptions::default())?.unwrap_or_default();
    let narrow = draw(&ChartOptions::narrow())?.unwrap_or_default();
    let page =
        render::render_postmortem_html(templates, &incident.checked, incident.zone, &wide, Some(&narrow))?;
    let nav = "<nav class=\"pm-site-nav\" aria-label=\"Site\" style=\"margin:1rem auto;max-width:52rem;padding:0 1rem\">\
               <a href=\"../index.html\">&larr; Current status</a> &middot; <a href=\"../history/index.html\">Incident history</a></nav>";
    Ok(match page.find("<body") {
        Some(start) => match page.get(start..).and_then(|rest| rest.find('>')) {
            Some(close) => {
                let at = start + close + 1;
                format!("{}\n{nav}{}", page.get(..at).unwrap_or_default(), page.get(at..).unwrap_or_default())
            }
            None => page,
        },
        None => format!("{nav}\n{page}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_take_the_worst_status_and_maintenance_shows_when_nothing_worse() {
        assert_eq!(status_colour(Some(ImpactStatus::MajorOutage), true), "#cf222e");
        assert_eq!(status_colour(None, true), "#0969da");
        assert_eq!(status_colour(None, false), "#2da44e");
        assert_eq!(status_label(None), "Operational");
        assert_eq!(status_class(Some(ImpactStatus::PartialOutage)), "partial_outage");
    }
}
