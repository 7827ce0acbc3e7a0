//! Where output goes: a full device is a failure naming standard output (exit 2), and a reader
//! that closes the pipe early ends the command quietly with 0.

use std::process::{Command, Stdio};

use crate::common::{root, seed};

fn postmortem() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("postmortem"));
    command.current_dir(root()).env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    command
}

#[test]
fn a_full_device_is_a_failure_that_names_standard_output() {
    let seed = seed().to_string_lossy().into_owned();
    for args in [
        vec!["render", seed.as_str()],
        vec!["report", "--quarter", "2026-Q3"],
        vec!["check", "incidents/"],
        vec!["analyze", seed.as_str(), "--format", "json", "--as-of", "2026-12-31"],
    ] {
        // Opened for writing, never replaced: /dev/full stays the device.
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full opens");
        let output = postmortem().args(&args).stdout(full).output().expect("runs");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("cannot write to standard output") && err.contains("= help:"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    for args in
        [vec!["report", "--quarter", "2026-Q3", "--to", "html"], vec!["schema"], vec!["explain", "--list"]]
    {
        let mut child =
            postmortem().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("runs");
        // Hang up before the command has written anything: its first write meets a closed pipe.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("ends");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("error") && !err.contains("panicked"), "{args:?}: {err}");
    }
}
