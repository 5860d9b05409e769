//! The BUTTONS component and its buttons, tagged by `type`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{field_schemas, lenient};

/// The values of a FLOW button's `flow_action`.
pub const FLOW_ACTIONS: [&str; 2] = ["navigate", "data_exchange"];
/// The values of a FLOW button's `icon`.
pub const FLOW_ICONS: [&str; 3] = ["DOCUMENT", "PROMOTION", "REVIEW"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buttons {
    /// Up to 10 buttons; quick replies next to each other.
    pub buttons: Vec<Button>,
}

/// A button, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Button {
    /// A reply the user sends with one tap.
    QuickReply(QuickReplyButton),
    /// Opens a web page, optionally with a variable at the end of the URL.
    Url(UrlButton),
    /// Calls a phone number.
    PhoneNumber(PhoneNumberButton),
    /// Copies a code (e.g. a coupon) to the clipboard.
    CopyCode(CopyCodeButton),
    /// Authentication one-time password (returned by Meta as a URL button).
    Otp(OtpButton),
    /// Opens a WhatsApp Flow.
    Flow(FlowButton),
    /// Opens the business's catalog.
    Catalog(TextButton),
    /// Multi-product message.
    Mpm(TextButton),
    /// Single-product message.
    Spm(TextButton),
    /// Starts a WhatsApp call to the business. Sent as Meta's documentation writes it,
    /// `voice_call` (read in any case).
    #[serde(rename = "voice_call", alias = "VOICE_CALL")]
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
    /// How the code reaches the user: `COPY_CODE`, `ONE_TAP` or `ZERO_TAP` (any case).
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
    /// The user copies the code and pastes it into the app.
    CopyCode,
    /// The user taps to fill the code into the Android app.
    OneTap,
    /// The Android app receives the code without a tap.
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
    /// The Flow's name (one of `flow_id`, `flow_name` or `flow_json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_name: Option<String>,
    /// The Flow's JSON, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_json: Option<String>,
    /// `navigate` (default) or `data_exchange` (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "field_schemas::flow_action")]
    pub flow_action: Option<String>,
    /// The first screen for `navigate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigate_screen: Option<String>,
    /// `DOCUMENT`, `PROMOTION` or `REVIEW` (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "field_schemas::flow_icon")]
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
