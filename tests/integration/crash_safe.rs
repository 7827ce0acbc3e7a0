//! Every command that writes a file, made to fail mid-write: the earlier file stays as it was
//! and no temporary file is left behind. The failure is real: `ulimit -f 1` caps the size a
//! process may write (works as root too, unlike a read-only folder), so the write of the
//! temporary file fails with EFBIG. With SIGXFSZ left at its default the kernel kills the
//! process in the middle of that write instead: an interrupted write.

#![cfg(unix)]

use std::path::Path;
use std::process::Output;

use crate::common::{code, fixtures, root, seed, stderr};

/// Run the binary in `dir` with writes capped at one 512-byte block; `killed` leaves SIGXFSZ
/// at its default, which ends the process mid-write.
fn run_capped(dir: &Path, args: &[&str], killed: bool) -> Output {
    let trap = if killed { "" } else { "trap '' XFSZ; " };
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 1; {trap}exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    crate::common::run_in(dir, args)
}

/// The names in `dir` that look like a temporary file of ours.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".postmortem-") && n.ends_with(".tmp"))
        .collect()
}

/// A failed write: exit 2, a message naming the file and a fix, the earlier bytes, no leftover.
fn assert_failed_cleanly(output: &Output, target: &Path, earlier: &[u8]) {
    let err = stderr(output);
    assert_eq!(code(output), 2, "{err}");
    let name = target.file_name().expect("name").to_string_lossy();
    assert!(err.contains(&*name) && err.contains("File too large") && err.contains("help:"), "{err}");
    assert_eq!(std::fs::read(target).expect("earlier file still there"), earlier);
    let dir = target.parent().expect("folder");
    assert!(leftovers(dir).is_empty(), "stray temporary files: {:?}", leftovers(dir));
}

/// A folder holding `page.html`, rendered from the seed: the earlier file a failed write must keep.
fn rendered_page() -> (tempfile::TempDir, std::path::PathBuf, String, Vec<u8>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("page.html");
    let seed = seed().to_string_lossy().into_owned();
    let first = run_in(dir.path(), &["render", &seed, "--to", "html", "-o", "page.html"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let earlier = std::fs::read(&target).expect("rendered");
    (dir, target, seed, earlier)
}

#[test]
fn render_output_survives_a_failed_write() {
    let (dir, target, seed, earlier) = rendered_page();
    assert!(earlier.len() > 4096, "the page must be larger than the cap");
    let failed = run_capped(
        dir.path(),
        &["render", &seed, "--to", "html", "--tz", "Asia/Tokyo", "-o", "page.html"],
        false,
    );
    assert_failed_cleanly(&failed, &target, &earlier);
}

#[test]
fn an_interrupted_render_never_leaves_a_half_written_page() {
    let (dir, target, seed, earlier) = rendered_page();
    let killed = run_capped(
        dir.path(),
        &["render", &seed, "--to", "html", "--tz", "Asia/Tokyo", "-o", "page.html"],
        true,
    );
    assert_eq!(std::os::unix::process::ExitStatusExt::signal(&killed.status), Some(25), "killed by SIGXFSZ");
    assert_eq!(std::fs::read(&target).expect("earlier file still there"), earlier);
    // A process killed outright cannot remove its temporary file: what may remain is a hidden
    // `.postmortem-*.tmp`, never a truncated `page.html`.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "page.html")
        .collect();
    assert!(names.iter().all(|n| n.starts_with(".postmortem-") && n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn import_with_force_survives_a_failed_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = fixtures("authoring/import/checkout-pdt.md").to_string_lossy().into_owned();
    let first = run_in(dir.path(), &["import", "--from", "markdown", &input, "-o", "."]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let written: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.path()).collect();
    let [target] = written.as_slice() else { panic!("one file expected: {written:?}") };
    std::fs::write(target, "# my edits\n".repeat(100)).expect("edit");
    let earlier = std::fs::read(target).expect("read");
    let failed =
        run_capped(dir.path(), &["import", "--from", "markdown", &input, "-o", ".", "--force"], false);
    assert_failed_cleanly(&failed, target, &earlier);
}

#[test]
fn statuspage_import_survives_a_failed_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = fixtures("statuspage/incidents.json").to_string_lossy().into_owned();
    let first = run_in(dir.path(), &["import", "--from", "statuspage", &input, "-o", "."]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let mut written: Vec<_> =
        std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.path()).collect();
    written.sort();
    let earlier: Vec<Vec<u8>> = written.iter().map(|p| std::fs::read(p).expect("read")).collect();
    let failed =
        run_capped(dir.path(), &["import", "--from", "statuspage", &input, "-o", ".", "--force"], false);
    assert_eq!(code(&failed), 2, "{}", stderr(&failed));
    for (path, bytes) in written.iter().zip(&earlier) {
        assert_eq!(&std::fs::read(path).expect("still there"), bytes, "{}", path.display());
    }
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn fmt_survives_a_failed_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("shuffled.toml");
    std::fs::copy(fixtures("authoring/fmt/shuffled.toml"), &target).expect("copy");
    std::fs::copy(fixtures("postmortem.toml"), dir.path().join("postmortem.toml")).expect("copy config");
    let earlier = std::fs::read(&target).expect("read");
    assert!(earlier.len() > 512, "the file must be larger than the cap");
    let failed = run_capped(dir.path(), &["fmt", "shuffled.toml"], false);
    assert_failed_cleanly(&failed, &target, &earlier);
    // And without the cap the same command does rewrite it: the failure above was the write.
    let formatted = run_in(dir.path(), &["fmt", "shuffled.toml"]);
    assert_eq!(code(&formatted), 0, "{}", stderr(&formatted));
    assert_ne!(std::fs::read(&target).expect("read"), earlier);
}

#[test]
fn new_and_templates_export_leave_nothing_on_a_failed_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let failed = run_capped(
        dir.path(),
        &["new", "incident.toml", "--title", "API is down", "--service", "API", "--deployment", "Cloud"],
        false,
    );
    assert_eq!(code(&failed), 2, "{}", stderr(&failed));
    assert!(stderr(&failed).contains("incident.toml"), "{}", stderr(&failed));
    let export = run_capped(dir.path(), &["templates", "export", "tpl"], false);
    assert_eq!(code(&export), 2, "{}", stderr(&export));
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
    assert!(names.iter().all(|n| n == "tpl"), "only the empty template folder may exist: {names:?}");
    // Templates small enough for the cap are written whole; none is written in part.
    let tpl = dir.path().join("tpl");
    assert!(leftovers(&tpl).is_empty(), "{:?}", leftovers(&tpl));
    for written in std::fs::read_dir(&tpl).expect("list").flatten() {
        let builtin = root().join("templates").join(written.file_name());
        assert_eq!(std::fs::read(written.path()).expect("read"), std::fs::read(builtin).expect("builtin"));
    }
}
