//! Headless Chromium opens the rendered HTML: the seed's page shows its chart and makes no
//! network request; the XSS fixture's payloads do not run, even with the page's CSP removed.
//! Chromium must be installed (`scripts/test.sh` installs it): a missing browser fails the tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;

use crate::common::{code, external_tool, relative, run, stderr};
use crate::render::{assert_no_live_payload, xss_fixture};

/// Debian's Chromium: these tests fail, never skip, where it is missing (`scripts/test.sh` installs it).
pub fn browser() -> PathBuf {
    external_tool("chromium")
}

/// Run headless Chromium on `page` with `extra` flags and a fresh profile, killing it after a minute.
pub fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> Output {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("Chromium starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                panic!("Chromium did not finish within 90 s");
            }
        }
    }
    child.wait_with_output().expect("Chromium output")
}

/// Pixels of the screenshot close to `colour`.
pub(crate) fn count_pixels(png_path: &Path, colour: (u8, u8, u8)) -> usize {
    let file = std::fs::File::open(png_path).expect("screenshot exists");
    let mut reader = png::Decoder::new(file).read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("PNG frame");
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let near = |a: u8, b: u8| a.abs_diff(b) <= 12;
    buffer[..info.buffer_size()]
        .chunks_exact(channels)
        .filter(|p| near(p[0], colour.0) && near(p[1], colour.1) && near(p[2], colour.2))
        .count()
}

/// URLs the page itself requested: the net log's requests whose initiator is an origin (the
/// browser's own background requests have none). file:// reads do not pass the network stack.
pub(crate) fn page_requests(net_log: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(net_log).expect("net log written");
    let request = Regex::new(
        r#""initiator":"([^"]*)",(?:"[a-z_]+":(?:"[^"]*"|-?[0-9]+|true|false),)*?"url":"([^"]*)""#,
    )
    .expect("regex");
    request.captures_iter(&log).filter(|c| &c[1] != "not an origin").map(|c| c[2].to_string()).collect()
}

/// The network flags every run uses: nothing resolves, so even a leak would not leave the machine.
fn logged(net_log: &Path) -> [String; 2] {
    [format!("--log-net-log={}", net_log.display()), "--host-resolver-rules=MAP * ~NOTFOUND".to_string()]
}

#[test]
fn the_request_detector_catches_a_remote_image() {
    let browser = browser();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("control.html");
    std::fs::write(&page, "<!DOCTYPE html><p>control</p><img src=\"http://example.invalid/p.png\">")
        .expect("write");
    let net_log = dir.path().join("net.json");
    let [log_flag, resolver] = logged(&net_log);
    let shot = format!("--screenshot={}", dir.path().join("control.png").display());
    headless(&browser, &dir.path().join("profile"), &page, &[log_flag, resolver, shot]);
    assert_eq!(page_requests(&net_log), ["http://example.invalid/p.png"]);
}

pub fn render_html(file: &str, dir: &Path, name: &str) -> PathBuf {
    let page = dir.join(name);
    let out = run(&["render", file, "--to", "html", "-o", &page.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    page
}

#[test]
fn the_seed_page_shows_its_chart_and_makes_no_request() {
    let browser = browser();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = render_html("incidents/2026-07-04-smsgate-api.toml", dir.path(), "seed.html");
    let major_outage = (164, 14, 38);
    let planned_blue = (221, 234, 252);
    for (label, width) in [("desktop", 1280), ("phone", 390)] {
        let shot = dir.path().join(format!("seed-{label}.png"));
        let net_log = dir.path().join(format!("net-{label}.json"));
        let output = headless(
            &browser,
            &dir.path().join(format!("profile-{label}")),
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={width},3200"),
                logged(&net_log)[0].clone(),
                logged(&net_log)[1].clone(),
            ],
        );
        assert!(shot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&output.stderr));
        // The chart is drawn: the outage bar's red and the maintenance blue are on screen.
        let red = count_pixels(&shot, major_outage);
        assert!(red > 400, "{label}: the outage bar is not visible ({red} red pixels)");
        assert!(count_pixels(&shot, planned_blue) > 40, "{label}: the maintenance window is not visible");
        if std::env::var_os("POSTMORTEM_KEEP_SCREENSHOTS").is_some() {
            let keep = std::env::temp_dir().join(format!("postmortem-seed-{label}.png"));
            let _ = std::fs::copy(&shot, &keep);
            eprintln!("screenshot kept at {}", keep.display());
        }
        let requests = page_requests(&net_log);
        assert!(requests.is_empty(), "{label}: the page requested {requests:?}");
    }
}

#[test]
fn no_xss_payload_runs_in_the_browser() {
    let browser = browser();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = render_html(&relative(&xss_fixture()), dir.path(), "xss.html");
    let html = std::fs::read_to_string(&page).expect("page");
    assert_no_live_payload(&html);
    // Without the Content-Security-Policy too: escaping alone must keep the payloads inert.
    let csp = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>\n?"#).expect("regex");
    assert!(csp.is_match(&html), "the layout sets a CSP");
    let bare = dir.path().join("xss-no-csp.html");
    std::fs::write(&bare, csp.replace(&html, "").as_bytes()).expect("write");
    for (label, target) in [("with CSP", &page), ("without CSP", &bare)] {
        let output = headless(
            &browser,
            &dir.path().join(format!("profile-{}", label.replace(' ', "-"))),
            target,
            &["--dump-dom".to_string(), "--virtual-time-budget=3000".to_string()],
        );
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(dom.contains("document.body.append('PW'+'NED')"), "{label}: the page did not load: {dom}");
        assert!(!dom.contains("PWNED"), "{label}: a payload ran");
        assert!(dom.contains("<title>Svc&lt;/title&gt;&lt;script&gt;"), "{label}: the title is text");
        assert!(!dom.contains("<script"), "{label}: a script element exists in the DOM");
    }
}

#[test]
fn the_report_page_shows_its_charts_and_makes_no_request() {
    let browser = browser();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("report.html");
    let out = run(&[
        "report",
        "incidents",
        "--quarter",
        "2026-Q3",
        "--as-of",
        "2026-10-01",
        "--to",
        "html",
        "-o",
        &page.to_string_lossy(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let major_outage = (164, 14, 38);
    // The first deployment's series colour: its burn-down line.
    let first_series = (31, 111, 235);
    for (label, width) in [("desktop", 1280), ("phone", 390)] {
        let shot = dir.path().join(format!("report-{label}.png"));
        let net_log = dir.path().join(format!("report-net-{label}.json"));
        let [log_flag, resolver] = logged(&net_log);
        let output = headless(
            &browser,
            &dir.path().join(format!("report-profile-{label}")),
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={width},1800"),
                log_flag,
                resolver,
            ],
        );
        assert!(shot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&output.stderr));
        let blue = count_pixels(&shot, first_series);
        assert!(blue > 400, "{label}: the burn-down line is not visible ({blue} pixels)");
        // The heat map's darkest cell: the month with the most downtime.
        let heat = count_pixels(&shot, (122, 14, 26));
        assert!(heat > 300, "{label}: the downtime heat map is not visible ({heat} pixels)");
        let red = count_pixels(&shot, major_outage);
        assert!(red > 60, "{label}: the outage in the strip and its legend are not visible ({red} pixels)");
        if std::env::var_os("POSTMORTEM_KEEP_SCREENSHOTS").is_some() {
            let keep = std::env::temp_dir().join(format!("postmortem-report-{label}.png"));
            let _ = std::fs::copy(&shot, &keep);
            eprintln!("screenshot kept at {} ({blue} series-blue, {red} outage-red pixels)", keep.display());
        }
        let requests = page_requests(&net_log);
        assert!(requests.is_empty(), "{label}: the page requested {requests:?}");
    }
}
