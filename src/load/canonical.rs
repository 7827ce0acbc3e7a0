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

    let reordering = event_order.iter().enumerate().any(|(i, &j)| i != j);
    if reordering {
        keep_last_trailer_inside(&mut document);
    }
    let root = document.as_table_mut();
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

/// Put `[[tables]]` in `order`. A comment after a table's last key, before a blank line,
/// travels with that table; other comments travel with the table they stand above, except a
/// heading of the whole list: the comments above the first table up to its last blank line or
/// rule line (`# ---- Timeline ----`) stay at the head of the list; the comment block directly
/// above the first table, after them, describes that table and moves with it.
fn reorder_tables(tables: &mut ArrayOfTables, order: &[usize]) {
    if order.iter().enumerate().all(|(i, &j)| i == j) {
        return;
    }
    let mut old: Vec<toml_edit::Table> = tables.iter().cloned().collect();
    keep_trailing_comments_inside(&mut old);
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

/// The comment after the last event's last key, up to a blank line, is read into whatever
/// follows the list: the next table, or the end of the file. It is moved into the last event.
fn keep_last_trailer_inside(document: &mut DocumentMut) {
    let root = document.as_table();
    let Some(Item::ArrayOfTables(events)) = root.get("events") else { return };
    let Some(last) = events.iter().last().and_then(toml_edit::Table::position) else { return };
    let mut follower: Option<(isize, String, Option<usize>)> = None;
    for (key, item) in root.iter() {
        let tables: Vec<(Option<usize>, &toml_edit::Table)> = match item {
            Item::Table(table) => vec![(None, table)],
            Item::ArrayOfTables(list) => list.iter().enumerate().map(|(i, t)| (Some(i), t)).collect(),
            _ => Vec::new(),
        };
        for (index, table) in tables {
            let Some(at) = table.position().filter(|at| *at > last) else { continue };
            if follower.as_ref().is_none_or(|(best, _, _)| at < *best) {
                follower = Some((at, key.to_string(), index));
            }
        }
    }
    let text = match &follower {
        Some((_, key, index)) => follower_table(document, key, *index)
            .and_then(|t| t.decor().prefix().and_then(RawString::as_str).map(str::to_string)),
        None => document.trailing().as_str().map(str::to_string),
    };
    // At the end of the file, the end closes the comment as a blank line would.
    let (trailer, rest) = split_trailer(&text.unwrap_or_default(), follower.is_none());
    if trailer.is_empty() {
        return;
    }
    let Some(Item::ArrayOfTables(events)) = document.as_table_mut().get_mut("events") else { return };
    let Some(last_event) = events.iter_mut().last() else { return };
    if !append_after_last_value(last_event, &trailer) {
        return;
    }
    match &follower {
        Some((_, key, index)) => {
            if let Some(table) = follower_table(document, key, *index) {
                table.decor_mut().set_prefix(rest);
            }
        }
        None => document.set_trailing(rest),
    }
}

fn follower_table<'a>(
    document: &'a mut DocumentMut,
    key: &str,
    index: Option<usize>,
) -> Option<&'a mut toml_edit::Table> {
    match (document.as_table_mut().get_mut(key)?, index) {
        (Item::Table(table), None) => Some(table),
        (Item::ArrayOfTables(list), Some(i)) => list.get_mut(i),
        _ => None,
    }
}

/// Write `trailer` (comment lines) after the table's last value, on lines of their own; false
/// when the table ends in something else (no values, or a sub-table).
fn append_after_last_value(table: &mut toml_edit::Table, trailer: &str) -> bool {
    let Some((_, last)) = table.iter_mut().last() else { return false };
    let Some(value) = last.as_value_mut() else { return false };
    let suffix = value.decor().suffix().and_then(RawString::as_str).unwrap_or("").to_string();
    value.decor_mut().set_suffix(format!("{suffix}\n{}", trailer.trim_end_matches(['\n', '\r'])));
    true
}

/// A comment written after a table's last key, up to a blank line, is read by toml_edit into
/// the next table's prefix; it belongs to the table it follows, so it is moved into that table
/// (after its last value) before the tables are reordered.
fn keep_trailing_comments_inside(tables: &mut [toml_edit::Table]) {
    for i in 1..tables.len() {
        let (trailer, rest) =
            split_trailer(tables[i].decor().prefix().and_then(RawString::as_str).unwrap_or(""), false);
        if trailer.is_empty() {
            continue;
        }
        if append_after_last_value(&mut tables[i - 1], &trailer) {
            tables[i].decor_mut().set_prefix(rest);
        }
    }
}

/// A table's prefix split before its first blank line: (the comment lines that end the previous
/// table, the rest). Without a blank line, or when it comes first, there is no trailer: a
/// comment directly above a header describes that table; a rule line (`# ---- Updates ----`)
/// heads what follows.
fn split_trailer(prefix: &str, at_end: bool) -> (String, String) {
    let mut at = 0;
    for line in prefix.split_inclusive('\n') {
        if line.trim().is_empty() {
            return (prefix[..at].to_string(), prefix[at..].to_string());
        }
        if !line.trim_start().starts_with('#') || is_rule(line) {
            return (String::new(), prefix.to_string());
        }
        at += line.len();
    }
    if at_end { (prefix.to_string(), String::new()) } else { (String::new(), prefix.to_string()) }
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
    fn a_comment_after_an_events_last_key_stays_with_that_event() {
        let text = "format = 1\n\n[[events]]\nat = \"2026-07-04 15:03\"\ntext = \"C\" # inline\n# trailing inside C\n# second line\n\n# above A\n[[events]]\nat = \"2026-07-04 14:55\"\ntext = \"A\"\n# trailing inside A\n\n[[events]]\nat = \"2026-07-04 15:10\"\ntext = \"B\"\n";
        let formatted = format_toml(text, &[1, 0, 2]).expect("formats");
        assert_eq!(
            formatted,
            "format = 1\n\n# above A\n[[events]]\nat = \"2026-07-04 14:55\"\ntext = \"A\"\n# trailing inside A\n\n[[events]]\nat = \"2026-07-04 15:03\"\ntext = \"C\" # inline\n# trailing inside C\n# second line\n\n[[events]]\nat = \"2026-07-04 15:10\"\ntext = \"B\"\n"
        );
        assert_eq!(format_toml(&formatted, &[0, 1, 2]).expect("formats"), formatted, "idempotent");
        assert_eq!(
            split_trailer("# t\n\n# above\n", false),
            ("# t\n".to_string(), "\n# above\n".to_string())
        );
        assert_eq!(split_trailer("# above\n", false), (String::new(), "# above\n".to_string()));
        assert_eq!(split_trailer("\n# above\n", false), (String::new(), "\n# above\n".to_string()));
        assert_eq!(
            split_trailer("# ---- Updates ----\n\n", false),
            (String::new(), "# ---- Updates ----\n\n".to_string())
        );
    }

    #[test]
    fn the_last_events_trailing_comment_moves_with_it_too() {
        for after in
            ["", "\n# ---- Updates ----\n\n[[updates]]\nat = \"2026-07-04 15:20\"\nstatus = \"resolved\"\n"]
        {
            let text = format!(
                "format = 1\n\n[[events]]\nat = \"2026-07-04 15:00\"\ntext = \"A\"\n\n[[events]]\nat = \"2026-07-04 14:00\"\ntext = \"B\"\n# trailing inside B\n{after}"
            );
            let formatted = format_toml(&text, &[1, 0]).expect("formats");
            let expected = format!(
                "format = 1\n\n[[events]]\nat = \"2026-07-04 14:00\"\ntext = \"B\"\n# trailing inside B\n\n[[events]]\nat = \"2026-07-04 15:00\"\ntext = \"A\"\n{after}"
            );
            assert_eq!(formatted, expected, "{after:?}");
            assert_eq!(format_toml(&formatted, &[0, 1]).expect("formats"), formatted, "idempotent");
        }
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
