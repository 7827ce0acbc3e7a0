//! Where a file the tool reads may lie: never in a file system the kernel generates (`/proc`,
//! `/sys`: `/proc/self/environ` holds CI tokens), and, for a file found by walking a folder or
//! the config found by discovery, inside the repository (a link planted in a pull request,
//! `incidents/s.toml -> /etc/shadow`, would otherwise be quoted in diagnostics).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Refusal;

/// `path` resolved must lie inside `root` (itself resolved).
pub fn inside(path: &Path, root: &Path) -> Result<(), Refusal> {
    let resolved = std::fs::canonicalize(path).map_err(Refusal::Io)?;
    if resolved.starts_with(root) {
        Ok(())
    } else {
        Err(Refusal::Outside { target: resolved, root: root.to_path_buf() })
    }
}

/// Links found by walking a folder, with the root each must resolve inside. Every reader
/// ([`super::read_bounded`], [`super::read_head`]) consults it, so that `check`, `report`,
/// `site` and `fmt` apply the rule to what the walk found without each carrying it along; a
/// file named on the command line is not in it and may be read wherever it is.
static WALKED_LINKS: Mutex<Option<HashMap<PathBuf, Arc<PathBuf>>>> = Mutex::new(None);

/// Note that `link`, found by walking a folder, must resolve inside `root`.
pub fn note_walked_link(link: PathBuf, root: Arc<PathBuf>) {
    let mut links = WALKED_LINKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    links.get_or_insert_with(HashMap::new).insert(link, root);
}

/// The root a walked link must resolve inside, when `path` is one.
pub fn walked_link_root(path: &Path) -> Option<Arc<PathBuf>> {
    let links = WALKED_LINKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    links.as_ref()?.get(path).cloned()
}

/// Whether an open file lies in a file system whose contents the kernel generates (procfs,
/// sysfs and their kin): such "files" report size 0 and hold whatever the kernel says, such
/// as the environment of the process reading them.
#[cfg(target_os = "linux")]
pub fn generated_by_the_kernel(file: &std::fs::File) -> bool {
    use std::os::fd::AsRawFd;
    const GENERATED: [i64; 9] = [
        0x9fa0,      // procfs
        0x6265_6572, // sysfs
        0x6462_6720, // debugfs
        0x7472_6163, // tracefs
        0x7363_6673, // securityfs
        0x0027_e0eb, // cgroup
        0x6367_7270, // cgroup2
        0x6265_6570, // configfs
        0xde5e_81e4, // efivarfs
    ];
    let mut stats = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: fstatfs fills `stats` for a descriptor `file` keeps open for the call.
    let done = unsafe { libc::fstatfs(file.as_raw_fd(), stats.as_mut_ptr()) } == 0;
    if !done {
        return false;
    }
    // SAFETY: initialised by the successful call.
    let stats = unsafe { stats.assume_init() };
    // `f_type`'s type differs between targets (i64 here, u32 or i32 elsewhere).
    #[allow(clippy::unnecessary_cast)]
    let kind = stats.f_type as i64;
    GENERATED.contains(&kind)
}

#[cfg(not(target_os = "linux"))]
pub fn generated_by_the_kernel(_file: &std::fs::File) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_and_sys_are_generated_and_a_temporary_file_is_not() {
        let open = |p: &str| std::fs::File::open(p).expect("open");
        assert!(generated_by_the_kernel(&open("/proc/self/environ")));
        assert!(
            generated_by_the_kernel(&open("/sys/kernel/uevent_seqnum")) || !Path::new("/sys/kernel").exists()
        );
        let file = tempfile::NamedTempFile::new().expect("tempfile");
        assert!(!generated_by_the_kernel(file.as_file()));
    }

    #[test]
    fn a_path_must_resolve_inside_the_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir(root.join("a")).expect("mkdir");
        assert!(inside(&root.join("a"), &root).is_ok());
        assert!(matches!(inside(Path::new("/etc/hostname"), &root), Err(Refusal::Outside { .. })));
    }
}
