//! `import --from slack` and `import --from pagerduty` end to end: selection, threads, mrkdwn,
//! merging into a file without duplicates, milestones from the pager, and bad input that
//! writes nothing. The fixtures are invented and follow Slack's and PagerDuty's documented
//! formats.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{code, fixtures, run_in, stderr, stdout};

fn export() -> String {
    fixtures("slack/export").to_string_lossy().into_owned()
}

fn ok(output: &std::process::Output) -> String {
    assert_eq!(code(output), 0, "{}{}", stdout(output), stderr(output));
    stdout(output)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("list").flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// Events of the single file `import -o` wrote into `dir`: (at, first line of text, marks).
fn events(path: &Path) -> Vec<(String, String, Vec<String>)> {
    let file: toml::Value = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("TOML");
    let list = file.get("events").and_then(|e| e.as_array()).cloned().unwrap_or_default();
    list.iter()
        .map(|e| {
            let at = e.get("at").and_then(|v| v.as_str()).unwrap_or("").to_string();
            let text =
                e.get("text").and_then(|v| v.as_str()).unwrap_or("").lines().next().unwrap_or("").to_string();
            let marks = e
                .get("marks")
                .and_then(|m| m.as_array())
                .map(|m| m.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            (at, text, marks)
        })
        .collect()
}

fn import_new(extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_string_lossy().into_owned();
    let ex = export();
    let mut args = vec![
        "import",
        "--from",
        "slack",
        &ex,
        "--channel",
        "inc-payments",
        "-o",
        &out,
        "--tz",
        "America/Los_Angeles",
    ];
    args.extend_from_slice(extra);
    let printed = ok(&run_in(dir.path(), &args));
    let files = toml_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let path = files.into_iter().next().unwrap_or_default();
    (dir, path, printed)
}

#[test]
fn pinned_messages_become_events_with_their_threads_across_midnight() {
    let (_dir, path, printed) = import_new(&["--pinned"]);
    assert!(
        path.ends_with("2026-07-03-incident-in-inc-payments.toml"),
        "named by the first local day: {path:?}"
    );
    let text = std::fs::read_to_string(&path).expect("read");
    insta::assert_snapshot!("slack_pinned", text);
    let found = events(&path);
    let times: Vec<&str> = found.iter().map(|(at, _, _)| at.as_str()).collect();
    assert_eq!(times, ["2026-07-03 23:14:30", "2026-07-04 00:05", "2026-07-04 00:31"]);
    let marks: Vec<Vec<String>> = found.iter().map(|(_, _, m)| m.clone()).collect();
    assert_eq!(
        marks,
        [vec!["detected".to_string()], vec!["mitigated".to_string()], vec!["resolved".to_string()]]
    );
    assert!(
        printed.contains(
            "guess: `detected` for the message of 2026-07-03 23:14 PDT by Ana Lima (it says \"declared\")"
        ),
        "{printed}"
    );
    // The replies sit inside their parent, the edited one marked; the channel's join and
    // topic notices and the other channel's messages are not there.
    assert!(
        text.contains("> **Ben Okafor**: Looking at \\#deploys - there was a *config push* at 23:05"),
        "{text}"
    );
    assert!(text.contains("> **Ana Lima**: thanks @Ben Okafor, rolling it back *(edited)*"), "{text}");
    assert!(!text.contains("joined") && !text.contains("topic") && !text.contains("lunch"), "{text}");
}

#[test]
fn a_reaction_selects_its_messages_and_a_lone_reply_stands_alone() {
    let (_dir, path, _) = import_new(&["--reaction", ":pushpin:"]);
    let found = events(&path);
    let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "**Ben Okafor**: Root cause identified: the gateway timeout was set to 50ms in `config/gw.yaml` (attached: `gw.yaml diff`) *(edited)*",
            "**Ben Okafor**: Mitigated: rolled back the config push, error rate falling",
            "(in a thread) **carl**: I'll write the post-mortem by Friday",
        ]
    );
    let (_dir, path, _) = import_new(&["--reaction", "pushpin", "--pinned"]);
    assert_eq!(events(&path).len(), 4, "pinned or reacted to: {:?}", events(&path));
    let (_dir, path, _) = import_new(&[]);
    let all: Vec<String> = events(&path).into_iter().map(|(at, _, _)| at).collect();
    assert_eq!(
        all,
        [
            "2026-07-03 23:12",
            "2026-07-03 23:14:30",
            "2026-07-03 23:40",
            "2026-07-04 00:05",
            "2026-07-04 00:20",
            "2026-07-04 00:31"
        ]
    );
    let bot = events(&path).into_iter().next().map(|(_, t, _)| t).unwrap_or_default();
    assert_eq!(
        bot,
        "**PagerDuty (bot)**: Triggered: **Checkout error rate \\> 5%** [\\#4312](https://acme.pagerduty.example/incidents/P1ACME)"
    );
    let (_dir, path, _) = import_new(&["--since", "2026-07-04 00:00", "--until", "2026-07-04 00:30"]);
    assert_eq!(events(&path).len(), 2, "{:?}", events(&path));
}

fn incident(dir: &Path) -> PathBuf {
    let path = dir.join("pay.toml");
    std::fs::write(
        &path,
        "# Checkout failures of July 3.\nformat = 1\ntitle = \"Checkout fails\"\nservice = \"Checkout\"\ntimezone = \"America/Los_Angeles\" # the team's zone\ndeployments = [\"US\"]\n\n[[impact]]\ndeployment = \"US\"\nstatus = \"partial_outage\"\nstart = \"2026-07-03 23:05\"\nend = \"2026-07-04 00:30\"\n\n# The timeline.\n[[events]]\nat = \"2026-07-03 23:05\"\ntext = \"Config push changed the gateway timeout\"\nmarks = [\"trigger\", \"impact_start\"]\n",
    )
    .expect("write");
    path
}

#[test]
fn appending_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = incident(dir.path());
    let into = path.to_string_lossy().into_owned();
    let ex = export();
    let args = ["import", "--from", "slack", &ex, "--channel", "#inc-payments", "--pinned", "--into", &into];
    let first = ok(&run_in(dir.path(), &args));
    assert!(first.contains("merged 3 event(s) from Slack #inc-payments (0 already there)"), "{first}");
    assert!(first.contains("+ 2026-07-04 00:05:00 PDT [mitigated] **Ben Okafor**: Mitigated"), "{first}");
    let once = std::fs::read_to_string(&path).expect("read");
    assert!(
        once.contains("# Checkout failures of July 3.")
            && once.contains("# the team's zone")
            && once.contains("# The timeline."),
        "{once}"
    );
    let order: Vec<usize> = ["Config push changed", "Incident declared", "Mitigated:", "All clear"]
        .iter()
        .map(|needle| once.find(needle).unwrap_or(usize::MAX))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sorted by time: {once}");
    let second = ok(&run_in(dir.path(), &args));
    assert!(second.contains("merged 0 event(s) from Slack #inc-payments (3 already there)"), "{second}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), once);
    let check = run_in(dir.path(), &["check", &into]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

/// The fixture folder packed as Slack packs an export: deflated entries at the archive's root.
fn zipped(dir: &Path) -> PathBuf {
    let path = dir.join("export.zip");
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let root = fixtures("slack/export");
    let mut pending = vec![root.clone()];
    let mut files = Vec::new();
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("list").flatten() {
            if entry.path().is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    for file in files {
        let name = file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        zip.start_file(name, options).expect("entry");
        zip.write_all(&std::fs::read(&file).expect("read")).expect("write");
    }
    zip.finish().expect("finish");
    path
}

#[test]
fn a_zip_export_reads_like_the_folder_and_a_truncated_one_writes_nothing() {
    let (_dir, from_folder, _) = import_new(&["--pinned"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = zipped(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let args = |file: &str| {
        vec![
            "import",
            "--from",
            "slack",
            file,
            "--channel",
            "inc-payments",
            "--pinned",
            "-o",
            "out",
            "--tz",
            "America/Los_Angeles",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let run = |file: &str| {
        let a = args(file);
        run_in(dir.path(), &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    ok(&run("export.zip"));
    let files = toml_files(&out);
    assert_eq!(files.len(), 1);
    let from_zip = files.first().cloned().unwrap_or_default();
    assert_eq!(
        std::fs::read_to_string(&from_zip).expect("read"),
        std::fs::read_to_string(&from_folder).expect("read")
    );
    std::fs::remove_file(&from_zip).expect("remove");

    let bytes = std::fs::read(&archive).expect("read");
    std::fs::write(dir.path().join("cut.zip"), bytes.get(..bytes.len() / 2).unwrap_or_default())
        .expect("write");
    let cut = run("cut.zip");
    assert_eq!(code(&cut), 2, "{}", stderr(&cut));
    assert!(stderr(&cut).contains("cut.zip") && stderr(&cut).contains("help:"), "{}", stderr(&cut));
    assert!(toml_files(&out).is_empty(), "nothing written");
}

#[test]
fn bad_exports_are_located_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::create_dir(d.join("out")).expect("mkdir");
    let slack = |export: &str, channel: &str| {
        run_in(d, &["import", "--from", "slack", export, "--channel", channel, "-o", "out"])
    };
    std::fs::create_dir(d.join("plain")).expect("mkdir");
    let not_export = slack("plain", "inc");
    assert_eq!(code(&not_export), 2);
    assert!(
        stderr(&not_export).contains("plain: not a Slack export: there is no `channels.json`"),
        "{}",
        stderr(&not_export)
    );
    let ex = export();
    let missing = slack(&ex, "inc-paymets");
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("no channel `inc-paymets`")
            && stderr(&missing).contains("did you mean `inc-payments`?"),
        "{}",
        stderr(&missing)
    );

    // A copy whose second day has a `ts` that is not a number.
    let copy = d.join("copy");
    for sub in ["", "inc-payments"] {
        std::fs::create_dir_all(copy.join(sub)).expect("mkdir");
    }
    for name in ["channels.json", "users.json", "inc-payments/2026-07-03.json"] {
        std::fs::copy(fixtures("slack/export").join(name), copy.join(name)).expect("copy");
    }
    std::fs::write(copy.join("inc-payments/2026-07-04.json"), r#"[{"type": "message", "user": "U01ANA", "text": "hi", "ts": "1783150260.1"}, {"type": "message", "text": "x", "ts": "noon"}]"#).expect("write");
    let bad_ts = slack("copy", "inc-payments");
    assert_eq!(code(&bad_ts), 2);
    assert!(
        stderr(&bad_ts)
            .contains("copy/inc-payments/2026-07-04.json: `[1].ts`: `noon` is not a Slack timestamp"),
        "{}",
        stderr(&bad_ts)
    );
    std::fs::write(
        copy.join("inc-payments/2026-07-04.json"),
        r#"[{"type": "message", "text": "x", "ts": 1783150260}]"#,
    )
    .expect("write");
    let number_ts = slack("copy", "inc-payments");
    assert_eq!(code(&number_ts), 2);
    assert!(
        stderr(&number_ts).contains("2026-07-04.json:1:") && stderr(&number_ts).contains("`[0].ts`"),
        "{}",
        stderr(&number_ts)
    );
    assert!(toml_files(&d.join("out")).is_empty(), "nothing written");
}

#[test]
fn the_pager_gives_detected_acknowledged_and_resolved_and_analyze_the_ttd_and_tta() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = incident(dir.path());
    let into = path.to_string_lossy().into_owned();
    let log = fixtures("pagerduty/log_entries.json").to_string_lossy().into_owned();
    let printed = ok(&run_in(dir.path(), &["import", "--from", "pagerduty", &log, "--into", &into]));
    assert!(printed.contains("guess: left out 1 notification entries"), "{printed}");
    assert!(printed.contains("merged 6 event(s) from PagerDuty log entries (0 already there)"), "{printed}");
    let text = std::fs::read_to_string(&path).expect("read");
    for expected in [
        "at = \"2026-07-03 23:12\"\ntext = \"PagerDuty: Triggered through the API.\"\nmarks = [\"detected\"]",
        "at = \"2026-07-03 23:14:30\"\ntext = \"PagerDuty: Acknowledged by Ana Lima.\"\nmarks = [\"acknowledged\"]",
        "at = \"2026-07-03 23:20\"\ntext = \"PagerDuty note by Ben Okafor: Gateway timeout changed by the 23:05 config push\"",
        "at = \"2026-07-03 23:25\"\ntext = \"PagerDuty: Acknowledged by Ben Okafor.\"\n",
        "at = \"2026-07-04 00:31\"\ntext = \"PagerDuty: Resolved by Ana Lima.\"\nmarks = [\"resolved\"]",
    ] {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
    let analysis = run_in(dir.path(), &["analyze", &into, "--format", "json"]);
    let json: Value = serde_json::from_str(&ok(&analysis)).expect("JSON");
    assert_eq!(json["milestones"]["detected"], "2026-07-04T06:12:00Z");
    assert_eq!(json["milestones"]["acknowledged"], "2026-07-04T06:14:30Z");
    assert_eq!(json["milestones"]["resolved"], "2026-07-04T07:31:00Z");
    assert_eq!(json["durations"]["time_to_detect_seconds"], 7 * 60);
    assert_eq!(json["durations"]["time_to_acknowledge_seconds"], 9 * 60 + 30);
    assert_eq!(json["durations"]["time_to_resolve_seconds"], 86 * 60);
    let again = ok(&run_in(dir.path(), &["import", "--from", "pagerduty", &log, "--into", &into]));
    assert!(again.contains("merged 0 event(s)") && again.contains("(6 already there)"), "{again}");
}

#[test]
fn a_bad_pager_log_is_located_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = incident(dir.path());
    let before = std::fs::read_to_string(&path).expect("read");
    let into = path.to_string_lossy().into_owned();
    std::fs::write(
        dir.path().join("log.json"),
        r#"{"log_entries": [{"type": "trigger_log_entry", "created_at": "2026-07-04 06:12"}]}"#,
    )
    .expect("write");
    let bad = run_in(dir.path(), &["import", "--from", "pagerduty", "log.json", "--into", &into]);
    assert_eq!(code(&bad), 2);
    let err = stderr(&bad);
    assert!(err.contains(" --> log.json:1:62") && err.contains("`log_entries[0].created_at`"), "{err}");
    // The caret sits under the value, as in the loader's diagnostics.
    let carets = err.lines().find(|l| l.contains('^')).unwrap_or_default();
    assert_eq!(carets.trim_start_matches([' ', '|']).len(), "\"2026-07-04 06:12\"".len(), "{err}");
    std::fs::write(dir.path().join("other.json"), r#"{"incidents": []}"#).expect("write");
    let other = run_in(dir.path(), &["import", "--from", "pagerduty", "other.json", "--into", &into]);
    assert_eq!(code(&other), 2);
    assert!(stderr(&other).contains("not a PagerDuty log-entries document"), "{}", stderr(&other));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
}
