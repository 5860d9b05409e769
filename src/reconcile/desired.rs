//! A template from the files, as the plan takes it.

use super::plan::Source;
use crate::template::model::Template;

/// A template from the files, with where it was declared.
#[derive(Debug, Clone)]
pub struct Desired {
    pub template: Template,
    pub source: Option<Source>,
    /// Meta's rules the file breaks (`rule: message`): such a template is never sent, so any
    /// create or edit it needs is blocked until the file is fixed. A template that already
    /// matches the account (a legacy one, say) stays in sync.
    pub errors: Vec<String>,
    /// The document's `languages` list, when it names several languages at once
    /// (AUTHENTICATION): creates and edits then go through `upsert_message_templates`.
    pub languages: Option<Vec<String>>,
}

impl From<Template> for Desired {
    fn from(template: Template) -> Self {
        Desired {
            template,
            source: None,
            errors: Vec::new(),
            languages: None,
        }
    }
}
