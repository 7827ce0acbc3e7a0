//! The built site in real clients, served over HTTP by a server this test starts on 127.0.0.1
//! (a free port) and stops: Chromium loads the index, a history page and an incident page with
//! no console message and no request outside the server, and the seed's outage of 2026-07-04
//! is on the bar in the outage red with its tooltip; Atlassian's `@statuspage/status-widget`
//! (from npm) pointed at the site shows what `api/v2/status.json` says, for an operational site
//! and for one with an open major outage; Python's `feedparser` reads `feed.atom` cleanly.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::browser::{count_pixels, page_requests};
use crate::common::external_tool;
use crate::site::{build, seed_folder};

/// A static file server on 127.0.0.1: `/widget/index.js` is the widget's bundle, every other
/// path a file of `root`. Stopped (and joined) on drop.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf, widget: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(600);
            while !flag.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &root, &widget),
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Server { port, stop, thread: Some(thread) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, root: &Path, widget: &Path) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_string();
    let file = if path == "/widget/index.js" {
        Some(widget.to_path_buf())
    } else {
        let relative = path.trim_start_matches('/');
        let relative = if relative.is_empty() { "index.html" } else { relative };
        (!relative.split('/').any(|p| p == "..")).then(|| root.join(relative))
    };
    let mut stream = stream;
    match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("json") => "application/json",
                Some("js") => "application/javascript",
                Some("atom") => "application/atom+xml",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
        None => {
            let _ =
                stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    }
}

/// Headless Chromium on `url` with a fresh profile and its net log; stderr carries console
/// messages (`--enable-logging=stderr`). Killed after 90 s.
fn chromium(dir: &Path, label: &str, url: &str, extra: &[String]) -> (String, String, PathBuf) {
    let net_log = dir.join(format!("{label}-net.json"));
    let mut child = Command::new(external_tool("chromium"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", dir.join(format!("{label}-profile")).display()))
        .arg(format!("--log-net-log={}", net_log.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Chromium starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("output");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        net_log,
    )
}

fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

fn widget_bundle() -> PathBuf {
    // The npm package's bundle, found beside the tools `scripts/test.sh` installs.
    let tools = std::env::var_os("POSTMORTEM_TOOLS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/postmortem-tools")))
        .expect("a tools folder");
    let bundle = tools.join("node_modules/@statuspage/status-widget/dist/index.js");
    assert!(
        bundle.is_file(),
        "{} is missing: run scripts/test.sh, which installs @statuspage/status-widget",
        bundle.display()
    );
    bundle
}

#[test]
fn chromium_loads_the_pages_from_a_local_server_and_the_bar_shows_the_outage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    let out = dir.path().join("site");
    build(&incidents, &out, &[]);
    let server = Server::start(out.clone(), widget_bundle());
    let origin = server.url("");
    // The detector sees a console message.
    std::fs::write(
        out.join("control.html"),
        "<!DOCTYPE html><script>console.error('control-message')</script>",
    )
    .expect("write");
    let (_, stderr, _) = chromium(dir.path(), "control", &server.url("control.html"), &["--dump-dom".into()]);
    assert!(
        console_lines(&stderr).iter().any(|l| l.contains("control-message")),
        "console detector blind:\n{stderr}"
    );

    let cell = regex::Regex::new(
        r#"<rect class="pm-day ([a-z_]+)" data-date="2026-07-04"[^>]*fill="([^"]+)"><title>([^<]*)</title>"#,
    )
    .expect("regex");
    for (label, page) in [
        ("index", "index.html"),
        ("history", "history/2026-07.html"),
        ("incident", "incidents/2026-07-04-smsgate-api.html"),
    ] {
        let (dom, stderr, net_log) = chromium(dir.path(), label, &server.url(page), &["--dump-dom".into()]);
        assert!(dom.contains("</html>"), "{page} did not load:\n{stderr}");
        assert_eq!(console_lines(&stderr), Vec::<&str>::new(), "{page} logged to the console");
        let outside: Vec<String> =
            page_requests(&net_log).into_iter().filter(|u| !u.starts_with(&origin)).collect();
        assert!(outside.is_empty(), "{page} requested {outside:?}");
        if label == "index" {
            let found = cell.captures(&dom).expect("a cell for 2026-07-04 in the loaded DOM");
            assert_eq!((&found[1], &found[2]), ("major_outage", "#cf222e"));
            assert!(
                found[3].contains("2026-07-04 (UTC): Major outage, 7h 10m down. API is down"),
                "tooltip: {}",
                &found[3]
            );
        }
    }
    // And the red is on screen.
    let shot = dir.path().join("index.png");
    chromium(
        dir.path(),
        "shot",
        &server.url("index.html"),
        &[format!("--screenshot={}", shot.display()), "--window-size=1100,1200".into()],
    );
    assert!(count_pixels(&shot, (207, 34, 46)) > 100, "the outage day is not drawn red");
    if let Some(keep) = std::env::var_os("POSTMORTEM_KEEP_SCREENSHOTS") {
        let _ = std::fs::copy(&shot, PathBuf::from(keep).join("site-index.png"));
    }
    drop(server);
}

/// An incident with a major outage still open at the --as-of instant.
const OPEN_OUTAGE: &str = r#"format = 1
title = "Login fails"
service = "Accounts"
timezone = "UTC"
deployments = ["Login"]

[[impact]]
deployment = "Login"
status = "major_outage"
start = "2026-07-20 09:00"

[[updates]]
at = "2026-07-20 09:10"
status = "investigating"
text = "Nobody can log in; we are on it."
deployments = ["Login"]
"#;

#[test]
fn the_status_widget_shows_what_status_json_says() {
    let bundle = widget_bundle();
    let shown = regex::Regex::new(r#"<pre id="out">WIDGET:([^<]*):END</pre>"#).expect("regex");
    for (label, open) in [("operational", false), ("outage", true)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let incidents = seed_folder(dir.path());
        if open {
            std::fs::write(incidents.join("2026-07-20-login-fails.toml"), OPEN_OUTAGE).expect("write");
        }
        let out = dir.path().join("site");
        build(&incidents, &out, &[]);
        let status: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("api/v2/status.json")).expect("status"))
                .expect("json");
        let description = status["status"]["description"].as_str().expect("description").to_string();
        assert_eq!(description, if open { "Major System Outage" } else { "All Systems Operational" });
        let server = Server::start(out.clone(), bundle.clone());
        // The widget fetches `<src>/api/v2/summary.json`; its status is rendered in its shadow
        // root, which this test page copies into the light DOM for --dump-dom.
        let page = format!(
            "<!DOCTYPE html><html><body><statuspage-widget src=\"{}\"></statuspage-widget><pre id=\"out\">pending</pre>\
             <script src=\"/widget/index.js\"></script><script>\
             function poll(n){{var w=document.querySelector('statuspage-widget');var r=w&&w.shadowRoot;\
             var t=r&&r.querySelector('.status-text');if(t&&t.textContent.trim()){{document.getElementById('out').textContent=\
             'WIDGET:'+t.textContent.trim()+':END';return;}}if(n>0)setTimeout(function(){{poll(n-1)}},100);}}poll(100);</script></body></html>",
            server.url("")
        );
        std::fs::write(out.join("widget-test.html"), page).expect("write");
        let (dom, stderr, net_log) = chromium(
            dir.path(),
            label,
            &server.url("widget-test.html"),
            &["--virtual-time-budget=15000".into(), "--dump-dom".into()],
        );

        let text = shown.captures(&dom).map(|c| c[1].to_string());
        assert_eq!(text.as_deref(), Some(description.as_str()), "{label}: widget showed {text:?}\n{stderr}");
        let requests = page_requests(&net_log);
        assert!(requests.iter().any(|u| u.ends_with("/api/v2/summary.json")), "{label}: {requests:?}");
        assert!(requests.iter().all(|u| u.starts_with(&server.url(""))), "{label}: {requests:?}");
        drop(server);
    }
}

/// Markup, quotes, a CDATA end, a bidi override and a bell character in the text.
const HOSTILE: &str = r#"format = 1
title = "Break </title><script>alert(1)</script> & \"q\" \u202e rtl ]]>"
service = "Svc <b>"
timezone = "UTC"
deployments = ["Dep \"x\" <y>"]

[[impact]]
deployment = "Dep \"x\" <y>"
status = "major_outage"
start = "2026-07-15 10:00"
end = "2026-07-15 11:00"

[[updates]]
at = "2026-07-15 10:05"
status = "investigating"
text = "Text with \u0007 bell, <img src=x onerror=alert(1)> and ]]> and &amp;"
deployments = ["Dep \"x\" <y>"]

[[updates]]
at = "2026-07-15 11:05"
status = "resolved"
text = "Done."
"#;

#[test]
fn feedparser_reads_the_atom_feed_with_one_entry_per_update() {
    let dir = tempfile::tempdir().expect("tempdir");
    let incidents = seed_folder(dir.path());
    std::fs::write(incidents.join("2026-07-20-login-fails.toml"), OPEN_OUTAGE).expect("write");
    std::fs::write(incidents.join("2026-07-15-hostile.toml"), HOSTILE).expect("write");
    let out = dir.path().join("site");
    build(&incidents, &out, &[]);
    let script = "import feedparser, json, sys\n\
                  d = feedparser.parse(sys.argv[1])\n\
                  print(json.dumps({'bozo': int(d.bozo), 'error': str(d.get('bozo_exception', '')), \
                  'ids': [e.id for e in d.entries], 'links': [e.link for e in d.entries], 'updated': [e.updated for e in d.entries], 'titles': [e.title for e in d.entries]}))";
    // The venv's python (where scripts/test.sh installs feedparser) comes before the system's.
    let output = Command::new(external_tool("python3"))
        .args(["-c", script, out.join("feed.atom").to_str().expect("utf-8")])
        .output()
        .expect("python runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(parsed["bozo"], 0, "{}", parsed["error"]);
    // The seed has 3 updates, the open outage 1, the hostile incident 2.
    let ids = parsed["ids"].as_array().expect("ids");
    assert_eq!(ids.len(), 6, "{parsed}");
    let unique: std::collections::BTreeSet<_> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(unique.len(), 6, "ids repeat: {parsed}");
    assert!(
        parsed["titles"]
            .as_array()
            .expect("titles")
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.contains("</title><script>"))),
        "{parsed}"
    );
    assert_eq!(parsed["updated"][0], "2026-07-20T09:10:00Z", "newest first: {parsed}");
    assert!(
        parsed["links"][0].as_str().is_some_and(|l| l.ends_with("incidents/2026-07-20-login-fails.html")),
        "{parsed}"
    );
}
