//! Re-running a command when its input file changes (`render --watch`): polls the file's
//! modification time and length and waits for a change to settle before re-running.
//!
//! Polling rather than OS notifications keeps the tool free of a platform-specific crate and
//! works the same on network and container mounts; a ~200 ms poll of one file costs nothing.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::output::Failure;
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

/// What is looked at: editors that save by renaming change the time and the inode, truncating
/// ones the length; a replacement of the same size with its time kept (`cp -p`, `touch -r`, a
/// checkout) changes the inode or the status-change time, and on file systems with coarse times
/// only the content tells, so its hash is part of the stamp too (read through the load module's
/// bounded reader: a file swapped for a FIFO or a device is never opened for reading).
/// `None` while the file is missing or unreadable (between an editor's delete and rename).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(Option<FileState>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileState {
    modified: SystemTime,
    len: u64,
    /// Device and inode, and the status-change time in nanoseconds (unix; zero elsewhere).
    identity: (u64, u64, i128),
    content: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Stamp {
        let state = || {
            let meta = std::fs::metadata(path).ok()?;
            let bytes = crate::load::read_bounded(path, crate::load::MAX_FILE_BYTES).ok()?;
            Some(FileState {
                modified: meta.modified().ok()?,
                len: meta.len(),
                identity: identity(&meta),
                content: content_hash(&bytes),
            })
        };
        Stamp(state())
    }
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64, i128) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64, i128) {
    (0, 0, 0)
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Refuse, before the first run, a path that is not a regular file (after links): a FIFO
/// would never change the way a file does, and a device never ends.
pub fn ensure_watchable(path: &Path) -> Result<(), Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure::io("watch", path, e))?;
    if meta.is_file() {
        return Ok(());
    }
    let kind = match crate::load::read_bounded(path, 0) {
        Err(crate::load::Refusal::NotRegular(kind)) => kind,
        _ => "not a regular file",
    };
    Err(Failure::new(format!("--watch: `{}` is {kind}; only regular files can be watched", path.display()))
        .help("watch the incident file itself (a link to a regular file is fine)"))
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
        Stamp(Some(FileState {
            modified: SystemTime::UNIX_EPOCH + Duration::from_secs(seconds),
            len,
            identity: (1, 1, 0),
            content: len,
        }))
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

    #[test]
    fn a_same_size_replacement_with_the_time_kept_is_a_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "title = 1").expect("write");
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
        let before = Stamp::of(&path);
        // Rewritten in place (same inode), same length, the modification time put back.
        std::fs::write(&path, "title = 2").expect("rewrite");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .expect("set mtime");
        assert_ne!(Stamp::of(&path), before);
        // And replaced by a renamed file of the same size and time.
        let other = dir.path().join("b.toml");
        std::fs::write(&other, "title = 2").expect("write other");
        std::fs::File::options()
            .write(true)
            .open(&other)
            .and_then(|f| f.set_modified(modified))
            .expect("set mtime");
        let rewritten = Stamp::of(&path);
        std::fs::rename(&other, &path).expect("rename");
        assert_ne!(Stamp::of(&path), rewritten);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_being_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("incident.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let err = ensure_watchable(&fifo).expect_err("a FIFO");
        assert!(err.to_string().contains("is a FIFO; only regular files can be watched"), "{err}");
        assert_eq!(Stamp::of(&fifo), Stamp(None), "never read");
        let file = dir.path().join("real.toml");
        std::fs::write(&file, "x").expect("write");
        assert!(ensure_watchable(&file).is_ok());
    }
}
