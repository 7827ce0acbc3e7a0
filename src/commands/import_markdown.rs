//! `postmortem import --from markdown`: one or more documents (or folders of them) into one
//! output folder, each as its own incident file. Everything is planned and checked before
//! anything is written; names never collide; nothing is overwritten without `--force`.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::Outcome;
use crate::checks::Level;
use crate::cli::ImportArgs;
use crate::import::markdown::{self, Imported};
use crate::load::{self, Syntax};
use crate::model::Config;
use crate::output::{Failure, Overwrite, Staging, visible};
use crate::pipeline;
use crate::source::SourceFile;

/// The file endings a folder is searched for.
const DOCUMENT_ENDINGS: [&str; 3] = ["md", "markdown", "txt"];

/// One document, imported and ready to write.
struct Planned {
    input: PathBuf,
    path: PathBuf,
    text: String,
    imported: Imported,
    /// Error, warning and note counts of `check` on the imported file.
    counts: (usize, usize, usize),
    /// Findings other than notes, rendered for the terminal.
    findings: Vec<String>,
}

pub fn run(args: &ImportArgs) -> Result<Outcome, Failure> {
    let output = super::destination::output_dir(args)?;
    let inputs = documents(&args.files)?;
    if output.exists() && !output.is_dir() {
        return Err(Failure::new(format!("-o: `{}` is not a folder", output.display()))
            .help("pass a folder (it is created when missing) to -o"));
    }
    let config = crate::load::config::for_path(existing_ancestor(output))?;
    let mut planned: Vec<Planned> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let taken: Vec<&Path> = planned.iter().map(|p| p.path.as_path()).collect();
        let document = plan(input, output, &taken, &config)?;
        planned.push(document);
    }
    // All or nothing: every file is staged beside its target and moved in only when no target
    // holds other content (unless --force); files that already hold it are left alone.
    let mut staging = Staging::new(output)?;
    for document in &planned {
        let name = document.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        staging.add(&name, document.text.as_bytes())?;
    }
    staging.commit(if args.force { Overwrite::Allow } else { Overwrite::Refuse })?;
    report(&planned)?;
    Ok(Outcome::Clean)
}

/// The files named, with folders replaced by their documents (sorted; links to folders are not
/// followed). Anything that is not a regular file is refused before anything is read.
fn documents(named: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for path in named {
        let meta = std::fs::metadata(path).map_err(|e| {
            Failure::new(format!("cannot import `{}`: {e}", path.display())).help("check the path")
        })?;
        if meta.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| {
                Failure::new(format!("cannot read the folder `{}`: {e}", path.display()))
                    .help("check the path and its permissions")
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
                .map(|entry| entry.path())
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| DOCUMENT_ENDINGS.iter().any(|ending| e.eq_ignore_ascii_case(ending)))
                })
                .collect();
            if found.is_empty() {
                return Err(Failure::new(format!(
                    "the folder `{}` has no .md, .markdown or .txt file",
                    path.display()
                ))
                .help("name the documents to import, or the folder that holds them"));
            }
            found.sort();
            out.extend(found);
        } else if meta.is_file() {
            out.push(path.clone());
        } else {
            return Err(Failure::new(format!("cannot import `{}`: not a regular file", path.display()))
                .help("name a Markdown or text file, or a folder of them"));
        }
    }
    Ok(out)
}

/// The folder itself when it exists, else its nearest existing parent (for the config search).
fn existing_ancestor(dir: &Path) -> &Path {
    dir.ancestors().find(|a| a.is_dir()).unwrap_or(Path::new("."))
}

/// Import one document, name it apart from `taken`, and check what would be written.
fn plan(input: &Path, dir: &Path, taken: &[&Path], config: &Config) -> Result<Planned, Failure> {
    let source = load::read_source(input)?;
    let known = markdown::Known {
        default_zone: Some(config.default_zone.unwrap_or(Tz::UTC)),
        deployments: config.file.services.iter().flat_map(|s| s.deployments.iter().cloned()).collect(),
    };
    let imported = markdown::import_with(source.text(), &known);
    let path = distinct_name(dir, &markdown::file_name(&imported.file), taken);
    let text = markdown::to_toml(input, &imported)?;
    // Read back what is about to be written: the file must load, and its diagnostics are shown.
    let loaded =
        load::load_incident_text(SourceFile::new(&path, text.clone()), Syntax::Toml).map_err(|f| {
            Failure::internal(format!(
                "the incident imported from `{}` does not load: {}",
                input.display(),
                f.diagnostic.message
            ))
        })?;
    let checked = pipeline::check_loaded(loaded.source, loaded.value, config, None);
    let counts = (checked.count(Level::Error), checked.count(Level::Warning), checked.count(Level::Note));
    let findings = checked
        .diagnostics
        .iter()
        .filter(|d| d.level() != Level::Note)
        .map(|d| d.render_human(&checked.source))
        .collect();
    Ok(Planned { input: input.to_path_buf(), path, text, imported, counts, findings })
}

/// `name` in `dir`, or `name-2`, `name-3`, ... when an earlier document of this run took it.
fn distinct_name(dir: &Path, name: &str, taken: &[&Path]) -> PathBuf {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    (1..)
        .map(|n| if n == 1 { dir.join(name) } else { dir.join(format!("{stem}-{n}.toml")) })
        .find(|candidate| !taken.contains(&candidate.as_path()))
        .unwrap_or_else(|| dir.join(name))
}

/// Guesses and warnings on stderr, one summary line per document (and the check's findings)
/// on stdout.
fn report(planned: &[Planned]) -> Result<(), Failure> {
    let (mut out, mut err) = (String::new(), String::new());
    for document in planned {
        let imported = &document.imported;
        let input = visible(&document.input.display().to_string()).into_owned();
        for warning in &imported.warnings {
            err.push_str(&format!("warning: {input}: {}\n", visible(warning)));
        }
        for guess in &imported.guesses {
            err.push_str(&format!("guessed: {input}: {}\n", visible(guess)));
        }
        for finding in &document.findings {
            out.push_str(&format!("{finding}\n"));
        }
    }
    out.push_str(&format!("imported {} document(s):\n", planned.len()));
    for document in planned {
        let file = &document.imported.file;
        let (errors, warnings, notes) = document.counts;
        let unplaced: Vec<&str> = file
            .sections
            .iter()
            .filter(|s| s.title.ends_with("(not imported)") || s.title == "Imported text")
            .map(|s| s.title.as_str())
            .collect();
        out.push_str(&format!(
            "  {} -> {}: {} events, {} windows, {} updates, {} actions; {} guesses (listed at the top of the file); unplaced text: {}; check: {errors} errors, {warnings} warnings, {notes} notes",
            visible(&document.input.display().to_string()),
            visible(&document.path.display().to_string()),
            file.events.len(),
            file.impact.len(),
            file.updates.len(),
            file.actions.len(),
            document.imported.guesses.len(),
            if unplaced.is_empty() { "none".to_string() } else { visible(&unplaced.join(", ")).into_owned() },
        ));
    }
    crate::reporter::print_to_stderr(&err);
    crate::reporter::print(&out)
}
