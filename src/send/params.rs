//! The values of a send: one tree, read from a parameters file (`--params FILE`, YAML or JSON)
//! and from `-p KEY=VALUE` flags, which map onto the same paths and win over the file.
//!
//! Shape (every part optional; see "Send a test message" in docs/commands.md):
//!
//! ```yaml
//! header: {1: ..., first_name: ..., image: ID_OR_LINK, location: "LAT,LONG,NAME,ADDRESS"}
//! body: {1: Ana, first_name: Ana}
//! buttons: {0: URL_SUFFIX_OR_COUPON_OR_PAYLOAD, 2: {ttl_minutes: 100, payload: x}}
//! product: {catalog_id: ..., product_retailer_id: ...}
//! thumbnail: PRODUCT_RETAILER_ID
//! sections: [{title: ..., product_items: [ID, ...]}]
//! offer: {expiration: UNIX_MS}
//! cards: [{header: {image: ...}, product: {...}, body: {1: ...}, buttons: {0: ...}}]
//! tap_target: {url: ..., title: ...}
//! ```

use crate::input_file::{self, PARAMS_FILE_LIMIT};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::template::tree::{self, PathIndex};

/// Keys that stand at the top of the tree; any other key without a dot is a body variable.
const TOP_LEVEL: [&str; 4] = ["sections", "thumbnail", "product", "tap_target"];

/// Keys whose `-p` value is read as JSON (a list or a map).
const JSON_VALUED: [&str; 2] = ["sections", "flow_action_data"];

/// The values of one send.
#[derive(Debug, Default)]
pub struct Params {
    tree: Map<String, Value>,
    file: Option<(PathBuf, PathIndex)>,
    flags: BTreeSet<String>,
}

/// A parameters file that cannot be used, or a malformed `-p`.
#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
    #[error("cannot read the parameters file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("-p {key}: {message}")]
    Flag { key: String, message: String },
}

impl Params {
    /// Reads a parameters file (YAML or JSON, one document holding a map): a regular file of
    /// at most [`PARAMS_FILE_LIMIT`] bytes, through the one bounded reader.
    pub fn from_file(path: &Path) -> Result<Params, ParamsError> {
        let text =
            input_file::read_text(path, PARAMS_FILE_LIMIT).map_err(|source| ParamsError::Read {
                path: path.to_owned(),
                source,
            })?;
        let invalid = |line, column, message: String| ParamsError::Invalid {
            path: path.to_owned(),
            line,
            column,
            message,
        };
        let mut documents = tree::parse_documents(&text)
            .map_err(|err| invalid(err.span.line, err.span.column, err.message))?;
        if documents.len() > 1 {
            let span = documents[1].span;
            return Err(invalid(
                span.line,
                span.column,
                "one document expected: the parameters of one send".into(),
            ));
        }
        let Some(root) = documents.pop() else {
            return Ok(Params::default());
        };
        let Value::Object(map) = tree::to_json(&root) else {
            return Err(invalid(
                root.span.line,
                root.span.column,
                "expected a map such as `body: {first_name: Ana}`".into(),
            ));
        };
        Ok(Params {
            tree: map,
            file: Some((path.to_owned(), PathIndex::new(root))),
            flags: BTreeSet::new(),
        })
    }

    /// Adds `-p KEY=VALUE` (see [`canonical_key`]); it wins over the file.
    pub fn set_flag(&mut self, key: &str, value: &str) -> Result<(), ParamsError> {
        let flag_error = |message: String| ParamsError::Flag {
            key: key.to_owned(),
            message,
        };
        let path = canonical_key(key);
        let last = path.rsplit(['.', ']']).next().unwrap_or_default();
        let value = if JSON_VALUED.contains(&last) {
            serde_json::from_str(value)
                .map_err(|err| flag_error(format!("expected JSON ({err})")))?
        } else {
            Value::String(value.to_owned())
        };
        set(&mut self.tree, &path, value).map_err(flag_error)?;
        self.flags.insert(path);
        Ok(())
    }

    /// The value at a canonical key (`body.first_name`, `cards[0].header.image`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        let mut steps = key.splitn(2, ['.', '[']);
        let first = steps.next()?;
        let root = self.tree.get(first)?;
        match key.get(first.len()..) {
            Some("") | None => Some(root),
            Some(rest) => tree::json_at(root, rest.strip_prefix('.').unwrap_or(rest)),
        }
    }

    /// ` (FILE:LINE:COL)` for a value read from the file, ` (-p)` for a flag.
    pub fn origin(&self, key: &str) -> String {
        if self.flags.contains(key) {
            return " (-p)".into();
        }
        match &self.file {
            Some((path, index)) => {
                let span = index.locate_key(key);
                format!(" ({}:{}:{})", path.display(), span.line, span.column)
            }
            None => String::new(),
        }
    }

    /// Every value given, as canonical keys of leaves (scalars, and empty lists or maps).
    pub fn leaves(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (key, value) in &self.tree {
            walk(value, key.clone(), &mut out);
        }
        out
    }
}

fn walk(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                walk(child, format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{path}[{i}]"), out);
            }
        }
        _ => out.push(path),
    }
}

/// The tree path of a `-p` key: `1` and `first_name` are body variables (`body.1`); `button.N`
/// is `buttons.N`; `card.N.` / `cards.N.` is `cards[N].`; other keys are paths as written.
pub fn canonical_key(key: &str) -> String {
    let key = key.trim();
    let (card, rest) = match split_card(key) {
        Some((card, rest)) => (Some(card), rest),
        None => (None, key),
    };
    let rest = if let Some(after) = rest.strip_prefix("button.") {
        format!("buttons.{after}")
    } else if !rest.contains('.') && !TOP_LEVEL.contains(&rest) {
        format!("body.{rest}")
    } else {
        rest.to_owned()
    };
    match card {
        Some(card) => format!("cards[{card}].{rest}"),
        None => rest,
    }
}

/// `card.2.rest`, `cards.2.rest` or `cards[2].rest` → (2, rest).
fn split_card(key: &str) -> Option<(usize, &str)> {
    let after = key
        .strip_prefix("cards.")
        .or_else(|| key.strip_prefix("card."))
        .or_else(|| key.strip_prefix("cards["))?;
    let end = after.find(['.', ']'])?;
    let card = after[..end].parse().ok()?;
    let rest = after[end..].trim_start_matches(']').trim_start_matches('.');
    Some((card, rest))
}

/// Sets `value` at a canonical path, creating maps (and the `cards` list) on the way.
fn set(tree: &mut Map<String, Value>, path: &str, value: Value) -> Result<(), String> {
    let (head, rest) = match path.find(['.', '[']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    if rest.is_empty() {
        tree.insert(head.to_owned(), value);
        return Ok(());
    }
    let slot = tree.entry(head.to_owned()).or_insert(Value::Null);
    set_in(slot, rest, value)
}

fn set_in(slot: &mut Value, rest: &str, value: Value) -> Result<(), String> {
    if let Some(after) = rest.strip_prefix('[') {
        let end = after.find(']').ok_or("unclosed `[`")?;
        let index: usize = after[..end].parse().map_err(|_| "not an index")?;
        if index >= 10 {
            return Err("a carousel has at most 10 cards (0 to 9)".into());
        }
        if slot.is_null() {
            *slot = Value::Array(Vec::new());
        }
        let items = slot.as_array_mut().ok_or("not a list")?;
        while items.len() <= index {
            items.push(Value::Object(Map::new()));
        }
        return set_in(&mut items[index], &after[end + 1..], value);
    }
    let Some(after) = rest.strip_prefix('.') else {
        *slot = value;
        return Ok(());
    };
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    let map = slot
        .as_object_mut()
        .ok_or("already given as a single value")?;
    set(map, after, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_keys_map_onto_the_file_shape() {
        assert_eq!(canonical_key("1"), "body.1");
        assert_eq!(canonical_key("first_name"), "body.first_name");
        assert_eq!(canonical_key("body.first_name"), "body.first_name");
        assert_eq!(canonical_key("header.image"), "header.image");
        assert_eq!(canonical_key("button.1"), "buttons.1");
        assert_eq!(
            canonical_key("button.0.ttl_minutes"),
            "buttons.0.ttl_minutes"
        );
        assert_eq!(canonical_key("sections"), "sections");
        assert_eq!(
            canonical_key("card.2.header.image"),
            "cards[2].header.image"
        );
        assert_eq!(canonical_key("cards[1].button.0"), "cards[1].buttons.0");
        assert_eq!(canonical_key("cards.0.body.1"), "cards[0].body.1");
        assert_eq!(canonical_key("product.catalog_id"), "product.catalog_id");
    }

    #[test]
    fn flags_and_file_values_are_found_at_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.yaml");
        std::fs::write(
            &file,
            "body:\n  1: Ana\ncards:\n  - header: {image: '111'}\n  - header: {image: '222'}\n",
        )
        .unwrap();
        let mut params = Params::from_file(&file).unwrap();
        params.set_flag("card.1.button.0", "x").unwrap();
        params
            .set_flag("sections", r#"[{"title": "A", "product_items": ["p"]}]"#)
            .unwrap();
        assert_eq!(params.get("body.1"), Some(&Value::from("Ana")));
        assert_eq!(
            params.get("cards[1].header.image"),
            Some(&Value::from("222"))
        );
        assert_eq!(params.get("cards[1].buttons.0"), Some(&Value::from("x")));
        assert!(params.get("sections").unwrap().is_array());
        assert!(params.origin("cards[0].header.image").contains("p.yaml:4:"));
        assert_eq!(params.origin("cards[1].buttons.0"), " (-p)");
        let leaves = params.leaves();
        assert!(
            leaves.contains(&"sections[0].product_items[0]".to_owned()),
            "{leaves:?}"
        );
    }

    #[test]
    fn oversized_and_malformed_files_are_refused_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, "a".repeat(PARAMS_FILE_LIMIT as usize + 1)).unwrap();
        let err = Params::from_file(&big).unwrap_err().to_string();
        assert!(err.contains("above the limit of 1,048,576 bytes"), "{err}");
        let bad = dir.path().join("bad.yaml");
        std::fs::write(&bad, "body:\n  1: [unclosed\n").unwrap();
        let err = Params::from_file(&bad).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:", bad.display())), "{err}");
        let list = dir.path().join("list.yaml");
        std::fs::write(&list, "- a\n").unwrap();
        assert!(
            Params::from_file(&list)
                .unwrap_err()
                .to_string()
                .contains(":1:1: expected a map")
        );
    }
}
