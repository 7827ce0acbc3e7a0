//! `postmortem site`: the folder is reproducible and replaced whole, `--public` leaks nothing
//! marked internal, the static API imports back to the same incidents, and the availability
//! shown equals the report's for any set of incidents (property test).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::common::{IncidentToml, code, root, run, run_in, stderr};

pub const AS_OF: &str = "2026-07-20T12:00:00Z";

/// Build the site of `dir` into `out` with `extra` flags; the command must succeed.
pub fn build(dir: &Path, out: &Path, extra: &[&str]) {
    let mut args =
        vec!["site", dir.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8"), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let name = path.strip_prefix(base).expect("inside").to_string_lossy().replace('\\', "/");
                out.insert(name, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A folder holding a copy of the seed incident.
pub fn seed_folder(dir: &Path) -> PathBuf {
    let incidents = dir.join("incidents");
    std::fs::create_dir_all(&incidents).expect("mkdir");
    std::fs::copy(
        root().join("incidents/2026-07-04-smsgate-api.toml"),
        incidents.join("2026-07-04-smsgate-api.toml"),
    )
    .expect("copy");
    incidents
}

/// A small incident of our own, with markers planted where `--public` must not show them.
fn marked_incident() -> String {
    let checkout = r#"["Checkout"]"#;
    IncidentToml::new("Checkout errors", "Shop", &["Checkout"])
        .field("summary", "Payments failed for some customers.")
        .table("sections")
        .field("title", "Internal notes")
        .field("body", "SECRET-SECTION-7f3a: the vendor contract is up for renewal.")
        .value("internal", "true")
        .impact("Checkout", "partial_outage", "2026-07-10 09:00", Some("2026-07-10 10:30"))
        .event("2026-07-10 09:00", "Card payments began to fail.", &["impact_start"])
        .event("2026-07-10 09:20", "SECRET-EVENT-19c2: paged the vendor's private hotline.", &[])
        .value("internal", "true")
        .event("2026-07-10 10:30", "Payments recovered after the rollback.", &["recovered"])
        .update("2026-07-10 09:10", "investigating", Some("Some card payments fail; we are looking into it."))
        .value("deployments", checkout)
        .update(
            "2026-07-10 09:40",
            "identified",
            Some("SECRET-UPDATE-55d1: draft wording for the team only."),
        )
        .value("internal", "true")
        .update("2026-07-10 10:40", "resolved", Some("Payments work again."))
        .value("deployments", checkout)
        .table("actions")
        .field("text", "Alert on the payment error rate.")
        .field("kind", "detect")
        .field("status", "open")
        .field("owner", "SECRET-OWNER-a11ce")
        .field("ticket", "https://tracker.example/SECRET-TICKET-4242")
        .build()
}

const MARKERS: [&str; 5] = [
    "SECRET-SECTION-7f3a",
    "SECRET-EVENT-19c2",
    "SECRET-UPDATE-55d1",
    "SECRET-OWNER-a11ce",
    "SECRET-TICKET-4242",
];

fn markers_in(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in site {
        let text = String::from_utf8_lossy(bytes);
        for marker in MARKERS {
            if text.contains(marker) {
                found.push(format!("{marker} in {name}"));
            }
        }
    }
    found
}

#[test]
fn public_output_carries_no_owner_ticket_or_internal_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    std::fs::write(incidents.join("2026-07-10-checkout-errors.toml"), marked_incident()).expect("write");
    let internal = dir.path().join("internal");
    build(&incidents, &internal, &[]);
    let found = markers_in(&tree(&internal));
    // The internal build shows every marker: the grep below can fail.
    for marker in MARKERS {
        assert!(
            found.iter().any(|f| f.starts_with(marker)),
            "{marker} missing from the internal build: {found:?}"
        );
    }
    let public = dir.path().join("public");
    build(&incidents, &public, &["--public"]);
    let site = tree(&public);
    assert!(site.contains_key("incidents/2026-07-10-checkout-errors.html"));
    assert_eq!(markers_in(&site), Vec::<String>::new());
    // render --public too.
    let file = incidents.join("2026-07-10-checkout-errors.toml");
    for to in ["md", "html"] {
        let out = run(&["render", file.to_str().expect("utf-8"), "--to", to, "--public"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Card payments began to fail"), "public events are kept");
        for marker in MARKERS {
            assert!(!text.contains(marker), "render --to {to} --public shows {marker}");
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes_and_stale_pages_do_not_survive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    std::fs::write(incidents.join("2026-07-10-checkout-errors.toml"), marked_incident()).expect("write");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&incidents, &a, &[]);
    build(&incidents, &b, &[]);
    let first = tree(&a);
    assert_eq!(first, tree(&b), "two builds differ");
    for page in [
        "index.html",
        "history/index.html",
        "history/2026-07.html",
        "feed.atom",
        "feed.rss",
        "incidents/2026-07-04-smsgate-api.html",
        "api/v2/summary.json",
        "api/v2/status.json",
        "api/v2/components.json",
        "api/v2/incidents.json",
        "api/v2/incidents/unresolved.json",
        "api/v2/scheduled-maintenances.json",
        "api/v2/scheduled-maintenances/upcoming.json",
        "api/v2/scheduled-maintenances/active.json",
    ] {
        assert!(first.contains_key(page), "{page} missing: {:?}", first.keys());
    }
    // Rebuilt without one incident: its page is gone, nothing else is left behind.
    std::fs::remove_file(incidents.join("2026-07-10-checkout-errors.toml")).expect("rm");
    build(&incidents, &a, &[]);
    let second = tree(&a);
    assert!(!second.contains_key("incidents/2026-07-10-checkout-errors.html"), "a stale page survived");
    let siblings: Vec<_> =
        std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(siblings.len(), 3, "staging folders left behind: {siblings:?}");
}

#[test]
fn pages_link_relatively_and_request_nothing_from_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    let out = dir.path().join("site");
    build(&incidents, &out, &["--base-url", "https://status.example.com/"]);
    let href = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).expect("regex");
    for (name, bytes) in tree(&out).iter().filter(|(n, _)| n.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("Content-Security-Policy"), "{name} has no CSP");
        for link in href.captures_iter(&text).map(|c| c[1].to_string()) {
            let external = link.contains("://") || link.starts_with("//") || link.starts_with('/');
            // Post-mortem text may link out (the reader clicks); the site's own links never do.
            assert!(!external || name.starts_with("incidents/"), "{name} links to {link}");
            if !external && !link.starts_with('#') && !link.starts_with("mailto:") {
                let target =
                    Path::new(name).parent().unwrap_or(Path::new("")).join(link.replace("&#x2f;", "/"));
                assert!(out.join(&target).is_file(), "{name}: broken link {link}");
            }
        }
    }
    let atom = std::fs::read_to_string(out.join("feed.atom")).expect("feed");
    assert!(
        atom.contains("https:&#x2f;&#x2f;status.example.com&#x2f;incidents&#x2f;2026-07-04-smsgate-api.html"),
        "{atom}"
    );
}

#[test]
fn a_folder_it_did_not_write_is_refused_and_errors_stop_the_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("notes.txt"), "keep me").expect("write");
    let out = run(&[
        "site",
        incidents.to_str().expect("utf-8"),
        "-o",
        mine.to_str().expect("utf-8"),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("did not write"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(mine.join("notes.txt")).expect("kept"), "keep me");

    let site = dir.path().join("site");
    build(&incidents, &site, &[]);
    let before = tree(&site);
    let broken = marked_incident().replace("end = \"2026-07-10 10:30\"", "end = \"2026-07-10 08:30\"");
    std::fs::write(incidents.join("2026-07-10-broken.toml"), broken).expect("write");
    let out = run(&[
        "site",
        incidents.to_str().expect("utf-8"),
        "-o",
        site.to_str().expect("utf-8"),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("2026-07-10-broken.toml") && stderr(&out).contains("nothing was written"));
    assert_eq!(tree(&site), before, "a refused build changed the site");
}

type Window = (String, String, bool, Option<i64>, Option<i64>);
type Published = (i64, String, Option<String>);
type Essentials = (Vec<Window>, Vec<Published>);

/// Windows and updates of an incident file, as instants: what a round trip must keep.
fn essentials(path: &Path) -> Essentials {
    let config = postmortem::model::Config::default();
    let checked = postmortem::pipeline::open(path, &config, None).expect("opens");
    let mut windows: Vec<_> = checked
        .analysis
        .deployments
        .iter()
        .flat_map(|d| {
            d.windows.iter().map(|w| {
                (
                    d.name.clone(),
                    w.status.as_str().to_string(),
                    w.planned,
                    w.start.map(|t| t.timestamp()),
                    w.end.map(|t| t.timestamp()),
                )
            })
        })
        .collect();
    windows.sort();
    let mut updates: Vec<_> = checked
        .incident
        .updates()
        .map(|(_, u, at)| (at.map_or(0, |t| t.timestamp()), u.status.as_str().to_string(), u.text.clone()))
        .collect();
    updates.sort();
    (windows, updates)
}

#[test]
fn the_static_api_imports_back_to_the_same_incidents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    std::fs::write(incidents.join("2026-07-10-checkout-errors.toml"), marked_incident()).expect("write");
    let out = dir.path().join("site");
    build(&incidents, &out, &[]);
    let imported = dir.path().join("imported");
    std::fs::create_dir(&imported).expect("mkdir");
    let api = out.join("api/v2/incidents.json");
    let result = run_in(
        dir.path(),
        &[
            "import",
            "--from",
            "statuspage",
            api.to_str().expect("utf-8"),
            "-o",
            imported.to_str().expect("utf-8"),
        ],
    );
    assert!(code(&result) <= 1, "{}", stderr(&result));
    let mut back: Vec<PathBuf> =
        std::fs::read_dir(&imported).expect("list").flatten().map(|e| e.path()).collect();
    back.sort();
    assert_eq!(back.len(), 2, "{back:?}");
    let mut originals: Vec<_> =
        [incidents.join("2026-07-04-smsgate-api.toml"), incidents.join("2026-07-10-checkout-errors.toml")]
            .iter()
            .map(|p| essentials(p))
            .collect();
    let mut round: Vec<_> = back.iter().map(|p| essentials(p)).collect();
    originals.sort();
    round.sort();
    assert_eq!(round, originals);
}

// ---------------------------------------------------------------------------------------------
// Availability on the site equals the report's.

fn availability_on_index(index: &str) -> BTreeMap<String, f64> {
    let re = regex::Regex::new(r#"data-deployment="([^"]*)" data-availability="([^"]*)""#).expect("regex");
    re.captures_iter(index).map(|c| (c[1].to_string(), c[2].parse::<f64>().expect("a number"))).collect()
}

fn window_toml(deployment: &str, status: &str, planned: bool, start: i64, minutes: i64) -> String {
    let at = |m: i64| {
        (chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("base")
            + chrono::Duration::minutes(m))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
    };
    format!(
        "[[impact]]\ndeployment = \"{deployment}\"\nstatus = \"{status}\"\nplanned = {planned}\nstart = \"{}\"\nend = \"{}\"\n\n",
        at(start),
        at(start + minutes)
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn availability_on_the_site_equals_the_report(
        incidents in prop::collection::vec(
            prop::collection::vec((0usize..3, 0usize..4, any::<bool>(), 0i64..(60 * 24 * 60), 1i64..(60 * 30)), 1..4),
            1..5,
        )
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("incidents");
        std::fs::create_dir(&folder).expect("mkdir");
        let deployments = ["Alpha", "Beta", "Gamma"];
        let statuses = ["degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
        for (n, windows) in incidents.iter().enumerate() {
            let mut text = format!("format = 1\ntitle = \"Incident {n}\"\nservice = \"Svc\"\ndeployments = [\"Alpha\", \"Beta\", \"Gamma\"]\n\n");
            for &(d, s, planned, start, minutes) in windows {
                text += &window_toml(deployments[d], statuses[s], planned, start, minutes);
            }
            std::fs::write(folder.join(format!("2026-06-{:02}-incident-{n}.toml", n + 1)), text).expect("write");
        }
        let out = dir.path().join("site");
        let site = run(&["site", folder.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8"), "--as-of", "2026-08-29T23:00:00Z", "--days", "90"]);
        prop_assert_eq!(code(&site), 0, "{}", stderr(&site));
        let index = std::fs::read_to_string(out.join("index.html")).expect("index");
        let shown = availability_on_index(&index);
        let report = run(&["report", folder.to_str().expect("utf-8"), "--from", "2026-06-01", "--until", "2026-08-29", "--to", "json"]);
        prop_assert_eq!(code(&report), 0, "{}", stderr(&report));
        let json: serde_json::Value = serde_json::from_slice(&report.stdout).expect("json");
        let mut expected = BTreeMap::new();
        for d in json["deployments"].as_array().expect("deployments") {
            expected.insert(d["name"].as_str().expect("name").to_string(), d["availability"].as_f64().expect("availability"));
        }
        for (name, availability) in &expected {
            prop_assert_eq!(shown.get(name), Some(availability), "{} on the site vs the report", name);
        }
        prop_assert!(!shown.is_empty());
    }
}
