//! The app-list placeholder of one-tap and zero-tap buttons: written by `import` (Meta's GET
//! leaves the apps out), and blocked by `plan` so that it never reaches Meta.

use crate::template::model::{Button, Component, OtpButton, Template};

/// Meta's GET does not return the Android apps of a ONE_TAP or ZERO_TAP button, yet a file
/// must name them. `import` writes this placeholder app, and `plan` blocks any create or edit
/// that would send it, so it can never reach Meta: until it is replaced, the template can only
/// stay as it is on the account.
pub const APP_PLACEHOLDER_PACKAGE: &str = "replace.with.your.app";
/// The placeholder's signature hash (11 characters, as Meta requires).
pub const APP_PLACEHOLDER_HASH: &str = "REPLACE_ME_";

/// Whether a button holds the app-list placeholder.
pub fn is_app_placeholder(otp: &OtpButton) -> bool {
    otp.supported_apps.as_ref().is_some_and(|apps| {
        apps.iter()
            .any(|app| app.package_name == APP_PLACEHOLDER_PACKAGE)
    })
}

/// Whether any OTP button of the template holds the app-list placeholder.
pub fn has_app_placeholder(template: &Template) -> bool {
    template.components.iter().any(|component| match component {
        Component::Buttons(b) => b.buttons.iter().any(|button| match button {
            Button::Otp(otp) => is_app_placeholder(otp),
            _ => false,
        }),
        _ => false,
    })
}
