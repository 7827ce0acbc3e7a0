//! Write one very large incident for benchmarks: many events (all repeats of one, or all
//! distinct) or many windows on one deployment (disjoint, or all identical), as one-line or
//! pretty JSON, beside a `postmortem.toml` naming its deployment:
//! `cargo run --release --example gen_big -- --events 45000 --repeated --one-line --out /tmp/big/dup.json`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Duration, Utc};
use clap::Parser;
use postmortem::output::{Overwrite, write_atomic};
use serde_json::{Value, json};

/// Generate one large incident file.
#[derive(Debug, Parser)]
#[command(after_help = "Examples:
  gen_big --events 45000 --repeated --one-line --out /tmp/big/repeated.json
  gen_big --events 100000 --out /tmp/big/distinct.json
  gen_big --windows 100000 --identical --out /tmp/big/identical.json
  gen_big --windows 1 --phrases 16000 --out /tmp/big/phrases.json")]
struct Args {
    /// Timeline events.
    #[arg(long, default_value_t = 0)]
    events: usize,
    /// Every event is the same (time and text): each one after the first is a duplicate.
    #[arg(long)]
    repeated: bool,
    /// Impact windows on one deployment (each 30 seconds, 30 seconds apart).
    #[arg(long, default_value_t = 0)]
    windows: usize,
    /// Every window is the same: one group of overlapping windows.
    #[arg(long)]
    identical: bool,
    /// Prose phrases in the one-line summary, each a duration, a clock time and a date no
    /// timestamp supports ("stalled for 7 minutes at 09:41 UTC on 2026-07-02"): one long
    /// narrative field with a finding per phrase.
    #[arg(long, default_value_t = 0)]
    phrases: usize,
    /// Write the whole incident on one line.
    #[arg(long)]
    one_line: bool,
    /// The incident file to write (a `postmortem.toml` is written beside it if missing).
    #[arg(long)]
    out: PathBuf,
}

const DEPLOYMENT: &str = "Primary";
const TEXT: &str = "The queue consumer picked up the malformed message again, failed to decode \
    it, logged the failure and went back to the head of the queue without acknowledging it, \
    so nothing behind it moved.";

fn main() -> ExitCode {
    let args = Args::parse();
    let start: DateTime<Utc> = DateTime::from_timestamp(1_782_900_000, 0).unwrap_or_default();
    let at =
        |seconds: usize| (start + Duration::seconds(seconds as i64)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let events: Vec<Value> = (0..args.events)
        .map(|i| {
            if args.repeated {
                json!({ "at": at(0), "text": TEXT })
            } else {
                json!({ "at": at(i), "text": format!("Step {i}: the consumer retried.") })
            }
        })
        .collect();
    let windows: Vec<Value> = (0..args.windows)
        .map(|i| {
            let from = if args.identical { 0 } else { i * 60 };
            json!({ "deployment": DEPLOYMENT, "status": "major_outage", "start": at(from), "end": at(from + 30) })
        })
        .collect();
    let mut summary =
        "The queue consumer stalled on a malformed message and stopped draining the queue.".to_string();
    for i in 0..args.phrases {
        summary.push_str(&format!(
            " Attempt {i} stalled for {} minutes at 09:{:02} UTC on 2026-07-02.",
            7 + i % 50,
            i % 60
        ));
    }
    let incident = json!({
        "format": 1,
        "title": "Queue consumer stalled",
        "service": "Messaging",
        "timezone": "UTC",
        "deployments": [DEPLOYMENT],
        "summary": summary,
        "impact": windows,
        "events": events,
    });
    let text = if args.one_line {
        serde_json::to_string(&incident)
    } else {
        serde_json::to_string_pretty(&incident)
    };
    let text = text.unwrap_or_default() + "\n";
    let config = args.out.with_file_name("postmortem.toml");
    let catalogue = format!(
        "timezone = \"UTC\"\nincidents = \".\"\n\n[[services]]\nname = \"Messaging\"\ndeployments = [\"{DEPLOYMENT}\"]\n"
    );
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let written = (!config.exists())
        .then(|| write_atomic(&config, catalogue.as_bytes(), Overwrite::Refuse))
        .transpose()
        .and_then(|_| write_atomic(&args.out, text.as_bytes(), Overwrite::Refuse));
    match written {
        Ok(()) => {
            eprintln!("wrote {} ({} bytes)", args.out.display(), text.len());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(2)
        }
    }
}
