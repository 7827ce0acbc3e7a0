//! Write a synthetic incident corpus (reproducible from a seed) for benchmarks and tests:
//! `cargo run --release --example gen_corpus -- --count 10000 --seed 42 --out /tmp/corpus [--json]`.
//! The folder gets a `postmortem.toml` with the catalogue the incidents use, so
//! `postmortem check DIR` and `postmortem report DIR --quarter 2026-Q3` work on it directly.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use postmortem::report::corpus::{self, CorpusOptions};

/// Generate synthetic incident files.
#[derive(Debug, Parser)]
#[command(after_help = "Example:
  cargo run --release --example gen_corpus -- --count 10000 --seed 42 --out /tmp/corpus-10k --json")]
struct Args {
    /// How many incidents.
    #[arg(long, default_value_t = 1000)]
    count: usize,
    /// Seed: the same seed gives the same files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Folder to write into (created if missing; existing files are never overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Write JSON incident files instead of TOML.
    #[arg(long)]
    json: bool,
    /// First day incidents may start on (YYYY-MM-DD).
    #[arg(long, default_value = "2026-04-01")]
    from: String,
    /// How many days after --from incidents may start.
    #[arg(long, default_value_t = 183)]
    days: i64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let first_day = match postmortem::time::parse_date(&args.from) {
        Ok(day) => day,
        Err(e) => {
            eprintln!("error: --from: {e}\n  = help: {}", e.help());
            return ExitCode::from(2);
        }
    };
    let options =
        CorpusOptions { count: args.count, seed: args.seed, first_day, days: args.days, json: args.json };
    match corpus::write(&args.out, &options) {
        Ok(written) => {
            eprintln!("wrote {written} incidents and postmortem.toml to {}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(2)
        }
    }
}
