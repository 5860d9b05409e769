//! Reads template files: finds them, parses every YAML document with spans, and turns each
//! into a typed [`Template`], reporting shape errors (bad YAML, wrong type, unknown key) at
//! the exact place.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::diagnostic::{Diagnostic, Location, SourceFile, did_you_mean};
pub use super::document::Document;
use super::languages_list;
use super::model::{Template, canonicalize_enum_case};
use super::tree::{self, Located, Node, PathIndex, Span};
use crate::template::rule_id::RuleId;

/// Everything read from a set of paths.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

/// Where a finding about a whole file points: `file:1:1`.
const FILE_START: Span = Span {
    line: 1,
    column: 1,
    offset: 0,
    len: 0,
};

/// File endings that hold templates.
const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Names the project file may have, looked up from the working directory upward (by
/// `config`). Declared here, below `config`, because a walk of template files skips them.
pub const PROJECT_FILE_NAMES: [&str; 2] = ["wabactl.yaml", "wabactl.yml"];

/// Reads every template file under `paths` (files or directories, recursively).
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    for file in discover(paths, &mut loaded.diagnostics) {
        load_into(file, &mut loaded);
    }
    loaded
}

/// Loads one file [`discover`] found.
pub fn load_file(file: PathBuf) -> Loaded {
    let mut loaded = Loaded::default();
    load_into(file, &mut loaded);
    loaded
}

fn load_into(file: PathBuf, loaded: &mut Loaded) {
    loaded.files += 1;
    match crate::input_file::read_text(&file, crate::input_file::TEMPLATE_FILE_LIMIT) {
        Ok(text) => load_source(Arc::new(SourceFile { path: file, text }), loaded),
        Err(err) => loaded.diagnostics.push(
            Diagnostic::error(
                RuleId::Io,
                format!("cannot read file: {err}"),
                Location {
                    file: Arc::new(SourceFile {
                        path: file,
                        text: String::new(),
                    }),
                    span: FILE_START,
                },
            )
            .with_help(format!(
                "templates are regular UTF-8 text files of at most {} MiB: fix the file, or \
                     move it out of the template paths",
                crate::input_file::TEMPLATE_FILE_LIMIT >> 20
            )),
        ),
    }
}

/// Parses one file's text (which may hold several `---` documents).
pub fn load_source(file: Arc<SourceFile>, loaded: &mut Loaded) {
    let roots = match tree::parse_documents(&file.text) {
        Ok(roots) => roots,
        Err(tree::SyntaxError {
            message,
            span,
            limit_help: Some(help),
        }) => {
            loaded.diagnostics.push(
                Diagnostic::error(RuleId::InputLimit, message, Location { file, span })
                    .with_help(help),
            );
            return;
        }
        Err(err) => {
            let diagnostic = match tree::runaway_quote(&file.text, err.span) {
                // Point at the quote that was never closed, not where the reader gave up.
                Some(open) => Diagnostic::error(
                    RuleId::YamlSyntax,
                    format!(
                        "not valid YAML: the quote opened here is not closed (the reader read on \
                         to line {}: {})",
                        err.span.line, err.message
                    ),
                    Location {
                        file: file.clone(),
                        span: open,
                    },
                )
                .with_related(
                    Location {
                        file,
                        span: err.span,
                    },
                    "the reader gave up here",
                )
                .with_help("close the quote on its line; JSON files are read as YAML too"),
                None => Diagnostic::error(
                    RuleId::YamlSyntax,
                    format!("not valid YAML: {}", err.message),
                    Location {
                        file,
                        span: err.span,
                    },
                )
                .with_help("fix the syntax; JSON files are read as YAML too"),
            };
            loaded.diagnostics.push(diagnostic);
            return;
        }
    };
    if roots.is_empty() {
        // Usually a mistake (a file emptied by accident); say so rather than pass in silence.
        loaded.diagnostics.push(
            Diagnostic::warning(
                RuleId::EmptyFile,
                "the file holds no template",
                Location {
                    file,
                    span: FILE_START,
                },
            )
            .with_help("add a template document, or delete the file"),
        );
        return;
    }
    for root in roots {
        typed_documents(root, &file, loaded);
    }
}

/// The templates of one document: one, or one per language of a `languages` list (each the
/// same but for `language`, all located in the one document).
fn typed_documents(root: Located<Node>, file: &Arc<SourceFile>, loaded: &mut Loaded) {
    let mut json = tree::to_json(&root);
    let paths = PathIndex::new(root);
    let located = |path: &str| Location {
        file: file.clone(),
        span: paths.locate(path),
    };
    if !json.is_object() {
        loaded.diagnostics.push(
            Diagnostic::error(
                RuleId::DocumentShape,
                "a template document must be a mapping",
                located(""),
            )
            .with_help(
                "start the document with `name:`, `language:`, `category:` and `components:`",
            ),
        );
        return;
    }
    canonicalize_enum_case(&mut json);
    let languages = match languages_list::languages_of(&json) {
        Ok(languages) => languages,
        Err(message) => {
            loaded.diagnostics.push(
                Diagnostic::error(RuleId::LanguagesShape, message, located("languages"))
                    .with_help(
                        "write `languages: [en_US, es_ES]` (AUTHENTICATION only), or one `language`",
                    )
                    .with_path("languages"),
            );
            return;
        }
    };
    let Some(languages) = languages else {
        if let Some(template) = typed(&json, file, &paths, &mut loaded.diagnostics) {
            loaded.documents.push(Document {
                template,
                file: file.clone(),
                paths,
                languages: None,
            });
        }
        return;
    };
    for language in &languages {
        let one = languages_list::for_language(&json, language);
        // The templates differ only in language: a shape error is reported once.
        let Some(template) = typed(&one, file, &paths, &mut loaded.diagnostics) else {
            return;
        };
        loaded.documents.push(Document {
            template,
            file: file.clone(),
            paths: paths.clone(),
            languages: Some(languages.clone()),
        });
    }
}

/// The typed template of a document's JSON, or its shape errors, sorted top to bottom (serde
/// finds unknown keys in its own order; a reader expects them in the file's).
fn typed(
    json: &serde_json::Value,
    file: &Arc<SourceFile>,
    paths: &PathIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Template> {
    let first = diagnostics.len();
    let template = read_typed(json.clone(), file, paths, diagnostics);
    diagnostics[first..].sort_by_key(|d| d.location.span.offset);
    template
}

fn read_typed(
    mut json: serde_json::Value,
    file: &Arc<SourceFile>,
    paths: &PathIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Template> {
    // Serde stops at the first unknown key: each one is reported, taken out, and the document
    // read again, so one run shows every typo (up to a bound, against pathological files).
    // Keys the typos were taken for: a key missing because of a typo is not reported twice.
    let mut meant: Vec<String> = Vec::new();
    for _ in 0..=MAX_UNKNOWN_KEYS {
        match serde_path_to_error::deserialize::<_, Template>(&json) {
            Ok(template) => return Some(template),
            Err(err) => {
                let (path, message) = crate::template::model::locate_error(&json, err);
                let diagnostic = shape_diagnostic(&message, &path, file, paths);
                let explained = diagnostic.rule == RuleId::MissingKey
                    && diagnostic.path.as_ref().is_some_and(|p| meant.contains(p));
                if !explained {
                    diagnostics.push(diagnostic);
                }
                let removed = unknown_key(&message, &path).is_some_and(|(found, parent)| {
                    if let Some((_, expected)) = parse_one_of(&message, "unknown field")
                        && let Some(close) =
                            did_you_mean(&found, expected.iter().map(String::as_str))
                    {
                        meant.push(tree::child_path(&parent, close));
                    }
                    tree::json_at_mut(&mut json, &parent)
                        .and_then(serde_json::Value::as_object_mut)
                        .is_some_and(|map| map.remove(&found).is_some())
                });
                if removed {
                    continue;
                }
                // An unknown enum value that is a typo of a known one (reported above): read
                // on as if it were that one, so the rest of the document is checked too.
                let meant_value = unknown_value(&message, &path, paths).and_then(|unknown| {
                    let close = unknown.close()?.to_owned();
                    let slot = tree::json_at_mut(&mut json, &unknown.path)?;
                    (slot.as_str() == Some(unknown.found.as_str()))
                        .then(|| *slot = serde_json::Value::String(close))
                });
                if meant_value.is_some() {
                    continue;
                }
                // Any other shape error stops serde; still report what is wrong with the
                // identity.
                diagnostics.extend(crate::template::rules::check_raw_identity(
                    &json, file, paths,
                ));
                return None;
            }
        }
    }
    None
}

/// Unknown keys reported in one document before the rest of it is given up on.
const MAX_UNKNOWN_KEYS: usize = 100;

/// For an "unknown field" error: the key, and the path of the map that holds it.
fn unknown_key(message: &str, path: &str) -> Option<(String, String)> {
    let (found, _) = parse_one_of(message, "unknown field")?;
    // Depending on the depth, the path already ends at the unknown key or at its map.
    let parent = match path.rsplit_once('.') {
        Some((parent, last)) if last == found => parent.to_owned(),
        _ if path == found => String::new(),
        _ => path.to_owned(),
    };
    Some((found, parent))
}

/// Turns a serde error into a located message with a rule id and, for typos, a suggestion.
fn shape_diagnostic(
    message: &str,
    path: &str,
    file: &Arc<SourceFile>,
    paths: &PathIndex,
) -> Diagnostic {
    let at = |span| Location {
        file: file.clone(),
        span,
    };
    if let Some((found, expected)) = parse_one_of(message, "unknown field") {
        let parent = unknown_key(message, path)
            .map(|(_, p)| p)
            .unwrap_or_default();
        let field_path = tree::child_path(&parent, &found);
        let mut diagnostic = Diagnostic::error(
            RuleId::UnknownKey,
            format!("unknown key `{found}` in {}", describe_path(&parent)),
            at(paths.locate_key(&field_path)),
        )
        .with_path(field_path);
        let hint = match did_you_mean(&found, expected.iter().map(String::as_str)) {
            Some(close) => format!(
                "did you mean `{close}`? Allowed here: {}",
                expected.join(", ")
            ),
            None => format!("allowed here: {}", expected.join(", ")),
        };
        diagnostic = diagnostic.with_help(hint);
        return diagnostic;
    }
    if let Some(unknown) = unknown_value(message, path, paths) {
        let listed = unknown.expected.join(", ");
        let hint = match unknown.close() {
            Some(close) => format!(
                "did you mean `{close}`? Expected one of: {listed}. The rest of the document was \
                 checked as if it said `{close}`"
            ),
            None => format!(
                "expected one of: {listed}. The rest of the document is checked once this is one \
                 of them"
            ),
        };
        return Diagnostic::error(
            RuleId::UnknownValue,
            format!(
                "unknown value `{}` for {}",
                unknown.found,
                describe_path(&unknown.path)
            ),
            at(paths.locate(&unknown.path)),
        )
        .with_path(unknown.path)
        .with_help(hint);
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return Diagnostic::error(
            RuleId::MissingKey,
            format!("`{field}` is required in {}", describe_path(path)),
            at(paths.locate(path)),
        )
        .with_path(tree::child_path(path, field));
    }
    if path.starts_with("library_template_button_inputs") {
        // Meta's own page shows these inputs as a string of pseudo-JSON; say what shape works.
        return Diagnostic::error(
            RuleId::LibraryButtonInputsShape,
            format!("{}: {message}", describe_path(path)),
            at(paths.locate(path)),
        )
        .with_path(path)
        .with_help(
            "write a YAML list of maps, e.g. `- {type: URL, url: {base_url: 'https://example.com/{{1}}', url_suffix_example: 'https://example.com/A1'}}`",
        );
    }
    Diagnostic::error(
        RuleId::Type,
        format!("{}: {message}", describe_path(path)),
        at(paths.locate(path)),
    )
    .with_path(path)
}

/// An enum value serde does not know: the value, where it stands, and the values allowed, each
/// once (the model takes both spellings of some, `LIMITED_TIME_OFFER` and
/// `limited_time_offer`; one is enough to list).
struct UnknownValue {
    found: String,
    path: String,
    expected: Vec<String>,
}

impl UnknownValue {
    /// The allowed value the unknown one was most likely meant to be.
    fn close(&self) -> Option<&str> {
        did_you_mean(&self.found, self.expected.iter().map(String::as_str))
    }
}

fn unknown_value(message: &str, path: &str, paths: &PathIndex) -> Option<UnknownValue> {
    let (found, all) = parse_one_of(message, "unknown variant")?;
    // Tagged enums fail on the whole map; point at its `type` when that is the culprit.
    let tag_path = tree::child_path(path, "type");
    let path = if paths.locate_key(&tag_path) != paths.locate(path) {
        tag_path
    } else {
        path.to_owned()
    };
    let mut expected: Vec<String> = Vec::new();
    for value in all {
        if !expected.iter().any(|e| e.eq_ignore_ascii_case(&value)) {
            expected.push(value);
        }
    }
    Some(UnknownValue {
        found,
        path,
        expected,
    })
}

/// Splits "unknown field `x`, expected one of `a`, `b`" into (`x`, [`a`, `b`]).
fn parse_one_of(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message
        .strip_prefix(prefix)?
        .trim_start()
        .strip_prefix('`')?;
    let (found, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((found.to_owned(), expected))
}

fn describe_path(path: &str) -> String {
    if path.is_empty() {
        "the template".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// The template files below `paths`, sorted for stable output.
///
/// Each file is listed once, however many links or arguments lead to it, and each directory
/// is entered once, so a symbolic link to a parent directory neither loops nor duplicates.
/// Special files with a template ending are listed too: reading them reports what they are.
pub fn discover(paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut walk = Walk::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk.dir(path, &metadata),
            Ok(metadata) => walk.file(path, &metadata),
            Err(_) => diagnostics.push(
                Diagnostic::error(
                    RuleId::Io,
                    format!("{}: no such file or directory", path.display()),
                    Location {
                        file: Arc::new(SourceFile {
                            path: path.clone(),
                            text: String::new(),
                        }),
                        span: FILE_START,
                    },
                )
                .with_help("check the path, or the `templates` entry of wabactl.yaml"),
            ),
        }
    }
    walk.files
}

/// Files and directories met so far, by identity rather than by name.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    seen_files: HashSet<FileId>,
    seen_dirs: HashSet<FileId>,
}

impl Walk {
    fn file(&mut self, path: &Path, metadata: &std::fs::Metadata) {
        if self.seen_files.insert(FileId::of(path, metadata)) {
            self.files.push(path.to_owned());
        }
    }

    fn dir(&mut self, dir: &Path, metadata: &std::fs::Metadata) {
        if !self.seen_dirs.insert(FileId::of(dir, metadata)) {
            tracing::info!(
                "skipping {}: the directory was already read (a symbolic link loop, or a second link to it)",
                dir.display()
            );
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || PROJECT_FILE_NAMES.contains(&name) {
                continue;
            }
            let is_template = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e));
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => self.dir(&path, &metadata),
                Ok(metadata) if is_template => self.file(&path, &metadata),
                Ok(_) => {}
                // A dangling link with a template ending: reading it says what is wrong.
                Err(_) if is_template => self.files.push(path),
                Err(_) => {}
            }
        }
    }
}

/// What identifies a file whatever the path to it: device and inode on Unix, the canonical
/// path elsewhere.
#[derive(PartialEq, Eq, Hash)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    #[cfg(unix)]
    fn of(_path: &Path, metadata: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(metadata.dev(), metadata.ino())
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _metadata: &std::fs::Metadata) -> Self {
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::rule_id::RuleId;

    fn load(text: &str) -> Loaded {
        let mut loaded = Loaded::default();
        let file = Arc::new(SourceFile {
            path: "t.yaml".into(),
            text: text.into(),
        });
        load_source(file, &mut loaded);
        loaded
    }

    #[test]
    fn reads_several_documents_in_any_case() {
        let loaded = load(
            "name: a\nlanguage: en\ncategory: utility\ncomponents:\n  - type: body\n    text: hi\n---\nname: b\nlanguage: en\ncategory: MARKETING\ncomponents: [{type: BODY, text: yo}]\n",
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.documents.len(), 2);
        assert_eq!(loaded.documents[0].template.category, "UTILITY");
        assert_eq!(loaded.documents[1].at("components[0].text").span.line, 11);
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let loaded = load(
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    txet: hi\n",
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, RuleId::UnknownKey);
        assert_eq!((d.location.span.line, d.location.span.column), (6, 5));
        assert!(
            d.help.as_deref().unwrap().contains("did you mean `text`"),
            "{d:?}"
        );
    }

    #[test]
    fn unknown_component_type_points_at_the_type() {
        let loaded = load(
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: BDOY\n    text: hi\n",
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, RuleId::UnknownValue);
        assert_eq!((d.location.span.line, d.location.span.column), (5, 11));
        assert!(d.help.as_deref().unwrap().contains("`BODY`"), "{d:?}");
    }

    #[test]
    fn wrong_type_and_bad_yaml_are_located() {
        let loaded = load(
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: FOOTER\n    code_expiration_minutes: soon\n",
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, RuleId::Type);
        assert_eq!(d.location.span.line, 6);
        let loaded = load("name: [a\nlanguage: en\n");
        assert_eq!(loaded.diagnostics[0].rule, RuleId::YamlSyntax);
        assert!(loaded.diagnostics[0].location.span.line >= 1);
    }
}
