//! The per-field comparison of two comparable templates: which leaf values differ, by path.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::plan::{FieldChange, FieldPath};
use crate::template::model::Template;

/// The fields that differ between two comparable templates, in document order.
pub fn field_changes(before: &Template, after: &Template) -> Vec<FieldChange> {
    let before = flatten(before);
    let after = flatten(after);
    let before_map: BTreeMap<&str, &Value> = before.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let after_map: BTreeMap<&str, &Value> = after.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut paths: Vec<&str> = after.iter().map(|(k, _)| k.as_str()).collect();
    paths.extend(
        before
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !after_map.contains_key(k)),
    );
    paths
        .into_iter()
        .filter_map(|path| {
            let old = before_map.get(path).copied();
            let new = after_map.get(path).copied();
            (old != new).then(|| FieldChange {
                path: FieldPath::from(path),
                text: FieldPath::from(path).is_text(),
                before: old.map(show),
                after: new.map(show),
            })
        })
        .collect()
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Leaf values by path; components keyed by type, other lists of maps by position, lists of
/// plain values (examples) kept whole.
fn flatten(template: &Template) -> Vec<(String, Value)> {
    let value = serde_json::to_value(template).expect("plain data");
    let mut out = Vec::new();
    walk(&value, String::new(), &mut out);
    out
}

fn walk(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if key == "components"
                    && let Value::Array(items) = child
                {
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for item in items {
                        let kind = item
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_owned();
                        let n = seen.entry(kind.clone()).or_default();
                        *n += 1;
                        let label = if *n == 1 { kind } else { format!("{kind}#{n}") };
                        walk(item, format!("{child_path}.{label}"), out);
                    }
                } else {
                    walk(child, child_path, out);
                }
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        leaf => out.push((path, leaf.clone())),
    }
}
