//! Where each value of a document stands, by path (`components[1].buttons[0].text`), and the
//! same paths into JSON values.

use std::sync::Arc;

use super::{Located, Node, Span};

/// Where each value of a document stands, looked up by path (`components[1].buttons[0].text`).
///
/// Paths are resolved on demand by walking the spanned tree: only documents with findings
/// pay for a lookup, and loading builds no index.
#[derive(Debug, Clone)]
pub struct PathIndex {
    root: Arc<Located<Node>>,
}

impl PathIndex {
    pub fn new(root: Located<Node>) -> Self {
        PathIndex {
            root: Arc::new(root),
        }
    }

    /// The span of the value at `path`, or of its closest existing ancestor.
    pub fn locate(&self, path: &str) -> Span {
        let (node, _) = self.walk(path);
        node.span
    }

    /// The span of the key that introduces the value at `path`, else of the value.
    pub fn locate_key(&self, path: &str) -> Span {
        match self.walk(path) {
            (_, Some(key)) => key.span,
            (node, None) => node.span,
        }
    }

    /// The deepest node along `path`, and the key of that node when the whole path was found
    /// and ends in a map key.
    fn walk(&self, path: &str) -> (&Located<Node>, Option<&Located<String>>) {
        let mut node: &Located<Node> = &self.root;
        let mut last_key = None;
        for step in steps(path) {
            let next = match (&node.value, step) {
                (Node::Map(entries), Segment::Key(name)) => entries
                    .iter()
                    .find(|(key, _)| key.value == name)
                    .map(|(key, value)| (value, Some(key))),
                (Node::Seq(items), Segment::Index(i)) => items.get(i).map(|item| (item, None)),
                _ => None,
            };
            match next {
                Some((child, key)) => {
                    node = child;
                    last_key = key;
                }
                None => return (node, None),
            }
        }
        (node, last_key)
    }
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

/// `a.b[2].c` → Key(a), Key(b), Index(2), Key(c).
fn steps(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.')
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let (key, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
            let key = (!key.is_empty()).then_some(Segment::Key(key));
            let indices = indices
                .split(['[', ']'])
                .filter(|s| !s.is_empty())
                .map(|i| Segment::Index(i.parse().unwrap_or(usize::MAX)));
            key.into_iter().chain(indices)
        })
}

/// The JSON value at a path such as `components[2].buttons[0]`.
pub fn json_at<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    steps(path).try_fold(root, |value, step| match step {
        Segment::Key(key) => value.get(key),
        Segment::Index(i) => value.get(i),
    })
}

/// The JSON value at a path, for changing it.
pub fn json_at_mut<'a>(
    root: &'a mut serde_json::Value,
    path: &str,
) -> Option<&'a mut serde_json::Value> {
    steps(path).try_fold(root, |value, step| match step {
        Segment::Key(key) => value.get_mut(key),
        Segment::Index(i) => value.get_mut(i),
    })
}

/// Joins a parent path and a map key the way paths are written in messages.
pub fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_documents, to_json};
    use super::*;

    #[test]
    fn every_value_and_key_is_located() {
        let yaml = "name: order_update\ncomponents:\n  - type: BODY\n    text: Hello {{1}}\n";
        let root = parse_documents(yaml).unwrap().remove(0);
        let json = to_json(&root);
        let index = PathIndex::new(root);
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
