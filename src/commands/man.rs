//! `postmortem man [DIR]`: manual pages generated from the clap definitions (clap_mangen), one
//! for `postmortem` and one for every subcommand, found by walking the command tree.

use std::fmt::Write as _;
use std::path::Path;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::output::{Failure, Overwrite, write_atomic};
use crate::reporter::{print, print_raw};

/// A rendered page: its file name (`postmortem-check.1`) and its roff source.
pub struct Page {
    pub file_name: String,
    pub roff: Vec<u8>,
}

pub fn run(args: &ManArgs) -> Result<Outcome, Failure> {
    let pages = pages()?;
    let Some(dir) = &args.dir else {
        // Without a folder: the top page, for `postmortem man | man -l -`.
        let top = pages.first().map(|p| p.roff.as_slice()).unwrap_or_default();
        print_raw(top)?;
        return Ok(Outcome::Clean);
    };
    write_pages(dir, &pages, args.force)?;
    print(&format!(
        "wrote {} manual pages to {}; read one with `man -l {}`\n",
        pages.len(),
        dir.display(),
        dir.join("postmortem-check.1").display()
    ))?;
    Ok(Outcome::Clean)
}

/// Every page: `postmortem` first, then its subcommands depth first (`postmortem-templates`,
/// `postmortem-templates-export`, ...). Hidden commands and clap's `help` have none.
pub fn pages() -> Result<Vec<Page>, Failure> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    Ok(pages)
}

fn collect(command: &clap::Command, pages: &mut Vec<Page>) -> Result<(), Failure> {
    // Every page's footer names the tool and its version, subcommands' too.
    let man = clap_mangen::Man::new(command.clone())
        .source(format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")))
        .manual("postmortem manual");
    let mut roff = Vec::new();
    man.render(&mut roff).map_err(|e| {
        // roff writes into a Vec, which cannot fail.
        Failure::internal(format!("cannot render the manual page of `{}`: {e}", command.get_name()))
    })?;
    pages.push(Page { file_name: man.get_filename(), roff: ascii_roff(&String::from_utf8_lossy(&roff)) });
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

/// Characters beyond ASCII (the help's em dashes) as groff's `\[uXXXX]` escapes, which groff
/// and mandoc read whatever the input encoding; raw UTF-8 makes plain `groff -man` warn.
fn ascii_roff(roff: &str) -> Vec<u8> {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let _ = write!(out, "\\[u{:04X}]", u32::from(c));
        }
    }
    out.into_bytes()
}

/// Write every page into `dir` (created when missing). Earlier pages of postmortem are replaced;
/// any other file in the way is refused before anything is written, unless `force`.
fn write_pages(dir: &Path, pages: &[Page], force: bool) -> Result<(), Failure> {
    if !force {
        let foreign: Vec<String> = pages
            .iter()
            .map(|page| dir.join(&page.file_name))
            .filter(|path| path.symlink_metadata().is_ok() && !is_our_page(path))
            .map(|path| format!("`{}`", path.display()))
            .collect();
        if !foreign.is_empty() {
            return Err(Failure::new(format!(
                "not replacing {}: not a manual page written by postmortem",
                foreign.join(", ")
            ))
            .help("pass `--force` to replace them, or choose another folder"));
        }
    }
    crate::output::ensure_folder(dir)?;
    for page in pages {
        write_atomic(&dir.join(&page.file_name), &page.roff, Overwrite::Allow)?;
    }
    Ok(())
}

/// A regular file whose title line names a postmortem page (`.TH postmortem-check 1 ...`).
fn is_our_page(path: &Path) -> bool {
    let Ok(metadata) = path.symlink_metadata() else { return false };
    if !metadata.is_file() || metadata.len() > 1024 * 1024 {
        return false;
    }
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .take(5)
            .any(|line| line.starts_with(".TH postmortem ") || line.starts_with(".TH postmortem-"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_has_a_page_named_after_its_path() {
        let pages = pages().expect("pages");
        let names: Vec<&str> = pages.iter().map(|p| p.file_name.as_str()).collect();
        assert_eq!(names.first(), Some(&"postmortem.1"));
        let command = Cli::command();
        for sub in command.get_subcommands() {
            let name = format!("postmortem-{}.1", sub.get_name());
            assert!(names.contains(&name.as_str()), "{name} missing from {names:?}");
            for nested in sub.get_subcommands() {
                let name = format!("postmortem-{}-{}.1", sub.get_name(), nested.get_name());
                assert!(names.contains(&name.as_str()), "{name} missing from {names:?}");
            }
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
        assert!(pages.iter().all(|p| p.roff.is_ascii()));
    }

    #[test]
    fn non_ascii_becomes_groff_escapes() {
        assert_eq!(ascii_roff("a \u{2014} b \u{1F600}"), b"a \\[u2014] b \\[u1F600]".to_vec());
    }
}
