//! Instants as the views print them: one [`TimeFormatter`] per incident and display zone, and
//! the [`Time`] it makes of each instant (UTC, local, wall clock, labels, dates, zone).

use chrono::{DateTime, Datelike, LocalResult, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::resolve::Incident;
use crate::time::{format_in_zone, zone_abbreviation};

/// One instant, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct Time {
    /// RFC 3339 in UTC: `2026-07-04T14:55:00Z`.
    pub utc: String,
    /// RFC 3339 with the display zone's offset.
    pub local: String,
    /// Wall clock in the display zone, `2026-07-04 14:55`.
    pub wall: String,
    /// What a timeline shows: `July 4, 14:55` when the incident spans days, else `14:55`, with
    /// the year when it spans years (`December 31, 2026, 23:00`); the zone abbreviation follows
    /// when it changes within the incident (DST).
    pub label: String,
    /// `July 4` (`December 31, 2026` when the incident spans a New Year)
    pub date: String,
    /// `14:55`
    pub time: String,
    /// Abbreviation of the display zone at that instant: `UTC`, `CEST`.
    pub zone: String,
    /// `July 4, 2026 14:55 UTC`
    pub long: String,
    /// `July 4, 2026`, the date `long` starts with.
    pub long_date: String,
    /// Status-page style, 24-hour like every other time: `Jul 4, 2026 14:50 UTC`.
    pub status: String,
    /// The instant itself, for renderers that format it their own way (Mermaid).
    #[serde(skip)]
    pub instant: DateTime<Utc>,
}

/// Every instant of the incident: windows, events, updates.
pub fn all_instants(incident: &Incident) -> Vec<DateTime<Utc>> {
    incident.instants().collect()
}

/// Formats instants for one incident in one zone.
#[derive(Debug, Clone, Copy)]
pub struct TimeFormatter {
    pub zone: Tz,
    pub multi_day: bool,
    /// Whether those days fall in more than one year (a New Year incident): dates then carry
    /// the year, or "January 1" would read as before "December 31".
    pub multi_year: bool,
    pub mixed_zones: bool,
    /// Whether wall-clock times in the zone misrepresent the incident: the offset is not the
    /// same at every instant (a DST change inside the span), or some instant falls in a fold
    /// (its wall time happens twice). Differences of wall times are then not durations.
    pub wall_clock_ambiguous: bool,
}

impl TimeFormatter {
    pub fn for_incident(incident: &Incident, zone: Tz) -> TimeFormatter {
        let instants = all_instants(incident);
        let mut days: Vec<_> = instants.iter().map(|t| t.with_timezone(&zone).date_naive()).collect();
        days.sort();
        days.dedup();
        let mut abbreviations: Vec<String> = instants.iter().map(|t| zone_abbreviation(*t, zone)).collect();
        abbreviations.sort();
        abbreviations.dedup();
        let mut offsets: Vec<i32> = instants
            .iter()
            .map(|t| zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc())
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let in_fold = instants.iter().any(|t| {
            matches!(
                zone.from_local_datetime(&t.with_timezone(&zone).naive_local()),
                LocalResult::Ambiguous(..)
            )
        });
        TimeFormatter {
            zone,
            multi_day: days.len() > 1,
            multi_year: days.first().map(Datelike::year) != days.last().map(Datelike::year),
            mixed_zones: abbreviations.len() > 1,
            wall_clock_ambiguous: offsets.len() > 1 || in_fold,
        }
    }

    pub fn heading(&self, incident: &Incident) -> String {
        // With no instant to read an abbreviation at (or several), the zone's name is the
        // honest heading; the wall clock must not decide between CET and CEST.
        match incident.instants().min() {
            Some(first) if !self.mixed_zones => zone_abbreviation(first, self.zone),
            _ => self.zone.name().to_string(),
        }
    }

    pub fn time(&self, at: DateTime<Utc>) -> Time {
        let zone = self.zone;
        let date = format_in_zone(at, zone, if self.multi_year { "%B %-d, %Y" } else { "%B %-d" });
        let time = format_in_zone(at, zone, "%H:%M");
        let abbr = zone_abbreviation(at, zone);
        let mut label = if self.multi_day { format!("{date}, {time}") } else { time.clone() };
        if self.mixed_zones {
            label = format!("{label} {abbr}");
        }
        Time {
            utc: at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            local: at.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, false),
            wall: format_in_zone(at, zone, "%Y-%m-%d %H:%M"),
            label,
            date,
            time,
            zone: abbr,
            long: format_in_zone(at, zone, "%B %-d, %Y %H:%M %Z"),
            long_date: format_in_zone(at, zone, "%B %-d, %Y"),
            status: format_in_zone(at, zone, "%b %-d, %Y %H:%M %Z"),
            instant: at,
        }
    }
}
