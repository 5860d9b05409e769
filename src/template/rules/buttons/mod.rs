//! The BUTTONS component: counts per type, grouping, labels, and each button handed to the
//! checks of its type (`url`, `phone`, `copy_code`, `flow`; OTP in `authentication.rs`).
//!
//! Card limits live in `carousel.rs`.

mod copy_code;
mod flow;
mod otp;
mod phone;
mod url;

use super::{Category, Checker, Ctx, chars};
use crate::template::model::{Button, Buttons};
use crate::template::rule_id::RuleId;

const BUTTONS_MAX: usize = 10;
const LABEL_MAX: usize = 25;
const VOICE_CALL_LABEL_MAX: usize = 20;

/// Per-type limits Meta documents.
const TYPE_LIMITS: [(&str, usize); 5] = [
    ("QUICK_REPLY", 10),
    ("URL", 2),
    ("PHONE_NUMBER", 1),
    ("COPY_CODE", 1),
    ("VOICE_CALL", 1),
];

pub(super) fn check(ck: &mut Checker, path: &str, buttons: &Buttons, ctx: &Ctx) {
    check_list(ck, path, buttons, ctx.category);
}

/// The checks shared by a template's buttons and a card's.
pub(super) fn check_list(ck: &mut Checker, path: &str, buttons: &Buttons, category: Category) {
    let list = &buttons.buttons;
    let list_path = format!("{path}.buttons");
    if list.is_empty() {
        ck.report(
            RuleId::ButtonsEmpty,
            &list_path,
            "a BUTTONS component without buttons",
            "add buttons, or remove the component",
        );
        return;
    }
    if list.len() > BUTTONS_MAX {
        ck.report(
            RuleId::ButtonsCount,
            &format!("{list_path}[{BUTTONS_MAX}]"),
            format!("{} buttons; the limit is {BUTTONS_MAX}", list.len()),
            "remove buttons",
        );
    }
    for (kind, max) in TYPE_LIMITS {
        if let Some(extra) = list
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind() == kind)
            .nth(max)
        {
            ck.report(
                RuleId::ButtonTypeCount,
                &format!("{list_path}[{}].type", extra.0),
                format!(
                    "more than {max} {kind} button{}",
                    if max == 1 { "" } else { "s" }
                ),
                format!("keep at most {max}"),
            );
        }
    }
    check_grouping(ck, &list_path, list);
    for (i, button) in list.iter().enumerate() {
        check_button(ck, &format!("{list_path}[{i}]"), button, category);
    }
}

/// Quick replies sit together: `QR, QR, URL` is fine, `QR, URL, QR` is not.
fn check_grouping(ck: &mut Checker, list_path: &str, list: &[Button]) {
    let quick: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Button::QuickReply(_)))
        .map(|(i, _)| i)
        .collect();
    if let Some(pair) = quick.windows(2).find(|w| w[1] != w[0] + 1) {
        ck.report(
            RuleId::QuickReplyGrouping,
            &format!("{list_path}[{}].type", pair[1]),
            format!(
                "QUICK_REPLY buttons are split by {}",
                list[pair[0] + 1].kind()
            ),
            "put all QUICK_REPLY buttons together, before or after the other buttons",
        );
    }
}

fn check_button(ck: &mut Checker, path: &str, button: &Button, category: Category) {
    let max = if matches!(button, Button::VoiceCall(_)) {
        VOICE_CALL_LABEL_MAX
    } else {
        LABEL_MAX
    };
    if let Some(text) = button.text() {
        check_label(ck, &format!("{path}.text"), text, max);
    }
    match button {
        Button::Url(button) => url::check(ck, path, button),
        Button::PhoneNumber(phone) => {
            phone::check(ck, &format!("{path}.phone_number"), &phone.phone_number)
        }
        Button::CopyCode(code) => copy_code::check(ck, &format!("{path}.example"), &code.example),
        Button::Otp(otp) => otp::check_otp_button(ck, path, otp, category),
        Button::Flow(button) => flow::check(ck, path, button),
        Button::VoiceCall(call) => {
            if let Some(ttl) = call.ttl_minutes.filter(|t| !(1440..=43_200).contains(t)) {
                ck.report(
                    RuleId::VoiceCallTtl,
                    &format!("{path}.ttl_minutes"),
                    format!("ttl_minutes {ttl} is outside 1440-43200"),
                    "set ttl_minutes between 1440 (1 day) and 43200 (30 days), or remove it",
                );
            }
        }
        Button::QuickReply(_) | Button::Catalog(_) | Button::Mpm(_) | Button::Spm(_) => {}
    }
}

/// A button label: not empty, not too long.
pub(super) fn check_label(ck: &mut Checker, path: &str, text: &str, max: usize) {
    if text.trim().is_empty() {
        ck.report(
            RuleId::ButtonTextEmpty,
            path,
            "the button label is empty",
            "give the button a short label",
        );
        return;
    }
    let length = chars(text);
    if length > max {
        ck.report(
            RuleId::ButtonTextLength,
            path,
            format!("the label has {length} characters; the limit is {max}"),
            "shorten the label",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    pub(super) fn with_buttons(buttons: &str) -> String {
        marketing(&format!("{BODY}  - type: BUTTONS\n    buttons:\n{buttons}"))
    }

    pub(super) const QR: &str = "      - {type: QUICK_REPLY, text: Stop promotions}\n";
    pub(super) const URL: &str =
        "      - {type: URL, text: Shop, url: 'https://shop.example.com'}\n";
    pub(super) const PHONE: &str =
        "      - {type: PHONE_NUMBER, text: Call us, phone_number: '+15550051310'}\n";

    #[test]
    fn buttons_empty() {
        breaks(
            RuleId::ButtonsEmpty,
            &marketing(&format!("{BODY}  - {{type: BUTTONS, buttons: []}}\n")),
        );
        passes(RuleId::ButtonsEmpty, &with_buttons(QR));
    }

    #[test]
    fn buttons_count() {
        breaks(RuleId::ButtonsCount, &with_buttons(&QR.repeat(11)));
        passes(RuleId::ButtonsCount, &with_buttons(&QR.repeat(10)));
    }

    #[test]
    fn button_type_count() {
        let d = breaks(RuleId::ButtonTypeCount, &with_buttons(&URL.repeat(3)));
        assert_eq!(d.path.as_deref(), Some("components[1].buttons[2].type"));
        breaks(RuleId::ButtonTypeCount, &with_buttons(&PHONE.repeat(2)));
        passes(
            RuleId::ButtonTypeCount,
            &with_buttons(&format!("{URL}{URL}{PHONE}")),
        );
    }

    #[test]
    fn button_text_empty() {
        breaks(
            RuleId::ButtonTextEmpty,
            &with_buttons("      - {type: QUICK_REPLY, text: ''}\n"),
        );
        passes(RuleId::ButtonTextEmpty, &with_buttons(QR));
    }

    #[test]
    fn yes_and_no_labels_stay_text() {
        // YAML 1.1 would read these as booleans; the loader reads YAML 1.2.
        passes(
            RuleId::ButtonTextEmpty,
            &with_buttons(
                "      - {type: QUICK_REPLY, text: Yes}\n      - {type: QUICK_REPLY, text: No}\n",
            ),
        );
    }

    #[test]
    fn button_text_length() {
        breaks(
            RuleId::ButtonTextLength,
            &with_buttons(&format!(
                "      - {{type: QUICK_REPLY, text: '{}'}}\n",
                "x".repeat(26)
            )),
        );
        breaks(
            RuleId::ButtonTextLength,
            &with_buttons(&format!(
                "      - {{type: VOICE_CALL, text: '{}'}}\n",
                "x".repeat(21)
            )),
        );
        passes(
            RuleId::ButtonTextLength,
            &with_buttons(&format!(
                "      - {{type: QUICK_REPLY, text: '{}'}}\n",
                "x".repeat(25)
            )),
        );
    }

    #[test]
    fn quick_reply_grouping() {
        breaks(
            RuleId::QuickReplyGrouping,
            &with_buttons(&format!("{QR}{URL}{QR}")),
        );
        passes(
            RuleId::QuickReplyGrouping,
            &with_buttons(&format!("{URL}{PHONE}{QR}{QR}")),
        );
    }

    #[test]
    fn voice_call_ttl() {
        breaks(
            RuleId::VoiceCallTtl,
            &with_buttons("      - {type: VOICE_CALL, text: Call now, ttl_minutes: 60}\n"),
        );
        passes(
            RuleId::VoiceCallTtl,
            &with_buttons("      - {type: VOICE_CALL, text: Call now, ttl_minutes: 1440}\n"),
        );
    }
}
