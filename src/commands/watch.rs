//! Re-running a command when its input file changes (`render --watch`): polls the file's
//! modification time and length and waits for a change to settle before re-running.
//!
//! Polling rather than OS notifications keeps the tool free of a platform-specific crate and
//! works the same on network and container mounts; a ~200 ms poll of one file costs nothing.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::reporter::print_to_stderr;

/// How often to look, and how long a change must be quiet before the action runs.
#[derive(Debug, Clone, Copy)]
pub struct WatchOptions {
    pub poll: Duration,
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions { poll: Duration::from_millis(200), debounce: Duration::from_millis(300) }
    }
}

/// What is looked at: editors that save by renaming change the time, truncating ones the length.
/// `None` while the file is missing (between an editor's delete and rename).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(Option<(SystemTime, u64)>);

impl Stamp {
    pub fn of(path: &Path) -> Stamp {
        Stamp(std::fs::metadata(path).ok().and_then(|m| Some((m.modified().ok()?, m.len()))))
    }
}

/// Turns a stream of stamps into "run now" signals: once per burst of changes, after the
/// burst has been quiet for the debounce time.
#[derive(Debug)]
pub struct Debouncer {
    last: Stamp,
    /// When the latest unsettled change was seen.
    changed_at: Option<Instant>,
    debounce: Duration,
}

impl Debouncer {
    pub fn new(initial: Stamp, debounce: Duration) -> Debouncer {
        Debouncer { last: initial, changed_at: None, debounce }
    }

    /// Feed one observation; true when a change has settled and the action should run.
    pub fn observe(&mut self, stamp: Stamp, now: Instant) -> bool {
        if stamp != self.last {
            self.last = stamp;
            self.changed_at = Some(now);
            return false;
        }
        match self.changed_at {
            Some(at) if now.saturating_duration_since(at) >= self.debounce => {
                self.changed_at = None;
                true
            }
            _ => false,
        }
    }
}

/// Run `action` once, then again after every settled change of `path`, until `keep_going`
/// says stop (the command passes `|| true` and ends with Ctrl-C). Each run is announced on
/// stderr with the time, so the diagnostics the action prints can be told apart.
pub fn watch(
    path: &Path,
    options: WatchOptions,
    mut action: impl FnMut(),
    mut keep_going: impl FnMut() -> bool,
) {
    let mut debouncer = Debouncer::new(Stamp::of(path), options.debounce);
    action();
    announce_waiting(path);
    while keep_going() {
        std::thread::sleep(options.poll);
        if debouncer.observe(Stamp::of(path), Instant::now()) {
            let now = chrono::Utc::now().format("%H:%M:%S UTC");
            print_to_stderr(&format!("--- {} changed; running again at {now} ---\n", path.display()));
            action();
            announce_waiting(path);
        }
    }
}

fn announce_waiting(path: &Path) {
    print_to_stderr(&format!("watching {} for changes (Ctrl-C to stop)\n", path.display()));
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn stamp(seconds: u64, len: u64) -> Stamp {
        Stamp(Some((SystemTime::UNIX_EPOCH + Duration::from_secs(seconds), len)))
    }

    #[test]
    fn a_burst_of_changes_runs_once_after_it_settles() {
        let start = Instant::now();
        let ms = |n: u64| start + Duration::from_millis(n);
        let mut debouncer = Debouncer::new(stamp(1, 10), Duration::from_millis(300));
        assert!(!debouncer.observe(stamp(1, 10), ms(200)), "no change");
        assert!(!debouncer.observe(stamp(2, 0), ms(400)), "truncated by the editor");
        assert!(!debouncer.observe(Stamp(None), ms(600)), "renamed away");
        assert!(!debouncer.observe(stamp(3, 12), ms(800)), "written");
        assert!(!debouncer.observe(stamp(3, 12), ms(1000)), "not yet quiet");
        assert!(debouncer.observe(stamp(3, 12), ms(1100)), "settled");
        assert!(!debouncer.observe(stamp(3, 12), ms(1500)), "runs once per burst");
        assert!(!debouncer.observe(stamp(3, 13), ms(1700)));
        assert!(debouncer.observe(stamp(3, 13), ms(2000)));
    }

    #[test]
    fn watching_a_real_file_reruns_on_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "one").expect("write");
        let runs = Cell::new(0);
        let polls = Cell::new(0);
        let options = WatchOptions { poll: Duration::from_millis(10), debounce: Duration::from_millis(30) };
        watch(
            &path,
            options,
            || runs.set(runs.get() + 1),
            || {
                polls.set(polls.get() + 1);
                if polls.get() == 3 {
                    // A different length makes the change visible even with coarse mtimes.
                    std::fs::write(&path, "two, longer").expect("write");
                }
                polls.get() < 40
            },
        );
        assert_eq!(runs.get(), 2, "once at start, once after the change");
    }
}
