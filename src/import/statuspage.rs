//! `import --from statuspage`: Statuspage API v2 documents to incident files.
//!
//! Reads `incidents.json`, `summary.json`, `scheduled-maintenances.json` or one incident object.
//! What the source says is kept as it is, oddities included (a `started_at` after `created_at`,
//! a zero-length or unresolved incident, a `resolved_at` before the last update): `check`
//! reports them on the result; the importer repairs nothing.
//!
//! Mapping:
//! - updates keep status, text and instant (`display_at`, else `created_at`), written in the
//!   page's zone with explicit offsets; a `postmortem` update becomes `resolved`.
//! - deployments are the components the incident names (its `components`, and the
//!   `affected_components` of its updates that carry a status).
//! - impact windows come from the component status transitions of the updates (oldest first):
//!   a component leaving `operational` opens a window in its new status, a change of status
//!   closes it and opens the next, `operational` closes it. A component already
//!   non-operational when first named opens its window at the incident's start.
//! - without any transition: one window per deployment (or the page's service when none is
//!   named) from `started_at` (else `created_at`) to `resolved_at`, at the incident's impact:
//!   none → degraded_performance, minor → partial_outage, major and critical → major_outage.
//! - scheduled maintenances give planned windows (`under_maintenance` when no transition says
//!   otherwise) from the first `in_progress` update (else `scheduled_for`) to the first
//!   `completed` update (else `scheduled_until`).
//! - `started_at` and `resolved_at` become timeline events marked `impact_start` and
//!   `resolved`, so that `check` can compare them with the updates.
//! - an export of this tool carries `x_postmortem`: its exact windows win.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::typed_json;
use crate::diagnostic::{Diagnostic, input};
use crate::load::json_document;
use crate::model::raw::{self, IncidentFile};
use crate::model::statuspage::{
    ComponentStatus, Document, Extension, Incident, IncidentStatus, IncidentUpdate,
};
use crate::model::{ImpactLevel, ImpactStatus, Mark, UpdateStatus};
use crate::output::Failure;
use crate::text::unique_in_order;
use crate::time::{check_representable, format_duration, parse_duration, parse_zone, rfc3339_in_zone};

/// One incident converted, with the file name it should get.
#[derive(Debug, Clone)]
pub struct Converted {
    /// `YYYY-MM-DD-<slug>.toml`, the date in the page's zone.
    pub file_name: String,
    pub file: IncidentFile,
}

/// A converted document: its incidents, and warnings located in the export (what the import
/// assumed where the export said something it cannot use).
#[derive(Debug, Clone, Default)]
pub struct ConvertedDocument {
    pub incidents: Vec<Converted>,
    pub warnings: Vec<Diagnostic>,
}

/// The incident files already in the folder an import writes to, by file name compared
/// without case: the Statuspage id each holds (`None`: no id, or not readable as one).
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// By the name's key: the name as the folder spells it, and the id the file holds.
    holders: HashMap<String, (String, Option<String>)>,
}

impl Existing {
    /// Record that the folder holds `file_name`, with the Statuspage `id` it holds.
    pub fn insert(&mut self, file_name: &str, id: Option<String>) {
        self.holders.insert(name_key(file_name), (file_name.to_string(), id));
    }

    /// The file name already holding incident `id`, if any.
    fn name_of(&self, id: &str) -> Option<&str> {
        let mut names: Vec<&str> = self
            .holders
            .values()
            .filter(|(_, held)| held.as_deref() == Some(id))
            .map(|(name, _)| name.as_str())
            .collect();
        names.sort_unstable();
        names.first().copied()
    }

    /// Whether `file_name` is a file holding another Statuspage incident than `id`. A file
    /// without an id is not known to be another incident: it stays in the way, refused
    /// without `--force` as any file with other content is.
    fn taken_from(&self, file_name: &str, id: &str) -> bool {
        self.holders
            .get(&name_key(file_name))
            .is_some_and(|(_, held)| held.as_deref().is_some_and(|h| h != id))
    }
}

/// File names compared as a case-insensitive file system would.
fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// The warning-level form of PM007 for an import: the export's instants carry their offsets,
/// so an unknown page zone only changes how times are shown.
const UNKNOWN_PAGE_ZONE: crate::diagnostic::Check =
    crate::diagnostic::Check { level: crate::diagnostic::Level::Warning, ..input::UNKNOWN_ZONE };

/// Parse a Statuspage document and convert every incident and maintenance in it, named so that
/// no two share a file and none takes the name of a file in `existing` that holds another
/// incident (an incident already in the folder keeps its file). Any error (syntax, a wrong
/// type, a missing or empty id, an instant a file cannot hold) fails the whole document,
/// located by line, column and JSON path.
pub fn convert_document(
    display_path: &str,
    text: &str,
    existing: &Existing,
) -> Result<ConvertedDocument, Failure> {
    let shape: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let diagnostic = json_document::syntax_diagnostic(text, &e).help("the file must be a Statuspage API v2 response (incidents.json, summary.json, scheduled-maintenances.json) or one incident object");
        json_document::located_failure(display_path, text, diagnostic)
    })?;
    let single = shape.get("incident_updates").is_some();
    let document = if single {
        let incident: Incident = typed_json(display_path, text, TYPE_HELP)?;
        Document { incidents: Some(vec![incident]), ..Document::default() }
    } else {
        typed_json::<Document>(display_path, text, TYPE_HELP)?
    };
    let incidents = document.incidents.unwrap_or_default();
    let maintenances = document.scheduled_maintenances.unwrap_or_default();
    if incidents.is_empty() && maintenances.is_empty() {
        let diagnostic = Diagnostic::new(
            &input::INVALID_VALUE,
            "no incidents or scheduled maintenances in the file",
        )
        .help("expected `incidents` or `scheduled_maintenances` lists, or an object with `incident_updates`");
        let list = ["incidents", "scheduled_maintenances"].into_iter().find(|key| shape.get(key).is_some());
        let diagnostic = match list {
            Some(key) => diagnostic.at(key),
            None => diagnostic,
        };
        return Err(json_document::located_failure(display_path, text, diagnostic).into());
    }
    let listed = |list: &'static str, all: &[Incident]| -> Vec<(String, Incident)> {
        all.iter()
            .enumerate()
            .map(|(i, incident)| {
                let path = if single { String::new() } else { format!("{list}[{i}]") };
                (path, incident.clone())
            })
            .collect()
    };
    let all: Vec<(String, Incident, bool)> = listed("incidents", &incidents)
        .into_iter()
        .map(|(p, i)| (p, i, false))
        .chain(listed("scheduled_maintenances", &maintenances).into_iter().map(|(p, i)| (p, i, true)))
        .collect();
    let fail = |diagnostic| Failure::from(json_document::located_failure(display_path, text, diagnostic));
    for (path, incident, _) in &all {
        require_ids(path, incident).map_err(fail)?;
    }
    refuse_unrepresentable(&shape, "").map_err(fail)?;
    // Pages of an export overlap: an incident listed twice is imported once, as last updated.
    let all = once_each(all);

    let page = document.page.unwrap_or_default();
    let (zone, warnings) = match page.time_zone.as_deref() {
        None => (Tz::UTC, Vec::new()),
        Some(name) => match page_zone(name) {
            Some(zone) => (zone, Vec::new()),
            None => (Tz::UTC, vec![unknown_zone_warning(name)]),
        },
    };
    let service = if page.name.trim().is_empty() { "Status page".to_string() } else { page.name.clone() };
    let mut converted: Vec<Converted> = all
        .iter()
        .map(|(_, incident, listed_as_maintenance)| {
            let maintenance = *listed_as_maintenance
                || incident.scheduled_for.is_some()
                || incident.status.is_maintenance();
            convert(incident, &service, zone, maintenance)
        })
        .collect();
    disambiguate(&mut converted, &all.iter().map(|(_, i, _)| i.id.clone()).collect::<Vec<_>>(), existing);
    Ok(ConvertedDocument { incidents: converted, warnings })
}

fn unknown_zone_warning(name: &str) -> Diagnostic {
    let suggestion = match parse_zone(name) {
        Err(crate::time::TimeError::UnknownZone { suggestion: Some(close), .. }) => {
            format!(" (did you mean `{close}`?)")
        }
        _ => String::new(),
    };
    Diagnostic::new(
        &UNKNOWN_PAGE_ZONE,
        format!(
            "`page.time_zone` `{}` is not a time zone postmortem knows; times are written and shown in UTC",
            name.escape_debug()
        ),
    )
    .at("page.time_zone")
    .help(format!(
        "the export's instants carry their offsets, so none moves; to show them in the page's zone{suggestion}, \
         set `timezone` in the written files to an IANA name such as `Europe/Berlin`, or fix the page's \
         time zone and export again"
    ))
}

/// One converted incident as the TOML text `import` writes, headed by where it came from.
pub fn to_toml(converted: &Converted) -> Result<String, Failure> {
    let body = toml::to_string_pretty(&converted.file).map_err(|e| {
        Failure::new(format!("cannot write `{}` as TOML: {e}", converted.file_name))
            .help("this is a bug in postmortem; please report it with the input file")
    })?;
    let source = super::comment_text(converted.file.id.as_deref().unwrap_or("?"));
    Ok(format!("# Imported from Statuspage incident {source} by `postmortem import`.\n{body}"))
}

/// What a value of the wrong type should be.
const TYPE_HELP: &str = "the field must have the type Statuspage's API v2 gives it (timestamps as RFC 3339 with an offset, statuses from its vocabulary); fix the value or re-export the page";

fn require_ids(path: &str, incident: &Incident) -> Result<(), Diagnostic> {
    let empty = |field: String| {
        Diagnostic::new(&input::INVALID_VALUE, format!("`{field}` is empty"))
            .at(field)
            .help("every incident and update needs its Statuspage id; re-export the page")
    };
    let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
    if incident.id.trim().is_empty() {
        return Err(empty(format!("{prefix}id")));
    }
    for (i, update) in incident.incident_updates.iter().enumerate() {
        if update.id.trim().is_empty() {
            return Err(empty(format!("{prefix}incident_updates[{i}].id")));
        }
    }
    Ok(())
}

/// The page's zone: an IANA name, or a Rails name older pages carry; `None` for anything else.
pub fn page_zone(name: &str) -> Option<Tz> {
    if let Ok(zone) = parse_zone(name) {
        return Some(zone);
    }
    let rails = [
        ("Pacific Time (US & Canada)", Tz::America__Los_Angeles),
        ("Mountain Time (US & Canada)", Tz::America__Denver),
        ("Central Time (US & Canada)", Tz::America__Chicago),
        ("Eastern Time (US & Canada)", Tz::America__New_York),
        ("Tijuana", Tz::America__Tijuana),
        ("Arizona", Tz::America__Phoenix),
        ("London", Tz::Europe__London),
        ("Berlin", Tz::Europe__Berlin),
        ("Paris", Tz::Europe__Paris),
        ("Amsterdam", Tz::Europe__Amsterdam),
        ("Tokyo", Tz::Asia__Tokyo),
        ("Sydney", Tz::Australia__Sydney),
        ("UTC", Tz::UTC),
    ];
    rails.iter().find(|(rails_name, _)| rails_name.eq_ignore_ascii_case(name.trim())).map(|(_, z)| *z)
}

fn write_instant(at: DateTime<FixedOffset>, zone: Tz) -> String {
    rfc3339_in_zone(at.to_utc(), zone)
}

fn convert(incident: &Incident, service: &str, zone: Tz, maintenance: bool) -> Converted {
    let mut oldest_first: Vec<&IncidentUpdate> = incident.incident_updates.iter().collect();
    oldest_first.reverse();
    let extension = incident.x_postmortem.as_ref();

    let deployments = deployments(incident);
    let updates = oldest_first
        .iter()
        .map(|update| {
            let postmortem = extension.is_some_and(|x| x.postmortem_updates.contains(&update.id));
            let text =
                update.body.as_deref().map(|b| b.replace("\r\n", "\n")).filter(|b| !b.trim().is_empty());
            raw::Update {
                at: write_instant(update.shown_at(), zone),
                status: UpdateStatus::from(update.status),
                // The body of a post-mortem update is rendered from the file; keeping it as
                // text too would print it twice.
                text: if postmortem { None } else { text },
                deployments: unique_in_order(stated(update).map(|(name, _, _)| name.to_string())),
                postmortem,
                tz: None,
                internal: false,
            }
        })
        .collect();

    let impact = match extension {
        Some(extension) => extension_windows(extension, zone),
        None => {
            let from_transitions = transition_windows(incident, &oldest_first, zone, maintenance);
            if from_transitions.is_empty() {
                fallback_windows(incident, &oldest_first, &deployments, service, zone, maintenance)
            } else {
                from_transitions
            }
        }
    };
    let mut all_deployments = deployments;
    for window in &impact {
        if !all_deployments.contains(&window.deployment) {
            all_deployments.push(window.deployment.clone());
        }
    }

    let day = maintenance
        .then_some(incident.scheduled_for)
        .flatten()
        .or(incident.started_at)
        .unwrap_or(incident.created_at)
        .with_timezone(&zone)
        .date_naive();
    let slug = crate::output::slug_words(&incident.name);
    let slug = if slug.is_empty() { format!("incident-{}", slug_of_id(&incident.id)) } else { slug };
    let file = IncidentFile {
        format: raw::FORMAT,
        title: incident.name.clone(),
        service: service.to_string(),
        timezone: Some(zone.name().to_string()),
        deployments: all_deployments,
        impact_level: incident.impact,
        id: Some(incident.id.clone()),
        shortlink: incident.shortlink.clone(),
        impact,
        events: stated_milestones(incident, zone),
        updates,
        ..IncidentFile::default()
    };
    Converted { file_name: format!("{}-{slug}.toml", day.format("%Y-%m-%d")), file }
}

/// The incident's own `started_at` and `resolved_at`, kept as marked timeline events: they are
/// what the page states, and `check` compares them with the updates.
fn stated_milestones(incident: &Incident, zone: Tz) -> Vec<raw::Event> {
    let event = |at: DateTime<FixedOffset>, text: &str, mark: Mark| raw::Event {
        at: write_instant(at, zone),
        text: text.to_string(),
        marks: vec![mark],
        tz: None,
        internal: false,
    };
    incident
        .started_at
        .map(|at| event(at, "Impact began (Statuspage `started_at`).", Mark::ImpactStart))
        .into_iter()
        .chain(
            incident.resolved_at.map(|at| event(at, "Resolved (Statuspage `resolved_at`).", Mark::Resolved)),
        )
        .collect()
}

/// The components an update names with a status; placeholders without one are skipped.
fn stated(update: &IncidentUpdate) -> impl Iterator<Item = (&str, Option<ComponentStatus>, ComponentStatus)> {
    update
        .affected_components
        .iter()
        .flatten()
        .filter_map(|c| c.new_status.map(|new| (c.name.as_str(), c.old_status, new)))
}

fn deployments(incident: &Incident) -> Vec<String> {
    let attached = incident.components.iter().flatten().map(|c| c.name.clone());
    let named = incident.incident_updates.iter().rev().flat_map(|u| stated(u).map(|(n, _, _)| n.to_string()));
    unique_in_order(attached.chain(named))
}

fn incident_start(incident: &Incident) -> DateTime<FixedOffset> {
    incident.started_at.unwrap_or(incident.created_at)
}

fn window(
    deployment: &str,
    status: ImpactStatus,
    planned: bool,
    start: Option<DateTime<FixedOffset>>,
    end: Option<DateTime<FixedOffset>>,
    zone: Tz,
) -> raw::Impact {
    raw::Impact {
        deployment: deployment.to_string(),
        status,
        planned,
        start: start.map(|s| write_instant(s, zone)),
        end: end.map(|e| write_instant(e, zone)),
        duration: None,
        tz: None,
        text: None,
    }
}

fn transition_windows(
    incident: &Incident,
    oldest_first: &[&IncidentUpdate],
    zone: Tz,
    planned: bool,
) -> Vec<raw::Impact> {
    struct Open {
        status: ImpactStatus,
        since: DateTime<FixedOffset>,
    }
    let mut current: HashMap<&str, ComponentStatus> = HashMap::new();
    let mut open: HashMap<&str, Open> = HashMap::new();
    // Kept in the order windows open, so the file reads chronologically.
    let mut windows: Vec<(usize, raw::Impact)> = Vec::new();
    let mut order = 0usize;
    let mut names_in_order: Vec<&str> = Vec::new();
    for update in oldest_first {
        let at = update.shown_at();
        for (name, old, new) in stated(update) {
            if !current.contains_key(name) {
                let before = old.unwrap_or(ComponentStatus::Operational);
                current.insert(name, before);
                names_in_order.push(name);
                if let Some(status) = before.impact() {
                    open.insert(name, Open { status, since: incident_start(incident) });
                }
            }
            if current.get(name) == Some(&new) {
                continue;
            }
            current.insert(name, new);
            if let Some(closed) = open.remove(name) {
                windows
                    .push((order, window(name, closed.status, planned, Some(closed.since), Some(at), zone)));
                order += 1;
            }
            if let Some(status) = new.impact() {
                open.insert(name, Open { status, since: at });
            }
        }
    }
    // Still open at the last update: the window has no end (an unresolved incident, or a
    // resolved one whose components were never set back; `check` reports the latter).
    for name in names_in_order {
        if let Some(still) = open.remove(name) {
            windows.push((order, window(name, still.status, planned, Some(still.since), None, zone)));
            order += 1;
        }
    }
    windows.sort_by_key(|(order, w)| (w.start.clone(), *order));
    windows.into_iter().map(|(_, w)| w).collect()
}

fn fallback_windows(
    incident: &Incident,
    oldest_first: &[&IncidentUpdate],
    deployments: &[String],
    service: &str,
    zone: Tz,
    maintenance: bool,
) -> Vec<raw::Impact> {
    let first =
        |status: IncidentStatus| oldest_first.iter().find(|u| u.status == status).map(|u| u.shown_at());
    let (status, start, end) = if maintenance {
        (
            ImpactStatus::UnderMaintenance,
            first(IncidentStatus::InProgress).or(incident.scheduled_for).or(incident.started_at),
            first(IncidentStatus::Completed).or(incident.scheduled_until),
        )
    } else {
        (impact_status(incident.impact), Some(incident_start(incident)), incident.resolved_at)
    };
    let service = [service.to_string()];
    let names = if deployments.is_empty() { &service[..] } else { deployments };
    names.iter().map(|name| window(name, status, maintenance, start, end, zone)).collect()
}

/// The status a window gets from the incident's impact alone: none → degraded_performance,
/// minor → partial_outage, major and critical → major_outage (absent: as none).
pub fn impact_status(impact: Option<ImpactLevel>) -> ImpactStatus {
    match impact {
        None | Some(ImpactLevel::None) => ImpactStatus::DegradedPerformance,
        Some(ImpactLevel::Minor) => ImpactStatus::PartialOutage,
        Some(ImpactLevel::Major | ImpactLevel::Critical) => ImpactStatus::MajorOutage,
        Some(ImpactLevel::Maintenance) => ImpactStatus::UnderMaintenance,
    }
}

fn extension_windows(extension: &Extension, zone: Tz) -> Vec<raw::Impact> {
    extension
        .impact
        .iter()
        .map(|w| raw::Impact {
            duration: w.duration_seconds.map(written_duration),
            text: w.text.clone(),
            ..window(&w.deployment, w.status, w.planned, w.start, w.end, zone)
        })
        .collect()
}

/// "15m" when that reads back exactly, else whole seconds.
fn written_duration(seconds: i64) -> String {
    let readable = format_duration(seconds);
    if parse_duration(&readable).ok() == Some(seconds) { readable } else { format!("{seconds}s") }
}

fn slug_of_id(id: &str) -> String {
    let s = crate::output::slug_words(id);
    if s.is_empty() { "unnamed".to_string() } else { s }
}

/// Each incident once: a repeated id keeps the entry updated last (the first on a tie), in
/// the place of its first listing.
fn once_each(all: Vec<(String, Incident, bool)>) -> Vec<(String, Incident, bool)> {
    let mut kept: Vec<(String, Incident, bool)> = Vec::with_capacity(all.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for entry in all {
        match index.get(&entry.1.id) {
            Some(&i) => {
                if entry.1.updated_at > kept[i].1.updated_at {
                    kept[i] = entry;
                }
            }
            None => {
                index.insert(entry.1.id.clone(), kept.len());
                kept.push(entry);
            }
        }
    }
    kept
}

/// An instant an incident file cannot hold (a leap second, a year past 9999: the loader's own
/// rule, [`check_representable`]) is refused, naming the JSON path of the first one: written
/// out it would give a file that does not load.
fn refuse_unrepresentable(value: &serde_json::Value, path: &str) -> Result<(), Diagnostic> {
    match value {
        serde_json::Value::String(text) => {
            let Ok(at) = DateTime::parse_from_rfc3339(text) else { return Ok(()) };
            check_representable(at.to_utc()).map_err(|e| {
                Diagnostic::new(&input::INVALID_TIMESTAMP, format!("`{path}` ({text}): {e}"))
                    .at(path)
                    .help(format!("{}; fix the value in the export", e.help()))
            })
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| refuse_unrepresentable(item, &format!("{path}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            let inner = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            refuse_unrepresentable(item, &inner)
        }),
        _ => Ok(()),
    }
}

/// Give every file of the set its own name, compared without case (a case-insensitive file
/// system, or a checkout on one, would merge `a.toml` and `A.toml`). An incident the folder
/// already holds (a file with its id) keeps that file. Names shared by several incidents, or
/// held by a file of another incident, get the id's slug appended; where ids slug alike (they
/// differ only in case or in non-ASCII characters) a short hash of the exact id too; a name
/// still taken gets a counter.
fn disambiguate(converted: &mut [Converted], ids: &[String], existing: &Existing) {
    for (c, id) in converted.iter_mut().zip(ids) {
        if let Some(name) = existing.name_of(id) {
            c.file_name = name.to_string();
        }
    }
    let settled: Vec<bool> = converted
        .iter()
        .zip(ids)
        .map(|(c, id)| existing.name_of(id).is_some_and(|n| n == c.file_name))
        .collect();
    let count = |converted: &[Converted]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for c in converted {
            *counts.entry(name_key(&c.file_name)).or_default() += 1;
        }
        counts
    };
    let stem = |name: &str| name.trim_end_matches(".toml").to_string();
    let rename = |converted: &mut [Converted], suffix: &dyn Fn(&str) -> String| {
        let counts = count(converted);
        for ((c, id), settled) in converted.iter_mut().zip(ids).zip(&settled) {
            let shared = counts.get(&name_key(&c.file_name)).is_some_and(|n| *n > 1);
            if !settled && (shared || existing.taken_from(&c.file_name, id)) {
                c.file_name = format!("{}-{}.toml", stem(&c.file_name), suffix(id));
            }
        }
    };
    rename(converted, &|id| slug_of_id(id));
    rename(converted, &|id| format!("{:08x}", fnv1a(id) as u32));
    let mut taken: std::collections::HashSet<String> =
        converted.iter().zip(&settled).filter(|(_, s)| **s).map(|(c, _)| name_key(&c.file_name)).collect();
    for ((c, id), settled) in converted.iter_mut().zip(ids).zip(&settled) {
        if *settled {
            continue;
        }
        let base = stem(&c.file_name);
        let mut n = 1;
        while existing.taken_from(&c.file_name, id) || !taken.insert(name_key(&c.file_name)) {
            n += 1;
            c.file_name = format!("{base}-{n}.toml");
        }
    }
}

/// A stable hash of an id (FNV-1a), for names that must differ where slugs cannot.
fn fnv1a(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_with_control_characters_cannot_break_the_header_comment() {
        // Found by the import_statuspage fuzz target (tests/fixtures/fuzz-regressions).
        let text = r#"{"id": "ab\u007fc\nformat = 2", "name": "x", "status": "resolved",
            "created_at": "2026-01-01T00:00:00Z", "incident_updates": []}"#;
        let converted = convert_document("x.json", text, &Existing::default()).expect("converts").incidents;
        let toml = to_toml(&converted[0]).expect("serialises");
        let first = toml.lines().next().expect("a header line");
        assert_eq!(first, "# Imported from Statuspage incident ab c format = 2 by `postmortem import`.");
        let loaded = crate::load::load_incident_text(
            crate::source::SourceFile::new("x.toml", toml.clone()),
            crate::load::Syntax::Toml,
        );
        assert!(loaded.is_ok(), "{toml}");
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(crate::output::slug_words("API is down"), "api-is-down");
        assert_eq!(crate::output::slug_words("  Delays in sending. "), "delays-in-sending");
        assert_eq!(crate::output::slug_words("(ﾉ◕ヮ◕)ﾉ*:･ﾟ✧ Server Juice"), "server-juice");
        assert_eq!(crate::output::slug_words("✧✧✧"), "");
        assert!(crate::output::slug_words(&"long ".repeat(40)).len() <= 60);
    }

    #[test]
    fn zones_from_iana_or_rails_names_else_none() {
        assert_eq!(page_zone("America/Tijuana"), Some(Tz::America__Tijuana));
        assert_eq!(page_zone("Central Time (US & Canada)"), Some(Tz::America__Chicago));
        for unknown in ["Nowhere Standard Time", "Mars/Olympus", "", "../../../etc/localtime"] {
            assert_eq!(page_zone(unknown), None, "{unknown:?}");
        }
    }

    fn incident(id: &str, name: &str) -> String {
        format!(
            r#"{{"id": "{id}", "name": "{name}", "status": "resolved", "created_at": "2026-03-09T10:00:00Z",
                "incident_updates": []}}"#
        )
    }

    fn names(existing: &Existing, incidents: &[String]) -> Vec<String> {
        let text = format!("{{\"incidents\": [{}]}}", incidents.join(","));
        let converted = convert_document("x.json", &text, existing).expect("converts");
        converted.incidents.into_iter().map(|c| c.file_name).collect()
    }

    #[test]
    fn a_name_held_by_another_incident_in_the_folder_is_not_taken() {
        let mut existing = Existing::default();
        existing.insert("2026-03-09-api-errors.toml", Some("a1".to_string()));
        // a2 has a1's name: it gets its own; a1 (listed again) keeps its file.
        assert_eq!(
            names(&existing, &[incident("a2", "API errors"), incident("a1", "API errors")]),
            ["2026-03-09-api-errors-a2.toml", "2026-03-09-api-errors.toml"]
        );
        assert_eq!(names(&existing, &[incident("a2", "API errors")]), ["2026-03-09-api-errors-a2.toml"]);
        // Renamed on the page since: the incident keeps the file that holds its id.
        assert_eq!(
            names(&existing, &[incident("a1", "API errors, resolved")]),
            ["2026-03-09-api-errors.toml"]
        );
        // A file without an id is in the way, not another incident: the name stays (and
        // writing it is refused without --force).
        existing.insert("2026-03-09-login-slow.toml", None);
        assert_eq!(names(&existing, &[incident("b7", "Login slow")]), ["2026-03-09-login-slow.toml"]);
        // The suffixed name held by yet another incident (compared without case).
        existing.insert("2026-03-09-API-ERRORS-a2.toml", Some("a0".to_string()));
        let [name] = names(&existing, &[incident("a2", "API errors")]).try_into().expect("one name");
        assert!(name.starts_with("2026-03-09-api-errors-a2-") && name.ends_with(".toml"), "{name}");
        // The folder's spelling of a name is kept for the incident it holds.
        existing.insert("2026-03-09-Api-Errors.toml", Some("a1".to_string()));
        assert_eq!(names(&existing, &[incident("a1", "API errors")]), ["2026-03-09-Api-Errors.toml"]);
    }

    #[test]
    fn an_unknown_page_zone_is_a_located_warning_and_utc() {
        for zone in ["Mars/Olympus", "", "../../../etc/localtime"] {
            let text = format!(
                "{{\"page\": {{\"name\": \"P\", \"time_zone\": {}}}, \"incidents\": [{}]}}",
                serde_json::Value::from(zone),
                incident("a1", "API errors")
            );
            let converted = convert_document("x.json", &text, &Existing::default()).expect("converts");
            assert_eq!(converted.incidents[0].file.timezone.as_deref(), Some("UTC"));
            let [warning] = converted.warnings.as_slice() else {
                panic!("{zone:?}: {:?}", converted.warnings)
            };
            assert_eq!(warning.level(), crate::diagnostic::Level::Warning);
            assert_eq!(warning.path.as_deref(), Some("page.time_zone"));
            assert!(warning.message.contains("UTC"), "{}", warning.message);
        }
    }

    #[test]
    fn durations_are_written_so_they_read_back() {
        assert_eq!(written_duration(900), "15m");
        assert_eq!(parse_duration(&written_duration(3 * 3600 + 61)).ok(), Some(3 * 3600 + 61));
    }
}
