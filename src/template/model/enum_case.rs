//! Enum values in any case, as Meta accepts them, held in one canonical case.

/// The case an enum value is held in once read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Upper,
    Lower,
}

/// Keys whose string values are enum values that Meta accepts in any case, and the case we hold
/// them in. The JSON Schema accepts these in any case too (see `schema::any_case`).
pub fn case_of(key: &str) -> Option<Case> {
    match key {
        "type" | "format" | "category" | "parameter_format" | "otp_type" | "sub_category"
        | "icon" => Some(Case::Upper),
        "flow_action" => Some(Case::Lower),
        _ => None,
    }
}

impl Case {
    pub fn apply(self, value: &str) -> String {
        match self {
            Case::Upper => value.to_uppercase(),
            Case::Lower => value.to_lowercase(),
        }
    }
}

/// Puts enum values of a raw template into their canonical case (as Meta does), so `type: body`
/// reads as `BODY`.
///
/// Used on both sides: documents from files and templates returned by the API.
pub fn canonicalize_enum_case(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (child, case_of(key)) {
                    (serde_json::Value::String(s), Some(case)) => *s = case.apply(s),
                    (child, _) => canonicalize_enum_case(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonicalize_enum_case),
        _ => {}
    }
}
