//! The account's WhatsApp Flows, modelled only as far as templates need them: a FLOW button
//! names a Flow by `flow_id` or `flow_name` (or brings its JSON in `flow_json`), and Meta
//! refuses a Flow the account does not have. The sandbox account holds two published Flows,
//! the ones the examples name.

use serde_json::{Map, Value};

use super::errors::{self, ErrorReply};

/// (id, name) of each Flow the account holds.
pub const FLOWS: [(&str, &str); 2] = [
    ("1234567890123456", "tasting_survey"),
    ("1234567890123457", "cupping_booking_v2"),
];

/// A FLOW button's reference to a Flow: known, or brought inline.
pub fn check_reference(index: usize, button: &Map<String, Value>) -> Result<(), ErrorReply> {
    let text = |key: &str| match button.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (id, name, inline) = (text("flow_id"), text("flow_name"), button.get("flow_json"));
    let given = [id.is_some(), name.is_some(), inline.is_some()]
        .iter()
        .filter(|g| **g)
        .count();
    if given != 1 {
        return Err(errors::invalid_parameter(
            "Invalid Flow button",
            format!(
                "buttons[{index}] must name its Flow with exactly one of flow_id, flow_name or \
                 flow_json."
            ),
        ));
    }
    let known = match (&id, &name) {
        (Some(id), _) => FLOWS.iter().any(|(known, _)| known == id),
        (_, Some(name)) => FLOWS.iter().any(|(_, known)| known == name),
        _ => true,
    };
    if known {
        return Ok(());
    }
    let which = id
        .map(|id| format!("flow_id {id}"))
        .or_else(|| name.map(|name| format!("flow_name {name}")))
        .unwrap_or_default();
    Err(errors::invalid_parameter(
        "Flow not found",
        format!("buttons[{index}]: this account has no Flow with {which}."),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(button: Value) -> Result<(), ErrorReply> {
        check_reference(0, button.as_object().unwrap())
    }

    #[test]
    fn a_flow_is_named_once_and_must_exist() {
        check(json!({"type": "FLOW", "flow_id": "1234567890123456"})).unwrap();
        check(json!({"type": "FLOW", "flow_id": 1234567890123457_u64})).unwrap();
        check(json!({"type": "FLOW", "flow_name": "cupping_booking_v2"})).unwrap();
        check(json!({"type": "FLOW", "flow_json": "{\"version\": \"6.0\"}"})).unwrap();
        for refused in [
            json!({"type": "FLOW", "flow_id": "999"}),
            json!({"type": "FLOW", "flow_name": "{{Flow-Name}}"}),
            json!({"type": "FLOW"}),
            json!({"type": "FLOW", "flow_id": "1234567890123456", "flow_name": "tasting_survey"}),
        ] {
            assert_eq!(check(refused.clone()).unwrap_err().code, 100, "{refused}");
        }
    }
}
