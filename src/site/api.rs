//! The Statuspage API v2 as static files under `api/v2/`: `summary.json`, `status.json`,
//! `components.json`, `incidents.json`, `incidents/unresolved.json`,
//! `scheduled-maintenances.json` and its `upcoming.json` and `active.json`, in the shapes
//! Statuspage documents, so that its clients (the status widget, `import --from statuspage`)
//! read them unchanged. Incidents are `status --to statuspage-json`'s objects.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::status::State;
use super::{Options, SiteIncident};
use crate::model::Config;
use crate::model::statuspage::{ComponentStatus, Incident};
use crate::output::Failure;
use crate::output::mark::{Generator, marked_json};
use crate::render::Templates;
use crate::render::status::{Form, postmortem_body};
use crate::render::statuspage_json::{incident as statuspage_incident, stable_id};

#[derive(Serialize, Clone)]
struct Page {
    id: String,
    name: String,
    url: String,
    time_zone: String,
    updated_at: DateTime<FixedOffset>,
}

#[derive(Serialize, Clone)]
struct StatusObject {
    indicator: &'static str,
    description: &'static str,
}

#[derive(Serialize, Clone)]
struct Component {
    id: String,
    name: String,
    status: ComponentStatus,
    created_at: DateTime<FixedOffset>,
    updated_at: DateTime<FixedOffset>,
    position: usize,
    description: Option<String>,
    showcase: bool,
    start_date: Option<String>,
    group_id: Option<String>,
    page_id: String,
    group: bool,
    only_show_if_degraded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<String>>,
}

#[derive(Serialize)]
struct StatusDoc<'a> {
    page: &'a Page,
    status: &'a StatusObject,
}

#[derive(Serialize)]
struct ComponentsDoc<'a> {
    page: &'a Page,
    components: &'a [Component],
}

#[derive(Serialize)]
struct IncidentsDoc<'a> {
    page: &'a Page,
    incidents: Vec<&'a Incident>,
}

#[derive(Serialize)]
struct MaintenancesDoc<'a> {
    page: &'a Page,
    scheduled_maintenances: Vec<&'a Incident>,
}

#[derive(Serialize)]
struct SummaryDoc<'a> {
    page: &'a Page,
    components: &'a [Component],
    incidents: Vec<&'a Incident>,
    scheduled_maintenances: Vec<&'a Incident>,
    status: &'a StatusObject,
}

/// Every file under `api/v2/`.
pub fn all(
    templates: &Templates,
    incidents: &[SiteIncident],
    state: &State,
    config: &Config,
    options: &Options,
) -> Result<Vec<(String, String)>, Failure> {
    let name = config
        .file
        .organisation
        .clone()
        .or_else(|| state.groups.first().map(|g| g.service.clone()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Status".to_string());
    let page = Page {
        id: stable_id(&["page", &name]),
        name,
        url: options.base_url.clone().unwrap_or_default(),
        time_zone: state.zone.name().to_string(),
        updated_at: state.as_of.fixed_offset(),
    };
    let status = StatusObject { indicator: state.overall.indicator, description: state.overall.description };
    let components = components(state, &page);
    let objects: Vec<Incident> = incidents
        .iter()
        .map(|inc| {
            let body = postmortem_body(templates, &inc.checked, inc.zone, Form::Text)?;
            let mut object = statuspage_incident(&inc.checked, body.as_deref());
            let planned: Vec<_> = inc.checked.analysis.windows().filter(|w| w.planned).collect();
            object.scheduled_for = planned.iter().filter_map(|w| w.start).min().map(|t| t.fixed_offset());
            object.scheduled_until = planned.iter().filter_map(|w| w.end).max().map(|t| t.fixed_offset());
            Ok(object)
        })
        .collect::<Result<_, Failure>>()?;
    let pick =
        |indices: &[usize]| -> Vec<&Incident> { indices.iter().filter_map(|&i| objects.get(i)).collect() };
    let unresolved = pick(&state.active);
    let active_maintenance = pick(&state.maintenance_active);
    let upcoming = pick(&state.maintenance_upcoming);
    let maintenances: Vec<&Incident> = (0..incidents.len())
        .filter(|&i| objects.get(i).is_some_and(|o| o.scheduled_for.is_some()))
        .filter_map(|i| objects.get(i))
        .collect();
    let summary_maintenances: Vec<&Incident> = active_maintenance.iter().chain(&upcoming).copied().collect();

    Ok(vec![
        ("api/v2/status.json".into(), json(&StatusDoc { page: &page, status: &status })?),
        ("api/v2/components.json".into(), json(&ComponentsDoc { page: &page, components: &components })?),
        (
            "api/v2/incidents.json".into(),
            json(&IncidentsDoc { page: &page, incidents: objects.iter().collect() })?,
        ),
        (
            "api/v2/incidents/unresolved.json".into(),
            json(&IncidentsDoc { page: &page, incidents: unresolved.clone() })?,
        ),
        (
            "api/v2/scheduled-maintenances.json".into(),
            json(&MaintenancesDoc { page: &page, scheduled_maintenances: maintenances })?,
        ),
        (
            "api/v2/scheduled-maintenances/upcoming.json".into(),
            json(&MaintenancesDoc { page: &page, scheduled_maintenances: upcoming })?,
        ),
        (
            "api/v2/scheduled-maintenances/active.json".into(),
            json(&MaintenancesDoc { page: &page, scheduled_maintenances: active_maintenance })?,
        ),
        (
            "api/v2/summary.json".into(),
            json(&SummaryDoc {
                page: &page,
                components: &components,
                incidents: unresolved,
                scheduled_maintenances: summary_maintenances,
                status: &status,
            })?,
        ),
    ])
}

/// One group component per service and one component per deployment, in page order.
fn components(state: &State, page: &Page) -> Vec<Component> {
    let at = state.as_of.fixed_offset();
    let base = |id: String, name: String, status: ComponentStatus, position: usize| Component {
        id,
        name,
        status,
        created_at: at,
        updated_at: at,
        position,
        description: None,
        showcase: true,
        start_date: None,
        group_id: None,
        page_id: page.id.clone(),
        group: false,
        only_show_if_degraded: false,
        components: None,
    };
    let mut out = Vec::new();
    for group in &state.groups {
        let group_id = stable_id(&["group", &group.service]);
        let members: Vec<String> =
            group.deployments.iter().map(|d| stable_id(&["component", &d.name])).collect();
        let worst = group.deployments.iter().filter_map(|d| d.status).max();
        let mut g = base(group_id.clone(), group.service.clone(), worst.into(), out.len() + 1);
        g.group = true;
        g.components = Some(members);
        out.push(g);
        for d in &group.deployments {
            let mut c =
                base(stable_id(&["component", &d.name]), d.name.clone(), d.status.into(), out.len() + 1);
            c.group_id = Some(group_id.clone());
            out.push(c);
        }
    }
    out
}

/// Pretty JSON with the tool's mark first and a final newline.
fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    marked_json(Generator::Site, value).map_err(|e| {
        Failure::new(format!("cannot write the site's API as JSON: {e}"))
            .help("this is a bug in postmortem; please report it with the incident files")
    })
}
