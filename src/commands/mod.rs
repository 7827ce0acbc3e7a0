//! One file per subcommand; `run` dispatches and maps the outcome to an exit code.

mod analyze;
mod chart;
mod check;
mod completions;
mod destination;
mod explain;
mod fmt;
mod impact;
mod import;
mod import_events;
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
use crate::output::{Failure, print_failure};

/// How a command ended, short of a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: error diagnostics (or warnings under `--deny warnings`).
    Findings,
    /// Exit 2: some input could not be read, though the run went on past it.
    Failed,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failed => ExitCode::from(2),
        }
    }
}

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
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(failure) => {
            print_failure(&failure);
            ExitCode::from(2)
        }
    }
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

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
