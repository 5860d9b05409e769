//! JSON Schemas of the fields held as plain strings: their values, and what each means, for the
//! editor's completion and hover. The values are the rules' own lists.

use schemars::{Schema, SchemaGenerator, json_schema};

use super::{CATEGORIES, FLOW_ACTIONS, FLOW_ICONS, SUB_CATEGORIES};
use crate::template::rules::{LANGUAGES, NAME_MAX, NAME_PATTERN};

pub fn name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": NAME_PATTERN,
        "maxLength": NAME_MAX,
        "patternErrorMessage": "Use only lowercase letters, digits and underscores, e.g. `order_update`.",
    })
}

pub fn language(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "enum": LANGUAGES.as_slice(),
        "errorMessage": "Not a language code Meta supports: codes use an underscore (`en_US`, not `en-US`).",
    })
}

pub fn category(_: &mut SchemaGenerator) -> Schema {
    values(CATEGORIES.iter().zip([
        "Promotions, offers, announcements, re-engagement: anything that is not utility or authentication.",
        "About a transaction or account the user already has: order, delivery, payment, appointment updates.",
        "A one-time password, with an OTP button.",
    ]))
}

pub fn sub_category(_: &mut SchemaGenerator) -> Schema {
    values(SUB_CATEGORIES.iter().zip([
        "Order details, with a payment request.",
        "Order status updates.",
        "Order status with rich content.",
    ]))
}

pub fn flow_action(_: &mut SchemaGenerator) -> Schema {
    values(FLOW_ACTIONS.iter().zip([
        "Open the screen named by `navigate_screen` (the default).",
        "Ask the Flow's endpoint for the first screen.",
    ]))
}

pub fn flow_icon(_: &mut SchemaGenerator) -> Schema {
    values(
        FLOW_ICONS
            .iter()
            .zip(["A document icon.", "A promotion icon.", "A review icon."]),
    )
}

pub fn library_button_type(_: &mut SchemaGenerator) -> Schema {
    values(
        [
            ("URL", "The URL of a library template's URL button."),
            (
                "PHONE_NUMBER",
                "The number of a library template's call button.",
            ),
            ("QUICK_REPLY", "A library template's quick-reply button."),
            ("OTP", "A library template's one-time-password button."),
            ("MPM", "A library template's multi-product button."),
            ("CATALOG", "A library template's catalog button."),
            ("FLOW", "A library template's Flow (form) button."),
            ("VOICE_CALL", "A library template's WhatsApp call button."),
            ("APP", "A library template's app button."),
        ]
        .iter()
        .map(|(value, about)| (value, *about)),
    )
}

/// A string that is one of `values`, each with what it means: the form schemars gives an enum
/// with documented variants, so the schema's editor pass treats both alike.
fn values<'a>(values: impl Iterator<Item = (&'a &'a str, &'a str)>) -> Schema {
    let branches: Vec<_> = values
        .map(|(value, about)| json_schema!({ "type": "string", "const": value, "description": about }))
        .collect();
    json_schema!({ "oneOf": branches })
}
