//! The `postmortem` binary: parse arguments, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// The system allocator, bounding the memory a template rendering may hold.
#[global_allocator]
static ALLOCATOR: postmortem::render::template_memory::CountingAllocator =
    postmortem::render::template_memory::CountingAllocator;

fn main() -> ExitCode {
    match postmortem::cli::Cli::try_parse() {
        Ok(cli) => postmortem::commands::run(cli),
        Err(error) => postmortem::reporter::print_usage_error(&error),
    }
}
