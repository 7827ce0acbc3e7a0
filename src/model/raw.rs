//! The incident file exactly as written (format 1): serde types with no interpretation.
//!
//! Timestamps, zones and durations stay strings here; `resolve` reads them so that a bad one
//! becomes a located diagnostic instead of a failed load.

use serde::{Deserialize, Serialize};

use super::{ActionKind, ActionStatus, ImpactLevel, ImpactStatus, Mark, UpdateStatus};

/// The only format version this build reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    pub format: u32,
    /// The status-page title.
    pub title: String,
    pub service: String,
    /// IANA zone for timestamps written without an offset; defaults to the config's, else UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_level: Option<ImpactLevel>,
    /// Identifier on the status page (kept by the Statuspage importer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortlink: Option<String>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledgements: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lessons_learned: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,

    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact: Vec<Impact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

/// An extra prose section, rendered after the standard ones in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub body: String,
    /// Left out of `--public` output (`site --public`, `render --public`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// One window of one deployment in one status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    pub deployment: String,
    pub status: ImpactStatus,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The interruption inside the window, when shorter than it ("15m").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// Left out of `--public` output.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// A status update as published on the status page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub at: String,
    pub status: UpdateStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// "Affected services" shown under the update.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<String>,
    /// This update's body is the rendered post-mortem.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub postmortem: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// Left out of `--public` output.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// A follow-up action item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub text: String,
    pub kind: ActionKind,
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A calendar date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

impl IncidentFile {
    /// The file as the public may see it: sections, events and updates marked `internal`
    /// left out, and no action owner or ticket. Impact windows and prose fields stay whole.
    pub fn public_view(&self) -> IncidentFile {
        let mut public = self.clone();
        public.sections.retain(|s| !s.internal);
        public.events.retain(|e| !e.internal);
        public.updates.retain(|u| !u.internal);
        for action in &mut public.actions {
            action.owner = None;
            action.ticket = None;
        }
        public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_view_drops_internal_entries_owners_and_tickets() {
        let text = r#"
format = 1
title = "t"
service = "s"
[[sections]]
title = "Shared"
body = "b"
[[sections]]
title = "Secret"
body = "b"
internal = true
[[events]]
at = "2026-07-04 10:00"
text = "kept"
[[events]]
at = "2026-07-04 10:05"
text = "dropped"
internal = true
[[updates]]
at = "2026-07-04 10:10"
status = "investigating"
internal = true
[[actions]]
text = "a"
kind = "prevent"
status = "open"
owner = "alice"
ticket = "https://tracker.example/T-1"
"#;
        let file: IncidentFile = toml::from_str(text).expect("parses");
        let public = file.public_view();
        assert_eq!(public.sections.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(), ["Shared"]);
        assert_eq!(public.events.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["kept"]);
        assert!(public.updates.is_empty());
        assert_eq!((public.actions[0].owner.as_deref(), public.actions[0].ticket.as_deref()), (None, None));
        assert_eq!(file.sections.len(), 2, "the original is untouched");
    }
}
