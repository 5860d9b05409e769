//! The options of a template created from Meta's Template Library.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{OtpType, SupportedApp};
use super::{field_schemas, lenient};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryBodyInputs {
    /// Authentication: add "For your security, do not share this code."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_security_recommendation: Option<bool>,
    /// Authentication: "This code expires in N minutes." (1-90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_expiration_minutes: Option<i64>,
    /// Add the business's contact number to the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_contact_number: Option<bool>,
    /// Add a "learn more" link to the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_learn_more_link: Option<bool>,
    /// Add a "track package" link to the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_track_package_link: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryButtonInput {
    /// `URL`, `PHONE_NUMBER`, `QUICK_REPLY` or `OTP`.
    #[serde(rename = "type")]
    #[schemars(schema_with = "field_schemas::library_button_type")]
    pub kind: String,
    /// URL buttons: the base URL and a sample suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<LibraryUrlInput>,
    /// PHONE_NUMBER buttons: the number to call.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_string"
    )]
    pub phone_number: Option<String>,
    /// OTP buttons: `COPY_CODE`, `ONE_TAP` or `ZERO_TAP` (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp_type: Option<OtpType>,
    /// ZERO_TAP: must be true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_tap_terms_accepted: Option<bool>,
    /// ONE_TAP / ZERO_TAP: the Android apps that may receive the code (1 to 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_apps: Option<Vec<SupportedApp>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryUrlInput {
    /// The URL, up to where the variable suffix starts.
    pub base_url: String,
    /// A sample of the suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_suffix_example: Option<String>,
}
