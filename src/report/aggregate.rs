//! The report's figures for one period: downtime per deployment as the union over every
//! incident (worst status wins, weighted by the counting rules), availability and error budget,
//! counts, time-to-X distributions, action items, and the previous period beside them.
//!
//! The serialised [`Report`] is the stable JSON shape of `report --to json`.

use std::collections::{BTreeMap, HashMap};

pub use super::figures::*;
use super::input::Inputs;
use super::period::Period;
use super::tally::{Collected, Tally};
use crate::analysis::intervals::{Interval, worst_cover};

/// Compute the report for `settings.period` (and the period before it) from `inputs`.
pub fn aggregate(inputs: &Inputs, settings: &Settings) -> Report {
    let mut tally = Tally::new(settings);
    for record in &inputs.records {
        tally.add_record(record);
    }
    for excluded in &inputs.excluded {
        tally.exclude(excluded);
    }
    finish(tally, settings)
}

/// The report from everything folded into `tally`.
pub fn finish(mut tally: Tally, settings: &Settings) -> Report {
    let period = settings.period;
    let previous = tally.previous().cloned();
    let mut deployments = deployment_figures(&tally.current.deployments, settings, period);
    if let (Some(prev), Some(before)) = (&previous, &tally.before) {
        let before = deployment_figures(&before.deployments, settings, prev);
        for deployment in &mut deployments {
            deployment.previous = before.iter().find(|b| b.name == deployment.name).map(|b| {
                DeploymentPrevious { downtime_seconds: b.downtime_seconds, availability: b.availability }
            });
        }
    }
    let mut durations: BTreeMap<&'static str, DurationFigures> = BTreeMap::new();
    for (kind, values) in std::mem::take(&mut tally.current.durations) {
        durations.entry(kind.as_str()).or_default().current = Distribution::of(values);
    }
    if let Some(before) = &mut tally.before {
        for (kind, values) in std::mem::take(&mut before.durations) {
            durations.entry(kind.as_str()).or_default().previous = Distribution::of(values);
        }
    }
    let actions = tally.action_figures();
    let mut incidents = std::mem::take(&mut tally.rows);
    // In place: a stable sort would borrow room for half the rows, and (start, file) is unique.
    incidents.sort_unstable_by(|a, b| a.began.cmp(&b.began).then_with(|| a.file.cmp(&b.file)));
    Report {
        generator: crate::output::mark::Generator::Report,
        format: REPORT_FORMAT,
        organisation: settings.config.file.organisation.clone(),
        period: PeriodInfo::of(period),
        previous_period: previous.as_ref().map(PeriodInfo::of),
        as_of: settings.as_of,
        counting: CountingInfo {
            rules: settings.config.counting.describe(),
            weights: settings.config.counting.weights.iter().map(|(s, w)| (s.as_str(), *w)).collect(),
            planned: settings.config.counting.planned,
        },
        files: FilesInfo {
            read: tally.included + tally.excluded.len(),
            included: tally.included,
            excluded: tally.excluded.len(),
        },
        deployments,
        counts: std::mem::take(&mut tally.current.counts),
        previous_counts: tally.before.as_mut().map(|b| std::mem::take(&mut b.counts)),
        incidents,
        durations,
        actions,
        excluded: std::mem::take(&mut tally.excluded),
    }
}

/// The catalogue's deployments with their services, then every other deployment that has
/// windows or an SLO, by name.
fn deployment_names(
    collected: &HashMap<String, Collected>,
    settings: &Settings,
) -> Vec<(String, Option<String>)> {
    let mut names: Vec<(String, Option<String>)> = settings
        .config
        .file
        .services
        .iter()
        .flat_map(|s| s.deployments.iter().map(|d| (d.clone(), Some(s.name.clone()))))
        .collect();
    let mut others: Vec<&str> = collected
        .keys()
        .map(String::as_str)
        .chain(settings.config.file.slo.keys().map(String::as_str))
        .filter(|name| !names.iter().any(|(n, _)| n == name))
        .collect();
    others.sort_unstable();
    others.dedup();
    names.extend(others.into_iter().map(|n| (n.to_string(), None)));
    names
}

/// Every deployment of the catalogue (and any other that has windows), with its figures.
fn deployment_figures(
    collected: &HashMap<String, Collected>,
    settings: &Settings,
    period: &Period,
) -> Vec<DeploymentFigures> {
    let names = deployment_names(collected, settings);
    let period_seconds = period.seconds();
    names
        .into_iter()
        .map(|(name, service)| {
            let empty = Collected::default();
            let c = collected.get(name.as_str()).unwrap_or(&empty);
            // Each list is merged once; every figure below reads the merged stretches.
            let down_cover = worst_cover(&c.down);
            let downtime_seconds =
                down_cover.iter().map(|s| s.seconds() as f64 * s.value).sum::<f64>().round() as i64;
            let availability = if period_seconds > 0 {
                100.0 * (1.0 - downtime_seconds as f64 / period_seconds as f64)
            } else {
                100.0
            };
            let slo = settings.config.slo(&name);
            let budget_seconds = slo.map(|slo| round_ms((100.0 - slo) / 100.0 * period_seconds as f64));
            let mut by_status_seconds = BTreeMap::new();
            let status_cover = worst_cover(&c.unplanned);
            for stretch in &status_cover {
                *by_status_seconds.entry(stretch.value.as_str()).or_insert(0) += stretch.seconds();
            }
            let months = period
                .months()
                .into_iter()
                .map(|(first, from, to)| MonthDowntime {
                    month: first.format("%Y-%m").to_string(),
                    downtime_seconds: down_cover
                        .iter()
                        .filter_map(|s| s.clip(from, to))
                        .map(|s| s.seconds() as f64 * s.value)
                        .sum::<f64>()
                        .round() as i64,
                })
                .collect();
            let planned_cover = worst_cover(&c.planned);
            let strip = (status_cover.iter().map(|s| (s, false)))
                .chain(planned_cover.iter().map(|s| (s, true)))
                .map(|(s, planned)| StripWindow { start: s.start, end: s.end, status: s.value, planned })
                .collect();
            DeploymentFigures {
                service,
                incidents: c.incidents,
                downtime_seconds,
                availability,
                slo,
                budget_seconds,
                budget_used_seconds: downtime_seconds,
                budget_left_seconds: budget_seconds.map(|b| round_ms(b - downtime_seconds as f64)),
                budget_used_percent: budget_seconds
                    .filter(|b| *b > 0.0)
                    .map(|b| round_ms(100.0 * downtime_seconds as f64 / b)),
                slo_met: slo.map(|slo| availability >= slo),
                impact_seconds: status_cover.iter().map(Interval::seconds).sum(),
                by_status_seconds,
                planned_seconds: planned_cover.iter().map(Interval::seconds).sum(),
                months,
                previous: None,
                down: down_cover
                    .iter()
                    .map(|s| DownStretch { start: s.start, end: s.end, weight: s.value })
                    .collect(),
                strip,
                name,
            }
        })
        .collect()
}

/// Floating-point noise off budgets (`(100 - 99.9) / 100` is not exactly 0.001).
fn round_ms(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_give_median_p90_max_and_mean() {
        let d = Distribution::of(vec![10, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(d.n, 10);
        assert_eq!(d.median_seconds, Some(5));
        assert_eq!(d.p90_seconds, Some(9));
        assert_eq!(d.max_seconds, Some(10));
        assert_eq!(d.mean_seconds, Some(5));
        let one = Distribution::of(vec![42]);
        assert_eq!((one.median_seconds, one.p90_seconds, one.max_seconds), (Some(42), Some(42), Some(42)));
        let none = Distribution::of(Vec::new());
        assert_eq!((none.n, none.median_seconds), (0, None));
    }
}
