//! Property tests of the interval arithmetic, the analysis and the time-zone conversions.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use postmortem::analysis::intervals::{Interval, union_seconds, worst_cover};
use postmortem::model::raw::{Impact, IncidentFile};
use postmortem::model::{Config, ImpactStatus};
use postmortem::time::{TimeError, resolve_local};

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("valid base instant")
}

/// Windows as (start offset, length) in minutes within about a month, with a status rank.
fn windows() -> impl Strategy<Value = Vec<(i64, i64, u8)>> {
    prop::collection::vec((0i64..40_000, 0i64..3_000, 0u8..4), 0..40)
}

fn intervals(raw: &[(i64, i64, u8)]) -> Vec<Interval<u8>> {
    raw.iter()
        .map(|&(start, len, rank)| {
            Interval::new(base() + Duration::minutes(start), base() + Duration::minutes(start + len), rank)
        })
        .collect()
}

const STATUSES: [ImpactStatus; 4] = ImpactStatus::ALL;

fn incident_with(raw: &[(i64, i64, u8)]) -> IncidentFile {
    let at = |minutes: i64| (base() + Duration::minutes(minutes)).to_rfc3339();
    IncidentFile {
        format: 1,
        title: "t".into(),
        service: "s".into(),
        deployments: vec!["A".into()],
        impact: raw
            .iter()
            .map(|&(start, len, rank)| Impact {
                deployment: "A".into(),
                status: STATUSES[usize::from(rank) % STATUSES.len()],
                planned: false,
                start: Some(at(start)),
                end: Some(at(start + len)),
                duration: None,
                tz: None,
                text: None,
            })
            .collect(),
        ..IncidentFile::default()
    }
}

fn downtime(file: IncidentFile) -> (i64, i64) {
    let config = Config::default();
    let (incident, diagnostics) = postmortem::model::resolve(file, &config);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let analysis = postmortem::analysis::analyze(&incident, &config.counting);
    let a = analysis.deployment("A").expect("deployment A");
    (a.downtime_seconds, a.impact_seconds)
}

proptest! {
    #[test]
    fn union_is_never_longer_than_the_sum(raw in windows()) {
        let all = intervals(&raw);
        let sum: i64 = all.iter().map(Interval::seconds).sum();
        prop_assert!(union_seconds(&all) <= sum);
    }

    #[test]
    fn union_equals_the_sum_for_disjoint_windows(lengths in prop::collection::vec((1i64..500, 0i64..500), 0..30)) {
        let mut cursor = 0;
        let mut raw = Vec::new();
        for (len, gap) in lengths {
            raw.push((cursor, len, 0u8));
            cursor += len + gap + 1;
        }
        let all = intervals(&raw);
        let sum: i64 = all.iter().map(Interval::seconds).sum();
        prop_assert_eq!(union_seconds(&all), sum);
    }

    #[test]
    fn worst_cover_stretches_are_disjoint_and_cover_the_union(raw in windows()) {
        let all = intervals(&raw);
        let cover = worst_cover(&all);
        for pair in cover.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start);
        }
        prop_assert_eq!(cover.iter().map(Interval::seconds).sum::<i64>(), union_seconds(&all));
        // Each stretch carries the worst status of the windows covering its start.
        for stretch in &cover {
            let worst = all.iter().filter(|w| w.start <= stretch.start && stretch.start < w.end).map(|w| w.value).max();
            prop_assert_eq!(Some(stretch.value), worst);
        }
    }

    #[test]
    fn downtime_does_not_depend_on_the_order_of_windows(raw in windows(), seed in any::<u64>()) {
        let mut shuffled = raw.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(downtime(incident_with(&raw)), downtime(incident_with(&shuffled)));
    }

    #[test]
    fn clipping_to_adjacent_periods_adds_up_to_the_whole(raw in windows(), split in 0i64..45_000) {
        let all = intervals(&raw);
        let cut = base() + Duration::minutes(split);
        let far_past = base() - Duration::days(365);
        let far_future = base() + Duration::days(365);
        let before: Vec<_> = all.iter().filter_map(|w| w.clip(far_past, cut)).collect();
        let after: Vec<_> = all.iter().filter_map(|w| w.clip(cut, far_future)).collect();
        prop_assert_eq!(union_seconds(&before) + union_seconds(&after), union_seconds(&all));
    }

    #[test]
    fn wall_clock_round_trips_except_in_gaps_and_folds(
        zone_index in 0usize..6,
        // Mostly the days clocks change in these zones, so gaps and folds are really exercised.
        day in prop_oneof![0i64..730, prop::sample::select(vec![66i64, 87, 94, 248, 276, 297, 304, 431, 458, 640, 668])],
        minute in 0i64..1440,
    ) {
        let zones = [
            Tz::America__New_York, Tz::America__Los_Angeles, Tz::Europe__London,
            Tz::Australia__Sydney, Tz::Asia__Kathmandu, Tz::America__Santiago,
        ];
        let zone = zones[zone_index];
        let wall: NaiveDateTime = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date").and_hms_opt(0, 0, 0).expect("time")
            + Duration::days(day) + Duration::minutes(minute);
        match resolve_local(wall, zone) {
            Ok(instant) => prop_assert_eq!(instant.with_timezone(&zone).naive_local(), wall),
            Err(TimeError::Gap { before, after, .. }) => {
                // Neither reading maps back to the written wall time: the time does not exist.
                prop_assert_ne!(before.with_timezone(&zone).naive_local(), wall);
                prop_assert_ne!(after.with_timezone(&zone).naive_local(), wall);
            }
            Err(TimeError::Fold { earlier, later, .. }) => {
                prop_assert!(earlier < later);
                prop_assert_eq!(earlier.with_timezone(&zone).naive_local(), wall);
                prop_assert_eq!(later.with_timezone(&zone).naive_local(), wall);
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }
}
