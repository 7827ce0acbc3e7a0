//! Editing an incident file in place while the incident runs: the scribe commands (`log`,
//! `update`, `impact`) and the importers that add to an existing file (`import --into`).
//!
//! An edit is planned against the resolved incident ([`plan`]), as a list of [`Edit`]s, and
//! then written into the file's own text ([`toml`]: comments, order and layout kept) or into
//! its model (JSON, pretty-printed as `fmt` writes it). Nothing here writes to disk: the
//! commands check the result and write it through `output`.

pub mod at;
pub mod json;
pub mod plan;
pub mod toml;

use crate::model::raw::{Event, Impact, Update};
use crate::model::{ImpactStatus, Mark};

/// One change to an incident file. Indices refer to the file as earlier edits of the same
/// list left it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a deployment to `deployments`.
    AddDeployment(String),
    /// Insert a timeline event at `index` of `events`.
    InsertEvent { index: usize, event: Event },
    /// Insert a status update at `index` of `updates`.
    InsertUpdate { index: usize, update: Update },
    /// Append an impact window.
    PushImpact(Impact),
    /// Change fields of an existing impact window (`None` leaves a field as it is).
    SetImpact { index: usize, status: Option<ImpactStatus>, start: Option<String>, end: Option<String> },
}

/// A new timeline event from an importer, before it is placed into a file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub text: String,
    pub marks: Vec<Mark>,
}
