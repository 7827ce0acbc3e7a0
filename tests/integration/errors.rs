//! Every error the tool can print, driven from the command line: each must name the file (or
//! the flag), the place in it where there is one (line:column, field path or JSON path), and a
//! `help:` fix. Every check of the catalogue has a fixture that triggers it, and every failure
//! a user can cause is driven here. The fix itself cannot be forgotten: `diagnostic::Error::fix`
//! matches every variant, and failures that only a bug can cause are `Error::Internal`, whose
//! fix says so.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{code, fixtures, root, run_in, stderr, stdout};

#[test]
fn the_command_line_definition_is_consistent() {
    // clap's own checks: unique names and shorts, valid defaults, groups and conflicts.
    use clap::CommandFactory;
    postmortem::cli::Cli::command().debug_assert();
}

/// Assert the failure output: exit 2, no panic, every needle, and a non-empty `help:` line.
fn assert_failure(what: &str, output: &Output, needles: &[&str]) {
    let all = format!("{}{}", stdout(output), stderr(output));
    assert!(!all.contains("panicked"), "{what} panicked:\n{all}");
    assert_eq!(code(output), 2, "{what}: exit code\n{all}");
    for needle in needles {
        assert!(all.contains(needle), "{what}: `{needle}` missing from:\n{all}");
    }
    let helped =
        all.lines().any(|l| l.trim_start().strip_prefix("= help:").is_some_and(|h| !h.trim().is_empty()));
    assert!(helped, "{what}: no `help:` fix in:\n{all}");
}

#[test]
fn every_check_names_the_file_the_place_and_a_fix() {
    let dir = fixtures("invalid");
    let mut checked = 0;
    for check in postmortem::checks::catalogue() {
        let fixture = std::fs::read_dir(&dir).expect("list").flatten().map(|e| e.path()).find(|p| {
            p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{}-", check.code)))
        });
        let fixture =
            fixture.unwrap_or_else(|| panic!("{} has no fixture in tests/fixtures/invalid", check.code));
        let shown = crate::common::relative(&fixture);
        let output = run_in(&root(), &["check", &shown, "--as-of", "2026-12-31", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{shown}: not JSON ({e}):\n{}", stdout(&output)));
        let diagnostics = json["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
        let found = diagnostics.iter().find(|d| d["code"] == check.code);
        let d = found.unwrap_or_else(|| panic!("{shown} does not trigger {}: {diagnostics:?}", check.code));
        assert_eq!(d["file"], shown.as_str(), "{}: file", check.code);
        assert!(d["line"].as_u64().is_some_and(|l| l > 0), "{}: line {d}", check.code);
        assert!(d["column"].as_u64().is_some_and(|c| c > 0), "{}: column {d}", check.code);
        assert!(d["help"].as_str().is_some_and(|h| !h.trim().is_empty()), "{}: help {d}", check.code);
        // The human form shows the same place and fix.
        let human = run_in(&root(), &["check", &shown, "--as-of", "2026-12-31"]);
        let text = format!("{}{}", stdout(&human), stderr(&human));
        let place = format!(" --> {shown}:{}:{}", d["line"], d["column"]);
        assert!(text.contains(&place) && text.contains("= help: "), "{}: {place} in\n{text}", check.code);
        checked += 1;
    }
    assert_eq!(checked, postmortem::checks::catalogue().len());
}

/// A scratch folder with a few inputs the failures below need.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Scratch { dir };
        s.write("a-file", b"not a folder");
        s
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, bytes).expect("write");
        path
    }
    fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }
}

/// The failure sites driven by `every_failure_names_the_file_or_flag_and_a_fix`, by source file.
const DRIVEN: &[(&str, &str)] = &[
    ("src/commands/destination.rs", "import: -o missing"),
    ("src/commands/import_events.rs", "pagerduty unreadable"),
    ("src/commands/import_events.rs", "slack: bad --since"),
    ("src/commands/import_events.rs", "slack: --into does not load"),
    ("src/commands/import_events.rs", "slack: --into has no zone"),
    ("src/commands/import_events.rs", "slack: bad config"),
    ("src/commands/import_events.rs", "slack: -o not a folder"),
    ("src/commands/import_events.rs", "slack: two exports"),
    ("src/import/slack/export.rs", "slack: not an export"),
    ("src/import/slack/export.rs", "slack: cannot open"),
    ("src/import/slack/export.rs", "slack: damaged entry"),
    ("src/import/slack/export.rs", "slack: zip bomb"),
    ("src/import/slack/mod.rs", "slack: no such channel"),
    ("src/import/slack/mod.rs", "slack: ts not a number"),
    ("src/import/pagerduty.rs", "pagerduty: invalid JSON"),
    ("src/import/pagerduty.rs", "pagerduty: not a log"),
    ("src/import/pagerduty.rs", "pagerduty: bad created_at"),
    ("src/import/mod.rs", "typed JSON error"),
    ("src/commands/scribe.rs", "scribe: bad --now"),
    ("src/commands/scribe.rs", "scribe: file does not load"),
    ("src/commands/scribe.rs", "scribe: bad config"),
    ("src/commands/scribe.rs", "scribe: refused"),
    ("src/output/file.rs", "cannot write"),
    ("src/output/file.rs", "already exists"),
    ("src/output/file.rs", "-o is a link loop"),
    ("src/output/file.rs", "-o is a FIFO nobody reads"),
    ("src/output/file.rs", "-o is a folder"),
    ("src/output/staging.rs", "-o not a folder"),
    ("src/output/staging.rs", "cannot create output folder"),
    ("src/output/staging.rs", "a staged file's place is taken by a folder"),
    ("src/output/staging.rs", "statuspage already exists"),
    ("src/render/templates.rs", "--templates not a folder"),
    ("src/render/templates.rs", "template error"),
    ("src/import/statuspage.rs", "invalid JSON"),
    ("src/import/statuspage.rs", "no incidents"),
    ("src/import/statuspage.rs", "wrong type"),
    ("src/import/statuspage.rs", "empty id"),
    ("src/import/statuspage.rs", "leap second"),
    ("src/commands/explain.rs", "unknown check"),
    ("src/commands/templates.rs", "existing templates"),
    ("src/commands/templates.rs", "cannot create folder"),
    ("src/commands/new.rs", "bad config"),
    ("src/commands/new.rs", "skeleton fails check"),
    ("src/commands/new.rs", "new never overwrites"),
    ("src/commands/check.rs", "check: no path and no config"),
    ("src/commands/check.rs", "check: bad config"),
    ("src/commands/mod.rs", "--tz"),
    ("src/commands/mod.rs", "--as-of"),
    ("src/commands/import.rs", "statuspage unreadable"),
    ("src/commands/import.rs", "statuspage bad config"),
    ("src/commands/import.rs", "statuspage several files"),
    ("src/commands/import_markdown.rs", "markdown missing"),
    ("src/commands/import_markdown.rs", "markdown unreadable"),
    ("src/commands/import_markdown.rs", "markdown -o not a folder"),
    ("src/commands/import_markdown.rs", "markdown bad config"),
    ("src/commands/import_markdown.rs", "markdown already exists"),
    ("src/commands/import_markdown.rs", "markdown cannot create the folder"),
    ("src/commands/import_markdown.rs", "markdown folder without documents"),
    ("src/commands/import_markdown.rs", "markdown not a regular file"),
    ("src/commands/render.rs", "output is the input"),
    ("src/commands/chart.rs", "chart: nothing timed"),
    ("src/commands/report.rs", "report dir not a folder"),
    ("src/commands/report.rs", "no period"),
    ("src/commands/report.rs", "report bad date flag"),
    ("src/commands/report.rs", "no config found"),
    ("src/commands/report.rs", "report bad config"),
    ("src/commands/destination.rs", "--to conflicts with -o"),
    ("src/commands/destination.rs", "-o names an incident or data file"),
    ("src/report/period.rs", "bad quarter"),
    ("src/report/period.rs", "until before from"),
    ("src/output/folder.rs", "site: cannot stage"),
    ("src/output/folder.rs", "site: -o is a file"),
    ("src/output/folder.rs", "site: -o is a folder it did not write"),
    ("src/commands/site.rs", "site dir not a folder"),
    ("src/commands/site.rs", "site output holds the incidents"),
    ("src/commands/site.rs", "site --as-of"),
    ("src/commands/site.rs", "site --base-url"),
    ("src/commands/site.rs", "site: no config found"),
    ("src/commands/site.rs", "site bad config"),
    ("src/commands/man.rs", "man: a foreign file in the way"),
    ("src/commands/man.rs", "man: cannot create the folder"),
];

#[test]
fn every_failure_names_the_file_or_flag_and_a_fix() {
    let s = Scratch::new();
    let minimal = fixtures("valid/minimal.toml").to_string_lossy().into_owned();
    let md = fixtures("authoring/import/checkout-pdt.md").to_string_lossy().into_owned();
    let sp = |name: &str| fixtures(&format!("statuspage/{name}")).to_string_lossy().into_owned();
    let driven = std::cell::RefCell::new(Vec::new());
    let case = |site: &str, args: &[&str], needles: &[&str]| {
        assert_failure(site, &s.run(args), needles);
        driven.borrow_mut().push(site.to_string());
    };

    case(
        "cannot write",
        &["render", &minimal, "-o", "missing/page.html"],
        &["`missing/page.html`", "create it first"],
    );
    case("cannot write", &["render", &minimal, "-o", "a-file/page.html"], &["`a-file/page.html`"]);
    s.write("taken.toml", b"x");
    case(
        "new never overwrites",
        &["new", "taken.toml", "--title", "t", "--service", "s", "--deployment", "d"],
        &["`taken.toml` already exists", "--title"],
    );
    case(
        "--templates not a folder",
        &["render", &minimal, "--templates", "a-file"],
        &["--templates", "`a-file`"],
    );
    s.write("tpl/postmortem.md.j2", b"line one\n{{ broken(\n");
    case("template error", &["render", &minimal, "--templates", "tpl"], &["tpl/postmortem.md.j2", "line 2"]);
    s.write("st/status.txt.j2", b"\xff\xfe");
    // Status and report templates go through the same loader, so the same site reports them.
    case("template error", &["status", &minimal, "--templates", "st"], &["st/status.txt.j2"]);
    s.write("st2/status.txt.j2", b"ok\n{% if %}\n");
    case("template error", &["status", &minimal, "--templates", "st2"], &["st2/status.txt.j2", "line 2"]);

    case(
        "invalid JSON",
        &["import", "--from", "statuspage", &sp("bad-syntax.json"), "-o", "."],
        &["bad-syntax.json:79:7"],
    );
    case(
        "wrong type",
        &["import", "--from", "statuspage", &sp("bad-type.json"), "-o", "."],
        &["bad-type.json:45:25", "`incidents[0].incident_updates[1].created_at`"],
    );
    s.write("no-incidents.json", br#"{"incidents": []}"#);
    case(
        "no incidents",
        &["import", "--from", "statuspage", "no-incidents.json", "-o", "."],
        &["no-incidents.json", "`incidents`"],
    );
    s.write("empty-id.json", br#"{"incidents": [{"id": " ", "name": "x", "status": "resolved", "created_at": "2026-01-01T00:00:00Z", "incident_updates": []}]}"#);
    case(
        "empty id",
        &["import", "--from", "statuspage", "empty-id.json", "-o", "."],
        &["empty-id.json", "`incidents[0].id`"],
    );
    case(
        "statuspage unreadable",
        &["import", "--from", "statuspage", "missing.json", "-o", "."],
        &["missing.json"],
    );
    case(
        "-o not a folder",
        &["import", "--from", "statuspage", &sp("incidents.json"), "-o", "a-file"],
        &["-o", "`a-file`"],
    );
    s.write("broken/postmortem.toml", b"zzz = [\n");
    case("check: no path and no config", &["check"], &["postmortem check incidents/"]);
    let in_broken = run_in(&s.path().join("broken"), &["check"]);
    assert_failure("check: bad config", &in_broken, &["postmortem.toml:1:8"]);
    driven.borrow_mut().push("check: bad config".to_string());
    case(
        "statuspage bad config",
        &["import", "--from", "statuspage", &sp("incidents.json"), "-o", "broken"],
        &["broken/postmortem.toml:1:8"],
    );
    case(
        "markdown bad config",
        &["import", "--from", "markdown", &md, "-o", "broken"],
        &["broken/postmortem.toml:1:8"],
    );
    case(
        "bad config",
        &["new", "broken/new.toml", "--title", "t", "--service", "s", "--deployment", "d"],
        &["broken/postmortem.toml:1:8"],
    );
    std::fs::create_dir(s.path().join("sp")).expect("mkdir");
    assert_eq!(code(&s.run(&["import", "--from", "statuspage", &sp("incidents.json"), "-o", "sp"])), 0);
    // Identical files are left alone (a re-run completes); one edited since is not overwritten.
    s.write("sp/2025-11-02-login-errors.toml", b"# edited\n");
    case(
        "statuspage already exists",
        &["import", "--from", "statuspage", &sp("incidents.json"), "-o", "sp"],
        &["sp/", "already exists", "--force"],
    );
    std::fs::create_dir(s.path().join("md")).expect("mkdir");
    assert_eq!(code(&s.run(&["import", "--from", "markdown", &md, "-o", "md"])), 0);
    // A file holding what the import would write is left alone; an edited one is refused.
    for written in std::fs::read_dir(s.path().join("md")).expect("md").flatten() {
        let mut text = std::fs::read_to_string(written.path()).expect("read");
        text.push_str("# edited by hand\n");
        std::fs::write(written.path(), text).expect("edit");
    }
    case(
        "already exists",
        &["import", "--from", "markdown", &md, "-o", "md"],
        &["md/", "already exists", "--force"],
    );
    case(
        "markdown already exists",
        &["import", "--from", "markdown", &md, "-o", "md"],
        &["md/", "already exists", "--force"],
    );
    case("markdown missing", &["import", "--from", "markdown", "missing.md", "-o", "."], &["`missing.md`"]);
    s.write("unreadable.md", b"\x80\x81 broken");
    case(
        "markdown unreadable",
        &["import", "--from", "markdown", "unreadable.md", "-o", "."],
        &["unreadable.md"],
    );
    std::fs::create_dir(s.path().join("no-documents")).expect("mkdir");
    case(
        "markdown folder without documents",
        &["import", "--from", "markdown", "no-documents", "-o", "."],
        &["`no-documents`", ".md"],
    );
    case(
        "markdown not a regular file",
        &["import", "--from", "markdown", "/dev/null", "-o", "."],
        &["`/dev/null`", "not a regular file"],
    );
    case(
        "markdown cannot create the folder",
        &["import", "--from", "markdown", &md, "-o", "a-file/sub"],
        &["`a-file/sub`"],
    );
    case(
        "markdown -o not a folder",
        &["import", "--from", "markdown", &md, "-o", "a-file"],
        &["-o", "`a-file`"],
    );
    case(
        "statuspage several files",
        &["import", "--from", "statuspage", &sp("incidents.json"), &sp("incidents.json"), "-o", "."],
        &["one export at a time"],
    );

    std::os::unix::fs::symlink("loop.md", s.path().join("loop.md")).expect("symlink");
    case("-o is a link loop", &["render", &minimal, "-o", "loop.md"], &["`loop.md`", "symbolic links"]);
    let fifo = s.path().join("fifo.md");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()));
    case(
        "-o is a FIFO nobody reads",
        &["render", &minimal, "-o", "fifo.md"],
        &["`fifo.md`", "nothing is reading"],
    );
    std::fs::create_dir(s.path().join("folder.svg")).expect("mkdir");
    let timed = crate::common::seed().to_string_lossy().into_owned();
    case("-o is a folder", &["chart", &timed, "-o", "folder.svg"], &["`folder.svg`", "a folder"]);
    std::fs::create_dir_all(s.path().join("in-the-way/2026-07-04-smsgate-api.svg")).expect("mkdir");
    case(
        "a staged file's place is taken by a folder",
        &["render", &timed, "-o", "in-the-way/"],
        &["in-the-way/2026-07-04-smsgate-api.svg", "nothing was written"],
    );
    assert!(!s.path().join("in-the-way/2026-07-04-smsgate-api.md").exists(), "a partial set was written");
    s.write("leap.json", br#"{"incidents": [{"id": "x", "name": "x", "status": "resolved", "created_at": "2016-12-31T23:59:60Z", "incident_updates": []}]}"#);
    case(
        "leap second",
        &["import", "--from", "statuspage", "leap.json", "-o", "leap"],
        &["leap.json", "`incidents[0].created_at`", "leap second"],
    );
    case("unknown check", &["explain", "PM999"], &["`PM999`", "--list"]);
    std::fs::create_dir(s.path().join("exported")).expect("mkdir");
    assert_eq!(code(&s.run(&["templates", "export", "exported"])), 0);
    case(
        "existing templates",
        &["templates", "export", "exported"],
        &["exported/postmortem.md.j2", "--force"],
    );
    case("cannot create folder", &["templates", "export", "a-file/tpl"], &["`a-file/tpl`"]);
    s.write("manpages/postmortem-check.1", b"my notes\n");
    case("man: a foreign file in the way", &["man", "manpages"], &["manpages/postmortem-check.1", "--force"]);
    case("man: cannot create the folder", &["man", "a-file/pages"], &["`a-file/pages`"]);
    s.write("catalogue/postmortem.toml", b"[[services]]\nname = \"API\"\ndeployments = [\"Cloud\"]\n");
    case(
        "skeleton fails check",
        &["new", "catalogue/x.toml", "--title", "t", "--service", "API", "--deployment", "Nowhere"],
        &["--deployment", "deployments[0]"],
    );
    case("--tz", &["render", &minimal, "--tz", "Mars/Olympus"], &["--tz", "`Mars/Olympus`"]);
    case("--as-of", &["check", &minimal, "--as-of", "2026-13-01"], &["--as-of", "`2026-13-01`"]);
    let invalid = fixtures("invalid/PM102-end-before-start.toml").to_string_lossy().into_owned();
    // Refusing to publish an incident with errors is a finding (exit 1), not a failure: the
    // diagnostics above it name the place, and the refusal names the fix.
    let refused = s.run(&["status", &invalid]);
    let all = format!("{}{}", stdout(&refused), stderr(&refused));
    assert_eq!(code(&refused), 1, "{all}");
    assert!(all.contains("PM102-end-before-start.toml:12:7") && all.contains("--force"), "{all}");
    case("cannot create output folder", &["render", &minimal, "-o", "a-file/out/"], &["`a-file/out/`"]);
    case("output is the input", &["render", &minimal, "-o", &minimal], &["minimal.toml", "-o"]);
    case("chart: nothing timed", &["chart", &minimal], &["minimal.toml", "no timeline to draw"]);
    case(
        "--to conflicts with -o",
        &["render", &minimal, "--to", "md", "-o", "page.html"],
        &["`--to md`", "`-o page.html`", "drop `--to`"],
    );
    case(
        "-o names an incident or data file",
        &["render", &minimal, "-o", "taken.toml"],
        &["`taken.toml` already exists", "--force"],
    );

    let valid = fixtures("valid").to_string_lossy().into_owned();
    case(
        "report dir not a folder",
        &["report", "a-file", "--quarter", "2026-Q3"],
        &["`a-file`", "--quarter"],
    );
    case("no period", &["report", &valid], &["--quarter", "--from"]);
    case(
        "report bad date flag",
        &["report", &valid, "--from", "2026-07-40", "--until", "2026-08-01"],
        &["--from", "`2026-07-40`"],
    );
    case("bad quarter", &["report", &valid, "--quarter", "2026-Q5"], &["--quarter", "`2026-Q5`"]);
    case(
        "until before from",
        &["report", &valid, "--from", "2026-08-01", "--until", "2026-07-01"],
        &["--until", "--from"],
    );
    case("no config found", &["report", "--quarter", "2026-Q3"], &["postmortem.toml", "incidents/"]);
    assert_failure(
        "report bad config",
        &run_in(&s.path().join("broken"), &["report", "--quarter", "2026-Q3"]),
        &["postmortem.toml:1:8"],
    );
    driven.borrow_mut().push("report bad config".to_string());
    s.write("rt/report.md.j2", b"\xff");
    case(
        "template error",
        &["report", &valid, "--quarter", "2026-Q3", "--templates", "rt"],
        &["rt/report.md.j2"],
    );
    s.write("rt2/report.md.j2", b"x\n{% if %}");
    case(
        "template error",
        &["report", &valid, "--quarter", "2026-Q3", "--templates", "rt2"],
        &["rt2/report.md.j2", "line 2"],
    );

    s.write("scribe/a.toml", b"format = 1\ntitle = \"T\"\nservice = \"S\"\ndeployments = [\"EU\"]\n");
    case("scribe: bad --now", &["log", "scribe/a.toml", "x", "--now", "teatime"], &["--now", "teatime"]);
    case("scribe: refused", &["log", "scribe/a.toml", "x", "--at", "25:99"], &["scribe/a.toml", "--at"]);
    case(
        "scribe: refused",
        &["impact", "scribe/a.toml", "--deployment", "US", "--status", "major_outage"],
        &["scribe/a.toml:4:15", "`US`"],
    );
    s.write("scribe/broken.toml", b"format = 1\ntitle = \"T\"\nservice = \"S\"\nbogus = 1\n");
    case("scribe: file does not load", &["log", "scribe/broken.toml", "x"], &["scribe/broken.toml", "bogus"]);
    s.write("scribe-config/postmortem.toml", b"timezone = \"Mars/Olympus\"\n");
    s.write("scribe-config/a.toml", b"format = 1\ntitle = \"T\"\nservice = \"S\"\n");
    case("scribe: bad config", &["log", "scribe-config/a.toml", "x"], &["postmortem.toml", "Mars/Olympus"]);
    let seed = root().join("incidents").to_string_lossy().into_owned();
    case("site dir not a folder", &["site", "a-file", "-o", "out"], &["`a-file`", "not a folder"]);
    case(
        "site: cannot stage",
        &["site", &seed, "-o", "missing/site", "--as-of", "2026-07-20"],
        &["`missing/site`"],
    );
    case(
        "site: -o is a file",
        &["site", &seed, "-o", "a-file", "--as-of", "2026-07-20"],
        &["`a-file`", "not a folder"],
    );
    s.write("own/notes.txt", b"mine");
    case(
        "site: -o is a folder it did not write",
        &["site", &seed, "-o", "own", "--as-of", "2026-07-20"],
        &["`own`", "did not write"],
    );
    s.write("nest/incidents/x.txt", b"x");
    case(
        "site output holds the incidents",
        &["site", "nest/incidents", "-o", "nest"],
        &["`nest`", "incident folder"],
    );
    case("site --as-of", &["site", &seed, "-o", "out", "--as-of", "July"], &["--as-of", "July"]);
    case(
        "site --base-url",
        &["site", &seed, "-o", "out", "--base-url", "javascript:alert(1)"],
        &["--base-url"],
    );
    case("site: no config found", &["site", "-o", "out"], &["postmortem.toml", "incidents/"]);
    assert_failure(
        "site bad config",
        &run_in(&s.path().join("broken"), &["site", "-o", "out"]),
        &["postmortem.toml:1:8"],
    );
    driven.borrow_mut().push("site bad config".to_string());

    let export = fixtures("slack/export").to_string_lossy().into_owned();
    let log = fixtures("pagerduty/log_entries.json").to_string_lossy().into_owned();
    s.write("md.md", b"# Title\n");
    s.write("into.toml", b"format = 1\ntitle = \"T\"\nservice = \"S\"\n");
    case(
        "import: -o missing",
        &["import", "--from", "markdown", "md.md", "--into", "into.toml"],
        &["-o DIR"],
    );
    case("pagerduty unreadable", &["import", "--from", "pagerduty", "nope.json", "-o", "."], &["nope.json"]);
    case(
        "slack: bad --since",
        &["import", "--from", "slack", &export, "--channel", "inc-payments", "-o", ".", "--since", "lunch"],
        &["--since", "lunch"],
    );
    s.write("broken.toml", b"format = 1\nbogus = 2\n");
    case(
        "slack: --into does not load",
        &["import", "--from", "slack", &export, "--channel", "inc-payments", "--into", "broken.toml"],
        &["broken.toml", "bogus"],
    );
    s.write("mars.toml", b"format = 1\ntitle = \"T\"\nservice = \"S\"\ntimezone = \"Mars/Base\"\n");
    case(
        "slack: --into has no zone",
        &["import", "--from", "slack", &export, "--channel", "inc-payments", "--into", "mars.toml"],
        &["timezone"],
    );
    s.write("badcfg/postmortem.toml", b"timezone = \"Mars/Base\"\n");
    case(
        "slack: bad config",
        &["import", "--from", "slack", &export, "--channel", "inc-payments", "-o", "badcfg"],
        &["postmortem.toml", "Mars/Base"],
    );
    case(
        "slack: -o not a folder",
        &["import", "--from", "pagerduty", &log, "-o", "a-file"],
        &["-o", "`a-file`"],
    );
    case(
        "slack: two exports",
        &["import", "--from", "slack", &export, &export, "--channel", "inc-payments", "-o", "."],
        &["one export"],
    );
    std::fs::create_dir_all(s.path().join("empty-folder")).expect("mkdir");
    case(
        "slack: not an export",
        &["import", "--from", "slack", "empty-folder", "--channel", "x", "-o", "."],
        &["empty-folder", "channels.json"],
    );
    case(
        "slack: not an export",
        &["import", "--from", "slack", "a-file", "--channel", "x", "-o", "."],
        &["a-file", "zip"],
    );
    case(
        "slack: cannot open",
        &["import", "--from", "slack", "gone.zip", "--channel", "x", "-o", "."],
        &["gone.zip"],
    );
    s.write("damaged.zip", &damaged_zip());
    case(
        "slack: damaged entry",
        &["import", "--from", "slack", "damaged.zip", "--channel", "inc", "-o", "."],
        &["damaged.zip/inc/2026-07-04.json", "truncated"],
    );
    s.write("bomb.zip", &zip_bomb());
    case(
        "slack: zip bomb",
        &["import", "--from", "slack", "bomb.zip", "--channel", "inc", "-o", "."],
        &["bomb.zip/inc/2026-07-04.json", "larger than 32 MiB"],
    );
    case(
        "slack: no such channel",
        &["import", "--from", "slack", &export, "--channel", "inc-paymnts", "-o", "."],
        &["inc-paymnts", "inc-payments"],
    );
    s.write("ts/channels.json", br#"[{"id": "C1", "name": "inc"}]"#);
    s.write("ts/inc/2026-07-04.json", br#"[{"text": "hi", "ts": "yesterday"}]"#);
    case(
        "slack: ts not a number",
        &["import", "--from", "slack", "ts", "--channel", "inc", "-o", "."],
        &["[0].ts", "yesterday"],
    );
    s.write("pd-bad.json", b"{\"log_entries\": [");
    case(
        "pagerduty: invalid JSON",
        &["import", "--from", "pagerduty", "pd-bad.json", "-o", "."],
        &["pd-bad.json:1:"],
    );
    s.write("pd-other.json", b"{\"incidents\": []}");
    case(
        "pagerduty: not a log",
        &["import", "--from", "pagerduty", "pd-other.json", "-o", "."],
        &["pd-other.json", "log_entries"],
    );
    s.write("pd-time.json", br#"[{"type": "trigger_log_entry", "created_at": "06:12"}]"#);
    case(
        "pagerduty: bad created_at",
        &["import", "--from", "pagerduty", "pd-time.json", "-o", "."],
        &["pd-time.json", "[0].created_at"],
    );
    s.write("pd-type.json", br#"{"log_entries": [{"created_at": "2026-07-04T06:12:00Z"}]}"#);
    case(
        "typed JSON error",
        &["import", "--from", "pagerduty", "pd-type.json", "-o", "."],
        &["pd-type.json:1:", "log_entries[0]", "type"],
    );
    assert!(
        !s.path()
            .read_dir()
            .expect("list")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("2026-")),
        "nothing written"
    );

    let mut expected: Vec<String> = DRIVEN.iter().map(|(_, site)| site.to_string()).collect();
    expected.sort();
    expected.dedup();
    let mut driven = driven.into_inner();
    driven.sort();
    driven.dedup();
    assert_eq!(driven, expected, "every listed site is driven");
}

/// A zip archive holding a Slack export whose day file fails its checksum.
fn damaged_zip() -> Vec<u8> {
    let mut bytes = export_zip(
        zip::CompressionMethod::Stored,
        b"[{\"text\": \"MARKER-0123456789\", \"ts\": \"1783150260.1\"}]",
    );
    if let Some(at) = bytes.windows(6).position(|w| w == b"MARKER")
        && let Some(byte) = bytes.get_mut(at)
    {
        *byte = b'N';
    }
    bytes
}

/// A zip archive whose day file unpacks to 33 MiB from a few kilobytes.
fn zip_bomb() -> Vec<u8> {
    let mut day = vec![b' '; 33 * 1024 * 1024];
    if let Some(first) = day.first_mut() {
        *first = b'[';
    }
    export_zip(zip::CompressionMethod::Deflated, &day)
}

fn export_zip(method: zip::CompressionMethod, day: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in [
        ("channels.json", &br#"[{"id": "C1", "name": "inc"}]"#[..]),
        ("users.json", b"[]"),
        ("inc/2026-07-04.json", day),
    ] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}
