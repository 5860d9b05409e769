//! Where a field change sits in a template, as a value decisions can compare: the path as
//! shown (`components.BODY.text`) and the top-level field it belongs to.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A path such as `category`, `components.BODY.text` or `components.BUTTONS.buttons[1].url`
/// (components keyed by type; buttons and cards by position). Reads and writes as that text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldPath(String);

/// The top-level fields plan decisions depend on; every other field is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopField {
    Category,
    SubCategory,
    ParameterFormat,
    MessageSendTtlSeconds,
    Components,
    Other,
}

impl TopField {
    /// The field as the create body spells it (`None` for `Other`).
    pub fn key(self) -> Option<&'static str> {
        Some(match self {
            TopField::Category => "category",
            TopField::SubCategory => "sub_category",
            TopField::ParameterFormat => "parameter_format",
            TopField::MessageSendTtlSeconds => "message_send_ttl_seconds",
            TopField::Components => "components",
            TopField::Other => return None,
        })
    }
}

impl FieldPath {
    /// The path to a whole top-level field.
    pub fn of(field: TopField) -> FieldPath {
        FieldPath(field.key().unwrap_or_default().to_owned())
    }

    /// The top-level field the path starts with.
    pub fn top(&self) -> TopField {
        let first = self.0.split(['.', '[']).next().unwrap_or_default();
        [
            TopField::Category,
            TopField::SubCategory,
            TopField::ParameterFormat,
            TopField::MessageSendTtlSeconds,
            TopField::Components,
        ]
        .into_iter()
        .find(|field| field.key() == Some(first))
        .unwrap_or(TopField::Other)
    }

    /// Whether the path names the top-level field itself, not a part of it.
    pub fn is_whole(&self, field: TopField) -> bool {
        field.key() == Some(self.0.as_str())
    }

    /// The last segment is `text` (message text, worth a word-level diff).
    pub fn is_text(&self) -> bool {
        self.0 == "text" || self.0.ends_with(".text")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for FieldPath {
    fn from(path: String) -> Self {
        FieldPath(path)
    }
}

impl From<&str> for FieldPath {
    fn from(path: &str) -> Self {
        FieldPath(path.to_owned())
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_field_is_the_first_segment() {
        let top = |path: &str| FieldPath::from(path).top();
        assert_eq!(top("category"), TopField::Category);
        assert_eq!(top("sub_category"), TopField::SubCategory);
        assert_eq!(top("parameter_format"), TopField::ParameterFormat);
        assert_eq!(
            top("message_send_ttl_seconds"),
            TopField::MessageSendTtlSeconds
        );
        assert_eq!(top("components.BODY.text"), TopField::Components);
        assert_eq!(top("components[0]"), TopField::Components);
        assert_eq!(top("categoryx"), TopField::Other);
        assert_eq!(top("language"), TopField::Other);
        assert!(FieldPath::from("category").is_whole(TopField::Category));
        assert!(!FieldPath::from("components.BODY.text").is_whole(TopField::Components));
        assert!(FieldPath::from("components.BODY.text").is_text());
        assert!(!FieldPath::from("components.BODY.texts").is_text());
    }
}
