//! Interval arithmetic on UTC instants: unions, the worst status over overlaps, clipping.
//!
//! Every function sweeps sorted boundaries once, so cost is O(n log n) in the windows.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

pub type Instant = DateTime<Utc>;

/// A half-open stretch of time `[start, end)` carrying a value (a status, a weight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval<T> {
    pub start: Instant,
    pub end: Instant,
    pub value: T,
}

impl<T> Interval<T> {
    pub fn new(start: Instant, end: Instant, value: T) -> Self {
        Interval { start, end, value }
    }

    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds().max(0)
    }

    /// The part inside `[from, to)`, if any.
    pub fn clip(&self, from: Instant, to: Instant) -> Option<Interval<T>>
    where
        T: Copy,
    {
        let start = self.start.max(from);
        let end = self.end.min(to);
        (start < end).then_some(Interval { start, end, value: self.value })
    }
}

/// Split the union of intervals into maximal stretches, each carrying the greatest value that
/// covers it ("worst status wins"). Empty and reversed intervals are ignored.
///
/// The covering intervals sit in a max-heap whose ended entries are dropped when they reach the
/// top, so 100,000 identical windows cost O(n log n), not a scan of the open ones per edge.
pub fn worst_cover<T: Copy + PartialOrd>(intervals: &[Interval<T>]) -> Vec<Interval<T>> {
    let mut edges: Vec<(Instant, bool, usize)> = Vec::with_capacity(intervals.len() * 2);
    for (i, interval) in intervals.iter().enumerate() {
        if interval.start < interval.end {
            edges.push((interval.start, true, i));
            edges.push((interval.end, false, i));
        }
    }
    edges.sort_by_key(|&(at, _, _)| at);
    let mut open = vec![false; intervals.len()];
    let mut heap: BinaryHeap<Ranked<T>> = BinaryHeap::new();
    let mut out: Vec<Interval<T>> = Vec::new();
    let mut cursor: Option<Instant> = None;
    let mut i = 0;
    while i < edges.len() {
        let at = edges[i].0;
        while heap.peek().is_some_and(|top| !open[top.index]) {
            heap.pop();
        }
        if let (Some(from), Some(top)) = (cursor, heap.peek())
            && from < at
        {
            let value = top.value;
            match out.last_mut() {
                Some(last) if last.end == from && last.value == value => last.end = at,
                _ => out.push(Interval { start: from, end: at, value }),
            }
        }
        while i < edges.len() && edges[i].0 == at {
            let (_, opening, index) = edges[i];
            open[index] = opening;
            if opening {
                heap.push(Ranked { value: intervals[index].value, index });
            }
            i += 1;
        }
        cursor = Some(at);
    }
    out
}

/// A value in the heap, greatest first (values are never NaN: statuses and weights).
struct Ranked<T> {
    value: T,
    index: usize,
}

impl<T: PartialOrd> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T: PartialOrd> Eq for Ranked<T> {}

impl<T: PartialOrd> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: PartialOrd> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.partial_cmp(&other.value).unwrap_or(Ordering::Equal).then(other.index.cmp(&self.index))
    }
}

/// Length of the union in seconds: overlaps never count twice.
pub fn union_seconds<T: Copy + PartialOrd>(intervals: &[Interval<T>]) -> i64 {
    let unit: Vec<Interval<()>> = intervals.iter().map(|i| Interval::new(i.start, i.end, ())).collect();
    worst_cover(&unit).iter().map(Interval::seconds).sum()
}

/// Seconds weighted by the greatest weight covering each stretch.
pub fn weighted_seconds(intervals: &[Interval<f64>]) -> f64 {
    worst_cover(intervals).iter().map(|s| s.seconds() as f64 * s.value).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> Instant {
        Utc.with_ymd_and_hms(2026, 7, 4, h, m, 0).single().expect("valid")
    }

    #[test]
    fn union_counts_overlaps_once() {
        let windows = [Interval::new(at(10, 0), at(12, 0), 1), Interval::new(at(11, 0), at(13, 0), 1)];
        assert_eq!(union_seconds(&windows), 3 * 3600);
    }

    #[test]
    fn worst_status_wins_where_windows_overlap() {
        let windows = [Interval::new(at(10, 0), at(14, 0), 1), Interval::new(at(11, 0), at(12, 0), 3)];
        let cover = worst_cover(&windows);
        let values: Vec<(i64, i32)> = cover.iter().map(|s| (s.seconds(), s.value)).collect();
        assert_eq!(values, vec![(3600, 1), (3600, 3), (7200, 1)]);
    }

    #[test]
    fn touching_windows_merge_and_gaps_stay() {
        let windows = [
            Interval::new(at(10, 0), at(11, 0), 1),
            Interval::new(at(11, 0), at(12, 0), 1),
            Interval::new(at(13, 0), at(14, 0), 1),
        ];
        assert_eq!(worst_cover(&windows).len(), 2);
        assert_eq!(union_seconds(&windows), 3 * 3600);
    }

    #[test]
    fn reversed_windows_are_ignored_not_flipped() {
        assert_eq!(union_seconds(&[Interval::new(at(12, 0), at(10, 0), 1)]), 0);
    }

    #[test]
    fn weighted_takes_the_heaviest_cover() {
        let windows = [Interval::new(at(10, 0), at(12, 0), 0.5), Interval::new(at(11, 0), at(12, 0), 1.0)];
        assert!((weighted_seconds(&windows) - 1.5 * 3600.0).abs() < 1e-9);
    }
}
