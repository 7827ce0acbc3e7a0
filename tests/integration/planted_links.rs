//! Links planted where the tool writes or reads: an output path that is a link is judged by the
//! file it leads to (an incident or the config is never replaced), a dangling link or one leading
//! out of the folder written into is refused; files read from a folder or found as the config
//! must lie inside the repository and never in /proc, /sys or /dev.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::{code, run_in, seed, stderr, stdout};

/// A git repository with the project config and one incident, `incidents/i.toml`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    std::fs::copy(crate::common::root().join("postmortem.toml"), dir.path().join("postmortem.toml"))
        .expect("copy the config");
    std::fs::copy(seed(), dir.path().join("incidents/i.toml")).expect("copy the seed");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn an_output_link_to_an_incident_or_the_config_is_refused_by_its_target() {
    let dir = repository();
    let config = read(&dir.path().join("postmortem.toml"));
    std::fs::copy(seed(), dir.path().join("incidents/other.toml")).expect("copy");
    let other = read(&dir.path().join("incidents/other.toml"));
    symlink("postmortem.toml", dir.path().join("r.json")).expect("symlink");
    symlink("incidents/other.toml", dir.path().join("out.md")).expect("symlink");
    symlink("postmortem.toml", dir.path().join("c.svg")).expect("symlink");
    for args in [
        vec!["report", "--quarter", "2026-Q3", "-o", "r.json"],
        vec!["report", "incidents", "--quarter", "2026-Q3", "-o", "r.json", "--to", "json"],
        vec!["render", "incidents/i.toml", "-o", "out.md"],
        vec!["chart", "incidents/i.toml", "-o", "c.svg"],
    ] {
        let output = run_in(dir.path(), &args);
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{args:?}: {err}");
        assert!(err.contains("a link to") && err.contains("--force"), "{args:?}: {err}");
    }
    assert_eq!(read(&dir.path().join("postmortem.toml")), config, "the config was replaced");
    assert_eq!(read(&dir.path().join("incidents/other.toml")), other, "an incident was replaced");
}

#[test]
fn a_link_leading_out_of_the_folder_written_into_is_refused_unless_forced() {
    let dir = repository();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let bashrc = elsewhere.path().join(".bashrc");
    std::fs::write(&bashrc, "export PATH\n").expect("write");
    std::fs::create_dir(dir.path().join("public")).expect("mkdir");
    symlink(&bashrc, dir.path().join("public/postmortem.md")).expect("symlink");
    // The same through `-o DIR`: one name of the set is a link out of it.
    std::fs::create_dir(dir.path().join("site")).expect("mkdir");
    symlink(&bashrc, dir.path().join("site/i.html")).expect("symlink");
    for args in [
        vec!["render", "incidents/i.toml", "-o", "public/postmortem.md"],
        vec!["render", "incidents/i.toml", "-o", "site/"],
        vec!["report", "incidents", "--quarter", "2026-Q3", "-o", "public/postmortem.md"],
    ] {
        let output = run_in(dir.path(), &args);
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{args:?}: {err}");
        assert!(err.contains(&*bashrc.to_string_lossy()) && err.contains("outside the folder"), "{err}");
        assert_eq!(read(&bashrc), "export PATH\n", "{args:?} wrote through the link");
    }
    assert!(!dir.path().join("site/i.md").exists(), "a partial set was written");
    // A link inside the folder is written through; `--force` follows one that leaves it.
    std::fs::write(dir.path().join("public/page.md"), "old").expect("write");
    symlink("page.md", dir.path().join("public/latest.md")).expect("symlink");
    let output = run_in(dir.path(), &["render", "incidents/i.toml", "-o", "public/latest.md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(read(&dir.path().join("public/page.md")).contains("# SMSGate API"));
    let output = run_in(dir.path(), &["render", "incidents/i.toml", "-o", "public/postmortem.md", "--force"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(read(&bashrc).contains("# SMSGate API"));
}

#[test]
fn a_dangling_output_link_is_refused_and_its_target_not_created() {
    let dir = repository();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let nowhere = elsewhere.path().join("x");
    std::fs::create_dir(dir.path().join("pub2")).expect("mkdir");
    symlink(&nowhere, dir.path().join("pub2/i.html")).expect("symlink");
    symlink(&nowhere, dir.path().join("page.md")).expect("symlink");
    symlink(&nowhere, dir.path().join("incidents/2026-08-01-x.toml")).expect("symlink");
    for args in [
        vec!["render", "incidents/i.toml", "-o", "pub2/"],
        vec!["render", "incidents/i.toml", "-o", "page.md", "--force"],
        vec!["new", "incidents/2026-08-01-x.toml"],
    ] {
        let output = run_in(dir.path(), &args);
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{args:?}: {err}");
        assert!(err.contains("does not exist"), "{args:?}: {err}");
        assert!(!nowhere.exists(), "{args:?} created the link's target");
    }
}

#[test]
fn device_sinks_and_descriptors_stay_writable() {
    let dir = repository();
    let output = run_in(dir.path(), &["render", "incidents/i.toml", "-o", "/dev/stdout"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("# SMSGate API"));
    let output = run_in(
        dir.path(),
        &["report", "incidents", "--quarter", "2026-Q3", "-o", "/dev/stdout", "--to", "csv"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("i.toml"), "{}", stdout(&output));
    // Redirected to a file, /dev/stdout writes into that file.
    let file = std::fs::File::create(dir.path().join("redirected.md")).expect("create");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("postmortem"))
        .args(["render", "incidents/i.toml", "-o", "/dev/fd/1"])
        .current_dir(dir.path())
        .stdout(file)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("runs");
    assert!(status.success());
    assert!(read(&dir.path().join("redirected.md")).contains("# SMSGate API"));
}

/// The binary in `dir` with a secret in its environment.
fn run_with_secret(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("postmortem")
        .expect("binary built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SECRET_TOKEN", "hunter2-planted")
        .env_remove("RUST_BACKTRACE")
        .args(args)
        .output()
        .expect("binary runs")
}

#[test]
fn incidents_linking_out_of_the_repository_or_into_proc_are_pm001_without_their_contents() {
    let dir = repository();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let secret = elsewhere.path().join("shadow.toml");
    std::fs::write(&secret, "root:hunter2-planted:19000:0:99999:7:::\n").expect("write");
    symlink("/proc/self/environ", dir.path().join("incidents/env.toml")).expect("symlink");
    symlink(&secret, dir.path().join("incidents/s.toml")).expect("symlink");
    for args in [
        vec!["check"],
        vec!["check", "incidents"],
        vec!["check", "incidents/env.toml"],
        vec!["report", "--quarter", "2026-Q3"],
        vec!["report", "incidents", "--quarter", "2026-Q3", "--to", "json"],
        vec!["fmt", "--check", "incidents"],
    ] {
        let output = run_with_secret(dir.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(matches!(code(&output), 1 | 2), "{args:?}: {all}");
        assert!(!all.contains("hunter2"), "{args:?} showed the linked file:\n{all}");
        assert!(all.contains("env.toml") && all.contains("environ"), "{args:?}: {all}");
        if !args.contains(&"incidents/env.toml") {
            assert!(all.contains("s.toml") && all.contains("shadow.toml"), "{args:?}: {all}");
        }
        if args[0] != "report" {
            assert!(all.contains("PM001") || all.contains("unreadable-file"), "{args:?}: {all}");
        }
    }
    // Named by a shell glob or a pre-commit hook, a planted link is still refused.
    for args in [vec!["check", "incidents/s.toml"], vec!["fmt", "--check", "incidents/s.toml"]] {
        let output = run_with_secret(dir.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(matches!(code(&output), 1 | 2) && !all.contains("hunter2"), "{args:?}: {all}");
        assert!(all.contains("s.toml") && all.contains("shadow.toml"), "{args:?}: {all}");
    }
    // Named on the command line, a file outside the repository is read; one in /proc never.
    let output = run_in(dir.path(), &["check", &secret.to_string_lossy()]);
    assert!(stdout(&output).contains("PM002") || stderr(&output).contains("PM002"), "{}", stdout(&output));
    let output = run_with_secret(dir.path(), &["check", "/proc/self/environ"]);
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(all.contains("PM001") && !all.contains("hunter2"), "{all}");
}

#[test]
fn a_config_linking_out_or_naming_an_incident_folder_outside_is_refused() {
    let dir = repository();
    let config = dir.path().join("postmortem.toml");
    let text = read(&config);
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(elsewhere.path().join("incidents")).expect("mkdir");
    std::fs::write(elsewhere.path().join("incidents/x.toml"), "hunter2-planted = 1\n").expect("write");
    let outside = text.replacen(
        "incidents = \"incidents\"",
        &format!("incidents = \"{}\"", elsewhere.path().join("incidents").display()),
        1,
    );
    assert_ne!(outside, text, "the config names its incident folder");
    std::fs::write(&config, &outside).expect("write");
    for args in [vec!["check"], vec!["report", "--quarter", "2026-Q3"]] {
        let output = run_in(dir.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(code(&output), 2, "{args:?}: {all}");
        assert!(all.contains("postmortem.toml:7:13") && all.contains("outside the repository"), "{all}");
        assert!(!all.contains("hunter2"), "{all}");
    }
    std::fs::remove_file(&config).expect("rm");
    symlink("/proc/self/environ", &config).expect("symlink");
    for args in [vec!["check"], vec!["check", "incidents"], vec!["report", "--quarter", "2026-Q3"]] {
        let output = run_with_secret(dir.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(code(&output), 2, "{args:?}: {all}");
        assert!(
            all.contains("postmortem.toml") && all.contains("environ") && !all.contains("hunter2"),
            "{all}"
        );
    }
}

/// A config that is a FIFO or a device was passed over (defaults, exit 0): it is PM001 now.
#[test]
fn a_config_that_is_a_fifo_or_device_is_an_error_not_the_defaults() {
    let dir = repository();
    let incident = dir.path().join("incidents/i.toml");
    let text = read(&incident).replacen("severity = \"SEV-2\"", "severity = \"SEV9\"", 1);
    std::fs::write(&incident, text).expect("write");
    let output = run_in(dir.path(), &["check"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    assert!(stdout(&output).contains("PM105"), "{}", stdout(&output));
    let config = dir.path().join("postmortem.toml");
    std::fs::rename(&config, dir.path().join("real.toml")).expect("mv");
    symlink("/dev/zero", &config).expect("symlink");
    let fifo = dir.path().join("fifo");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    for setup in ["device", "fifo"] {
        if setup == "fifo" {
            std::fs::remove_file(&config).expect("rm");
            std::fs::rename(&fifo, &config).expect("mv");
        }
        for args in [vec!["check"], vec!["check", "incidents"], vec!["report", "--quarter", "2026-Q3"]] {
            let output = run_in(dir.path(), &args);
            let all = format!("{}{}", stdout(&output), stderr(&output));
            assert_eq!(code(&output), 2, "{setup} {args:?}: {all}");
            assert!(all.contains("postmortem.toml") && all.contains("not a regular file"), "{all}");
        }
    }
}
