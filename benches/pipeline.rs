//! check, analyze and render over generated corpora of 100 / 1,000 / 10,000 / 100,000
//! incidents, in process and on one thread: `cargo bench --bench pipeline`
//! (sizes: `PIPELINE_BENCH_SIZES=100,1000,10000`). Corpora are generated once (seed 42, TOML)
//! under `target/bench-corpus/` and shared with the report benchmark; `scripts/bench.sh`
//! measures whole processes against pandoc and jq.
//!
//! - check: load, resolve, analyse and run the catalogue over every file (`postmortem check`).
//! - analyze: the analysis alone over incidents already loaded and resolved.
//! - render: the HTML page with both SVG charts for every incident (`postmortem render --to html`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use postmortem::analysis::analyze;
use postmortem::model::Config;
use postmortem::pipeline::{self, Checked};
use postmortem::render::{self, ChartOptions, Templates};
use postmortem::report::corpus::{self, CorpusOptions};

fn main() {
    let sizes: Vec<usize> = std::env::var("PIPELINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000, 100_000]);
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    println!("{:>8} {:>8} {:>11} {:>13}", "files", "step", "median", "per incident");
    let mut per_incident: Vec<(&str, usize, f64)> = Vec::new();
    for &count in &sizes {
        let dir = base.join(format!("{count}-toml"));
        if !dir.join("postmortem.toml").is_file() {
            eprintln!("generating {}", dir.display());
            if let Err(e) =
                corpus::write(&dir, &CorpusOptions { count, seed: 42, ..CorpusOptions::default() })
            {
                eprintln!("cannot generate {}: {e}", dir.display());
                return;
            }
        }
        let config = postmortem::load::config::read(&dir.join("postmortem.toml"))
            .unwrap_or_else(|f| panic!("{}", f.diagnostic.message));
        let files = incident_files(&dir);
        assert_eq!(files.len(), count, "{}", dir.display());
        let runs = if count >= 100_000 {
            1
        } else if count >= 10_000 {
            3
        } else {
            7
        };

        let check = median(runs, || {
            let started = Instant::now();
            let diagnostics: usize = files.iter().map(|f| open(f, &config).diagnostics.len()).sum();
            std::hint::black_box(diagnostics);
            started.elapsed()
        });
        let checked: Vec<Checked> = files.iter().map(|f| open(f, &config)).collect();
        let analyze_all = median(runs, || {
            let started = Instant::now();
            for c in &checked {
                std::hint::black_box(analyze(&c.incident, &config.counting));
            }
            started.elapsed()
        });
        let templates = Templates::new(None);
        let render_all = median(runs, || {
            let started = Instant::now();
            for c in &checked {
                let zone = c.incident.display_zone(&config, None);
                let wide = render::timeline_svg(c, zone, &ChartOptions::default()).expect("chart");
                let narrow = render::timeline_svg(c, zone, &ChartOptions::narrow()).expect("chart");
                let (wide, narrow) = (wide.unwrap_or_default(), narrow.unwrap_or_default());
                let html = render::render_postmortem_html(&templates, c, zone, &wide, Some(&narrow))
                    .expect("render");
                std::hint::black_box(html);
            }
            started.elapsed()
        });
        drop(checked);
        for (step, time) in [("check", check), ("analyze", analyze_all), ("render", render_all)] {
            let micros = time.as_secs_f64() * 1e6 / count as f64;
            per_incident.push((step, count, micros));
            println!("{count:>8} {step:>8} {:>9.1}ms {:>10.1} µs", time.as_secs_f64() * 1e3, micros);
        }
    }
    for step in ["check", "analyze", "render"] {
        let runs: Vec<&(&str, usize, f64)> = per_incident.iter().filter(|(s, _, _)| *s == step).collect();
        if let (Some(first), Some(last)) = (runs.first(), runs.last()) {
            println!(
                "{step}: cost per incident, {} → {} incidents: ×{:.2} (1.00 is linear)",
                first.1,
                last.1,
                last.2 / first.2
            );
        }
    }
}

fn open(path: &Path, config: &Config) -> Checked {
    pipeline::open(path, config, None)
        .unwrap_or_else(|f| panic!("{}: {}", path.display(), f.diagnostic.message))
}

fn incident_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("postmortem.toml"))
        .collect();
    files.sort();
    files
}

fn median(runs: usize, mut once: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| once()).collect();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
