//! A mutational fuzzer for wabactl's readers of untrusted text, on stable Rust: template
//! files (loader, rules and both renderers), the project file, saved plan files and Graph
//! list responses.
//!
//! It needs no coverage feedback: seeds are the repository's own examples and fixtures, and
//! each input is a seed mutated a few times (byte flips, splices, and YAML-aware changes:
//! duplicate keys, deep nesting, anchors and aliases, huge scalars, very long lines, odd
//! Unicode). Each input goes to the library in-process, and the harness checks that nothing
//! panics, that every finding carries a location inside its file, and that no call takes
//! more memory or time than [`Bound`] allows for its input's size (memory is measured by the
//! [`meter`] allocator, which the binary running the harness installs).
//!
//! Before the mutated inputs, the harness feeds each of [`reproducers`] once: inputs that
//! once took gigabytes.

#[path = "meter.rs"]
pub mod meter;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use wabactl::template::diagnostic::SourceFile;

/// What an input is fed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Template,
    ProjectFile,
    SavedPlan,
    ListResponse,
}

pub struct Seed {
    pub target: Target,
    pub text: String,
}

/// A problem found: which target, what, and the input that shows it.
#[derive(Debug)]
pub struct Finding {
    pub target: Target,
    pub problem: String,
    pub input: String,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub inputs: usize,
    pub findings: Vec<Finding>,
    /// The slowest single call, its target and its input.
    pub slowest: Duration,
    pub slowest_target: Option<Target>,
    pub slowest_input: String,
    /// The most heap one call held per byte of its input (of 64 KiB or more), and that input.
    pub worst_ratio: f64,
    pub worst_ratio_peak: usize,
    pub worst_ratio_input: String,
}

/// What one input may cost: heap of at most `per_byte` times its size plus `base` bytes, and
/// `time` (a call slower than that is a finding).
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    pub per_byte: usize,
    pub base: usize,
    pub time: Duration,
}

/// The bound of the release run. Heap per input stays below 64 bytes per byte read plus
/// 16 MiB: the binary's peak memory (`validate`, `plan`) is that plus its fixed start-up.
pub const BOUND: Bound = Bound {
    per_byte: 64,
    base: 16 << 20,
    time: Duration::from_secs(2),
};

impl Bound {
    fn memory_for(&self, input: usize) -> usize {
        input
            .saturating_mul(self.per_byte)
            .saturating_add(self.base)
    }
}

/// Inputs that each once broke a bound: three that took gigabytes, made here rather than kept
/// as files (they are megabytes): 6,000 copies of one template in one file, a megabyte of
/// `{{1}}`, 100,000 duplicate components; and one found by this fuzzer that took 2.7 s (an
/// enum value holding backticks made the did-you-mean measure two 30,000-character texts).
pub fn reproducers() -> Vec<Seed> {
    let template = "name: order_update\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi\n";
    let head = "name: many\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n";
    [
        vec![template; 6_000].join("---\n"),
        format!(
            "{head}  - type: BODY\n    text: \"{}\"\n",
            "{{1}}".repeat(200_000)
        ),
        format!(
            "{head}{}",
            "  - type: FOOTER\n    text: hi\n".repeat(100_000)
        ),
        include_str!("../../tests/fixtures/fuzz/slow/enum-value-with-backticks.json").to_owned(),
    ]
    .into_iter()
    .map(|text| Seed {
        target: Target::Template,
        text,
    })
    .collect()
}

/// What one call cost, and what was wrong with it, if anything.
pub struct Trial {
    pub problem: Option<String>,
    pub took: Duration,
    /// Heap held at most, in bytes (0 when the meter is not installed).
    pub peak: usize,
}

/// Feeds one input to its target and checks it against `bound`.
pub fn try_input(target: Target, text: &str, scratch: &Path, bound: Bound) -> Trial {
    let started = Instant::now();
    let (outcome, peak) = meter::peak_of(|| {
        std::panic::catch_unwind(AssertUnwindSafe(|| check(target, text, scratch)))
    });
    let took = started.elapsed();
    let problem = match outcome {
        Err(panic) => Some(format!("panic: {}", panic_message(&panic))),
        Ok(Err(problem)) => Some(problem),
        Ok(Ok(())) if took > bound.time => Some(format!("slow: {took:?}")),
        Ok(Ok(())) if peak > bound.memory_for(text.len()) => Some(format!(
            "memory: {peak} bytes of heap for a {}-byte input, above the bound of {} \
             ({} per byte + {})",
            text.len(),
            bound.memory_for(text.len()),
            bound.per_byte,
            bound.base
        )),
        Ok(Ok(())) => None,
    };
    Trial {
        problem,
        took,
        peak,
    }
}

/// The seeds: every example template, Meta's create bodies, the example project file, a
/// saved plan and Meta's list responses.
pub fn seeds(root: &Path) -> Vec<Seed> {
    let mut seeds = Vec::new();
    let mut add = |target, dir: PathBuf, ext: &str| {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("seed is UTF-8");
            seeds.push(Seed { target, text });
        }
    };
    add(Target::Template, root.join("examples/templates"), "yaml");
    add(
        Target::Template,
        root.join("tests/fixtures/meta/templates"),
        "json",
    );
    add(Target::ProjectFile, root.join("examples"), "yaml");
    add(Target::SavedPlan, root.join("tests/fixtures/fuzz"), "json");
    add(
        Target::ListResponse,
        root.join("tests/fixtures/meta/responses"),
        "json",
    );
    seeds
}

/// Runs the reproducers, then `count` mutated inputs (or until `deadline`), deterministic for
/// a given seed; each is checked against `bound`.
pub fn run(
    seeds: &[Seed],
    rng_seed: u64,
    count: Option<usize>,
    deadline: Option<Instant>,
    scratch: &Path,
    bound: Bound,
) -> Summary {
    let mut rng = fastrand::Rng::with_seed(rng_seed);
    let mut summary = Summary::default();
    // The library's panics are caught and counted; keep the default message off stderr.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for reproducer in reproducers() {
        let trial = try_input(reproducer.target, &reproducer.text, scratch, bound);
        summary.record(reproducer.target, reproducer.text, trial);
    }
    loop {
        if count.is_some_and(|c| summary.inputs >= c)
            || deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        let seed = &seeds[rng.usize(..seeds.len())];
        let mut text = seed.text.clone();
        for _ in 0..rng.usize(1..=4) {
            text = mutate(&mut rng, &text, seeds);
        }
        let trial = try_input(seed.target, &text, scratch, bound);
        summary.record(seed.target, text, trial);
    }
    std::panic::set_hook(hook);
    summary
}

impl Summary {
    fn record(&mut self, target: Target, text: String, trial: Trial) {
        self.inputs += 1;
        if trial.took > self.slowest {
            self.slowest = trial.took;
            self.slowest_target = Some(target);
            self.slowest_input.clone_from(&text);
        }
        // Below 64 KiB the ratio says little: fixed costs (tables, buffers) dominate it.
        let ratio = trial.peak as f64 / text.len().max(1) as f64;
        if text.len() >= 64 * 1024 && ratio > self.worst_ratio {
            self.worst_ratio = ratio;
            self.worst_ratio_peak = trial.peak;
            self.worst_ratio_input.clone_from(&text);
        }
        if let Some(problem) = trial.problem {
            self.findings.push(Finding {
                target,
                problem,
                input: text,
            });
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Feeds one input to its target. `Err` is a broken promise other than a panic.
fn check(target: Target, text: &str, scratch: &Path) -> Result<(), String> {
    match target {
        Target::Template => check_template(text),
        Target::ProjectFile => {
            let file = scratch.join("wabactl.yaml");
            std::fs::write(&file, text).map_err(|e| e.to_string())?;
            // Any answer will do, as long as it is an answer.
            let _ = wabactl::config::read_project(&file);
            Ok(())
        }
        Target::SavedPlan => {
            let _ = wabactl::reconcile::plan_file::parse(text);
            Ok(())
        }
        Target::ListResponse => {
            let page = serde_json::from_str::<
                wabactl::graph::wire::ListPage<wabactl::graph::wire::RemoteTemplate>,
            >(text);
            for template in page.into_iter().flat_map(|p| p.data) {
                let _ = wabactl::reconcile::convert::to_document(&template);
            }
            Ok(())
        }
    }
}

/// Loads, checks and renders a template file; every finding must point inside it.
fn check_template(text: &str) -> Result<(), String> {
    use wabactl::render::diagnostics::{Findings, human, json};
    let file = Arc::new(SourceFile {
        path: "fuzz.yaml".into(),
        text: text.to_owned(),
    });
    let set = wabactl::template::read::read_sources([file]);
    let diagnostics = set.diagnostics;
    for d in &diagnostics {
        let span = d.location.span;
        if span.line == 0 || span.column == 0 || span.offset > text.len() {
            return Err(format!(
                "finding `{}` ({}) without a location in the file: {span:?}",
                d.message, d.rule
            ));
        }
    }
    let report = Findings {
        files: 1,
        templates: set.documents,
        diagnostics: &diagnostics,
        not_shown: set.not_shown,
    };
    human(&report, false, &mut std::io::sink()).map_err(|e| e.to_string())?;
    let _ = json(&report);
    Ok(())
}

/// Tokens that tend to reach the corners of a YAML or JSON reader.
const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "<<: *a\n",
    "{",
    "}",
    "[",
    "]",
    "- ",
    ": ",
    ", ",
    "---\n",
    "...\n",
    "\"",
    "'",
    "|\n",
    ">-\n",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "#",
    "!!str ",
    "!!binary ",
    "!local ",
    "%YAML 1.2\n",
    "? ",
    "~",
    "null",
    "true",
    "0x1F",
    "0o17",
    "1e999",
    "-0",
    "007",
    ".nan",
    "{{1}}",
    "{{",
    "}}",
    "{{name}}",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{0}",
    "\u{fffd}",
    "😀",
    "é",
    "\u{10ffff}",
    "\\u0000",
    "\\ud800",
];

fn mutate(rng: &mut fastrand::Rng, text: &str, seeds: &[Seed]) -> String {
    let at = |rng: &mut fastrand::Rng, s: &str| floor_char(s, rng.usize(..=s.len()));
    let mut out = text.to_owned();
    match rng.u8(..12) {
        // A byte flipped (kept as text: files that are not UTF-8 are refused before parsing).
        0 => {
            let mut bytes = out.into_bytes();
            if !bytes.is_empty() {
                let i = rng.usize(..bytes.len());
                bytes[i] ^= 1 << rng.u8(..8);
            }
            out = String::from_utf8_lossy(&bytes).into_owned();
        }
        1 | 2 => {
            let i = at(rng, &out);
            out.insert_str(i, TOKENS[rng.usize(..TOKENS.len())]);
        }
        // A piece of another seed spliced in.
        3 => {
            let other = &seeds[rng.usize(..seeds.len())].text;
            let a = at(rng, other);
            let b = floor_char(other, (a + rng.usize(..200)).min(other.len()));
            let i = at(rng, &out);
            out.insert_str(i, &other[a..b]);
        }
        // A range deleted.
        4 => {
            let a = at(rng, &out);
            let b = floor_char(&out, (a + rng.usize(..64)).min(out.len()));
            out.replace_range(a..b, "");
        }
        // A line repeated: duplicate keys, duplicate documents.
        5 => {
            let lines: Vec<&str> = out.lines().collect();
            if !lines.is_empty() {
                let i = rng.usize(..lines.len());
                let mut new = lines.clone();
                new.insert(rng.usize(..=lines.len()), lines[i]);
                out = new.join("\n");
            }
        }
        // Deep nesting.
        6 => {
            let depth = rng.usize(1..300);
            let (open, close) = if rng.bool() {
                ("[", "]")
            } else {
                ("{a: ", "}")
            };
            let i = at(rng, &out);
            let nested = format!("{}x{}", open.repeat(depth), close.repeat(depth));
            out.insert_str(i, &nested);
        }
        // An anchor on one value and aliases to it elsewhere.
        7 => {
            let colons: Vec<usize> = out.match_indices(": ").map(|(i, _)| i + 2).collect();
            if colons.len() >= 2 {
                let a = colons[rng.usize(..colons.len())];
                let b = colons[rng.usize(..colons.len())];
                let (first, second) = (a.min(b), a.max(b));
                out.insert_str(second, "*x ");
                out.insert_str(first, "&x ");
            }
        }
        // A huge scalar or a very long line.
        8 => {
            let i = at(rng, &out);
            let filler = if rng.bool() { "x" } else { " " };
            out.insert_str(i, &filler.repeat(rng.usize(1..70_000)));
        }
        // A run of odd Unicode.
        9 => {
            let i = at(rng, &out);
            let odd = [
                "\u{202e}", "😀", "\u{0301}", "\u{feff}", "ｗ", "\u{85}", "\u{2028}",
            ];
            let run: String = (0..rng.usize(1..50))
                .map(|_| odd[rng.usize(..odd.len())])
                .collect();
            out.insert_str(i, &run);
        }
        // A nested-alias chain (a small alias bomb).
        10 => {
            let mut bomb = String::from("b0: &b0 [x, x, x]\n");
            for level in 1..rng.usize(2..12) {
                let prev = format!("*b{}", level - 1);
                bomb.push_str(&format!(
                    "b{level}: &b{level} [{}]\n",
                    [prev.as_str(); 4].join(", ")
                ));
            }
            out = format!("{bomb}{out}");
        }
        // Two halves swapped.
        _ => {
            let i = at(rng, &out);
            out = format!("{}{}", &out[i..], &out[..i]);
        }
    }
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
