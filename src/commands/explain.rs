//! `postmortem explain`: the catalogue entry of one check, or the whole list.

use super::Outcome;
use crate::checks;
use crate::cli::ExplainArgs;
use crate::output::Failure;
use crate::reporter::print;

pub fn run(args: &ExplainArgs) -> Result<Outcome, Failure> {
    if args.list {
        let list: String = checks::catalogue()
            .iter()
            .map(|check| {
                format!("{}  {:<28} {:<8} {}\n", check.code, check.name, check.level.as_str(), check.summary)
            })
            .collect();
        print(&list)?;
        return Ok(Outcome::Clean);
    }
    let code = args.code.as_deref().unwrap_or_default();
    let Some(check) = checks::find(code) else {
        let names: Vec<String> =
            checks::catalogue().iter().flat_map(|c| [c.code.to_string(), c.name.to_string()]).collect();
        let help = match crate::diagnostic::suggest(code, &names) {
            Some(best) => format!("did you mean `{best}`? `postmortem explain --list` shows every check"),
            None => "`postmortem explain --list` shows every check".to_string(),
        };
        return Err(Failure::new(format!("no check is called `{code}`")).help(help));
    };
    print(&format!(
        "{} {} ({}, {})\n\n{}.\n\n{}\n",
        check.code,
        check.name,
        check.level.as_str(),
        check.family.as_str(),
        capitalise(check.summary),
        wrap(check.explanation, 88)
    ))?;
    Ok(Outcome::Clean)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn wrap(text: &str, width: usize) -> String {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}
