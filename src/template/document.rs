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
