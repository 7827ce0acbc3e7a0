//! Large results (a report over years of incidents) written as they are produced, never held
//! whole in memory, under the same rules as [`super::write_file`]: a new or regular file is
//! written into a temporary file beside it and renamed into place only when complete, so a
//! failure leaves the earlier file and no half-written one.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::file::{
    Destination, Links, already_exists, destination, parent_of, replace_whole_with, single_link,
};
use super::{Failure, Overwrite, is_stdout, print_data, stdout_is_terminal, write_file_with};

/// Bytes gathered before each write to the destination.
const BUFFER: usize = 64 * 1024;

/// Write what `produce` writes to `path` (`None` or `-`: stdout), streamed where that keeps
/// every rule of [`write_file`] (a new or regular file with one name, a pipe or redirected
/// stdout); anywhere else (a terminal, whose escapes are defused on the whole text, a file
/// with several names, a device or FIFO) the text is gathered first and handed to
/// [`write_file`] or [`print_data`]. Errors name `path`, never the temporary file.
pub fn write_streamed(
    path: Option<&Path>,
    overwrite: Overwrite,
    links: Links,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let Some(path) = path.filter(|p| !is_stdout(p)) else {
        return to_stdout(produce);
    };
    let target = match destination(path, &parent_of(path), links)? {
        Destination::File(target) => Some(target),
        Destination::Descriptor => None,
    };
    let streamable = match target.as_ref().map(std::fs::metadata) {
        None => false,
        Some(Err(_)) => true,
        Some(Ok(_)) if overwrite == Overwrite::Refuse => return Err(already_exists(path)),
        Some(Ok(meta)) => meta.is_file() && target.as_deref().is_some_and(single_link),
    };
    if let Some(target) = target.filter(|_| streamable) {
        return replace_whole_with(path, &target, overwrite, |file| {
            let mut out = BufWriter::with_capacity(BUFFER, file);
            produce(&mut out)?;
            out.flush()
        });
    }
    let mut text = Vec::new();
    produce(&mut text).map_err(|e| Failure::output(path, e))?;
    write_file_with(path, &text, overwrite, links)
}

fn to_stdout(produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    if stdout_is_terminal() {
        let mut text = Vec::new();
        produce(&mut text).map_err(Failure::stdout)?;
        return print_data(&String::from_utf8_lossy(&text));
    }
    let mut out = BufWriter::with_capacity(BUFFER, std::io::stdout().lock());
    produce(&mut out).and_then(|()| out.flush()).map_err(Failure::stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_streamed_file_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "earlier").unwrap();
        write_streamed(Some(&path), Overwrite::Allow, Links::InsideFolder, |out| {
            for i in 0..100_000 {
                writeln!(out, "line {i}")?;
            }
            Ok(())
        })
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 100_000);
        assert!(text.ends_with("line 99999\n"));
        assert_eq!(names(dir.path()), ["report.json"]);
    }

    #[test]
    fn a_failure_midway_leaves_the_earlier_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        std::fs::write(&path, "earlier").unwrap();
        let result = write_streamed(Some(&path), Overwrite::Allow, Links::InsideFolder, |out| {
            out.write_all(&vec![b'x'; 3 * BUFFER])?;
            Err(std::io::Error::other("the disk is full"))
        });
        let failure = result.unwrap_err().to_string();
        assert!(failure.contains("report.csv") && failure.contains("writing"), "{failure}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "earlier");
        assert_eq!(names(dir.path()), ["report.csv"]);
    }

    #[test]
    fn an_existing_file_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "earlier").unwrap();
        let result =
            write_streamed(Some(&path), Overwrite::Refuse, Links::InsideFolder, |out| out.write_all(b"new"));
        assert!(result.unwrap_err().to_string().contains("already exists"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "earlier");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_two_names_is_rewritten_in_place_for_both() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&a, "earlier").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        write_streamed(Some(&a), Overwrite::Allow, Links::InsideFolder, |out| out.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
    }
}
