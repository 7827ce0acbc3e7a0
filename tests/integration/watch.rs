//! `render --watch`: a running watcher re-renders the output after the incident file changes.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::seed;

/// Kills the watcher however the test ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Poll `condition` every 50 ms for at most `limit`.
fn wait_for(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    condition()
}

#[test]
fn watch_rerenders_the_output_when_the_incident_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incident = dir.path().join("incident.toml");
    let text = std::fs::read_to_string(seed()).expect("seed");
    std::fs::write(&incident, &text).expect("write");
    let out = dir.path().join("out.md");
    let log = std::fs::File::create(dir.path().join("stderr.log")).expect("log");
    let child = Command::new(assert_cmd::cargo::cargo_bin!("postmortem"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["render", "incident.toml", "-o", "out.md", "--watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("starts");
    let mut watcher = Watcher(child);
    let read = || std::fs::read_to_string(&out).unwrap_or_default();

    assert!(wait_for(Duration::from_secs(10), || read().contains("7h 10m")), "first rendering: {}", read());
    // The outage now ends 75 minutes later; the duration in the output must follow.
    // The comment changes the length too, so even a filesystem with coarse mtimes shows it.
    let changed = text.replacen("end = \"2026-07-04 22:05\"", "end = \"2026-07-04 23:20\"", 1) + "# edited\n";
    assert_ne!(changed, text);
    std::fs::write(&incident, changed).expect("modify");
    assert!(wait_for(Duration::from_secs(5), || read().contains("8h 25m")), "not re-rendered: {}", read());
    assert!(!read().contains("7h 10m major outage"));
    assert!(watcher.0.try_wait().expect("status").is_none(), "the watcher keeps running");
    drop(watcher);

    // Diagnostics are printed on every run: the seed's PM301 warning, once per rendering.
    let log = std::fs::read_to_string(dir.path().join("stderr.log")).expect("log");
    assert!(log.matches("PM301").count() >= 2, "{log}");
    assert!(log.contains("changed; running again"), "{log}");
}
