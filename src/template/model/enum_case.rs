//! Enum values in any case, as Meta accepts them, held upper case.

/// Keys whose string values are enum values: Meta accepts them in any case, we hold them upper case.
const UPPERCASE_KEYS: [&str; 6] = [
    "type",
    "format",
    "category",
    "parameter_format",
    "otp_type",
    "sub_category",
];

/// Upper-cases enum values in a raw template (as Meta does), so `type: body` reads as `BODY`.
///
/// Used on both sides: documents from files and templates returned by the API.
pub fn canonicalize_enum_case(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    serde_json::Value::String(s) if UPPERCASE_KEYS.contains(&key.as_str()) => {
                        *s = s.to_uppercase();
                    }
                    serde_json::Value::String(s) if key == "icon" => *s = s.to_uppercase(),
                    serde_json::Value::String(s) if key == "flow_action" => *s = s.to_lowercase(),
                    _ => canonicalize_enum_case(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonicalize_enum_case),
        _ => {}
    }
}
