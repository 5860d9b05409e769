//! Deserializers that accept the loose shapes Meta's own examples use.

use serde::{Deserialize, Deserializer};

/// A string, or a number or boolean written without quotes (YAML reads `15550051310` as a number).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "invalid type: {}, expected a string",
            describe(&other)
        ))),
    }
}

pub fn option_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    string(d).map(Some)
}

/// A list of strings, or one string standing for a list of one.
pub fn option_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|item| string(item).map_err(serde::de::Error::custom))
            .collect::<Result<_, _>>()
            .map(Some),
        scalar => string(scalar)
            .map(|s| Some(vec![s]))
            .map_err(serde::de::Error::custom),
    }
}

/// `[[..]]` (Meta's canonical form), `[..]` (one row) or a plain string (one value).
pub fn option_rows<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Vec<String>>>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let rows = match value {
        serde_json::Value::Array(items)
            if items
                .iter()
                .all(|i| matches!(i, serde_json::Value::Array(_)))
                && !items.is_empty() =>
        {
            items
                .into_iter()
                .map(|row| option_strings(row).map(Option::unwrap_or_default))
                .collect::<Result<Vec<_>, _>>()
                .map_err(serde::de::Error::custom)?
        }
        other => vec![
            option_strings(other)
                .map_err(serde::de::Error::custom)?
                .unwrap_or_default(),
        ],
    };
    Ok(Some(rows))
}

/// An integer, or an integer written as a string (as Meta's TTL page does).
pub fn option_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) if n.is_i64() => Ok(n.as_i64()),
        serde_json::Value::String(s) if s.trim().parse::<i64>().is_ok() => {
            Ok(s.trim().parse().ok())
        }
        other => Err(serde::de::Error::custom(format!(
            "invalid type: {}, expected an integer",
            describe(&other)
        ))),
    }
}

fn describe(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(b) => format!("boolean `{b}`"),
        serde_json::Value::Number(n) => format!("number `{n}`"),
        serde_json::Value::String(s) => format!("string {s:?}"),
        serde_json::Value::Array(_) => "a list".into(),
        serde_json::Value::Object(_) => "a map".into(),
    }
}
