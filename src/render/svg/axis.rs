//! The time axis: a piecewise-linear scale that compresses long quiet stretches, and ticks at
//! round local times with the date on the first tick, at every change of day and after every
//! compressed stretch; where the zone's offset changes inside the span (a DST fold repeats an
//! hour), each tick names its offset (`01:30 EDT`, `01:30 EST`).

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::{TEXT, text_width};
use crate::time::format_in_zone;

/// Width of a compressed stretch.
pub const BREAK_WIDTH: f64 = 64.0;

/// A stretch of the time axis: shown to scale, or compressed to a fixed-width break.
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub t0: i64,
    pub t1: i64,
    pub x0: f64,
    pub x1: f64,
    pub compressed: bool,
}

/// Piecewise-linear map from instants (Unix seconds) to x.
#[derive(Debug, Clone)]
pub struct Scale {
    pub segments: Vec<Segment>,
    pub pixels_per_second: f64,
}

impl Scale {
    /// `instants` sorted; `covered` are the bounded windows (a gap inside one is never compressed).
    pub fn new(instants: &[i64], covered: &[(i64, i64)], x0: f64, x1: f64) -> Scale {
        let (first, last) = match (instants.first(), instants.last()) {
            (Some(f), Some(l)) if l > f => (*f, *l),
            (Some(f), _) => (*f - 1800, *f + 1800),
            _ => (0, 3600),
        };
        let total = (last - first) as f64;
        // A gap is quiet when nothing happens in it and no window spans it; it is compressed
        // when it would otherwise take more than a quarter of the width.
        let mut gaps: Vec<(i64, i64)> = Vec::new();
        for pair in instants.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            // At most four gaps can each take a quarter: only those look through the windows.
            let wide = (b - a) as f64 > total * 0.25 && b - a > 2 * 3600;
            if wide && !covered.iter().any(|(s, e)| *s < b && *e > a) {
                gaps.push((a, b));
            }
        }
        let active: i64 = (last - first) - gaps.iter().map(|(a, b)| b - a).sum::<i64>();
        let pad = ((active as f64) * 0.03).max(300.0) as i64;
        let (start, end) = (first - pad, last + pad);
        let scaled_seconds = (active + 2 * pad).max(1) as f64;
        let available = (x1 - x0 - BREAK_WIDTH * gaps.len() as f64).max(50.0);
        let pps = available / scaled_seconds;
        let mut segments = Vec::new();
        let mut t = start;
        let mut x = x0;
        for (a, b) in gaps {
            let w = (a - t) as f64 * pps;
            segments.push(Segment { t0: t, t1: a, x0: x, x1: x + w, compressed: false });
            x += w;
            segments.push(Segment { t0: a, t1: b, x0: x, x1: x + BREAK_WIDTH, compressed: true });
            x += BREAK_WIDTH;
            t = b;
        }
        segments.push(Segment { t0: t, t1: end, x0: x, x1: x + (end - t) as f64 * pps, compressed: false });
        Scale { segments, pixels_per_second: pps }
    }

    pub fn start(&self) -> i64 {
        self.segments.first().map_or(0, |s| s.t0)
    }

    pub fn end(&self) -> i64 {
        self.segments.last().map_or(0, |s| s.t1)
    }

    pub fn x(&self, t: i64) -> f64 {
        let t = t.clamp(self.start(), self.end());
        let segment = self.segments.iter().find(|s| t >= s.t0 && t <= s.t1).or(self.segments.last());
        match segment {
            Some(s) if s.t1 > s.t0 => s.x0 + (s.x1 - s.x0) * (t - s.t0) as f64 / (s.t1 - s.t0) as f64,
            Some(s) => s.x0,
            None => 0.0,
        }
    }

    pub fn compressed(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| s.compressed)
    }
}

/// One tick of the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub time: String,
    pub date: Option<String>,
}

/// How tick labels read.
#[derive(Debug, Clone, Copy)]
pub struct TickStyle {
    pub zone: Tz,
    /// The zone's abbreviation changes inside the span: every tick names its own.
    pub mixed_zones: bool,
    /// The span crosses a New Year: dates carry the year.
    pub multi_year: bool,
}

/// Ticks aligned to round local times, spaced at least ~80 px, labels kept inside
/// `x_min..x_max` and apart from each other.
pub fn ticks(scale: &Scale, style: TickStyle, x_min: f64, x_max: f64) -> Vec<Tick> {
    const STEPS_MIN: [i64; 10] = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
    let min_gap = if style.mixed_zones { 110.0 } else { 80.0 };
    let step_min = STEPS_MIN
        .iter()
        .copied()
        .find(|m| (*m * 60) as f64 * scale.pixels_per_second >= min_gap)
        .unwrap_or(1440 * ((min_gap / (86_400.0 * scale.pixels_per_second)).ceil().max(1.0) as i64));
    let step = step_min * 60;
    let zone = style.zone;
    let date_format = if style.multi_year { "%b %-d, %Y" } else { "%b %-d" };
    let mut out: Vec<Tick> = Vec::new();
    let mut last_date: Option<String> = None;
    let mut last_end = f64::NEG_INFINITY;
    for segment in scale.segments.iter() {
        if segment.compressed {
            // The first tick after a compressed stretch names its date again.
            last_date = None;
            continue;
        }
        let Some(start) = DateTime::<Utc>::from_timestamp(segment.t0, 0) else { continue };
        let local = start.with_timezone(&zone);
        let midnight = local.date_naive().and_time(NaiveTime::MIN);
        let since_midnight = i64::from(local.num_seconds_from_midnight());
        let first_offset = (since_midnight + step - 1) / step * step;
        let Some(first_wall) = midnight.checked_add_signed(Duration::seconds(first_offset)) else { continue };
        // The first round wall time in the segment; a wall time lost to DST falls back to UTC stepping.
        let mut t = zone.from_local_datetime(&first_wall).earliest().map_or(segment.t0, |dt| dt.timestamp());
        while t <= segment.t1 {
            let Some(at) = DateTime::<Utc>::from_timestamp(t, 0) else { break };
            let x = scale.x(t);
            let time = format_in_zone(at, zone, if style.mixed_zones { "%H:%M %Z" } else { "%H:%M" });
            let date = format_in_zone(at, zone, date_format);
            let show_date = last_date.as_deref() != Some(date.as_str());
            let widest =
                if show_date { time.chars().count().max(date.chars().count()) } else { time.chars().count() };
            let half = text_width(&"0".repeat(widest), TEXT) / 2.0;
            // A label that would collide with the previous one, a compressed stretch's label or
            // leave the plot is left out.
            let clear_of_gaps = scale.compressed().all(|g| x + half + 4.0 <= g.x0 || x - half - 4.0 >= g.x1);
            if x - half >= x_min && x + half <= x_max && last_end + 8.0 <= x - half && clear_of_gaps {
                last_end = x + half;
                if show_date {
                    last_date = Some(date.clone());
                }
                out.push(Tick { x, time, date: show_date.then_some(date) });
            }
            t += step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_style() -> TickStyle {
        TickStyle { zone: chrono_tz::UTC, mixed_zones: false, multi_year: false }
    }

    #[test]
    fn a_long_quiet_gap_is_compressed_but_a_covered_one_is_not() {
        let h = 3600;
        let instants = [0, 6 * h, 23 * h, 30 * h];
        let scale = Scale::new(&instants, &[], 100.0, 900.0);
        assert_eq!(scale.compressed().count(), 1);
        let outage = scale.x(30 * h) - scale.x(23 * h);
        assert!(outage > 300.0, "outage is {outage}px wide");
        let covered = Scale::new(&instants, &[(5 * h, 24 * h)], 100.0, 900.0);
        assert_eq!(covered.compressed().count(), 0);
    }

    #[test]
    fn the_scale_is_monotonic() {
        let h = 3600;
        let scale = Scale::new(&[0, h, 40 * h, 41 * h, 90 * h], &[], 100.0, 900.0);
        let xs: Vec<f64> = (-2..95).map(|k| scale.x(k * h)).collect();
        assert!(xs.windows(2).all(|p| p[0] <= p[1]));
    }

    #[test]
    fn the_first_tick_and_the_first_after_a_gap_carry_their_date() {
        let h = 3600;
        // 2026-07-04 10:00 UTC, a quiet day and a half, then two more hours.
        let base = 1_783_159_200;
        let scale = Scale::new(&[base, base + 2 * h, base + 40 * h, base + 42 * h], &[], 100.0, 900.0);
        let ticks = ticks(&scale, utc_style(), 100.0, 900.0);
        assert!(ticks[0].date.is_some(), "{ticks:?}");
        let gap_end = scale.compressed().next().expect("a gap").x1;
        let after = ticks.iter().find(|t| t.x > gap_end).expect("a tick after the gap");
        assert_eq!(after.date.as_deref(), Some("Jul 6"), "{ticks:?}");
        assert!(ticks.windows(2).all(|p| p[0].x < p[1].x));
    }

    #[test]
    fn ticks_across_a_fold_name_their_offset() {
        // 2026-11-01 04:00–07:00 UTC: New York repeats 01:00–02:00 (EDT, then EST).
        let zone: Tz = "America/New_York".parse().expect("zone");
        let start = 1_793_505_600;
        let scale = Scale::new(&[start, start + 3 * 3600], &[(start, start + 3 * 3600)], 0.0, 900.0);
        let style = TickStyle { zone, mixed_zones: true, multi_year: false };
        let labels: Vec<String> = ticks(&scale, style, 0.0, 900.0).into_iter().map(|t| t.time).collect();
        assert!(
            labels.iter().any(|l| l.ends_with("EDT")) && labels.iter().any(|l| l.ends_with("EST")),
            "{labels:?}"
        );
    }
}
