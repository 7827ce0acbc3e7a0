//! Reading the incident files of a report: each one loaded, analysed and checked (on every
//! core), then reduced to the few figures the report needs so that the source text and its
//! field map are dropped at once; files with errors are set aside, named, with their
//! diagnostics.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

use crate::analysis::{self, Analysis, Durations, WindowAnalysis};
use crate::checks::{self, Level};
use crate::load::{self, Syntax};
use crate::model::{ActionKind, ActionStatus, Config, Mark};
use crate::pipeline::{self, Checked};
use crate::resolve::{self, Incident};

/// One window of an incident, with the deployment it belongs to.
#[derive(Debug, Clone)]
pub struct RecordWindow {
    pub deployment: String,
    pub window: WindowAnalysis,
}

/// One action item.
#[derive(Debug, Clone)]
pub struct RecordAction {
    pub text: String,
    pub kind: ActionKind,
    pub status: ActionStatus,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

/// What the report keeps of one incident file that checked without errors.
#[derive(Debug, Clone)]
pub struct Record {
    pub path: PathBuf,
    /// The rendered post-mortem beside the file (`<name>.html`) when there is one, else the
    /// file itself.
    pub link: PathBuf,
    pub title: String,
    pub service: String,
    pub severity: Option<String>,
    /// The `impact_start` milestone, else the earliest timestamped entry.
    pub began: DateTime<Utc>,
    pub resolved: Option<DateTime<Utc>>,
    /// Summed over the deployments, as the analysis computed it for the incident alone.
    pub downtime_seconds: i64,
    pub windows: Vec<RecordWindow>,
    pub durations: Durations,
    pub actions: Vec<RecordAction>,
}

impl Record {
    /// The deployments with a window in the incident, each once, in the order of `windows`.
    pub fn deployments(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for w in &self.windows {
            if !names.contains(&w.deployment.as_str()) {
                names.push(&w.deployment);
            }
        }
        names
    }
}

/// A file left out of the report, and why.
#[derive(Debug, Clone)]
pub struct Excluded {
    pub path: PathBuf,
    /// Error diagnostics (0 for a file that has no timestamp to place it in a period).
    pub errors: usize,
    /// The first error, located: "PM201 end-before-start at impact[0].end (line 12:7): ...".
    pub reason: String,
    /// The diagnostics as `check` prints them, for stderr.
    pub rendered: String,
    /// The file could not be read or parsed at all (exit 2 rather than 1).
    pub unreadable: bool,
}

/// Every file read: the records in file order and the excluded files.
#[derive(Debug, Default)]
pub struct Inputs {
    pub records: Vec<Record>,
    pub excluded: Vec<Excluded>,
}

/// Files per claim from the shared counter: large enough to keep contention negligible,
/// small enough to balance the threads' work.
const BATCH: usize = 16;

/// Load, analyse and check every file under `config`, with up to `threads` threads (files are
/// independent; 0 means one per core).
pub fn read(files: &[PathBuf], config: &Config, as_of: NaiveDate, threads: usize) -> Inputs {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = if threads == 0 { cores } else { threads }.clamp(1, files.len().div_ceil(BATCH).max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Result<Record, Excluded>)> = Vec::new();
        loop {
            let first = next.fetch_add(BATCH, Ordering::Relaxed);
            let Some(batch) = files.get(first..(first + BATCH).min(files.len())) else { break };
            if batch.is_empty() {
                break;
            }
            for (offset, path) in batch.iter().enumerate() {
                done.push((first + offset, read_one(path, config, as_of)));
            }
        }
        done
    };
    let mut results: Vec<(usize, Result<Record, Excluded>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            // A worker only panics on a bug; its files are then missing, which the count shows.
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    };
    results.sort_unstable_by_key(|(index, _)| *index);
    let mut inputs = Inputs::default();
    for (_, result) in results {
        match result {
            Ok(record) => inputs.records.push(record),
            Err(excluded) => inputs.excluded.push(excluded),
        }
    }
    inputs
}

fn read_one(path: &Path, config: &Config, as_of: NaiveDate) -> Result<Record, Excluded> {
    // Fast path: typed straight from the text, and only the checks that can find errors. A
    // file that fails anywhere on it is opened again the full way, which locates the problem.
    let fast = load::read_source(path)
        .ok()
        .and_then(|source| load::incident_unlocated(source.text(), Syntax::of_path(path)));
    if let Some(file) = fast {
        let (incident, diagnostics) = resolve::resolve(file, config);
        if diagnostics.iter().all(|d| d.level() != Level::Error) {
            let analysis = analysis::analyze(&incident, &config.counting);
            let context =
                checks::Context { incident: &incident, analysis: &analysis, config, as_of: Some(as_of) };
            if checks::run_errors_only(&context).is_empty() {
                return record(path, incident, analysis);
            }
        }
    }
    let checked = pipeline::open(path, config, Some(as_of)).map_err(|failure| Excluded {
        path: path.to_path_buf(),
        errors: 1,
        reason: reason(&failure.diagnostic, &failure.source),
        rendered: failure.diagnostic.render_human(&failure.source),
        unreadable: true,
    })?;
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.level() == Level::Error).collect();
    if errors.is_empty() {
        // Only reachable if the two ways of loading disagree; the full one is authoritative.
        let Checked { incident, analysis, .. } = checked;
        return record(path, incident, analysis);
    }
    Err(Excluded {
        path: path.to_path_buf(),
        errors: errors.len(),
        reason: errors.first().map(|d| reason(d, &checked.source)).unwrap_or_default(),
        rendered: errors.iter().map(|d| d.render_human(&checked.source) + "\n").collect(),
        unreadable: false,
    })
}

fn reason(diagnostic: &crate::checks::Diagnostic, source: &crate::source::SourceFile) -> String {
    let json = diagnostic.to_json(source);
    let place = match (json.path, json.line, json.column) {
        (Some(field), Some(line), Some(column)) => format!(" at {field} (line {line}:{column})"),
        (Some(field), _, _) => format!(" at {field}"),
        (None, Some(line), Some(column)) => format!(" at line {line}:{column}"),
        _ => String::new(),
    };
    format!("{} {}{place}: {}", json.code, json.name, json.message)
}

fn record(path: &Path, incident: Incident, analysis: Analysis) -> Result<Record, Excluded> {
    let began = analysis.milestone(Mark::ImpactStart).or(analysis.span.map(|s| s.start));
    let Some(began) = began else {
        return Err(Excluded {
            path: path.to_path_buf(),
            errors: 0,
            reason: "no timestamped window, event or update: the incident cannot be placed in a period"
                .to_string(),
            rendered: String::new(),
            unreadable: false,
        });
    };
    let html = path.with_extension("html");
    let link = if html.is_file() { html } else { path.to_path_buf() };
    let downtime_seconds = analysis.downtime_seconds();
    let resolved = analysis.milestone(Mark::Resolved);
    let windows = analysis
        .deployments
        .into_iter()
        .flat_map(|d| {
            let name = d.name;
            d.windows.into_iter().map(move |window| RecordWindow { deployment: name.clone(), window })
        })
        .collect();
    let actions = incident
        .file
        .actions
        .into_iter()
        .zip(incident.action_due)
        .map(|(action, due)| RecordAction {
            text: action.text,
            kind: action.kind,
            status: action.status,
            owner: action.owner,
            due,
        })
        .collect();
    Ok(Record {
        path: path.to_path_buf(),
        link,
        title: incident.file.title,
        service: incident.file.service,
        severity: incident.file.severity,
        began,
        resolved,
        downtime_seconds,
        windows,
        durations: analysis.durations,
        actions,
    })
}

/// `to` relative to the folder `from`, with forward slashes (for links in reports).
pub fn relative_link(from: &Path, to: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (from, to) = (absolute(from), absolute(to));
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.to_string_lossy().replace('\\', "/");
    }
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let downs = to_parts.iter().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_report_folder() {
        assert_eq!(relative_link(Path::new("/a/b"), Path::new("/a/b/incidents/x.html")), "incidents/x.html");
        assert_eq!(
            relative_link(Path::new("/a/reports"), Path::new("/a/incidents/x.toml")),
            "../incidents/x.toml"
        );
    }
}
