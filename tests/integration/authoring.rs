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
    let shared: Vec<PathBuf> =
        files_in(&fixtures("invalid")).into_iter().filter(|f| is_structural_failure(f)).collect();
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

// ---- fmt ----

#[test]
fn fmt_orders_keys_and_events_keeps_comments_and_is_idempotent() {
    let fixture = fixtures("authoring/fmt/shuffled.toml");
    let original = std::fs::read_to_string(&fixture).expect("read");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("shuffled.toml");
    std::fs::write(&file, &original).expect("copy");

    let check = run_in(dir.path(), &["fmt", "--check", "shuffled.toml"]);
    assert_eq!(code(&check), 1, "{}", stdout(&check));
    assert!(stdout(&check).contains("not formatted: shuffled.toml"), "{}", stdout(&check));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), original, "--check writes nothing");

    let output = run_in(dir.path(), &["fmt", "shuffled.toml"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let formatted = std::fs::read_to_string(&file).expect("read");
    insta::assert_snapshot!("fmt_shuffled", formatted);
    for comment in original.lines().filter_map(|l| l.find('#').map(|i| &l[i..])) {
        assert!(formatted.contains(comment), "lost comment {comment:?}");
    }
    let order: Vec<usize> = ["format = 1", "title =", "service =", "[[impact]]", "[[events]]", "[[actions]]"]
        .iter()
        .map(|needle| formatted.find(needle).unwrap_or_else(|| panic!("{needle} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{formatted}");
    let times: Vec<&str> = formatted.lines().filter(|l| l.starts_with("at = ")).collect();
    assert_eq!(
        times,
        [
            "at = \"2026-07-04 14:55\"",
            "at = \"sometime\"",
            "at = \"2026-07-04 22:05\"   # from the provider's ticket"
        ]
    );

    let again = run_in(dir.path(), &["fmt", "--check", "shuffled.toml"]);
    assert_eq!(code(&again), 0, "idempotent: {}", stdout(&again));
    let rerun = run_in(dir.path(), &["fmt", "shuffled.toml"]);
    assert_eq!(code(&rerun), 0);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), formatted);
}

#[test]
fn fmt_on_every_valid_fixture_keeps_content_and_comments_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures("postmortem.toml"), dir.path().join("postmortem.toml")).expect("config");
    let mut files = files_in(&fixtures("valid"));
    files.push(root().join("incidents/2026-07-04-smsgate-api.toml"));
    for original in files {
        let name = original.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let copy = dir.path().join(&name);
        std::fs::copy(&original, &copy).expect("copy");
        let output = run_in(dir.path(), &["fmt", &name]);
        assert_eq!(code(&output), 0, "{name}: {}{}", stdout(&output), stderr(&output));
        let again = run_in(dir.path(), &["fmt", "--check", &name]);
        assert_eq!(code(&again), 0, "{name} is not idempotent: {}", stdout(&again));

        let load = |path: &Path| {
            let mut file = postmortem::load::load_incident(path)
                .map_err(|f| f.diagnostic.message.clone())
                .expect("loads")
                .value;
            let mut events: Vec<String> = file.events.iter().map(|e| format!("{e:?}")).collect();
            events.sort();
            file.events.clear();
            (file, events)
        };
        assert_eq!(load(&original), load(&copy), "{name}: content changed");
        let before = std::fs::read_to_string(&original).expect("read");
        let after = std::fs::read_to_string(&copy).expect("read");
        if name.ends_with(".toml") {
            for comment in before.lines().filter(|l| l.trim_start().starts_with('#')) {
                assert!(after.contains(comment.trim()), "{name}: lost {comment:?}");
            }
        }
    }
    // The repository's own incident is kept in canonical form.
    assert_eq!(code(&run(&["fmt", "--check", "incidents/2026-07-04-smsgate-api.toml"])), 0);
}

#[test]
fn fmt_rewrites_json_in_model_order_and_skips_broken_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("a.json");
    std::fs::write(
        &json,
        r#"{"title":"T","format":1,"service":"S","events":[{"at":"2026-07-04 15:00","text":"b"},{"text":"a","at":"2026-07-04 14:00"}]}"#,
    )
    .expect("write");
    std::fs::write(dir.path().join("broken.toml"), "format = 1\ntitle = ").expect("write");
    let output = run_in(dir.path(), &["fmt", "a.json", "broken.toml"]);
    assert_eq!(code(&output), 2, "a broken file fails the run");
    assert!(stderr(&output).contains("broken.toml:2"), "{}", stderr(&output));
    let text = std::fs::read_to_string(&json).expect("read");
    let value: Value = serde_json::from_str(&text).expect("json");
    let keys: Vec<&String> = value.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert!(!keys.is_empty());
    assert!(
        text.find("\"format\"") < text.find("\"title\"") && text.find("\"title\"") < text.find("\"service\""),
        "{text}"
    );
    assert!(text.find("\"a\"") < text.find("\"b\""), "{text}");
    assert_eq!(code(&run_in(dir.path(), &["fmt", "--check", "a.json"])), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.toml")).expect("read"),
        "format = 1\ntitle = "
    );
}

// ---- import --from markdown ----

/// The shared seed post-mortem (never copied into the repository): beside the checkout in CI,
/// two levels up from a worktree.
fn shared_seed() -> Option<PathBuf> {
    let name = "seed/smsgate-2026-07-04-postmortem.txt";
    [root().join("../shared").join(name), root().join("../../shared").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

fn import_into(dir: &Path, file: &Path) -> (std::process::Output, Vec<PathBuf>) {
    let output =
        run(&["import", "--from", "markdown", &file.display().to_string(), "-o", &dir.display().to_string()]);
    (output, files_in(dir))
}

fn analysis(file: &Path) -> Value {
    let output = run(&["analyze", "--format", "json", &file.display().to_string()]);
    serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)))
}

#[test]
fn the_seed_imports_to_the_same_figures_as_the_reference_incident() {
    let Some(seed) = shared_seed() else {
        eprintln!("skipped: ../shared/seed/smsgate-2026-07-04-postmortem.txt is not present");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (output, files) = import_into(dir.path(), &seed);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let [imported] = files.as_slice() else { panic!("one file: {files:?}") };
    assert!(imported.ends_with("2026-07-04-api-is-down.toml"), "{}", imported.display());
    let said = stderr(&output);
    for guess in
        ["year 2026", "time zone UTC", "planned maintenance window", "interruption 15m", "marked `trigger`"]
    {
        assert!(said.contains(guess), "guess {guess:?} not said:\n{said}");
    }

    let ours = analysis(imported);
    let reference = analysis(&root().join("incidents/2026-07-04-smsgate-api.toml"));
    for key in ["deployments", "milestones", "durations", "span"] {
        assert_eq!(ours[key], reference[key], "{key}");
    }
    assert_eq!(ours["deployments"][0]["downtime_seconds"], 25800);

    let check = run(&["check", "--format", "json", &imported.display().to_string()]);
    let report: Value = serde_json::from_str(&stdout(&check)).expect("json");
    let findings: Vec<(String, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["level"] != "note")
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["path"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(findings, [("PM301".to_string(), "updates[0].at".to_string())], "{}", stdout(&check));

    // Never clobbers without --force.
    let before = std::fs::read_to_string(imported).expect("read");
    std::fs::write(imported, "# edited\n").expect("write");
    let (again, _) = import_into(dir.path(), &seed);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(imported).expect("read"), "# edited\n");
    let forced = run(&[
        "import",
        "--from",
        "markdown",
        &seed.display().to_string(),
        "-o",
        &dir.path().display().to_string(),
        "--force",
    ]);
    assert_eq!(code(&forced), 0);
    assert_eq!(std::fs::read_to_string(imported).expect("read"), before);
}

#[test]
fn a_markdown_post_mortem_in_another_zone_imports_with_its_guesses() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Relative, so the path the file names in its header is the same on every machine.
    let (output, files) =
        import_into(dir.path(), Path::new("tests/fixtures/authoring/import/checkout-pdt.md"));
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let [imported] = files.as_slice() else { panic!("one file: {files:?}") };
    let text = std::fs::read_to_string(imported).expect("read");
    insta::assert_snapshot!("import_checkout_pdt", text);
    let check = run(&["check", &imported.display().to_string()]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn garbage_empty_and_sectionless_files_keep_their_text_with_a_warning() {
    let cases: [(&str, &[u8]); 4] = [
        ("empty.md", b""),
        ("garbage.txt", b"\x01\x02 %%% ]]] [[[ \"\"\" ''' #\n\t\t\n== == ==\n-\n|"),
        ("prose.md", b"We had a bad day.\nThe database fell over at 14:55 and came back at 15:10.\n\nSorry."),
        ("headings.md", b"# Notes\n\n## Random thoughts\n\nNothing here is a known section."),
    ];
    for (name, bytes) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join(name);
        std::fs::write(&input, bytes).expect("write");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        let (output, files) = import_into(&out, &input);
        assert_eq!(code(&output), 0, "{name}: {}{}", stdout(&output), stderr(&output));
        assert!(stderr(&output).contains("warning:"), "{name}: {}", stderr(&output));
        let [imported] = files.as_slice() else { panic!("{name}: one file: {files:?}") };
        let loaded = postmortem::load::load_incident(imported)
            .map_err(|f| f.diagnostic.message.clone())
            .expect("loads");
        let kept: String = loaded.value.sections.iter().map(|s| format!("{} {}", s.title, s.body)).collect();
        let original = String::from_utf8_lossy(bytes);
        for word in original.split_whitespace().filter(|w| w.chars().all(char::is_alphanumeric)) {
            assert!(kept.contains(word) || loaded.value.title.contains(word), "{name}: lost {word:?}");
        }
        let check = run(&["check", &imported.display().to_string()]);
        assert_eq!(code(&check), 0, "{name}: {}", stdout(&check));
    }
}
