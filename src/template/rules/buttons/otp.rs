//! OTP buttons (authentication templates): copy code, one tap, zero tap, and the Android apps
//! they hand the code to.

use super::super::{Category, Checker, chars};
use crate::template::model::{OtpButton, OtpType};
use crate::template::rule_id::RuleId;

const AUTOFILL_MAX: usize = 25;
const SUPPORTED_APPS_MAX: usize = 5;
const PACKAGE_NAME_MAX: usize = 224;
const SIGNATURE_HASH_LEN: usize = 11;

/// One OTP button, in any template.
pub(super) fn check_otp_button(ck: &mut Checker, path: &str, otp: &OtpButton, category: Category) {
    if category.is_known_and_not(&[Category::Authentication]) {
        ck.report(
            RuleId::OtpButtonCategory,
            &format!("{path}.type"),
            format!("an OTP button in a {} template", category.as_str()),
            "use OTP buttons in AUTHENTICATION templates; for a coupon use a COPY_CODE button",
        );
    }
    if let Some(autofill) = &otp.autofill_text {
        super::check_label(ck, &format!("{path}.autofill_text"), autofill, AUTOFILL_MAX);
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
        ck.report_key(
            RuleId::OtpSupportedAppsRequired,
            &legacy_path,
            message,
            help,
        );
        check_app(
            ck,
            path,
            otp.package_name.as_deref(),
            otp.signature_hash.as_deref(),
        );
    } else if autofill && apps.is_empty() {
        ck.report(
            RuleId::OtpSupportedAppsRequired,
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
            RuleId::OtpSupportedAppsCount,
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
            RuleId::OtpSupportedAppsCount,
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
            RuleId::OtpZeroTapTerms,
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
                RuleId::OtpPackageNameLength,
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
                RuleId::OtpSignatureHashLength,
                &format!("{path}.signature_hash"),
                format!("the signature hash has {length} characters; it must have {SIGNATURE_HASH_LEN}{decoded}"),
                "use the 11-character app signing hash from Android's SMS Retriever API",
            );
        }
    }
}
