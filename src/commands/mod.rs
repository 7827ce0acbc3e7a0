//! One file per subcommand; `run` dispatches, and the reporter turns the result into the
//! exit code.

mod analyze;
mod chart;
mod check;
mod completions;
mod destination;
mod explain;
mod fmt;
mod impact;
mod import;
mod import_markdown;
mod log;
mod new;
pub(crate) mod render;
mod report;
mod schema;
mod scribe;
mod site;
mod status;
mod templates;
mod update;
pub mod watch;

use std::process::ExitCode;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::cli::{Cli, Command, TemplatesCommand};
use crate::output::Failure;
pub use crate::reporter::Outcome;

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::New(args) => new::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Site(args) => site::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Templates(TemplatesCommand::Export { dir, force }) => templates::export(&dir, force),
        Command::Schema => schema::run(),
        Command::Completions(args) => completions::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Log(args) => log::run(&args),
        Command::Update(args) => update::run(&args),
        Command::Impact(args) => impact::run(&args),
    };
    crate::reporter::finish(result)
}

/// Read `--tz`.
pub(crate) fn parse_tz(tz: Option<&str>) -> Result<Option<Tz>, Failure> {
    tz.map(|name| {
        crate::time::parse_zone(name).map_err(|e| Failure::new(format!("--tz: {e}")).help(e.help()))
    })
    .transpose()
}

/// Read `--as-of`, defaulting to today's date in UTC.
pub(crate) fn parse_as_of(as_of: Option<&str>) -> Result<NaiveDate, Failure> {
    match as_of {
        Some(text) => {
            crate::time::parse_date(text).map_err(|e| Failure::new(format!("--as-of: {e}")).help(e.help()))
        }
        None => Ok(chrono::Utc::now().date_naive()),
    }
}

pub(crate) use crate::text::plural;
