//! Hostile pull requests and odd file systems: template links, device and FIFO targets, links
//! and hard links, FIFOs and endless devices among the incidents, escapes on a terminal.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{code, external_tool, root, run, run_in, run_on_terminal, seed, stderr, stdout};

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("postmortem")
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// `text` as the inside of a TOML basic string, every control and non-ASCII character escaped.
fn toml_escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c.to_string()
            } else {
                format!("\\u{:04x}", u32::from(c))
            }
        })
        .collect()
}

fn copy_seed(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("incident.toml");
    std::fs::copy(seed(), &path).expect("copy the seed");
    path
}

#[cfg(unix)]
#[test]
fn template_links_leaving_the_folder_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = copy_seed(dir.path());
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(dir.path().join("postmortem.toml"), "").expect("config");
    // The folder beside postmortem.toml is used without any flag: the pull request's route.
    for target in ["/proc/self/environ", "/etc/passwd"] {
        let link = templates.join("postmortem.md.j2");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(target, &link).expect("symlink");
        let output = Command::new(binary())
            .arg("render")
            .arg(&incident)
            .env("POSTMORTEM_CANARY", "canary-secret-value")
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        let (out, err) = (stdout(&output), stderr(&output));
        assert_eq!(code(&output), 2, "{target}: {err}");
        assert!(err.contains("outside the template folder"), "{target}: {err}");
        assert!(!out.contains("canary-secret-value") && !err.contains("canary-secret-value"));
        assert!(!out.contains("root:"), "{out}");
    }
    // A FIFO dressed as a template is refused at once instead of waited on.
    let fifo = templates.join("postmortem.md.j2");
    std::fs::remove_file(&fifo).expect("rm");
    mkfifo(&fifo);
    let started = Instant::now();
    let output = run(&["render", &incident.to_string_lossy()]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("regular files"), "{}", stderr(&output));
}

/// A templates folder `tpl` in `dir` whose `postmortem.md.j2` overrides the built-in with `body`.
fn postmortem_template(dir: &Path, body: &str) -> PathBuf {
    let templates = dir.join("tpl");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(templates.join("postmortem.md.j2"), body).expect("write");
    templates
}

#[test]
fn a_nested_loop_template_stops_with_a_fuel_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = copy_seed(dir.path());
    let templates = postmortem_template(
        dir.path(),
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}x{% endfor %}{% endfor %}{% endfor %}",
    );
    let started = Instant::now();
    let output = run(&["render", &incident.to_string_lossy(), "--templates", &templates.to_string_lossy()]);
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("postmortem.md.j2") && err.contains("fuel"), "{err}");
}

/// A string doubled in a loop takes few steps (within the fuel) and all the memory there is:
/// the rendering stops at its memory bound with a message naming the template and exit 2,
/// under an address-space limit (1 GB) that a doubling past the bound would break with an abort.
#[test]
fn a_template_doubling_a_string_stops_at_the_memory_bound_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = copy_seed(dir.path());
    let templates = postmortem_template(
        dir.path(),
        "{% set ns = namespace(s=\"aaaaaaaaaaaaaaaa\") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    );
    let command = format!(
        "ulimit -v 1000000; exec '{}' render '{}' --to md --templates '{}'",
        binary().display(),
        incident.display(),
        templates.display()
    );
    let output = Command::new("sh").args(["-c", &command]).output().expect("sh runs");
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("template `postmortem.md.j2`") && err.contains("512 MiB"), "{err}");
    assert!(!err.contains("memory allocation") && !err.contains("backtrace"), "{err}");
}

#[test]
fn a_template_growing_its_output_stops_at_the_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = copy_seed(dir.path());
    let chunk = "y".repeat(100_000);
    let templates =
        postmortem_template(dir.path(), &format!("{{% for a in range(100000) %}}{chunk}{{% endfor %}}"));
    let output = run(&["render", &incident.to_string_lossy(), "--templates", &templates.to_string_lossy()]);
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("postmortem.md.j2") && err.contains("output limit"), "{err}");
}

/// `-o /dev/null` as root, in a private mount namespace whose /dev is a fresh tmpfs holding a
/// new null device: the real /dev/null is never at risk. The old write-then-rename replaced
/// the device with a regular file.
#[cfg(unix)]
#[test]
fn output_onto_dev_null_leaves_a_character_device() {
    let unshare = external_tool("unshare");
    let script = format!(
        "set -e; mount -t tmpfs none /dev; mknod -m 666 /dev/null c 1 3; \
         '{bin}' render '{seed}' -o /dev/null; '{bin}' status '{seed}' -o /dev/null 2>/dev/null || true; \
         stat -c %F /dev/null",
        bin = binary().display(),
        seed = seed().display()
    );
    let output = Command::new(unshare).args(["-m", "sh", "-c", &script]).output().expect("unshare runs");
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(output.status.success(), "needs root (CAP_SYS_ADMIN) for unshare -m: {err}");
    assert_eq!(out.trim(), "character special file", "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_output_without_reader_is_refused_and_dash_is_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.md");
    mkfifo(&fifo);
    let started = Instant::now();
    let output = run(&["render", &seed().to_string_lossy(), "-o", &fifo.to_string_lossy()]);
    assert!(started.elapsed() < Duration::from_secs(5));
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("nothing is reading it") && !err.contains(".postmortem-"), "{err}");
    assert!(std::fs::symlink_metadata(&fifo).is_ok_and(|m| {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_fifo()
    }));
    // A FIFO with a reader is written to, like /dev/stdout.
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).expect("read the fifo")
    });
    std::thread::sleep(Duration::from_millis(200));
    let output = run(&["render", &seed().to_string_lossy(), "-o", &fifo.to_string_lossy()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(reader.join().expect("reader").contains("# SMSGate API"));
    let dash = run(&["render", &seed().to_string_lossy(), "-o", "-"]);
    assert_eq!(code(&dash), 0);
    assert!(stdout(&dash).contains("# SMSGate API"));
    assert!(!Path::new(&crate::common::root()).join("-").exists());
}

#[cfg(unix)]
#[test]
fn links_are_written_through_and_hard_links_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real.toml");
    let unformatted = std::fs::read_to_string(seed()).expect("seed").replacen(
        "title = \"API is down\"\nservice = \"SMSGate API\"\n",
        "service = \"SMSGate API\"\ntitle = \"API is down\"\n",
        1,
    );
    std::fs::write(&real, &unformatted).expect("write");
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("real.toml", &link).expect("symlink");
    let hard = dir.path().join("hard.toml");
    std::fs::hard_link(&real, &hard).expect("hard link");
    let output = run_in(dir.path(), &["fmt", "link.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
    let formatted = std::fs::read_to_string(&real).expect("read");
    assert_ne!(formatted, unformatted, "the link's target was not formatted");
    assert_eq!(std::fs::read_to_string(&hard).expect("read"), formatted, "the hard link lost the change");
    // An output path that is a link: the link's file gets the rendering.
    let page = dir.path().join("page.md");
    std::fs::write(&page, "old").expect("write");
    let page_link = dir.path().join("out.md");
    std::os::unix::fs::symlink(&page, &page_link).expect("symlink");
    let output = run(&["render", &seed().to_string_lossy(), "-o", &page_link.to_string_lossy()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&page_link).expect("stat").file_type().is_symlink());
    assert!(std::fs::read_to_string(&page).expect("read").contains("# SMSGate API"));
}

/// An incidents folder with a FIFO and a link to /dev/zero: each is PM001 at once, for every
/// command that reads the folder.
#[cfg(unix)]
#[test]
fn fifos_and_endless_devices_among_incidents_are_pm001_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = dir.path().join("incidents");
    std::fs::create_dir(&incidents).expect("mkdir");
    std::fs::copy(seed(), incidents.join("2026-07-04-smsgate-api.toml")).expect("copy");
    mkfifo(&incidents.join("2026-07-05-fifo.toml"));
    std::os::unix::fs::symlink("/dev/zero", incidents.join("2026-07-06-zero.toml")).expect("symlink");
    let baseline = dir.path().join("baseline");
    std::fs::create_dir_all(baseline.join("incidents")).expect("mkdir");
    std::fs::copy(seed(), baseline.join("incidents/2026-07-04-smsgate-api.toml")).expect("copy");
    for args in [
        vec!["check", "incidents"],
        vec!["report", "incidents", "--quarter", "2026-Q3"],
        vec!["fmt", "--check", "incidents/2026-07-05-fifo.toml", "incidents/2026-07-06-zero.toml"],
    ] {
        // The same command on the folder without them: what the FIFO and /dev/zero add.
        let started = Instant::now();
        let _ = run_in(&baseline, &args);
        let usual = started.elapsed();
        let started = Instant::now();
        let output = run_in(dir.path(), &args);
        let elapsed = started.elapsed();
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            elapsed < usual + Duration::from_secs(1),
            "{args:?} took {elapsed:?} (without them {usual:?})"
        );
        assert!(matches!(code(&output), 1 | 2), "{args:?}: {all}");
        assert!(
            all.contains("2026-07-05-fifo.toml") && all.contains("2026-07-06-zero.toml"),
            "{args:?}: {all}"
        );
        if args[0] != "report" {
            assert!(all.contains("PM001") || all.contains("unreadable-file"), "{args:?}: {all}");
        }
        assert!(all.contains("not a regular file"), "{args:?}: {all}");
    }
}

/// Escapes in the data reach a terminal visibly escaped (a pseudo-terminal from `script`),
/// and a pipe unchanged.
#[test]
fn escapes_show_escaped_on_a_terminal_and_unchanged_in_a_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J Clipboard\u{202e}txt.exe\rResolved";
    let text = std::fs::read_to_string(seed()).expect("seed").replacen(
        "text = \"API went down.\"",
        &format!("text = \"API went down. {}\"", toml_escaped(hostile)),
        1,
    );
    let incident = dir.path().join("incident.toml");
    std::fs::write(&incident, text).expect("write");
    let shown = stdout(&run_on_terminal(&root(), &["status", &incident.to_string_lossy()]));
    assert!(shown.contains("\\u{1b}]52;c;ZXZpbA=="), "{shown:?}");
    // The CR was a line break when the file was read: it cannot rewrite the line any more.
    assert!(shown.contains("\\u{202e}txt.exe Resolved"), "{shown:?}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{202e}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    let piped = run(&["status", &incident.to_string_lossy()]);
    let kept = hostile.replace('\r', " ");
    assert!(stdout(&piped).contains(&kept), "{:?}", stdout(&piped));
}

/// One Statuspage incident as JSON: `id`, `name`, created at `at` (RFC 3339), resolved an hour on.
fn statuspage_incident(id: &str, name: &str, at: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": name, "status": "resolved", "impact": "minor",
        "created_at": at, "updated_at": at, "resolved_at": at,
        "incident_updates": [
            {"id": format!("{id}-u2"), "status": "resolved", "body": "Fixed.", "created_at": at, "display_at": at},
            {"id": format!("{id}-u1"), "status": "investigating", "body": "Looking.", "created_at": at, "display_at": at}
        ],
        "components": []
    })
}

fn statuspage_export(dir: &Path, incidents: Vec<serde_json::Value>) -> std::path::PathBuf {
    let path = dir.join("export.json");
    let document = serde_json::json!({"page": {"id": "p", "name": "Example", "time_zone": "UTC"}, "incidents": incidents});
    std::fs::write(&path, serde_json::to_string_pretty(&document).expect("json")).expect("write");
    path
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn colliding_statuspage_ids_import_as_distinct_files_and_repeats_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = "2026-03-09T08:00:00Z";
    let incidents = vec![
        statuspage_incident("abc", "API errors", at),
        statuspage_incident("ABC", "API errors", at),
        statuspage_incident("ðŸ", "API errors", at),
        statuspage_incident("ðŸš", "API errors", at),
        // An earlier disambiguated name, taken by another title.
        statuspage_incident("q", "API errors abc", at),
        // Overlapping pages of an export list one incident twice.
        statuspage_incident("abc", "API errors", at),
    ];
    let export = statuspage_export(dir.path(), incidents);
    let out = dir.path().join("incidents");
    let args = ["import", "--from", "statuspage", &export.to_string_lossy(), "-o", &out.to_string_lossy()];
    let output = run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let names = names_in(&out);
    assert_eq!(names.len(), 5, "{names:?}");
    let lower: std::collections::HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), 5, "names differing only in case: {names:?}");
    // A re-run finds identical files and completes; nothing is refused or duplicated.
    let again = run(&args);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(stdout(&again).contains("unchanged"), "{}", stdout(&again));
    assert_eq!(names_in(&out), names);
    // A file with other content in the way: nothing of the set is written.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join(&names[2]), "mine").expect("write");
    let output =
        run(&["import", "--from", "statuspage", &export.to_string_lossy(), "-o", &other.to_string_lossy()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("nothing was written"), "{}", stderr(&output));
    assert_eq!(names_in(&other), [names[2].clone()]);
}

#[test]
fn statuspage_leap_seconds_are_refused_like_check_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export =
        statuspage_export(dir.path(), vec![statuspage_incident("x", "Leap", "2016-12-31T23:59:60Z")]);
    let out = dir.path().join("out");
    let output =
        run(&["import", "--from", "statuspage", &export.to_string_lossy(), "-o", &out.to_string_lossy()]);
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    assert!(
        stderr(&output).contains("leap second") && stderr(&output).contains("incidents[0]"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists() || names_in(&out).is_empty());
}

/// kill -9 in the middle of a large import, then a re-run: it completes, and no temporary
/// file or staging folder is left.
#[cfg(unix)]
#[test]
fn an_import_killed_mid_way_is_completed_by_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = (0..3000)
        .map(|i| {
            statuspage_incident(&format!("id{i}"), &format!("Incident number {i}"), "2026-03-09T08:00:00Z")
        })
        .collect();
    let export = statuspage_export(dir.path(), incidents);
    let out = dir.path().join("out");
    let args = ["import", "--from", "statuspage", &export.to_string_lossy(), "-o", &out.to_string_lossy()];
    let mut child =
        Command::new(binary()).args(args).stdout(std::process::Stdio::null()).spawn().expect("spawn");
    // Wait for the staging folder, then kill while it is being filled.
    let started = Instant::now();
    let staged = loop {
        let found = std::fs::read_dir(&out).ok().and_then(|entries| {
            entries
                .flatten()
                .find(|e| e.file_name().to_string_lossy().ends_with(".staging"))
                .map(|e| e.path())
        });
        if let Some(staged) = found
            && std::fs::read_dir(&staged).is_ok_and(|mut e| e.next().is_some())
        {
            break true;
        }
        if started.elapsed() > Duration::from_secs(60) || child.try_wait().expect("wait").is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().expect("kill -9");
    let _ = child.wait();
    assert!(staged, "the import never staged a file (too fast to interrupt?)");
    let output = run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let names = names_in(&out);
    assert_eq!(names.len(), 3000, "{:?}", &names[..names.len().min(5)]);
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "leftover: {:?}",
        names.iter().filter(|n| n.starts_with('.')).collect::<Vec<_>>()
    );
}
