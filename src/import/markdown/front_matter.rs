//! YAML front matter on blog posts ("---\ntitle: ...\ndate: ...\n---"): its title and date are
//! used; its other keys are named as not imported and never reach the prose.

/// The front matter's title and date, the keys it had, and the text after it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct FrontMatter {
    pub(super) title: Option<String>,
    pub(super) date: Option<String>,
    pub(super) keys: Vec<String>,
}

/// The longest front matter read (lines): past it, a `---` is a rule, not the end of one.
const MAX_LINES: usize = 200;

/// Split `text` into its front matter (when it opens with one) and the rest.
pub(super) fn split(text: &str) -> (Option<FrontMatter>, &str) {
    let Some(after_open) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        if i > MAX_LINES {
            break;
        }
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let block = after_open.get(..offset).unwrap_or_default();
            let rest = after_open.get(offset + line.len()..).unwrap_or_default();
            return match read(block) {
                Some(front) => (Some(front), rest),
                None => (None, text),
            };
        }
        offset += line.len();
    }
    (None, text)
}

/// `key: value` lines (lists and nested keys are named, not read); None when no line is one.
fn read(block: &str) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    for line in block.lines() {
        if line.starts_with([' ', '\t', '-', '#']) || line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim().to_lowercase();
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
        match key.as_str() {
            "title" if !value.is_empty() => front.title = Some(value),
            "date" | "published" | "created" if !value.is_empty() && front.date.is_none() => {
                front.date = Some(value)
            }
            _ => {}
        }
        front.keys.push(key);
    }
    Some(front)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_date_are_read_and_the_rest_follows() {
        let (front, rest) =
            split("---\ntitle: \"Queue: stuck\"\ndate: 2023-04-05\ntags:\n  - ops\n---\n# Body\n");
        let front = front.expect("front matter");
        assert_eq!(front.title.as_deref(), Some("Queue: stuck"));
        assert_eq!(front.date.as_deref(), Some("2023-04-05"));
        assert_eq!(front.keys, ["title", "date", "tags"]);
        assert_eq!(rest, "# Body\n");
    }

    #[test]
    fn a_rule_or_prose_is_not_front_matter() {
        assert_eq!(split("---\nJust a rule and prose\n---\n").0, None);
        assert_eq!(split("No front matter").0, None);
        assert_eq!(split("---\ntitle: never closed\n").0, None);
    }
}
