//! `status --to statuspage-json`: an incident as Atlassian Statuspage's API v2 returns one.
//!
//! Everything comes from the analysed incident: statuses of components at each update are read
//! off the impact windows, the impact level is the analysis's (the file's or the worst window's), and ids are
//! derived from the file's content so the same file always gives the same JSON.

use chrono::{DateTime, FixedOffset, Utc};

use crate::analysis::Analysis;
use crate::model::statuspage::{
    AffectedComponent, Component, ComponentStatus, Extension, ExtensionWindow, Incident, IncidentStatus,
    IncidentUpdate,
};
use crate::model::{Mark, UpdateStatus};
use crate::pipeline::Checked;

/// The incident as a Statuspage API v2 incident object. `postmortem_body` is the text of
/// updates marked `postmortem = true` (the rendered post-mortem).
pub fn incident(checked: &Checked, postmortem_body: Option<&str>) -> Incident {
    let incident = &checked.incident;
    let analysis = &checked.analysis;
    let file = &incident.file;

    // Updates with an unreadable time cannot be placed; the checks report them.
    let mut updates: Vec<Published> =
        incident.updates().filter_map(|(i, u, at)| at.map(|at| (i, u, at))).collect();
    updates.sort_by_key(|(i, _, at)| (*at, *i));

    let first_instant = updates.first().map(|(_, _, at)| *at).or(analysis.span.map(|s| s.start));
    let id = file.id.clone().unwrap_or_else(|| {
        stable_id(&[&file.title, &first_instant.map(|t| t.to_rfc3339()).unwrap_or_default()])
    });
    let created_at = first_instant.unwrap_or(DateTime::UNIX_EPOCH);
    let updated_at = updates.last().map_or(created_at, |(_, _, at)| *at);
    let status = updates.last().map_or(IncidentStatus::Investigating, |(_, u, _)| u.status.into());
    let first_with = |status: UpdateStatus| updates.iter().find(|(_, u, _)| u.status == status).map(|x| x.2);

    let (incident_updates, postmortem_updates) = incident_updates(analysis, &id, &updates, postmortem_body);

    let components = analysis
        .deployments
        .iter()
        .map(|d| Component {
            id: component_id(&id, &d.name),
            name: d.name.clone(),
            status: status_at(analysis, &d.name, updated_at),
        })
        .collect();

    Incident {
        id: id.clone(),
        name: file.title.clone(),
        status,
        impact: Some(analysis.impact_level),
        created_at: fixed(created_at),
        updated_at: Some(fixed(updated_at)),
        monitoring_at: first_with(UpdateStatus::Monitoring).map(fixed),
        resolved_at: analysis.milestone(Mark::Resolved).map(fixed),
        started_at: Some(fixed(analysis.milestone(Mark::ImpactStart).unwrap_or(created_at))),
        shortlink: file.shortlink.clone(),
        page_id: None,
        incident_updates,
        components: Some(components),
        scheduled_for: None,
        scheduled_until: None,
        x_postmortem: Some(Extension { impact: extension_windows(checked), postmortem_updates }),
    }
}

/// An update with the instant it was published at, in publication order.
type Published<'a> = (usize, &'a crate::model::raw::Update, DateTime<Utc>);

/// The updates newest first, as the API lists them, each with the components it names and their
/// status before and after; and the ids of the updates that carry the post-mortem.
fn incident_updates(
    analysis: &Analysis,
    id: &str,
    updates: &[Published],
    postmortem_body: Option<&str>,
) -> (Vec<IncidentUpdate>, Vec<String>) {
    let mut before: Option<DateTime<Utc>> = None;
    let mut incident_updates = Vec::with_capacity(updates.len());
    let mut postmortem_updates = Vec::new();
    for (index, update, at) in updates {
        let update_id = stable_id(&[id, &index.to_string(), &at.to_rfc3339()]);
        let affected = update
            .deployments
            .iter()
            .map(|name| AffectedComponent {
                code: Some(component_id(id, name)),
                name: name.clone(),
                old_status: Some(
                    before.map_or(ComponentStatus::Operational, |t| status_at(analysis, name, t)),
                ),
                new_status: Some(status_at(analysis, name, *at)),
            })
            .collect();
        if update.postmortem {
            postmortem_updates.push(update_id.clone());
        }
        let body = match (update.postmortem, postmortem_body) {
            (true, Some(body)) => Some(body.to_string()),
            _ => update.text.clone(),
        };
        incident_updates.push(IncidentUpdate {
            id: update_id,
            status: update.status.into(),
            body: Some(body.unwrap_or_default()),
            incident_id: Some(id.to_string()),
            created_at: fixed(*at),
            updated_at: Some(fixed(*at)),
            display_at: Some(fixed(*at)),
            affected_components: Some(affected),
        });
        before = Some(*at);
    }
    incident_updates.reverse();
    (incident_updates, postmortem_updates)
}

/// A deployment's status at an instant: the worst of the windows whose bounds cover it (the
/// whole window, not just a declared interruption, is what the page showed).
fn status_at(analysis: &Analysis, deployment: &str, at: DateTime<Utc>) -> ComponentStatus {
    let worst = analysis
        .deployment(deployment)
        .into_iter()
        .flat_map(|d| &d.windows)
        .filter(|w| w.start.is_some_and(|s| s <= at) && w.end.is_none_or(|e| at < e))
        .map(|w| w.status)
        .max();
    worst.into()
}

fn extension_windows(checked: &Checked) -> Vec<ExtensionWindow> {
    checked
        .incident
        .impacts()
        .map(|(_, impact, times)| ExtensionWindow {
            deployment: impact.deployment.clone(),
            status: impact.status,
            planned: impact.planned,
            start: times.start.map(fixed),
            end: times.end.map(fixed),
            duration_seconds: times.declared_seconds,
            text: impact.text.clone(),
        })
        .collect()
}

fn fixed(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.fixed_offset()
}

fn component_id(incident_id: &str, name: &str) -> String {
    stable_id(&[incident_id, "component", name])
}

/// A 12-character id in Statuspage's alphabet, from FNV-1a over the parts: stable across runs
/// and machines, unlike std's randomly seeded hasher.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..12)
        .map(|_| {
            let digit = (hash % 36) as usize;
            hash /= 36;
            ALPHABET.get(digit).map_or('0', |b| char::from(*b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_well_formed() {
        let id = stable_id(&["API is down", "2026-07-04T14:50:00+00:00"]);
        assert_eq!(id, stable_id(&["API is down", "2026-07-04T14:50:00+00:00"]));
        assert_ne!(id, stable_id(&["API is down", "2026-07-04T14:51:00+00:00"]));
        assert_eq!(id.len(), 12);
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        // Part boundaries matter: ("ab", "c") and ("a", "bc") differ.
        assert_ne!(stable_id(&["ab", "c"]), stable_id(&["a", "bc"]));
    }
}
