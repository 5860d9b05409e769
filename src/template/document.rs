//! A template document as read: the typed template, its file, and where each value stands.

use std::sync::Arc;

use super::diagnostic::{Location, SourceFile};
use super::model::Template;
use super::tree::PathIndex;

/// One YAML document that parsed into a template.
#[derive(Debug, Clone)]
pub struct Document {
    pub template: Template,
    pub file: Arc<SourceFile>,
    /// Where each value of the document stands.
    pub paths: PathIndex,
    /// Set when the document lists `languages`: the whole list. It then stands for one
    /// template per language, and this one is `template.language`.
    pub languages: Option<Vec<String>>,
}

impl Document {
    /// The position of this template's language in the document's `languages` list, if any.
    pub fn language_index(&self) -> Option<usize> {
        self.languages
            .as_ref()?
            .iter()
            .position(|l| *l == self.template.language)
    }
}

impl Document {
    /// The location of the value at `path` (or of its closest ancestor).
    pub fn at(&self, path: &str) -> Location {
        Location {
            file: self.file.clone(),
            span: self.paths.locate(path),
        }
    }

    /// The location of the key that introduces `path`.
    pub fn key_at(&self, path: &str) -> Location {
        Location {
            file: self.file.clone(),
            span: self.paths.locate_key(path),
        }
    }
}
