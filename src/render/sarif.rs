//! `check --format sarif`: the diagnostics as a SARIF 2.1.0 log, the format GitHub code scanning
//! and other SARIF viewers read. One run; every check of the catalogue is a rule; every
//! diagnostic a result with its place, field path and a fingerprint that survives re-runs.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
use serde::Serialize;

use super::findings::{FileFindings, region};
use super::statuspage_json::stable_id;
use crate::checks::{Check, Diagnostic, Level};
use crate::load::repository::ArtifactPath;

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const VERSION: &str = "2.1.0";
/// The base that relative artifact URIs are resolved against: the repository root.
pub const SOURCE_ROOT: &str = "%SRCROOT%";
/// The name (and version) of the fingerprint in `partialFingerprints`.
pub const FINGERPRINT: &str = "postmortemFinding/v1";

#[derive(Debug, Serialize)]
pub struct SarifLog {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    /// Columns count Unicode characters, as the human output does (SARIF's default is UTF-16).
    pub column_kind: &'static str,
    pub results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub driver: ToolComponent,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolComponent {
    pub name: &'static str,
    pub version: &'static str,
    pub semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub information_uri: Option<String>,
    pub rules: Vec<Rule>,
}

/// A `reportingDescriptor`: one check of the catalogue.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub short_description: Text,
    pub full_description: Text,
    pub default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_uri: Option<String>,
    pub help: Text,
    pub properties: RuleProperties,
}

#[derive(Debug, Serialize)]
pub struct Text {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

impl Text {
    fn plain(text: impl Into<String>) -> Self {
        Text { text: text.into(), markdown: None }
    }
}

#[derive(Debug, Serialize)]
pub struct Configuration {
    pub level: Level,
}

#[derive(Debug, Serialize)]
pub struct RuleProperties {
    /// The check's family, for filtering in code-scanning views.
    pub tags: Vec<&'static str>,
}

/// A `result`: one diagnostic.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: &'static str,
    pub rule_index: usize,
    pub level: Level,
    pub message: Text,
    pub locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logical_locations: Vec<LogicalLocation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: Region,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<usize>,
}

/// The field path (`impact[0].end`) as a logical location.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    pub name: String,
    pub fully_qualified_name: String,
    pub kind: &'static str,
}

/// Everything but RFC 3986's unreserved characters and the path separator is escaped.
const URI_PATH: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// The SARIF log of `files`, with `catalogue` as the rules. `root` is the repository root that
/// relative artifact paths start from; `homepage` (the project's URL, when it has one) gives the
/// tool's `informationUri` and each rule's `helpUri` (the README's check table).
pub fn sarif_log(
    files: &[FileFindings<'_>],
    catalogue: &[&'static Check],
    root: &Path,
    homepage: Option<&str>,
) -> SarifLog {
    let mut checks: Vec<&'static Check> = catalogue.to_vec();
    for diagnostic in files.iter().flat_map(|f| f.diagnostics) {
        if !checks.iter().any(|c| c.code == diagnostic.check.code) {
            checks.push(diagnostic.check);
        }
    }
    let rule_index: HashMap<&str, usize> = checks.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
    let mut results = Vec::new();
    for file in files {
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        for diagnostic in file.diagnostics {
            let index = rule_index.get(diagnostic.check.code).copied().unwrap_or_default();
            results.push(result(file, diagnostic, index, &mut occurrences));
        }
    }
    let driver = ToolComponent {
        name: crate::output::mark::TOOL,
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: homepage.map(str::to_string),
        rules: checks.iter().map(|check| rule(check, homepage)).collect(),
    };
    let root_uri = format!("{}/", file_uri(root).trim_end_matches('/'));
    SarifLog {
        schema: SCHEMA,
        version: VERSION,
        runs: vec![Run {
            tool: Tool { driver },
            original_uri_base_ids: BTreeMap::from([(
                SOURCE_ROOT,
                ArtifactLocation { uri: root_uri, uri_base_id: None },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn rule(check: &'static Check, homepage: Option<&str>) -> Rule {
    let explanation = explanation(check);
    Rule {
        id: check.code,
        name: check.name,
        short_description: Text::plain(sentence(check.summary)),
        full_description: Text::plain(explanation.clone()),
        default_configuration: Configuration { level: check.level },
        help_uri: homepage.map(|home| format!("{}#checks", home.trim_end_matches('/'))),
        help: Text {
            text: format!("{explanation}\n\nMore: postmortem explain {}", check.code),
            markdown: Some(format!(
                "**{} `{}`** ({})\n\n{explanation}\n\nMore: `postmortem explain {}`",
                check.code,
                check.name,
                check.level.as_str(),
                check.code
            )),
        },
        properties: RuleProperties { tags: vec!["postmortem", check.family.as_str()] },
    }
}

/// The explanation as one paragraph (the catalogue wraps it across source lines).
fn explanation(check: &Check) -> String {
    check.explanation.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A summary as a sentence: capitalised, with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

fn result(
    file: &FileFindings<'_>,
    diagnostic: &Diagnostic,
    rule_index: usize,
    occurrences: &mut HashMap<String, usize>,
) -> SarifResult {
    let artifact_location = match file.artifact {
        ArtifactPath::Relative(path) => ArtifactLocation {
            uri: percent_encode(path.as_bytes(), URI_PATH).to_string(),
            uri_base_id: Some(SOURCE_ROOT),
        },
        ArtifactPath::Absolute(path) => ArtifactLocation { uri: file_uri(path), uri_base_id: None },
    };
    // GitHub code scanning needs a start line; a finding about the whole file (it cannot be read,
    // a field missing at the top) points at its first line.
    let region = region(diagnostic, file.source).map_or(
        Region { start_line: 1, start_column: None, end_line: None, end_column: None },
        |r| Region {
            start_line: r.start_line,
            start_column: Some(r.start_column),
            end_line: Some(r.end_line),
            end_column: Some(r.end_column),
        },
    );
    let logical_locations = diagnostic.path.iter().map(|path| logical_location(path)).collect();
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nHelp: ");
        text.push_str(help);
    }
    // Line numbers move when a file is edited above a finding; the check, the file, the field
    // and the message do not. Identical findings in one file are told apart by their order.
    let key = stable_id(&[
        diagnostic.check.code,
        &file.display_name(),
        diagnostic.path.as_deref().unwrap_or_default(),
        &diagnostic.message,
    ]);
    let occurrence = occurrences.entry(key.clone()).or_default();
    *occurrence += 1;
    SarifResult {
        rule_id: diagnostic.check.code,
        rule_index,
        level: diagnostic.level(),
        message: Text::plain(text),
        locations: vec![Location {
            physical_location: PhysicalLocation { artifact_location, region },
            logical_locations,
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, format!("{key}:{occurrence}"))]),
    }
}

/// `impact[0].end` is the property `end`; `deployments[2]` a value of a list.
fn logical_location(path: &str) -> LogicalLocation {
    let name = path.rsplit('.').next().unwrap_or(path).to_string();
    let kind = if path.ends_with(']') { "value" } else { "property" };
    LogicalLocation { name, fully_qualified_name: path.to_string(), kind }
}

/// An absolute `file://` URI, its path percent-encoded byte by byte.
fn file_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let encoded = percent_encode(&bytes, URI_PATH).to_string();
    if encoded.starts_with('/') { format!("file://{encoded}") } else { format!("file:///{encoded}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::consistency::UPDATE_BEFORE_IMPACT;
    use crate::source::SourceFile;

    fn log_of(diagnostics: &[Diagnostic], source: &SourceFile, artifact: &ArtifactPath) -> serde_json::Value {
        let files = [FileFindings { source, artifact, diagnostics }];
        let log = sarif_log(
            &files,
            &crate::checks::catalogue(),
            Path::new("/repo root"),
            Some("https://example.org/pm"),
        );
        serde_json::to_value(&log).expect("serialisable")
    }

    #[test]
    fn results_carry_rule_place_field_and_a_fingerprint_without_line_numbers() {
        let text = "format = 1\n[[updates]]\nat = \"2026-07-04 14:50\"\n";
        let source = SourceFile::new("x.toml", text.to_string());
        let at = text.find("\"2026").expect("value");
        let early = Diagnostic::new(&UPDATE_BEFORE_IMPACT, "early")
            .at("updates[0].at")
            .span(at..at + 18)
            .help("fix the time");
        let artifact = ArtifactPath::Relative("incidents/a b.toml".to_string());
        let log = log_of(&[early.clone(), early.clone()], &source, &artifact);
        let run = &log["runs"][0];
        assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo%20root/");
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), crate::checks::catalogue().len());
        let result = &run["results"][0];
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], "PM301");
        assert_eq!(rules[index]["helpUri"], "https://example.org/pm#checks");
        assert_eq!(rules[index]["defaultConfiguration"]["level"], "warning");
        assert_eq!(result["level"], "warning");
        assert_eq!(result["message"]["text"], "early\nHelp: fix the time");
        let location = &result["locations"][0];
        assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], "incidents/a%20b.toml");
        assert_eq!(location["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["physicalLocation"]["region"];
        assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(3), Some(6)));
        assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(3), Some(24)));
        assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], "updates[0].at");
        assert_eq!(location["logicalLocations"][0]["name"], "at");

        let first = result["partialFingerprints"][FINGERPRINT].as_str().expect("fingerprint").to_string();
        let second = run["results"][1]["partialFingerprints"][FINGERPRINT].as_str().expect("fingerprint");
        assert!(first.ends_with(":1") && second.ends_with(":2"), "{first} {second}");
        // Lines added above the finding move it, but it stays the same result.
        let moved = SourceFile::new("x.toml", format!("# a comment\n\n{text}"));
        let at = moved.text().find("\"2026").expect("value");
        let shifted = early.clone().span(at..at + 18);
        let log = log_of(&[shifted], &moved, &artifact);
        assert_eq!(
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            5
        );
        assert_eq!(log["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT], first.as_str());
    }

    #[test]
    fn a_finding_without_a_place_points_at_the_first_line_and_files_outside_are_absolute() {
        let source = SourceFile::new("/elsewhere/x.toml", String::new());
        let artifact = ArtifactPath::Absolute("/elsewhere/x#1.toml".into());
        let log = log_of(&[Diagnostic::new(&UPDATE_BEFORE_IMPACT, "somewhere")], &source, &artifact);
        let physical = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "file:///elsewhere/x%231.toml");
        assert!(physical["artifactLocation"].get("uriBaseId").is_none());
        assert_eq!(physical["region"], serde_json::json!({ "startLine": 1 }));
    }
}
