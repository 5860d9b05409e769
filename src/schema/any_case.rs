//! Enum values in any case, one spelling completed.
//!
//! Meta accepts enum values in any case and so does the loader (`model::case_of` names the keys),
//! so the editor must not flag `type: Footer`; yet completion should offer each value once, in
//! the spelling wabactl writes. Each such value set becomes `anyOf` two schemas: the canonical
//! `enum` with a description per value (what yaml-language-server completes and shows), and a
//! case-insensitive `pattern` (what makes any spelling valid).

use serde_json::{Map, Value, json};

use crate::template::model::{Case, case_of};

/// Rewrites every value set under a key the loader reads in any case, inline or by `$ref`.
pub fn accept_any_case(root: &mut Value) {
    let mut referenced = Vec::new();
    rewrite_properties(root, &mut referenced);
    let Some(Value::Object(definitions)) = root.get_mut("definitions") else {
        return;
    };
    for (name, case) in referenced {
        if let Some(definition) = definitions.get_mut(&name) {
            rewrite(definition, case);
        }
    }
}

/// Walks the schema; a property whose key is read in any case is rewritten in place, or its
/// definition noted when it is a `$ref` (possibly beside `null`, for an optional field).
fn rewrite_properties(value: &mut Value, referenced: &mut Vec<(String, Case)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (key, property) in properties.iter_mut() {
                    let Some(case) = case_of(key) else { continue };
                    match definition_of(property) {
                        Some(name) => referenced.push((name, case)),
                        None => rewrite(property, case),
                    }
                }
            }
            map.values_mut()
                .for_each(|child| rewrite_properties(child, referenced));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| rewrite_properties(child, referenced)),
        _ => {}
    }
}

fn definition_of(property: &Value) -> Option<String> {
    let reference = property.get("$ref").or_else(|| {
        ["anyOf", "allOf"]
            .iter()
            .filter_map(|key| property.get(key)?.as_array())
            .flatten()
            .find_map(|branch| branch.get("$ref"))
    })?;
    Some(
        reference
            .as_str()?
            .strip_prefix("#/definitions/")?
            .to_owned(),
    )
}

/// Replaces a value set (`const`, `enum`, or `oneOf` of documented constants) with the
/// canonical `enum` and a case-insensitive `pattern` for the other spellings; anything else is left as it is.
fn rewrite(schema: &mut Value, case: Case) {
    let Some(values) = values_of(schema) else {
        return;
    };
    let canonical: Vec<String> = values.iter().map(|(v, _)| case.apply(v)).collect();
    let about: Vec<String> = values.iter().map(|(_, about)| about.clone()).collect();
    // The pattern leaves out the canonical spellings, so that a value matches exactly one of
    // the two: an editor shows the hover of the one it matched, not both joined.
    let pattern = format!(
        "^(?!(?:{})$)(?:{})$",
        canonical.join("|"),
        canonical
            .iter()
            .map(|v| any_case_pattern(v))
            .collect::<Vec<_>>()
            .join("|")
    );
    let mut rewritten = Map::new();
    // The enum repeats the description, and the pattern has none: yaml-language-server joins
    // the hovers of all the `anyOf` branches when it cannot tell them apart.
    let description = schema
        .get("description")
        .cloned()
        .unwrap_or_else(|| json!(format!("One of {}.", canonical.join(", "))));
    rewritten.insert("description".into(), description.clone());
    rewritten.insert(
        "anyOf".into(),
        json!([
            {
                "type": "string",
                "description": description,
                "enum": canonical,
                "enumDescriptions": about,
                "markdownEnumDescriptions": about,
            },
            {
                "type": "string",
                "pattern": pattern,
                "patternErrorMessage": format!("Use one of {} (any case).", canonical.join(", ")),
            },
        ]),
    );
    *schema = Value::Object(rewritten);
}

/// The string values of a value set, each with its description (empty when it has none).
fn values_of(schema: &Value) -> Option<Vec<(String, String)>> {
    let about = |s: &Value| {
        s.get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if let Some(Value::String(constant)) = schema.get("const") {
        return Some(vec![(constant.clone(), about(schema))]);
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values
            .iter()
            .map(|v| Some((v.as_str()?.to_owned(), String::new())))
            .collect();
    }
    let branches = schema.get("oneOf")?.as_array()?;
    let mut all = Vec::new();
    for branch in branches {
        for (value, own) in values_of(branch)? {
            all.push((value, if own.is_empty() { about(branch) } else { own }));
        }
    }
    Some(all)
}

/// `Url` → `[Uu][Rr][Ll]`: every letter in either case, anything else as itself (escaped).
fn any_case_pattern(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c.is_ascii_alphanumeric() || c == '_' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_set_becomes_canonical_enum_and_pattern() {
        let mut schema = json!({ "oneOf": [
            { "type": "string", "const": "navigate", "description": "Go." },
            { "type": "string", "const": "data_exchange", "description": "Ask." },
        ]});
        rewrite(&mut schema, Case::Lower);
        assert_eq!(
            schema["anyOf"][0]["enum"],
            json!(["navigate", "data_exchange"])
        );
        assert_eq!(
            schema["anyOf"][0]["enumDescriptions"],
            json!(["Go.", "Ask."])
        );
        assert_eq!(
            schema["anyOf"][1]["pattern"],
            "^(?!(?:navigate|data_exchange)$)\
             (?:[Nn][Aa][Vv][Ii][Gg][Aa][Tt][Ee]|[Dd][Aa][Tt][Aa]_[Ee][Xx][Cc][Hh][Aa][Nn][Gg][Ee])$"
        );
    }

    #[test]
    fn a_plain_string_is_left_alone() {
        let mut schema = json!({ "type": "string", "description": "Free text." });
        rewrite(&mut schema, Case::Upper);
        assert_eq!(
            schema,
            json!({ "type": "string", "description": "Free text." })
        );
    }
}
