//! Window lines the rendered post-mortem writes under each deployment, read back.

use super::clock::timestamp_text;
use super::infer::Context;
use crate::model::ImpactStatus;
use crate::model::raw::Impact;
use crate::time;
use crate::time::zone_of_written_abbreviation;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static WINDOW_BOUND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}) (\S+)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "July 4, 2026 14:55 UTC": a window bound as the rendered post-mortem writes it (date, year,
/// wall clock and zone abbreviation of the display zone).
pub(super) fn window_bound(text: &str) -> Option<DateTime<Utc>> {
    let caps = WINDOW_BOUND_RE.captures(text.trim())?;
    let part = |n: usize| caps.get(n).map(|m| m.as_str());
    let date =
        NaiveDate::parse_from_str(&format!("{} {} {}", part(1)?, part(2)?, part(3)?), "%B %d %Y").ok()?;
    let wall = date.and_time(NaiveTime::from_hms_opt(part(4)?.parse().ok()?, part(5)?.parse().ok()?, 0)?);
    match zone_of_written_abbreviation(part(6)?)? {
        (_, Some(offset)) => {
            Some(FixedOffset::east_opt(offset)?.from_local_datetime(&wall).single()?.with_timezone(&Utc))
        }
        (zone, None) => time::resolve_local(wall, zone).ok(),
    }
}

/// A window line the rendered post-mortem nests under a deployment: "Major outage from July 4,
/// 2026 14:55 UTC to July 4, 2026 22:05 UTC (7h 10m)", "Under maintenance (planned) from … (6h
/// window; impact 15m)", "Partial outage from …; not ended", "Degraded performance; start and
/// end not known". None unless the whole line reads.
pub(super) fn window_line(item: &str, deployment: &str, context: &Context) -> Option<Impact> {
    let status = ImpactStatus::ALL
        .into_iter()
        .find(|s| item.get(..s.label().len()).is_some_and(|head| head.eq_ignore_ascii_case(s.label())))?;
    let mut rest = item.get(status.label().len()..)?.trim();
    let planned = match rest.strip_prefix("(planned)") {
        Some(after) => {
            rest = after.trim_start();
            true
        }
        None => false,
    };
    let mut declared = None;
    for note in ["; start and end not known", "; not ended", "; start not known"] {
        if let Some(before) = rest.strip_suffix(note) {
            rest = before.trim();
            break;
        }
    }
    if let Some(open) = rest.rfind(" (")
        && let Some(figures) = rest.get(open + 2..).and_then(|f| f.strip_suffix(')'))
    {
        for figure in figures.split("; ") {
            if let Some(impact) = figure.strip_prefix("impact ") {
                declared = Some(time::parse_duration(impact).ok()?);
            }
        }
        rest = rest.get(..open)?.trim();
    }
    let (start, end) = if rest.is_empty() {
        (None, None)
    } else if let Some(bounds) = rest.strip_prefix("from ") {
        match bounds.split_once(" to ") {
            // "from July 4, 2026 14:55 UTC to 22:05 UTC": the end on the start's date.
            Some((start, end)) => {
                let on_start_date = || window_bound(&format!("{} {end}", start.rsplitn(3, ' ').nth(2)?));
                (Some(window_bound(start)?), Some(window_bound(end).or_else(on_start_date)?))
            }
            None => (Some(window_bound(bounds)?), None),
        }
    } else {
        (None, Some(window_bound(rest.strip_prefix("until ")?)?))
    };
    Some(Impact {
        deployment: deployment.to_string(),
        status,
        planned,
        start: start.map(|at| timestamp_text(at, context.zone)),
        end: end.map(|at| timestamp_text(at, context.zone)),
        duration: declared.map(time::format_duration),
        tz: None,
        text: None,
    })
}

pub(super) static GENERATED_IMPACT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Degraded performance|Under maintenance|Partial outage|Major outage)(?: for .+|; when it began and ended is not known)|No impact|Planned maintenance \(.+\))\.$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The deployment's line is the author's text of its unplanned window (or, with none, of its
/// planned one) unless the renderer wrote it from the figures.
pub(super) fn attach_description(windows: &mut [Impact], description: &str) {
    if GENERATED_IMPACT_RE.is_match(description) {
        return;
    }
    let unplanned = windows.iter().filter(|w| !w.planned).count();
    let (planned, text) = match description.strip_prefix("Planned maintenance: ") {
        Some(text) if unplanned == 0 => (true, text),
        _ => (false, description),
    };
    let mut candidates = windows.iter_mut().filter(|w| w.planned == planned);
    if let (Some(window), None) = (candidates.next(), candidates.next()) {
        window.text = Some(text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn context() -> Context {
        Context {
            year: 2026,
            zone: Tz::UTC,
            zone_abbreviation: Some("UTC".into()),
            main_date: Some((7, 3)),
            warnings: std::cell::RefCell::new(Vec::new()),
        }
    }
    #[test]
    fn window_lines_read_back_every_shape() {
        let c = context();
        let w = window_line(
            "Under maintenance (planned) from March 8, 2026 01:00 PST to March 8, 2026 04:00 PDT (2h window; impact 20m)",
            "us-west",
            &c,
        )
        .expect("reads");
        assert_eq!(w.status, ImpactStatus::UnderMaintenance);
        assert!(w.planned);
        assert_eq!(w.start.as_deref(), Some("2026-03-08 09:00"));
        assert_eq!(w.end.as_deref(), Some("2026-03-08 11:00"));
        assert_eq!(w.duration.as_deref(), Some("20m"));
        let open = window_line("Partial outage from October 4, 2026 01:00 AEST; not ended", "AU", &c)
            .expect("reads");
        assert_eq!((open.start.as_deref(), open.end.as_deref()), (Some("2026-10-03 15:00"), None));
        let unknown = window_line("Degraded performance; start and end not known", "P", &c).expect("reads");
        assert_eq!((unknown.start, unknown.end, unknown.planned), (None, None, false));
        let until = window_line("Major outage until July 4, 2026 22:05 UTC; start not known", "P", &c)
            .expect("reads");
        assert_eq!((until.start, until.end.as_deref()), (None, Some("2026-07-04 22:05")));
        for bad in [
            "Major outage from yesterday to today",
            "Major outage from July 4, 2026 14:55 UTC; whatever",
            "Major outages everywhere",
            "Nothing like a window",
        ] {
            assert!(window_line(bad, "P", &c).is_none(), "{bad}");
        }
    }
}
