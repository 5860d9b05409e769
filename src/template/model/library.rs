//! The options of a template created from Meta's Template Library.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::lenient;
use super::{OtpType, SupportedApp};

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
