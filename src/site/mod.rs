//! The static status-history site (`postmortem site`): [`status`] computes the current state and
//! the per-day cells from the report's figures, [`pages`] writes the HTML, [`feeds`] the Atom and
//! RSS feeds, [`api`] the Statuspage API v2 files, and [`build`] reads the incidents and gathers
//! every file of the site, which `output::write_folder` puts in place whole.
//!
//! Everything is derived from the incident files and `--as-of`; nothing reads the clock, so the
//! same input gives the same bytes.

pub mod api;
pub mod build;
pub mod feeds;
pub mod pages;
pub mod status;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::pipeline::Checked;

pub use build::{Built, Request, generate};

/// The templates of the site, overridable like the post-mortem's (`site/...`).
pub const BASE_TEMPLATE: &str = "site/base.html.j2";
pub const INDEX_TEMPLATE: &str = "site/index.html.j2";
pub const HISTORY_TEMPLATE: &str = "site/history.html.j2";
pub const MONTH_TEMPLATE: &str = "site/month.html.j2";
pub const ATOM_TEMPLATE: &str = "site/feed.atom.xml.j2";
pub const RSS_TEMPLATE: &str = "site/feed.rss.xml.j2";

/// What one build is asked for besides the files.
#[derive(Debug, Clone)]
pub struct Options {
    /// The instant the status is shown at; open windows run to it.
    pub as_of: DateTime<Utc>,
    /// Days in the bars and the availability, ending on the `as_of` day.
    pub days: u32,
    /// Where the site is published, ending in `/`; only the feeds use it.
    pub base_url: Option<String>,
    /// Leave out internal entries, action owners and tickets.
    pub public: bool,
}

/// One incident of the site.
#[derive(Debug)]
pub struct SiteIncident {
    pub path: PathBuf,
    /// The file name's stem, unique within the site: `2026-07-04-smsgate-api`.
    pub slug: String,
    /// As read (or its public view under `--public`), analysed.
    pub checked: Checked,
    /// The zone its times are shown in.
    pub zone: Tz,
    /// `impact_start`, else the earliest timestamped entry; None for an undated incident.
    pub began: Option<DateTime<Utc>>,
}

impl SiteIncident {
    /// The incident's page, relative to the site's root.
    pub fn page(&self) -> String {
        format!("incidents/{}.html", self.slug)
    }

    pub fn title(&self) -> &str {
        &self.checked.incident.file.title
    }
}

/// Text that XML 1.0 can carry: C0 controls other than tab, newline and carriage return are
/// not allowed even escaped, so they are dropped (the incident's checks flag them elsewhere).
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| {
            let code = u32::from(*c);
            (code >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && code != 0xFFFE && code != 0xFFFF
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_safe_drops_only_what_xml_cannot_carry() {
        assert_eq!(xml_safe("a\u{7}b\tc\nd\u{1b}[31m"), "ab\tc\nd[31m");
        assert_eq!(xml_safe("é \u{202e} <&>"), "é \u{202e} <&>");
        assert_eq!(xml_safe("x\u{FFFE}y"), "xy");
    }
}
