//! Follow-up checks: what a resolved incident still owes (owners, due dates, a root cause).

use super::Context;
use crate::diagnostic::{Check, Diagnostic, Family, Level};
use crate::model::Mark;

pub const ACTION_UNASSIGNED: Check = Check {
    code: "PM501",
    name: "action-unassigned",
    level: Level::Note,
    family: Family::FollowUp,
    summary: "an action item without an owner or a due date",
    explanation: "Action items without an owner and a due date tend not to get done. This is a \
        note, not a warning: a post-mortem is often published before owners are settled. Add \
        `owner` and `due = YYYY-MM-DD` when they are.",
};

pub const ACTION_OVERDUE: Check = Check {
    code: "PM502",
    name: "action-overdue",
    level: Level::Warning,
    family: Family::FollowUp,
    summary: "an open action item past its due date",
    explanation: "An action item that is `open` or `in_progress` and whose `due` date is before \
        the date of the check (`--as-of DATE`, default today). Finish it, move its due date, or \
        mark it `wont_do` with a reason.",
};

pub const MISSING_ROOT_CAUSE: Check = Check {
    code: "PM503",
    name: "missing-root-cause",
    level: Level::Warning,
    family: Family::FollowUp,
    summary: "a resolved incident without a root cause",
    explanation: "Once an incident is resolved, its post-mortem should say why it happened. \
        Write `root_cause` (Markdown); if it is still being investigated, say so there.",
};

pub const CHECKS: &[&Check] = &[&ACTION_UNASSIGNED, &ACTION_OVERDUE, &MISSING_ROOT_CAUSE];

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = &context.incident.file;
    for (i, action) in file.actions.iter().enumerate() {
        let missing: Vec<&str> = [("owner", action.owner.is_none()), ("due date", action.due.is_none())]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(what, _)| what)
            .collect();
        if !missing.is_empty() && action.status.is_pending() {
            out.push(
                Diagnostic::new(&ACTION_UNASSIGNED, format!("action has no {}", missing.join(" and no ")))
                    .at(format!("actions[{i}]"))
                    .help("add `owner = \"...\"` and `due = YYYY-MM-DD`"),
            );
        }
        let due = context.incident.action_due.get(i).copied().flatten();
        if let (Some(due), Some(as_of)) = (due, context.as_of)
            && due < as_of
            && action.status.is_pending()
        {
            out.push(
                Diagnostic::new(
                    &ACTION_OVERDUE,
                    format!("action was due {due} and is still `{}` as of {as_of}", action.status.as_str()),
                )
                .at(format!("actions[{i}].due"))
                .help("finish it, move `due`, or set `status = \"wont_do\"`"),
            );
        }
    }
    let resolved = context.analysis.milestone(Mark::Resolved).is_some();
    let has_root_cause = file.root_cause.as_deref().is_some_and(|t| !t.trim().is_empty());
    if resolved && !has_root_cause {
        out.push(
            Diagnostic::new(&MISSING_ROOT_CAUSE, "the incident is resolved but has no root cause")
                .span(0..0)
                .help("add `root_cause = \"\"\"...\"\"\"` saying why it happened"),
        );
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::checks::testing::codes;

    fn incident(root_cause: &str, resolved: bool, action: &str) -> String {
        let status = if resolved { "resolved" } else { "identified" };
        format!(
            "format = 1\ntitle = \"Uploads failing\"\nservice = \"Files\"\n{root_cause}\n\n\
             [[updates]]\nat = \"2026-09-01 12:00\"\nstatus = \"{status}\"\ntext = \"Uploads.\"\n\n\
             [[actions]]\ntext = \"Add a disk alert.\"\nkind = \"detect\"\n{action}\n"
        )
    }

    fn date(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 9, day)
    }

    #[test]
    fn an_action_due_on_the_check_date_is_not_overdue_and_due_the_day_before_is() {
        let action = "owner = \"kim\"\ndue = 2026-09-10\nstatus = \"open\"";
        let text = incident("root_cause = \"Disk full.\"", true, action);
        assert!(!codes(&text, date(10)).contains(&"PM502"));
        assert!(codes(&text, date(11)).contains(&"PM502"));
        let done = incident("root_cause = \"Disk full.\"", true, &action.replace("open", "done"));
        assert!(!codes(&done, date(11)).contains(&"PM502"));
    }

    #[test]
    fn a_pending_action_needs_an_owner_and_a_due_date() {
        let found = |action: &str| codes(&incident("root_cause = \"Disk full.\"", true, action), None);
        assert!(!found("owner = \"kim\"\ndue = 2026-09-10\nstatus = \"open\"").contains(&"PM501"));
        assert!(found("owner = \"kim\"\nstatus = \"open\"").contains(&"PM501"));
        assert!(found("due = 2026-09-10\nstatus = \"in_progress\"").contains(&"PM501"));
        assert!(!found("status = \"done\"").contains(&"PM501"));
    }

    #[test]
    fn a_resolved_incident_needs_a_root_cause_that_is_not_blank() {
        let action = "owner = \"kim\"\ndue = 2026-09-10\nstatus = \"open\"";
        assert!(!codes(&incident("root_cause = \"Disk full.\"", true, action), None).contains(&"PM503"));
        assert!(codes(&incident("root_cause = \" \"", true, action), None).contains(&"PM503"));
        assert!(codes(&incident("", true, action), None).contains(&"PM503"));
        assert!(!codes(&incident("", false, action), None).contains(&"PM503"));
    }
}
