//! AUTHENTICATION templates as a whole: preset body and footer, one OTP button (the button
//! itself is checked in `buttons/otp.rs`).

use super::{Category, Checker, Ctx};
use crate::template::model::{Button, Component};
use crate::template::rule_id::RuleId;

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
                RuleId::AuthHeaderNotAllowed,
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
                            RuleId::AuthBodyText,
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
                        RuleId::AuthFooterText,
                        &format!("{path}.text"),
                        "an AUTHENTICATION footer has no `text`",
                        "remove it; set `code_expiration_minutes: N` (1-90) to show the expiry",
                    );
                }
                if let Some(minutes) = footer.code_expiration_minutes.filter(|m| !(1..=90).contains(m)) {
                    ck.report(
                        RuleId::CodeExpirationRange,
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
                                RuleId::AuthOtpButton,
                                &format!("{path}.buttons[{j}].type"),
                                "a second OTP button",
                                "keep exactly one OTP button",
                            );
                        }
                    } else {
                        ck.report(
                            RuleId::AuthOtpButton,
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
    if from_library(ck, ctx) {
        return;
    }
    if otp_buttons == 0 {
        ck.report(
            RuleId::AuthOtpButton,
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

/// A template declared by `library_template_name` alone gets its body, footer and OTP button
/// from the library (`library_template_body_inputs` and `library_template_button_inputs`
/// steer them), so it writes no button of its own. Its inputs are checked instead.
fn from_library(ck: &mut Checker, ctx: &Ctx) -> bool {
    let template = ctx.template;
    if template.library_template_name.is_none() || !template.components.is_empty() {
        return false;
    }
    let minutes = template
        .library_template_body_inputs
        .as_ref()
        .and_then(|inputs| inputs.code_expiration_minutes);
    if let Some(minutes) = minutes.filter(|m| !(1..=90).contains(m)) {
        ck.report(
            RuleId::CodeExpirationRange,
            "library_template_body_inputs.code_expiration_minutes",
            format!("code_expiration_minutes {minutes} is outside 1-90"),
            "set it between 1 and 90 minutes",
        );
    }
    let inputs = template
        .library_template_button_inputs
        .as_deref()
        .unwrap_or_default();
    for (i, input) in inputs.iter().enumerate() {
        if !input.kind.eq_ignore_ascii_case("OTP") {
            ck.report(
                RuleId::AuthOtpButton,
                &format!("library_template_button_inputs[{i}].type"),
                format!(
                    "a {} button input in an AUTHENTICATION template",
                    input.kind
                ),
                "AUTHENTICATION templates have only the OTP button: give only `type: OTP` inputs",
            );
        }
    }
    true
}

/// A `languages` document goes to Meta through `upsert_message_templates`, whose page says
/// "The `text` property is not supported. The `autofill_text` property is not supported"
/// (Bulk management). Refused here rather than dropped from the body: a dropped label would
/// never reach the account, and every later plan would show it as a change.
pub(super) fn check_upsert_fields(ck: &mut Checker, template: &crate::template::model::Template) {
    for (i, component) in template.components.iter().enumerate() {
        let Component::Buttons(list) = component else {
            continue;
        };
        for (j, button) in list.buttons.iter().enumerate() {
            let Button::Otp(otp) = button else { continue };
            for (field, present) in [
                ("text", otp.text.is_some()),
                ("autofill_text", otp.autofill_text.is_some()),
            ] {
                if present {
                    ck.report_key(
                        RuleId::LanguagesOtpText,
                        &format!("components[{i}].buttons[{j}].{field}"),
                        format!(
                            "`{field}` on the OTP button of a `languages` document: Meta's \
                             upsert_message_templates, which creates and edits every language \
                             of it, does not take `{field}`"
                        ),
                        "remove it (Meta then writes its own label in each language), or write \
                         one document per language with `language:` to keep your label",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

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
    fn languages_otp_text() {
        let listed =
            |fields: &str| otp(fields).replace("language: en_US", "languages: [en_US, fr]");
        breaks(
            RuleId::LanguagesOtpText,
            &listed("otp_type: COPY_CODE, text: Copy code"),
        );
        breaks(
            RuleId::LanguagesOtpText,
            &listed(&format!(
                "otp_type: ONE_TAP, autofill_text: Autofill, {APPS}"
            )),
        );
        passes(RuleId::LanguagesOtpText, &listed("otp_type: COPY_CODE"));
        passes(
            RuleId::LanguagesOtpText,
            &otp("otp_type: COPY_CODE, text: Copy code"),
        );
    }

    #[test]
    fn auth_header_not_allowed() {
        breaks(
            RuleId::AuthHeaderNotAllowed,
            &auth(&format!(
                "  - {{type: HEADER, format: TEXT, text: Code}}\n{BODY}{COPY}"
            )),
        );
        passes(
            RuleId::AuthHeaderNotAllowed,
            &auth(&format!("{BODY}{FOOTER}{COPY}")),
        );
    }

    #[test]
    fn auth_body_text() {
        breaks(
            RuleId::AuthBodyText,
            &auth(&format!(
                "  - {{type: BODY, text: 'Your code is ready now.'}}\n{COPY}"
            )),
        );
        passes(RuleId::AuthBodyText, &auth(&format!("{BODY}{COPY}")));
    }

    #[test]
    fn auth_footer_text() {
        breaks(
            RuleId::AuthFooterText,
            &auth(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n{COPY}")),
        );
        passes(
            RuleId::AuthFooterText,
            &auth(&format!("{BODY}{FOOTER}{COPY}")),
        );
    }

    #[test]
    fn auth_otp_button() {
        breaks(RuleId::AuthOtpButton, &auth(BODY));
        breaks(
            RuleId::AuthOtpButton,
            &auth(&format!(
                "{BODY}  - {{type: BUTTONS, buttons: [{{type: QUICK_REPLY, text: Not me}}]}}\n"
            )),
        );
        breaks(
            RuleId::AuthOtpButton,
            &auth(&format!(
                "{BODY}  - {{type: BUTTONS, buttons: [{{type: OTP, otp_type: COPY_CODE}}, {{type: OTP, otp_type: COPY_CODE}}]}}\n"
            )),
        );
        passes(RuleId::AuthOtpButton, &auth(&format!("{BODY}{COPY}")));
    }

    /// A library template declared by name and inputs gets its OTP button from the library.
    const LIBRARY_AUTH: &str = "name: login_code\nlanguage: en_US\ncategory: AUTHENTICATION\n\
        library_template_name: verify_code_1\n\
        library_template_body_inputs: {add_security_recommendation: true, code_expiration_minutes: 10}\n";

    #[test]
    fn auth_otp_button_comes_from_the_library() {
        passes(RuleId::AuthOtpButton, LIBRARY_AUTH);
        passes(
            RuleId::AuthOtpButton,
            &format!(
                "{LIBRARY_AUTH}library_template_button_inputs: [{{type: OTP, otp_type: COPY_CODE}}]\n"
            ),
        );
        breaks(
            RuleId::AuthOtpButton,
            &format!(
                "{LIBRARY_AUTH}library_template_button_inputs: [{{type: PHONE_NUMBER, phone_number: '+15550051310'}}]\n"
            ),
        );
        let d = breaks(
            RuleId::CodeExpirationRange,
            &LIBRARY_AUTH.replace("code_expiration_minutes: 10", "code_expiration_minutes: 91"),
        );
        assert_eq!(
            d.path.as_deref(),
            Some("library_template_body_inputs.code_expiration_minutes")
        );
        // Components written in the file are the template's own: they still need the button.
        breaks(
            RuleId::AuthOtpButton,
            &format!("{LIBRARY_AUTH}components:\n{BODY}"),
        );
    }

    #[test]
    fn code_expiration_range() {
        breaks(
            RuleId::CodeExpirationRange,
            &auth(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 91}}\n{COPY}"
            )),
        );
        passes(
            RuleId::CodeExpirationRange,
            &auth(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 90}}\n{COPY}"
            )),
        );
    }

    #[test]
    fn otp_button_category() {
        breaks(
            RuleId::OtpButtonCategory,
            &utility(
                "  - {type: BODY, text: Your code is below for you.}\n  - {type: BUTTONS, buttons: [{type: OTP, otp_type: COPY_CODE}]}\n",
            ),
        );
        passes(RuleId::OtpButtonCategory, &otp("otp_type: COPY_CODE"));
    }

    #[test]
    fn otp_supported_apps_required() {
        let d = breaks(
            RuleId::OtpSupportedAppsRequired,
            &otp("otp_type: ONE_TAP, package_name: com.example.shop, signature_hash: K8a/AINcGX7"),
        );
        assert!(d.help.unwrap().contains("supported_apps"));
        assert_eq!(
            d.path.as_deref(),
            Some("components[2].buttons[0].package_name")
        );
        breaks(
            RuleId::OtpSupportedAppsRequired,
            &otp("otp_type: ZERO_TAP, zero_tap_terms_accepted: true"),
        );
        passes(
            RuleId::OtpSupportedAppsRequired,
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_zero_tap_terms() {
        breaks(
            RuleId::OtpZeroTapTerms,
            &otp(&format!("otp_type: ZERO_TAP, {APPS}")),
        );
        passes(
            RuleId::OtpZeroTapTerms,
            &otp(&format!(
                "otp_type: ZERO_TAP, zero_tap_terms_accepted: true, {APPS}"
            )),
        );
    }

    #[test]
    fn otp_supported_apps_count() {
        let six = ["{package_name: com.example.shop, signature_hash: K8a/AINcGX7}"; 6].join(", ");
        breaks(
            RuleId::OtpSupportedAppsCount,
            &otp(&format!("otp_type: ONE_TAP, supported_apps: [{six}]")),
        );
        breaks(
            RuleId::OtpSupportedAppsCount,
            &otp("otp_type: COPY_CODE, supported_apps: []"),
        );
        passes(
            RuleId::OtpSupportedAppsCount,
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_package_name_length() {
        let long = format!(
            "otp_type: ONE_TAP, supported_apps: [{{package_name: {}, signature_hash: K8a/AINcGX7}}]",
            "a".repeat(225)
        );
        breaks(RuleId::OtpPackageNameLength, &otp(&long));
        passes(
            RuleId::OtpPackageNameLength,
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn otp_signature_hash_length() {
        let d = breaks(
            RuleId::OtpSignatureHashLength,
            &otp(
                "otp_type: ONE_TAP, supported_apps: [{package_name: com.example.shop, signature_hash: K8a%2FAINcGX7}]",
            ),
        );
        assert!(d.message.contains("URL-encoded"));
        passes(
            RuleId::OtpSignatureHashLength,
            &otp(&format!("otp_type: ONE_TAP, {APPS}")),
        );
    }

    #[test]
    fn autofill_text_length() {
        breaks(
            RuleId::ButtonTextLength,
            &otp(&format!(
                "otp_type: ONE_TAP, autofill_text: '{}', {APPS}",
                "x".repeat(26)
            )),
        );
        passes(
            RuleId::ButtonTextLength,
            &otp(&format!(
                "otp_type: ONE_TAP, autofill_text: Autofill, {APPS}"
            )),
        );
    }
}
