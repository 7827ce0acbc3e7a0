//! Actions from lists and action-item tables, with the notes the renderer appends.

use super::lines::{LIST_MARKER_RE, is_table_separator, strip_list_marker, table_cells};
use super::segment::{is_template_sentence, with_continuations};
use super::{keep_section, short};
use crate::model::raw::{Action, IncidentFile};
use crate::model::{ActionKind, ActionStatus};
use crate::time;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static ACTION_NOTES_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s\(([^()]*)\)\s*$").unwrap_or_else(|e| unreachable!("{e}")));

pub(super) const ACTION_KINDS: [ActionKind; 4] =
    [ActionKind::Prevent, ActionKind::Detect, ActionKind::Mitigate, ActionKind::Process];

pub(super) fn action_kind(text: &str) -> ActionKind {
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["monitor", "alert", "detect", "alarm", "observability", "dashboard"]) {
        ActionKind::Detect
    } else if has(&["prevent", "eliminate", "avoid", "replace", "remove", "static", "redundan"]) {
        ActionKind::Prevent
    } else if has(&[
        "review",
        "validation",
        "validate",
        "runbook",
        "process",
        "training",
        "document",
        "checklist",
        "procedure",
        "post-maintenance",
    ]) {
        ActionKind::Process
    } else if has(&["mitigat", "failover", "fallback", "roll back", "rollback", "recover"]) {
        ActionKind::Mitigate
    } else {
        ActionKind::Prevent
    }
}

/// The lines of an actions section: list items and table rows become actions; other text is
/// kept as a section under `heading`.
pub(super) fn read_actions(
    lines: &[String],
    heading: &str,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let mut kept = Vec::new();
    let mut columns = None;
    let mut found = |action: Action, source: &str, guesses: &mut Vec<String>| {
        guesses.push(format!(
            "action \"{}\" is `{}`, status `{}`{source}",
            short(&action.text),
            action.kind.as_str(),
            action.status.as_str()
        ));
        file.actions.push(action);
    };
    for line in &with_continuations(lines) {
        if line.trim().is_empty() || is_table_separator(line) {
            continue;
        }
        if let Some(cells) = table_cells(line) {
            match columns.as_ref().and_then(|c| table_action(&cells, c)) {
                Some(action) => found(action, " (from the action table)", guesses),
                None => match action_columns(&cells) {
                    Some(read) => columns = Some(read),
                    None => kept.push(line.clone()),
                },
            }
        } else if LIST_MARKER_RE.is_match(line) {
            found(action(line), "", guesses);
        } else if is_template_sentence(line) {
            guesses.push(format!("skipped the template sentence \"{}\"", short(line.trim())));
        } else {
            kept.push(line.clone());
        }
    }
    keep_section(file, heading, &kept, line_paragraphs, warnings);
}

/// An action line: its text, and the "(owner: x, due 2026-08-15, in progress, https://...)" the
/// rendered post-mortem appends.
pub(super) fn action(line: &str) -> Action {
    let text = strip_list_marker(line.trim());
    let text = text.strip_prefix("[ ] ").or_else(|| text.strip_prefix("[x] ")).unwrap_or(text).trim();
    let mut action = Action {
        text: text.to_string(),
        kind: action_kind(text),
        status: ActionStatus::Open,
        owner: None,
        due: None,
        ticket: None,
    };
    if let Some(caps) = ACTION_NOTES_RE.captures(text)
        && let (Some(whole), Some(notes)) = (caps.get(0), caps.get(1))
    {
        let mut understood = true;
        let mut parsed = action.clone();
        // "(prevent; owner: sam, due 2027-02-01)": the kind first, when the renderer wrote it.
        let mut notes = notes.as_str();
        let mut kind = None;
        let head = notes.split_once("; ").map_or(notes, |(head, _)| head);
        if let Some(stated) = ACTION_KINDS.iter().copied().find(|k| k.as_str() == head.trim()) {
            kind = Some(stated);
            notes = notes.split_once("; ").map_or("", |(_, rest)| rest);
        }
        for note in notes.split(", ").filter(|n| !n.trim().is_empty()) {
            let note = note.trim();
            if let Some(owner) = note.strip_prefix("owner: ") {
                parsed.owner = Some(owner.to_string());
            } else if let Some(due) = note.strip_prefix("due ").filter(|d| time::parse_date(d).is_ok()) {
                parsed.due = Some(due.to_string());
            } else if note == "in progress" {
                parsed.status = ActionStatus::InProgress;
            } else if note == "done" {
                parsed.status = ActionStatus::Done;
            } else if note == "won't do" {
                parsed.status = ActionStatus::WontDo;
            } else if note.starts_with("http://") || note.starts_with("https://") {
                parsed.ticket = Some(note.to_string());
            } else {
                understood = false;
            }
        }
        if understood {
            parsed.text = text.get(..whole.start()).unwrap_or(text).trim().to_string();
            parsed.kind = kind.unwrap_or_else(|| action_kind(&parsed.text));
            action = parsed;
        }
    }
    action
}

/// Which column of an action-item table holds what, from its header row.
#[derive(Debug, Default, Clone)]
pub(super) struct ActionColumns {
    text: Option<usize>,
    kind: Option<usize>,
    owner: Option<usize>,
    ticket: Option<usize>,
    status: Option<usize>,
}

/// The columns of a header row such as `| Action Item | Type | Owner | Bug |`; None when the
/// row does not name an action column.
pub(super) fn action_columns(cells: &[String]) -> Option<ActionColumns> {
    let mut columns = ActionColumns::default();
    for (i, cell) in cells.iter().enumerate() {
        let name = cell.to_lowercase();
        let name = name.trim_matches('*');
        match name {
            _ if name.contains("action") || name == "item" || name == "task" || name == "description" => {
                columns.text = columns.text.or(Some(i))
            }
            "type" | "kind" | "category" => columns.kind = Some(i),
            "owner" | "assignee" | "who" => columns.owner = Some(i),
            "bug" | "ticket" | "issue" | "link" | "tracking" => columns.ticket = Some(i),
            "status" | "state" => columns.status = Some(i),
            _ => {}
        }
    }
    columns.text.map(|_| columns)
}

/// One row of an action-item table; DONE / TODO / IN PROGRESS in any cell give the status.
pub(super) fn table_action(cells: &[String], columns: &ActionColumns) -> Option<Action> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i)).map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
    };
    let text = cell(columns.text)?;
    let mut status = ActionStatus::Open;
    let mut ticket = cell(columns.ticket);
    for value in cells {
        let upper: String =
            value.to_uppercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let upper = format!(" {} ", upper.split_whitespace().collect::<Vec<_>>().join(" "));
        for (word, found) in [
            ("DONE", ActionStatus::Done),
            ("FIXED", ActionStatus::Done),
            ("IN PROGRESS", ActionStatus::InProgress),
            ("STARTED", ActionStatus::InProgress),
            ("WONTFIX", ActionStatus::WontDo),
            ("TODO", ActionStatus::Open),
        ] {
            if upper.contains(&format!(" {word} ")) {
                status = found;
            }
        }
    }
    if let Some(t) = ticket.as_mut() {
        for word in ["DONE", "TODO", "FIXED", "IN PROGRESS", "STARTED", "WONTFIX"] {
            *t = t.replace(word, "").trim().to_string();
        }
    }
    let kind = cell(columns.kind)
        .and_then(|k| {
            let k = k.to_lowercase();
            ACTION_KINDS
                .iter()
                .copied()
                .find(|kind| k.contains(kind.as_str()))
                .or_else(|| k.contains("repair").then_some(ActionKind::Prevent))
        })
        .unwrap_or_else(|| action_kind(&text));
    Some(Action {
        text,
        kind,
        status,
        owner: cell(columns.owner),
        due: None,
        ticket: ticket.filter(|t| !t.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn action_notes_written_by_the_renderer_are_read_back() {
        let a = action("- Add alerting (owner: sre, due 2026-08-15, in progress, https://t/1)");
        assert_eq!(a.text, "Add alerting");
        assert_eq!(
            (a.owner.as_deref(), a.due.as_deref(), a.status, a.ticket.as_deref()),
            (Some("sre"), Some("2026-08-15"), ActionStatus::InProgress, Some("https://t/1"))
        );
        assert_eq!(a.kind, ActionKind::Detect);
        let plain = action("- Replace DHCP (the old way) with static addresses");
        assert_eq!(plain.text, "Replace DHCP (the old way) with static addresses");
        let trailing = action("- Use static IPs (see the design doc)");
        assert_eq!(trailing.text, "Use static IPs (see the design doc)", "unknown notes stay in the text");
    }

    #[test]
    fn a_stated_kind_wins_over_the_wording() {
        let lines: Vec<String> =
            ["- Add alerting", "  (process; owner: sre, done)", "- Replace DHCP", "  (mitigate)", "Prose."]
                .map(str::to_string)
                .to_vec();
        let joined = with_continuations(&lines);
        assert_eq!(joined.len(), 3, "{joined:?}");
        let a = action(&joined[0]);
        assert_eq!(
            (a.text.as_str(), a.kind, a.status),
            ("Add alerting", ActionKind::Process, ActionStatus::Done)
        );
        let b = action(&joined[1]);
        assert_eq!(
            (b.text.as_str(), b.kind, b.status),
            ("Replace DHCP", ActionKind::Mitigate, ActionStatus::Open)
        );
    }
}
