//! `postmortem completions SHELL`: shell completion scripts generated from the clap definitions.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::output::Failure;
use crate::reporter::print_raw;

pub fn run(args: &CompletionsArgs) -> Result<Outcome, Failure> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    // Generated into memory: clap_complete panics on a failed write, the reporter does not.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    print_raw(&script)?;
    Ok(Outcome::Clean)
}
