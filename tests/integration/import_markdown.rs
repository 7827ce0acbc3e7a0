//! `import --from markdown`: the fixture corpus (one document per layout, each with its expected
//! incident and analysis as snapshots), and batch imports (several files, folders, names).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{code, fixtures, run, run_in, stderr, stdout};

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Every document under `tests/fixtures/import/`: imported alone, its incident file and its
/// `analyze --format json` are snapshots; the file loads, and `check` finds no error the
/// document did not write (the expected codes are listed in the document's `expect` line).
#[test]
fn every_import_fixture_imports_to_its_expected_incident() {
    let dir = fixtures("import");
    let mut documents: Vec<PathBuf> = files_in(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    documents.sort();
    assert!(documents.len() >= 15, "the corpus has {} documents", documents.len());
    for document in documents {
        let name = document.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let out = tempfile::tempdir().expect("tempdir");
        // Relative, so the path the file names in its header is the same on every machine.
        let relative = format!("tests/fixtures/import/{name}");
        let output =
            run(&["import", "--from", "markdown", &relative, "-o", &out.path().display().to_string()]);
        assert_eq!(code(&output), 0, "{name}: {}{}", stdout(&output), stderr(&output));
        let [imported] =
            files_in(out.path()).try_into().unwrap_or_else(|f| panic!("{name}: one file: {f:?}"));
        let text = std::fs::read_to_string(&imported).expect("read");
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_string();
        insta::assert_snapshot!(format!("import_{stem}_toml"), text);
        let analysis = run(&["analyze", "--format", "json", &imported.display().to_string()]);
        let mut json: Value = serde_json::from_str(&stdout(&analysis))
            .unwrap_or_else(|e| panic!("{name}: {e}: {}{}", stdout(&analysis), stderr(&analysis)));
        // The as-of date is today's, and file names are in the temporary folder.
        if let Some(object) = json.as_object_mut() {
            object.remove("file");
            object.remove("as_of");
        }
        for diagnostic in json["diagnostics"].as_array_mut().into_iter().flatten() {
            if let Some(object) = diagnostic.as_object_mut() {
                object.remove("file");
            }
        }
        insta::assert_json_snapshot!(format!("import_{stem}_analysis"), json);
        let check = run(&["check", "--format", "json", &imported.display().to_string()]);
        let report: Value = serde_json::from_str(&stdout(&check)).expect("json");
        let errors: Vec<String> = report["files"][0]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["level"] == "error")
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect();
        let source = std::fs::read_to_string(&document).expect("read");
        let expected: Vec<String> = source
            .lines()
            .find_map(|l| l.trim().strip_prefix("<!-- expect check errors:"))
            .map(|l| l.trim_end_matches("-->").split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        assert_eq!(errors, expected, "{name}: check errors\n{}", stdout(&check));
        // Every guess is said on stderr as well as written at the top of the file.
        let said: String =
            stderr(&output).chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
        for line in text.lines().take_while(|l| l.starts_with('#')).filter_map(|l| l.strip_prefix("# - ")) {
            let guess =
                postmortem::output::visible(line.strip_prefix("warning: ").unwrap_or(line)).into_owned();
            assert!(said.contains(&guess), "{name}: {guess:?} is not on stderr:\n{said}");
        }
    }
}

/// Messy real text: a long document, hostile characters, headings without a timeline, a
/// timeline that goes backwards. Everything loads, nothing is lost, the terminal stays safe.
#[test]
fn long_hostile_and_timeline_less_documents_import_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut long =
        String::from("# Storage incident on March 3, 2024\n\nAll times are in UTC.\n\n## Timeline\n\n");
    for i in 0..1500 {
        long.push_str(&format!(
            "- {:02}:{:02} Entry {i} with ü, 漢字 and a long tail of words.\n",
            (i / 60) % 24,
            i % 60
        ));
    }
    long.push_str("\n## Root cause\n\n");
    long.push_str(&"A paragraph of prose that never states a time. ".repeat(4000));
    std::fs::write(dir.path().join("long.md"), &long).expect("write");
    let hostile = "# Esc \u{1b}[31mred\u{1b}[0m and \u{202e}bidi\n\nWe lost =cmd|'/C calc'!A0 at 10:00 UTC on 2024-05-01.\n\n## Timeline\n\n- 2024-05-01 10:00 Down.\n- 2024-05-01 09:00 Went backwards.\n";
    std::fs::write(dir.path().join("hostile.md"), hostile).expect("write");
    std::fs::write(dir.path().join("none.md"), "# Thoughts\n\n## Summary\n\nNo times at all.\n")
        .expect("write");
    let output = run_in(
        dir.path(),
        &["import", "--from", "markdown", "long.md", "hostile.md", "none.md", "-o", "out"],
    );
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let terminal = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!terminal.contains('\u{1b}') && !terminal.contains('\u{202e}'), "{terminal}");
    let written = files_in(&dir.path().join("out"));
    assert_eq!(written.len(), 3, "{written:?}");
    for file in &written {
        let loaded =
            postmortem::load::load_incident(file).map_err(|f| f.diagnostic.message.clone()).expect("loads");
        let name = file.display().to_string();
        if name.contains("storage") {
            // 1500 entries over 25 hours: the clock wraps past midnight, so the day rolls over.
            assert_eq!(loaded.value.events.len(), 1500, "{name}");
            assert_eq!(loaded.value.events.last().map(|e| e.at.as_str()), Some("2024-03-04 00:59"));
        }
        if name.contains("esc") {
            // Imported as written; `check` reports the order.
            let check = run(&["check", "--format", "json", &name]);
            assert!(stdout(&check).contains("PM2"), "{}", stdout(&check));
        }
    }
}

#[test]
fn a_batch_of_files_and_folders_goes_into_a_new_folder_with_distinct_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = "# Queue outage\n\nTimeline (UTC)\n\n- 2025-05-06 10:00 Queue stopped.\n- 2025-05-06 10:30 Queue restarted.\n";
    std::fs::write(dir.path().join("a.md"), one).expect("write");
    std::fs::create_dir(dir.path().join("wiki")).expect("mkdir");
    std::fs::write(dir.path().join("wiki/b.md"), one).expect("write");
    std::fs::write(
        dir.path().join("wiki/c.txt"),
        "Lost DNS\n\n2025-05-07 08:00 DNS failed.\n2025-05-07 08:20 DNS back.\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("wiki/image.png"), b"\x89PNG").expect("write");
    let run_batch = |extra: &[&str]| {
        let mut args = vec!["import", "--from", "markdown", "a.md", "wiki", "-o", "out/new"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    let output = run_batch(&[]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let written: Vec<String> = files_in(&dir.path().join("out/new"))
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    assert_eq!(
        written,
        ["2025-05-06-queue-outage-2.toml", "2025-05-06-queue-outage.toml", "2025-05-07-lost-dns.toml"],
        "{}",
        stdout(&output)
    );
    let summary = stdout(&output);
    assert!(summary.contains("imported 3 document(s)"), "{summary}");
    assert!(summary.contains("a.md -> out/new/2025-05-06-queue-outage.toml: 2 events"), "{summary}");
    assert!(summary.contains("wiki/b.md -> out/new/2025-05-06-queue-outage-2.toml"), "{summary}");
    // Again, unchanged: the files already hold what would be written; nothing changes.
    let same = run_batch(&[]);
    assert_eq!(code(&same), 0, "{}", stderr(&same));
    // A file edited since, and one removed: nothing is overwritten, and nothing of the batch
    // is written (all or nothing).
    let edited = dir.path().join("out/new/2025-05-06-queue-outage.toml");
    let mut text = std::fs::read_to_string(&edited).expect("read");
    text.push_str("# reviewed\n");
    std::fs::write(&edited, &text).expect("write");
    std::fs::remove_file(dir.path().join("out/new/2025-05-07-lost-dns.toml")).expect("rm");
    let again = run_batch(&[]);
    assert_eq!(code(&again), 2, "{}", stderr(&again));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert!(!dir.path().join("out/new/2025-05-07-lost-dns.toml").exists());
    assert_eq!(std::fs::read_to_string(&edited).expect("read"), text, "the edited file is kept");
    let forced = run_batch(&["--force"]);
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    assert_eq!(files_in(&dir.path().join("out/new")).len(), 3);
}

mod layouts {
    //! A generated timeline (random zone, year and times that cross midnight), written in each
    //! layout the importer reads, imports back to the same instants.

    use chrono::{DateTime, Duration, LocalResult, TimeZone, Utc};
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use postmortem::import::markdown::import;
    use postmortem::time::{parse_instant, parse_zone};

    const ZONES: [&str; 7] = [
        "UTC",
        "America/New_York",
        "America/Los_Angeles",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Australia/Sydney",
        "Pacific/Auckland",
    ];

    /// The layouts, each writing (wall time, text) entries under a document that names the date
    /// of the first entry and the zone.
    fn write(layout: usize, zone: &str, entries: &[(chrono::NaiveDateTime, String)]) -> String {
        let first = entries.first().map(|(w, _)| *w).unwrap_or_default();
        let day = |w: &chrono::NaiveDateTime| w.format("%B %-d, %Y").to_string();
        let mut doc = format!("# Outage of the queue on {}\n\nAll times are in {zone}.\n\n", day(&first));
        doc.push_str(if layout == 4 { "Below is the sequence of events:\n" } else { "## Timeline\n\n" });
        for (wall, text) in entries {
            let hm = wall.format("%H:%M");
            let line = match layout {
                0 => format!("- {hm} {text}\n"),
                1 => format!("* **{hm}** — {text}\n"),
                2 => format!("| {hm} | {text} |\n"),
                3 => format!("### {} {}\n\n{text}\n\n", wall.format("%Y %B %-d"), hm),
                4 => format!("{hm} {text}\n"),
                5 => format!("**{hm}:** {text}\n\n"),
                _ => format!("| {} | {hm} | {text} |\n", wall.format("%Y-%m-%d")),
            };
            if layout == 2 && doc.ends_with("## Timeline\n\n") {
                doc.push_str("| Time | Event |\n|---|---|\n");
            }
            if layout == 6 && doc.ends_with("## Timeline\n\n") {
                doc.push_str("| Date | Time | Event |\n|---|---|---|\n");
            }
            doc.push_str(&line);
        }
        doc
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn every_layout_imports_back_to_the_same_instants(
            zone in 0usize..ZONES.len(),
            year in 2001i32..2035,
            day_of_year in 0i64..364,
            start_minute in (21 * 60)..(24 * 60i64),
            steps in prop::collection::vec(1i64..90, 1..7),
            layout in 0usize..7,
        ) {
            let tz: Tz = parse_zone(ZONES[zone]).expect("zone");
            let day = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single().expect("day") + Duration::days(day_of_year);
            // Wall times from 21:00 on, crossing midnight as the steps add up.
            let local_start = tz.from_local_datetime(&(day.naive_utc() + Duration::minutes(start_minute)));
            let LocalResult::Single(start) = local_start else { return Ok(()) };
            let mut instants: Vec<DateTime<Utc>> = vec![start.with_timezone(&Utc)];
            for step in &steps {
                let next = *instants.last().expect("one") + Duration::minutes(*step);
                instants.push(next);
            }
            let walls: Vec<chrono::NaiveDateTime> = instants.iter().map(|i| i.with_timezone(&tz).naive_local()).collect();
            // A wall clock that runs backwards (DST fall-back) or is read twice is not a timeline a
            // person writes without dates.
            prop_assume!(walls.windows(2).all(|w| w[0] < w[1]));
            prop_assume!(walls.iter().all(|w| matches!(tz.from_local_datetime(w), LocalResult::Single(_))));
            let entries: Vec<(chrono::NaiveDateTime, String)> =
                walls.iter().enumerate().map(|(i, w)| (*w, format!("Step {i} of the queue work."))).collect();
            let doc = write(layout, ZONES[zone], &entries);
            let imported = import(&doc, Tz::UTC);
            let file_zone = imported.file.timezone.as_deref().map(parse_zone).transpose().expect("zone").unwrap_or(Tz::UTC);
            let back: Vec<DateTime<Utc>> = imported
                .file
                .events
                .iter()
                .map(|e| parse_instant(&e.at, file_zone).expect("instant"))
                .collect();
            prop_assert_eq!(&back, &instants, "layout {}:\n{}", layout, doc);
        }
    }
}
