//! `POST /{WABA_ID}/upsert_message_templates`: one AUTHENTICATION template in several
//! languages at once. Each language that does not exist is created and each that does is
//! edited, under the same rules as a create or an edit; the answer is
//! `{"data": [{"id", "status", "language"}]}` in the order of `languages` (templates-api.md
//! §2.6). All or nothing: when one language is refused, none is written.

use serde_json::{Map, Value, json};

use super::errors::{self, ErrorReply};
use super::state::AccountState;
use super::template_writes::{self, Policy};

pub fn upsert(
    state: &mut AccountState,
    body: &Value,
    policy: &Policy,
) -> Result<Value, ErrorReply> {
    let Some(body) = body.as_object() else {
        return Err(errors::invalid_parameter(
            "Invalid request",
            "The request body must be a JSON object.",
        ));
    };
    let languages = languages(body)?;
    let category = body.get("category").and_then(Value::as_str).unwrap_or("");
    if !category.eq_ignore_ascii_case("AUTHENTICATION") {
        return Err(errors::invalid_parameter(
            "Invalid category",
            "upsert_message_templates takes AUTHENTICATION templates only.",
        ));
    }
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| errors::missing_parameter("name"))?;
    unsupported_button_fields(body)?;
    let before = state.clone();
    let mut data = Vec::new();
    for language in &languages {
        let written = match state.find_by_identity(name, language) {
            Some(existing) => {
                let id = existing.id().to_owned();
                template_writes::edit(state, &id, &Value::Object(edit_body(body)), policy)
                    .map(|_| id)
            }
            None => template_writes::create(state, &Value::Object(one(body, language)), policy)
                .map(|created| created["id"].as_str().unwrap_or_default().to_owned()),
        };
        let id = match written {
            Ok(id) => id,
            Err(err) => {
                *state = before;
                return Err(err);
            }
        };
        let status = state
            .find_by_identity(name, language)
            .map(|t| t.status().as_str().to_owned())
            .unwrap_or_default();
        data.push(json!({"id": id, "status": status, "language": language}));
    }
    Ok(json!({ "data": data }))
}

fn languages(body: &Map<String, Value>) -> Result<Vec<String>, ErrorReply> {
    let list = body
        .get("languages")
        .ok_or_else(|| errors::missing_parameter("languages"))?;
    let languages: Option<Vec<String>> = list.as_array().map(|items| {
        items
            .iter()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect()
    });
    match languages {
        Some(languages)
            if !languages.is_empty() && languages.len() == list.as_array().map_or(0, Vec::len) =>
        {
            Ok(languages)
        }
        _ => Err(errors::invalid_parameter(
            "Invalid languages",
            "languages must be a non-empty list of language codes.",
        )),
    }
}

/// The create body of one language.
fn one(body: &Map<String, Value>, language: &str) -> Map<String, Value> {
    let mut one: Map<String, Value> = body
        .iter()
        .filter(|(k, _)| *k != "languages")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    one.insert("language".into(), json!(language));
    one
}

/// The edit body of an existing language: what an edit may change.
fn edit_body(body: &Map<String, Value>) -> Map<String, Value> {
    ["components", "message_send_ttl_seconds"]
        .iter()
        .filter_map(|k| body.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect()
}

/// Meta's Bulk management page: "The `text` property is not supported. The `autofill_text`
/// property is not supported."
fn unsupported_button_fields(body: &serde_json::Map<String, Value>) -> Result<(), ErrorReply> {
    let buttons = body
        .get("components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("buttons").and_then(Value::as_array))
        .flatten();
    for button in buttons {
        for key in ["text", "autofill_text"] {
            if button.get(key).is_some() {
                return Err(errors::invalid_parameter(
                    "Invalid parameter",
                    format!("The {key} property is not supported by upsert_message_templates."),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::review::ReviewRules;

    fn policy() -> Policy {
        Policy {
            waba_id: "1".into(),
            create_quota_per_hour: 0,
            calls_per_hour: 0,
            template_limit: 100,
            review: ReviewRules::default(),
            assume: Default::default(),
        }
    }

    fn body(languages: Value) -> Value {
        json!({"name": "code", "languages": languages, "category": "AUTHENTICATION",
            "components": [{"type": "BODY", "add_security_recommendation": true},
                {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]}]})
    }

    #[test]
    fn creates_then_updates_each_language() {
        let mut state = AccountState::default();
        let answer = upsert(&mut state, &body(json!(["en_US", "fr"])), &policy()).unwrap();
        let data = answer["data"].as_array().unwrap();
        assert_eq!(data.len(), 2);
        assert_eq!(data[1]["language"], "fr");
        assert_eq!(state.templates.len(), 2);
        // Review decides the new templates (at once here) before they can be edited.
        crate::sandbox::review::run_due(&mut state, &policy().review);
        let again = upsert(&mut state, &body(json!(["fr", "es_ES"])), &policy()).unwrap();
        assert_eq!(again["data"][0]["id"], data[1]["id"]);
        assert_eq!(state.templates.len(), 3);
    }

    #[test]
    fn refuses_other_categories_and_writes_nothing_on_a_refusal() {
        let mut state = AccountState::default();
        let mut marketing = body(json!(["en_US"]));
        marketing["category"] = json!("MARKETING");
        assert_eq!(
            upsert(&mut state, &marketing, &policy()).unwrap_err().code,
            100
        );
        let bad = upsert(&mut state, &body(json!(["en_US", "xx"])), &policy());
        assert!(bad.is_err());
        assert!(state.templates.is_empty());
        assert!(upsert(&mut state, &body(json!([])), &policy()).is_err());
        // Meta's Bulk management page: no `text`, no `autofill_text`.
        for key in ["text", "autofill_text"] {
            let mut labelled = body(json!(["en_US"]));
            labelled["components"][1]["buttons"][0][key] = json!("Copy code");
            assert_eq!(
                upsert(&mut state, &labelled, &policy()).unwrap_err().code,
                100
            );
        }
        assert!(state.templates.is_empty());
    }
}
