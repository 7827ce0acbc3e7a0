//! The data model: the incident file as written (`raw`), the project config, and the incident
//! resolved to UTC instants that every later stage works from.
//!
//! Pipeline: `load` reads a file into [`raw::IncidentFile`] → [`resolve`] turns it into an
//! [`Incident`] (instants in UTC, durations in seconds, input diagnostics on the way) →
//! `analysis` computes windows, milestones and durations → `checks` and `render` work from that.

pub mod config;
pub mod raw;
pub mod schema;
pub mod statuspage;

pub use config::Config;

use serde::{Deserialize, Serialize};

/// A component's state during an impact window, in Statuspage's vocabulary.
///
/// Declared from least to most severe so that `Ord` gives "worst status wins".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactStatus {
    DegradedPerformance,
    UnderMaintenance,
    PartialOutage,
    MajorOutage,
}

impl ImpactStatus {
    pub const ALL: [ImpactStatus; 4] = [
        ImpactStatus::DegradedPerformance,
        ImpactStatus::UnderMaintenance,
        ImpactStatus::PartialOutage,
        ImpactStatus::MajorOutage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImpactStatus::DegradedPerformance => "degraded_performance",
            ImpactStatus::UnderMaintenance => "under_maintenance",
            ImpactStatus::PartialOutage => "partial_outage",
            ImpactStatus::MajorOutage => "major_outage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImpactStatus::DegradedPerformance => "Degraded performance",
            ImpactStatus::UnderMaintenance => "Under maintenance",
            ImpactStatus::PartialOutage => "Partial outage",
            ImpactStatus::MajorOutage => "Major outage",
        }
    }
}

/// The state of the incident as published in a status update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    // Statuspage's scheduled-maintenance states; kept so imported maintenances round-trip.
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

impl UpdateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateStatus::Investigating => "investigating",
            UpdateStatus::Identified => "identified",
            UpdateStatus::Monitoring => "monitoring",
            UpdateStatus::Resolved => "resolved",
            UpdateStatus::Scheduled => "scheduled",
            UpdateStatus::InProgress => "in_progress",
            UpdateStatus::Verifying => "verifying",
            UpdateStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UpdateStatus::Investigating => "Investigating",
            UpdateStatus::Identified => "Identified",
            UpdateStatus::Monitoring => "Monitoring",
            UpdateStatus::Resolved => "Resolved",
            UpdateStatus::Scheduled => "Scheduled",
            UpdateStatus::InProgress => "In progress",
            UpdateStatus::Verifying => "Verifying",
            UpdateStatus::Completed => "Completed",
        }
    }

    /// Whether this status ends the incident (or the maintenance).
    pub fn is_final(self) -> bool {
        matches!(self, UpdateStatus::Resolved | UpdateStatus::Completed)
    }

    /// Position in the usual progression, for the "status regressed" check.
    pub fn stage(self) -> u8 {
        match self {
            UpdateStatus::Scheduled => 0,
            UpdateStatus::Investigating | UpdateStatus::InProgress => 1,
            UpdateStatus::Identified => 2,
            UpdateStatus::Monitoring | UpdateStatus::Verifying => 3,
            UpdateStatus::Resolved | UpdateStatus::Completed => 4,
        }
    }
}

/// Status-page impact of the incident as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactLevel {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
}

impl ImpactLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactLevel::None => "none",
            ImpactLevel::Minor => "minor",
            ImpactLevel::Major => "major",
            ImpactLevel::Critical => "critical",
            ImpactLevel::Maintenance => "maintenance",
        }
    }
}

/// Milestones of an incident, in the order they are expected to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Trigger,
    ImpactStart,
    Detected,
    Acknowledged,
    Identified,
    Mitigated,
    Recovered,
    Resolved,
}

impl Mark {
    pub const ALL: [Mark; 8] = [
        Mark::Trigger,
        Mark::ImpactStart,
        Mark::Detected,
        Mark::Acknowledged,
        Mark::Identified,
        Mark::Mitigated,
        Mark::Recovered,
        Mark::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Trigger => "trigger",
            Mark::ImpactStart => "impact_start",
            Mark::Detected => "detected",
            Mark::Acknowledged => "acknowledged",
            Mark::Identified => "identified",
            Mark::Mitigated => "mitigated",
            Mark::Recovered => "recovered",
            Mark::Resolved => "resolved",
        }
    }
}

/// Kind of a follow-up action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Prevent,
    Detect,
    Mitigate,
    Process,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Prevent => "prevent",
            ActionKind::Detect => "detect",
            ActionKind::Mitigate => "mitigate",
            ActionKind::Process => "process",
        }
    }
}

/// Progress of a follow-up action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "wont_do",
        }
    }

    /// Still needs doing.
    pub fn is_pending(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}
