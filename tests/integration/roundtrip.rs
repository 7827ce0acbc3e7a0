//! The Markdown round trip: every valid fixture, and the fixtures under `roundtrip/` whose
//! texts hold Markdown syntax the rendering escapes, rendered with `render --to md` and read
//! back with `import --from markdown` has the same events, windows, updates and actions.
//!
//! Compared as instants (the importer writes times in the zone the document names, which need
//! not be the original file's), as multisets where the rendering groups differently (windows
//! are listed per deployment). Not round-tripped, by design: the incident's own `title` (the
//! document shows the post-mortem's title), `severity`, `impact_level`, `id` and `shortlink`, window `text`
//! (the deployment's line is written from the windows' texts; it comes back on the one window
//! it can belong to), and how prose is wrapped.

use std::path::Path;

use chrono::{DateTime, Utc};
use postmortem::pipeline::{self, Checked};

use crate::common::{code, fixtures, relative, run, stderr, stdout};

fn open(path: &Path) -> Checked {
    pipeline::open_with_discovered_config(path, None)
        .map(|(_, checked)| checked)
        .unwrap_or_else(|f| panic!("{}: {}", path.display(), f.diagnostic.message))
}

type Instant = Option<DateTime<Utc>>;

fn events(c: &Checked) -> Vec<(Instant, String)> {
    let mut out: Vec<_> = c.incident.events().map(|(_, e, at)| (at, e.text.trim().to_string())).collect();
    out.sort();
    out
}

fn marks(c: &Checked) -> Vec<(Instant, Vec<&'static str>)> {
    let mut out: Vec<_> =
        c.incident.events().map(|(_, e, at)| (at, e.marks.iter().map(|m| m.as_str()).collect())).collect();
    out.sort();
    out
}

/// Deployment, status, planned, start, end, declared duration.
type WindowRow = (String, &'static str, bool, Instant, Instant, Option<i64>);
/// Instant, status, text, deployments, carries the post-mortem.
type UpdateRow = (Instant, &'static str, Option<String>, Vec<String>, bool);

fn windows(c: &Checked) -> Vec<WindowRow> {
    let mut out: Vec<_> = c
        .incident
        .impacts()
        .map(|(_, impact, times)| {
            (
                impact.deployment.clone(),
                impact.status.as_str(),
                impact.planned,
                times.start,
                times.end,
                times.declared_seconds,
            )
        })
        .collect();
    out.sort();
    out
}

fn updates(c: &Checked) -> Vec<UpdateRow> {
    let mut out: Vec<_> = c
        .incident
        .updates()
        .map(|(_, u, at)| {
            (
                at,
                u.status.as_str(),
                u.text.as_deref().map(|t| t.trim().to_string()),
                u.deployments.clone(),
                u.postmortem,
            )
        })
        .collect();
    out.sort();
    out
}

/// Text, kind, status, owner, due, ticket.
type ActionRow = (String, &'static str, &'static str, Option<String>, String, Option<String>);

fn actions(c: &Checked) -> Vec<ActionRow> {
    c.incident
        .file
        .actions
        .iter()
        .zip(&c.incident.action_due)
        .map(|(a, due)| {
            (
                a.text.trim().to_string(),
                a.kind.as_str(),
                a.status.as_str(),
                a.owner.clone(),
                due.map(|d| d.to_string()).unwrap_or_default(),
                a.ticket.clone(),
            )
        })
        .collect()
}

#[test]
fn every_valid_fixture_survives_render_md_then_import() {
    let mut compared = 0;
    let mut entries: Vec<_> = ["valid", "roundtrip"]
        .into_iter()
        .flat_map(|kind| std::fs::read_dir(fixtures(kind)).expect("fixtures"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for original_path in entries {
        let name = relative(&original_path);
        let dir = tempfile::tempdir().expect("tempdir");
        let md = dir.path().join("rendered.md");
        let rendered = run(&["render", &name, "--to", "md", "-o", &md.to_string_lossy()]);
        assert_eq!(code(&rendered), 0, "{name}: {}", stderr(&rendered));
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        let imported =
            run(&["import", "--from", "markdown", &md.to_string_lossy(), "-o", &out.to_string_lossy()]);
        assert_eq!(code(&imported), 0, "{name}: {}{}", stdout(&imported), stderr(&imported));
        let written: Vec<_> =
            std::fs::read_dir(&out).expect("out").filter_map(|e| e.ok().map(|e| e.path())).collect();
        let [imported_path] = written.as_slice() else { panic!("{name}: one file, got {written:?}") };

        let original = open(&original_path);
        let back = open(imported_path);
        let context = || {
            format!(
                "{name}\n--- rendered:\n{}\n--- imported:\n{}",
                std::fs::read_to_string(&md).unwrap_or_default(),
                std::fs::read_to_string(imported_path).unwrap_or_default()
            )
        };
        assert_eq!(events(&back), events(&original), "events: {}", context());
        assert_eq!(windows(&back), windows(&original), "windows: {}", context());
        assert_eq!(updates(&back), updates(&original), "updates: {}", context());
        assert_eq!(actions(&back), actions(&original), "actions: {}", context());
        // Milestones are written when the file marks any; without marks the importer guesses.
        if original.incident.file.events.iter().any(|e| !e.marks.is_empty()) {
            assert_eq!(marks(&back), marks(&original), "marks: {}", context());
        }
        // What the document says is what `check` sees: no new error comes back.
        assert_eq!(back.has_errors(), original.has_errors(), "{name}: errors differ");
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} fixtures compared");
}
