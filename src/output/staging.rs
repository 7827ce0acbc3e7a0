//! Sets of files written into one folder all or nothing, and the leftovers of killed runs.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::file::{Destination, Links, destination, io_failure, single_link, sync_folder};
use super::leftovers::{STAGING_SUFFIX, TEMPORARY_PREFIX, remove_leftovers};
use super::{Failure, Overwrite, write_file_with};

/// What committing a staged set did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New,
    Replaced,
    /// The file already held exactly these bytes and was left alone.
    Unchanged,
}

/// `folder` as a folder to write into: created (with its parents) when it does not exist;
/// refused when something else is at that path.
pub fn ensure_folder(folder: &Path) -> Result<(), Failure> {
    let meta = std::fs::metadata(folder);
    if meta.as_ref().is_ok_and(|m| !m.is_dir()) {
        return Err(Failure::new(format!("`{}` is not a folder", folder.display()))
            .help("give `-o` a folder to write the files into, or a path that does not exist yet"));
    }
    if meta.is_err() {
        std::fs::create_dir_all(folder).map_err(|e| {
            Failure::new(format!("cannot create the folder `{}`: {e}", folder.display()))
                .help("check the path and the permissions of its parent")
        })?;
    }
    Ok(())
}

/// A set of files written into one folder all or nothing: each is staged in a hidden folder
/// beside the targets (`.postmortem-XXXXXX.staging`), every target is checked before any is
/// touched, and only then are they moved in. A run killed before that leaves only the staging
/// folder, which the next run removes ([`remove_leftovers`]).
pub struct Staging {
    folder: PathBuf,
    stage: tempfile::TempDir,
    // Held until the set is committed or dropped: a live staging folder is never a leftover.
    _lock: Option<std::fs::File>,
    /// In the order staged; `unique` holds the same names for the check in [`Staging::add`].
    names: Vec<String>,
    unique: std::collections::HashSet<String>,
}

impl Staging {
    /// Stage into `folder`, creating it (and its parents) when it does not exist yet.
    pub fn new(folder: &Path) -> Result<Staging, Failure> {
        ensure_folder(folder)?;
        remove_leftovers(folder);
        let stage = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .suffix(STAGING_SUFFIX)
            .tempdir_in(folder)
            .map_err(|e| io_failure(folder, folder, "creating a staging folder", &e))?;
        let lock = std::fs::File::open(stage.path()).ok().filter(|f| f.try_lock().is_ok());
        Ok(Staging {
            folder: folder.to_path_buf(),
            stage,
            _lock: lock,
            names: Vec::new(),
            unique: Default::default(),
        })
    }

    /// The folder the files are written into.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Stage one file, `name` being a plain file name inside the folder.
    pub fn add(&mut self, name: &str, contents: &[u8]) -> Result<(), Failure> {
        let plain = Path::new(name).components().count() == 1
            && matches!(Path::new(name).components().next(), Some(std::path::Component::Normal(_)));
        if !plain || self.unique.contains(name) {
            return Err(Failure::new(format!("cannot stage `{name}`: not a unique plain file name"))
                .help("this is a bug in postmortem; please report it"));
        }
        let shown = self.folder.join(name);
        let staged = self.stage.path().join(name);
        let fail = |what: &str, e: std::io::Error| io_failure(&shown, &self.folder, what, &e);
        let mut file = std::fs::File::create(&staged).map_err(|e| fail("staging", e))?;
        file.write_all(contents).map_err(|e| fail("staging", e))?;
        self.names.push(name.to_string());
        self.unique.insert(name.to_string());
        Ok(())
    }

    /// Every staged file on disk before any is moved in: one `syncfs` for the whole set (a
    /// sync per file made a set of 100,000 files take minutes).
    #[cfg(target_os = "linux")]
    fn flush(&self) -> Result<(), Failure> {
        use std::os::fd::AsRawFd;
        let fail =
            |e: std::io::Error| io_failure(&self.folder, &self.folder, "flushing the staged files", &e);
        let stage = std::fs::File::open(self.stage.path()).map_err(fail)?;
        // SAFETY: `syncfs` only reads the descriptor, which `stage` keeps open for the call.
        match unsafe { libc::syncfs(stage.as_raw_fd()) } {
            0 => Ok(()),
            _ => Err(fail(std::io::Error::last_os_error())),
        }
    }

    /// Every staged file on disk before any is moved in, one by one where there is no `syncfs`.
    #[cfg(not(target_os = "linux"))]
    fn flush(&self) -> Result<(), Failure> {
        for name in &self.names {
            let staged = self.stage.path().join(name);
            std::fs::File::open(&staged)
                .and_then(|file| file.sync_all())
                .map_err(|e| io_failure(&self.folder.join(name), &self.folder, "flushing", &e))?;
        }
        Ok(())
    }

    /// Move every staged file into the folder, after checking all targets: any that exists
    /// with other content is refused under [`Overwrite::Refuse`] (nothing is written), one
    /// that holds the same bytes is left alone. Links and special files are written through
    /// [`super::write_file`]'s rules: a link whose file lies outside the folder is refused
    /// (nothing is written). The result lists each file in the order staged.
    pub fn commit(self, overwrite: Overwrite) -> Result<Vec<(PathBuf, Written)>, Failure> {
        self.commit_with(overwrite, Links::InsideFolder)
    }

    /// [`Staging::commit`] with the links a target may follow said (`--force`: anywhere).
    pub fn commit_with(self, overwrite: Overwrite, links: Links) -> Result<Vec<(PathBuf, Written)>, Failure> {
        self.flush()?;
        let mut plan = Vec::with_capacity(self.names.len());
        for name in &self.names {
            let shown = self.folder.join(name);
            let staged = self.stage.path().join(name);
            let target = match destination(&shown, &self.folder, links)? {
                Destination::File(target) => target,
                Destination::Descriptor => {
                    return Err(Failure::new(format!(
                        "`{}` is in the way: it is a link to one of this process's descriptors; nothing was written",
                        shown.display()
                    ))
                    .help("move it away, or write into another folder"));
                }
            };
            let written = match std::fs::metadata(&target) {
                Err(_) => Written::New,
                Ok(meta) if !meta.is_file() => {
                    return Err(Failure::new(format!(
                        "`{}` is in the way: it is not a regular file; nothing was written",
                        shown.display()
                    ))
                    .help("move it away, or write into another folder"));
                }
                Ok(meta) => {
                    let same = meta.len() == std::fs::metadata(&staged).map_or(u64::MAX, |m| m.len())
                        && std::fs::read(&target).ok() == std::fs::read(&staged).ok();
                    if same {
                        Written::Unchanged
                    } else if overwrite == Overwrite::Refuse {
                        return Err(Failure::new(format!(
                            "`{}` already exists with other content; nothing was written",
                            shown.display()
                        ))
                        .help("pass `--force` to overwrite, or write into another folder"));
                    } else {
                        Written::Replaced
                    }
                }
            };
            plan.push((shown, target, staged, written));
        }
        let mut moved_new: Vec<PathBuf> = Vec::new();
        for (shown, target, staged, written) in &plan {
            let result = match written {
                Written::Unchanged => Ok(()),
                Written::New if target == shown => {
                    // A link, not a rename: it fails if someone created the file meanwhile.
                    std::fs::hard_link(staged, target)
                        .or_else(|e| {
                            if e.kind() == std::io::ErrorKind::AlreadyExists {
                                Err(e)
                            } else {
                                std::fs::rename(staged, target)
                            }
                        })
                        .map_err(|e| io_failure(shown, &self.folder, "moving into place", &e))
                }
                Written::Replaced if target == shown && single_link(target) => {
                    std::fs::rename(staged, target)
                        .map_err(|e| io_failure(shown, &self.folder, "moving into place", &e))
                }
                _ => std::fs::read(staged)
                    .map_err(|e| io_failure(shown, &self.folder, "reading the staged copy", &e))
                    .and_then(|bytes| write_file_with(shown, &bytes, Overwrite::Allow, links)),
            };
            if let Err(failure) = result {
                // Undo what this set added; replaced files cannot be restored and are named.
                for path in &moved_new {
                    let _ = std::fs::remove_file(path);
                }
                return Err(failure);
            }
            if *written == Written::New {
                moved_new.push(target.clone());
            }
        }
        sync_folder(&self.folder);
        Ok(plan.into_iter().map(|(shown, _, _, written)| (shown, written)).collect())
    }
}
