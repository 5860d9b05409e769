//! Turns a template as the account returns it into a template document in canonical form.
//!
//! `plan` compares with it and `import` writes it as YAML, so the result must be a document
//! that `validate` accepts wherever Meta's data allows. Meta's GET rewrites are undone by
//! [`normalize::canonical`]; keys the model does not know (Meta adds some over time) are
//! dropped and reported, and shapes that do not fit the model are an error naming the
//! template and the field, never a crash.

use serde::Deserialize;
use serde_json::Value;

use super::normalize;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::{
    Component, ParameterFormat, Template, canonicalize_enum_case, locate_error,
};
use crate::template::tree::json_at_mut;

/// A remote template that cannot be read as a document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("template {name} ({language}), id {id}: `{field}`: {message}")]
pub struct ConvertError {
    pub id: String,
    pub name: String,
    pub language: String,
    /// The field at fault, e.g. `components[2].buttons[0].otp_type`.
    pub field: String,
    pub message: String,
}

/// A converted template and the keys that were dropped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub template: Template,
    /// Paths of keys Meta returned that the document does not hold (e.g. `components[0].foo`).
    pub dropped: Vec<String>,
}

/// Converts a remote template into a canonical document.
pub fn to_document(remote: &RemoteTemplate) -> Result<Converted, ConvertError> {
    let fail = |field: &str, message: String| ConvertError {
        id: remote.id.clone(),
        name: remote.name.clone(),
        language: remote.language.clone(),
        field: field.to_owned(),
        message,
    };
    if remote.name.is_empty() {
        return Err(fail("name", "missing (list with `fields=name`)".into()));
    }
    if remote.language.is_empty() {
        return Err(fail(
            "language",
            "missing (list with `fields=language`)".into(),
        ));
    }
    let Some(category) = remote.category.as_deref().filter(|c| !c.is_empty()) else {
        return Err(fail(
            "category",
            "missing (list with `fields=category`)".into(),
        ));
    };
    let parameter_format = match remote.parameter_format.as_deref().map(str::to_uppercase) {
        None => None,
        Some(f) if f == "POSITIONAL" => Some(ParameterFormat::Positional),
        Some(f) if f == "NAMED" => Some(ParameterFormat::Named),
        Some(other) => {
            return Err(fail(
                "parameter_format",
                format!("unknown value `{other}` (expected POSITIONAL or NAMED)"),
            ));
        }
    };
    let mut components = Value::Array(remote.components.values());
    canonicalize_enum_case(&mut components);
    let (components, dropped) = read_components(components)
        .map_err(|(path, message)| fail(&format!("components{path}"), message))?;
    let template = Template {
        name: remote.name.clone(),
        language: remote.language.clone(),
        category: category.to_owned(),
        parameter_format,
        sub_category: remote.sub_category.clone(),
        message_send_ttl_seconds: remote.message_send_ttl_seconds,
        allow_category_change: None,
        cta_url_link_tracking_opted_out: remote.cta_url_link_tracking_opted_out,
        // The components are the truth; the library name only matters when creating.
        library_template_name: None,
        library_template_body_inputs: None,
        library_template_button_inputs: None,
        components,
    };
    Ok(Converted {
        template: normalize::canonical(&template),
        dropped: dropped
            .into_iter()
            .map(|path| format!("components{path}"))
            .collect(),
    })
}

/// Reads the component list, dropping unknown keys one at a time (each failure names the next).
/// Paths are relative to the list: `[1].buttons[0].text`.
#[allow(clippy::type_complexity)]
fn read_components(mut value: Value) -> Result<(Vec<Component>, Vec<String>), (String, String)> {
    // Nearly every copy reads as it is: where one does not is worked out only then.
    if let Ok(components) = Vec::<Component>::deserialize(&value) {
        return Ok((components, Vec::new()));
    }
    let mut dropped = Vec::new();
    // A bound, in case a key cannot be removed where the error says it is.
    for _ in 0..256 {
        match serde_path_to_error::deserialize::<_, Vec<Component>>(&value) {
            Ok(components) => return Ok((components, dropped)),
            Err(err) => {
                let (path, message) = locate_error(&value, err);
                match unknown_field(&message) {
                    Some(key) if remove_key(&mut value, &path, &key) => {
                        dropped.push(join(&path, &key));
                    }
                    _ => return Err((path, message)),
                }
            }
        }
    }
    Err((String::new(), "too many unknown keys".into()))
}

fn join(path: &str, key: &str) -> String {
    if path.ends_with(&format!(".{key}")) {
        path.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// "unknown field `x`, expected ..." → `x`.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// Removes `key` from the map at `path`, or from its parent when the path already ends at it.
fn remove_key(root: &mut Value, path: &str, key: &str) -> bool {
    let parent = match path.strip_suffix(key).and_then(|p| p.strip_suffix('.')) {
        Some(parent) => parent,
        None => path,
    };
    json_at_mut(root, parent)
        .and_then(Value::as_object_mut)
        .is_some_and(|map| map.remove(key).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::model::{Button, OtpType};

    fn remote(json: serde_json::Value) -> RemoteTemplate {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn unknown_keys_are_dropped_and_reported() {
        let converted = to_document(&remote(serde_json::json!({
            "id": "1", "name": "a", "language": "en", "category": "UTILITY",
            "components": [
                {"type": "BODY", "text": "Hi", "new_meta_key": 1},
                {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Yes", "id": "x"}]}
            ]
        })))
        .unwrap();
        assert_eq!(converted.template.components.len(), 2);
        assert_eq!(
            converted.dropped,
            vec!["components[0].new_meta_key", "components[1].buttons[0].id"]
        );
    }

    #[test]
    fn shapes_outside_the_model_name_the_template_and_field() {
        let err = to_document(&remote(serde_json::json!({
            "id": "9", "name": "odd", "language": "en_US", "category": "MARKETING",
            "components": [
                {"type": "BODY", "text": "Hi"},
                {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "TELEPATHY"}]}
            ]
        })))
        .unwrap_err();
        assert_eq!(err.name, "odd");
        assert!(err.field.starts_with("components[1].buttons[0]"), "{err}");
        assert!(err.to_string().contains("odd (en_US), id 9"), "{err}");
        let err = to_document(&remote(serde_json::json!({
            "id": "9", "name": "odd", "language": "en_US", "category": "MARKETING",
            "components": [{"type": "HOLOGRAM"}]
        })))
        .unwrap_err();
        assert!(err.field.starts_with("components[0]"), "{err}");
        assert!(err.message.contains("HOLOGRAM"), "{err}");
    }

    #[test]
    fn missing_identity_is_an_error() {
        // `GET ...?fields=name,category,status,id` (docs_get_fields_name_category_status_id).
        let err = to_document(&remote(serde_json::json!({
            "name": "reservation_confirmation", "category": "UTILITY",
            "status": "APPROVED", "id": "1387372356726668"
        })))
        .unwrap_err();
        assert_eq!(err.field, "language");
    }

    #[test]
    fn otp_type_comes_back_from_the_url() {
        let converted = to_document(&remote(serde_json::json!({
            "id": "1", "name": "otp", "language": "en_US", "category": "AUTHENTICATION",
            "components": [{"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Autofill",
                "url": "https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&code=otp{{1}}"}]}]
        })))
        .unwrap();
        let Component::Buttons(buttons) = &converted.template.components[0] else {
            panic!()
        };
        let Button::Otp(otp) = &buttons.buttons[0] else {
            panic!("{buttons:?}")
        };
        assert_eq!(otp.otp_type, OtpType::OneTap);
    }
}
