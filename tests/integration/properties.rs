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
    let (incident, diagnostics) = postmortem::resolve::resolve(file, &config);
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

// ---- The quarterly report -------------------------------------------------------------------

mod report {
    use std::path::{Path, PathBuf};

    use chrono::NaiveDate;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use postmortem::model::{Config, ImpactStatus};
    use postmortem::report::aggregate::{Report, Settings, aggregate};
    use postmortem::report::{Period, as_of_instant, input};

    /// One window: deployment (A or B), start minute from 2026-06-25 00:00 UTC (a week before
    /// Q3, so some windows straddle its start), length in minutes (some open: None), status,
    /// planned.
    type RawWindow = (bool, i64, Option<i64>, usize, bool);

    fn incidents() -> impl Strategy<Value = Vec<Vec<RawWindow>>> {
        let window = (
            any::<bool>(),
            0i64..150_000,
            prop::option::weighted(0.9, 0i64..20_000),
            0usize..4,
            any::<bool>(),
        );
        prop::collection::vec(prop::collection::vec(window, 1..5), 1..8)
    }

    fn instant(minute: i64) -> String {
        let base = NaiveDate::from_ymd_opt(2026, 6, 25).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("base");
        (base + chrono::Duration::minutes(minute)).and_utc().to_rfc3339()
    }

    /// Write each incident as a TOML file; the paths in file order.
    fn write(dir: &Path, incidents: &[Vec<RawWindow>]) -> Vec<PathBuf> {
        incidents
            .iter()
            .enumerate()
            .map(|(i, windows)| {
                let mut text = format!(
                    "format = 1\ntitle = \"Incident {i}\"\nservice = \"S\"\ntimezone = \"UTC\"\ndeployments = [\"A\", \"B\"]\nroot_cause = \"r\"\n"
                );
                for &(on_a, start, length, status, planned) in windows {
                    let status = ImpactStatus::ALL[status].as_str();
                    text.push_str(&format!(
                        "\n[[impact]]\ndeployment = \"{}\"\nstatus = \"{status}\"\nplanned = {planned}\nstart = \"{}\"\n",
                        if on_a { "A" } else { "B" },
                        instant(start)
                    ));
                    if let Some(length) = length {
                        text.push_str(&format!("end = \"{}\"\n", instant(start + length)));
                    }
                }
                let path = dir.join(format!("incident-{i:02}.toml"));
                std::fs::write(&path, text).expect("write incident");
                path
            })
            .collect()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("date")
    }

    /// The report over `files` for `first..=last`, open windows ending at `as_of` (the same for
    /// every period compared, so that only the clipping differs).
    fn report(
        files: &[PathBuf],
        first: NaiveDate,
        last: NaiveDate,
        as_of: NaiveDate,
        threads: usize,
    ) -> Report {
        let config = Config::default();
        let period = Period::range(first, last, Tz::UTC).expect("period");
        let inputs = input::read(files, &config, as_of, threads);
        let settings = Settings {
            config: &config,
            period: &period,
            as_of: as_of_instant(as_of, Tz::UTC),
            as_of_date: as_of,
            link_base: Path::new("."),
        };
        aggregate(&inputs, &settings)
    }

    /// Downtime per deployment, by name.
    fn downtime(report: &Report) -> Vec<(String, i64)> {
        let mut all: Vec<(String, i64)> =
            report.deployments.iter().map(|d| (d.name.clone(), d.downtime_seconds)).collect();
        all.sort();
        all
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn downtime_does_not_depend_on_the_order_of_files(incidents in incidents(), rotate in 0usize..8) {
            let dir = tempfile::tempdir().expect("tempdir");
            let files = write(dir.path(), &incidents);
            let as_of = day(10, 1);
            let forward = report(&files, day(7, 1), day(9, 30), as_of, 1);
            let mut shuffled = files.clone();
            shuffled.reverse();
            let len = shuffled.len();
            shuffled.rotate_left(rotate % len);
            let other = report(&shuffled, day(7, 1), day(9, 30), as_of, 3);
            prop_assert_eq!(downtime(&forward), downtime(&other));
            prop_assert_eq!(forward.counts.incidents, other.counts.incidents);
        }

        #[test]
        fn availability_stays_within_bounds(incidents in incidents()) {
            let dir = tempfile::tempdir().expect("tempdir");
            let files = write(dir.path(), &incidents);
            let r = report(&files, day(7, 1), day(9, 30), day(10, 1), 2);
            // Every generated file is read, none left out: the bounds are tested on real data.
            prop_assert!(r.excluded.is_empty(), "{:?}", r.excluded.iter().map(|e| &e.reason).collect::<Vec<_>>());
            for d in &r.deployments {
                prop_assert!((0.0..=100.0).contains(&d.availability), "{}: {}", d.name, d.availability);
                prop_assert!(d.downtime_seconds >= 0 && d.downtime_seconds <= r.period.seconds);
                prop_assert!(d.impact_seconds <= r.period.seconds && d.planned_seconds <= r.period.seconds);
            }
        }

        #[test]
        fn clipping_to_adjacent_periods_adds_up(incidents in incidents(), split in 1u32..92) {
            let dir = tempfile::tempdir().expect("tempdir");
            let files = write(dir.path(), &incidents);
            let (first, last, as_of) = (day(7, 1), day(9, 30), day(10, 1));
            let mid = first + chrono::Days::new(u64::from(split) - 1);
            let whole = report(&files, first, last, as_of, 2);
            let left = report(&files, first, mid, as_of, 2);
            let right = match mid.succ_opt() {
                Some(next) if next <= last => Some(report(&files, next, last, as_of, 2)),
                _ => None,
            };
            for d in &whole.deployments {
                let part = |r: &Report| r.deployments.iter().find(|x| x.name == d.name).map_or(0, |x| x.downtime_seconds);
                let parts = part(&left) + right.as_ref().map_or(0, part);
                prop_assert_eq!(d.downtime_seconds, parts, "{} split after {}", d.name, mid);
                // The months of the whole period add up to it too.
                let months: i64 = d.months.iter().map(|m| m.downtime_seconds).sum();
                prop_assert_eq!(d.downtime_seconds, months, "{} by month", d.name);
            }
        }
    }
}
