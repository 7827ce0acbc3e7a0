//! `postmortem completions SHELL`: shell completion scripts generated from the clap definitions.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::output::Failure;

pub fn run(args: &CompletionsArgs) -> Result<Outcome, Failure> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    Ok(Outcome::Clean)
}
