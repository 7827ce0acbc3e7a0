//! The template environment: built-in templates embedded in the binary, overridable one by one
//! from a user folder (the way mdBook's theme works), strict about undefined values, and template
//! errors reported with the template's name, line and source.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::filters;
use crate::model::Config;
use crate::output::Failure;

/// Every built-in template, by name. `templates export` writes exactly these.
pub const BUILTIN: &[(&str, &str)] = &[
    ("postmortem.md.j2", include_str!("../../templates/postmortem.md.j2")),
    ("layout.html.j2", include_str!("../../templates/layout.html.j2")),
    ("title.txt.j2", include_str!("../../templates/title.txt.j2")),
    ("status.txt.j2", include_str!("../../templates/status.txt.j2")),
    ("status.md.j2", include_str!("../../templates/status.md.j2")),
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    ("report.html.j2", include_str!("../../templates/report.html.j2")),
    ("site/base.html.j2", include_str!("../../templates/site/base.html.j2")),
    ("site/index.html.j2", include_str!("../../templates/site/index.html.j2")),
    ("site/history.html.j2", include_str!("../../templates/site/history.html.j2")),
    ("site/month.html.j2", include_str!("../../templates/site/month.html.j2")),
    ("site/feed.atom.xml.j2", include_str!("../../templates/site/feed.atom.xml.j2")),
    ("site/feed.rss.xml.j2", include_str!("../../templates/site/feed.rss.xml.j2")),
];

/// Prefix that always names the embedded template, so an override can extend the built-in
/// template of the same name: `{% extends "builtin/postmortem.md.j2" %}`.
pub const BUILTIN_PREFIX: &str = "builtin/";

fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, source)| *source)
}

/// Limits on user templates: a template file's size, the instructions one rendering may run
/// (minijinja's fuel; the built-in templates use a few thousand on a large incident, a report
/// on thousands of incidents a few million) and the size of what it may produce.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
pub const FUEL: u64 = 20_000_000;
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// The user folder's file for a template name: `None` when the folder has none of that name;
/// an error when the name leaves the folder, or the file resolves (through links) outside the
/// folder, or is not a regular file: a pull request must not be able to publish
/// `/proc/self/environ` or `/etc/shadow` by adding a link to `templates/`.
fn user_file(dir: &Path, name: &str) -> Result<Option<PathBuf>, String> {
    let relative = Path::new(name);
    if name.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return Ok(None);
    }
    let candidate = dir.join(relative);
    if std::fs::symlink_metadata(&candidate).is_err() {
        return Ok(None);
    }
    let folder = std::fs::canonicalize(dir)
        .map_err(|e| format!("cannot resolve the folder `{}`: {e}", dir.display()))?;
    let resolved = std::fs::canonicalize(&candidate)
        .map_err(|e| format!("`{}` cannot be resolved: {e}", candidate.display()))?;
    if !resolved.starts_with(&folder) {
        return Err(format!(
            "`{}` resolves to `{}`, outside the template folder `{}`; template overrides must be files inside it",
            candidate.display(),
            resolved.display(),
            folder.display()
        ));
    }
    Ok(Some(resolved))
}

/// Read a user template: a regular file of bounded size.
fn read_user_template(path: &Path, name: &str) -> Result<String, minijinja::Error> {
    let refuse = |detail: String| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, detail);
    let bytes = crate::load::read_bounded(path, MAX_TEMPLATE_BYTES).map_err(|refusal| match refusal {
        crate::load::Refusal::Io(e) => {
            refuse(format!("cannot read template `{name}` ({}): {e}", path.display()))
        }
        crate::load::Refusal::NotRegular(kind) => refuse(format!(
            "template `{name}` ({}) is {kind}; template overrides must be regular files",
            path.display()
        )),
        crate::load::Refusal::TooLarge => refuse(format!(
            "template `{name}` ({}) is larger than {MAX_TEMPLATE_BYTES} bytes",
            path.display()
        )),
        crate::load::Refusal::Outside { target, .. } | crate::load::Refusal::Generated { target } => {
            refuse(format!(
                "template `{name}` ({}) leads to `{}`, which is not read",
                path.display(),
                target.display()
            ))
        }
    })?;
    String::from_utf8(bytes)
        .map_err(|_| refuse(format!("template `{name}` ({}) is not UTF-8 text", path.display())))
}

/// Collects a rendering, failing once it passes [`MAX_OUTPUT_BYTES`].
struct CappedOutput(Vec<u8>);

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(OUTPUT_CAP_MESSAGE));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const OUTPUT_CAP_MESSAGE: &str = "the rendering passed the output limit of 64 MiB";

/// The templates in force for one run.
pub struct Templates {
    env: Environment<'static>,
    user_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("user_dir", &self.user_dir).finish_non_exhaustive()
    }
}

impl Templates {
    /// Built-in templates overridden from `user_dir` where it has a file of the same name.
    pub fn new(user_dir: Option<PathBuf>) -> Templates {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Output must not depend on the build profile, and a template error always shows its source.
        env.set_debug(true);
        // Block tags on their own line leave no blank line behind, so templates stay readable.
        if let Ok(syntax) =
            SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build()
        {
            env.set_syntax(syntax);
        }
        filters::register(&mut env);
        env.set_fuel(Some(FUEL));
        let dir = user_dir.clone().map(Arc::new);
        env.set_loader(move |name| {
            if let Some(embedded) = name.strip_prefix(BUILTIN_PREFIX) {
                return Ok(builtin(embedded).map(str::to_string));
            }
            if let Some(dir) = dir.as_deref() {
                let found = user_file(dir, name).map_err(|detail| {
                    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, detail)
                })?;
                if let Some(path) = found {
                    return read_user_template(&path, name).map(Some);
                }
            }
            Ok(builtin(name).map(str::to_string))
        });
        Templates { env, user_dir }
    }

    /// The folder `--templates DIR` names, else `templates/` beside `postmortem.toml` if it exists.
    pub fn for_config(config: &Config, flag: Option<&Path>) -> Result<Templates, Failure> {
        if let Some(dir) = flag {
            if !dir.is_dir() {
                return Err(Failure::new(format!("--templates: `{}` is not a folder", dir.display()))
                    .help("give the folder holding your *.j2 overrides (`postmortem templates export DIR` creates one)"));
            }
            return Ok(Templates::new(Some(dir.to_path_buf())));
        }
        let beside_config = config.dir().map(|d| d.join("templates")).filter(|d| d.is_dir());
        Ok(Templates::new(beside_config))
    }

    /// The environment, for callers that add their own globals or render ad-hoc strings.
    pub fn env(&self) -> &Environment<'static> {
        &self.env
    }

    /// Where a template comes from, for error messages.
    pub fn origin(&self, name: &str) -> String {
        if name.starts_with(BUILTIN_PREFIX) {
            return "built in".to_string();
        }
        match self.user_dir.as_deref().map(|d| user_file(d, name)) {
            Some(Ok(Some(path))) => path.display().to_string(),
            Some(Err(_)) => format!(
                "from {}",
                self.user_dir.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default()
            ),
            _ => "built in".to_string(),
        }
    }

    /// The template's name and where it comes from, as error messages show it.
    fn origin_name(&self, name: &str) -> String {
        format!("`{name}` ({})", self.origin(name))
    }

    /// Render the named template with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Failure> {
        let value = minijinja::Value::from(minijinja::value::Serde(context));
        let mut output = CappedOutput(Vec::new());
        let _counted = super::template_memory::Rendering::begin(&self.origin_name(name));
        self.env
            .get_template(name)
            .and_then(|template| template.render_captured_to(value, &mut output).map(|_| ()))
            .map_err(|e| self.failure(name, &e))?;
        String::from_utf8(output.0)
            .map_err(|_| Failure::new(format!("template `{name}` produced text that is not UTF-8")))
    }

    /// A template error as a failure naming the template, its origin, the line and the source.
    pub fn failure(&self, requested: &str, error: &minijinja::Error) -> Failure {
        let name = error.name().unwrap_or(requested);
        let mut message = format!("template `{name}` ({})", self.origin(name));
        if let Some(line) = error.line() {
            message.push_str(&format!(", line {line}"));
        }
        message.push_str(&format!(
            ": {}",
            error.detail().map_or_else(|| error.kind().to_string(), str::to_string)
        ));
        if let (Some(source), Some(line)) = (error.template_source(), error.line())
            && let Some(text) = source.lines().nth(line.saturating_sub(1))
        {
            message.push_str(&format!("\n{line:>5} | {text}"));
        }
        let mut chain = std::error::Error::source(error);
        while let Some(inner) = chain {
            message.push_str(&format!("\n  caused by: {inner}"));
            chain = inner.source();
        }
        let help = if error.kind() == minijinja::ErrorKind::OutOfFuel {
            "the template ran more than the step limit (nested loops?); simplify it, or remove the override"
        } else if error.kind() == minijinja::ErrorKind::WriteFailure {
            "the template produced more than the output limit; simplify it, or remove the override"
        } else if error.kind() == minijinja::ErrorKind::UndefinedError {
            "every value a template may use is listed in the README (\"Template values\"); check the spelling"
        } else if error.kind() == minijinja::ErrorKind::TemplateNotFound {
            "built-in templates are listed by `postmortem templates export DIR`"
        } else {
            "fix the template, or remove the override to use the built-in one"
        };
        Failure::Template { message, help: help.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_cannot_leave_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.j2"), "x").expect("write");
        assert!(user_file(dir.path(), "a.j2").is_ok_and(|f| f.is_some()));
        assert!(user_file(dir.path(), "../a.j2").is_ok_and(|f| f.is_none()));
        assert!(user_file(dir.path(), "/etc/passwd").is_ok_and(|f| f.is_none()));
    }

    #[test]
    fn an_override_extends_the_builtin_of_the_same_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("title.txt.j2"), "{% extends \"builtin/title.txt.j2\" %}")
            .expect("write");
        let templates = Templates::new(Some(dir.path().to_path_buf()));
        let out = templates.env().get_template("title.txt.j2").map(|t| t.source().to_string());
        assert!(out.is_ok_and(|s| s.contains("builtin/")));
    }

    #[test]
    fn undefined_values_are_errors_that_name_template_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("title.txt.j2"), "line one\n{{ no_such_value }}\n").expect("write");
        let templates = Templates::new(Some(dir.path().to_path_buf()));
        let err = templates.render("title.txt.j2", &serde_json::json!({})).expect_err("strict");
        let message = err.message();
        assert!(message.contains("title.txt.j2"), "{message}");
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("{{ no_such_value }}"), "{message}");
    }
}
