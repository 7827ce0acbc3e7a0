//! The timeline chart read by headless Chromium the way a person sees it, on the seed and on a
//! dense incident (21 events and 10 updates within two hours, five deployments, windows whose
//! times are not known): every chart text is at least 12 px as rendered at 1280 px and at
//! 390 px, no two text boxes intersect, none is clipped, every text has 4.5:1 contrast with what
//! it is drawn on, and the chart turns dark with `prefers-color-scheme: dark`.
//!
//! The page gets a measuring script (and loses its CSP, which forbids scripts); Chromium runs it
//! and `--dump-dom` returns what it measured. Dark mode: `--blink-settings=preferredColorScheme=0`
//! (0 is dark), proven against the light run.

use std::path::Path;

use regex::Regex;
use serde_json::Value;

use crate::browser::{browser, headless, render_html};
use crate::common::{fixtures, relative};

/// Measures every visible chart: text sizes as rendered, boxes, colours and what lies beneath.
const MEASURE: &str = r#"<script>
addEventListener('load', () => {
  const charts = [];
  for (const svg of document.querySelectorAll('svg.pm-chart')) {
    const shown = svg.getBoundingClientRect();
    if (shown.width === 0) continue;
    svg.scrollIntoView();
    const scale = svg.getScreenCTM().a;
    const vb = svg.viewBox.baseVal;
    const scroller = svg.parentElement;
    const background = getComputedStyle(svg.querySelector('rect.pm-bg')).fill;
    const texts = [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      const r = t.getBoundingClientRect();
      let under = null;
      for (const el of document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)) {
        if (el === svg || !svg.contains(el)) break;
        if (['text', 'line', 'polyline', 'g', 'title'].includes(el.tagName)) continue;
        const fill = getComputedStyle(el).fill;
        // A pattern overlay is transparent between its marks; the text's halo covers those.
        if (!fill || fill === 'none' || fill.startsWith('url')) continue;
        under = fill;
        break;
      }
      return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
               fill: getComputedStyle(t).fill, under: under || background,
               box: [b.x, b.y, b.x + b.width, b.y + b.height] };
    });
    charts.push({ id: svg.getAttribute('aria-labelledby'), viewBox: [vb.width, vb.height], scale,
                  fits: scroller.scrollWidth <= scroller.clientWidth + 1, background, texts,
                  dark: matchMedia('(prefers-color-scheme: dark)').matches });
  }
  const pre = document.createElement('pre');
  pre.id = 'pm-measured';
  pre.textContent = JSON.stringify(charts);
  document.body.append(pre);
});
</script>"#;

/// The page at `page` with the measuring script and without its CSP, written beside it.
fn instrumented(page: &Path) -> std::path::PathBuf {
    let html = std::fs::read_to_string(page).expect("page");
    let csp = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).expect("regex");
    let html = csp.replace(&html, "").replace("</body>", &format!("{MEASURE}</body>"));
    let out = page.with_extension("measure.html");
    std::fs::write(&out, html).expect("write");
    out
}

/// Open `page` at `width` px, light or dark, and return the measured charts.
fn measure(page: &Path, profile: &Path, width: u32, dark: bool) -> Vec<Value> {
    let mut flags = vec![format!("--window-size={width},2000"), "--dump-dom".to_string()];
    flags.push("--virtual-time-budget=5000".to_string());
    if dark {
        flags.push("--blink-settings=preferredColorScheme=0".to_string());
    }
    let output = headless(&browser(), profile, page, &flags);
    let dom = String::from_utf8_lossy(&output.stdout);
    let json = Regex::new(r#"(?s)<pre id="pm-measured">(.*?)</pre>"#)
        .expect("regex")
        .captures(&dom)
        .map(|c| c[1].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        .unwrap_or_else(|| {
            panic!("the measuring script did not run: {}", String::from_utf8_lossy(&output.stderr))
        });
    let charts: Vec<Value> = serde_json::from_str(&json).expect("measurements are JSON");
    assert!(!charts.is_empty(), "no chart is visible at {width} px");
    charts
}

fn rgb(css: &str) -> (u8, u8, u8) {
    let n: Vec<u8> = Regex::new(r"\d+")
        .expect("regex")
        .find_iter(css)
        .take(3)
        .map(|m| m.as_str().parse().expect("a channel"))
        .collect();
    assert_eq!(n.len(), 3, "not an rgb() colour: {css}");
    (n[0], n[1], n[2])
}

/// WCAG 2 contrast ratio.
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let lum = |(r, g, b): (u8, u8, u8)| {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    };
    let (la, lb) = (lum(a), lum(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn number(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

/// Every reading rule on one measured chart; returns its background.
fn assert_reads(chart: &Value, what: &str) -> (u8, u8, u8) {
    let id = chart["id"].as_str().unwrap_or("?");
    let what = format!("{what}, {id}");
    assert!(chart["fits"].as_bool().expect("fits"), "{what}: the chart is wider than its column");
    let view = chart["viewBox"].as_array().expect("viewBox");
    let (vw, vh) = (number(&view[0]), number(&view[1]));
    let texts = chart["texts"].as_array().expect("texts");
    assert!(texts.len() > 10, "{what}: only {} texts", texts.len());
    let boxes: Vec<(String, [f64; 4])> = texts
        .iter()
        .map(|t| {
            let b = t["box"].as_array().expect("box");
            (t["text"].as_str().unwrap_or("").to_string(), [0, 1, 2, 3].map(|i| number(&b[i])))
        })
        .collect();
    for (t, (label, b)) in texts.iter().zip(&boxes) {
        let px = number(&t["px"]);
        assert!(px >= 11.99, "{what}: “{label}” is {px:.2} px");
        assert!(
            b[0] >= -0.5 && b[1] >= -0.5 && b[2] <= vw + 0.5 && b[3] <= vh + 0.5,
            "{what}: “{label}” is clipped: {b:?} in {vw}×{vh}"
        );
        let (fg, bg) = (rgb(t["fill"].as_str().expect("fill")), rgb(t["under"].as_str().expect("under")));
        let ratio = contrast(fg, bg);
        assert!(ratio >= 4.5, "{what}: “{label}” {fg:?} on {bg:?} has contrast {ratio:.2}:1");
    }
    for (i, (a, ba)) in boxes.iter().enumerate() {
        for (b, bb) in &boxes[i + 1..] {
            let w = ba[2].min(bb[2]) - ba[0].max(bb[0]);
            let h = ba[3].min(bb[3]) - ba[1].max(bb[1]);
            assert!(w <= 1.0 || h <= 1.0, "{what}: “{a}” {ba:?} and “{b}” {bb:?} overlap");
        }
    }
    rgb(chart["background"].as_str().expect("background"))
}

#[test]
fn the_chart_reads_at_every_width_in_light_and_dark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dense = relative(&fixtures("valid").join("dense-payments-warsaw.toml"));
    let pages = [
        ("dense", render_html(&dense, dir.path(), "dense.html")),
        ("seed", render_html("incidents/2026-07-04-smsgate-api.toml", dir.path(), "seed.html")),
    ];
    for (name, page) in &pages {
        let page = instrumented(page);
        for (width, dark) in [(1280, false), (390, false), (1280, true), (390, true)] {
            let what = format!("{name} at {width} px{}", if dark { ", dark" } else { "" });
            let profile = dir.path().join(format!("profile-{name}-{width}-{dark}"));
            let charts = measure(&page, &profile, width, dark);
            assert_eq!(charts.len(), 1, "{what}: one chart shows (wide or narrow)");
            let expected_id = if width < 640 { "pm-timeline-narrow" } else { "pm-timeline" };
            assert!(
                charts[0]["id"].as_str().unwrap_or("").starts_with(&format!("{expected_id}-title")),
                "{what}: {}",
                charts[0]["id"]
            );
            assert_eq!(charts[0]["dark"].as_bool(), Some(dark), "{what}: the colour scheme was not emulated");
            let background = assert_reads(&charts[0], &what);
            let expected = if dark { (13, 17, 23) } else { (255, 255, 255) };
            assert_eq!(
                background, expected,
                "{what}: the chart background does not follow the colour scheme"
            );
        }
    }
}
