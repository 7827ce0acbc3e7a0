//! The report over generated corpora of 100 / 1,000 / 10,000 / 100,000 incidents, in process:
//! `cargo bench --bench report` (sizes: `REPORT_BENCH_SIZES=1000,10000`). Corpora are generated
//! once (seed 42) under `target/bench-corpus/` and reused; `benches/report.sh` measures the
//! whole process against `jq -s length` on the same files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use postmortem::report::corpus::{self, CorpusOptions};
use postmortem::report::{self, Period, Request};

fn main() {
    let sizes: Vec<usize> = std::env::var("REPORT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000, 100_000]);
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    println!("{:>8} {:>5} {:>10} {:>10} {:>12}", "files", "kind", "median", "min", "per file");
    let mut per_file: Vec<(usize, f64)> = Vec::new();
    for &count in &sizes {
        for json in [true, false] {
            let dir = base.join(format!("{count}-{}", if json { "json" } else { "toml" }));
            if !dir.join("postmortem.toml").is_file() {
                eprintln!("generating {}", dir.display());
                if let Err(e) =
                    corpus::write(&dir, &CorpusOptions { count, seed: 42, json, ..CorpusOptions::default() })
                {
                    eprintln!("cannot generate {}: {e}", dir.display());
                    return;
                }
            }
            let runs = if count >= 100_000 {
                3
            } else if count >= 10_000 {
                5
            } else {
                15
            };
            let mut times: Vec<Duration> = (0..runs).map(|_| one_report(&dir, count)).collect();
            times.sort();
            let median = times[times.len() / 2];
            let micros = median.as_secs_f64() * 1e6 / count as f64;
            if json {
                per_file.push((count, micros));
            }
            println!(
                "{count:>8} {:>5} {:>8.1}ms {:>8.1}ms {:>9.1} µs",
                if json { "json" } else { "toml" },
                median.as_secs_f64() * 1e3,
                times[0].as_secs_f64() * 1e3,
                micros
            );
        }
    }
    if let (Some(first), Some(last)) = (per_file.first(), per_file.last()) {
        println!("cost per file, {} → {} files: ×{:.2} (1.00 is linear)", first.0, last.0, last.1 / first.1);
    }
}

/// Everything `postmortem report DIR --quarter 2026-Q3 --to json` does after argument parsing.
fn one_report(dir: &Path, expected: usize) -> Duration {
    let started = Instant::now();
    let config = postmortem::load::config::read(&dir.join("postmortem.toml"))
        .unwrap_or_else(|f| panic!("{}", f.diagnostic.message));
    let period =
        Period::quarter("2026-Q3", config.fiscal_year_start(), report::zone(&config)).expect("quarter");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json" || e == "toml") && !p.ends_with("postmortem.toml")
        })
        .collect();
    files.sort();
    let request = Request {
        config: &config,
        period: &period,
        as_of_date: report::default_as_of(&period),
        link_base: dir,
        threads: 0,
    };
    let (excluded, built) = report::build(&files, &request);
    let json = serde_json::to_string_pretty(&built).expect("json");
    let elapsed = started.elapsed();
    assert!(excluded.is_empty(), "every generated incident checks clean");
    assert_eq!(built.files.included, expected);
    std::hint::black_box(json);
    elapsed
}
