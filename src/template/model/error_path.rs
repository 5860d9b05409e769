//! Where a failed deserialization of a template failed: serde's tagged enums lose the path,
//! so the failing map is read again as its concrete variant.

use super::{
    Body, Buttons, Carousel, CopyCodeButton, FlowButton, Footer, Header, LimitedTimeOfferComponent,
    OtpButton, PhoneNumberButton, QuickReplyButton, TextButton, UrlButton, VoiceCallButton,
};

/// Re-reads a map that failed inside a tagged enum (`components[i]`, `buttons[i]`) as its concrete
/// variant, to learn which field failed: serde's tagged enums buffer their content and lose the
/// path. Returns the inner path (relative to the map) and the message.
pub fn explain_tagged_error(
    container: &str,
    value: &serde_json::Value,
) -> Option<(String, String)> {
    use serde_json::Value;
    fn inner<T: serde::de::DeserializeOwned>(mut value: Value) -> Option<(String, String)> {
        value.as_object_mut()?.remove("type");
        serde_path_to_error::deserialize::<_, T>(value)
            .err()
            .map(|e| (e.path().to_string(), e.into_inner().to_string()))
    }
    let tag = value.get("type")?.as_str()?;
    match (container, tag) {
        ("components", "HEADER") => inner::<Header>(value.clone()),
        ("components", "BODY") => inner::<Body>(value.clone()),
        ("components", "FOOTER") => inner::<Footer>(value.clone()),
        ("components", "BUTTONS") => inner::<Buttons>(value.clone()),
        ("components", "CAROUSEL") => inner::<Carousel>(value.clone()),
        ("components", "LIMITED_TIME_OFFER") => inner::<LimitedTimeOfferComponent>(value.clone()),
        ("buttons", "QUICK_REPLY") => inner::<QuickReplyButton>(value.clone()),
        ("buttons", "URL") => inner::<UrlButton>(value.clone()),
        ("buttons", "PHONE_NUMBER") => inner::<PhoneNumberButton>(value.clone()),
        ("buttons", "COPY_CODE") => inner::<CopyCodeButton>(value.clone()),
        ("buttons", "OTP") => inner::<OtpButton>(value.clone()),
        ("buttons", "FLOW") => inner::<FlowButton>(value.clone()),
        ("buttons", "CATALOG" | "MPM" | "SPM") => inner::<TextButton>(value.clone()),
        ("buttons", "VOICE_CALL") => inner::<VoiceCallButton>(value.clone()),
        _ => None,
    }
}

/// The path and message of a failed deserialization of a template (or of a component list),
/// looking inside tagged maps where serde loses the path; one step per nesting level (a button
/// inside a card inside a carousel).
pub fn locate_error(
    root: &serde_json::Value,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> (String, String) {
    let mut path = err.path().to_string();
    if path == "." {
        path.clear();
    }
    let mut message = err.into_inner().to_string();
    while let Some(container) = tagged_container(&path) {
        let Some(value) = crate::template::tree::json_at(root, &path) else {
            break;
        };
        let Some((inner_path, inner_message)) = explain_tagged_error(container, value) else {
            break;
        };
        message = inner_message;
        if inner_path == "." || inner_path.is_empty() {
            break;
        }
        path = format!("{path}.{inner_path}");
    }
    (path, message)
}

/// `components` or `buttons` when `path` names an element of such a list (a bare `[i]` is an
/// element of a component list given as the root).
fn tagged_container(path: &str) -> Option<&'static str> {
    let list = path.strip_suffix(']')?.rsplit_once('[')?.0;
    match list.rsplit('.').next()? {
        "" | "components" => Some("components"),
        "buttons" => Some("buttons"),
        _ => None,
    }
}
