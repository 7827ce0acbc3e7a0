//! Report periods: calendar or fiscal quarters and explicit date ranges, bounded at local
//! midnight in the report's zone so that a period holding a DST change has its true length.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::output::Failure;
use crate::time::start_of_day;

/// The years an RFC 3339 timestamp can write.
const FIRST_YEAR: i32 = 1;
const LAST_YEAR: i32 = 9999;

/// How the period was chosen; decides what "the previous period" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// A quarter of the (fiscal) year: the previous period is the quarter before.
    Quarter,
    /// `--from`/`--until`: the previous period is as many days just before.
    Range,
}

/// A stretch of whole local days, `[start, end)` in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    /// "2026-Q3", "FY2027-Q1" or "2026-07-01 to 2026-07-31".
    pub label: String,
    pub first_day: NaiveDate,
    /// Inclusive.
    pub last_day: NaiveDate,
    pub zone: Tz,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Month the fiscal year starts in (1 = calendar year), for labelling quarters.
    fiscal_year_start: u32,
}

impl Period {
    /// `2026-Q3`. With `fiscal_year_start` other than 1 the year is the fiscal year, named by
    /// the calendar year it ends in (FY2027 starting 2026-07-01 ends 2027-06-30).
    pub fn quarter(text: &str, fiscal_year_start: u32, zone: Tz) -> Result<Period, Failure> {
        let bad = || {
            Failure::new(format!("--quarter: `{text}` is not a quarter"))
                .help("write the year and the quarter number, such as `2026-Q3`")
        };
        let trimmed = text.trim();
        let trimmed = trimmed.strip_prefix("FY").or_else(|| trimmed.strip_prefix("fy")).unwrap_or(trimmed);
        let (year, quarter) = trimmed.split_once(['-', ' ']).ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let quarter: u32 = quarter
            .strip_prefix(['Q', 'q'])
            .and_then(|q| q.parse().ok())
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(bad)?;
        let fiscal_year_start = fiscal_year_start.clamp(1, 12);
        // FY `year` starts in the calendar year before unless it starts in January.
        let start_year = if fiscal_year_start == 1 { year } else { year - 1 };
        let first_day = NaiveDate::from_ymd_opt(start_year, fiscal_year_start, 1)
            .and_then(|d| d.checked_add_months(Months::new(3 * (quarter - 1))))
            .ok_or_else(bad)?;
        Self::quarter_from(first_day, fiscal_year_start, zone)
            .ok_or_else(bad)?
            .writable(&format!("--quarter {text}"))
    }

    /// Refuse a period whose bounds an RFC 3339 timestamp cannot write (four-digit years):
    /// the report, its JSON and its templates name both instants.
    fn writable(self, what: &str) -> Result<Period, Failure> {
        if self.end.year() > LAST_YEAR {
            return Err(Failure::new(format!(
                "{what}: the period ends after {LAST_YEAR}-12-31, the last day a report can name \
                 (its timestamps are RFC 3339, with four-digit years)"
            ))
            .help(format!("choose a period that ends by {LAST_YEAR}-12-30")));
        }
        if self.start.year() < FIRST_YEAR {
            return Err(Failure::new(format!(
                "{what}: the period starts before {FIRST_YEAR:04}-01-01, the first day a report can name \
                 (its timestamps are RFC 3339, with four-digit years)"
            ))
            .help(format!("choose a period that starts on or after {FIRST_YEAR:04}-01-02")));
        }
        Ok(self)
    }

    /// The quarter starting on `first_day`.
    fn quarter_from(first_day: NaiveDate, fiscal_year_start: u32, zone: Tz) -> Option<Period> {
        let next = first_day.checked_add_months(Months::new(3))?;
        let last_day = next.pred_opt()?;
        let label = quarter_label(first_day, fiscal_year_start);
        Some(Period {
            kind: PeriodKind::Quarter,
            label,
            first_day,
            last_day,
            zone,
            start: start_of_day(first_day, zone),
            end: start_of_day(next, zone),
            fiscal_year_start,
        })
    }

    /// `--from FIRST --until LAST`, both days included.
    pub fn range(first_day: NaiveDate, last_day: NaiveDate, zone: Tz) -> Result<Period, Failure> {
        if last_day < first_day {
            return Err(Failure::new(format!("--until {last_day} is before --from {first_day}"))
                .help("--until is the last day of the period, included; give a date on or after --from"));
        }
        let next = last_day.succ_opt().ok_or_else(|| {
            Failure::new(format!("--until {last_day} is at the end of the calendar"))
                .help("give an earlier --until")
        })?;
        Period {
            kind: PeriodKind::Range,
            label: format!("{first_day} to {last_day}"),
            first_day,
            last_day,
            zone,
            start: start_of_day(first_day, zone),
            end: start_of_day(next, zone),
            fiscal_year_start: 1,
        }
        .writable(&format!("--from {first_day} --until {last_day}"))
    }

    /// Length in seconds: 92 days and one hour for a quarter that gains an hour at the change.
    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }

    pub fn days(&self) -> i64 {
        (self.last_day - self.first_day).num_days() + 1
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }

    /// The period just before: the previous quarter, or as many days before a range.
    pub fn previous(&self) -> Option<Period> {
        match self.kind {
            PeriodKind::Quarter => {
                let first_day = self.first_day.checked_sub_months(Months::new(3))?;
                Self::quarter_from(first_day, self.fiscal_year_start, self.zone)?.writable("").ok()
            }
            PeriodKind::Range => {
                let last_day = self.first_day.pred_opt()?;
                let first_day = last_day.checked_sub_signed(chrono::Duration::days(self.days() - 1))?;
                Self::range(first_day, last_day, self.zone).ok()
            }
        }
    }

    /// The first day of each calendar month the period touches, with that month's stretch
    /// inside the period (for downtime per month).
    pub fn months(&self) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
        let mut out = Vec::new();
        let mut month = self.first_day.with_day(1);
        while let Some(first) = month {
            if first > self.last_day {
                break;
            }
            let next = first.checked_add_months(Months::new(1));
            let from = start_of_day(first.max(self.first_day), self.zone);
            let to = next.map_or(self.end, |n| start_of_day(n, self.zone).min(self.end));
            out.push((first, from, to));
            month = next;
        }
        out
    }
}

fn quarter_label(first_day: NaiveDate, fiscal_year_start: u32) -> String {
    let months_in = (first_day.month() + 12 - fiscal_year_start) % 12;
    let quarter = months_in / 3 + 1;
    if fiscal_year_start == 1 {
        format!("{}-Q{quarter}", first_day.year())
    } else {
        // The fiscal year is named by the calendar year it ends in.
        let fiscal_year =
            if first_day.month() >= fiscal_year_start { first_day.year() + 1 } else { first_day.year() };
        format!("FY{fiscal_year}-Q{quarter}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn calendar_q3_is_92_days_in_utc() {
        let q = Period::quarter("2026-Q3", 1, Tz::UTC).expect("quarter");
        assert_eq!((q.first_day, q.last_day), (date(2026, 7, 1), date(2026, 9, 30)));
        assert_eq!(q.seconds(), 7_948_800);
        assert_eq!(q.label, "2026-Q3");
    }

    #[test]
    fn a_quarter_holding_the_november_change_in_new_york_gains_an_hour() {
        let q = Period::quarter("2026-Q4", 1, chrono_tz::America::New_York).expect("quarter");
        assert_eq!(q.seconds(), 92 * 86_400 + 3_600);
        assert_eq!(q.start.to_rfc3339(), "2026-10-01T04:00:00+00:00");
        assert_eq!(q.end.to_rfc3339(), "2027-01-01T05:00:00+00:00");
        let spring = Period::quarter("2026-Q1", 1, chrono_tz::America::New_York).expect("quarter");
        assert_eq!(spring.seconds(), 90 * 86_400 - 3_600);
    }

    #[test]
    fn fiscal_quarters_start_at_the_fiscal_month_and_are_named_by_the_ending_year() {
        let q = Period::quarter("2027-Q1", 7, Tz::UTC).expect("quarter");
        assert_eq!((q.first_day, q.last_day), (date(2026, 7, 1), date(2026, 9, 30)));
        assert_eq!(q.label, "FY2027-Q1");
        let q4 = Period::quarter("FY2027-Q4", 7, Tz::UTC).expect("quarter");
        assert_eq!((q4.first_day, q4.last_day), (date(2027, 4, 1), date(2027, 6, 30)));
        assert_eq!(q.previous().map(|p| p.label), Some("FY2026-Q4".to_string()));
    }

    #[test]
    fn bad_quarters_are_refused_with_help() {
        for bad in ["2026-Q5", "2026", "Q3-2026", "2026-Q0", "x-Q1"] {
            let err = Period::quarter(bad, 1, Tz::UTC).expect_err(bad);
            assert!(err.fix().contains("2026-Q3"), "{bad}");
        }
    }

    #[test]
    fn periods_past_year_9999_are_refused_with_a_fix() {
        for (zone, text) in [(Tz::UTC, "9999-Q4"), (chrono_tz::America::New_York, "9999-Q4")] {
            let err = Period::quarter(text, 1, zone).expect_err(text);
            assert!(err.to_string().contains("ends after 9999-12-31"), "{err}");
            assert!(err.fix().contains("9999-12-30"), "{err}");
        }
        let err = Period::range(date(9999, 12, 1), date(9999, 12, 31), Tz::UTC).expect_err("range");
        assert!(err.to_string().contains("--from 9999-12-01 --until 9999-12-31"), "{err}");
        assert!(Period::range(date(9999, 12, 1), date(9999, 12, 30), Tz::UTC).is_ok());
        let q3 = Period::quarter("9999-Q3", 1, Tz::UTC).expect("the last quarter a report can name");
        assert_eq!(q3.end.to_rfc3339(), "9999-10-01T00:00:00+00:00");
        // The quarter before the first writable one is no previous period.
        let first = Period::quarter("0001-Q1", 1, Tz::UTC).expect("0001-Q1");
        assert_eq!(first.previous(), None);
        assert!(Period::quarter("0000-Q4", 1, Tz::UTC).is_err());
    }

    #[test]
    fn previous_periods_tile_without_gaps() {
        let q = Period::quarter("2026-Q1", 1, Tz::UTC).expect("quarter");
        let prev = q.previous().expect("previous");
        assert_eq!(prev.label, "2025-Q4");
        assert_eq!(prev.end, q.start);
        let r = Period::range(date(2026, 7, 1), date(2026, 7, 31), Tz::UTC).expect("range");
        let before = r.previous().expect("previous");
        assert_eq!((before.first_day, before.last_day), (date(2026, 5, 31), date(2026, 6, 30)));
        assert_eq!(before.end, r.start);
        assert!(Period::range(date(2026, 7, 2), date(2026, 7, 1), Tz::UTC).is_err());
    }

    #[test]
    fn months_cover_the_period_exactly() {
        let q = Period::quarter("2026-Q4", 1, chrono_tz::America::New_York).expect("quarter");
        let months = q.months();
        assert_eq!(months.len(), 3);
        let total: i64 = months.iter().map(|(_, from, to)| (*to - *from).num_seconds()).sum();
        assert_eq!(total, q.seconds());
    }
}
