//! Authoring commands end to end: new, schema, completions, fmt, import --from markdown.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{code, fixtures, root, run, run_in, stderr, stdout};

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"));
    files.retain(|p| p.file_name().is_some_and(|n| n != "postmortem.toml"));
    files.sort();
    files
}

// ---- new ----

#[test]
fn new_writes_a_dated_skeleton_that_passes_check_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run_in(
        dir.path(),
        &["new", "--title", "Logins fail: token \"cache\"", "--service", "Auth", "--deployment", "EU"],
    );
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d");
    let name = format!("{today}-logins-fail-token-cache.toml");
    let path = dir.path().join(&name);
    assert!(path.is_file(), "{:?}", std::fs::read_dir(dir.path()).map(|d| d.count()));
    assert!(stdout(&output).contains(&format!("created {name}")));
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains("title = \"Logins fail: token \\\"cache\\\"\""), "{written}");
    assert!(written.contains("# status: degraded_performance | partial_outage"), "comments explain fields");

    let check = run_in(dir.path(), &["check", &name]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    assert!(stdout(&check).contains("0 errors, 0 warnings"), "{}", stdout(&check));
    assert!(stdout(&check).contains("PM106"), "the empty window is a note: {}", stdout(&check));

    std::fs::write(&path, "edited").expect("write");
    let again = run_in(dir.path(), &["new", "--title", "Logins fail: token \"cache\""]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "edited");
}

#[test]
fn new_takes_deployments_from_the_catalogue_and_writes_into_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("postmortem.toml"),
        "timezone = \"Europe/Berlin\"\n[[services]]\nname = \"SMSGate API\"\ndeployments = [\"Cloud\", \"Private\"]\n",
    )
    .expect("config");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    let output = run_in(dir.path(), &["new", "incidents", "--title", "API is down"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let written = files_in(&dir.path().join("incidents"));
    let [file] = written.as_slice() else { panic!("one file expected: {written:?}") };
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains("service = \"SMSGate API\""), "{text}");
    assert!(text.contains("deployments = [\"Cloud\", \"Private\"]"), "{text}");
    assert!(text.contains("timezone = \"Europe/Berlin\""), "{text}");
    let check = run_in(dir.path(), &["check", "incidents"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

// ---- schema ----

fn schema_validator() -> jsonschema::Validator {
    let output = run(&["schema"]);
    assert_eq!(code(&output), 0);
    let schema: Value = serde_json::from_str(&stdout(&output)).expect("schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn value_of(path: &Path) -> Value {
    postmortem::load::document_value(path).map_err(|f| f.diagnostic.message.clone()).expect("parses")
}

#[test]
fn schema_accepts_every_valid_incident() {
    let validator = schema_validator();
    let mut files = files_in(&fixtures("valid"));
    files.extend(files_in(&root().join("incidents")));
    assert!(!files.is_empty());
    for file in files {
        let errors: Vec<String> = validator.iter_errors(&value_of(&file)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

/// Structural = the loader refuses the file as unknown field, invalid value or format.
fn is_structural_failure(path: &Path) -> bool {
    match postmortem::load::load_incident(path) {
        Ok(_) => false,
        Err(failure) => ["PM003", "PM004", "PM005"].contains(&failure.diagnostic.check.code),
    }
}

#[test]
fn schema_rejects_structurally_invalid_files() {
    let validator = schema_validator();
    let own = files_in(&fixtures("authoring/schema-invalid"));
    assert!(own.len() >= 6, "{own:?}");
    for file in &own {
        assert!(is_structural_failure(file), "{} should fail to load", file.display());
    }
    // Invalid fixtures of other areas, where they are structural.
    let shared: Vec<PathBuf> = files_in(&fixtures("invalid")).into_iter().filter(|f| is_structural_failure(f)).collect();
    for file in own.iter().chain(&shared) {
        let Ok(value) = postmortem::load::document_value(file) else { continue };
        assert!(!validator.is_valid(&value), "{} passes the schema", file.display());
    }
}

// ---- completions ----

#[test]
fn completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = run(&["completions", shell]);
        assert_eq!(code(&output), 0, "{shell}");
        let script = stdout(&output);
        for command in ["check", "analyze", "render", "import", "fmt"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    assert_eq!(code(&run(&["completions", "tcsh"])), 2);
}
