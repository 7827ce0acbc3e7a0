//! The house follows the pipeline: every `crate::` path in `src/` names a module at or below
//! the layer of the file that writes it, and the files inside one module do not import each
//! other in a circle. DESIGN.md "Layout" is the order this test holds the code to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::common;

/// The layers from the ground floor up. A module may import its own layer and those before it.
/// Modules of one layer are peers that must not import each other (none share one today).
const LAYERS: &[&[&str]] = &[
    // Plurals, truncation, slugs, names kept once in order.
    &["text"],
    &["time"],
    &["source"],
    &["diagnostic"],
    &["output"],
    // Prints every diagnostic and failure; decides the exit code.
    &["reporter"],
    &["model"],
    &["load"],
    &["resolve"],
    &["analysis"],
    &["prose"],
    &["checks"],
    // load → resolve → analyse → check, in one call for every consumer.
    &["pipeline"],
    // Edits of an incident file in place: the scribe commands (`log`, `update`, `impact`) and
    // the importers' merges.
    &["edit"],
    &["render"],
    &["report"],
    // The static status-history site builds on the renderer and the report.
    &["site"],
    // Markdown (a folder), Statuspage, Slack and PagerDuty importers.
    &["import"],
    // The binary side: clap definitions, then one file per subcommand.
    &["cli"],
    &["commands"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ lists").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source reads");
                found.push((path, text));
            }
        }
    }
    found.sort();
    found
}

/// The module path of a file relative to `src/`: `render/chart.rs` → [render, chart],
/// `render/mod.rs` → [render], `lib.rs` → [].
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// Code without comments (line and doc comments; string contents are kept, which is harmless
/// for paths).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, line)| (i + 1, line.split("//").next().unwrap_or(""))).filter(
        |(_, l)| {
            let trimmed = l.trim_start();
            !trimmed.is_empty() && !trimmed.starts_with('*')
        },
    )
}

/// Every path written after `prefix` (`crate::` or `super::`), braces expanded one level:
/// `crate::{load, model::Config}` gives `load` and `model::Config`.
fn paths_after(line: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        let tail = &rest[at + prefix.len()..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = tail.strip_prefix('{') {
            let inner: String = group.chars().take_while(|&c| c != '}').collect();
            found.extend(inner.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()));
        } else {
            let path: String =
                tail.chars().take_while(|&c| c.is_alphanumeric() || c == '_' || c == ':').collect();
            found.push(path.trim_end_matches(':').to_string());
        }
    }
    found
}

/// One import that runs against the layer order.
#[derive(Debug, PartialEq)]
struct Upward {
    file: String,
    line: usize,
    from: String,
    to: String,
}

fn upward_imports(files: &[(PathBuf, String)]) -> Vec<Upward> {
    let mut upward = Vec::new();
    for (relative, text) in files {
        let Some(from) = module_path(relative).into_iter().next() else { continue };
        let Some(from_layer) = layer_of(&from) else { continue };
        for (number, line) in code_lines(text) {
            for path in paths_after(line, "crate::") {
                let to = path.split("::").next().unwrap_or_default().to_string();
                let to_layer = layer_of(&to);
                let upward_or_peer =
                    to_layer.is_some_and(|layer| layer > from_layer || (layer == from_layer && to != from));
                if upward_or_peer {
                    upward.push(Upward {
                        file: relative.display().to_string(),
                        line: number,
                        from: from.clone(),
                        to,
                    });
                }
            }
        }
    }
    upward
}

/// The file a path names, when it names one: `render::chart::X` → `render/chart.rs`.
fn file_named(module: &[String], known: &BTreeSet<PathBuf>) -> Option<PathBuf> {
    let mut best = None;
    for end in 1..=module.len() {
        let dir: PathBuf = module[..end].iter().collect();
        for candidate in [dir.with_extension("rs"), dir.join("mod.rs")] {
            if known.contains(&candidate) {
                best = Some(candidate);
            }
        }
    }
    best
}

/// Edges between the files of one module, leaving out the module's own `mod.rs` (which
/// declares its children and holds what they share).
fn sibling_edges(files: &[(PathBuf, String)]) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let known: BTreeSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (relative, text) in files {
        if relative.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs") {
            continue;
        }
        let module = module_path(relative);
        let parent = &module[..module.len() - 1];
        for (_, line) in code_lines(text) {
            let targets = paths_after(line, "crate::")
                .into_iter()
                .map(|p| p.split("::").map(str::to_string).collect::<Vec<_>>())
                .chain(paths_after(line, "super::").into_iter().map(|p| {
                    parent.iter().cloned().chain(p.split("::").map(str::to_string)).collect::<Vec<_>>()
                }));
            for target in targets {
                if let Some(file) = file_named(&target, &known)
                    && file != *relative
                    && file.file_name().is_some_and(|n| n != "mod.rs")
                {
                    edges.entry(relative.clone()).or_default().insert(file);
                }
            }
        }
    }
    edges
}

/// The first circle of imports found, as the files in order.
fn a_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        stack: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

fn src_files() -> Vec<(PathBuf, String)> {
    let src = common::root().join("src");
    sources(&src)
        .into_iter()
        .map(|(path, text)| (path.strip_prefix(&src).expect("under src/").to_path_buf(), text))
        .collect()
}

#[test]
fn every_module_of_src_has_a_layer() {
    let mut unplaced = BTreeSet::new();
    for (relative, _) in src_files() {
        if let Some(top) = module_path(&relative).into_iter().next()
            && layer_of(&top).is_none()
        {
            unplaced.insert(top);
        }
    }
    assert!(unplaced.is_empty(), "modules missing from LAYERS in tests/integration/layers.rs: {unplaced:?}");
}

#[test]
fn every_module_is_in_one_layer_only() {
    let mut seen = BTreeSet::new();
    let twice: Vec<&str> =
        LAYERS.iter().flat_map(|layer| layer.iter()).filter(|m| !seen.insert(**m)).copied().collect();
    assert!(twice.is_empty(), "modules listed more than once in LAYERS (only the first counts): {twice:?}");
}

#[test]
fn no_module_imports_a_later_stage() {
    let upward = upward_imports(&src_files());
    let listing: Vec<String> = upward
        .iter()
        .map(|u| format!("src/{}:{}: `{}` imports `{}`", u.file, u.line, u.from, u.to))
        .collect();
    assert!(upward.is_empty(), "imports against the pipeline's order:\n{}", listing.join("\n"));
}

#[test]
fn the_files_of_a_module_import_each_other_without_cycles() {
    let cycle = a_cycle(&sibling_edges(&src_files()));
    assert_eq!(cycle, None, "files that import each other in a circle");
}

#[test]
fn an_upward_import_is_caught_and_a_downward_one_is_not() {
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_string());
    let files = vec![
        file("time/zone.rs", "use crate::render::chart::Legend;\n// use crate::report::x;\n"),
        file("render/chart.rs", "use crate::{time::format_in_zone, model::Mark};\nuse super::context;\n"),
        file("import/statuspage.rs", "let x = crate::render::markdown::to_html(text);\n"),
        file("report/html.rs", "use crate::import::markdown::import;\n"),
    ];
    let upward = upward_imports(&files);
    let found: Vec<(&str, &str)> = upward.iter().map(|u| (u.from.as_str(), u.to.as_str())).collect();
    assert_eq!(found, [("time", "render"), ("report", "import")]);
    assert_eq!(upward[0].line, 1);

    let circle = vec![
        file("render/context.rs", "use super::mermaid::gantt;\n"),
        file("render/mermaid.rs", "use crate::render::context::Time;\n"),
        file("render/mod.rs", "pub mod context;\npub mod mermaid;\n"),
    ];
    let cycle = a_cycle(&sibling_edges(&circle)).expect("the circle is found");
    assert_eq!(cycle.len(), 2);
}
