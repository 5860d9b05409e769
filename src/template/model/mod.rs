//! The template document: a mirror of the body of Meta's `POST /{WABA_ID}/message_templates`.
//!
//! Field names and nesting follow Meta's API so that its documentation applies as written and
//! API JSON can be pasted in. Shape only lives here (types, required fields, unknown keys);
//! Meta's content rules (lengths, variables, combinations) live in `rules`. This file holds the
//! template and its identity; its parts are in `components`, `buttons` and `library`.

mod buttons;
mod components;
mod enum_case;
mod error_path;
mod field_schemas;
mod lenient;
mod library;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use buttons::{
    Button, Buttons, CopyCodeButton, FLOW_ACTIONS, FLOW_ICONS, FlowButton, OtpButton, OtpType,
    PhoneNumberButton, QuickReplyButton, SupportedApp, TextButton, UrlButton, VoiceCallButton,
};
pub use components::{
    Body, BodyExample, CallPermissionRequest, Card, Carousel, Component, Footer, Header,
    HeaderExample, HeaderFormat, LimitedTimeOffer, LimitedTimeOfferComponent, NamedParam,
};
pub use enum_case::{Case, canonicalize_enum_case, case_of};
pub use error_path::{explain_tagged_error, locate_error};
pub use library::{LibraryBodyInputs, LibraryButtonInput, LibraryUrlInput};

/// One message template, identified by `name` + `language`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "WhatsApp message template")]
pub struct Template {
    /// The template's name: lowercase letters, digits and underscores, at most 512 characters.
    /// With `language`, it identifies the template on the account.
    #[schemars(schema_with = "field_schemas::name")]
    pub name: String,
    /// Language and locale code from Meta's list, e.g. `en_US` or `pt_BR` (`en` and `en_US` are
    /// different; `en-US` is not a code).
    #[schemars(schema_with = "field_schemas::language")]
    pub language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION` (any case).
    #[schemars(schema_with = "field_schemas::category")]
    pub category: String,
    /// How variables are written: `POSITIONAL` (`{{1}}`, the default) or `NAMED` (`{{first_name}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<ParameterFormat>,
    /// Utility sub-category (`ORDER_DETAILS`, `ORDER_STATUS`, `RICH_ORDER_STATUS`; any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "field_schemas::sub_category")]
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

/// The utility sub-categories.
pub const SUB_CATEGORIES: [&str; 3] = ["ORDER_DETAILS", "ORDER_STATUS", "RICH_ORDER_STATUS"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParameterFormat {
    /// `{{1}}`, `{{2}}`, ... numbered from 1.
    Positional,
    /// `{{first_name}}`: lowercase letters, digits and underscores.
    Named,
}
