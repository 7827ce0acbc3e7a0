//! The timeline as a Mermaid `gantt` block for Markdown output (GitHub and GitLab draw it):
//! one section per deployment with its windows, then the numbered events and status updates.

use chrono::Timelike;
use chrono_tz::Tz;

use super::context::{PostmortemContext, Time};

/// Mermaid reads `:` as the end of a task name, `;` and `#` as syntax, `%%` as a comment, and a
/// backtick could close the Markdown fence; none of them may survive in a name.
fn name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if matches!(c, ':' | ';' | '#' | '%' | '`' | '<' | '>' | '{' | '}') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.is_empty() { "(untitled)".to_string() } else { crate::text::truncate(&joined, 48) }
}

/// The gantt source, without the surrounding fence.
///
/// Mermaid has no time zones: it reads wall times and measures between them. That is right
/// only while the display zone keeps one offset, so when `wall_clock_ambiguous` (a DST change
/// inside the span, or an instant in a fold) the whole chart is written in UTC and says so.
/// Seconds are written when any instant has them, so no window shrinks to nothing.
pub fn gantt(ctx: &PostmortemContext, wall_clock_ambiguous: bool) -> String {
    let zone: Option<Tz> = if wall_clock_ambiguous { None } else { ctx.display_zone.parse().ok() };
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
    let wall = |t: &Time| -> String {
        match zone {
            Some(zone) => t.instant.with_timezone(&zone).format(pattern).to_string(),
            None => t.instant.format(pattern).to_string(),
        }
    };
    let mut lines = vec![
        "gantt".to_string(),
        format!("    title {} timeline ({})", name(&ctx.incident.service), name(heading)),
        format!("    dateFormat {date_format}"),
        "    axisFormat %b %d %H:%M".to_string(),
    ];
    let span_end = ctx.span.as_ref().map(|s| &s.end);
    let mut id = 0usize;
    let mut next_id = || {
        id += 1;
        format!("t{id}")
    };
    for deployment in &ctx.deployments {
        // An open window runs to the end of the span; one with no start cannot be drawn.
        let placed: Vec<_> = deployment
            .windows
            .iter()
            .filter_map(|w| Some((w, w.start.as_ref()?, w.end.as_ref().or(span_end)?)))
            .collect();
        if placed.is_empty() {
            continue;
        }
        lines.push(format!("    section {}", name(&deployment.name)));
        for (w, start, end) in placed {
            let tag = if w.planned {
                "done"
            } else if matches!(w.status, "major_outage" | "partial_outage") {
                "crit"
            } else {
                "active"
            };
            let label =
                if w.planned { format!("{} (planned)", w.status_label) } else { w.status_label.to_string() };
            // A window without length (or, in a file with errors, ending before it starts) is
            // a milestone at its start: shown, never dropped, and never given a false length.
            let line = if end.instant > start.instant {
                format!("    {} :{tag}, {}, {}, {}", name(&label), next_id(), wall(start), wall(end))
            } else {
                format!("    {} :{tag}, milestone, {}, {}, 0m", name(&label), next_id(), wall(start))
            };
            lines.push(line);
        }
    }
    let events: Vec<_> = ctx.timeline.iter().filter_map(|e| Some((e, e.at.as_ref()?))).collect();
    if !events.is_empty() {
        lines.push("    section Timeline".to_string());
        for (event, at) in events {
            lines.push(format!(
                "    {} :milestone, {}, {}, 0m",
                name(&format!("{} {}", event.number, event.text)),
                next_id(),
                wall(at)
            ));
        }
    }
    let updates: Vec<_> = ctx.updates.iter().filter_map(|u| Some((u, u.at.as_ref()?))).collect();
    if !updates.is_empty() {
        lines.push("    section Status updates".to_string());
        for (update, at) in updates {
            lines.push(format!(
                "    {} :milestone, {}, {}, 0m",
                name(update.status_label),
                next_id(),
                wall(at)
            ));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::name;

    #[test]
    fn names_cannot_break_the_syntax_or_the_fence() {
        assert_eq!(name("a: b; c # d %% e ``` f"), "a b c d e f");
        assert_eq!(name("line\nbreak"), "line break");
        assert!(name(&"x".repeat(100)).ends_with('…'));
    }
}
