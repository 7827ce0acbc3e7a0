//! Atlassian Statuspage API v2 documents (`incidents.json`, `summary.json`,
//! `scheduled-maintenances.json`, one incident): the serde types shared by the exporter
//! (`status --to statuspage-json`) and the importer (`import --from statuspage`).
//!
//! Field names and vocabularies follow the public API v2 responses. Fields this tool does not
//! use are ignored on input (real exports carry many more); nullable fields are `Option`.
//! Timestamps keep the offset they were written with (`DateTime<FixedOffset>`), so a file that
//! mixes -05:00 and -06:00 is read as the instants it states.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{ImpactLevel, ImpactStatus, UpdateStatus};

/// A response with a page and lists: `incidents.json`, `summary.json`,
/// `scheduled-maintenances.json` (each list may be absent).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Document {
    #[serde(default)]
    pub page: Option<Page>,
    #[serde(default)]
    pub incidents: Option<Vec<Incident>>,
    #[serde(default)]
    pub scheduled_maintenances: Option<Vec<Incident>>,
    /// The page's components (`summary.json`).
    #[serde(default)]
    pub components: Option<Vec<Component>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    /// An IANA zone such as `America/Tijuana` (older pages may carry a Rails zone name).
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// An incident or a scheduled maintenance (the latter adds `scheduled_for`/`scheduled_until`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub name: String,
    pub status: IncidentStatus,
    /// Absent in some exports; `none` when nothing is impacted.
    #[serde(default)]
    pub impact: Option<ImpactLevel>,
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub updated_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub monitoring_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub resolved_at: Option<DateTime<FixedOffset>>,
    /// When the incident began (may be backfilled before `created_at`; older exports lack it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortlink: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    /// Newest first, as Statuspage lists them.
    pub incident_updates: Vec<IncidentUpdate>,
    /// The components the incident is attached to, with their current status.
    #[serde(default)]
    pub components: Option<Vec<Component>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<DateTime<FixedOffset>>,
    /// This tool's extension: what the Statuspage vocabulary cannot carry (exact impact
    /// windows, the post-mortem update), so that an export imports back unchanged. Other
    /// consumers ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_postmortem: Option<Extension>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IncidentUpdate {
    pub id: String,
    pub status: IncidentStatus,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// The time the page shows (may differ from `created_at` when backdated).
    #[serde(default)]
    pub display_at: Option<DateTime<FixedOffset>>,
    /// Null when the update touched no component.
    #[serde(default)]
    pub affected_components: Option<Vec<AffectedComponent>>,
}

impl IncidentUpdate {
    /// The instant the page shows for this update.
    pub fn shown_at(&self) -> DateTime<FixedOffset> {
        self.display_at.unwrap_or(self.created_at)
    }
}

/// A component as named by an update, with its status before and after it. Some pages carry
/// placeholder entries with a name only ("No components were affected by this update.").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AffectedComponent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: String,
    #[serde(default)]
    pub old_status: Option<ComponentStatus>,
    #[serde(default)]
    pub new_status: Option<ComponentStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub status: ComponentStatus,
}

/// Incident and scheduled-maintenance statuses (one field carries either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    /// A post-mortem was published; the incident is over.
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

impl IncidentStatus {
    pub fn is_maintenance(self) -> bool {
        matches!(
            self,
            IncidentStatus::Scheduled
                | IncidentStatus::InProgress
                | IncidentStatus::Verifying
                | IncidentStatus::Completed
        )
    }
}

impl From<IncidentStatus> for UpdateStatus {
    fn from(status: IncidentStatus) -> Self {
        match status {
            IncidentStatus::Investigating => UpdateStatus::Investigating,
            IncidentStatus::Identified => UpdateStatus::Identified,
            IncidentStatus::Monitoring => UpdateStatus::Monitoring,
            // The incident file has no post-mortem status: the incident is resolved and the
            // update's text is kept.
            IncidentStatus::Resolved | IncidentStatus::Postmortem => UpdateStatus::Resolved,
            IncidentStatus::Scheduled => UpdateStatus::Scheduled,
            IncidentStatus::InProgress => UpdateStatus::InProgress,
            IncidentStatus::Verifying => UpdateStatus::Verifying,
            IncidentStatus::Completed => UpdateStatus::Completed,
        }
    }
}

impl From<UpdateStatus> for IncidentStatus {
    fn from(status: UpdateStatus) -> Self {
        match status {
            UpdateStatus::Investigating => IncidentStatus::Investigating,
            UpdateStatus::Identified => IncidentStatus::Identified,
            UpdateStatus::Monitoring => IncidentStatus::Monitoring,
            UpdateStatus::Resolved => IncidentStatus::Resolved,
            UpdateStatus::Scheduled => IncidentStatus::Scheduled,
            UpdateStatus::InProgress => IncidentStatus::InProgress,
            UpdateStatus::Verifying => IncidentStatus::Verifying,
            UpdateStatus::Completed => IncidentStatus::Completed,
        }
    }
}

/// A component's status on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
}

impl ComponentStatus {
    /// The impact status of a non-operational component.
    pub fn impact(self) -> Option<ImpactStatus> {
        match self {
            ComponentStatus::Operational => None,
            ComponentStatus::DegradedPerformance => Some(ImpactStatus::DegradedPerformance),
            ComponentStatus::PartialOutage => Some(ImpactStatus::PartialOutage),
            ComponentStatus::MajorOutage => Some(ImpactStatus::MajorOutage),
            ComponentStatus::UnderMaintenance => Some(ImpactStatus::UnderMaintenance),
        }
    }
}

impl From<Option<ImpactStatus>> for ComponentStatus {
    fn from(status: Option<ImpactStatus>) -> Self {
        match status {
            None => ComponentStatus::Operational,
            Some(ImpactStatus::DegradedPerformance) => ComponentStatus::DegradedPerformance,
            Some(ImpactStatus::PartialOutage) => ComponentStatus::PartialOutage,
            Some(ImpactStatus::MajorOutage) => ComponentStatus::MajorOutage,
            Some(ImpactStatus::UnderMaintenance) => ComponentStatus::UnderMaintenance,
        }
    }
}

/// The `x_postmortem` extension of an exported incident.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extension {
    /// The impact windows exactly as the incident file states them.
    #[serde(default)]
    pub impact: Vec<ExtensionWindow>,
    /// Ids of the updates whose body is the rendered post-mortem.
    #[serde(default)]
    pub postmortem_updates: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtensionWindow {
    pub deployment: String,
    pub status: ImpactStatus,
    #[serde(default)]
    pub planned: bool,
    #[serde(default)]
    pub start: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub end: Option<DateTime<FixedOffset>>,
    /// The declared interruption inside the window, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}
