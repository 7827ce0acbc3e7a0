//! The canonical layout of an incident file: top-level keys in the format's order and the
//! timeline in chronological order. TOML keeps its comments and formatting (toml_edit: the
//! decor travels with each item); JSON is rewritten pretty-printed.

use chrono::{DateTime, Utc};
use toml_edit::{ArrayOfTables, DocumentMut, Item, RawString};

use crate::model::raw::IncidentFile;

/// Top-level keys in the order the format documents them (and `IncidentFile` declares them).
pub const TOP_LEVEL_ORDER: [&str; 21] = [
    "format",
    "title",
    "service",
    "timezone",
    "deployments",
    "severity",
    "impact_level",
    "id",
    "shortlink",
    "intro",
    "acknowledgements",
    "summary",
    "root_cause",
    "resolution",
    "lessons_learned",
    "closing",
    "sections",
    "impact",
    "events",
    "updates",
    "actions",
];

fn rank(key: &str) -> usize {
    TOP_LEVEL_ORDER.iter().position(|k| *k == key).unwrap_or(TOP_LEVEL_ORDER.len())
}

/// The order to list events in: those with a known time sorted by it (stable for equal
/// times); those whose time is unknown keep their places.
pub fn chronological_order(times: &[Option<DateTime<Utc>>]) -> Vec<usize> {
    let known: Vec<usize> = (0..times.len()).filter(|&i| times.get(i).copied().flatten().is_some()).collect();
    let mut sorted = known.clone();
    sorted.sort_by_key(|&i| times.get(i).copied().flatten());
    let mut order: Vec<usize> = (0..times.len()).collect();
    for (slot, index) in known.iter().zip(sorted) {
        if let Some(place) = order.get_mut(*slot) {
            *place = index;
        }
    }
    order
}

/// The TOML text in canonical order. `event_order` comes from [`chronological_order`] over the
/// file's resolved event times (the same list `[[events]]` holds).
pub fn format_toml(text: &str, event_order: &[usize]) -> Result<String, toml_edit::TomlError> {
    let mut document: DocumentMut = text.parse()?;
    let root = document.as_table_mut();

    let first_before = root.iter().next().map(|(k, _)| k.to_string());
    root.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    let first_after = root.iter().next().map(|(k, _)| k.to_string());
    // The file's opening comment describes the file, not whichever key happened to come first.
    if let (Some(before), Some(after)) = (first_before, first_after)
        && before != after
    {
        let heading =
            root.key_mut(&before).map(|mut k| take_prefix(k.leaf_decor_mut(), "")).unwrap_or_default();
        if let Some(mut key) = root.key_mut(&after) {
            let own = key.leaf_decor().prefix().and_then(RawString::as_str).unwrap_or("").to_string();
            key.leaf_decor_mut().set_prefix(format!("{heading}{own}"));
        }
    }

    match root.get_mut("events") {
        Some(Item::ArrayOfTables(events)) => reorder_tables(events, event_order),
        Some(Item::Value(toml_edit::Value::Array(events))) => {
            let values: Vec<toml_edit::Value> = events.iter().cloned().collect();
            events.clear();
            for index in event_order {
                if let Some(value) = values.get(*index) {
                    events.push_formatted(value.clone());
                }
            }
        }
        _ => {}
    }

    // Tables print by position; number them in key order so lists follow the canonical order.
    let mut position: isize = 1;
    let keys: Vec<String> = root.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        match root.get_mut(&key) {
            Some(Item::ArrayOfTables(tables)) => {
                for table in tables.iter_mut() {
                    table.set_position(Some(position));
                    position += 1;
                }
            }
            Some(Item::Table(table)) => {
                table.set_position(Some(position));
                position += 1;
            }
            _ => {}
        }
    }
    Ok(document.to_string())
}

/// Put `[[tables]]` in `order`. Comments travel with the table they stand above, except a
/// heading of the whole list: the comments above the first table up to its last blank line or
/// rule line (`# ---- Timeline ----`) stay at the head of the list; the comment block directly
/// above the first table, after them, describes that table and moves with it.
fn reorder_tables(tables: &mut ArrayOfTables, order: &[usize]) {
    if order.iter().enumerate().all(|(i, &j)| i == j) {
        return;
    }
    let mut old: Vec<toml_edit::Table> = tables.iter().cloned().collect();
    let heading = old
        .first_mut()
        .map(|t| {
            let (heading, own) = split_heading(&take_prefix(t.decor_mut(), ""));
            t.decor_mut().set_prefix(format!("\n{own}"));
            heading
        })
        .unwrap_or_default();
    let mut reordered = ArrayOfTables::new();
    for index in order {
        if let Some(table) = old.get(*index) {
            reordered.push(table.clone());
        }
    }
    if let Some(first) = reordered.get_mut(0) {
        let own = first.decor().prefix().and_then(RawString::as_str).unwrap_or("").to_string();
        first.decor_mut().set_prefix(format!("{heading}{}", own.trim_start_matches('\n')));
    }
    *tables = reordered;
}

/// A table's prefix split after its last blank or rule line: (the heading above, the comment
/// block directly above the table).
fn split_heading(prefix: &str) -> (String, String) {
    let mut at = 0;
    let mut end = 0;
    for line in prefix.split_inclusive('\n') {
        end += line.len();
        if line.trim().is_empty() || is_rule(line) {
            at = end;
        }
    }
    (prefix[..at].to_string(), prefix[at..].to_string())
}

/// A comment drawn as a section rule: `# ---- Timeline ----`, `# ====`, `#####`.
fn is_rule(line: &str) -> bool {
    let text = line.trim().trim_start_matches('#').trim();
    let decorated = |part: &str| part.chars().filter(|c| "-=#*~_".contains(*c)).count() >= 3;
    let (first, last) = (text.split_whitespace().next(), text.split_whitespace().last());
    line.trim_start().starts_with('#')
        && (text.is_empty() || first.is_some_and(decorated) || last.is_some_and(decorated))
}

/// Remove a decor's prefix, leaving `replacement` (a blank line before a table) in its place.
fn take_prefix(decor: &mut toml_edit::Decor, replacement: &str) -> String {
    let prefix = decor.prefix().and_then(RawString::as_str).unwrap_or("").to_string();
    decor.set_prefix(replacement);
    prefix
}

/// The JSON text in canonical order: the model's field order, events in `event_order`.
pub fn format_json(file: &IncidentFile, event_order: &[usize]) -> Result<String, serde_json::Error> {
    let mut file = file.clone();
    file.events = event_order.iter().filter_map(|&i| file.events.get(i).cloned()).collect();
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> Option<DateTime<Utc>> {
        chrono::NaiveDate::from_ymd_opt(2026, 7, 4)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .map(|t| t.and_utc())
    }

    #[test]
    fn unknown_times_keep_their_places_and_ties_stay_stable() {
        assert_eq!(chronological_order(&[at(3), None, at(1), at(1), at(2)]), vec![2, 1, 3, 4, 0]);
        assert_eq!(chronological_order(&[]), Vec::<usize>::new());
        assert_eq!(chronological_order(&[None, None]), vec![0, 1]);
    }

    #[test]
    fn keys_follow_the_format_and_comments_travel() {
        let text = "# The file's heading.\nservice = \"S\" # the service\ntitle = \"T\"\nformat = 1\n\n# ---- Timeline ----\n[[events]]\nat = \"2026-07-04 15:00\" # later\ntext = \"b\"\n\n[[events]]\n# the first\nat = \"2026-07-04 14:00\"\ntext = \"a\"\n\n[[impact]]\ndeployment = \"D\"\nstatus = \"major_outage\"\n";
        let formatted = format_toml(text, &[1, 0]).expect("formats");
        assert!(
            formatted.starts_with("# The file's heading.\nformat = 1\ntitle = \"T\"\nservice"),
            "{formatted}"
        );
        let title = formatted.find("title").unwrap_or(usize::MAX);
        let service = formatted.find("service").unwrap_or(0);
        assert!(title < service, "{formatted}");
        assert!(formatted.contains("service = \"S\" # the service"), "{formatted}");
        let impact = formatted.find("[[impact]]").unwrap_or(usize::MAX);
        let timeline = formatted.find("# ---- Timeline ----").unwrap_or(0);
        assert!(impact < timeline, "impact before events: {formatted}");
        let first = formatted.find("# the first").unwrap_or(usize::MAX);
        let later = formatted.find("# later").unwrap_or(0);
        assert!(timeline < first && first < later, "{formatted}");
        assert_eq!(format_toml(&formatted, &[0, 1]).expect("formats"), formatted, "idempotent");
    }

    #[test]
    fn the_comment_directly_above_the_first_event_moves_with_it() {
        let text = "format = 1\n\n# ---- Timeline ----\n\n# The deploy that set it off.\n[[events]]\nat = \"2026-07-04 15:00\"\ntext = \"b\"\n\n# The alert, which fired first.\n[[events]]\nat = \"2026-07-04 14:00\"\ntext = \"a\"\n";
        let formatted = format_toml(text, &[1, 0]).expect("formats");
        assert_eq!(
            formatted,
            "format = 1\n\n# ---- Timeline ----\n\n# The alert, which fired first.\n[[events]]\nat = \"2026-07-04 14:00\"\ntext = \"a\"\n\n# The deploy that set it off.\n[[events]]\nat = \"2026-07-04 15:00\"\ntext = \"b\"\n"
        );
        assert_eq!(format_toml(&formatted, &[0, 1]).expect("formats"), formatted, "idempotent");
        assert_eq!(split_heading("\n# h\n\n# own\n"), ("\n# h\n\n".to_string(), "# own\n".to_string()));
        assert_eq!(split_heading("# own\n"), (String::new(), "# own\n".to_string()));
        let ruled = "\n# ---- Timeline ----\n# own\n";
        assert_eq!(split_heading(ruled), ("\n# ---- Timeline ----\n".to_string(), "# own\n".to_string()));
        assert_eq!(split_heading("#####\n"), ("#####\n".to_string(), String::new()));
        assert!(!is_rule("# re-run the job - it failed\n"));
    }
}
