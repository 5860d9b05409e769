//! PHONE_NUMBER buttons: a phone number in international form.

use super::super::{Checker, chars};
use crate::template::rule_id::RuleId;

const PHONE_MAX: usize = 20;

pub(super) fn check(ck: &mut Checker, path: &str, phone: &str) {
    let length = chars(phone);
    if length > PHONE_MAX {
        ck.report(
            RuleId::PhoneLength,
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
            RuleId::PhoneFormat,
            path,
            format!("`{phone}` is not a phone number"),
            "write digits in international form with the country code, e.g. +15550051310",
        );
    }
}
#[cfg(test)]
mod tests {
    use super::super::tests::{PHONE, with_buttons};
    use crate::template::rule_id::RuleId;
    use crate::template::rules::testing::*;

    #[test]
    fn phone_length() {
        breaks(
            RuleId::PhoneLength,
            &with_buttons(
                "      - {type: PHONE_NUMBER, text: Call, phone_number: '+1555005131012345678901'}\n",
            ),
        );
        passes(RuleId::PhoneLength, &with_buttons(PHONE));
    }

    #[test]
    fn phone_format() {
        breaks(
            RuleId::PhoneFormat,
            &with_buttons("      - {type: PHONE_NUMBER, text: Call, phone_number: 'call-me'}\n"),
        );
        passes(
            RuleId::PhoneFormat,
            &with_buttons("      - {type: PHONE_NUMBER, text: Call, phone_number: 15550051310}\n"),
        );
    }
}
