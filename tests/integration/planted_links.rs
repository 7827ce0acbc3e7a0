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
