//! Meta's rewriting of a posted template into what GET returns: upper-case enums, added
//! `parameter_format`/`sub_category`/TTL, CDN URLs for media handles, OTP buttons as URL buttons,
//! generated authentication text, `+` on phone numbers, canonical example shapes.
//!
//! Idempotent: normalising a GET answer again changes nothing, so saved list responses can be
//! seeded through the same path.

use serde_json::{Map, Value, json};

/// Authentication templates get this TTL when none is posted (Meta's 10 minutes).
pub const AUTH_DEFAULT_TTL_SECONDS: i64 = 600;

/// Keys that only steer creation and are not part of the stored template.
const REQUEST_ONLY_KEYS: &[&str] = &["allow_category_change"];

/// The stored (GET) form of a posted template body, without `id` and `status`.
pub fn template(posted: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in posted {
        if REQUEST_ONLY_KEYS.contains(&key.as_str()) {
            continue;
        }
        out.insert(key.clone(), value.clone());
    }
    for key in ["category", "parameter_format", "sub_category"] {
        if let Some(Value::String(s)) = out.get_mut(key) {
            *s = s.to_ascii_uppercase();
        }
    }
    out.entry("parameter_format")
        .or_insert_with(|| json!("POSITIONAL"));
    let category = out
        .get("category")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if category == "MARKETING" {
        out.entry("sub_category").or_insert_with(|| json!("CUSTOM"));
    }
    if let Some(Value::String(ttl)) = out.get("message_send_ttl_seconds")
        && let Ok(seconds) = ttl.trim().parse::<i64>()
    {
        out.insert("message_send_ttl_seconds".into(), json!(seconds));
    }
    if category == "AUTHENTICATION" {
        out.entry("message_send_ttl_seconds")
            .or_insert_with(|| json!(AUTH_DEFAULT_TTL_SECONDS));
    }
    if let Some(Value::Array(components)) = out.get("components") {
        let normalized = components_of(components, &category);
        out.insert("components".into(), Value::Array(normalized));
    }
    out
}

/// The stored form of a components list (also used for edits).
pub fn components_of(components: &[Value], category: &str) -> Vec<Value> {
    let auth = category.eq_ignore_ascii_case("AUTHENTICATION");
    let expiry = components
        .iter()
        .find(|c| type_is(c, "FOOTER"))
        .and_then(|c| c.get("code_expiration_minutes"))
        .and_then(Value::as_i64);
    components
        .iter()
        .map(|c| component(c, auth, expiry))
        .collect()
}

fn type_is(component: &Value, wanted: &str) -> bool {
    component
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case(wanted))
}

fn upper_in_place(map: &mut Map<String, Value>, key: &str) {
    if let Some(Value::String(s)) = map.get_mut(key) {
        *s = s.to_ascii_uppercase();
    }
}

fn component(value: &Value, auth: bool, expiry: Option<i64>) -> Value {
    let Value::Object(original) = value else {
        return value.clone();
    };
    let mut c = original.clone();
    upper_in_place(&mut c, "type");
    upper_in_place(&mut c, "format");
    let kind = c
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match kind.as_str() {
        "HEADER" => normalize_header_example(&mut c),
        "BODY" if auth => return auth_body(&c),
        "BODY" => normalize_body_example(&mut c),
        "FOOTER" if auth => return auth_footer(&c),
        "BUTTONS" => {
            if let Some(Value::Array(buttons)) = c.get("buttons") {
                let buttons: Vec<Value> = buttons.iter().map(|b| button(b, expiry)).collect();
                c.insert("buttons".into(), Value::Array(buttons));
            }
        }
        "CAROUSEL" => {
            if let Some(Value::Array(cards)) = c.get("cards") {
                let cards: Vec<Value> = cards.iter().map(card).collect();
                c.insert("cards".into(), Value::Array(cards));
            }
        }
        _ => {}
    }
    Value::Object(c)
}

fn card(value: &Value) -> Value {
    let Value::Object(original) = value else {
        return value.clone();
    };
    let mut card = original.clone();
    if let Some(Value::Array(components)) = card.get("components") {
        let components: Vec<Value> = components
            .iter()
            .map(|c| component(c, false, None))
            .collect();
        card.insert("components".into(), Value::Array(components));
    }
    Value::Object(card)
}

fn example_mut(c: &mut Map<String, Value>) -> Option<&mut Map<String, Value>> {
    c.get_mut("example").and_then(Value::as_object_mut)
}

fn normalize_header_example(c: &mut Map<String, Value>) {
    let format = c
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(example) = example_mut(c) else {
        return;
    };
    if let Some(Value::String(text)) = example.get("header_text") {
        let text = text.clone();
        example.insert("header_text".into(), json!([text]));
    }
    let handles: Option<Vec<String>> = match example.get("header_handle") {
        Some(Value::String(s)) => Some(vec![s.clone()]),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|h| h.as_str().unwrap_or_default().to_owned())
                .collect(),
        ),
        _ => None,
    };
    if let Some(handles) = handles {
        let urls: Vec<Value> = handles
            .iter()
            .map(|h| Value::String(cdn_url(h, &format)))
            .collect();
        example.insert("header_handle".into(), Value::Array(urls));
    }
}

/// Meta stores uploaded media and answers with a CDN URL; already-URL handles stay as they are.
fn cdn_url(handle: &str, format: &str) -> String {
    if handle.starts_with("https://")
        || handle.starts_with("http://")
        || handle.starts_with(super::uploads::MEDIA_PATH)
    {
        return handle.to_owned();
    }
    let hash = fnv1a(handle.as_bytes());
    let ext = match format {
        "VIDEO" | "GIF" => "mp4",
        "DOCUMENT" => "pdf",
        _ => "jpg",
    };
    format!(
        "https://scontent.whatsapp.net/v/t61.29466-34/{}_{}_n.{ext}?ccb=1-7&_nc_sid=8b1bef&_nc_ohc={:x}&oh=01_{:x}&oe=68E7A6C1",
        hash % 1_000_000_000,
        hash / 1_000_000_000 % 10_000_000_000,
        hash >> 8,
        hash.rotate_left(17)
    )
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn normalize_body_example(c: &mut Map<String, Value>) {
    let Some(example) = example_mut(c) else {
        return;
    };
    let canonical = match example.get("body_text") {
        Some(Value::String(s)) => Some(json!([[s]])),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) && !items.is_empty() => {
            Some(json!([items]))
        }
        _ => None,
    };
    if let Some(canonical) = canonical {
        example.insert("body_text".into(), canonical);
    }
}

/// The authentication body: Meta generates the text (when not already there).
fn auth_body(c: &Map<String, Value>) -> Value {
    let security = c
        .get("add_security_recommendation")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut out = Map::new();
    out.insert("type".into(), json!("BODY"));
    let text = c.get("text").cloned().unwrap_or_else(|| {
        let mut text = String::from("*{{1}}* is your verification code.");
        if security {
            text.push_str(" For your security, do not share this code.");
        }
        json!(text)
    });
    out.insert("text".into(), text);
    for (key, value) in c {
        if !matches!(key.as_str(), "type" | "text" | "example") {
            out.insert(key.clone(), value.clone());
        }
    }
    let example = c
        .get("example")
        .cloned()
        .unwrap_or_else(|| json!({"body_text": [["123456"]]}));
    out.insert("example".into(), example);
    Value::Object(out)
}

/// The authentication footer: "This code expires in N minutes." (when not already there).
fn auth_footer(c: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!("FOOTER"));
    let minutes = c.get("code_expiration_minutes").and_then(Value::as_i64);
    match (c.get("text"), minutes) {
        (Some(text), _) => {
            out.insert("text".into(), text.clone());
        }
        (None, Some(n)) => {
            out.insert(
                "text".into(),
                json!(format!("This code expires in {n} minutes.")),
            );
        }
        (None, None) => {}
    }
    for (key, value) in c {
        if !matches!(key.as_str(), "type" | "text") {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn button(value: &Value, expiry: Option<i64>) -> Value {
    let Value::Object(original) = value else {
        return value.clone();
    };
    let mut b = original.clone();
    upper_in_place(&mut b, "type");
    match b.get("type").and_then(Value::as_str).unwrap_or_default() {
        "OTP" => return otp_as_url(&b, expiry),
        "PHONE_NUMBER" => {
            if let Some(Value::String(phone)) = b.get_mut("phone_number")
                && !phone.starts_with('+')
            {
                phone.insert(0, '+');
            }
        }
        "URL" => {
            if let Some(Value::String(example)) = b.get("example") {
                let example = example.clone();
                b.insert("example".into(), json!([example]));
            }
        }
        _ => {}
    }
    Value::Object(b)
}

/// Meta stores OTP buttons as URL buttons whose URL carries the OTP type.
fn otp_as_url(b: &Map<String, Value>, expiry: Option<i64>) -> Value {
    let otp_type = b
        .get("otp_type")
        .and_then(Value::as_str)
        .unwrap_or("COPY_CODE")
        .to_ascii_uppercase();
    let text = b
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or(match otp_type.as_str() {
            "COPY_CODE" => "Copy code",
            _ => "Autofill",
        });
    let mut base = format!("https://www.whatsapp.com/otp/code/?otp_type={otp_type}");
    if let Some(minutes) = expiry {
        base.push_str(&format!("&code_expiration_minutes={minutes}"));
    }
    json!({
        "type": "URL",
        "text": text,
        "url": format!("{base}&code=otp{{{{1}}}}"),
        "example": [format!("{base}&code=otp123456")],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn upper_cases_and_adds_defaults() {
        let t = template(&obj(json!({
            "name": "promo", "language": "en", "category": "marketing",
            "components": [{"type": "body", "text": "Hi {{1}} there", "example": {"body_text": "Ann"}},
                           {"type": "buttons", "buttons": [{"type": "phone_number", "text": "Call", "phone_number": "15550051310"}]}]
        })));
        assert_eq!(t["category"], "MARKETING");
        assert_eq!(t["parameter_format"], "POSITIONAL");
        assert_eq!(t["sub_category"], "CUSTOM");
        assert_eq!(t["components"][0]["type"], "BODY");
        assert_eq!(t["components"][0]["example"]["body_text"], json!([["Ann"]]));
        assert_eq!(t["components"][1]["buttons"][0]["type"], "PHONE_NUMBER");
        assert_eq!(
            t["components"][1]["buttons"][0]["phone_number"],
            "+15550051310"
        );
    }

    #[test]
    fn authentication_gains_text_ttl_and_url_button() {
        let t = template(&obj(json!({
            "name": "otp", "language": "en_US", "category": "authentication",
            "components": [
                {"type": "body", "add_security_recommendation": true},
                {"type": "footer", "code_expiration_minutes": 5},
                {"type": "buttons", "buttons": [{"type": "otp", "otp_type": "copy_code", "text": "Copy Code"}]}]
        })));
        assert_eq!(t["message_send_ttl_seconds"], 600);
        let c = &t["components"];
        assert_eq!(
            c[0]["text"],
            "*{{1}}* is your verification code. For your security, do not share this code."
        );
        assert_eq!(c[1]["text"], "This code expires in 5 minutes.");
        assert_eq!(c[2]["buttons"][0]["type"], "URL");
        assert_eq!(
            c[2]["buttons"][0]["url"],
            "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=5&code=otp{{1}}"
        );
    }

    #[test]
    fn media_handles_become_cdn_urls_and_normalising_twice_is_stable() {
        let once = template(&obj(json!({
            "name": "m", "language": "en", "category": "UTILITY",
            "components": [{"type": "HEADER", "format": "image", "example": {"header_handle": ["4::aW..."]}},
                           {"type": "BODY", "text": "Hello"}]
        })));
        let url = once["components"][0]["example"]["header_handle"][0]
            .as_str()
            .unwrap();
        assert!(url.starts_with("https://scontent.whatsapp.net/"));
        assert_eq!(template(&once), once);
    }
}
