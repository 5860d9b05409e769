//! A YAML document as a tree of values that each remember where they stand in the file.
//!
//! The typed model (`model.rs`) is deserialized from the JSON value this tree converts to;
//! the tree itself keeps a path → location index so that every later finding, from a type
//! error to a rule of Meta's, can point at `file:line:col`.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in a source file: 1-based line and column, byte offset and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub(crate) fn from_location(location: &serde_saphyr::Location) -> Self {
        let span = location.span();
        Span {
            line: location.line() as u32,
            column: location.column() as u32,
            offset: span.byte_offset().unwrap_or(0) as usize,
            len: span.byte_len().unwrap_or(0) as usize,
        }
    }
}

/// One YAML value with its children.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        i64::try_from(v)
            .map(Node::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// Where each value of a document stands, keyed by its path (`components[1].buttons[0].text`).
///
/// Keys are recorded too, under `path#key`, so that an unknown key can be underlined itself.
#[derive(Debug, Default, Clone)]
pub struct PathIndex {
    spans: HashMap<String, Span>,
}

impl PathIndex {
    /// The span of the value at `path`, or of its closest recorded ancestor.
    pub fn locate(&self, path: &str) -> Span {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return *span;
            }
            match path.rfind(['.', '[', '#']) {
                Some(cut) => path = &path[..cut],
                None => return self.spans.get("").copied().unwrap_or_default(),
            }
        }
    }

    /// The span of the key that introduces the value at `path`, else of the value.
    pub fn locate_key(&self, path: &str) -> Span {
        self.spans
            .get(&format!("{path}#key"))
            .copied()
            .unwrap_or_else(|| self.locate(path))
    }
}

/// Joins a parent path and a map key the way paths are written in messages.
pub fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Converts the tree to JSON while filling the path index.
pub fn to_json(root: &Spanned<Node>, index: &mut PathIndex) -> serde_json::Value {
    convert(root, "", index)
}

fn convert(node: &Spanned<Node>, path: &str, index: &mut PathIndex) -> serde_json::Value {
    use serde_json::Value;
    index
        .spans
        .insert(path.to_owned(), Span::from_location(&node.referenced));
    match &node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::from(*i),
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(s.clone()),
        Node::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, &format!("{path}[{i}]"), index))
                .collect(),
        ),
        Node::Map(entries) => {
            let mut object = serde_json::Map::new();
            for (key, value) in entries {
                let child = child_path(path, &key.value);
                index
                    .spans
                    .insert(format!("{child}#key"), Span::from_location(&key.referenced));
                object.insert(key.value.clone(), convert(value, &child, index));
            }
            Value::Object(object)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_and_key_is_located() {
        let yaml = "name: order_update\ncomponents:\n  - type: BODY\n    text: Hello {{1}}\n";
        let root: Spanned<Node> = serde_saphyr::from_str(yaml).unwrap();
        let mut index = PathIndex::default();
        let json = to_json(&root, &mut index);
        assert_eq!(json["components"][0]["text"], "Hello {{1}}");
        let text = index.locate("components[0].text");
        assert_eq!((text.line, text.column), (4, 11));
        assert_eq!(&yaml[text.offset..text.offset + text.len], "Hello {{1}}");
        let key = index.locate_key("components[0].type");
        assert_eq!((key.line, key.column), (3, 5));
        // An unknown path falls back to its closest ancestor.
        assert_eq!(index.locate("components[0].nope").line, 3);
    }
}
