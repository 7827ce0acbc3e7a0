//! `report --to csv`: one row per window of each listed incident (one row with empty window
//! columns for an incident without windows), RFC 4180 quoting, for spreadsheets.

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use super::aggregate::Report;

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
/// window inside it), in the report's order (by start).
pub fn to_csv(report: &Report) -> String {
    let mut out = Vec::with_capacity(report.incidents.len() * 300);
    write_csv(report, &mut out).unwrap_or_else(|_| unreachable!("writing to memory cannot fail"));
    String::from_utf8(out).unwrap_or_else(|_| unreachable!("the CSV is built from strings"))
}

/// The same CSV written to `out` a row at a time, so the text is never held whole.
pub fn write_csv(report: &Report, out: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
    let mut line = String::new();
    push_row(&mut line, HEADER.iter().map(|h| h.to_string()));
    for row in &report.incidents {
        let incident = [
            row.file.to_string(),
            row.title.to_string(),
            row.service.to_string(),
            row.severity.as_deref().unwrap_or_default().to_string(),
            instant(Some(row.began)),
            instant(row.resolved),
            row.began_in_period.to_string(),
        ];
        if row.windows.is_empty() {
            push_row(&mut line, incident.iter().cloned().chain(std::iter::repeat_n(String::new(), 11)));
        }
        for w in &row.windows {
            let inside = w.counted_in_period;
            let window = [
                w.deployment.to_string(),
                w.index.to_string(),
                w.status.as_str().to_string(),
                w.planned.to_string(),
                instant(w.start),
                instant(w.end),
                instant(inside.map(|(s, _)| s)),
                instant(inside.map(|(_, e)| e)),
                inside.map_or(String::new(), |(s, e)| (e - s).num_seconds().to_string()),
                w.weight.to_string(),
                (w.start.is_some() && w.end.is_none()).to_string(),
            ];
            push_row(&mut line, incident.iter().cloned().chain(window));
        }
        out.write_all(line.as_bytes())?;
        line.clear();
    }
    if !line.is_empty() {
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn instant(at: Option<DateTime<Utc>>) -> String {
    at.map_or(String::new(), |at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Spreadsheets run cells starting with these as formulas (OWASP's list: a tab or CR
        // before one hides it); a leading quote keeps them text.
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err() {
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

    #[test]
    fn cells_starting_with_tab_or_carriage_return_are_defused() {
        let mut out = String::new();
        push_row(&mut out, ["\t=1+1".to_string(), "\r=cmd".to_string()].into_iter());
        assert_eq!(out, "'\t=1+1,\"'\r=cmd\"\r\n");
    }
}
