//! AUTHENTICATION templates (preset body and footer, one OTP button) and OTP buttons.

use super::{Category, Checker, Ctx, buttons, chars};
use crate::template::model::{Button, Component, OtpButton, OtpType};

const AUTOFILL_MAX: usize = 25;
const SUPPORTED_APPS_MAX: usize = 5;
const PACKAGE_NAME_MAX: usize = 224;
const SIGNATURE_HASH_LEN: usize = 11;

/// The shape of an AUTHENTICATION template as a whole.
pub(super) fn check(ck: &mut Checker, ctx: &Ctx) {
    if ctx.category != Category::Authentication {
        return;
    }
    let mut otp_buttons = 0;
    let mut has_buttons = false;
    for (i, component) in ctx.template.components.iter().enumerate() {
        let path = format!("components[{i}]");
        match component {
            Component::Header(_) => ck.report(
                "auth-header-not-allowed",
                &format!("{path}.type"),
                "AUTHENTICATION templates cannot have a header",
                "remove the HEADER: Meta supplies the whole message (\"{{1}} is your verification code.\")",
            ),
            Component::Body(body) => {
                for field in ["text", "example"] {
                    let present = match field {
                        "text" => body.text.is_some(),
                        _ => body.example.is_some(),
                    };
                    if present {
                        ck.report_key(
                            "auth-body-text",
                            &format!("{path}.{field}"),
                            format!("an AUTHENTICATION body has no `{field}`: Meta supplies the text"),
                            "remove it; set `add_security_recommendation: true` to add Meta's security note",
                        );
                    }
                }
            }
            Component::Footer(footer) => {
                if footer.text.is_some() {
                    ck.report_key(
                        "auth-footer-text",
                        &format!("{path}.text"),
                        "an AUTHENTICATION footer has no `text`",
                        "remove it; set `code_expiration_minutes: N` (1-90) to show the expiry",
                    );
                }
                if let Some(minutes) = footer.code_expiration_minutes.filter(|m| !(1..=90).contains(m)) {
                    ck.report(
                        "code-expiration-range",
                        &format!("{path}.code_expiration_minutes"),
                        format!("code_expiration_minutes {minutes} is outside 1-90"),
                        "set it between 1 and 90 minutes",
                    );
                }
            }
            Component::Buttons(list) => {
                has_buttons = true;
                for (j, button) in list.buttons.iter().enumerate() {
                    if matches!(button, Button::Otp(_)) {
                        otp_buttons += 1;
                        if otp_buttons > 1 {
                            ck.report(
                                "auth-otp-button",
                                &format!("{path}.buttons[{j}].type"),
                                "a second OTP button",
                                "keep exactly one OTP button",
                            );
                        }
                    } else {
                        ck.report(
                            "auth-otp-button",
                            &format!("{path}.buttons[{j}].type"),
                            format!("a {} button in an AUTHENTICATION template", button.kind()),
                            "AUTHENTICATION templates have only the OTP button: remove this one",
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if otp_buttons == 0 {
        ck.report(
            "auth-otp-button",
            "components",
            if has_buttons {
                "no OTP button in an AUTHENTICATION template"
            } else {
                "an AUTHENTICATION template needs an OTP button"
            },
            "add `- type: BUTTONS` with `buttons: [{type: OTP, otp_type: COPY_CODE, text: Copy code}]`",
        );
    }
}

/// One OTP button, in any template.
pub(super) fn check_otp_button(ck: &mut Checker, path: &str, otp: &OtpButton, category: Category) {
    if category.is_known_and_not(&[Category::Authentication]) {
        ck.report(
            "otp-button-category",
            &format!("{path}.type"),
            format!("an OTP button in a {} template", category.as_str()),
            "use OTP buttons in AUTHENTICATION templates; for a coupon use a COPY_CODE button",
        );
    }
    if let Some(autofill) = &otp.autofill_text {
        buttons::check_label(ck, &format!("{path}.autofill_text"), autofill, AUTOFILL_MAX);
    }
    let legacy = otp.package_name.is_some() || otp.signature_hash.is_some();
    let legacy_path = if otp.package_name.is_some() {
        format!("{path}.package_name")
    } else {
        format!("{path}.signature_hash")
    };
    let apps = otp.supported_apps.as_deref().unwrap_or_default();
    let autofill = matches!(otp.otp_type, OtpType::OneTap | OtpType::ZeroTap);
    if legacy {
        let (message, help) = if apps.is_empty() {
            (
                "`package_name`/`signature_hash` on the button are no longer accepted (Graph API v21.0+)",
                format!(
                    "move them into `supported_apps: [{{package_name: {}, signature_hash: {}}}]`",
                    otp.package_name.as_deref().unwrap_or("com.example.app"),
                    otp.signature_hash.as_deref().unwrap_or("K8a/AINcGX7"),
                ),
            )
        } else {
            (
                "`package_name`/`signature_hash` on the button are no longer accepted beside `supported_apps`",
                "remove them from the button; `supported_apps` already lists the apps".to_owned(),
            )
        };
        ck.report_key("otp-supported-apps-required", &legacy_path, message, help);
        check_app(
            ck,
            path,
            otp.package_name.as_deref(),
            otp.signature_hash.as_deref(),
        );
    } else if autofill && apps.is_empty() {
        ck.report(
            "otp-supported-apps-required",
            path,
            format!(
                "a {} OTP button needs `supported_apps`",
                otp_type_name(otp.otp_type)
            ),
            "add `supported_apps: [{package_name: com.example.app, signature_hash: K8a/AINcGX7}]`",
        );
    }
    if apps.len() > SUPPORTED_APPS_MAX {
        ck.report(
            "otp-supported-apps-count",
            &format!("{path}.supported_apps"),
            format!(
                "{} supported apps; the limit is {SUPPORTED_APPS_MAX}",
                apps.len()
            ),
            "list at most 5 apps",
        );
    }
    if otp.supported_apps.as_ref().is_some_and(Vec::is_empty) {
        ck.report(
            "otp-supported-apps-count",
            &format!("{path}.supported_apps"),
            "`supported_apps` is empty",
            "list the Android apps that may receive the code, or remove the key",
        );
    }
    for (i, app) in apps.iter().enumerate() {
        check_app(
            ck,
            &format!("{path}.supported_apps[{i}]"),
            Some(&app.package_name),
            Some(&app.signature_hash),
        );
    }
    if otp.otp_type == OtpType::ZeroTap && otp.zero_tap_terms_accepted != Some(true) {
        ck.report(
            "otp-zero-tap-terms",
            path,
            "a ZERO_TAP button without `zero_tap_terms_accepted: true`",
            "accept Meta's zero-tap terms with `zero_tap_terms_accepted: true`, or use ONE_TAP",
        );
    }
}

fn otp_type_name(kind: OtpType) -> &'static str {
    match kind {
        OtpType::CopyCode => "COPY_CODE",
        OtpType::OneTap => "ONE_TAP",
        OtpType::ZeroTap => "ZERO_TAP",
    }
}

fn check_app(ck: &mut Checker, path: &str, package: Option<&str>, hash: Option<&str>) {
    if let Some(package) = package {
        let length = chars(package);
        if length == 0 || length > PACKAGE_NAME_MAX {
            ck.report(
                "otp-package-name-length",
                &format!("{path}.package_name"),
                format!(
                    "the package name has {length} characters; it must have 1 to {PACKAGE_NAME_MAX}"
                ),
                "use the app's Android package name, e.g. com.example.app",
            );
        }
    }
    if let Some(hash) = hash {
        let length = chars(hash);
        if length != SIGNATURE_HASH_LEN {
            let decoded = if hash.contains('%') {
                " (it looks URL-encoded: write `/` instead of `%2F`)"
            } else {
                ""
            };
            ck.report(
                "otp-signature-hash-length",
                &format!("{path}.signature_hash"),
                format!("the signature hash has {length} characters; it must have {SIGNATURE_HASH_LEN}{decoded}"),
                "use the 11-character app signing hash from Android's SMS Retriever API",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    const BODY: &str = "  - {type: BODY, add_security_recommendation: true}\n";
    const FOOTER: &str = "  - {type: FOOTER, code_expiration_minutes: 10}\n";
    const COPY: &str =
        "  - {type: BUTTONS, buttons: [{type: OTP, otp_type: COPY_CODE, text: Copy code}]}\n";
    const APPS: &str =
        "supported_apps: [{package_name: com.example.shop, signature_hash: K8a/AINcGX7}]";

    fn auth(components: &str) -> String {
        authentication(components)
    }

    fn otp(fields: &str) -> String {
        auth(&format!(
            "{BODY}{FOOTER}  - {{type: BUTTONS, buttons: [{{type: OTP, {fields}}}]}}\n"
        ))
    }

    #[test]
    fn auth_header_not_allowed() {
        breaks(
            "auth-header-not-allowed",
            &auth(&format!(
                "  - {{type: HEADER, format: TEXT, text: Code}}\n{BODY}{COPY}"
            )),
        );
        passes(
            "auth-header-not-allowed",
            &auth(&format!("{BODY}{FOOTER}{COPY}")),
        );
    }

    #[test]
    fn auth_body_text() {
        breaks(
            "auth-body-text",
            &auth(&format!(
                "  - {{type: BODY, text: 'Your code is ready now.'}}\n{COPY}"
            )),
        );
        passes("auth-body-text", &auth(&format!("{BODY}{COPY}")));
    }

    #[test]
    fn auth_footer_text() {
        breaks(
            "auth-footer-text",
            &auth(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n{COPY}")),
        );
        passes("auth-footer-text", &auth(&format!("{BODY}{FOOTER}{COPY}")));
    }

    #[test]
    fn auth_otp_button() {
        breaks("auth-otp-button", &auth(BODY));
        breaks(
            "auth-otp-button",
            &auth(&format!(
                "{BODY}  - {{type: BUTTONS, buttons: [{{type: QUICK_REPLY, text: Not me}}]}}\n"
            )),
        );
        breaks(
            "auth-otp-button",
            &auth(&format!(
                "{BODY}  - {{type: BUTTONS, buttons: [{{type: OTP, otp_type: COPY_CODE}}, {{type: OTP, otp_type: COPY_CODE}}]}}\n"
            )),
        );
        passes("auth-otp-button", &auth(&format!("{BODY}{COPY}")));
    }

    #[test]
    fn code_expiration_range() {
        breaks(
            "code-expiration-range",
            &auth(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 91}}\n{COPY}"
            )),
        );
        passes(
            "code-expiration-range",
            &auth(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 90}}\n{COPY}"
            )),
        );
    }

    #[test]
    fn otp_button_category() {
        breaks(
            "otp-button-category",
            &utility(
                "  - {type: BODY, text: Your code is below for you.}\n  - {type: BUTTONS, buttons: [{type: OTP, otp_type: COPY_CODE}]}\n",
            ),
        );
        passes("otp-button-category", &otp("otp_type: COPY_CODE"));
    }

    #[test]
    fn otp_supported_apps_required() {
        let d = breaks(
            "otp-supported-apps-required",
            &otp("otp_type: ONE_TAP, package_name: com.example.shop, signature_hash: K8a/AINcGX7"),
        );
        assert!(d.help.unwrap().contains("supported_apps"));
        assert_eq!(
            d.path.as_deref(),
            Some("components[2].buttons[0].package_name")
        );
        breaks(
            "otp-supported-apps-required",
            &otp("otp_type: ZERO_TAP, zero_tap_terms_accepted: true"),
        );
        passes(
            "otp-supported-apps-required",
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_zero_tap_terms() {
        breaks(
            "otp-zero-tap-terms",
            &otp(&format!("otp_type: ZERO_TAP, {APPS}")),
        );
        passes(
            "otp-zero-tap-terms",
            &otp(&format!(
                "otp_type: ZERO_TAP, zero_tap_terms_accepted: true, {APPS}"
            )),
        );
    }

    #[test]
    fn otp_supported_apps_count() {
        let six = ["{package_name: com.example.shop, signature_hash: K8a/AINcGX7}"; 6].join(", ");
        breaks(
            "otp-supported-apps-count",
            &otp(&format!("otp_type: ONE_TAP, supported_apps: [{six}]")),
        );
        breaks(
            "otp-supported-apps-count",
            &otp("otp_type: COPY_CODE, supported_apps: []"),
        );
        passes(
            "otp-supported-apps-count",
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_package_name_length() {
        let long = format!(
            "otp_type: ONE_TAP, supported_apps: [{{package_name: {}, signature_hash: K8a/AINcGX7}}]",
            "a".repeat(225)
        );
        breaks("otp-package-name-length", &otp(&long));
        passes(
            "otp-package-name-length",
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_signature_hash_length() {
        let d = breaks(
            "otp-signature-hash-length",
            &otp(
                "otp_type: ONE_TAP, supported_apps: [{package_name: com.example.shop, signature_hash: K8a%2FAINcGX7}]",
            ),
        );
        assert!(d.message.contains("URL-encoded"));
        passes(
            "otp-signature-hash-length",
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn autofill_text_length() {
        breaks(
            "button-text-length",
            &otp(&format!(
                "otp_type: ONE_TAP, autofill_text: '{}', {APPS}",
                "x".repeat(26)
            )),
        );
        passes(
            "button-text-length",
            &otp(&format!(
                "otp_type: ONE_TAP, autofill_text: Autofill, {APPS}"
            )),
        );
    }
}
