//! The one way from template files to templates: every command reads through here.
//!
//! Files are read one at a time: each is loaded, its documents are checked against Meta's
//! rules, and only the templates are kept, so memory stays flat however many files there are
//! (the location index of a document is large next to its template). A (name, language)
//! declared twice is the one rule that spans files, and it is decided here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::diagnostic::{Diagnostic, Location, SourceFile, Tally};
use super::load::{self, Document, Loaded};
use super::model::{Template, TemplateKey};
use super::rule_id::RuleId;
use super::rules;
use super::tree::Span;

/// Where a template is declared.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A template the files declare (its first declaration, when there are two).
#[derive(Debug, Clone)]
pub struct Declared {
    pub template: Template,
    pub source: Source,
    /// Meta's rules the template breaks, one line each (`message (rule: file:line:col)`).
    pub errors: Vec<String>,
    /// Set when the document lists `languages` (AUTHENTICATION): the whole list. Creates and
    /// edits of such templates go to Meta in one `upsert_message_templates` call.
    pub languages: Option<Vec<String>>,
}

/// Everything read from a set of template paths.
#[derive(Debug, Default)]
pub struct TemplateSet {
    /// Template files read.
    pub files: usize,
    /// YAML documents that parsed into a template, duplicates included.
    pub documents: usize,
    /// One entry per (name, language), in file order.
    pub templates: Vec<Declared>,
    /// The findings kept, file by file: unreadable files, shapes, Meta's rules, duplicates
    /// (at most [`FINDINGS_PER_FILE`] a file and [`FINDINGS_PER_RUN`] in all).
    pub diagnostics: Vec<Diagnostic>,
    /// Findings past those limits, counted.
    pub not_shown: Tally,
    /// The errors that stop a plan: files that cannot be read as templates (a template
    /// missing from a plan could look like one to delete), and duplicates. A template that
    /// only breaks Meta's rules is still planned, as blocked. The first of them, kept within
    /// [`FINDINGS_PER_RUN`]; `unreadable_count` counts them all.
    pub unreadable: Vec<Diagnostic>,
    pub unreadable_count: usize,
}

impl TemplateSet {
    /// Every error found, those folded or not shown included.
    pub fn error_count(&self) -> usize {
        let kept: usize = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::count)
            .sum();
        kept + self.not_shown.errors
    }
    /// The templates named `name`, in `language` when one is given.
    pub fn named<'a>(
        &'a self,
        name: &'a str,
        language: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Declared> {
        self.templates.iter().filter(move |d| {
            d.template.name == name && language.is_none_or(|l| l == d.template.language)
        })
    }
}

const DUPLICATE: RuleId = RuleId::DuplicateTemplate;

/// Reads every template file under `paths` (files or directories, recursively).
pub fn read(paths: &[PathBuf]) -> TemplateSet {
    let mut reading = Reading::start(paths);
    while reading.next_file() {}
    reading.finish()
}

/// A read in progress, a file at a time, for a caller with other work to interleave (`plan`
/// lists the account meanwhile, on the same thread).
pub struct Reading {
    reader: Reader,
    files: std::vec::IntoIter<PathBuf>,
}

impl Reading {
    /// Finds the template files under `paths` (a path that does not exist is a finding).
    pub fn start(paths: &[PathBuf]) -> Self {
        let mut reader = Reader::default();
        let mut missing = Vec::new();
        let files = load::discover(paths, &mut missing);
        reader.shapes(missing);
        Reading {
            reader,
            files: files.into_iter(),
        }
    }

    /// Reads the next file; false once every file is read.
    pub fn next_file(&mut self) -> bool {
        let Some(file) = self.files.next() else {
            return false;
        };
        let loaded = load::load_file(file);
        self.reader.next_file();
        self.reader.set.files += loaded.files;
        self.reader.shapes(loaded.diagnostics);
        self.reader.add(loaded.documents);
        self.reader.file_read();
        true
    }

    pub fn finish(self) -> TemplateSet {
        self.reader.set
    }
}

/// Reads templates given as text (for tests and tools that hold files in memory).
pub fn read_sources(files: impl IntoIterator<Item = Arc<SourceFile>>) -> TemplateSet {
    let mut reader = Reader::default();
    for file in files {
        reader.next_file();
        let mut loaded = Loaded::default();
        load::load_source(file, &mut loaded);
        reader.set.files += 1;
        reader.shapes(loaded.diagnostics);
        reader.add(loaded.documents);
        reader.file_read();
    }
    reader.set
}

/// The most findings a run keeps from one file, and from all files together. Past these they
/// are counted, not kept (but for the first finding of each rule): a report holds what a
/// reader can act on, and its memory stays proportional to a handful of findings, whatever
/// the input (see [`Bounded`](super::diagnostic::Bounded)).
pub const FINDINGS_PER_FILE: usize = 200;
pub const FINDINGS_PER_RUN: usize = 1000;

#[derive(Default)]
struct Reader {
    set: TemplateSet,
    /// Where each identity was first declared: a path and a span, not the file's text.
    first_seen: HashMap<TemplateKey, FirstSeen>,
    /// Findings kept from the file being read.
    kept_in_file: usize,
    /// Where the findings of the file being read begin in `set.diagnostics`.
    file_start: usize,
    /// The rules of the findings kept: the first of each is kept past the limits.
    rules_kept: std::collections::HashSet<RuleId>,
}

struct FirstSeen {
    /// The file, by its path alone: a duplicate in the same file quotes the text being read,
    /// and one in another file names the place without quoting it.
    file: Arc<SourceFile>,
    span: Span,
}

impl Reader {
    fn next_file(&mut self) {
        self.kept_in_file = 0;
        self.file_start = self.set.diagnostics.len();
    }

    /// A file's findings in the order of its lines: those about its shape and those of Meta's
    /// rules, from every document (the files themselves are read in path order).
    fn file_read(&mut self) {
        self.set.diagnostics[self.file_start..]
            .sort_by_key(|d| (d.location.span.offset, std::cmp::Reverse(d.severity)));
    }

    /// Keeps a finding within the limits (or as the first of its rule), or counts it.
    fn keep(&mut self, d: Diagnostic) {
        let within =
            self.kept_in_file < FINDINGS_PER_FILE && self.set.diagnostics.len() < FINDINGS_PER_RUN;
        // `insert` is true for a rule not kept before.
        if self.rules_kept.insert(d.rule) || within {
            self.kept_in_file += 1;
            self.set.diagnostics.push(d);
        } else {
            self.set.not_shown.add(&d);
        }
    }

    /// An error that stops a plan: counted always, kept within the run's limit.
    fn stops_plan(&mut self, d: &Diagnostic) {
        self.set.unreadable_count += d.count();
        if self.set.unreadable.len() < FINDINGS_PER_RUN {
            self.set.unreadable.push(d.clone());
        }
    }

    /// Findings about a file's shape: each error among them stops a plan.
    fn shapes(&mut self, diagnostics: Vec<Diagnostic>) {
        for d in diagnostics {
            if d.is_error() {
                self.stops_plan(&d);
            }
            self.keep(d);
        }
    }

    fn add(&mut self, documents: Vec<Document>) {
        for document in documents {
            self.set.documents += 1;
            let checked = rules::check_document(&document, FINDINGS_PER_FILE);
            self.set.not_shown.merge(checked.not_shown);
            let mut findings = checked.kept;
            // Each template of a `languages` document knows every error of the document,
            // though only the first reports the shared ones.
            let errors = errors_of(&findings, checked.not_shown.errors);
            if let Some(index) = document.language_index() {
                findings = per_language(findings, &document, index);
            }
            let key = document.template.key();
            let first = self
                .first_seen
                .get(&key)
                .map(|f| f.location(&document.file));
            let duplicate = first.is_some();
            if let Some(first) = first {
                let twice = self::duplicate(&document, &key, first);
                self.stops_plan(&twice);
                findings.push(twice);
            }
            findings.sort_by_key(|d| (d.location.span.offset, std::cmp::Reverse(d.severity)));
            for d in findings {
                self.keep(d);
            }
            if duplicate {
                continue;
            }
            let first = FirstSeen {
                file: Arc::new(SourceFile {
                    path: document.file.path.clone(),
                    text: String::new(),
                }),
                span: document.at("name").span,
            };
            self.first_seen.insert(key, first);
            self.set.templates.push(Declared {
                source: Source {
                    file: document.file.path.display().to_string(),
                    line: document.at("").span.line,
                },
                template: document.template,
                errors,
                languages: document.languages,
            });
        }
    }
}

impl FirstSeen {
    /// The first declaration's location, quoted from `current` (the file being read) when it
    /// is in that file. Another file is never read again for it: with thousands of duplicates
    /// that would read a large file thousands of times.
    fn location(&self, current: &Arc<SourceFile>) -> Location {
        let file = if current.path == self.file.path {
            current.clone()
        } else {
            self.file.clone()
        };
        Location {
            file,
            span: self.span,
        }
    }
}

/// Meta's rules broken, one line each, duplicates aside; `not_shown` more past the limit.
fn errors_of(findings: &[Diagnostic], not_shown: usize) -> Vec<String> {
    let mut sorted: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.is_error() && d.rule != DUPLICATE)
        .collect();
    sorted.sort_by_key(|d| d.location.span.offset);
    let mut errors: Vec<String> = sorted
        .iter()
        .map(|d| match d.repeats {
            0 => format!("{} ({}: {})", d.message, d.rule, d.location),
            n => format!(
                "{} ({}: {}; {n} more like it)",
                d.message, d.rule, d.location
            ),
        })
        .collect();
    if not_shown > 0 {
        errors.push(format!("{not_shown} more errors not listed"));
    }
    errors
}

/// The findings of one language of a `languages` document: a finding about the language is
/// placed on its entry of the list; every other finding is the same for each language, so it
/// is kept for the first language only (each template still knows its errors).
fn per_language(findings: Vec<Diagnostic>, document: &Document, index: usize) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut d| {
            if d.path.as_deref() == Some("language") {
                let path = format!("languages[{index}]");
                d.location = document.at(&path);
                d.path = Some(path);
                Some(d)
            } else {
                (index == 0).then_some(d)
            }
        })
        .collect()
}

/// The one rule that spans documents: a name and language identify one template.
fn duplicate(document: &Document, key: &TemplateKey, first: Location) -> Diagnostic {
    Diagnostic::error(
        DUPLICATE,
        format!("template {key} is defined twice; the first is at {first}"),
        document.at("name"),
    )
    .with_help(
        "keep one of them: identity is name + language, so rename one or change its language",
    )
    .with_path("name")
    .with_related(first, "first defined here")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const DOC: &str =
        "name: a\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Hi}\n";

    fn source(path: &str, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: path.into(),
            text,
        })
    }

    #[test]
    fn duplicates_quote_their_own_file_and_name_another_without_its_text() {
        let set = read_sources([
            source("one.yaml", format!("{DOC}---\n{DOC}")),
            source("two.yaml", DOC.to_owned()),
        ]);
        let duplicates: Vec<&Diagnostic> = set
            .diagnostics
            .iter()
            .filter(|d| d.rule == DUPLICATE)
            .collect();
        assert_eq!(duplicates.len(), 2);
        let (same_file, _) = &duplicates[0].related[0];
        assert_eq!(same_file.file.path, Path::new("one.yaml"));
        assert!(Arc::ptr_eq(&same_file.file, &duplicates[0].location.file));
        let (other_file, _) = &duplicates[1].related[0];
        assert_eq!(other_file.to_string(), "one.yaml:1:7");
        assert!(other_file.file.text.is_empty());
        assert_eq!(set.unreadable_count, 2);
    }

    #[test]
    fn findings_past_the_limits_are_counted_not_kept() {
        let many = vec![DOC; FINDINGS_PER_FILE + 50].join("---\n");
        let files = (0..8).map(|i| source(&format!("f{i}.yaml"), many.clone()));
        let set = read_sources(files);
        assert_eq!(set.diagnostics.len(), FINDINGS_PER_RUN);
        let duplicates = 8 * (FINDINGS_PER_FILE + 50) - 1;
        assert_eq!(set.unreadable_count, duplicates);
        assert_eq!(set.unreadable.len(), FINDINGS_PER_RUN);
        assert_eq!(
            set.diagnostics.len() + set.not_shown.errors,
            duplicates,
            "every finding is counted"
        );
    }
}
