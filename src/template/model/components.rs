//! The components of a template (header, body, footer, carousel, offer, call permission
//! request), tagged by `type`. Buttons are in `buttons`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Buttons;
use super::lenient;

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
    /// Marketing only: an offer banner with an optional expiry. Sent as Meta's documentation
    /// writes it, `limited_time_offer` (read in any case).
    #[serde(rename = "limited_time_offer", alias = "LIMITED_TIME_OFFER")]
    LimitedTimeOffer(LimitedTimeOfferComponent),
    /// Asks the user for permission to call them (marketing or utility; no buttons). Meta's
    /// documentation only ever writes `call_permission_request`, so that is what is sent.
    #[serde(rename = "call_permission_request", alias = "CALL_PERMISSION_REQUEST")]
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
    /// What the header shows: `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION` or `PRODUCT` (any case).
    pub format: HeaderFormat,
    /// TEXT headers: at most 60 characters and one variable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A sample for the text's variable, or the media's upload handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<HeaderExample>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HeaderFormat {
    /// Text, at most 60 characters and one variable.
    Text,
    /// An image (JPEG or PNG); the sample is an upload handle.
    Image,
    /// A video (MP4); the sample is an upload handle.
    Video,
    /// A document (PDF); the sample is an upload handle.
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
    /// Media headers: a Resumable Upload handle (`4::...`), not a media id; or `file:PATH`, a
    /// local file (relative to the template file) that `apply` uploads for its handle.
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
    /// Sample values for the body's variables.
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
    /// The variable's name, as in `{{param_name}}`.
    pub param_name: String,
    /// A sample value for it.
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
    /// The offer's text and whether it counts down.
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
