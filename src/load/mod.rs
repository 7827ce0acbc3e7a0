//! Loading TOML and JSON documents into typed values, with a span for every field so that
//! later diagnostics can point at the source.
//!
//! Steps: read bytes → decode UTF-8 (BOM stripped) → parse the syntax into a
//! `serde_json::Value` while recording field spans → check `format` → deserialize the typed
//! model, turning serde's errors into located diagnostics.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::input;
use crate::diagnostic::{Diagnostic, suggest};
use crate::model::raw::{FORMAT, IncidentFile};
use crate::source::{FieldSpan, SourceFile};

pub mod canonical;
pub mod config;
pub mod confine;
pub mod discover;

pub mod json_document;
mod json_spans;
pub mod repository;

/// Larger files are refused before parsing; real incident files are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A document read and typed, with its source for locating diagnostics.
#[derive(Debug)]
pub struct Loaded<T> {
    pub source: SourceFile,
    pub value: T,
}

pub use crate::diagnostic::LoadFailure;

/// The syntax of a document, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    pub fn of_path(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Toml,
        }
    }
}

/// Read and type an incident file.
pub fn load_incident(path: &Path) -> Result<Loaded<IncidentFile>, Box<LoadFailure>> {
    let source = read_source(path)?;
    load_incident_text(source, Syntax::of_path(path))
}

/// Type an incident from text already read (used by tests and the importers' self-checks).
///
/// A file that types cleanly is read straight from its text, and its field map is built only
/// if a diagnostic asks for a place; anything off (syntax, fields, TOML date-times, the
/// format number) takes the located way, which names the problem's place.
pub fn load_incident_text(
    source: SourceFile,
    syntax: Syntax,
) -> Result<Loaded<IncidentFile>, Box<LoadFailure>> {
    if let Some(value) = incident_unlocated(source.text(), syntax) {
        let value = if may_hold_carriage_return(source.text()) { normalised(value) } else { value };
        let locate: crate::source::FieldLocator = match syntax {
            Syntax::Toml => |text, _| toml_value(text).map(|(_, fields)| fields).unwrap_or_default(),
            Syntax::Json => json_document::json_fields,
        };
        return Ok(Loaded { source: source.with_field_locator(locate), value });
    }
    let (mut value, source) = parse(source, syntax)?;
    if let Err(diagnostic) = check_format(&value) {
        return Err(Box::new(LoadFailure { source, diagnostic }));
    }
    normalise_line_endings(&mut value);
    deserialize(value, source)
}

/// Every string value with its line endings made `\n`: CRLF and a lone CR (which Markdown and
/// terminals both read as a line break) become LF, once, here, so no later stage sees a CR.
pub fn normalise_line_endings(value: &mut Value) {
    match value {
        Value::String(text) if text.contains('\r') => *text = text.replace("\r\n", "\n").replace('\r', "\n"),
        Value::Array(items) => items.iter_mut().for_each(normalise_line_endings),
        Value::Object(fields) => fields.values_mut().for_each(normalise_line_endings),
        _ => {}
    }
}

/// Whether a document's text could give a string value a carriage return: a raw CR (a CRLF
/// file, or a multi-line string) or an escape that may write one (`\\r`, any `\\u`/`\\U`).
/// A false positive only costs the slower, generic normalisation.
fn may_hold_carriage_return(text: &str) -> bool {
    text.contains('\r')
        || text.as_bytes().windows(2).any(|w| w[0] == b'\\' && matches!(w[1], b'r' | b'u' | b'U'))
}

/// An incident typed straight from its text, with its line endings normalised through the
/// generic value (the one [`normalise_line_endings`] for every field, present and future).
fn normalised(file: IncidentFile) -> IncidentFile {
    let Ok(mut value) = serde_json::to_value(&file) else { return file };
    normalise_line_endings(&mut value);
    serde_json::from_value(value).unwrap_or(file)
}

/// Type an incident straight from its text, without the span map. `None` whenever anything is
/// off; every struct of the model refuses a repeated key, so a JSON key given twice lands here
/// too and is then reported by the located way.
fn incident_unlocated(text: &str, syntax: Syntax) -> Option<IncidentFile> {
    let file: IncidentFile = match syntax {
        Syntax::Json => serde_json::from_str(text).ok()?,
        Syntax::Toml => toml::from_str(text).ok()?,
    };
    (file.format == FORMAT).then_some(file)
}

/// The generic value of a document, as the typed model is read from it (JSON Schema checks
/// validate this).
pub fn document_value(path: &Path) -> Result<Value, Box<LoadFailure>> {
    let source = read_source(path)?;
    parse(source, Syntax::of_path(path)).map(|(value, _)| value)
}

/// Read and type any document (the project config).
pub fn load_document<T: DeserializeOwned>(path: &Path) -> Result<Loaded<T>, Box<LoadFailure>> {
    let source = read_source(path)?;
    let (mut value, source) = parse(source, Syntax::of_path(path))?;
    normalise_line_endings(&mut value);
    deserialize(value, source)
}

/// Read a file as UTF-8 text, refusing oversized and non-UTF-8 files with a location.
pub fn read_source(path: &Path) -> Result<SourceFile, Box<LoadFailure>> {
    let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|refusal| refused(path, refusal))?;
    decode(path, bytes)
}

/// A file not read, as PM001 naming it (and where its links lead), with no excerpt: nothing
/// of what it holds is shown.
pub fn refused(path: &Path, refusal: Refusal) -> Box<LoadFailure> {
    let (message, help) = match refusal {
        Refusal::Io(e) => (format!("cannot read the file: {e}"), "check the path and its permissions".to_string()),
        Refusal::NotRegular(kind) => (
            format!("not a regular file (it is {kind}); only regular files are read"),
            "point at the incident file itself, or remove the link, device or FIFO from the folder".to_string(),
        ),
        Refusal::TooLarge => (
            format!("the file is larger than {MAX_FILE_BYTES} bytes; incident files are limited to {MAX_FILE_BYTES} bytes"),
            "split the file, or move large attachments out of it and link them".to_string(),
        ),
        Refusal::Outside { target, root } => (
            format!(
                "not read: it leads to `{}`, outside the repository `{}`",
                crate::diagnostic::visible_line(&target.display().to_string()),
                crate::diagnostic::visible_line(&root.display().to_string())
            ),
            "a linked incident file (or the config found above it) must lie inside the repository: replace the link with the file itself, or name the file it leads to on the command line".to_string(),
        ),
        Refusal::Generated { target } => (
            format!(
                "not read: it is `{}`, which the kernel generates (in /proc or /sys); it is no incident or config",
                crate::diagnostic::visible_line(&target.display().to_string())
            ),
            "remove the link, or point at a regular file".to_string(),
        ),
    };
    Box::new(LoadFailure {
        source: SourceFile::new(path, String::new()),
        diagnostic: Diagnostic::new(&input::UNREADABLE_FILE, message).help(help),
    })
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    Io(std::io::Error),
    /// What it is instead: "a FIFO", "a character device", "a folder", ...
    NotRegular(&'static str),
    TooLarge,
    /// Found by walking a folder (or discovered as the config), it resolves to `target`,
    /// outside the repository `root`.
    Outside {
        target: std::path::PathBuf,
        root: std::path::PathBuf,
    },
    /// In a file system the kernel generates (`/proc`, `/sys`).
    Generated {
        target: std::path::PathBuf,
    },
}

/// The bytes of a regular file (after following links) of at most `limit` bytes. Devices,
/// FIFOs and sockets are refused without being read (opening a FIFO would wait for a writer,
/// `/dev/zero` never ends); at most `limit + 1` bytes are read whatever the file's size says,
/// so a file that grows while being read cannot exhaust memory.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    use std::io::Read;
    let (file, size) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(size.min(limit + 1) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge);
    }
    Ok(bytes)
}

/// The first `count` bytes (or fewer) of a regular file, opened as [`read_bounded`] does.
pub fn read_head(path: &Path, count: u64) -> Result<Vec<u8>, Refusal> {
    use std::io::Read;
    let (file, _) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(count as usize);
    file.take(count).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    Ok(bytes)
}

/// A regular file (after following links) opened for reading, and its size as it says.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), Refusal> {
    let kind_of = |meta: &std::fs::Metadata| -> Option<&'static str> {
        let kind = meta.file_type();
        if kind.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Some("a FIFO");
            }
            if kind.is_char_device() {
                return Some("a character device");
            }
            if kind.is_block_device() {
                return Some("a block device");
            }
            if kind.is_socket() {
                return Some("a socket");
            }
        }
        Some(if kind.is_dir() { "a folder" } else { "not a regular file" })
    };
    let meta = std::fs::metadata(path).map_err(Refusal::Io)?;
    if let Some(kind) = kind_of(&meta) {
        return Err(Refusal::NotRegular(kind));
    }
    if let Some(root) = confine::walked_link_root(path).or_else(|| named_link_root(path)) {
        confine::inside(path, &root)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a FIFO between the check and the open: fail, do not wait.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(Refusal::Io)?;
    if let Some(kind) = file.metadata().ok().as_ref().and_then(kind_of) {
        return Err(Refusal::NotRegular(kind));
    }
    if confine::generated_by_the_kernel(&file) {
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        return Err(Refusal::Generated { target });
    }
    Ok((file, meta.len()))
}

/// The root a link named on the command line must resolve inside: the repository holding the
/// link. A shell glob (`check incidents/*.toml`) or a pre-commit hook names every file of a
/// folder, so a link planted there is named too; a file named as itself may lie anywhere.
fn named_link_root(path: &Path) -> Option<std::sync::Arc<std::path::PathBuf>> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    is_link.then(|| std::sync::Arc::new(discover::repository_root(folder)))
}

/// Bytes to source text: UTF-8 required (the first bad byte is located), BOM dropped.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Box<LoadFailure>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, strip_bom(text))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has the same bytes up to `offset`, so the span is valid in it.
            let diagnostic = Diagnostic::new(
                &input::UNREADABLE_FILE,
                format!("the file is not UTF-8 text (invalid byte at offset {offset})"),
            )
            .span(offset..offset + 1)
            .help("save the file as UTF-8");
            Err(Box::new(LoadFailure { source: SourceFile::new(path, text), diagnostic }))
        }
    }
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Parse the syntax into a generic value and the span map.
fn parse(source: SourceFile, syntax: Syntax) -> Result<(Value, SourceFile), Box<LoadFailure>> {
    let parsed = match syntax {
        Syntax::Toml => toml_value(source.text()),
        Syntax::Json => json_value(source.text()),
    };
    match parsed {
        Ok((value, fields)) => Ok((value, source.with_fields(fields))),
        Err(diagnostic) => Err(Box::new(LoadFailure { source, diagnostic })),
    }
}

fn toml_value(text: &str) -> Result<(Value, HashMap<String, FieldSpan>), Diagnostic> {
    let document = toml_edit::Document::parse(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let diagnostic = Diagnostic::new(&input::SYNTAX_ERROR, format!("invalid TOML: {message}")).help(
            "fix the TOML syntax at the marked place; strings need quotes, tables `[name]`, lists `[[name]]`",
        );
        match e.span() {
            Some(span) => diagnostic.span(span),
            None => diagnostic,
        }
    })?;
    let mut fields = HashMap::new();
    let value = toml_table(document.as_table(), "", &mut fields);
    Ok((value, fields))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

fn toml_table(
    table: &dyn toml_edit::TableLike,
    prefix: &str,
    fields: &mut HashMap<String, FieldSpan>,
) -> Value {
    let mut map = serde_json::Map::new();
    for (key, item) in table.iter() {
        let path = join(prefix, key);
        let key_span = table.get_key_value(key).and_then(|(k, _)| k.span());
        let value = toml_item(item, &path, fields);
        let value_span = item.span().or_else(|| key_span.clone()).unwrap_or(0..0);
        fields.insert(path, FieldSpan { key: key_span, value: value_span });
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

fn toml_item(item: &toml_edit::Item, path: &str, fields: &mut HashMap<String, FieldSpan>) -> Value {
    match item {
        toml_edit::Item::None => Value::Null,
        toml_edit::Item::Value(value) => toml_inline(value, path, fields),
        toml_edit::Item::Table(table) => toml_table(table, path, fields),
        toml_edit::Item::ArrayOfTables(tables) => Value::Array(
            tables
                .iter()
                .enumerate()
                .map(|(i, table)| {
                    let element = format!("{path}[{i}]");
                    let value = toml_table(table, &element, fields);
                    let span = table.span().unwrap_or(0..0);
                    fields.insert(element, FieldSpan { key: None, value: span });
                    value
                })
                .collect(),
        ),
    }
}

fn toml_inline(value: &toml_edit::Value, path: &str, fields: &mut HashMap<String, FieldSpan>) -> Value {
    use toml_edit::Value as V;
    match value {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        V::Boolean(b) => Value::Bool(*b.value()),
        // Date-times become the strings the timestamp reader accepts (`2026-07-04T14:55:00Z`,
        // `2026-07-04T14:55:00` for a local one, `2026-08-15` for a date).
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(array) => Value::Array(
            array
                .iter()
                .enumerate()
                .map(|(i, element)| {
                    let element_path = format!("{path}[{i}]");
                    let converted = toml_inline(element, &element_path, fields);
                    let span = element.span().unwrap_or(0..0);
                    fields.insert(element_path, FieldSpan { key: None, value: span });
                    converted
                })
                .collect(),
        ),
        V::InlineTable(table) => toml_table(table, path, fields),
    }
}

fn json_value(text: &str) -> Result<(Value, HashMap<String, FieldSpan>), Diagnostic> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_document::syntax_diagnostic(text, &e))?;
    let (fields, duplicate) = json_spans::spans(text);
    if let Some((path, key)) = duplicate {
        return Err(Diagnostic::new(&input::SYNTAX_ERROR, format!("key `{path}` is given twice"))
            .span(key)
            .help("remove one of them; JSON would silently keep only the last"));
    }
    Ok((value, fields))
}

fn check_format(value: &Value) -> Result<(), Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(Diagnostic::new(&input::INVALID_VALUE, "the document is not a table of fields").help(
            "an incident file is a TOML document or a JSON object with `format = 1`, `title`, `service`, ...",
        ));
    };
    match object.get("format") {
        None => Err(Diagnostic::new(&input::UNSUPPORTED_FORMAT, "missing field `format`")
            .span(0..0)
            .help(format!("add `format = {FORMAT}` as the first line"))),
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(FORMAT)) => Ok(()),
        Some(other) => Err(Diagnostic::new(
            &input::UNSUPPORTED_FORMAT,
            format!("unsupported format `{other}`; this build of postmortem reads format {FORMAT}"),
        )
        .at("format")
        .help(format!("write `format = {FORMAT}`, or use the postmortem release that reads format {other}"))),
    }
}

fn deserialize<T: DeserializeOwned>(value: Value, source: SourceFile) -> Result<Loaded<T>, Box<LoadFailure>> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(value) => Ok(Loaded { source, value }),
        Err(error) => {
            let path = error.path().to_string();
            let diagnostic = typed_error_diagnostic(&path, &error.inner().to_string(), &source);
            Err(Box::new(LoadFailure { source, diagnostic }))
        }
    }
}

/// Turn serde's message into a diagnostic with the place and a fix.
fn typed_error_diagnostic(path: &str, message: &str, source: &SourceFile) -> Diagnostic {
    let path = if path == "." { String::new() } else { path.to_string() };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = split_expected(rest);
        let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
        // serde_path_to_error's path for an unknown field may or may not include the key.
        let field_path = if path.ends_with(field) { path.clone() } else { join(&path, field) };
        let mut diagnostic =
            Diagnostic::new(&input::UNKNOWN_FIELD, format!("unknown field `{field}`")).at(field_path.clone());
        if let Some(span) = source.key_span(&field_path) {
            diagnostic = diagnostic.span(span);
        }
        let _ = parent;
        return diagnostic.help(match suggest(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known fields here: {}", list(&expected)),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, expected) = split_expected(rest);
        let help = match suggest(variant, &expected) {
            Some(best) => format!("did you mean `{best}`? accepted: {}", list(&expected)),
            None => format!("accepted values: {}", list(&expected)),
        };
        return Diagnostic::new(&input::INVALID_VALUE, format!("unknown value `{variant}`"))
            .at(path)
            .help(help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let mut diagnostic = Diagnostic::new(&input::INVALID_VALUE, format!("missing field `{field}`"))
            .help(format!("add `{field} = ...` here"));
        if path.is_empty() {
            diagnostic = diagnostic.span(0..0);
        } else {
            diagnostic = diagnostic.at(path);
        }
        return diagnostic;
    }
    let diagnostic = Diagnostic::new(&input::INVALID_VALUE, message.to_string());
    let help = "give the field a value of the expected type";
    if path.is_empty() { diagnostic.span(0..0).help(help) } else { diagnostic.at(path).help(help) }
}

/// `x`, expected one of `a`, `b` → ("x", ["a", "b"])
fn split_expected(rest: &str) -> (&str, Vec<String>) {
    let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
    let expected = tail.split('`').skip(1).step_by(2).map(str::to_string).collect();
    (name, expected)
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Spans in a byte range, for tests.
#[cfg(test)]
fn span_text(source: &SourceFile, span: std::ops::Range<usize>) -> &str {
    source.text().get(span).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, syntax: Syntax) -> Result<Loaded<IncidentFile>, Box<LoadFailure>> {
        load_incident_text(SourceFile::new("t", text.to_string()), syntax)
    }

    const MINIMAL: &str = "format = 1\ntitle = \"x\"\nservice = \"s\"\n";

    #[test]
    fn toml_spans_point_at_values() {
        let text = format!(
            "{MINIMAL}[[impact]]\ndeployment = \"A\"\nstatus = \"major_outage\"\nend = 2026-07-04T14:55:00Z\n"
        );
        let loaded = load(&text, Syntax::Toml).map_err(|f| f.diagnostic).unwrap();
        assert_eq!(loaded.value.impact[0].end.as_deref(), Some("2026-07-04T14:55:00Z"));
        let span = loaded.source.value_span("impact[0].end").unwrap();
        assert_eq!(span_text(&loaded.source, span), "2026-07-04T14:55:00Z");
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        let failure = load(&format!("{MINIMAL}titel = \"y\"\n"), Syntax::Toml).unwrap_err();
        assert_eq!(failure.diagnostic.check.name, "unknown-field");
        assert_eq!(failure.diagnostic.help.as_deref(), Some("did you mean `title`?"));
        let span = failure.diagnostic.resolved_span(&failure.source).unwrap();
        assert_eq!(span_text(&failure.source, span), "titel");
    }

    #[test]
    fn nested_unknown_field_is_located() {
        let text =
            format!("{MINIMAL}[[events]]\nat = \"2026-07-04 10:00\"\ntext = \"t\"\nmark = [\"trigger\"]\n");
        let failure = load(&text, Syntax::Toml).unwrap_err();
        assert_eq!(failure.diagnostic.path.as_deref(), Some("events[0].mark"));
        assert_eq!(failure.diagnostic.help.as_deref(), Some("did you mean `marks`?"));
        assert_eq!(
            failure.source.line_column(failure.diagnostic.resolved_span(&failure.source).unwrap().start),
            (7, 1)
        );
    }

    #[test]
    fn json_unknown_variant_is_located() {
        let text = "{\"format\": 1, \"title\": \"x\", \"service\": \"s\",\n \"impact\": [{\"deployment\": \"A\", \"status\": \"major\"}]}";
        let failure = load(text, Syntax::Json).unwrap_err();
        assert_eq!(failure.diagnostic.check.name, "invalid-value");
        assert_eq!(failure.diagnostic.path.as_deref(), Some("impact[0].status"));
        let span = failure.diagnostic.resolved_span(&failure.source).unwrap();
        assert_eq!(span_text(&failure.source, span), "\"major\"");
    }

    #[test]
    fn unsupported_format_is_named() {
        let failure = load("format = 2\ntitle = \"x\"\nservice = \"s\"\n", Syntax::Toml).unwrap_err();
        assert_eq!(failure.diagnostic.check.name, "unsupported-format");
        assert!(failure.diagnostic.message.contains("`2`"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.toml");
        std::fs::write(&path, "\u{feff}format = 1\r\ntitle = \"x\"\r\nservice = \"s\"\r\n").unwrap();
        let loaded = load_incident(&path).map_err(|f| f.diagnostic).unwrap();
        assert_eq!(loaded.value.title, "x");
    }

    #[test]
    fn line_endings_are_one_newline_in_every_text_field() {
        let toml = format!(
            "{MINIMAL}summary = \"a\\rb\\r\\nc\"\n[[sections]]\ntitle = \"T\\u000D# x\"\nbody = \"\"\"\r\nl1\r\nl2\"\"\"\n"
        );
        let json = "{\"format\": 1, \"title\": \"x\\r\", \"service\": \"s\", \"events\": [{\"at\": \"2026-07-04 10:00\", \"text\": \"e\\r# h\"}]}";
        let toml = load(&toml, Syntax::Toml).map_err(|f| f.diagnostic).unwrap().value;
        assert_eq!(toml.summary.as_deref(), Some("a\nb\nc"));
        assert_eq!(toml.sections[0].title, "T\n# x");
        assert_eq!(toml.sections[0].body, "l1\nl2");
        let json = load(json, Syntax::Json).map_err(|f| f.diagnostic).unwrap().value;
        assert_eq!((json.title.as_str(), json.events[0].text.as_str()), ("x\n", "e\n# h"));
        // The located way (a file with a problem elsewhere) normalises too.
        let mut value = serde_json::json!({"a": ["x\r\ny", {"b": "\r"}]});
        normalise_line_endings(&mut value);
        assert_eq!(value, serde_json::json!({"a": ["x\ny", {"b": "\n"}]}));
    }

    #[test]
    fn deep_json_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let failure = load(&text, Syntax::Json).unwrap_err();
        assert_eq!(failure.diagnostic.check.name, "syntax-error");
        assert!(failure.diagnostic.resolved_span(&failure.source).is_some());
    }

    #[test]
    fn deep_toml_nesting_is_an_error_not_a_crash() {
        let text = format!("format = 1\nx = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let failure = load(&text, Syntax::Toml).unwrap_err();
        assert_eq!(failure.diagnostic.check.name, "syntax-error");
    }
}
