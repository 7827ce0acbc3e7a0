//! `feed.atom` and `feed.rss`: one entry per status update, newest first, each linking to its
//! incident's page. Ids are derived from the incident and the update (stable across builds),
//! and every date comes from the data, never from the clock.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{ATOM_TEMPLATE, Options, RSS_TEMPLATE, SiteIncident, xml_safe};
use crate::model::Config;
use crate::output::Failure;
use crate::render::Templates;
use crate::render::statuspage_json::stable_id;

#[derive(Serialize)]
struct Entry {
    /// `urn:postmortem:update:<id>`: stable as long as the incident's title, first update and
    /// this update's place and time are.
    id: String,
    title: String,
    /// Absolute with `--base-url`, else relative to the feed.
    link: String,
    /// RFC 3339 (Atom) and RFC 2822 (RSS).
    updated: String,
    rfc2822: String,
    status: &'static str,
    text: String,
    incident: String,
}

#[derive(Serialize)]
struct FeedContext {
    title: String,
    /// The site's address (or `./` without `--base-url`).
    base: String,
    id: String,
    updated: String,
    rfc2822: String,
    author: String,
    entries: Vec<Entry>,
}

/// `feed.atom` and `feed.rss`.
pub fn all(
    templates: &Templates,
    incidents: &[SiteIncident],
    config: &Config,
    options: &Options,
) -> Result<Vec<(String, String)>, Failure> {
    let base = options.base_url.clone().unwrap_or_default();
    let mut updates: Vec<(DateTime<Utc>, String, Entry)> = Vec::new();
    for incident in incidents {
        let inc = &incident.checked.incident;
        let incident_id = inc.file.id.clone().unwrap_or_else(|| stable_id(&[&incident.slug]));
        for (index, update, at) in inc.updates() {
            let Some(at) = at else { continue };
            let text = update.text.clone().unwrap_or_else(|| {
                if update.postmortem { "The post-mortem is published.".to_string() } else { String::new() }
            });
            updates.push((
                at,
                incident.slug.clone(),
                Entry {
                    id: format!(
                        "urn:postmortem:update:{}",
                        stable_id(&[&incident_id, &index.to_string(), &at.to_rfc3339()])
                    ),
                    title: xml_safe(&format!("{}: {}", update.status.label(), inc.file.title)),
                    link: format!("{base}{}", incident.page()),
                    updated: at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    rfc2822: at.to_rfc2822(),
                    status: update.status.as_str(),
                    text: xml_safe(&text),
                    incident: xml_safe(&inc.file.title),
                },
            ));
        }
    }
    // Newest first; ties in a fixed order.
    updates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.id.cmp(&b.2.id)));
    let newest = updates.first().map_or(options.as_of, |u| u.0);
    let name = config.file.organisation.clone().unwrap_or_else(|| "Status".to_string());
    let context = FeedContext {
        title: xml_safe(&format!("{name}: status updates")),
        base: if base.is_empty() { "./".to_string() } else { base.clone() },
        id: format!("urn:postmortem:feed:{}", stable_id(&[&name])),
        updated: newest.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        rfc2822: newest.to_rfc2822(),
        author: xml_safe(&name),
        entries: updates.into_iter().map(|(_, _, e)| e).collect(),
    };
    Ok(vec![
        ("feed.atom".to_string(), templates.render(ATOM_TEMPLATE, &context)?),
        ("feed.rss".to_string(), templates.render(RSS_TEMPLATE, &context)?),
    ])
}
