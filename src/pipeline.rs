//! The shared front half of every command: load → resolve → analyse → check.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::analysis::{self, Analysis};
use crate::checks::{self, Context, Diagnostic, Level};
use crate::load::{self, LoadFailure};
use crate::model::{self, Config};
use crate::resolve::{self, Incident};
use crate::source::SourceFile;

/// An incident read, analysed and checked.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub incident: Incident,
    pub analysis: Analysis,
    /// Sorted by place in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level() == level).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Level::Error) > 0
    }
}

/// Load, resolve, analyse and check one incident file under a config.
pub fn open(path: &Path, config: &Config, as_of: Option<NaiveDate>) -> Result<Checked, Box<LoadFailure>> {
    let loaded = load::load_incident(path)?;
    Ok(check_loaded(loaded.source, loaded.value, config, as_of))
}

/// The same, keeping only error diagnostics and running only the checks that can find one:
/// enough to decide whether a file is usable (the report leaves out files with errors).
pub fn open_for_errors(
    path: &Path,
    config: &Config,
    as_of: Option<NaiveDate>,
) -> Result<Checked, Box<LoadFailure>> {
    let loaded = load::load_incident(path)?;
    let (incident, mut diagnostics) = resolve::resolve(loaded.value, config);
    diagnostics.retain(|d| d.level() == Level::Error);
    let analysis = analysis::analyze(&incident, &config.counting);
    diagnostics.extend(checks::run_errors_only(&Context {
        incident: &incident,
        analysis: &analysis,
        config,
        as_of,
    }));
    Ok(located(loaded.source, incident, analysis, diagnostics))
}

/// Every diagnostic located once, then sorted by place in the file.
fn located(
    source: SourceFile,
    incident: Incident,
    analysis: Analysis,
    mut diagnostics: Vec<Diagnostic>,
) -> Checked {
    crate::diagnostic::locate_all(&mut diagnostics, &source);
    diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
    Checked { source, incident, analysis, diagnostics }
}

/// The same for a file already loaded (importers check what they are about to write).
pub fn check_loaded(
    source: SourceFile,
    file: model::raw::IncidentFile,
    config: &Config,
    as_of: Option<NaiveDate>,
) -> Checked {
    let (incident, mut diagnostics) = resolve::resolve(file, config);
    let analysis = analysis::analyze(&incident, &config.counting);
    diagnostics.extend(checks::run(&Context { incident: &incident, analysis: &analysis, config, as_of }));
    located(source, incident, analysis, diagnostics)
}

/// The incident as the public may see it ([`model::raw::IncidentFile::public_view`]),
/// resolved, analysed and checked again.
pub fn public(checked: Checked, config: &Config, as_of: Option<NaiveDate>) -> Checked {
    let file = checked.incident.file.public_view();
    check_loaded(checked.source, file, config, as_of)
}

/// Load the config that governs `path` and open the incident under it.
pub fn open_with_discovered_config(
    path: &Path,
    as_of: Option<NaiveDate>,
) -> Result<(Config, Checked), Box<LoadFailure>> {
    let config = crate::load::config::for_path(path)?;
    let checked = open(path, &config, as_of)?;
    Ok((config, checked))
}

/// Items handled between two hand-overs to the sink: enough to keep every core busy, few
/// enough that the results waiting to be consumed stay small.
const CHUNK: usize = 256;

/// `work` over every item on up to `threads` threads (0: one per core), handing each result
/// to `sink` in the items' order, a chunk at a time: memory holds one chunk of results, never
/// all of them, and the order never depends on the threads.
pub fn each_in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = if threads == 0 { cores } else { threads };
    for chunk in items.chunks(CHUNK) {
        for result in in_parallel(chunk, threads, &work) {
            sink(result);
        }
    }
}

/// `work` over every item on up to `threads` threads; results in the items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], threads: usize, work: &(impl Fn(&T) -> R + Sync)) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            done.push((index, work(item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
