//! The one way from template files to templates: every command reads through here.
//!
//! Files are read one at a time: each is loaded, its documents are checked against Meta's
//! rules, and only the templates are kept, so memory stays flat however many files there are
//! (the location index of a document is large next to its template). A (name, language)
//! declared twice is the one rule that spans files, and it is decided here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::diagnostic::{Diagnostic, Location, SourceFile};
use super::load::{self, Document, Loaded};
use super::model::{Template, TemplateKey};
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
    /// Every finding, file by file: unreadable files, shapes, Meta's rules, duplicates.
    pub diagnostics: Vec<Diagnostic>,
    /// The errors among them that stop a plan: files that cannot be read as templates (a
    /// template missing from a plan could look like one to delete), and duplicates. A
    /// template that only breaks Meta's rules is still planned, as blocked.
    pub unreadable: Vec<Diagnostic>,
}

impl TemplateSet {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
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

const DUPLICATE: &str = "duplicate-template";

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
        self.reader.set.files += loaded.files;
        self.reader.shapes(loaded.diagnostics);
        self.reader.add(loaded.documents);
        true
    }

    pub fn finish(self) -> TemplateSet {
        self.reader.set
    }
}

/// Reads templates given as text (for tests and tools that hold files in memory).
pub fn read_sources(files: impl IntoIterator<Item = Arc<SourceFile>>) -> TemplateSet {
    let mut reader = Reader {
        keep_text: true,
        ..Reader::default()
    };
    for file in files {
        let mut loaded = Loaded::default();
        load::load_source(file, &mut loaded);
        reader.set.files += 1;
        reader.shapes(loaded.diagnostics);
        reader.add(loaded.documents);
    }
    reader.set
}

#[derive(Default)]
struct Reader {
    set: TemplateSet,
    /// Where each identity was first declared: a path and a span, not the file's text.
    first_seen: HashMap<TemplateKey, FirstSeen>,
    /// Keep the first declaration's text (files held in memory cannot be read again).
    keep_text: bool,
}

struct FirstSeen {
    path: PathBuf,
    span: Span,
    file: Option<Arc<SourceFile>>,
}

impl Reader {
    /// Findings about a file's shape: each error among them stops a plan.
    fn shapes(&mut self, diagnostics: Vec<Diagnostic>) {
        self.set
            .unreadable
            .extend(diagnostics.iter().filter(|d| d.is_error()).cloned());
        self.set.diagnostics.extend(diagnostics);
    }

    fn add(&mut self, documents: Vec<Document>) {
        for document in documents {
            self.set.documents += 1;
            let mut findings = rules::check_document(&document);
            // Each template of a `languages` document knows every error of the document,
            // though only the first reports the shared ones.
            let errors = errors_of(&findings);
            if let Some(index) = document.language_index() {
                findings = per_language(findings, &document, index);
            }
            let key = document.template.key();
            let first = self.first_seen.get(&key);
            if let Some(first) = first {
                let twice = duplicate(&document, &key, first.location());
                self.set.unreadable.push(twice.clone());
                findings.push(twice);
            }
            findings.sort_by_key(|d| (d.location.span.offset, std::cmp::Reverse(d.severity)));
            self.set.diagnostics.append(&mut findings);
            if first.is_some() {
                continue;
            }
            let first = FirstSeen {
                path: document.file.path.clone(),
                span: document.at("name").span,
                file: self.keep_text.then(|| document.file.clone()),
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
    /// The first declaration's location, its file read again for the snippet: duplicates are
    /// rare, and keeping every file's text for them would not keep memory flat.
    fn location(&self) -> Location {
        let file = self.file.clone().unwrap_or_else(|| {
            let text =
                crate::input_file::read_text(&self.path, crate::input_file::TEMPLATE_FILE_LIMIT)
                    .unwrap_or_default();
            Arc::new(SourceFile {
                path: self.path.clone(),
                text,
            })
        });
        // A file changed since it was read keeps its place in the message, not a snippet.
        let fits = file.text.len() >= self.span.offset + self.span.len;
        let span = if fits {
            self.span
        } else {
            Span {
                offset: 0,
                len: 0,
                ..self.span
            }
        };
        Location { file, span }
    }
}

/// Meta's rules broken, one line each, duplicates aside.
fn errors_of(findings: &[Diagnostic]) -> Vec<String> {
    let mut sorted: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.is_error() && d.rule != DUPLICATE)
        .collect();
    sorted.sort_by_key(|d| d.location.span.offset);
    sorted
        .iter()
        .map(|d| format!("{} ({}: {})", d.message, d.rule, d.location))
        .collect()
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
        rules::table::rule(DUPLICATE).id,
        format!("template {key} is defined twice; the first is at {first}"),
        document.at("name"),
    )
    .with_help(
        "keep one of them: identity is name + language, so rename one or change its language",
    )
    .with_path("name")
    .with_related(first, "first defined here")
}
