//! PHONE_NUMBER buttons: a phone number in international form.

use super::super::{Checker, chars};

const PHONE_MAX: usize = 20;

pub(super) fn check(ck: &mut Checker, path: &str, phone: &str) {
    let length = chars(phone);
    if length > PHONE_MAX {
        ck.report(
            "phone-length",
            path,
            format!("the phone number has {length} characters; the limit is {PHONE_MAX}"),
            "write it in international form without extra characters, e.g. +15550051310",
        );
    }
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    let valid = digits.chars().any(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'));
    if !valid {
        ck.report(
            "phone-format",
            path,
            format!("`{phone}` is not a phone number"),
            "write digits in international form with the country code, e.g. +15550051310",
        );
    }
}
#[cfg(test)]
mod tests {
    use super::super::tests::{PHONE, with_buttons};
    use crate::template::rules::testing::*;

    #[test]
    fn phone_length() {
        breaks(
            "phone-length",
            &with_buttons(
                "      - {type: PHONE_NUMBER, text: Call, phone_number: '+1555005131012345678901'}\n",
            ),
        );
        passes("phone-length", &with_buttons(PHONE));
    }

    #[test]
    fn phone_format() {
        breaks(
            "phone-format",
            &with_buttons("      - {type: PHONE_NUMBER, text: Call, phone_number: 'call-me'}\n"),
        );
        passes(
            "phone-format",
            &with_buttons("      - {type: PHONE_NUMBER, text: Call, phone_number: 15550051310}\n"),
        );
    }
}
