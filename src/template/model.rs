//! The template document: a mirror of the body of Meta's `POST /{WABA_ID}/message_templates`.
//!
//! Field names and nesting follow Meta's API so that its documentation applies as written and
//! API JSON can be pasted in. Shape only lives here (types, required fields, unknown keys);
//! Meta's content rules (lengths, variables, combinations) live in `rules.rs`.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// One message template, identified by `name` + `language`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "WhatsApp message template")]
pub struct Template {
    /// Lowercase letters, digits and underscores, at most 512 characters.
    pub name: String,
    /// Language and locale code, e.g. `en_US` or `pt_BR` (`en` and `en_US` are different).
    pub language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION` (any case).
    #[schemars(schema_with = "category_schema")]
    pub category: String,
    /// How variables are written: `POSITIONAL` (`{{1}}`, the default) or `NAMED` (`{{first_name}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<ParameterFormat>,
    /// Utility sub-category (`ORDER_DETAILS`, `ORDER_STATUS`, `RICH_ORDER_STATUS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    /// Time-to-live of a sent message in seconds; the allowed range depends on the category.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_integer"
    )]
    pub message_send_ttl_seconds: Option<i64>,
    /// Ignored by Meta since April 2025: re-categorisation is always allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_category_change: Option<bool>,
    /// Opt out of link tracking for URL buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cta_url_link_tracking_opted_out: Option<bool>,
    /// Create from Meta's Template Library instead of from `components`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_template_name: Option<String>,
    /// Options of a Template Library body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_template_body_inputs: Option<LibraryBodyInputs>,
    /// Values of a Template Library template's buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_template_button_inputs: Option<Vec<LibraryButtonInput>>,
    /// Header, body, footer, buttons and the special components, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

impl Template {
    /// The identity of a template on an account.
    pub fn key(&self) -> TemplateKey {
        TemplateKey {
            name: self.name.clone(),
            language: self.language.clone(),
        }
    }

    /// The effective parameter format (Meta's default is positional).
    pub fn parameter_format(&self) -> ParameterFormat {
        self.parameter_format.unwrap_or(ParameterFormat::Positional)
    }
}

/// (name, language): what makes a template unique on an account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TemplateKey {
    pub name: String,
    pub language: String,
}

impl std::fmt::Display for TemplateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.language)
    }
}

/// The categories a template can be created in.
pub const CATEGORIES: [&str; 3] = ["MARKETING", "UTILITY", "AUTHENTICATION"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParameterFormat {
    /// `{{1}}`, `{{2}}`, ... numbered from 1.
    Positional,
    /// `{{first_name}}`: lowercase letters, digits and underscores.
    Named,
}

/// A top-level component, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Component {
    /// At most one: text, media, location or product.
    Header(Header),
    /// Required. Authentication templates set `add_security_recommendation` instead of `text`.
    Body(Body),
    /// Optional. Authentication templates set `code_expiration_minutes` instead of `text`.
    Footer(Footer),
    /// Up to 10 buttons.
    Buttons(Buttons),
    /// Marketing only: 2 to 10 cards with the same components.
    Carousel(Carousel),
    /// Marketing only: an offer banner with an optional expiry.
    LimitedTimeOffer(LimitedTimeOfferComponent),
    /// Asks the user for permission to call them (marketing or utility; no buttons).
    CallPermissionRequest(CallPermissionRequest),
}

impl Component {
    /// The `type` as Meta spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Component::Header(_) => "HEADER",
            Component::Body(_) => "BODY",
            Component::Footer(_) => "FOOTER",
            Component::Buttons(_) => "BUTTONS",
            Component::Carousel(_) => "CAROUSEL",
            Component::LimitedTimeOffer(_) => "LIMITED_TIME_OFFER",
            Component::CallPermissionRequest(_) => "CALL_PERMISSION_REQUEST",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: HeaderFormat,
    /// TEXT headers: at most 60 characters and one variable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<HeaderExample>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HeaderFormat {
    Text,
    Image,
    Video,
    Document,
    /// Utility and marketing only; the location is given when sending.
    Location,
    /// Single-product (SPM) and product carousel templates.
    Product,
}

impl HeaderFormat {
    pub fn is_media(self) -> bool {
        matches!(self, Self::Image | Self::Video | Self::Document)
    }
}

/// Sample values for the header's variable or media.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderExample {
    /// Positional: one sample value, e.g. `["Summer Sale"]`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_strings"
    )]
    pub header_text: Option<Vec<String>>,
    /// Named: `[{param_name, example}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_text_named_params: Option<Vec<NamedParam>>,
    /// Media headers: a Resumable Upload handle (`4::...`), not a media id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_strings"
    )]
    pub header_handle: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// At most 1024 characters (600 with a limited-time offer, 160 on a carousel card).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Authentication only: add "For your security, do not share this code."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_security_recommendation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<BodyExample>,
}

/// Sample values for the body's variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyExample {
    /// Positional: ONE list holding a value per variable, e.g. `[["Pablo", "25OFF"]]`.
    /// A single variable may be given as a plain string.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_rows"
    )]
    #[schemars(with = "Option<Vec<Vec<String>>>")]
    pub body_text: Option<Vec<Vec<String>>>,
    /// Named: `[{param_name, example}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text_named_params: Option<Vec<NamedParam>>,
}

/// A sample value for a named variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedParam {
    pub param_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// At most 60 characters, no variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Authentication only: "This code expires in N minutes." (1-90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_expiration_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buttons {
    pub buttons: Vec<Button>,
}

/// A button, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Button {
    QuickReply(QuickReplyButton),
    Url(UrlButton),
    PhoneNumber(PhoneNumberButton),
    CopyCode(CopyCodeButton),
    /// Authentication one-time password (returned by Meta as a URL button).
    Otp(OtpButton),
    Flow(FlowButton),
    Catalog(TextButton),
    /// Multi-product message.
    Mpm(TextButton),
    /// Single-product message.
    Spm(TextButton),
    VoiceCall(VoiceCallButton),
}

impl Button {
    /// The `type` as Meta spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Button::QuickReply(_) => "QUICK_REPLY",
            Button::Url(_) => "URL",
            Button::PhoneNumber(_) => "PHONE_NUMBER",
            Button::CopyCode(_) => "COPY_CODE",
            Button::Otp(_) => "OTP",
            Button::Flow(_) => "FLOW",
            Button::Catalog(_) => "CATALOG",
            Button::Mpm(_) => "MPM",
            Button::Spm(_) => "SPM",
            Button::VoiceCall(_) => "VOICE_CALL",
        }
    }

    /// The label shown on the button, where it has one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Button::QuickReply(b) => Some(&b.text),
            Button::Url(b) => Some(&b.text),
            Button::PhoneNumber(b) => Some(&b.text),
            Button::Flow(b) => Some(&b.text),
            Button::Catalog(b) | Button::Mpm(b) | Button::Spm(b) => Some(&b.text),
            Button::Otp(b) => b.text.as_deref(),
            Button::VoiceCall(b) => b.text.as_deref(),
            Button::CopyCode(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickReplyButton {
    /// At most 25 characters.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextButton {
    /// At most 25 characters.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UrlButton {
    /// At most 25 characters.
    pub text: String,
    /// At most 2000 characters; one variable, at the very end.
    pub url: String,
    /// With a variable: one sample, the full URL or just the suffix.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_strings"
    )]
    pub example: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneNumberButton {
    /// At most 25 characters.
    pub text: String,
    /// International format, at most 20 characters.
    #[serde(deserialize_with = "lenient::string")]
    pub phone_number: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyCodeButton {
    /// The sample code (at most 15 characters is safe; Meta's newest pages allow 20).
    #[serde(deserialize_with = "lenient::string")]
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtpButton {
    pub otp_type: OtpType,
    /// At most 25 characters; Meta supplies a localised "Copy Code" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// ONE_TAP / ZERO_TAP: at most 25 characters (default "Autofill").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autofill_text: Option<String>,
    /// ONE_TAP / ZERO_TAP: the Android apps that may receive the code (1 to 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_apps: Option<Vec<SupportedApp>>,
    /// ZERO_TAP: must be true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_tap_terms_accepted: Option<bool>,
    /// Deprecated since Graph API v21.0: move into `supported_apps`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_name: Option<String>,
    /// Deprecated since Graph API v21.0: move into `supported_apps`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_hash: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OtpType {
    CopyCode,
    OneTap,
    ZeroTap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportedApp {
    /// Android package name, at most 224 characters.
    pub package_name: String,
    /// App signing key hash, exactly 11 characters.
    pub signature_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowButton {
    /// At most 25 characters.
    pub text: String,
    /// One of `flow_id`, `flow_name` or `flow_json`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_string"
    )]
    pub flow_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_name: Option<String>,
    /// The Flow's JSON, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_json: Option<String>,
    /// `navigate` (default) or `data_exchange`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_action: Option<String>,
    /// The first screen for `navigate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigate_screen: Option<String>,
    /// `DOCUMENT`, `PROMOTION` or `REVIEW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoiceCallButton {
    /// At most 20 characters (default "Call Now").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// How long the call button stays valid: 1440 to 43200 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Carousel {
    /// 2 to 10 cards, each with the same component kinds.
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// An IMAGE, VIDEO or PRODUCT header, an optional body (at most 160 characters) and up to 2 buttons.
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitedTimeOfferComponent {
    pub limited_time_offer: LimitedTimeOffer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitedTimeOffer {
    /// At most 16 characters.
    pub text: String,
    /// Show a countdown; the expiry is given when sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_expiration: Option<bool>,
}

/// The bare `call_permission_request` component: it carries no fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallPermissionRequest {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryBodyInputs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_security_recommendation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_expiration_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_contact_number: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_learn_more_link: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_track_package_link: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryButtonInput {
    /// `URL`, `PHONE_NUMBER`, `QUICK_REPLY` or `OTP`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<LibraryUrlInput>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_string"
    )]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp_type: Option<OtpType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_tap_terms_accepted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_apps: Option<Vec<SupportedApp>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryUrlInput {
    pub base_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_suffix_example: Option<String>,
}

fn category_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": CATEGORIES })
}

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

/// Deserializers that accept the loose shapes Meta's own examples use.
mod lenient {
    use super::*;

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
    pub fn option_strings<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<String>>, D::Error> {
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
    pub fn option_rows<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<Vec<String>>>, D::Error> {
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
}
