//! The timeline as a Mermaid `gantt` block for Markdown output (GitHub and GitLab draw it):
//! one section per deployment with its windows, then the numbered events and status updates.
//!
//! Each status has its own task tag, so partial outage never looks like major outage:
//! [`TAG_NOTE`] says which is which, and the template prints it beside the block.

use chrono::Timelike;
use chrono_tz::Tz;

use super::context::{PostmortemContext, Time};
use crate::model::ImpactStatus;

/// What the gantt's task styles mean, for the sentence beside it.
pub const TAG_NOTE: &str = "In the gantt chart, `crit` bars are major outage, `active` bars partial outage, plain bars \
     degraded performance and `done` (grey) bars maintenance.";

/// The task tag of a window: one per status (planned maintenance is `done`).
fn tag(status: ImpactStatus, planned: bool) -> &'static str {
    match (status, planned) {
        (_, true) | (ImpactStatus::UnderMaintenance, _) => "done, ",
        (ImpactStatus::MajorOutage, false) => "crit, ",
        (ImpactStatus::PartialOutage, false) => "active, ",
        (ImpactStatus::DegradedPerformance, false) => "",
    }
}

/// Text at most `max` characters long (an ellipsis marks a cut), with every character Mermaid
/// reads as syntax written as its entity code (`#58;` for `:`), which Mermaid shows as the
/// character: `:` ends a task name, `;` a statement, `#` starts an entity, `%%` a comment;
/// `<`, `>`, `"`, braces and backticks could break the label's HTML or the Markdown fence.
fn name_within(text: &str, max: usize) -> String {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    let joined = words.join(" ");
    let shown =
        if joined.is_empty() { "(untitled)".to_string() } else { crate::text::truncate(&joined, max) };
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            ':' | ';' | '#' | '%' | '`' | '<' | '>' | '{' | '}' | '"' | '&' => {
                out.push_str(&format!("#{};", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

fn name(text: &str) -> String {
    name_within(text, 60)
}

/// Section names sit in a column left of the bars: longer ones run into them.
const SECTION_MAX: usize = 20;

/// The gantt source, without the surrounding fence.
///
/// Mermaid has no time zones: it reads wall times and measures between them. That is right
/// only while the display zone keeps one offset, so when `wall_clock_ambiguous` (a DST change
/// inside the span, or an instant in a fold) the whole chart is written in UTC and says so.
/// Seconds are written when any instant has them, so no window shrinks to nothing.
pub fn gantt(ctx: &PostmortemContext, display_zone: Tz, wall_clock_ambiguous: bool) -> String {
    let zone: Option<Tz> = (!wall_clock_ambiguous).then_some(display_zone);
    let heading = if zone.is_some() { ctx.zone.heading.as_str() } else { "UTC" };
    let mut instants = ctx
        .timeline
        .iter()
        .filter_map(|e| e.at.as_ref())
        .chain(ctx.updates.iter().filter_map(|u| u.at.as_ref()))
        .chain(
            ctx.deployments.iter().flat_map(|d| d.windows.iter().flat_map(|w| w.start.iter().chain(&w.end))),
        );
    let seconds = instants.any(|t| t.instant.second() != 0);
    let (date_format, pattern) = if seconds {
        ("YYYY-MM-DD HH:mm:ss", "%Y-%m-%d %H:%M:%S")
    } else {
        ("YYYY-MM-DD HH:mm", "%Y-%m-%d %H:%M")
    };
    let mut gantt = Gantt { lines: Vec::new(), tasks: 0, zone, pattern };
    gantt.lines.extend([
        "gantt".to_string(),
        format!("    title {} timeline ({})", name(&ctx.incident.service), name(heading)),
        format!("    dateFormat {date_format}"),
        "    axisFormat %b %d %H:%M".to_string(),
    ]);
    gantt.window_sections(ctx);
    let events =
        ctx.timeline.iter().filter_map(|e| Some((format!("{} {}", e.number, e.text), e.at.as_ref()?)));
    gantt.milestones("Timeline", events.collect());
    let updates = ctx.updates.iter().filter_map(|u| Some((u.status_label.to_string(), u.at.as_ref()?)));
    gantt.milestones("Status updates", updates.collect());
    gantt.lines.join("\n")
}

/// The gantt's lines as they are written, with the task ids handed out so far.
struct Gantt {
    lines: Vec<String>,
    tasks: usize,
    /// The zone the wall clocks are written in; `None` for UTC.
    zone: Option<Tz>,
    pattern: &'static str,
}

impl Gantt {
    fn next_id(&mut self) -> String {
        self.tasks += 1;
        format!("t{}", self.tasks)
    }

    fn wall(&self, t: &Time) -> String {
        match self.zone {
            Some(zone) => t.instant.with_timezone(&zone).format(self.pattern).to_string(),
            None => t.instant.format(self.pattern).to_string(),
        }
    }

    /// A section per deployment with a window that can be drawn: an open window runs to the end
    /// of the span; one with no start cannot be drawn.
    fn window_sections(&mut self, ctx: &PostmortemContext) {
        let span_end = ctx.span.as_ref().map(|s| &s.end);
        for deployment in &ctx.deployments {
            let placed: Vec<_> = deployment
                .windows
                .iter()
                .filter_map(|w| Some((w, w.start.as_ref()?, w.end.as_ref().or(span_end)?)))
                .collect();
            if placed.is_empty() {
                continue;
            }
            self.lines.push(format!("    section {}", name_within(&deployment.name, SECTION_MAX)));
            for (w, start, end) in placed {
                let tag = tag(w.kind, w.planned);
                let label = if w.planned {
                    format!("{} (planned)", w.status_label)
                } else {
                    w.status_label.to_string()
                };
                // A window without length (or, in a file with errors, ending before it starts) is
                // a milestone at its start: shown, never dropped, and never given a false length.
                let id = self.next_id();
                let line = if end.instant > start.instant {
                    format!("    {} :{tag}{id}, {}, {}", name(&label), self.wall(start), self.wall(end))
                } else {
                    format!("    {} :{tag}milestone, {id}, {}, 0m", name(&label), self.wall(start))
                };
                self.lines.push(line);
            }
        }
    }

    /// A section of milestones (events or updates), when there is any.
    fn milestones(&mut self, section: &str, items: Vec<(String, &Time)>) {
        if items.is_empty() {
            return;
        }
        self.lines.push(format!("    section {section}"));
        for (label, at) in items {
            let id = self.next_id();
            let line = format!("    {} :milestone, {id}, {}, 0m", name(&label), self.wall(at));
            self.lines.push(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_punctuation_as_entity_codes() {
        assert_eq!(
            name("until 11:37; a # b %% c ``` d"),
            "until 11#58;37#59; a #35; b #37;#37; c #96;#96;#96; d"
        );
        assert_eq!(name("line\nbreak <b>"), "line break #60;b#62;");
        assert!(name(&"x".repeat(100)).ends_with('…'));
        assert_eq!(
            name_within("Asia Pacific (Singapore) wallet top-ups", SECTION_MAX).chars().count(),
            SECTION_MAX
        );
    }

    #[test]
    fn every_status_has_its_own_tag() {
        let tags: Vec<&str> = ImpactStatus::ALL.into_iter().map(|s| tag(s, false)).collect();
        let mut distinct = tags.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "{tags:?}");
        assert_eq!(tag(ImpactStatus::MajorOutage, true), "done, ");
    }
}
