//! Where `-o` sends a rendering: the format its extension names (when `--to` is not given),
//! the refusal of a `--to` that contradicts it, and the refusal to write over an incident file;
//! and the `-o DIR` that the importers writing new incident files need.

use std::path::Path;

use clap::ValueEnum;

use crate::load;
use crate::output::Failure;

/// The lower-case extension of `path`, if any.
fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// The format to write: `--to` when given, else the one `-o`'s extension names (through
/// `by_extension`), else `default`. A `--to` that contradicts the extension is refused: the
/// file would carry one format under the name of another.
pub(crate) fn choose_format<F: ValueEnum + Copy + PartialEq>(
    to: Option<F>,
    output: Option<&Path>,
    by_extension: fn(&str) -> Option<F>,
    default: F,
) -> Result<F, Failure> {
    let named = output.and_then(|path| Some((path, by_extension(&extension(path)?)?)));
    match (to, named) {
        (Some(to), Some((path, named))) if to != named => {
            let name = |f: F| f.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            Err(Failure::new(format!(
                "`--to {}` conflicts with `-o {}`, whose extension names {}",
                name(to),
                path.display(),
                name(named)
            ))
            .help(format!(
                "drop `--to` to write {} (chosen from the extension), or give the file an extension that matches `--to {}`",
                name(named),
                name(to)
            )))
        }
        (Some(to), _) => Ok(to),
        (None, Some((_, named))) => Ok(named),
        (None, None) => Ok(default),
    }
}

/// Refuse to replace an existing `.toml` or `.json` file unless `force`: it may be an incident
/// file (or the project config), and a rendering written over it would destroy it. A JSON
/// output may replace a `.json` file that does not hold an incident (an earlier report).
/// The file judged is the one the write lands on: through a link (`r.json -> postmortem.toml`)
/// that is the link's target, by its own name and content.
pub(crate) fn refuse_incident_overwrite(path: &Path, writes_json: bool, force: bool) -> Result<(), Failure> {
    let target = crate::output::link_target(path);
    if force || !target.is_file() {
        return Ok(());
    }
    let Some(ext) = extension(&target).filter(|e| e == "toml" || e == "json") else { return Ok(()) };
    let incident = holds_incident(&target);
    if writes_json && ext == "json" && !incident {
        return Ok(());
    }
    let what = if incident { "an incident file" } else { "a data file (it may be an incident or a config)" };
    let shown = if target == path {
        format!("`{}`", path.display())
    } else {
        format!("`{}` (a link to `{}`)", path.display(), target.display())
    };
    Err(Failure::new(format!("{shown} already exists and is {what}; not writing over it"))
        .help("choose another output path (e.g. `-o out/`), or pass `--force` to replace it"))
}

/// Whether the file reads as an incident: it loads, or it is a document with the `format` key
/// and the `title` or `service` every incident has (an incident with a typo is still one; a
/// report's JSON has `format` but neither).
fn holds_incident(path: &Path) -> bool {
    load::load_incident(path).is_ok()
        || load::document_value(path).is_ok_and(|value| {
            value.get("format").is_some() && (value.get("title").is_some() || value.get("service").is_some())
        })
}

/// `-o DIR`, which these importers need (`--into` is for the event importers).
pub(super) fn output_dir(args: &crate::cli::ImportArgs) -> Result<&Path, Failure> {
    args.output.as_deref().ok_or_else(|| {
        Failure::new("this importer writes new incident files: give -o DIR").help(
            "`--into FILE` adds events to an existing file and works with --from slack and --from pagerduty",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ReportFormat;

    fn report_ext(ext: &str) -> Option<ReportFormat> {
        match ext {
            "md" => Some(ReportFormat::Md),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }

    #[test]
    fn the_extension_chooses_unless_to_is_given_and_a_conflict_is_refused() {
        let choose = |to, out: &str| choose_format(to, Some(Path::new(out)), report_ext, ReportFormat::Md);
        assert_eq!(choose(None, "r.JSON").ok(), Some(ReportFormat::Json));
        assert_eq!(choose(None, "r.txt").ok(), Some(ReportFormat::Md));
        assert_eq!(choose(Some(ReportFormat::Csv), "r.txt").ok(), Some(ReportFormat::Csv));
        assert_eq!(choose(Some(ReportFormat::Json), "r.json").ok(), Some(ReportFormat::Json));
        let err = choose(Some(ReportFormat::Md), "r.json").expect_err("conflict");
        assert!(err.message().contains("--to md") && err.message().contains("r.json"), "{err}");
    }
}
