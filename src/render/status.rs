//! Status-page text (`status --to text|md`): the updates newest first, as a status page shows
//! them, rendered through `status.txt.j2` / `status.md.j2` of the shared [`Templates`]. The
//! post-mortem an update carries is the one post-mortem template (`postmortem.md.j2`) rendered
//! for [`Target::Text`]: flattened to plain lines for text, kept as Markdown for md.

use chrono_tz::Tz;
use serde::Serialize;

use super::{Target, Templates, plain, render_postmortem_markdown};
use crate::output::Failure;
use crate::pipeline::Checked;
use crate::time::format_in_zone;

/// How a status page stamps an update: "Jul 4, 2026 at 11:32pm UTC".
pub const UPDATE_TIME: &str = "%b %-d, %Y at %-I:%M%P %Z";

pub const TEXT_TEMPLATE: &str = "status.txt.j2";
pub const MARKDOWN_TEMPLATE: &str = "status.md.j2";

/// The two shapes of status-page output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    Markdown,
}

impl Form {
    pub fn template(self) -> &'static str {
        match self {
            Form::Text => TEXT_TEMPLATE,
            Form::Markdown => MARKDOWN_TEMPLATE,
        }
    }
}

/// What the status templates see.
#[derive(Debug, Serialize)]
pub struct StatusContext {
    pub title: String,
    /// The current status, as the page labels it ("Resolved").
    pub status: String,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    /// The rendered post-mortem (plain text or Markdown, as the template's form), shown in the
    /// body of updates marked `postmortem = true`; none when no update carries it.
    pub postmortem: Option<String>,
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

/// Build the context from the analysed incident and its rendered post-mortem.
pub fn context(checked: &Checked, zone: Tz, postmortem: Option<String>) -> StatusContext {
    let incident = &checked.incident;
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
    StatusContext {
        title: incident.file.title.clone(),
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

/// The post-mortem a `postmortem = true` update carries, in `form`; none when no update does.
/// Markdown headings sit two levels below the update's own (`###` for the title).
pub fn postmortem_body(
    templates: &Templates,
    checked: &Checked,
    zone: Tz,
    form: Form,
) -> Result<Option<String>, Failure> {
    if !checked.incident.file.updates.iter().any(|u| u.postmortem) {
        return Ok(None);
    }
    let markdown = render_postmortem_markdown(templates, checked, zone, Target::Text, None)?;
    Ok(Some(match form {
        Form::Text => plain::to_plain_text(&markdown),
        Form::Markdown => plain::demote_headings(markdown.trim_end(), 2),
    }))
}

/// The texts of the incident made safe to place in the Markdown form ([`super::contain`]); the
/// post-mortem body is already (it was rendered through the post-mortem template).
fn contain_fields(context: &mut StatusContext) {
    use super::contain::inline;
    context.title = inline(&context.title);
    for update in &mut context.updates {
        update.paragraphs.iter_mut().for_each(|p| *p = inline(p));
        update.affected.iter_mut().for_each(|name| *name = inline(name));
    }
}

/// The incident as a status page shows it, in `form`.
pub fn render(templates: &Templates, checked: &Checked, zone: Tz, form: Form) -> Result<String, Failure> {
    let postmortem = postmortem_body(templates, checked, zone, form)?;
    let mut context = context(checked, zone, postmortem);
    if form == Form::Markdown {
        contain_fields(&mut context);
    }
    let mut text = templates.render(form.template(), &context)?;
    if form == Form::Markdown {
        text = super::tidy(&text);
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
