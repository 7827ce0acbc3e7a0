//! `postmortem analyze`: the computed figures of one incident, as a table or stable JSON.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::{Outcome, parse_as_of, parse_tz};
use crate::analysis::MilestoneSource;
use crate::cli::{AnalyzeArgs, AnalyzeFormat};
use crate::model::{ImpactStatus, Mark};
use crate::output::Failure;
use crate::pipeline::{self, Checked};
use crate::reporter;
use crate::time::{format_duration, format_in_zone};

pub fn run(args: &AnalyzeArgs) -> Result<Outcome, Failure> {
    let tz = parse_tz(args.tz.as_deref())?;
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let (config, checked) = pipeline::open_with_discovered_config(&args.file, Some(as_of))?;
    let zone = checked.incident.display_zone(&config, tz);
    let text = match args.format {
        AnalyzeFormat::Json => {
            serde_json::to_string_pretty(&to_json(&checked, zone, as_of))
                .map_err(|e| Failure::internal(format!("cannot write the analysis as JSON: {e}")))?
                + "\n"
        }
        AnalyzeFormat::Text => to_text(&checked, zone),
    };
    reporter::print(&text)?;
    Ok(if checked.has_errors() { Outcome::Findings } else { Outcome::Clean })
}

fn rfc3339(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, |at| Value::String(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)))
}

/// The stable machine interface (documented in the README).
pub fn to_json(checked: &Checked, zone: Tz, as_of: chrono::NaiveDate) -> Value {
    let analysis = &checked.analysis;
    let deployments: Vec<Value> = analysis
        .deployments
        .iter()
        .map(|d| {
            let by_status: serde_json::Map<String, Value> =
                d.by_status_seconds.iter().map(|(s, secs)| (s.as_str().to_string(), json!(secs))).collect();
            json!({
                "name": d.name,
                "declared": d.declared,
                "impact_seconds": d.impact_seconds,
                "downtime_seconds": d.downtime_seconds,
                "planned_seconds": d.planned_seconds,
                "by_status_seconds": by_status,
                "windows": d.windows.iter().map(|w| json!({
                    "index": w.index,
                    "status": w.status.as_str(),
                    "planned": w.planned,
                    "start": rfc3339(w.start),
                    "end": rfc3339(w.end),
                    "duration_seconds": w.duration_seconds,
                    "length_seconds": w.length_seconds,
                    "declared_seconds": w.declared_seconds,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let milestones: serde_json::Map<String, Value> =
        Mark::ALL.iter().map(|m| (m.as_str().to_string(), rfc3339(analysis.milestone(*m)))).collect();
    let durations: serde_json::Map<String, Value> = analysis
        .durations
        .named()
        .iter()
        .map(|(name, value)| (format!("{name}_seconds"), json!(value)))
        .collect();
    json!({
        "file": checked.source.display_path(),
        "title": checked.incident.file.title,
        "service": checked.incident.file.service,
        "display_timezone": zone.name(),
        // Overdue action items (PM502) are judged against this date: pass `--as-of` for output
        // that does not change with the day it is run.
        "as_of": as_of.to_string(),
        "deployments": deployments,
        "milestones": milestones,
        "durations": durations,
        "span": analysis.span.map(|s| json!({ "start": rfc3339(Some(s.start)), "end": rfc3339(Some(s.end)) })),
        "diagnostics": checked.diagnostics.iter().map(|d| d.to_json(&checked.source)).collect::<Vec<_>>(),
    })
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
    for (name, value) in analysis.durations.named() {
        out.push_str(&format!("  {:<20} {}\n", name, secs(value)));
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
