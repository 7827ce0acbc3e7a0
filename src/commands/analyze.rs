//! `postmortem analyze`: the computed figures of one incident, as a table or stable JSON.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::Value;

use super::{Outcome, parse_as_of, parse_tz};
use std::collections::BTreeMap;

use crate::analysis::{DeploymentImpact, Durations, MilestoneSource, Span};
use crate::cli::{AnalyzeArgs, AnalyzeFormat};
use crate::diagnostic::DiagnosticJson;
use crate::model::{ImpactStatus, Mark};
use crate::output::Failure;
use crate::output::mark::{Generator, marked_json};
use crate::pipeline::{self, Checked};
use crate::reporter;
use crate::time::{format_duration, format_in_zone};

pub fn run(args: &AnalyzeArgs) -> Result<Outcome, Failure> {
    let tz = parse_tz(args.tz.as_deref())?;
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let (config, checked) = pipeline::open_with_discovered_config(&args.file, Some(as_of))?;
    let zone = checked.incident.display_zone(&config, tz);
    let text = match args.format {
        AnalyzeFormat::Json => to_json(&checked, zone, as_of)
            .and_then(|value| marked_json(Generator::Analyze, &value))
            .map_err(|e| Failure::internal(format!("cannot write the analysis as JSON: {e}")))?,
        AnalyzeFormat::Text => to_text(&checked, zone),
    };
    reporter::print(&text)?;
    Ok(if checked.has_errors() { Outcome::Findings } else { Outcome::Clean })
}

/// The stable machine interface (documented in the README): the analysis as computed, with
/// the file's identity, the display zone and every milestone (`null` when unknown).
#[derive(Serialize)]
struct AnalysisJson<'a> {
    file: String,
    title: &'a str,
    service: &'a str,
    display_timezone: &'a str,
    /// Overdue action items (PM502) are judged against this date: pass `--as-of` for output
    /// that does not change with the day it is run.
    as_of: String,
    deployments: &'a [DeploymentImpact],
    milestones: BTreeMap<Mark, Option<DateTime<Utc>>>,
    durations: &'a Durations,
    span: Option<Span>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

/// The JSON document of `analyze --format json`, before its mark. Keys are sorted (serde_json's
/// map order), so the text is stable whatever the order of the struct's fields.
pub fn to_json(checked: &Checked, zone: Tz, as_of: chrono::NaiveDate) -> Result<Value, serde_json::Error> {
    let analysis = &checked.analysis;
    let document = AnalysisJson {
        file: checked.source.display_path(),
        title: &checked.incident.file.title,
        service: &checked.incident.file.service,
        display_timezone: zone.name(),
        as_of: as_of.to_string(),
        deployments: &analysis.deployments,
        milestones: analysis.every_milestone().collect(),
        durations: &analysis.durations,
        span: analysis.span,
        diagnostics: checked.diagnostics.iter().map(|d| d.to_json(&checked.source)).collect(),
    };
    serde_json::to_value(&document)
}

fn to_text(checked: &Checked, zone: Tz) -> String {
    let analysis = &checked.analysis;
    let at = |t: Option<DateTime<Utc>>| {
        t.map_or("-".to_string(), |t| format_in_zone(t, zone, "%Y-%m-%d %H:%M %Z"))
    };
    let secs = |s: Option<i64>| s.map_or("-".to_string(), format_duration);
    let mut out = String::new();
    let file = &checked.incident.file;
    out.push_str(&format!("{} — {}\n", file.service, file.title));
    if let Some(span) = analysis.span {
        out.push_str(&format!(
            "span: {} to {} ({})\n",
            at(Some(span.start)),
            at(Some(span.end)),
            format_duration(span.seconds())
        ));
    }
    out.push_str(&format!(
        "\n{:<28} {:>10} {:>10} {:>10}  worst status\n",
        "deployment", "impact", "downtime", "planned"
    ));
    for d in &analysis.deployments {
        let worst =
            d.worst_status().map_or(if d.unaffected() { "no impact" } else { "-" }, ImpactStatus::as_str);
        out.push_str(&format!(
            "{:<28} {:>10} {:>10} {:>10}  {}\n",
            d.name,
            format_duration(d.impact_seconds),
            format_duration(d.downtime_seconds),
            format_duration(d.planned_seconds),
            worst
        ));
    }
    out.push_str("\nwindows\n");
    for w in analysis.windows() {
        let name = &file.impact.get(w.index).map_or("", |i| i.deployment.as_str());
        out.push_str(&format!(
            "  impact[{}] {:<22} {:<21}{} {} to {}  {}\n",
            w.index,
            name,
            w.status.as_str(),
            if w.planned { " (planned)" } else { "" },
            at(w.start),
            at(w.end),
            secs(w.duration_seconds)
        ));
    }
    out.push_str("\nmilestones\n");
    for mark in Mark::ALL {
        let milestone = analysis.milestones.get(&mark);
        let from = milestone.map_or(String::new(), |m| match m.source {
            MilestoneSource::Event(i) => format!("  (events[{i}])"),
            MilestoneSource::Window(i) => format!("  (derived from impact[{i}])"),
            MilestoneSource::Update(i) => format!("  (derived from updates[{i}])"),
        });
        out.push_str(&format!("  {:<14} {}{}\n", mark.as_str(), at(milestone.map(|m| m.at)), from));
    }
    out.push_str("\ndurations\n");
    for (kind, value) in analysis.durations.named() {
        out.push_str(&format!("  {:<20} {}\n", kind.as_str(), secs(value)));
    }
    let count = |level| checked.count(level);
    out.push_str(&format!(
        "\n{}, {}, {} (run `postmortem check` for details)\n",
        super::plural(count(crate::checks::Level::Error), "error"),
        super::plural(count(crate::checks::Level::Warning), "warning"),
        super::plural(count(crate::checks::Level::Note), "note")
    ));
    out
}
