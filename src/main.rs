//! The `postmortem` binary: parse arguments, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = postmortem::cli::Cli::parse();
    postmortem::commands::run(cli)
}
