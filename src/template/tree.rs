//! A YAML document as a tree of values that each remember where they stand in the file.
//!
//! The typed model (`model.rs`) is deserialized from the JSON value this tree converts to;
//! the tree itself keeps a path → location index so that every later finding, from a type
//! error to a rule of Meta's, can point at `file:line:col`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A position in a source file: 1-based line and column, byte offset and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
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

/// Why a file could not be read as YAML: what is wrong and where.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    /// Set when the text may be valid YAML but goes beyond one of the limits below: what
    /// to do about it.
    pub limit_help: Option<&'static str>,
}

impl SyntaxError {
    fn syntax(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            message: message.into(),
            span,
            limit_help: None,
        }
    }

    fn limit(message: impl Into<String>, span: Span, help: &'static str) -> Self {
        SyntaxError {
            message: message.into(),
            span,
            limit_help: Some(help),
        }
    }
}

/// How deeply collections may nest, aliases included. A template is about eight levels deep
/// (`components[].cards[].components[].buttons[].example[]`); the bound keeps every recursive
/// walk of the tree (conversion, deserialization, drop) far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// The nodes aliases may add to a file beyond those it writes out itself. Together with the
/// nodes written out (at most one per byte or two) this bounds the tree to about twice what
/// the file would take without aliases, so an "alias bomb" (nested anchors that each repeat
/// the previous one) stops with an error instead of expanding to billions of nodes.
pub const ALIAS_NODE_ALLOWANCE: usize = 10_000;

/// The bytes of text aliases may copy beyond the size of the file itself: a few nodes that
/// each repeat a long scalar would pass the node count but copy megabytes each time.
pub const ALIAS_BYTE_ALLOWANCE: usize = 1024 * 1024;

const ALIAS_HELP: &str = "write the repeated values out rather than through aliases of aliases";

const DEPTH_HELP: &str = "flatten the structure: a template nests about eight levels deep";

/// Parses every document of a YAML stream into located trees. Empty documents are skipped.
///
/// Built straight from the parser's events rather than through serde: serde's `Spanned`
/// wrapper costs more than the parse itself, and every value needs its span.
pub fn parse_documents(text: &str) -> Result<Vec<Located<Node>>, SyntaxError> {
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut builder = Builder {
        text_len: text.len(),
        ..Builder::default()
    };
    for event in granit_parser::Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|err| {
            let span = marker_span(err.marker(), err.marker());
            match err.kind() {
                granit_parser::ErrorKind::RecursionLimitExceeded => SyntaxError::limit(
                    format!("collections nest deeper than {MAX_DEPTH} levels"),
                    span,
                    DEPTH_HELP,
                ),
                _ => SyntaxError::syntax(err.info(), span),
            }
        })?;
        builder.event(event, marker_span(&span.start, &span.end))?;
    }
    Ok(builder.documents)
}

fn marker_span(start: &granit_parser::Marker, end: &granit_parser::Marker) -> Span {
    let offset = start.byte_offset().unwrap_or(0);
    Span {
        line: start.line() as u32,
        column: start.col() as u32 + 1,
        offset,
        len: end.byte_offset().unwrap_or(offset).saturating_sub(offset),
    }
}

/// How big a finished value is: its node count, the bytes of its scalars (keys included),
/// and how many levels it nests below itself.
#[derive(Clone, Copy, Default)]
struct Extent {
    nodes: usize,
    bytes: usize,
    height: usize,
}

impl Extent {
    const COLLECTION: Extent = Extent {
        nodes: 1,
        bytes: 0,
        height: 0,
    };

    fn scalar(text: &str) -> Extent {
        Extent {
            nodes: 1,
            bytes: text.len(),
            height: 0,
        }
    }

    /// Grows a collection's extent by one finished child.
    fn add_child(&mut self, child: Extent) {
        self.nodes += child.nodes;
        self.bytes += child.bytes;
        self.height = self.height.max(child.height + 1);
    }
}

/// An open collection while its children are being read.
enum Open {
    Seq {
        items: Located<Vec<Located<Node>>>,
        anchor: usize,
        extent: Extent,
    },
    Map {
        entries: Located<Entries>,
        anchor: usize,
        /// The key read, waiting for its value; with the slot of a merged entry it overrides.
        key: Option<(Located<String>, Option<usize>)>,
        /// Keys taken over by a merge (`<<`): an explicit key may override them.
        merged: HashSet<String>,
        extent: Extent,
    },
}

impl Open {
    fn extent_mut(&mut self) -> &mut Extent {
        match self {
            Open::Seq { extent, .. } | Open::Map { extent, .. } => extent,
        }
    }
}

/// A mapping's entries in file order, with a key index once the mapping grows large, so that
/// the duplicate check stays linear however many keys a mapping has.
#[derive(Default)]
struct Entries {
    list: Vec<(Located<String>, Located<Node>)>,
    index: Option<HashMap<String, usize>>,
}

/// Below this many keys a scan is faster than hashing.
const INDEX_FROM: usize = 16;

impl Entries {
    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.list.iter().position(|(k, _)| k.value == name),
        }
    }

    fn push(&mut self, key: Located<String>, value: Located<Node>) {
        if let Some(index) = &mut self.index {
            index.insert(key.value.clone(), self.list.len());
        } else if self.list.len() >= INDEX_FROM {
            let mut index: HashMap<String, usize> = self
                .list
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.value.clone(), i))
                .collect();
            index.insert(key.value.clone(), self.list.len());
            self.index = Some(index);
        }
        self.list.push((key, value));
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, (Located<Node>, Extent)>,
    documents: Vec<Located<Node>>,
    /// Nodes the file writes out, and nodes and bytes of text its aliases have added.
    written: usize,
    aliased: usize,
    aliased_bytes: usize,
    /// The size of the file: aliases may copy as much text again, and a little more.
    text_len: usize,
}

impl Builder {
    fn event(&mut self, event: granit_parser::Event<'_>, span: Span) -> Result<(), SyntaxError> {
        use granit_parser::Event;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.written += 1;
                let extent = Extent::scalar(&text);
                let node = Located {
                    value: scalar_node(&text, style, tag.as_deref()),
                    span,
                };
                self.remember(anchor, &node, extent);
                self.push(node, extent)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.written += 1;
                self.stack.push(Open::Seq {
                    items: Located {
                        value: Vec::new(),
                        span,
                    },
                    anchor,
                    extent: Extent::COLLECTION,
                });
                Ok(())
            }
            Event::MappingStart(_, anchor, _) => {
                self.written += 1;
                self.stack.push(Open::Map {
                    entries: Located {
                        value: Entries::default(),
                        span,
                    },
                    anchor,
                    key: None,
                    merged: HashSet::new(),
                    extent: Extent::COLLECTION,
                });
                Ok(())
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Open::Seq {
                    items,
                    anchor,
                    extent,
                }) => {
                    let node = Located {
                        value: Node::Seq(items.value),
                        span: items.span,
                    };
                    self.remember(anchor, &node, extent);
                    self.push(node, extent)
                }
                _ => Err(SyntaxError::syntax("unbalanced sequence", span)),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Open::Map {
                    entries,
                    anchor,
                    extent,
                    ..
                }) => {
                    let node = Located {
                        value: Node::Map(entries.value.list),
                        span: entries.span,
                    };
                    self.remember(anchor, &node, extent);
                    self.push(node, extent)
                }
                _ => Err(SyntaxError::syntax("unbalanced mapping", span)),
            },
            Event::Alias(id) => {
                let Some((node, extent)) = self.anchors.get(&id) else {
                    return Err(SyntaxError::syntax("unknown alias", span));
                };
                let extent = *extent;
                // Checked before copying anything: the copy is what could exhaust memory.
                self.aliased += extent.nodes;
                if self.aliased > ALIAS_NODE_ALLOWANCE + self.written {
                    return Err(SyntaxError::limit(
                        format!(
                            "aliases expand to more than {ALIAS_NODE_ALLOWANCE} values beyond \
                             the {} the file writes out",
                            self.written
                        ),
                        span,
                        ALIAS_HELP,
                    ));
                }
                self.aliased_bytes += extent.bytes;
                if self.aliased_bytes > ALIAS_BYTE_ALLOWANCE + self.text_len {
                    return Err(SyntaxError::limit(
                        format!(
                            "aliases copy more than {ALIAS_BYTE_ALLOWANCE} bytes of text beyond \
                             the {} bytes of the file",
                            self.text_len
                        ),
                        span,
                        ALIAS_HELP,
                    ));
                }
                if self.stack.len() + extent.height > MAX_DEPTH {
                    return Err(SyntaxError::limit(
                        format!("with this alias, collections nest deeper than {MAX_DEPTH} levels"),
                        span,
                        DEPTH_HELP,
                    ));
                }
                let node = Located {
                    value: node.value.clone(),
                    span,
                };
                self.push(node, extent)
            }
            Event::UnresolvedAlias(name) => Err(SyntaxError::syntax(
                format!("unknown alias `*{name}`"),
                span,
            )),
            _ => Ok(()),
        }
    }

    fn remember(&mut self, anchor: usize, node: &Located<Node>, extent: Extent) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), extent));
        }
    }

    /// Places a finished node: as a document, a list item, a map key or a map value.
    fn push(&mut self, node: Located<Node>, extent: Extent) -> Result<(), SyntaxError> {
        if let Some(open) = self.stack.last_mut() {
            open.extent_mut().add_child(extent);
        }
        match self.stack.last_mut() {
            None => {
                if !matches!(node.value, Node::Null) {
                    self.documents.push(node);
                }
                Ok(())
            }
            Some(Open::Seq { items, .. }) => {
                items.value.push(node);
                Ok(())
            }
            Some(Open::Map {
                entries,
                key,
                merged,
                ..
            }) => match key.take() {
                None => {
                    let name = match node.value {
                        Node::Str(s) => s,
                        Node::Int(i) => i.to_string(),
                        Node::Bool(b) => b.to_string(),
                        Node::Float(f) => f.to_string(),
                        Node::Null => String::new(),
                        Node::Seq(_) | Node::Map(_) => {
                            return Err(SyntaxError::syntax(
                                "a mapping key must be a plain value",
                                node.span,
                            ));
                        }
                    };
                    let mut slot = None;
                    if merged.remove(&name) {
                        slot = entries.value.position(&name);
                    } else if name != "<<" && entries.value.position(&name).is_some() {
                        return Err(SyntaxError::syntax(
                            format!("duplicate key `{name}`"),
                            node.span,
                        ));
                    }
                    *key = Some((
                        Located {
                            value: name,
                            span: node.span,
                        },
                        slot,
                    ));
                    Ok(())
                }
                Some((key, _)) if key.value == "<<" => {
                    let before = entries.value.list.len();
                    merge(&mut entries.value, node);
                    merged.extend(
                        entries.value.list[before..]
                            .iter()
                            .map(|(k, _)| k.value.clone()),
                    );
                    Ok(())
                }
                // An explicit key overrides the merged entry in its place.
                Some((key, Some(slot))) => {
                    entries.value.list[slot] = (key, node);
                    Ok(())
                }
                Some((key, None)) => {
                    entries.value.push(key, node);
                    Ok(())
                }
            },
        }
    }
}

/// YAML merge keys (`<<: *defaults`): entries not already present are taken over.
fn merge(entries: &mut Entries, source: Located<Node>) {
    match source.value {
        Node::Map(more) => {
            for (key, value) in more {
                if entries.position(&key.value).is_none() {
                    entries.push(key, value);
                }
            }
        }
        Node::Seq(maps) => maps.into_iter().for_each(|m| merge(entries, m)),
        _ => {}
    }
}

/// Resolves a scalar by YAML 1.2's core schema. Quoted and block scalars, and numbers with a
/// leading zero (phone numbers, codes), stay strings.
fn scalar_node(
    text: &str,
    style: granit_parser::ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Node {
    if style != granit_parser::ScalarStyle::Plain
        || tag.is_some_and(|t| t.is_yaml_core_schema_tag("str"))
    {
        return Node::Str(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Node::Null,
        "true" | "True" | "TRUE" => return Node::Bool(true),
        "false" | "False" | "FALSE" => return Node::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Node::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Node::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Node::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return Node::Str(text.to_owned());
        }
        if let Ok(i) = text.parse::<i64>() {
            return Node::Int(i);
        }
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Node::Int(i);
    }
    if let Some(octal) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(octal, 8)
    {
        return Node::Int(i);
    }
    if looks_like_float(text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Node::Float(f);
    }
    Node::Str(text.to_owned())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, as YAML 1.2's core schema has it.
fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && digits(fraction)
        && !(whole.is_empty() && fraction.is_empty())
        && (mantissa.contains('.') || !whole.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

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
                (Node::Map(entries), Step::Key(name)) => entries
                    .iter()
                    .find(|(key, _)| key.value == name)
                    .map(|(key, value)| (value, Some(key))),
                (Node::Seq(items), Step::Index(i)) => items.get(i).map(|item| (item, None)),
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

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `a.b[2].c` → Key(a), Key(b), Index(2), Key(c).
fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.')
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let (key, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
            let key = (!key.is_empty()).then_some(Step::Key(key));
            let indices = indices
                .split(['[', ']'])
                .filter(|s| !s.is_empty())
                .map(|i| Step::Index(i.parse().unwrap_or(usize::MAX)));
            key.into_iter().chain(indices)
        })
}

/// The JSON value at a path such as `components[2].buttons[0]`.
pub fn json_at<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    steps(path).try_fold(root, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(i) => value.get(i),
    })
}

/// The JSON value at a path, for changing it.
pub fn json_at_mut<'a>(
    root: &'a mut serde_json::Value,
    path: &str,
) -> Option<&'a mut serde_json::Value> {
    steps(path).try_fold(root, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(i) => value.get_mut(i),
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

#[cfg(test)]
mod tests {
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

    #[test]
    fn scalars_resolve_by_the_yaml_1_2_core_schema() {
        let yaml = "a: 15550051310\nb: '42'\nc: 007\nd: Yes\ne: true\nf: ~\ng: 1.5\nh: 1e3\ni: 0x1F\nj: 12:30\n";
        let root = parse_documents(yaml).unwrap().remove(0);
        let json = to_json(&root);
        assert_eq!(json["a"], 15550051310_i64);
        assert_eq!(json["b"], "42");
        assert_eq!(
            json["c"], "007",
            "a leading zero keeps a code or number as text"
        );
        assert_eq!(json["d"], "Yes", "YAML 1.2: only true/false are booleans");
        assert_eq!(json["e"], true);
        assert!(json["f"].is_null());
        assert_eq!(json["g"], 1.5);
        assert_eq!(json["h"], 1000.0);
        assert_eq!(json["i"], 31);
        assert_eq!(json["j"], "12:30");
    }

    #[test]
    fn anchors_aliases_and_merge_keys_are_resolved() {
        let yaml =
            "base: &b {text: Stop, type: QUICK_REPLY}\nitem: *b\nmerged:\n  <<: *b\n  text: Go\n";
        let json = to_json(&parse_documents(yaml).unwrap().remove(0));
        assert_eq!(json["item"]["text"], "Stop");
        assert_eq!(json["merged"]["text"], "Go");
        assert_eq!(json["merged"]["type"], "QUICK_REPLY");
    }

    #[test]
    fn duplicate_keys_and_bad_syntax_are_located_errors() {
        let err = parse_documents("name: a\nlanguage: en\nname: b\n").unwrap_err();
        assert!(err.message.contains("duplicate key `name`"));
        assert_eq!((err.span.line, err.span.column), (3, 1));
        let err = parse_documents("name: [a\nlanguage: en\n").unwrap_err();
        assert!(err.span.line >= 1 && !err.message.is_empty());
    }

    #[test]
    fn large_mappings_find_duplicates_and_merge_overrides_in_place() {
        let keys: String = (0..40).map(|i| format!("  k{i}: {i}\n")).collect();
        let yaml = format!("base: &b\n{keys}item:\n  <<: *b\n  k30: thirty\n  extra: 1\n");
        let json = to_json(&parse_documents(&yaml).unwrap().remove(0));
        let item = json["item"].as_object().unwrap();
        assert_eq!(item.len(), 41);
        assert_eq!(item["k30"], "thirty");
        assert_eq!(
            item.keys().nth(30).unwrap(),
            "k30",
            "the override keeps its place"
        );
        let err =
            parse_documents(&format!("{keys}  k25: again\n").replace("  k", "k")).unwrap_err();
        assert_eq!(err.message, "duplicate key `k25`");
        assert_eq!((err.span.line, err.span.column), (41, 1));
    }

    #[test]
    fn alias_expansion_and_nesting_are_bounded() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..8 {
            let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
            bomb.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let err = parse_documents(&bomb).unwrap_err();
        assert!(err.limit_help.is_some());
        assert_eq!((err.span.line, err.span.column), (5, 10));
        let err = parse_documents(&"[".repeat(100_000)).unwrap_err();
        assert!(err.limit_help.is_some() && err.message.contains("64 levels"));
        // Few values, but each a long text: bounded by bytes as well as by values.
        let mut long = format!("a0: &a0 [{}]\n", "x".repeat(40_000));
        for level in 1..8 {
            let aliases = vec![format!("*a{}", level - 1); 4].join(", ");
            long.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let err = parse_documents(&long).unwrap_err();
        assert!(err.message.contains("bytes of text"), "{}", err.message);
        assert_eq!((err.span.line, err.span.column), (4, 10));
        // Reuse well within the allowance is fine.
        let reuse = "b: &b {type: QUICK_REPLY, text: Stop}\nlist: [*b, *b, *b, *b]\n";
        assert_eq!(
            to_json(&parse_documents(reuse).unwrap().remove(0))["list"][3]["text"],
            "Stop"
        );
    }

    #[test]
    fn several_documents_and_empty_ones() {
        let docs = parse_documents("---\na: 1\n---\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].span.line, 5);
    }
}
