//! Applying [`Edit`]s to a TOML incident file with toml_edit: comments, key order and layout
//! stay as the file has them; new entries are written in the format's order of fields.
//!
//! Tables print by position, so a new `[[table]]` takes the position of the table it follows.
//! When the new table becomes the last one in the file, the comment blocks at the end of the
//! file that come before the first commented-out example of a later list (`# [[updates]]`)
//! move in front of it: a skeleton's "Timeline" heading then stays above the timeline.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, RawString, Table, Value, value};

use super::Edit;
use crate::model::raw::{Event, Impact, Update};

/// The lists of tables, in the format's order.
const LISTS: [&str; 5] = ["sections", "impact", "events", "updates", "actions"];

/// Why an edit could not be applied to the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text of the file with `edits` applied in order.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse().map_err(|e| EditError(format!("not valid TOML: {e}")))?;
    for edit in edits {
        match edit {
            Edit::AddDeployment(name) => add_deployment(&mut document, name)?,
            Edit::InsertEvent { index, event } => {
                insert(&mut document, "events", *index, event_table(event))?
            }
            Edit::InsertUpdate { index, update } => {
                insert(&mut document, "updates", *index, update_table(update))?
            }
            Edit::PushImpact(impact) => {
                let end = list_len(&document, "impact");
                insert(&mut document, "impact", end, impact_table(impact))?
            }
            Edit::SetImpact { index, status, start, end } => {
                let table = impact_mut(&mut document, *index)?;
                if let Some(status) = status {
                    set_keeping_decor(table, "status", status.as_str());
                }
                if let Some(start) = start {
                    set_keeping_decor(table, "start", start);
                }
                if let Some(end) = end {
                    set_keeping_decor(table, "end", end);
                }
            }
        }
    }
    Ok(document.to_string())
}

fn list_len(document: &DocumentMut, key: &str) -> usize {
    match document.get(key) {
        Some(Item::ArrayOfTables(tables)) => tables.len(),
        Some(Item::Value(Value::Array(array))) => array.len(),
        _ => 0,
    }
}

fn impact_mut(document: &mut DocumentMut, index: usize) -> Result<&mut dyn toml_edit::TableLike, EditError> {
    let missing = || EditError(format!("`impact[{index}]` is not in the file"));
    match document.get_mut("impact") {
        Some(Item::ArrayOfTables(tables)) => {
            tables.get_mut(index).map(|t| t as &mut dyn toml_edit::TableLike).ok_or_else(missing)
        }
        Some(Item::Value(Value::Array(array))) => match array.get_mut(index) {
            Some(Value::InlineTable(table)) => Ok(table as &mut dyn toml_edit::TableLike),
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

/// Replace a key's value, keeping the comment after it; a new key goes last.
fn set_keeping_decor(table: &mut dyn toml_edit::TableLike, key: &str, text: &str) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = Value::from(text);
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, value(text));
        }
    }
}

fn add_deployment(document: &mut DocumentMut, name: &str) -> Result<(), EditError> {
    match document.get_mut("deployments") {
        Some(Item::Value(Value::Array(array))) => {
            array.push(name);
            Ok(())
        }
        Some(_) => Err(EditError("`deployments` is not a list of names".to_string())),
        None => {
            let mut array = Array::new();
            array.push(name);
            document.insert("deployments", value(array));
            Ok(())
        }
    }
}

/// Insert `table` at `index` of the list `key`, as a `[[table]]` or, when the file writes the
/// list inline, as an inline table.
fn insert(document: &mut DocumentMut, key: &str, index: usize, mut table: Table) -> Result<(), EditError> {
    if let Some(Item::Value(Value::Array(array))) = document.get_mut(key) {
        let inline: InlineTable = table.into_inline_table();
        let index = index.min(array.len());
        array.insert_formatted(index, Value::InlineTable(inline));
        array.fmt();
        return Ok(());
    }
    let becomes_last = is_last_table(document, key, index);
    let (position, first_of_list) = position_for(document, key, index);
    table.set_position(position);
    table.decor_mut().set_prefix("\n");
    if becomes_last {
        let (before, after) = split_trailing(document, key);
        if !before.is_empty() {
            table.decor_mut().set_prefix(before);
            document.set_trailing(after);
        }
    }
    match document.get_mut(key) {
        None => {
            let mut tables = ArrayOfTables::new();
            tables.push(table);
            document.insert(key, Item::ArrayOfTables(tables));
            Ok(())
        }
        Some(Item::ArrayOfTables(tables)) => {
            let index = index.min(tables.len());
            if index == 0 && first_of_list {
                // A heading comment above the list stays at its head.
                if let Some(first) = tables.get_mut(0) {
                    let heading = prefix(first.decor());
                    first.decor_mut().set_prefix("\n");
                    table.decor_mut().set_prefix(heading);
                }
            }
            tables.insert(index, table);
            Ok(())
        }
        Some(_) => Err(EditError(format!("`{key}` is not a list of tables"))),
    }
}

fn prefix(decor: &toml_edit::Decor) -> String {
    decor.prefix().and_then(RawString::as_str).unwrap_or("").to_string()
}

/// Every `[[table]]` of the file with its position, in the order the file prints them.
fn printed_tables(document: &DocumentMut) -> Vec<(isize, &'static str, usize)> {
    let mut tables = Vec::new();
    for key in LISTS {
        if let Some(Item::ArrayOfTables(list)) = document.get(key) {
            for (i, table) in list.iter().enumerate() {
                tables.push((table.position().unwrap_or(0), key, i));
            }
        }
    }
    tables.sort_by_key(|(position, _, _)| *position);
    tables
}

/// Whether a table inserted at `index` of `key` prints after every other table of the file.
fn is_last_table(document: &DocumentMut, key: &str, index: usize) -> bool {
    let others_after = document.as_table().iter().any(|(k, item)| match item {
        Item::Table(_) => true,
        Item::ArrayOfTables(_) if k == key => false,
        Item::ArrayOfTables(list) => !list.is_empty() && rank(k) > rank(key),
        _ => false,
    });
    index >= list_len(document, key) && !others_after && rank_of_last(document) <= rank(key)
}

fn rank(key: &str) -> usize {
    LISTS.iter().position(|k| *k == key).unwrap_or(LISTS.len())
}

fn rank_of_last(document: &DocumentMut) -> usize {
    printed_tables(document).last().map_or(0, |(_, key, _)| rank(key))
}

/// The position for a table at `index` of `key`: that of the table it follows (in the list,
/// else the last table of an earlier list), else just before the first table of a later one.
/// Also says whether the new table opens its list.
fn position_for(document: &DocumentMut, key: &str, index: usize) -> (Option<isize>, bool) {
    if index > 0
        && let Some(Item::ArrayOfTables(list)) = document.get(key)
        && let Some(previous) = list.get(index.min(list.len()) - 1)
    {
        return (previous.position(), false);
    }
    let tables = printed_tables(document);
    let earlier = tables.iter().filter(|(_, k, _)| rank(k) < rank(key)).map(|(p, _, _)| *p).max();
    if let Some(position) = earlier {
        return (Some(position), true);
    }
    let later = tables.iter().filter(|(_, k, _)| rank(k) >= rank(key)).map(|(p, _, _)| *p).min();
    (Some(later.map_or(1, |p| p - 1)), true)
}

/// The file's trailing comments split into what goes before a new last table of `key` and
/// what stays at the end: the blocks before the first one that shows a later list's header.
fn split_trailing(document: &DocumentMut, key: &str) -> (String, String) {
    let trailing = document.trailing().as_str().unwrap_or("").to_string();
    let later: Vec<String> = LISTS.iter().skip(rank(key) + 1).map(|k| format!("[[{k}]]")).collect();
    let mut offset = 0;
    let mut cut = trailing.len();
    for line in trailing.split_inclusive('\n') {
        let body = line.trim_start_matches('#').trim();
        if line.trim_start().starts_with('#') && later.iter().any(|header| body.starts_with(header.as_str()))
        {
            // Back up to the blank line that opens this block.
            cut = trailing.get(..offset).and_then(|head| head.rfind("\n\n").map(|i| i + 1)).unwrap_or(0);
            break;
        }
        offset += line.len();
    }
    let (before, after) = trailing.split_at(cut.min(trailing.len()));
    let before = before.trim_end_matches('\n');
    if before.trim().is_empty() {
        return (String::new(), trailing.clone());
    }
    (format!("{before}\n\n"), after.to_string())
}

fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Array {
    values.into_iter().map(|v| Value::from(v.into())).collect()
}

fn event_table(event: &Event) -> Table {
    let mut table = Table::new();
    table.insert("at", value(event.at.as_str()));
    if let Some(tz) = &event.tz {
        table.insert("tz", value(tz.as_str()));
    }
    table.insert("text", text_value(&event.text));
    if !event.marks.is_empty() {
        table.insert("marks", value(strings(event.marks.iter().map(|m| m.as_str()))));
    }
    if event.internal {
        table.insert("internal", value(true));
    }
    table
}

fn update_table(update: &Update) -> Table {
    let mut table = Table::new();
    table.insert("at", value(update.at.as_str()));
    table.insert("status", value(update.status.as_str()));
    if let Some(text) = &update.text {
        table.insert("text", text_value(text));
    }
    if !update.deployments.is_empty() {
        table.insert("deployments", value(strings(update.deployments.iter().cloned())));
    }
    if update.internal {
        table.insert("internal", value(true));
    }
    table
}

fn impact_table(impact: &Impact) -> Table {
    let mut table = Table::new();
    table.insert("deployment", value(impact.deployment.as_str()));
    table.insert("status", value(impact.status.as_str()));
    if impact.planned {
        table.insert("planned", value(true));
    }
    for (key, field) in [("start", &impact.start), ("end", &impact.end), ("text", &impact.text)] {
        if let Some(text) = field {
            table.insert(key, value(text.as_str()));
        }
    }
    table
}

/// A string value; several lines are written as a `'''` block, as people write prose, when that
/// reads back exactly; else as one escaped line.
fn text_value(text: &str) -> Item {
    if text.contains('\n') {
        let repr = format!("'''\n{text}'''");
        if let Ok(mut block) = repr.parse::<Value>()
            && block.as_str() == Some(text)
        {
            block.decor_mut().clear();
            return Item::Value(block);
        }
    }
    value(text)
}
