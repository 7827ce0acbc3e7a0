//! The timeline as a Mermaid `gantt` block for Markdown output (GitHub and GitLab draw it):
//! one section per deployment with its windows, then the numbered events and status updates.

use super::context::PostmortemContext;

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
    const MAX: usize = 48;
    if joined.chars().count() > MAX {
        let cut: String = joined.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else if joined.is_empty() {
        "(untitled)".to_string()
    } else {
        joined
    }
}

/// The gantt source, without the surrounding fence.
pub fn gantt(ctx: &PostmortemContext) -> String {
    let mut lines = vec![
        "gantt".to_string(),
        format!("    title {} timeline ({})", name(&ctx.incident.service), name(&ctx.zone.heading)),
        "    dateFormat YYYY-MM-DD HH:mm".to_string(),
        "    axisFormat %b %d %H:%M".to_string(),
    ];
    let span_end = ctx.span.as_ref().map(|s| s.end.wall.clone());
    let mut id = 0usize;
    let mut next_id = || {
        id += 1;
        format!("t{id}")
    };
    for deployment in &ctx.deployments {
        let bounded: Vec<_> = deployment
            .windows
            .iter()
            .filter_map(|w| {
                let start = w.start.as_ref()?;
                let end = w.end.as_ref().map(|e| e.wall.clone()).or_else(|| span_end.clone())?;
                (end > start.wall).then_some((w, start.wall.clone(), end))
            })
            .collect();
        if bounded.is_empty() {
            continue;
        }
        lines.push(format!("    section {}", name(&deployment.name)));
        for (w, start, end) in bounded {
            let tag = if w.planned {
                "done"
            } else if matches!(w.status, "major_outage" | "partial_outage") {
                "crit"
            } else {
                "active"
            };
            let label =
                if w.planned { format!("{} (planned)", w.status_label) } else { w.status_label.to_string() };
            lines.push(format!("    {} :{tag}, {}, {start}, {end}", name(&label), next_id()));
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
                at.wall
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
                at.wall
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
