//! Status-page text (`status --to text|md`): the data a status page shows, and its rendering
//! through `templates/status.txt.j2` / `status.md.j2` (embedded; a `--templates DIR` holding a
//! file of the same name overrides it).
//!
//! This module owns a small minijinja environment of its own until the shared template loader
//! of the rendering layer is merged; the context it builds is what any loader would pass.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::model::ImpactStatus;
use crate::output::Failure;
use crate::pipeline::Checked;
use crate::time::{date_range, format_in_zone, zone_abbreviation};

/// How a status page stamps an update: "Jul 4, 2026 at 11:32pm UTC".
pub const UPDATE_TIME: &str = "%b %-d, %Y at %-I:%M%P %Z";

pub const TEXT_TEMPLATE: &str = "status.txt.j2";
pub const MARKDOWN_TEMPLATE: &str = "status.md.j2";

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (TEXT_TEMPLATE, include_str!("../../templates/status.txt.j2")),
    (MARKDOWN_TEMPLATE, include_str!("../../templates/status.md.j2")),
];

/// What the status templates see.
#[derive(Debug, Serialize)]
pub struct StatusContext {
    pub title: String,
    /// The current status, as the page labels it ("Resolved").
    pub status: String,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    /// The post-mortem, shown in the body of updates marked `postmortem = true`.
    pub postmortem: Option<PostmortemView>,
    pub zone: String,
}

#[derive(Debug, Serialize)]
pub struct UpdateView {
    /// The latest update's status label, "Created" for the first, "Updated" between.
    pub heading: String,
    pub status: String,
    pub time: String,
    /// The update's own text, one paragraph per entry.
    pub paragraphs: Vec<String>,
    pub postmortem: bool,
    /// "Affected services".
    pub affected: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PostmortemView {
    pub heading: String,
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    /// Empty for the opening section.
    pub title: String,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
}

impl PostmortemView {
    /// The post-mortem as plain text lines (the Statuspage body of a post-mortem update).
    pub fn plain_text(&self) -> String {
        let mut lines = vec![self.heading.clone()];
        for section in &self.sections {
            if !section.title.is_empty() {
                lines.push(section.title.clone());
            }
            lines.extend(section.paragraphs.iter().cloned());
            lines.extend(section.items.iter().map(|i| format!("- {i}")));
        }
        lines.join("\n")
    }
}

/// Build the context from the analysed incident.
pub fn context(checked: &Checked, zone: Tz) -> StatusContext {
    let incident = &checked.incident;
    let file = &incident.file;
    let mut updates: Vec<_> = incident.updates().filter_map(|(i, u, at)| at.map(|at| (i, u, at))).collect();
    updates.sort_by_key(|(i, _, at)| (*at, *i));
    updates.reverse();
    let count = updates.len();
    let views = updates
        .iter()
        .enumerate()
        .map(|(n, (_, update, at))| UpdateView {
            heading: match n {
                0 => update.status.label().to_string(),
                _ if n + 1 == count => "Created".to_string(),
                _ => "Updated".to_string(),
            },
            status: update.status.as_str().to_string(),
            time: format_in_zone(*at, zone, UPDATE_TIME),
            paragraphs: update.text.as_deref().map(paragraphs).unwrap_or_default(),
            postmortem: update.postmortem,
            affected: update.deployments.clone(),
        })
        .collect();
    let status = updates.first().map_or("Investigating", |(_, u, _)| u.status.label()).to_string();
    let postmortem = file.updates.iter().any(|u| u.postmortem).then(|| postmortem(checked, zone));
    StatusContext {
        title: file.title.clone(),
        status,
        updates: views,
        postmortem,
        zone: zone.name().to_string(),
    }
}

/// Paragraphs of a prose field: blank-line separated, inner line breaks joined.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn postmortem(checked: &Checked, zone: Tz) -> PostmortemView {
    let file = &checked.incident.file;
    let analysis = &checked.analysis;
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let dates: Option<(NaiveDate, NaiveDate)> = analysis.span.map(|s| (local(s.start), local(s.end)));
    let heading = match dates {
        Some((first, last)) => format!("{} Incident Post-Mortem ({})", file.service, date_range(first, last)),
        None => format!("{} Incident Post-Mortem", file.service),
    };
    let prose = |text: &Option<String>| text.as_deref().map(paragraphs).unwrap_or_default();
    let section = |title: &str, paragraphs: Vec<String>, items: Vec<String>| SectionView {
        title: title.to_string(),
        paragraphs,
        items,
    };
    let mut sections =
        vec![section("", [prose(&file.intro), prose(&file.acknowledgements)].concat(), vec![])];
    if file.summary.is_some() {
        sections.push(section("Summary", prose(&file.summary), vec![]));
    }
    let impact_items: Vec<String> = analysis
        .deployments
        .iter()
        .map(|d| {
            let texts: Vec<&str> = d
                .windows
                .iter()
                .filter(|w| !w.planned)
                .filter_map(|w| file.impact.get(w.index).and_then(|i| i.text.as_deref()))
                .collect();
            let said = if !texts.is_empty() {
                texts.join(" ")
            } else {
                match d.worst_status() {
                    Some(status) => ImpactStatus::label(status).to_string() + ".",
                    None => "No impact.".to_string(),
                }
            };
            format!("{} — {said}", d.name)
        })
        .collect();
    if !impact_items.is_empty() {
        sections.push(section(
            "Impact",
            vec!["The incident affected deployments as follows:".to_string()],
            impact_items,
        ));
    }
    let mut events: Vec<_> =
        checked.incident.events().filter_map(|(_, e, at)| at.map(|at| (at, e))).collect();
    events.sort_by_key(|(at, _)| *at);
    if !events.is_empty() {
        let abbreviation =
            events.first().map_or_else(|| "UTC".to_string(), |(at, _)| zone_abbreviation(*at, zone));
        let items = events
            .iter()
            .map(|(at, e)| format!("{} — {}", format_in_zone(*at, zone, "%B %-d, %H:%M"), e.text.trim()))
            .collect();
        sections.push(section(&format!("Timeline ({abbreviation})"), vec![], items));
    }
    for (title, text) in [
        ("Root Cause", &file.root_cause),
        ("Resolution", &file.resolution),
        ("Lessons Learned", &file.lessons_learned),
    ] {
        if text.is_some() {
            sections.push(section(title, prose(text), vec![]));
        }
    }
    for extra in &file.sections {
        sections.push(section(&extra.title, paragraphs(&extra.body), vec![]));
    }
    if !file.actions.is_empty() {
        sections.push(section(
            "Preventive Actions",
            vec!["To reduce the likelihood of similar incidents, the following improvements are being implemented:"
                .to_string()],
            file.actions.iter().map(|a| a.text.trim().to_string()).collect(),
        ));
    }
    if file.closing.is_some() {
        sections.push(section("Closing", prose(&file.closing), vec![]));
    }
    PostmortemView { heading, sections }
}

/// Render one of the status templates, preferring `templates_dir/<name>` when it exists.
pub fn render(name: &str, context: &StatusContext, templates_dir: Option<&Path>) -> Result<String, Failure> {
    let user = templates_dir.map(|dir| dir.join(name)).filter(|p| p.is_file());
    let (source, origin) = match &user {
        Some(path) => (
            std::fs::read_to_string(path).map_err(|e| {
                Failure::new(format!("cannot read template `{}`: {e}", path.display()))
                    .help("make it a readable UTF-8 file, or remove it to use the built-in one")
            })?,
            path.display().to_string(),
        ),
        None => {
            let built_in = BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, s)| s.to_string());
            (
                built_in.ok_or_else(|| {
                    Failure::new(format!("no built-in template `{name}` (a bug in postmortem)"))
                        .help("please report it; meanwhile put a `{name}` in the templates folder")
                })?,
                format!("built-in {name}"),
            )
        }
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let fail = |e: minijinja::Error| {
        let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
        Failure::new(format!("template {origin}{line}: {e}"))
            .help("fix the template, or remove it from the templates folder to use the built-in one")
    };
    env.add_template_owned(name.to_string(), source).map_err(fail)?;
    let mut text =
        env.get_template(name).and_then(|t| t.render(minijinja::value::Serde(context))).map_err(fail)?;
    // minijinja drops the template's final newline; output is text, which ends with one.
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
