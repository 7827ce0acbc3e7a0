//! `report --to csv`: one row per window of each listed incident (one row with empty window
//! columns for an incident without windows), RFC 4180 quoting, for spreadsheets.

use chrono::{DateTime, SecondsFormat, Utc};

use super::aggregate::Settings;
use super::input::Record;

pub const HEADER: [&str; 18] = [
    "file",
    "title",
    "service",
    "severity",
    "incident_began",
    "incident_resolved",
    "began_in_period",
    "deployment",
    "window",
    "status",
    "planned",
    "window_start",
    "window_end",
    "counted_start",
    "counted_end",
    "counted_seconds_in_period",
    "weight",
    "open",
];

/// The CSV text for the incidents the report lists (those that began in the period or have a
/// window inside it), in order of their start.
pub fn to_csv(records: &[Record], settings: &Settings) -> String {
    let period = settings.period;
    let counting = &settings.config.counting;
    let mut listed: Vec<&Record> = records
        .iter()
        .filter(|r| {
            period.contains(r.began)
                || r.windows.iter().any(|w| {
                    w.window
                        .counted(Some(settings.as_of))
                        .is_some_and(|(s, e)| s < period.end && period.start < e)
                })
        })
        .collect();
    listed.sort_by(|a, b| a.began.cmp(&b.began).then_with(|| a.path.cmp(&b.path)));
    let mut out = String::with_capacity(listed.len() * 300);
    push_row(&mut out, HEADER.iter().map(|h| h.to_string()));
    for record in listed {
        let incident = [
            record.path.display().to_string(),
            record.title.clone(),
            record.service.clone(),
            record.severity.clone().unwrap_or_default(),
            instant(Some(record.began)),
            instant(record.resolved),
            period.contains(record.began).to_string(),
        ];
        if record.windows.is_empty() {
            push_row(&mut out, incident.into_iter().chain(std::iter::repeat_n(String::new(), 11)));
            continue;
        }
        for w in &record.windows {
            let counted = w.window.counted(Some(settings.as_of));
            let inside = counted.and_then(|(s, e)| {
                let (s, e) = (s.max(period.start), e.min(period.end));
                (s < e).then_some((s, e))
            });
            let window = [
                w.deployment.clone(),
                w.window.index.to_string(),
                w.window.status.as_str().to_string(),
                w.window.planned.to_string(),
                instant(w.window.start),
                instant(w.window.end),
                instant(inside.map(|(s, _)| s)),
                instant(inside.map(|(_, e)| e)),
                inside.map_or(String::new(), |(s, e)| (e - s).num_seconds().to_string()),
                counting.window_weight(w.window.status, w.window.planned).to_string(),
                (w.window.start.is_some() && w.window.end.is_none()).to_string(),
            ];
            push_row(&mut out, incident.iter().cloned().chain(window));
        }
    }
    out
}

fn instant(at: Option<DateTime<Utc>>) -> String {
    at.map_or(String::new(), |at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
        let field = if field.starts_with(['=', '+', '-', '@']) && field.parse::<f64>().is_err() {
            format!("'{field}")
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        push_row(
            &mut out,
            ["a,b".to_string(), "say \"hi\"".to_string(), "=1+1".to_string(), "-5".to_string()].into_iter(),
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,-5\r\n");
    }
}
