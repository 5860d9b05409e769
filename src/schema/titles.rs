//! A title for each kind of a tagged union (`HEADER component`, `URL button`), so an editor
//! offers a new list item by its kind and titles a hover by the kind it is in, and a description
//! for the tag `type` itself.

use serde_json::{Value, json};

/// Every definition that is a `oneOf` of objects tagged by a constant `type`: each branch gets
/// the title `KIND noun` (the noun is the definition's name), and its `type` the branch's
/// description as the description of its one value.
pub fn name_tagged_kinds(root: &mut Value) {
    let Some(Value::Object(definitions)) = root.get_mut("definitions") else {
        return;
    };
    for (name, definition) in definitions.iter_mut() {
        let noun = name.to_lowercase();
        let Some(Value::Array(branches)) = definition.get_mut("oneOf") else {
            continue;
        };
        for branch in branches {
            let Some(kind) = branch
                .pointer("/properties/type/const")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            let about = branch
                .get("description")
                .and_then(Value::as_str)
                .map_or_else(|| format!("A {kind} {noun}."), str::to_owned);
            branch["title"] = json!(format!("{kind} {noun}"));
            branch["properties"]["type"] = json!({
                "description": format!("What this {noun} is (any case)."),
                "oneOf": [{ "type": "string", "const": kind, "description": about }],
            });
        }
    }
}
