//! The sandbox's own checks on create and edit bodies, written from Meta's documentation and
//! independent of `template::rules`, so that each can catch the other's mistakes. Works on raw JSON.

use serde_json::{Map, Value};

use super::errors::{self, ErrorReply};

/// Meta's supported template languages (May 2026 list).
pub const LANGUAGES: &[&str] = &[
    "af", "sq", "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bn", "bn_IN",
    "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "prs_AF", "nl", "nl_BE", "en",
    "en_GB", "en_US", "en_AE", "en_AU", "en_CA", "en_GH", "en_IE", "en_IN", "en_JM", "en_MY",
    "en_NZ", "en_QA", "en_SG", "en_UG", "en_ZA", "et", "fil", "fi", "fr", "fr_BE", "fr_CA",
    "fr_CH", "fr_CI", "fr_MA", "ka", "de", "de_AT", "de_CH", "el", "gu", "ha", "he", "hi", "hu",
    "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml",
    "mr", "nb", "ps_AF", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "si_LK", "sk", "sl",
    "es", "es_AR", "es_CL", "es_CO", "es_CR", "es_DO", "es_EC", "es_HN", "es_MX", "es_PA", "es_PE",
    "es_ES", "es_UY", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu",
];

pub const CATEGORIES: &[&str] = &["MARKETING", "UTILITY", "AUTHENTICATION"];

const COMPONENT_TYPES: &[&str] = &[
    "HEADER",
    "BODY",
    "FOOTER",
    "BUTTONS",
    "CAROUSEL",
    "LIMITED_TIME_OFFER",
    "CALL_PERMISSION_REQUEST",
];
const HEADER_FORMATS: &[&str] = &[
    "TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION", "GIF", "PRODUCT",
];
const BUTTON_TYPES: &[&str] = &[
    "QUICK_REPLY",
    "URL",
    "PHONE_NUMBER",
    "COPY_CODE",
    "OTP",
    "FLOW",
    "CATALOG",
    "MPM",
    "SPM",
    "VOICE_CALL",
    "REQUEST_CONTACT_INFO",
    "APP",
];

/// The `{{...}}` placeholders of a text, in order (`"1"`, `"first_name"`, ...).
pub fn variables(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        found.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    found
}

fn str_field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

fn upper(map: &Map<String, Value>, key: &str) -> Option<String> {
    str_field(map, key).map(str::to_ascii_uppercase)
}

fn check_len(field: &str, text: &str, max: usize) -> Result<(), ErrorReply> {
    let len = text.chars().count();
    if len > max {
        return Err(errors::too_long(field, max, len));
    }
    Ok(())
}

/// Checks a create body (`POST /{WABA_ID}/message_templates`).
pub fn create_body(body: &Map<String, Value>) -> Result<(), ErrorReply> {
    let name = str_field(body, "name").ok_or_else(|| errors::missing_parameter("name"))?;
    name_rule(name)?;
    let language =
        str_field(body, "language").ok_or_else(|| errors::missing_parameter("language"))?;
    if !LANGUAGES.contains(&language) {
        return Err(errors::invalid_parameter(
            "Invalid language",
            format!("{language} is not a supported template language (e.g. en_US, pt_BR)."),
        ));
    }
    let category = category(body)?.ok_or_else(|| errors::missing_parameter("category"))?;
    parameter_format(body)?;
    ttl(body, &category)?;
    let components = match body.get("components") {
        Some(Value::Array(components)) => components,
        Some(_) => {
            return Err(errors::invalid_parameter(
                "Invalid components",
                "components must be an array of component objects.",
            ));
        }
        None => return Err(errors::missing_parameter("components")),
    };
    self::components(components, &category)
}

/// Checks the editable fields of an edit body (`POST /{TEMPLATE_ID}`), given the category the
/// template will have.
pub fn edit_body(body: &Map<String, Value>, category: &str) -> Result<(), ErrorReply> {
    parameter_format(body)?;
    ttl(body, category)?;
    match body.get("components") {
        Some(Value::Array(components)) => self::components(components, category),
        Some(_) => Err(errors::invalid_parameter(
            "Invalid components",
            "components must be an array of component objects.",
        )),
        None => Ok(()),
    }
}

fn name_rule(name: &str) -> Result<(), ErrorReply> {
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if name.is_empty() || !valid_chars {
        return Err(errors::invalid_parameter(
            "Invalid template name",
            format!(
                "The name {name:?} may contain only lowercase letters, digits and underscores."
            ),
        ));
    }
    check_len("name", name, 512)
}

/// The posted category, upper-cased, when present and valid.
pub fn category(body: &Map<String, Value>) -> Result<Option<String>, ErrorReply> {
    match body.get("category") {
        None => Ok(None),
        Some(Value::String(c)) if CATEGORIES.contains(&c.to_ascii_uppercase().as_str()) => {
            Ok(Some(c.to_ascii_uppercase()))
        }
        Some(other) => Err(errors::invalid_parameter(
            "Invalid category",
            format!("category {other} is not one of MARKETING, UTILITY, AUTHENTICATION."),
        )),
    }
}

fn parameter_format(body: &Map<String, Value>) -> Result<(), ErrorReply> {
    match body.get("parameter_format") {
        None => Ok(()),
        Some(Value::String(f))
            if matches!(f.to_ascii_uppercase().as_str(), "NAMED" | "POSITIONAL") =>
        {
            Ok(())
        }
        Some(other) => Err(errors::invalid_parameter(
            "Invalid parameter format",
            format!("parameter_format {other} is not NAMED or POSITIONAL."),
        )),
    }
}

fn ttl(body: &Map<String, Value>, category: &str) -> Result<(), ErrorReply> {
    let Some(value) = body.get("message_send_ttl_seconds") else {
        return Ok(());
    };
    let seconds = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let allowed = match (category, seconds) {
        ("AUTHENTICATION", Some(s)) => s == -1 || (30..=900).contains(&s),
        ("UTILITY", Some(s)) => s == -1 || (30..=43_200).contains(&s),
        ("MARKETING", Some(s)) => (43_200..=2_592_000).contains(&s),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(errors::invalid_parameter(
            "Invalid time-to-live",
            format!(
                "message_send_ttl_seconds {value} is outside the range allowed for {category} \
                 templates (authentication 30-900, utility 30-43200, marketing 43200-2592000; -1 \
                 for 30 days)."
            ),
        ))
    }
}

/// Structural checks on a components list.
pub fn components(components: &[Value], category: &str) -> Result<(), ErrorReply> {
    let auth = category == "AUTHENTICATION";
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for (index, component) in components.iter().enumerate() {
        let Value::Object(c) = component else {
            return Err(errors::invalid_parameter(
                "Invalid component",
                format!("components[{index}] must be an object."),
            ));
        };
        let kind = upper(c, "type").ok_or_else(|| errors::missing_parameter("type"))?;
        if !COMPONENT_TYPES.contains(&kind.as_str()) {
            return Err(errors::invalid_parameter(
                "Invalid component type",
                format!("components[{index}].type {kind} is not a template component type."),
            ));
        }
        *counts.entry(kind.clone()).or_default() += 1;
        match kind.as_str() {
            "HEADER" => header(c)?,
            "BODY" if !auth => {
                let text = str_field(c, "text").ok_or_else(|| errors::missing_parameter("text"))?;
                check_len("BODY text", text, 1024)?;
            }
            "FOOTER" if auth => {
                if let Some(minutes) = c.get("code_expiration_minutes") {
                    let ok = minutes.as_i64().is_some_and(|m| (1..=90).contains(&m));
                    if !ok {
                        return Err(errors::invalid_parameter(
                            "Invalid code expiration",
                            "code_expiration_minutes must be between 1 and 90.",
                        ));
                    }
                }
            }
            "FOOTER" => {
                let text = str_field(c, "text").ok_or_else(|| errors::missing_parameter("text"))?;
                check_len("FOOTER text", text, 60)?;
            }
            "BUTTONS" => buttons(c, auth)?,
            "CAROUSEL" => carousel(c)?,
            _ => {}
        }
    }
    if counts.get("BODY").copied().unwrap_or(0) != 1 {
        return Err(errors::invalid_parameter(
            "Invalid components",
            "A template needs exactly one BODY component.",
        ));
    }
    for kind in ["HEADER", "FOOTER", "BUTTONS"] {
        if counts.get(kind).copied().unwrap_or(0) > 1 {
            return Err(errors::invalid_parameter(
                "Invalid components",
                format!("A template can have at most one {kind} component."),
            ));
        }
    }
    if auth && !counts.contains_key("BUTTONS") {
        return Err(errors::invalid_parameter(
            "Invalid authentication template",
            "An authentication template needs a BUTTONS component with one OTP button.",
        ));
    }
    Ok(())
}

fn header(c: &Map<String, Value>) -> Result<(), ErrorReply> {
    let format = upper(c, "format").ok_or_else(|| errors::missing_parameter("format"))?;
    if !HEADER_FORMATS.contains(&format.as_str()) {
        return Err(errors::invalid_parameter(
            "Invalid header format",
            format!(
                "HEADER format {format} is not one of {}.",
                HEADER_FORMATS.join(", ")
            ),
        ));
    }
    if format == "TEXT" {
        let text = str_field(c, "text").ok_or_else(|| errors::missing_parameter("text"))?;
        check_len("HEADER text", text, 60)?;
        if variables(text).len() > 1 {
            return Err(errors::invalid_parameter(
                "Invalid header",
                "A text header can have at most one parameter.",
            ));
        }
    }
    Ok(())
}

fn buttons(c: &Map<String, Value>, auth: bool) -> Result<(), ErrorReply> {
    let Some(Value::Array(buttons)) = c.get("buttons") else {
        return Err(errors::missing_parameter("buttons"));
    };
    if buttons.is_empty() || buttons.len() > 10 {
        return Err(errors::invalid_parameter(
            "Invalid buttons",
            format!(
                "A template can have 1 to 10 buttons, not {}.",
                buttons.len()
            ),
        ));
    }
    let mut kinds = Vec::with_capacity(buttons.len());
    for (index, button) in buttons.iter().enumerate() {
        let Value::Object(b) = button else {
            return Err(errors::invalid_parameter(
                "Invalid button",
                format!("buttons[{index}] must be an object."),
            ));
        };
        let kind = upper(b, "type").ok_or_else(|| errors::missing_parameter("type"))?;
        if !BUTTON_TYPES.contains(&kind.as_str()) {
            return Err(errors::invalid_parameter(
                "Invalid button type",
                format!("buttons[{index}].type {kind} is not a button type."),
            ));
        }
        if auth != (kind == "OTP") {
            return Err(errors::invalid_parameter(
                "Invalid button type",
                "Authentication templates take only OTP buttons, and only they may.",
            ));
        }
        check_button(index, &kind, b)?;
        kinds.push(kind);
    }
    for (kind, max) in [
        ("URL", 2),
        ("PHONE_NUMBER", 1),
        ("COPY_CODE", 1),
        ("OTP", 1),
    ] {
        let n = kinds.iter().filter(|k| *k == kind).count();
        if n > max {
            return Err(errors::invalid_parameter(
                "Too many buttons",
                format!("A template can have at most {max} {kind} button(s), not {n}."),
            ));
        }
    }
    let first_qr = kinds.iter().position(|k| k == "QUICK_REPLY");
    let last_qr = kinds.iter().rposition(|k| k == "QUICK_REPLY");
    if let (Some(first), Some(last)) = (first_qr, last_qr)
        && kinds[first..=last].iter().any(|k| k != "QUICK_REPLY")
    {
        return Err(errors::invalid_parameter(
            "Invalid button order",
            "Quick reply buttons must be grouped together.",
        ));
    }
    Ok(())
}

fn check_button(index: usize, kind: &str, b: &Map<String, Value>) -> Result<(), ErrorReply> {
    if let Some(text) = str_field(b, "text") {
        let max = if kind == "VOICE_CALL" { 20 } else { 25 };
        check_len(&format!("buttons[{index}].text"), text, max)?;
    }
    match kind {
        "QUICK_REPLY" | "PHONE_NUMBER" | "URL" if str_field(b, "text").is_none() => {
            Err(errors::missing_parameter("text"))
        }
        "URL" => {
            let url = str_field(b, "url").ok_or_else(|| errors::missing_parameter("url"))?;
            check_len(&format!("buttons[{index}].url"), url, 2000)
        }
        "PHONE_NUMBER" => {
            let phone = str_field(b, "phone_number")
                .ok_or_else(|| errors::missing_parameter("phone_number"))?;
            check_len(&format!("buttons[{index}].phone_number"), phone, 20)
        }
        "FLOW" => super::flows::check_reference(index, b),
        "OTP" => {
            // Since v21.0 an app is named inside `supported_apps` (one-tap page; the Bulk
            // management body shows only that form); the old fields alone are refused.
            let legacy = ["package_name", "signature_hash"]
                .iter()
                .any(|key| b.contains_key(*key));
            if legacy && !b.contains_key("supported_apps") {
                return Err(errors::invalid_parameter(
                    "Invalid parameter",
                    "package_name and signature_hash are given inside supported_apps: \
                     [{package_name, signature_hash}].",
                ));
            }
            let otp_type =
                upper(b, "otp_type").ok_or_else(|| errors::missing_parameter("otp_type"))?;
            if !matches!(otp_type.as_str(), "COPY_CODE" | "ONE_TAP" | "ZERO_TAP") {
                return Err(errors::invalid_parameter(
                    "Invalid OTP type",
                    format!("otp_type {otp_type} is not COPY_CODE, ONE_TAP or ZERO_TAP."),
                ));
            }
            let terms = b.get("zero_tap_terms_accepted").and_then(Value::as_bool);
            if otp_type == "ZERO_TAP" && terms != Some(true) {
                return Err(errors::invalid_parameter(
                    "Zero-tap terms not accepted",
                    "A ZERO_TAP button needs zero_tap_terms_accepted: true.",
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn carousel(c: &Map<String, Value>) -> Result<(), ErrorReply> {
    let Some(Value::Array(cards)) = c.get("cards") else {
        return Err(errors::missing_parameter("cards"));
    };
    if !(2..=10).contains(&cards.len()) {
        return Err(errors::invalid_parameter(
            "Invalid carousel",
            format!("A carousel has 2 to 10 cards, not {}.", cards.len()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(body: Value) -> Result<(), ErrorReply> {
        create_body(body.as_object().unwrap())
    }

    /// The sandbox and `validate` keep their own copy of Meta's language list, so that neither
    /// borrows the other's mistakes; this is where the two copies are held to each other.
    #[test]
    fn the_language_list_is_the_one_validate_checks_against() {
        use std::collections::BTreeSet;
        let sandbox: BTreeSet<&str> = LANGUAGES.iter().copied().collect();
        let rules: BTreeSet<&str> = crate::template::rules::LANGUAGES.iter().copied().collect();
        assert_eq!(
            sandbox.len(),
            LANGUAGES.len(),
            "the sandbox lists a language twice"
        );
        let listed = crate::template::rules::LANGUAGES.len();
        assert_eq!(rules.len(), listed, "validate lists a language twice");
        assert!(!sandbox.is_empty());
        let only_sandbox: Vec<&&str> = sandbox.difference(&rules).collect();
        let only_rules: Vec<&&str> = rules.difference(&sandbox).collect();
        assert!(
            only_sandbox.is_empty() && only_rules.is_empty(),
            "only the sandbox knows {only_sandbox:?}; only validate knows {only_rules:?}"
        );
    }

    #[test]
    fn accepts_a_plain_template_in_any_case() {
        check(
            json!({"name": "order_update", "language": "en_US", "category": "utility",
            "components": [{"type": "body", "text": "Your order has shipped."}]}),
        )
        .unwrap();
    }

    #[test]
    fn rejects_bad_names_languages_and_structure() {
        let base = |name: &str, language: &str, components: Value| json!({"name": name, "language": language, "category": "MARKETING", "components": components});
        let body = json!([{"type": "BODY", "text": "Hi"}]);
        assert_eq!(
            check(base("Bad Name", "en", body.clone()))
                .unwrap_err()
                .code,
            100
        );
        assert_eq!(
            check(base("ok", "en-US", body.clone())).unwrap_err().code,
            100
        );
        assert!(check(base("ok", "en", json!([]))).is_err());
        let long = "x".repeat(1025);
        let err = check(base("ok", "en", json!([{"type": "BODY", "text": long}]))).unwrap_err();
        assert_eq!(err.subcode, Some(2_388_040));
        let scattered = json!([{"type": "BODY", "text": "Hi"}, {"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "a"}, {"type": "URL", "text": "b", "url": "https://x.example"},
            {"type": "QUICK_REPLY", "text": "c"}]}]);
        assert!(check(base("ok", "en", scattered)).is_err());
    }

    #[test]
    fn enums_are_taken_in_either_case() {
        let cpr = |kind: &str| {
            json!({"name": "cpr", "language": "en", "category": "MARKETING", "components": [
                {"type": "BODY", "text": "Can we call you about your order?"}, {"type": kind}]})
        };
        // Meta's pages write call_permission_request; pywa and the sandbox's own listing
        // write it upper case.
        for kind in ["call_permission_request", "CALL_PERMISSION_REQUEST"] {
            check(cpr(kind)).unwrap();
        }
        for kind in ["limited_time_offer", "LIMITED_TIME_OFFER"] {
            let mut body = cpr(kind);
            body["components"][1]["limited_time_offer"] = json!({"text": "Hurry"});
            check(body).unwrap();
        }
    }

    #[test]
    fn legacy_one_tap_fields_alone_are_refused() {
        let otp = |button: Value| {
            json!({"name": "code", "language": "en_US", "category": "AUTHENTICATION",
            "components": [{"type": "BODY"}, {"type": "BUTTONS", "buttons": [button]}]})
        };
        let legacy = json!({"type": "OTP", "otp_type": "ONE_TAP", "text": "Copy",
            "autofill_text": "Autofill", "package_name": "com.example.app",
            "signature_hash": "K8a/AINcGX7"});
        assert_eq!(check(otp(legacy)).unwrap_err().code, 100);
        check(otp(
            json!({"type": "OTP", "otp_type": "ONE_TAP", "supported_apps": [
            {"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}]}),
        ))
        .unwrap();
    }

    #[test]
    fn finds_variables() {
        assert_eq!(variables("Hi {{1}}, {{ name }}!"), vec!["1", "name"]);
    }
}
