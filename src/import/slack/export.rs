//! Reading a Slack export, from its folder or its zip archive, with bounded reads: each file
//! at most [`MAX_ENTRY_BYTES`] and the whole read at most [`MAX_TOTAL_BYTES`] once
//! decompressed, whatever the archive claims, so a zip bomb stops with an error instead of
//! eating memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::output::Failure;

/// A day file of a busy channel is a few megabytes; anything larger is not a Slack export.
pub const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
/// The most this importer decompresses from one export.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// An archive with more entries is refused before anything is read.
pub const MAX_ENTRIES: usize = 200_000;

/// An export being read: a folder or an archive, and how much has been read so far.
pub struct Export {
    display: String,
    kind: Kind,
    read: u64,
}

enum Kind {
    Folder(PathBuf),
    /// The archive and the folder inside it that holds `channels.json` ("" at its root).
    Zip(Box<zip::ZipArchive<std::fs::File>>, String),
}

impl Export {
    /// Open `path`: a folder holding `channels.json`, or a zip archive holding it at its root
    /// or in one top folder.
    pub fn open(path: &Path) -> Result<Export, Failure> {
        let display = path.display().to_string();
        let not_export = |why: String| {
            Failure::new(format!("{display}: not a Slack export: {why}"))
                .help("give the folder or .zip that Slack's \"Export data\" produces (channels.json, users.json, a folder per channel)")
        };
        if path.is_dir() {
            if !path.join("channels.json").is_file() {
                return Err(not_export("there is no `channels.json` in it".to_string()));
            }
            return Ok(Export { display, kind: Kind::Folder(path.to_path_buf()), read: 0 });
        }
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::new(format!("{display}: cannot open: {e}")).help("check the path"))?;
        let archive = zip::ZipArchive::new(file)
            .map_err(|e| not_export(format!("not a complete zip archive, truncated or damaged ({e})")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(not_export(format!("the archive has {} entries", archive.len())));
        }
        let root = archive
            .file_names()
            .filter_map(Result::ok)
            .filter_map(|name| name.strip_suffix("channels.json").map(str::to_string))
            .filter(|prefix| prefix.is_empty() || (prefix.ends_with('/') && prefix.matches('/').count() == 1))
            .min_by_key(String::len)
            .ok_or_else(|| not_export("the archive has no `channels.json`".to_string()))?;
        Ok(Export { display, kind: Kind::Zip(Box::new(archive), root), read: 0 })
    }

    /// How the export is named in messages.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The name of a file of the export as messages show it: `EXPORT/general/2026-07-04.json`.
    pub fn describe(&self, name: &str) -> String {
        format!("{}/{name}", self.display.trim_end_matches('/'))
    }

    /// The names of the day files of `channel` (`channel/YYYY-MM-DD.json`), sorted.
    pub fn day_files(&self, channel: &str) -> Vec<String> {
        let mut names: Vec<String> = match &self.kind {
            Kind::Folder(root) => std::fs::read_dir(root.join(channel))
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                        .filter_map(|e| e.file_name().to_str().map(|n| format!("{channel}/{n}")))
                        .collect()
                })
                .unwrap_or_default(),
            Kind::Zip(archive, root) => archive
                .file_names()
                .filter_map(Result::ok)
                .filter_map(|n| n.strip_prefix(root.as_str()).map(str::to_string))
                .filter(|n| {
                    n.strip_prefix(channel)
                        .and_then(|r| r.strip_prefix('/'))
                        .is_some_and(|f| !f.contains('/'))
                })
                .collect(),
        };
        names.retain(|n| n.ends_with(".json"));
        names.sort();
        names
    }

    /// The text of one file of the export; `None` when it is not there.
    pub fn read(&mut self, name: &str) -> Result<Option<String>, Failure> {
        let remaining = MAX_TOTAL_BYTES.saturating_sub(self.read);
        let limit = remaining.min(MAX_ENTRY_BYTES);
        let described = self.describe(name);
        let failed = |why: String| {
            Failure::new(format!("{described}: cannot read: {why}"))
                .help("the export looks damaged or truncated; export it again from Slack")
        };
        let mut bytes = Vec::new();
        match &mut self.kind {
            Kind::Folder(root) => {
                let path = root.join(name);
                if !path.is_file() {
                    return Ok(None);
                }
                let file = std::fs::File::open(&path).map_err(|e| failed(e.to_string()))?;
                file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| failed(e.to_string()))?;
            }
            Kind::Zip(archive, root) => {
                let entry = match archive.by_name(&format!("{root}{name}")) {
                    Ok(entry) => entry,
                    Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                    Err(e) => return Err(failed(e.to_string())),
                };
                entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| failed(e.to_string()))?;
            }
        }
        if bytes.len() as u64 > limit {
            return Err(Failure::new(format!(
                "{described}: larger than {} MiB once unpacked; refused",
                limit / (1024 * 1024)
            ))
            .help("a Slack export's files are far smaller; this is not a real export (or a zip bomb)"));
        }
        self.read += bytes.len() as u64;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| failed(format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))
    }
}
