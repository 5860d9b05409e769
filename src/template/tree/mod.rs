//! A YAML document as a tree of values that each remember where they stand in the file.
//!
//! The typed model (`model`) is deserialized from the JSON value this tree converts to; the
//! tree itself answers path → location lookups (`path`) so that every later finding, from a
//! type error to a rule of Meta's, can point at `file:line:col`. `parse` builds it from the
//! YAML parser's events.

mod bounds;
mod entries;
mod parse;
mod path;
mod quote;
mod scalar;

pub use bounds::{ALIAS_BYTE_ALLOWANCE, ALIAS_NODE_ALLOWANCE, MAX_DEPTH};
pub use parse::parse_documents;
pub use path::{PathIndex, child_path, json_at, json_at_mut};
pub use quote::runaway_quote;

/// A position in a source file: 1-based line and column, byte offset and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

/// Why a file could not be read as YAML: what is wrong and where.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    /// Set when the text may be valid YAML but goes beyond one of the bounds (`bounds.rs`): what
    /// to do about it.
    pub limit_help: Option<&'static str>,
}

impl SyntaxError {
    pub(super) fn syntax(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            message: message.into(),
            span,
            limit_help: None,
        }
    }

    pub(super) fn limit(message: impl Into<String>, span: Span, help: &'static str) -> Self {
        SyntaxError {
            message: message.into(),
            span,
            limit_help: Some(help),
        }
    }
}

/// A value together with where it stands in its file.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// One YAML value with its children.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Located<Node>>),
    Map(Vec<(Located<String>, Located<Node>)>),
}

/// Converts the tree to JSON, the input of the typed model.
pub fn to_json(node: &Located<Node>) -> serde_json::Value {
    use serde_json::Value;
    match &node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::from(*i),
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(s.clone()),
        Node::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Node::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.value.clone(), to_json(value)))
                .collect(),
        ),
    }
}
