//! What an import may overwrite: files in the way, and templates an overwrite would lose.
//! Paths are compared by name (`.` and `..` resolved, links not followed).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::import::TemplateFile;
use super::plan::Source;
use crate::template::model::TemplateKey;

/// Whether a template the files declare at `source` stays there rather than being imported
/// again: always, except when `--force` rewrites the very file it is declared in.
pub fn stays_declared(source: &Source, name: &str, dir: &Path, force: bool) -> bool {
    !(force && same_path(Path::new(&source.file), &dir.join(format!("{name}.yaml"))))
}

/// The files the import would write into `dir` that exist already.
pub fn in_the_way(
    files: &[TemplateFile],
    dir: &Path,
    exists: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    files
        .iter()
        .map(|f| dir.join(&f.file_name))
        .filter(|path| exists(path))
        .collect()
}

/// Templates that only an overwritten file declares and the import does not write again (a
/// language left out by `--language`, say), as `name (language) (file:line)`, sorted.
pub fn would_lose(
    declared: &HashMap<TemplateKey, Source>,
    files: &[TemplateFile],
    dir: &Path,
) -> Vec<String> {
    let mut lost: Vec<String> = declared
        .iter()
        .filter(|(key, source)| {
            files.iter().any(|f| {
                same_path(Path::new(&source.file), &dir.join(&f.file_name))
                    && !(f.name == key.name && f.languages.contains(&key.language))
            })
        })
        .map(|(key, source)| format!("{key} ({source})"))
        .collect();
    lost.sort();
    lost
}

/// Whether `a` and `b` name the same file, relative paths taken from the working directory.
pub fn same_path(a: &Path, b: &Path) -> bool {
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => lexical(&a) == lexical(&b),
        _ => a == b,
    }
}

/// `path` with `.` and `..` resolved by name (symbolic links are not followed).
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, languages: &[&str]) -> TemplateFile {
        TemplateFile {
            name: name.into(),
            file_name: format!("{name}.yaml"),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            text: String::new(),
            media_urls: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            app_placeholders: Vec::new(),
        }
    }

    fn key(name: &str, language: &str) -> TemplateKey {
        TemplateKey {
            name: name.into(),
            language: language.into(),
        }
    }

    fn source(file: &str) -> Source {
        Source {
            file: file.into(),
            line: 1,
        }
    }

    #[test]
    fn only_existing_files_are_in_the_way() {
        let files = [file("a", &["en_US"]), file("b", &["en_US"])];
        let way = in_the_way(&files, Path::new("/t"), |p| p == Path::new("/t/b.yaml"));
        assert_eq!(way, vec![PathBuf::from("/t/b.yaml")]);
    }

    #[test]
    fn an_overwrite_that_drops_a_language_would_lose_it() {
        let declared = HashMap::from([
            (key("a", "en_US"), source("/t/a.yaml")),
            (key("a", "fr"), source("/t/a.yaml")),
            (key("b", "fr"), source("/elsewhere/b.yaml")),
        ]);
        let files = [file("a", &["en_US"]), file("b", &["fr"])];
        assert_eq!(
            would_lose(&declared, &files, Path::new("/t")),
            vec!["a (fr) (/t/a.yaml:1)".to_owned()]
        );
    }

    #[test]
    fn force_moves_only_templates_declared_in_the_rewritten_file() {
        let dir = Path::new("/t");
        assert!(stays_declared(&source("/t/a.yaml"), "a", dir, false));
        assert!(!stays_declared(&source("/t/./a.yaml"), "a", dir, true));
        assert!(stays_declared(&source("/other/a.yaml"), "a", dir, true));
    }
}
