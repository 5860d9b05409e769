//! Meta's Template Library as the sandbox models it: a few library templates, and how a create
//! body naming one (`library_template_name`, with `library_template_body_inputs` and
//! `library_template_button_inputs`) becomes a template whose components are the library's.
//! Meta lists such a template with the library's components and its `library_template_name`,
//! and does not echo the inputs (templates-api.md §2.3, §4.1). Works on raw JSON.
//!
//! `delivery_update_1` is the name Meta's Template Library page uses in its example; the other
//! names and all texts are the sandbox's own.

use serde_json::{Map, Value, json};

use super::errors::{self, ErrorReply};

/// A button of a library template; URL and phone buttons take their target from the inputs.
enum LibraryButton {
    Url(&'static str),
    PhoneNumber(&'static str),
    QuickReply(&'static str),
    /// Authentication: the one-time-password button (its kind comes from the inputs).
    Otp,
}

struct LibraryTemplate {
    name: &'static str,
    category: &'static str,
    /// Positional body text and one example per variable; authentication bodies have none.
    body: Option<(&'static str, &'static [&'static str])>,
    buttons: &'static [LibraryButton],
}

const LIBRARY: &[LibraryTemplate] = &[
    LibraryTemplate {
        name: "delivery_update_1",
        category: "UTILITY",
        body: Some((
            "Good news! Your order {{1}} is on its way and should arrive by {{2}}.",
            &["#4521", "Friday"],
        )),
        buttons: &[LibraryButton::Url("Track package")],
    },
    LibraryTemplate {
        name: "appointment_reminder_1",
        category: "UTILITY",
        body: Some((
            "Hello {{1}}, this is a reminder of your appointment on {{2}}. Reply if you need to change it.",
            &["Ana", "Monday at 10:00"],
        )),
        buttons: &[
            LibraryButton::PhoneNumber("Call us"),
            LibraryButton::QuickReply("Confirm"),
            LibraryButton::QuickReply("Reschedule"),
        ],
    },
    LibraryTemplate {
        name: "verify_code_1",
        category: "AUTHENTICATION",
        body: None,
        buttons: &[LibraryButton::Otp],
    },
];

/// The body a create with `library_template_name` stands for: the posted keys without the
/// inputs, and the library's components. `None` when the body names no library template.
pub fn expand(body: &Map<String, Value>) -> Result<Option<Map<String, Value>>, ErrorReply> {
    let Some(name) = body.get("library_template_name") else {
        return Ok(None);
    };
    let name = name.as_str().unwrap_or_default();
    let template = LIBRARY.iter().find(|t| t.name == name).ok_or_else(|| {
        let known: Vec<&str> = LIBRARY.iter().map(|t| t.name).collect();
        errors::invalid_parameter(
            "Invalid library template",
            format!(
                "{name} is not a template of the Template Library (this account knows {}).",
                known.join(", ")
            ),
        )
    })?;
    if body.contains_key("components") {
        return Err(errors::invalid_parameter(
            "Invalid parameter",
            "components cannot be given with library_template_name: the library supplies them.",
        ));
    }
    let category = body.get("category").and_then(Value::as_str).unwrap_or("");
    if !category.eq_ignore_ascii_case(template.category) {
        return Err(errors::invalid_parameter(
            "Invalid category",
            format!(
                "The library template {name} is {}; category {category} does not match.",
                template.category
            ),
        ));
    }
    let body_inputs = object_input(body, "library_template_body_inputs")?;
    let button_inputs = list_input(body, "library_template_button_inputs")?;
    let mut out: Map<String, Value> = body
        .iter()
        .filter(|(key, _)| !key.starts_with("library_template_") || *key == "library_template_name")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.insert(
        "components".into(),
        Value::Array(components(template, &body_inputs, &button_inputs)?),
    );
    Ok(Some(out))
}

fn components(
    template: &LibraryTemplate,
    body_inputs: &Map<String, Value>,
    button_inputs: &[Value],
) -> Result<Vec<Value>, ErrorReply> {
    let mut components = Vec::new();
    match template.body {
        Some((text, examples)) => components.push(json!({
            "type": "BODY", "text": text, "example": {"body_text": [examples]}
        })),
        None => {
            let security = body_inputs.get("add_security_recommendation").cloned();
            components.push(json!({
                "type": "BODY",
                "add_security_recommendation": security.unwrap_or(Value::Bool(false)),
            }));
            if let Some(minutes) = body_inputs.get("code_expiration_minutes") {
                components.push(json!({"type": "FOOTER", "code_expiration_minutes": minutes}));
            }
        }
    }
    let mut buttons = Vec::new();
    for button in template.buttons {
        buttons.push(match button {
            LibraryButton::QuickReply(text) => json!({"type": "QUICK_REPLY", "text": text}),
            LibraryButton::Url(text) => {
                let input = input_of(button_inputs, "URL", template.name)?;
                let url = input.get("url").and_then(Value::as_object);
                let base = url.and_then(|u| u.get("base_url")).and_then(Value::as_str);
                let Some(base) = base else {
                    return Err(errors::missing_parameter("url.base_url"));
                };
                let mut b = json!({"type": "URL", "text": text, "url": base});
                if base.contains("{{")
                    && let Some(example) = url.and_then(|u| u.get("url_suffix_example"))
                {
                    b["example"] = json!([example]);
                }
                b
            }
            LibraryButton::PhoneNumber(text) => {
                let input = input_of(button_inputs, "PHONE_NUMBER", template.name)?;
                let phone = input.get("phone_number").cloned();
                let phone = phone.ok_or_else(|| errors::missing_parameter("phone_number"))?;
                json!({"type": "PHONE_NUMBER", "text": text, "phone_number": phone})
            }
            LibraryButton::Otp => {
                let input = input_of(button_inputs, "OTP", template.name).ok();
                let mut b = json!({"type": "OTP", "otp_type": "COPY_CODE"});
                for key in ["otp_type", "supported_apps", "zero_tap_terms_accepted"] {
                    if let Some(value) = input.and_then(|i| i.get(key)) {
                        b[key] = value.clone();
                    }
                }
                b
            }
        });
    }
    components.push(json!({"type": "BUTTONS", "buttons": buttons}));
    Ok(components)
}

/// The button input of `kind`, which a library button with a target needs.
fn input_of<'a>(
    inputs: &'a [Value],
    kind: &str,
    library: &str,
) -> Result<&'a Map<String, Value>, ErrorReply> {
    inputs
        .iter()
        .filter_map(Value::as_object)
        .find(|i| {
            i.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        })
        .ok_or_else(|| {
            errors::invalid_parameter(
                "Missing library button input",
                format!(
                    "The library template {library} has a {kind} button: give its input in \
                     library_template_button_inputs."
                ),
            )
        })
}

/// A JSON value, or a JSON-encoded string of one (Graph accepts both in a JSON body).
fn decoded(body: &Map<String, Value>, key: &str) -> Result<Option<Value>, ErrorReply> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text).map(Some).map_err(|_| {
            errors::invalid_parameter("Invalid parameter", format!("{key} is not valid JSON."))
        }),
        Some(value) => Ok(Some(value.clone())),
    }
}

fn object_input(body: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, ErrorReply> {
    match decoded(body, key)? {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(errors::invalid_parameter(
            "Invalid parameter",
            format!("{key} must be an object."),
        )),
    }
}

fn list_input(body: &Map<String, Value>, key: &str) -> Result<Vec<Value>, ErrorReply> {
    match decoded(body, key)? {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(errors::invalid_parameter(
            "Invalid parameter",
            format!("{key} must be a list of button inputs."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_json(body: Value) -> Result<Option<Map<String, Value>>, ErrorReply> {
        expand(body.as_object().unwrap())
    }

    #[test]
    fn a_body_without_a_library_name_is_left_alone() {
        assert!(
            expand_json(json!({"name": "a", "components": []}))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn the_library_supplies_the_components_and_the_inputs_fill_the_buttons() {
        let out = expand_json(json!({
            "name": "my_delivery_update", "language": "en_US", "category": "utility",
            "library_template_name": "delivery_update_1",
            "library_template_button_inputs": [{"type": "url", "url": {
                "base_url": "https://example.com/track/{{1}}",
                "url_suffix_example": "https://example.com/track/A1"}}]
        }))
        .unwrap()
        .unwrap();
        assert_eq!(out["library_template_name"], "delivery_update_1");
        assert!(!out.contains_key("library_template_button_inputs"));
        let components = out["components"].as_array().unwrap();
        assert_eq!(components[0]["type"], "BODY");
        assert_eq!(
            components[1]["buttons"][0],
            json!({"type": "URL", "text": "Track package",
                "url": "https://example.com/track/{{1}}", "example": ["https://example.com/track/A1"]})
        );
    }

    #[test]
    fn authentication_takes_its_body_and_button_inputs() {
        let out = expand_json(json!({
            "name": "login", "language": "en", "category": "AUTHENTICATION",
            "library_template_name": "verify_code_1",
            "library_template_body_inputs": {"add_security_recommendation": true, "code_expiration_minutes": 10},
            "library_template_button_inputs": "[{\"type\": \"OTP\", \"otp_type\": \"ONE_TAP\", \"supported_apps\": [{\"package_name\": \"com.example\", \"signature_hash\": \"K8a/AINcGX7\"}]}]"
        }))
        .unwrap()
        .unwrap();
        let components = out["components"].as_array().unwrap();
        assert_eq!(components[0]["add_security_recommendation"], true);
        assert_eq!(components[1]["code_expiration_minutes"], 10);
        assert_eq!(components[2]["buttons"][0]["otp_type"], "ONE_TAP");
    }

    #[test]
    fn unknown_names_wrong_categories_and_missing_inputs_are_refused() {
        let base = |library: &str, category: &str| json!({"name": "x", "language": "en", "category": category, "library_template_name": library});
        for body in [
            base("no_such_template", "UTILITY"),
            base("delivery_update_1", "MARKETING"),
            base("delivery_update_1", "UTILITY"),
            base("appointment_reminder_1", "UTILITY"),
        ] {
            assert_eq!(expand_json(body).unwrap_err().code, 100);
        }
        let mut both = base("verify_code_1", "AUTHENTICATION");
        both["components"] = json!([]);
        assert_eq!(expand_json(both).unwrap_err().code, 100);
    }
}
