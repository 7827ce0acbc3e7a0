//! Structure checks: names that must match a list, windows whose bounds contradict themselves,
//! duplicates.

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::suggest;
use crate::diagnostic::{Check, Diagnostic, Family, Level};
use crate::model::UpdateStatus;
use crate::time::format_duration;

pub const UNKNOWN_DEPLOYMENT: Check = Check {
    code: "PM101",
    name: "unknown-deployment",
    level: Level::Error,
    family: Family::Structure,
    summary: "a deployment not in the incident's `deployments` or the config's catalogue",
    explanation: "Every `impact[].deployment` and every name in `updates[].deployments` must \
        appear in the incident's `deployments` list, and when `postmortem.toml` lists services, \
        every deployment must be in that catalogue. A misspelt name would otherwise become a \
        separate deployment with its own downtime, and the real one would look unaffected.",
};

pub const END_BEFORE_START: Check = Check {
    code: "PM102",
    name: "end-before-start",
    level: Level::Error,
    family: Family::Structure,
    summary: "an impact window that ends before it starts, or has an end but no start",
    explanation: "A window's `end` must come after its `start`. A reversed window usually means \
        a wrong date or a time written in the wrong zone. The tool does not swap the bounds; the \
        window counts for nothing until it is fixed.",
};

pub const DURATION_EXCEEDS_WINDOW: Check = Check {
    code: "PM103",
    name: "duration-exceeds-window",
    level: Level::Error,
    family: Family::Structure,
    summary: "a declared `duration` longer than the window it is inside",
    explanation: "`duration` states how long the interruption inside a window lasted, when that \
        is shorter than the window (15 minutes of interruption inside a 6-hour maintenance). It \
        cannot be longer than `end - start`; fix the bounds or the duration.",
};

pub const DUPLICATE: Check = Check {
    code: "PM104",
    name: "duplicate",
    level: Level::Warning,
    family: Family::Structure,
    summary: "the same deployment, event, update or milestone mark given twice",
    explanation: "A deployment listed twice, two identical timeline events or status updates, \
        or one milestone mark (such as `detected`) on two events. The first one counts; remove \
        the other so that readers and the analysis agree.",
};

pub const UNKNOWN_SEVERITY: Check = Check {
    code: "PM105",
    name: "unknown-severity",
    level: Level::Error,
    family: Family::Structure,
    summary: "a `severity` not among the levels in `postmortem.toml`",
    explanation: "When `postmortem.toml` lists `severities`, an incident's `severity` must be \
        one of them, so that the quarterly report counts incidents by severity correctly.",
};

pub const WINDOW_UNKNOWN: Check = Check {
    code: "PM106",
    name: "impact-window-unknown",
    level: Level::Note,
    family: Family::Structure,
    summary: "an impact whose start is not known",
    explanation: "An `[[impact]]` without `start` describes an effect whose timing is not known \
        (\"notifications could be delayed\"). It is rendered, but counts as no downtime. Add \
        `start` and `end` when they are known.",
};

pub const EMPTY_WINDOW: Check = Check {
    code: "PM107",
    name: "empty-window",
    level: Level::Warning,
    family: Family::Structure,
    summary: "an impact window that ends the instant it starts",
    explanation: "A window with `start` equal to `end` lasts zero seconds. Status pages export \
        such windows when an incident was opened and resolved at once; either the real bounds \
        are missing, or the entry is not an impact at all.",
};

pub const EMPTY_NAME: Check = Check {
    code: "PM108",
    name: "empty-name",
    level: Level::Error,
    family: Family::Structure,
    summary: "an empty title, service or deployment name, or one broken over lines",
    explanation: "The title, the service and every deployment name are shown to customers on the \
        status page and counted by name in reports. An empty name (or one of only spaces) renders \
        as nothing and merges unrelated deployments in a report; a tab or a line break breaks the \
        status-page line it is printed on. Give each a visible name on one line. (Other control \
        characters, in any field, are PM109.)",
};

pub const CHECKS: &[&Check] = &[
    &UNKNOWN_DEPLOYMENT,
    &END_BEFORE_START,
    &DURATION_EXCEEDS_WINDOW,
    &DUPLICATE,
    &UNKNOWN_SEVERITY,
    &WINDOW_UNKNOWN,
    &EMPTY_WINDOW,
    &EMPTY_NAME,
    &super::hidden::CONTROL_CHARACTER,
];

pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    names(context, out);
    deployments(context, out);
    windows(context, out);
    duplicates(context, out);
    severity(context, out);
}

fn names(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = &context.incident.file;
    // Paths are formatted only for a name that has a problem.
    name(out, "title", &file.title, || "title".into());
    name(out, "service", &file.service, || "service".into());
    for (i, n) in file.deployments.iter().enumerate() {
        name(out, "deployment", n, || format!("deployments[{i}]"));
    }
    for (i, w) in file.impact.iter().enumerate() {
        name(out, "deployment", &w.deployment, || format!("impact[{i}].deployment"));
    }
    for (i, update) in file.updates.iter().enumerate() {
        for (j, n) in update.deployments.iter().enumerate() {
            name(out, "deployment", n, || format!("updates[{i}].deployments[{j}]"));
        }
    }
}

fn name(out: &mut Vec<Diagnostic>, what: &str, name: &str, path: impl FnOnce() -> String) {
    let problem = if name.trim().is_empty() {
        format!("the {what} name is empty")
    } else if name.contains(['\n', '\t']) {
        format!("the {what} name `{}` is broken by a tab or a line break", name.escape_debug())
    } else {
        return;
    };
    out.push(
        Diagnostic::new(&EMPTY_NAME, problem)
            .at(path())
            .help(format!("give the {what} a visible name on one line")),
    );
}

fn deployments(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = &context.incident.file;
    let declared: Vec<String> = file.deployments.clone();
    let catalogue: Option<Vec<String>> =
        context.config.catalogue().map(|c| c.into_iter().map(str::to_string).collect());
    if let Some(catalogue) = &catalogue {
        for (i, name) in file.deployments.iter().enumerate() {
            if !catalogue.contains(name) {
                out.push(unknown(
                    name,
                    format!("deployments[{i}]"),
                    catalogue,
                    "the catalogue in postmortem.toml",
                ));
            }
        }
    }
    // Without a `deployments` list the names used are the list, checked only against the catalogue.
    let known = if declared.is_empty() { catalogue.clone() } else { Some(declared) };
    let Some(known) = known else { return };
    let list_name =
        if file.deployments.is_empty() { "the catalogue in postmortem.toml" } else { "`deployments`" };
    for (i, impact) in file.impact.iter().enumerate() {
        if !known.contains(&impact.deployment) {
            out.push(unknown(&impact.deployment, format!("impact[{i}].deployment"), &known, list_name));
        }
    }
    for (i, update) in file.updates.iter().enumerate() {
        for (j, name) in update.deployments.iter().enumerate() {
            if !known.contains(name) {
                out.push(unknown(name, format!("updates[{i}].deployments[{j}]"), &known, list_name));
            }
        }
    }
}

fn unknown(name: &str, path: String, known: &[String], list: &str) -> Diagnostic {
    let help = match suggest(name, known) {
        Some(best) => format!("did you mean `{best}`? Otherwise add `{name}` to {list}"),
        None => format!("add `{name}` to {list}, or use one of its names"),
    };
    Diagnostic::new(&UNKNOWN_DEPLOYMENT, format!("deployment `{name}` is not in {list}")).at(path).help(help)
}

fn windows(context: &Context, out: &mut Vec<Diagnostic>) {
    for (i, impact, times) in context.incident.impacts() {
        let raw_start = impact.start.is_some();
        match (times.start, times.end) {
            (Some(start), Some(end)) if end < start => out.push(
                Diagnostic::new(
                    &END_BEFORE_START,
                    format!("window ends {} before it starts", format_duration((start - end).num_seconds())),
                )
                .at(format!("impact[{i}].end"))
                .help("check the date and the zone of `start` and `end`; the end must come after the start"),
            ),
            (Some(start), Some(end)) if end == start => out.push(
                Diagnostic::new(&EMPTY_WINDOW, "window ends the instant it starts")
                    .at(format!("impact[{i}].end"))
                    .help("give the real end of the impact, or remove the window if there was none"),
            ),
            (Some(start), Some(end)) => {
                if let Some(declared) = times.declared_seconds {
                    let bounds = (end - start).num_seconds();
                    if declared > bounds {
                        out.push(
                            Diagnostic::new(
                                &DURATION_EXCEEDS_WINDOW,
                                format!(
                                    "declared duration {} is longer than the window's {}",
                                    format_duration(declared),
                                    format_duration(bounds)
                                ),
                            )
                            .at(format!("impact[{i}].duration"))
                            .help("shorten `duration` to at most `end - start`, or widen the window"),
                        );
                    }
                }
            }
            (None, Some(_)) if !raw_start => out.push(
                Diagnostic::new(&END_BEFORE_START, "window has an `end` but no `start`")
                    .at(format!("impact[{i}].end"))
                    .help("add `start`, or remove `end` if the window is not known"),
            ),
            (None, None) if !raw_start => out.push(
                Diagnostic::new(
                    &WINDOW_UNKNOWN,
                    format!(
                        "impact on `{}` has no known window; it counts as no downtime",
                        impact.deployment
                    ),
                )
                .at(format!("impact[{i}]"))
                .help("add `start` and `end` when they are known"),
            ),
            _ => {}
        }
    }
}

fn duplicates(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = &context.incident.file;
    let mut first_deployment: HashMap<&str, usize> = HashMap::new();
    for (i, name) in file.deployments.iter().enumerate() {
        let first = *first_deployment.entry(name.as_str()).or_insert(i);
        if first != i {
            out.push(
                Diagnostic::new(
                    &DUPLICATE,
                    format!("deployment `{name}` is listed twice (first at `deployments[{first}]`)"),
                )
                .at(format!("deployments[{i}]"))
                .help("remove the second entry"),
            );
        }
    }
    // One pass each with a map from content to first place: linear in the list.
    let mut first_event: HashMap<(&str, &str), usize> = HashMap::with_capacity(file.events.len());
    for (i, event) in file.events.iter().enumerate() {
        let first = *first_event.entry((event.at.as_str(), event.text.as_str())).or_insert(i);
        if first != i {
            out.push(
                Diagnostic::new(&DUPLICATE, format!("event repeats `events[{first}]`"))
                    .at(format!("events[{i}]"))
                    .help("remove the repeated event"),
            );
        }
    }
    let mut first_update: HashMap<(&str, UpdateStatus, Option<&str>), usize> =
        HashMap::with_capacity(file.updates.len());
    for (i, update) in file.updates.iter().enumerate() {
        let key = (update.at.as_str(), update.status, update.text.as_deref());
        let first = *first_update.entry(key).or_insert(i);
        if first != i {
            out.push(
                Diagnostic::new(&DUPLICATE, format!("status update repeats `updates[{first}]`"))
                    .at(format!("updates[{i}]"))
                    .help("remove the repeated update"),
            );
        }
    }
    for mark in crate::model::Mark::ALL {
        let carriers: Vec<usize> =
            file.events.iter().enumerate().filter(|(_, e)| e.marks.contains(&mark)).map(|(i, _)| i).collect();
        for &later in carriers.iter().skip(1) {
            out.push(
                Diagnostic::new(
                    &DUPLICATE,
                    format!(
                        "milestone `{}` is marked on `events[{}]` and again here; the first counts",
                        mark.as_str(),
                        carriers[0]
                    ),
                )
                .at(format!("events[{later}].marks"))
                .help(format!("keep `{}` on one event only", mark.as_str())),
            );
        }
    }
}

fn severity(context: &Context, out: &mut Vec<Diagnostic>) {
    let levels = &context.config.file.severities;
    let Some(severity) = &context.incident.file.severity else { return };
    if levels.is_empty() || levels.contains(severity) {
        return;
    }
    let help = match suggest(severity, levels) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            format!("use one of {}", levels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "))
        }
    };
    out.push(
        Diagnostic::new(
            &UNKNOWN_SEVERITY,
            format!("severity `{severity}` is not one of the levels in postmortem.toml"),
        )
        .at("severity")
        .help(help),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::finds;

    fn window(start: &str, end: &str, duration: &str) -> String {
        format!(
            "format = 1\ntitle = \"Search slow\"\nservice = \"Search\"\n\n[[impact]]\ndeployment = \"EU\"\n\
             status = \"degraded_performance\"\nstart = \"{start}\"\nend = \"{end}\"\n{duration}\n"
        )
    }

    #[test]
    fn a_declared_duration_equal_to_its_window_passes_and_one_second_more_fails() {
        let (start, end) = ("2026-03-02 08:00:00", "2026-03-02 08:40:00");
        assert!(!finds("PM103", &window(start, end, "duration = \"40m\"")));
        assert!(!finds("PM103", &window(start, end, "duration = \"2399s\"")));
        assert!(finds("PM103", &window(start, end, "duration = \"2401s\"")));
    }

    #[test]
    fn an_end_one_second_after_the_start_is_a_window_and_equal_or_earlier_is_not() {
        let start = "2026-03-02 08:00:00";
        let later = window(start, "2026-03-02 08:00:01", "");
        assert!(!finds("PM102", &later) && !finds("PM107", &later));
        let same = window(start, start, "");
        assert!(finds("PM107", &same) && !finds("PM102", &same));
        let earlier = window(start, "2026-03-02 07:59:59", "");
        assert!(finds("PM102", &earlier) && !finds("PM107", &earlier));
    }
}
