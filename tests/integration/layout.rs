//! The shape of the source tree, checked: files small enough to read, commands that are glue,
//! no two source files that depend on each other (directly or through a chain), modules that
//! only look down, and the environment read in one place.
//!
//! The layer order of the top-level modules of `src/`, top to bottom (the same as [`LAYERS`]);
//! modules on one line share a layer. `main.rs` and `lib.rs` sit above everything.
//!
//! 1. `cli`: parse arguments, resolve the settings once, call one operation, render, exit.
//! 2. `render`: what a person sees (terminal, Markdown, JSON, SARIF, HTML).
//! 3. `ops`: one operation per command, wiring the layers below.
//! 4. `settings`, `schema`: flags, environment and project file resolved once; the JSON
//!    schemas of the files wabactl reads.
//! 5. `config`, `apply`, `media`, `groups`, `metrics`: the project file; carrying a plan out;
//!    media samples to upload, swap in, download and keep; the template groups it declares;
//!    template analytics added up.
//! 6. `explain`: the words for the plan's typed reasons, for every plan format and apply's
//!    report.
//! 7. `reconcile`: desired against remote state, the plan and its file (pure).
//! 8. `send`, `preview`, `codegen`: a message sent with a template; a template as a customer
//!    sees it; typed sender code from the send signatures.
//! 9. `template`: template files read, loaded and checked offline; media sample files.
//! 10. `graph`, `sandbox`: the Graph API client; the local Graph API server (independent of
//!     `template`'s rules).
//! 11. `input_file`, `atomic_file`, `plural`, `redact`, `utc`: bounded reads, atomic writes,
//!     counting in words, redaction, time.
//!
//! A module may import modules of its own layer or of any layer below it, never one above,
//! and no set of modules may import each other in a ring (the same layer included). Unit
//! tests (`#[cfg(test)]` parts, `*_tests.rs`, `tests.rs`) are exempt: they may reach any
//! module to build their inputs. Only `cli/` and `settings/` read environment variables;
//! everything else takes them from `Settings`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::SOURCE as SRC;

/// The longest a production file may be (its unit tests not counted).
const MAX_FILE_LINES: usize = 600;
/// The longest a file under `src/cli` may be (`mod.rs` included).
const MAX_COMMAND_LINES: usize = 200;

/// The production source files, as paths relative to `src/`, with their text up to the unit
/// tests (a trailing `#[cfg(test)] mod tests`, or none for `*_tests.rs` and `tests.rs`).
fn production_files() -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![PathBuf::from(SRC)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || name.ends_with("_tests.rs") || name == "tests.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let production = match text.find("#[cfg(test)]") {
                Some(end) => text[..end].to_owned(),
                None => text,
            };
            files.insert(path.strip_prefix(SRC).unwrap().to_owned(), production);
        }
    }
    files
}

#[test]
fn no_production_file_is_over_600_lines() {
    let long: Vec<String> = production_files()
        .iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_FILE_LINES)
        .map(|(path, lines)| format!("{} ({lines} lines)", path.display()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn each_command_is_glue_of_under_200_lines_that_imports_no_other_command() {
    let files = production_files();
    let commands: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with("cli") && !p.ends_with("mod.rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    // Modules that several commands share (flags, value parsers, exit codes, the terminal,
    // error reports), not commands.
    let shared = [
        "scope",
        "duration",
        "help",
        "candidates",
        "exit",
        "terminal",
        "report",
    ];
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with("cli")) {
        let lines = text.lines().count();
        assert!(
            lines < MAX_COMMAND_LINES,
            "{} has {lines} lines: move what is not argument parsing, calling the operation \
             and rendering into ops/ or render/",
            path.display()
        );
        // `mod.rs` dispatches to every command.
        if path.ends_with("mod.rs") {
            continue;
        }
        for other in commands.iter().filter(|c| !shared.contains(&c.as_str())) {
            for import in [format!("super::{other}::"), format!("cli::{other}::")] {
                assert!(
                    !text.contains(&import),
                    "{} imports `{import}`: commands share through the library, not each other",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_two_source_files_import_each_other() {
    let files = production_files();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (file, text) in &files {
        let module = module_of(file);
        let targets = edges.entry(file.clone()).or_default();
        for path in imported_paths(text) {
            let Some(absolute) = absolute_path(&module, &path) else {
                continue;
            };
            if let Some(target) = file_of(&absolute).filter(|t| t != file) {
                targets.insert(target);
            }
        }
    }
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "files that depend on each other: {}",
        cycles
            .iter()
            .map(|c| c
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" -> "))
            .collect::<Vec<_>>()
            .join("; ")
    );
}

/// The module path of a file: `ops/plan.rs` → [ops, plan]; `ops/mod.rs` → [ops].
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every `crate::…` and `super::…` path in `text`, with `use` groups (`{a, b::c}`) expanded.
fn imported_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        if boundary && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let end = path_end(&bytes, i);
            let tree: String = bytes[i..end].iter().collect();
            expand(&tree, &mut Vec::new(), &mut paths);
            i = end;
        } else {
            i += 1;
        }
    }
    paths
}

/// The end of a path starting at `start`: identifiers, `::`, and balanced braces.
fn path_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '_' || c == ':' => {}
            _ => break,
        }
        i += 1;
    }
    i
}

/// Expands `a::{b, c::{d}}` into [a, b], [a, c, d].
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    match tree.find('{') {
        None => {
            let mut path = prefix.clone();
            path.extend(
                tree.split("::")
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                    .map(str::to_owned),
            );
            out.push(path);
        }
        Some(open) => {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let depth = prefix.len();
            prefix.extend(head);
            let mut level = 0;
            let mut from = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        expand(&inner[from..i], prefix, out);
                        from = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[from..], prefix, out);
            prefix.truncate(depth);
        }
    }
}

/// `path` from the crate root, resolving `crate` and `super` against `module`.
fn absolute_path(module: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut parts = path.iter();
    let mut absolute = match parts.next()?.as_str() {
        "crate" => Vec::new(),
        "super" => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    for part in parts {
        if part == "super" {
            absolute.pop()?;
        } else {
            absolute.push(part.clone());
        }
    }
    Some(absolute)
}

/// The file that holds the item at `path`: its longest prefix that is a module file.
fn file_of(path: &[String]) -> Option<PathBuf> {
    (0..=path.len()).rev().find_map(|n| {
        let module: PathBuf = path[..n].iter().collect();
        let candidates = if n == 0 {
            vec![PathBuf::from("lib.rs")]
        } else {
            vec![module.with_extension("rs"), module.join("mod.rs")]
        };
        candidates
            .into_iter()
            .find(|c| Path::new(SRC).join(c).is_file())
    })
}

/// The cycles of a graph, one per strongly connected component of two or more files.
fn cycles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    // Kosaraju: finish order on the graph, then components on the reversed graph.
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for start in edges.keys() {
        visit(start, edges, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reversed.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut components = Vec::new();
    for node in order.iter().rev() {
        let mut component = Vec::new();
        visit(node, &reversed, &mut assigned, &mut component);
        if component.len() > 1 {
            component.sort();
            components.push(component);
        }
    }
    components
}

fn visit(
    node: &PathBuf,
    edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    seen: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) {
    if !seen.insert(node.clone()) {
        return;
    }
    for next in edges.get(node).into_iter().flatten() {
        visit(next, edges, seen, out);
    }
    out.push(node.clone());
}

/// The checker itself finds what it is for.
#[test]
fn the_cycle_check_finds_a_cycle_and_expands_groups() {
    let a = PathBuf::from("a.rs");
    let b = PathBuf::from("b.rs");
    let c = PathBuf::from("c.rs");
    let graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone(), c.clone()])),
        (c.clone(), BTreeSet::new()),
    ]);
    assert_eq!(cycles(&graph), vec![vec![a, b]]);
    let paths = imported_paths("use crate::reconcile::{self, plan_file::parse, prune::{A, B}};");
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        shown,
        [
            "crate::reconcile",
            "crate::reconcile::plan_file::parse",
            "crate::reconcile::prune::A",
            "crate::reconcile::prune::B"
        ]
    );
    assert_eq!(
        absolute_path(
            &module_of(Path::new("ops/plan.rs")),
            &["super".into(), "connect".into()]
        ),
        Some(vec!["ops".to_owned(), "connect".to_owned()])
    );
}

/// The top-level modules of `src/` by layer, top to bottom. Modules in one row share a layer.
const LAYERS: &[&[&str]] = &[
    // Commands: parse arguments, resolve settings, call an operation, render its outcome.
    &["cli"],
    // What a person sees: terminal, Markdown, SARIF, HTML previews.
    &["render"],
    // One operation per command, wiring the layers below.
    &["ops"],
    // Settings resolved once from flags, environment and the project file; the JSON schemas
    // of the files wabactl reads.
    &["settings", "schema"],
    // The project file; carrying out a plan against an account; media samples to upload,
    // swap in, download and keep.
    &["config", "apply", "media", "groups", "metrics"],
    // The words for the plan's typed reasons, shared by every plan format and apply's report.
    &["explain"],
    // Deciding: desired against remote state, the plan and its file.
    &["reconcile"],
    // Sending a message; the preview of a template.
    &["send", "preview", "codegen"],
    // Template files: read, load, model, media sample files, offline rules.
    &["template"],
    // The Graph API client; the local Graph API server.
    &["graph", "sandbox"],
    // Bounded reads, atomic writes, counting in words, redaction, time.
    &["input_file", "atomic_file", "plural", "redact", "utc"],
];

/// The module graph: each top-level module of `src/` with the top-level modules its
/// production files import (`crate::…`, `super::…` out of the module, `use` groups expanded).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in &production_files() {
        let module = module_of(file);
        let Some(top) = module.first() else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let targets = graph.entry(top.clone()).or_default();
        for path in imported_paths(text) {
            let Some(absolute) = absolute_path(&module, &path) else {
                continue;
            };
            if let Some(target) = absolute.first().filter(|t| *t != top)
                && file_of(&absolute[..1]).is_some()
            {
                targets.insert(target.clone());
            }
        }
    }
    graph
}

/// What is wrong with a module graph against a layer order: modules in no layer, rings of
/// modules that import each other, and imports of a module in a higher layer.
fn layer_violations(graph: &BTreeMap<String, BTreeSet<String>>, layers: &[&[&str]]) -> Vec<String> {
    let layer_of = |module: &str| layers.iter().position(|row| row.contains(&module));
    let mut problems = Vec::new();
    let named: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    for module in named {
        if layer_of(module).is_none() {
            problems.push(format!(
                "module `{module}` is in no layer: add it to LAYERS"
            ));
        }
    }
    let as_paths: BTreeMap<PathBuf, BTreeSet<PathBuf>> = graph
        .iter()
        .map(|(m, ts)| (PathBuf::from(m), ts.iter().map(PathBuf::from).collect()))
        .collect();
    for ring in cycles(&as_paths) {
        let names: Vec<String> = ring.iter().map(|p| p.display().to_string()).collect();
        let inside: Vec<String> = names
            .iter()
            .flat_map(|from| {
                graph[from]
                    .iter()
                    .filter(|to| names.contains(to))
                    .map(move |to| format!("{from} -> {to}"))
            })
            .collect();
        problems.push(format!(
            "modules that import each other: {} ({})",
            names.join(", "),
            inside.join(", ")
        ));
    }
    for (from, targets) in graph {
        for to in targets {
            if let (Some(a), Some(b)) = (layer_of(from), layer_of(to))
                && b < a
            {
                problems.push(format!(
                    "`{from}` (layer {}) imports `{to}` (layer {}), a higher layer",
                    a + 1,
                    b + 1
                ));
            }
        }
    }
    problems
}

#[test]
fn modules_only_import_modules_of_their_layer_or_below_and_no_ring() {
    let problems = layer_violations(&module_graph(), LAYERS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The layer check finds a ring, an import of a higher layer and an unplaced module.
#[test]
fn the_layer_check_finds_a_ring_an_inversion_and_an_unplaced_module() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            graph
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
            graph.entry(to.to_string()).or_default();
        }
        graph
    };
    let layers: &[&[&str]] = &[&["top"], &["mid", "side"], &["low"]];
    let sound = graph(&[
        ("top", "mid"),
        ("mid", "side"),
        ("side", "low"),
        ("top", "low"),
    ]);
    assert_eq!(layer_violations(&sound, layers), Vec::<String>::new());

    let ring = graph(&[("top", "mid"), ("mid", "side"), ("side", "mid")]);
    assert_eq!(
        layer_violations(&ring, layers),
        ["modules that import each other: mid, side (mid -> side, side -> mid)"]
    );

    let inversion = graph(&[("top", "mid"), ("low", "top")]);
    assert_eq!(
        layer_violations(&inversion, layers),
        ["`low` (layer 3) imports `top` (layer 1), a higher layer"]
    );

    let unplaced = graph(&[("top", "stray")]);
    assert_eq!(
        layer_violations(&unplaced, layers),
        ["module `stray` is in no layer: add it to LAYERS"]
    );

    // Grouped and inline paths count as imports of the module they name.
    let paths = imported_paths("use crate::{media::kind, utc};\nlet x = crate::graph::wire::A;");
    let tops: Vec<&str> = paths.iter().map(|p| p[1].as_str()).collect();
    assert_eq!(tops, ["media", "utc", "graph"]);
}

/// Ways to read an environment variable.
const ENV_READS: [&str; 4] = ["env::var(", "env::var_os(", "env::vars(", "env::vars_os("];

/// The files that read the environment outside `cli/` and `settings/`, with the read found.
fn environment_readers(files: &BTreeMap<PathBuf, String>) -> Vec<String> {
    files
        .iter()
        .filter(|(path, _)| !path.starts_with("cli") && !path.starts_with("settings"))
        .flat_map(|(path, text)| {
            ENV_READS
                .iter()
                .filter(|read| text.contains(*read))
                .map(move |read| format!("{} reads `{read}…`", path.display()))
        })
        .collect()
}

#[test]
fn only_the_command_line_and_the_settings_read_the_environment() {
    let readers = environment_readers(&production_files());
    assert!(
        readers.is_empty(),
        "read it once into `Settings` (settings/environment.rs) and pass it down: {readers:?}"
    );
}

/// The environment check finds a read outside `cli/` and `settings/`, and only there.
#[test]
fn the_environment_check_finds_a_read_outside_cli_and_settings() {
    let files = BTreeMap::from([
        (
            PathBuf::from("cli/mod.rs"),
            "std::env::var(\"A\")".to_owned(),
        ),
        (
            PathBuf::from("settings/x.rs"),
            "std::env::vars_os()".to_owned(),
        ),
        (
            PathBuf::from("ops/y.rs"),
            "let v = std::env::var_os(\"B\");".to_owned(),
        ),
    ]);
    assert_eq!(
        environment_readers(&files),
        ["ops/y.rs reads `env::var_os(…`"]
    );
}

/// ARCHITECTURE.md's table of layers says what `LAYERS` says, row by row.
#[test]
fn the_architecture_page_lists_the_layers_the_check_enforces() {
    let page = std::fs::read_to_string(Path::new(SRC).join("../ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    let rows: Vec<Vec<String>> = page
        .lines()
        .skip_while(|l| !l.starts_with("## Layers"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| {
            l.starts_with("| ")
                && l.split('|')
                    .nth(1)
                    .is_some_and(|c| c.trim().parse::<usize>().is_ok())
        })
        .map(|l| {
            l.split('|')
                .nth(2)
                .unwrap_or_default()
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let layers: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|layer| layer.iter().map(|m| (*m).to_owned()).collect())
        .collect();
    assert_eq!(
        rows, layers,
        "ARCHITECTURE.md's Layers table differs from LAYERS in tests/integration/layout.rs"
    );
}
