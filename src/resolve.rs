//! Resolving an incident file: timestamps to UTC instants, durations to seconds, due dates to
//! dates. What cannot be read becomes an input diagnostic and an unknown (`None`) value, so the
//! other checks still run.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::input;
use crate::model::Config;
use crate::model::raw::{Event, Impact, IncidentFile, Update};
use crate::time::{self, TimeError};

/// The instants of one impact window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowTimes {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// The declared interruption inside the window, in seconds.
    pub declared_seconds: Option<i64>,
}

/// An incident with every time read. The vectors run parallel to the file's lists.
#[derive(Debug, Clone)]
pub struct Incident {
    pub file: IncidentFile,
    /// The file's zone for wall-clock times; None when it names an unknown zone.
    pub zone: Option<Tz>,
    pub windows: Vec<WindowTimes>,
    pub event_times: Vec<Option<DateTime<Utc>>>,
    pub update_times: Vec<Option<DateTime<Utc>>>,
    pub action_due: Vec<Option<NaiveDate>>,
}

impl Incident {
    /// The zone times are shown in: `--tz`, else the config's display zone, else the file's.
    pub fn display_zone(&self, config: &Config, requested: Option<Tz>) -> Tz {
        requested.or(config.display_zone).or(self.zone).unwrap_or(Tz::UTC)
    }

    pub fn impacts(&self) -> impl Iterator<Item = (usize, &Impact, &WindowTimes)> {
        self.file.impact.iter().zip(&self.windows).enumerate().map(|(i, (r, t))| (i, r, t))
    }

    pub fn events(&self) -> impl Iterator<Item = (usize, &Event, Option<DateTime<Utc>>)> {
        self.file.events.iter().zip(&self.event_times).enumerate().map(|(i, (e, t))| (i, e, *t))
    }

    pub fn updates(&self) -> impl Iterator<Item = (usize, &Update, Option<DateTime<Utc>>)> {
        self.file.updates.iter().zip(&self.update_times).enumerate().map(|(i, (u, t))| (i, u, *t))
    }

    /// Every instant the file states: window bounds, events, updates (in that order, unsorted).
    pub fn instants(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.windows
            .iter()
            .flat_map(|w| [w.start, w.end])
            .chain(self.event_times.iter().copied())
            .chain(self.update_times.iter().copied())
            .flatten()
    }

    /// All deployments named anywhere: the declared list first, then any others in order of
    /// appearance (those are flagged by the structure checks).
    pub fn deployment_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        let named = self
            .file
            .deployments
            .iter()
            .chain(self.file.impact.iter().map(|i| &i.deployment))
            .chain(self.file.updates.iter().flat_map(|u| &u.deployments));
        for name in named {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }
}

/// Read every time in the file. Diagnostics carry field paths; the caller's source locates them.
pub fn resolve(file: IncidentFile, config: &Config) -> (Incident, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let zone = match &file.timezone {
        Some(name) => zone_or_report(name, "timezone", &mut diagnostics),
        None => Some(config.default_zone.unwrap_or(Tz::UTC)),
    };
    let mut reader = Reader { zone, diagnostics: &mut diagnostics };

    let windows = file
        .impact
        .iter()
        .enumerate()
        .map(|(i, impact)| {
            let zone = reader.entry_zone(impact.tz.as_deref(), &format!("impact[{i}].tz"));
            WindowTimes {
                start: impact
                    .start
                    .as_deref()
                    .and_then(|s| reader.instant(s, zone, format!("impact[{i}].start"))),
                end: impact.end.as_deref().and_then(|s| reader.instant(s, zone, format!("impact[{i}].end"))),
                declared_seconds: impact
                    .duration
                    .as_deref()
                    .and_then(|d| reader.duration(d, format!("impact[{i}].duration"))),
            }
        })
        .collect();
    let event_times = file
        .events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let zone = reader.entry_zone(event.tz.as_deref(), &format!("events[{i}].tz"));
            reader.instant(&event.at, zone, format!("events[{i}].at"))
        })
        .collect();
    let update_times = file
        .updates
        .iter()
        .enumerate()
        .map(|(i, update)| {
            let zone = reader.entry_zone(update.tz.as_deref(), &format!("updates[{i}].tz"));
            reader.instant(&update.at, zone, format!("updates[{i}].at"))
        })
        .collect();
    let action_due = file
        .actions
        .iter()
        .enumerate()
        .map(|(i, action)| action.due.as_deref().and_then(|d| reader.date(d, format!("actions[{i}].due"))))
        .collect();

    let incident = Incident { file, zone, windows, event_times, update_times, action_due };
    (incident, diagnostics)
}

struct Reader<'a> {
    zone: Option<Tz>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The zone for one entry: its own `tz`, else the file's. `Err` means no zone is usable.
    fn entry_zone(&mut self, tz: Option<&str>, path: &str) -> Option<Tz> {
        match tz {
            Some(name) => zone_or_report(name, path, self.diagnostics),
            None => self.zone,
        }
    }

    fn instant(&mut self, text: &str, zone: Option<Tz>, path: String) -> Option<DateTime<Utc>> {
        // Without a usable zone only timestamps that carry an offset can be read; the zone
        // error has been reported already, so wall-clock ones are left unknown silently.
        let result = match zone {
            Some(zone) => time::parse_instant(text, zone),
            None => match time::read_instant(text, Tz::UTC) {
                Ok(reading) if reading.offset.is_none() => return None,
                other => other.map(|reading| reading.utc),
            },
        };
        result.map_err(|e| self.report(e, path, &input::INVALID_TIMESTAMP)).ok()
    }

    fn duration(&mut self, text: &str, path: String) -> Option<i64> {
        time::parse_duration(text).map_err(|e| self.report(e, path, &input::INVALID_DURATION)).ok()
    }

    fn date(&mut self, text: &str, path: String) -> Option<NaiveDate> {
        time::parse_date(text).map_err(|e| self.report(e, path, &input::INVALID_TIMESTAMP)).ok()
    }

    fn report(&mut self, error: TimeError, path: String, invalid: &'static crate::diagnostic::Check) {
        self.diagnostics.push(time_diagnostic(error, path, invalid));
    }
}

fn zone_or_report(name: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Tz> {
    time::parse_zone(name)
        .map_err(|e| diagnostics.push(time_diagnostic(e, path.to_string(), &input::UNKNOWN_ZONE)))
        .ok()
}

/// The diagnostic for a time that could not be read; gaps and folds get their own checks.
pub fn time_diagnostic(
    error: TimeError,
    path: String,
    invalid: &'static crate::diagnostic::Check,
) -> Diagnostic {
    let check = match &error {
        TimeError::Gap { .. } => &input::DST_GAP,
        TimeError::Fold { .. } => &input::DST_FOLD,
        TimeError::UnknownZone { .. } => &input::UNKNOWN_ZONE,
        TimeError::Invalid { .. }
        | TimeError::OutOfRange { .. }
        | TimeError::LeapSecond { .. }
        | TimeError::TooLong { .. } => invalid,
    };
    Diagnostic::new(check, error.to_string()).at(path).help(error.help())
}
