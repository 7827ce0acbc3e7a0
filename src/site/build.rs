//! Building the site: every incident file read and checked (a file with errors stops the build:
//! a published history must not silently miss an incident), the report's figures computed for
//! the bar's period by the report itself, then every page, feed and API file gathered in memory
//! in a fixed order. Writing them is `output::write_folder`'s job (staging folder, then swap).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use super::{Options, SiteIncident, api, feeds, pages, status};
use crate::checks::Level;
use crate::model::{Config, Mark};
use crate::output::Failure;
use crate::pipeline;
use crate::render::Templates;
use crate::report::aggregate::{self, Report, Settings};
use crate::report::{self, Period};

/// Everything a build needs.
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    pub config: &'a Config,
    pub templates: &'a Templates,
    pub options: &'a Options,
}

/// A finished build: the files in a fixed order, or the diagnostics that stopped it.
pub enum Built {
    Site(Vec<(String, Vec<u8>)>),
    /// Files with errors (or that could not be read), as `check` prints them; `unreadable`
    /// when one could not be read or parsed at all (exit 2 rather than 1).
    Refused {
        rendered: String,
        files: Vec<PathBuf>,
        unreadable: bool,
    },
}

/// The period of the bars: `days` whole days in `zone` ending on the `as_of` day.
pub fn bar_period(options: &Options, zone: chrono_tz::Tz) -> Result<Period, Failure> {
    let last = options.as_of.with_timezone(&zone).date_naive();
    let first = last - Duration::days(i64::from(options.days.max(1)) - 1);
    Period::range(first, last, zone)
}

/// The report over the bar's period, computed by the report's own reading and aggregation.
pub fn period_report(files: &[PathBuf], config: &Config, options: &Options, period: &Period) -> Report {
    let as_of_date = options.as_of.with_timezone(&period.zone).date_naive();
    let inputs = report::input::read(files, config, as_of_date, 0);
    let settings = Settings { config, period, as_of: options.as_of, as_of_date, link_base: Path::new(".") };
    aggregate::aggregate(&inputs, &settings)
}

/// Read, check and render everything.
pub fn generate(request: &Request) -> Result<Built, Failure> {
    let incidents = match read_incidents(request)? {
        Ok(incidents) => incidents,
        Err(refused) => return Ok(refused),
    };
    let zone = report::zone(request.config);
    let period = bar_period(request.options, zone)?;
    let report = period_report(request.files, request.config, request.options, &period);
    let state = status::State::compute(&incidents, &report, request.config, request.options, &period);

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, text) in pages::all(request.templates, &incidents, &state, request.options)? {
        files.insert(name, text.into_bytes());
    }
    for (name, text) in feeds::all(request.templates, &incidents, request.config, request.options)? {
        files.insert(name, text.into_bytes());
    }
    for (name, text) in api::all(request.templates, &incidents, &state, request.config, request.options)? {
        files.insert(name, text.into_bytes());
    }
    Ok(Built::Site(files.into_iter().collect()))
}

fn read_incidents(request: &Request) -> Result<Result<Vec<SiteIncident>, Built>, Failure> {
    let as_of_date: NaiveDate = request.options.as_of.date_naive();
    let mut incidents = Vec::with_capacity(request.files.len());
    let mut rendered = String::new();
    let mut refused = Vec::new();
    let mut unreadable = false;
    let mut slugs: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for path in request.files {
        let checked = match pipeline::open(path, request.config, Some(as_of_date)) {
            Ok(checked) => checked,
            Err(failure) => {
                rendered.push_str(&failure.diagnostic.render_human(&failure.source));
                refused.push(path.clone());
                unreadable = true;
                continue;
            }
        };
        if checked.has_errors() {
            for d in checked.diagnostics.iter().filter(|d| d.level() == Level::Error) {
                rendered.push_str(&d.render_human(&checked.source));
            }
            refused.push(path.clone());
            continue;
        }
        let checked = if request.options.public {
            pipeline::public(checked, request.config, Some(as_of_date))
        } else {
            checked
        };
        let zone = checked.incident.display_zone(request.config, None);
        let began = checked.analysis.milestone(Mark::ImpactStart).or(checked.analysis.span.map(|s| s.start));
        let slug = unique_slug(path, &mut slugs);
        incidents.push(SiteIncident { path: path.clone(), slug, checked, zone, began });
    }
    if !refused.is_empty() {
        return Ok(Err(Built::Refused { rendered, files: refused, unreadable }));
    }
    // Newest first; undated ones last, by file.
    incidents.sort_by(|a, b| b.began.cmp(&a.began).then_with(|| a.path.cmp(&b.path)));
    Ok(Ok(incidents))
}

/// The file's stem as a URL-safe name, with `-2`, `-3`... when it is taken.
fn unique_slug(path: &Path, taken: &mut std::collections::BTreeSet<String>) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let base = crate::output::slug(&stem);
    let mut slug = base.clone();
    let mut n = 1;
    while taken.contains(&slug) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    taken.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_url_safe() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique_slug(Path::new("a/2026-07-04 API down.toml"), &mut taken), "2026-07-04-api-down");
        assert_eq!(unique_slug(Path::new("b/2026-07-04-api-down.json"), &mut taken), "2026-07-04-api-down-2");
        assert_eq!(
            unique_slug(Path::new("c/2026-07-04-api-down-2.toml"), &mut taken),
            "2026-07-04-api-down-2-2"
        );
    }

    #[test]
    fn the_bar_period_ends_on_the_as_of_day_in_the_zone() {
        let as_of = chrono::DateTime::parse_from_rfc3339("2026-07-20T02:00:00Z").expect("instant").to_utc();
        let options = Options { as_of, days: 90, base_url: None, public: false };
        let utc = bar_period(&options, chrono_tz::Tz::UTC).expect("period");
        assert_eq!(
            (utc.first_day.to_string(), utc.last_day.to_string()),
            ("2026-04-22".into(), "2026-07-20".into())
        );
        // 02:00 UTC is still July 19 in New York.
        let ny = bar_period(&options, chrono_tz::America::New_York).expect("period");
        assert_eq!(ny.last_day.to_string(), "2026-07-19");
        assert_eq!(ny.days(), 90);
    }
}
