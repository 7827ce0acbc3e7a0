//! `postmortem explain`: the catalogue entry of one check, or the whole list.

use std::io::Write;

use super::Outcome;
use crate::checks;
use crate::cli::ExplainArgs;
use crate::output::Failure;

pub fn run(args: &ExplainArgs) -> Result<Outcome, Failure> {
    let mut out = anstream::stdout();
    if args.list {
        for check in checks::catalogue() {
            let _ = writeln!(
                out,
                "{}  {:<28} {:<8} {}",
                check.code,
                check.name,
                check.level.as_str(),
                check.summary
            );
        }
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
    let _ = writeln!(out, "{} {} ({}, {})", check.code, check.name, check.level.as_str(), check.family);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}.", capitalise(check.summary));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", wrap(check.explanation, 88));
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
