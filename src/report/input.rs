//! Reading the incident files of a report: each one loaded, analysed and checked through the
//! shared pipeline (on every core), then reduced to the few figures the report needs so that
//! the source text is dropped at once; files with errors are set aside, named, with their
//! diagnostics.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::analysis::{Analysis, Durations, WindowAnalysis};
use crate::model::{ActionKind, ActionStatus, Config, Mark};
use crate::pipeline::{self, Checked};
use crate::resolve::Incident;

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

/// Load, analyse and check every file under `config`, with up to `threads` threads (0: one
/// per core), handing each outcome to `sink` in file order as it is ready: nothing of a file
/// outlives its turn but what the sink keeps.
pub fn each(
    files: &[PathBuf],
    config: &Config,
    as_of: NaiveDate,
    threads: usize,
    sink: impl FnMut(Result<Record, Excluded>),
) {
    pipeline::each_in_order(files, threads, |path| read_one(path, config, as_of), sink);
}

/// Every file's outcome, kept: the records in file order and the excluded files.
pub fn read(files: &[PathBuf], config: &Config, as_of: NaiveDate, threads: usize) -> Inputs {
    let mut inputs = Inputs::default();
    each(files, config, as_of, threads, |result| match result {
        Ok(record) => inputs.records.push(record),
        Err(excluded) => inputs.excluded.push(excluded),
    });
    inputs
}

/// One file through the shared pipeline, with only the checks that can find an error.
fn read_one(path: &Path, config: &Config, as_of: NaiveDate) -> Result<Record, Excluded> {
    let checked = pipeline::open_for_errors(path, config, Some(as_of)).map_err(|failure| Excluded {
        path: path.to_path_buf(),
        errors: 1,
        reason: reason(&failure.diagnostic, &failure.source),
        rendered: failure.diagnostic.render_human(&failure.source),
        unreadable: true,
    })?;
    if checked.diagnostics.is_empty() {
        let Checked { incident, analysis, .. } = checked;
        return record(path, incident, analysis);
    }
    Err(Excluded {
        path: path.to_path_buf(),
        errors: checked.diagnostics.len(),
        reason: checked.diagnostics.first().map(|d| reason(d, &checked.source)).unwrap_or_default(),
        rendered: checked.diagnostics.iter().map(|d| d.render_human(&checked.source) + "\n").collect(),
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
    // The empty path (the folder of a bare file name) is the working folder.
    let from = if from.as_os_str().is_empty() { Path::new(".") } else { from };
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
        assert_eq!(relative_link(Path::new(""), Path::new("incidents/x.toml")), "incidents/x.toml");
    }
}
