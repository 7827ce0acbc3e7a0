//! `postmortem man DIR`: a page for postmortem and every subcommand, each rendered by groff
//! without a warning and readable with `man -l`.

use std::process::Command;

use clap::CommandFactory;

use crate::common::{code, external_tool, run, run_in, stderr, stdout};

/// The page names the command tree calls for: `postmortem.1`, `postmortem-check.1`,
/// `postmortem-templates-export.1`, ...
fn expected_pages() -> Vec<String> {
    fn walk(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
        names.push(format!("{prefix}.1"));
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, &format!("{prefix}-{}", sub.get_name()), names);
        }
    }
    let mut names = Vec::new();
    walk(&postmortem::cli::Cli::command(), "postmortem", &mut names);
    names.sort();
    names
}

#[test]
fn every_subcommand_gets_a_page_that_groff_and_man_render_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man");
    let output = run(&["man", out.to_str().expect("utf-8")]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .expect("pages")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected_pages());
    assert!(written.len() > 12 && written.contains(&"postmortem-man.1".to_string()), "{written:?}");

    let groff = external_tool("groff");
    let man = external_tool("man");
    for name in &written {
        let page = out.join(name);
        let rendered =
            Command::new(&groff).args(["-man", "-Tutf8", "-ww"]).arg(&page).output().expect("groff runs");
        assert!(rendered.status.success(), "groff failed on {name}: {}", stderr(&rendered));
        assert_eq!(stderr(&rendered), "", "groff warns about {name}");
        let title = name.trim_end_matches(".1");
        assert!(stdout(&rendered).contains(&format!("{title}(1)")), "{name}:\n{}", stdout(&rendered));

        let shown = Command::new(&man)
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .expect("man runs");
        assert!(shown.status.success(), "man -l {name}: {}", stderr(&shown));
        let text = stdout(&shown);
        assert!(
            text.contains("NAME")
                && text.contains("SYNOPSIS")
                && text.contains(concat!("postmortem ", env!("CARGO_PKG_VERSION"))),
            "{name}:\n{text}"
        );
    }
    let check = std::fs::read_to_string(out.join("postmortem-check.1")).expect("check page");
    assert!(check.contains("sarif") && check.contains("github"), "the formats are in the page:\n{check}");
    let top = std::fs::read_to_string(out.join("postmortem.1")).expect("top page");
    assert!(top.contains("postmortem\\-check(1)"), "the top page lists the subcommands:\n{top}");
}

#[test]
fn pages_of_postmortem_are_replaced_and_other_files_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&run_in(dir.path(), &["man", "pages"])), 0);
    assert_eq!(code(&run_in(dir.path(), &["man", "pages"])), 0, "a second run replaces its own pages");
    let foreign = dir.path().join("pages/postmortem-check.1");
    std::fs::write(&foreign, "my own notes\n").expect("write");
    let output = run_in(dir.path(), &["man", "pages"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("postmortem-check.1") && stderr(&output).contains("--force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&foreign).expect("read"), "my own notes\n");
    assert_eq!(code(&run_in(dir.path(), &["man", "pages", "--force"])), 0);
    assert!(std::fs::read_to_string(&foreign).expect("read").starts_with(".ie"));

    let output = run_in(dir.path(), &["man"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains(".TH postmortem 1"), "the top page on stdout");
}
