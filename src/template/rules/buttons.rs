//! The BUTTONS component: counts per type, grouping, labels, URLs, phone numbers, codes, flows.
//!
//! OTP details live in `authentication.rs`, card limits in `carousel.rs`.

use super::variables::{self, Var};
use super::{Category, Checker, Ctx, authentication, chars};
use crate::template::model::{Button, Buttons, FlowButton, UrlButton};

const BUTTONS_MAX: usize = 10;
const LABEL_MAX: usize = 25;
const VOICE_CALL_LABEL_MAX: usize = 20;
const URL_MAX: usize = 2000;
const PHONE_MAX: usize = 20;
const COPY_CODE_MAX: usize = 20;
const COPY_CODE_SAFE: usize = 15;

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
            "buttons-empty",
            &list_path,
            "a BUTTONS component without buttons",
            "add buttons, or remove the component",
        );
        return;
    }
    if list.len() > BUTTONS_MAX {
        ck.report(
            "buttons-count",
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
                "button-type-count",
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
            "quick-reply-grouping",
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
        Button::Url(url) => check_url(ck, path, url),
        Button::PhoneNumber(phone) => {
            check_phone(ck, &format!("{path}.phone_number"), &phone.phone_number)
        }
        Button::CopyCode(code) => check_copy_code(ck, &format!("{path}.example"), &code.example),
        Button::Otp(otp) => authentication::check_otp_button(ck, path, otp, category),
        Button::Flow(flow) => check_flow(ck, path, flow),
        Button::VoiceCall(call) => {
            if let Some(ttl) = call.ttl_minutes.filter(|t| !(1440..=43_200).contains(t)) {
                ck.report(
                    "voice-call-ttl",
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
            "button-text-empty",
            path,
            "the button label is empty",
            "give the button a short label",
        );
        return;
    }
    let length = chars(text);
    if length > max {
        ck.report(
            "button-text-length",
            path,
            format!("the label has {length} characters; the limit is {max}"),
            "shorten the label",
        );
    }
}

fn check_url(ck: &mut Checker, path: &str, button: &UrlButton) {
    let url_path = format!("{path}.url");
    let url = button.url.as_str();
    let length = chars(url);
    if length > URL_MAX {
        ck.report(
            "url-length",
            &url_path,
            format!("the URL has {length} characters; the limit is {URL_MAX}"),
            "shorten the URL",
        );
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        ck.report(
            "url-format",
            &url_path,
            "the URL does not start with https:// or http://",
            "write the full address, e.g. https://shop.example.com/orders/{{1}}",
        );
    }
    let (placeholders, unclosed) = variables::scan(url);
    let bad = unclosed.is_some()
        || placeholders.len() > 1
        || placeholders.iter().any(|p| {
            p.end != url.len() || !matches!(p.var, Some(Var::Positional(1)) | Some(Var::Named(_)))
        });
    if bad {
        ck.report(
            "url-variable",
            &url_path,
            "a URL may hold one variable (`{{1}}` or a named one), at its very end",
            "end the URL with one variable, e.g. https://shop.example.com/orders/{{1}}",
        );
    }
    let example = button.example.as_deref().unwrap_or_default();
    let example_path = format!("{path}.example");
    if placeholders.is_empty() && unclosed.is_none() {
        if button.example.is_some() {
            ck.report_key(
                "url-example-unused",
                &example_path,
                "an example for a URL without a variable",
                "remove the example",
            );
        }
        return;
    }
    match example {
        [] => ck.report(
            "url-example-missing",
            if button.example.is_some() { &example_path } else { &url_path },
            "the URL has a variable but no example",
            "add `example: [\"https://shop.example.com/orders/A1234\"]` (the full URL or the suffix)",
        ),
        [one] if one.trim().is_empty() => ck.report(
            "example-shape",
            &example_path,
            "the URL example is empty",
            "give a sample value for the variable",
        ),
        [_] => {}
        _ => ck.report(
            "example-shape",
            &example_path,
            format!("{} URL examples; the URL has one variable", example.len()),
            "give one example",
        ),
    }
}

fn check_phone(ck: &mut Checker, path: &str, phone: &str) {
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

fn check_copy_code(ck: &mut Checker, path: &str, code: &str) {
    let length = chars(code);
    if code.trim().is_empty() {
        ck.report(
            "example-shape",
            path,
            "the COPY_CODE example is empty",
            "give a sample code, e.g. SUMMER25",
        );
    } else if length > COPY_CODE_MAX {
        ck.report(
            "copy-code-length",
            path,
            format!("the code has {length} characters; the limit is {COPY_CODE_MAX}"),
            "use a shorter sample code",
        );
    } else if length > COPY_CODE_SAFE {
        ck.report(
            "copy-code-long",
            path,
            format!(
                "the code has {length} characters; some of Meta's pages allow only {COPY_CODE_SAFE}"
            ),
            "a code of at most 15 characters is accepted everywhere",
        );
    }
}

fn check_flow(ck: &mut Checker, path: &str, flow: &FlowButton) {
    let targets = [&flow.flow_id, &flow.flow_name, &flow.flow_json]
        .iter()
        .filter(|t| t.is_some())
        .count();
    if targets != 1 {
        ck.report(
            "flow-target",
            path,
            if targets == 0 {
                "the FLOW button names no flow".to_owned()
            } else {
                format!("the FLOW button names {targets} flows")
            },
            "give exactly one of `flow_id`, `flow_name` or `flow_json`",
        );
    }
    if let Some(action) = flow.flow_action.as_deref()
        && !matches!(action, "navigate" | "data_exchange")
    {
        ck.report(
            "flow-action",
            &format!("{path}.flow_action"),
            format!("unknown flow_action `{action}`"),
            "use `navigate` or `data_exchange`",
        );
    }
    if let Some(icon) = flow.icon.as_deref()
        && !matches!(icon, "DOCUMENT" | "PROMOTION" | "REVIEW")
    {
        ck.report(
            "flow-icon",
            &format!("{path}.icon"),
            format!("unknown icon `{icon}`"),
            "use DOCUMENT, PROMOTION or REVIEW",
        );
    }
    if let Some(json) = flow.flow_json.as_deref()
        && let Err(err) = serde_json::from_str::<serde_json::Value>(json)
    {
        ck.report(
            "flow-json",
            &format!("{path}.flow_json"),
            format!("flow_json is not valid JSON: {err}"),
            "paste the Flow JSON as a string (a YAML block scalar `|` keeps it readable)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn with_buttons(buttons: &str) -> String {
        marketing(&format!("{BODY}  - type: BUTTONS\n    buttons:\n{buttons}"))
    }

    const QR: &str = "      - {type: QUICK_REPLY, text: Stop promotions}\n";
    const URL: &str = "      - {type: URL, text: Shop, url: 'https://shop.example.com'}\n";
    const PHONE: &str =
        "      - {type: PHONE_NUMBER, text: Call us, phone_number: '+15550051310'}\n";

    #[test]
    fn buttons_empty() {
        breaks(
            "buttons-empty",
            &marketing(&format!("{BODY}  - {{type: BUTTONS, buttons: []}}\n")),
        );
        passes("buttons-empty", &with_buttons(QR));
    }

    #[test]
    fn buttons_count() {
        breaks("buttons-count", &with_buttons(&QR.repeat(11)));
        passes("buttons-count", &with_buttons(&QR.repeat(10)));
    }

    #[test]
    fn button_type_count() {
        let d = breaks("button-type-count", &with_buttons(&URL.repeat(3)));
        assert_eq!(d.path.as_deref(), Some("components[1].buttons[2].type"));
        breaks("button-type-count", &with_buttons(&PHONE.repeat(2)));
        passes(
            "button-type-count",
            &with_buttons(&format!("{URL}{URL}{PHONE}")),
        );
    }

    #[test]
    fn button_text_empty() {
        breaks(
            "button-text-empty",
            &with_buttons("      - {type: QUICK_REPLY, text: ''}\n"),
        );
        passes("button-text-empty", &with_buttons(QR));
    }

    #[test]
    fn yes_and_no_labels_stay_text() {
        // YAML 1.1 would read these as booleans; the loader reads YAML 1.2.
        passes(
            "button-text-empty",
            &with_buttons(
                "      - {type: QUICK_REPLY, text: Yes}\n      - {type: QUICK_REPLY, text: No}\n",
            ),
        );
    }

    #[test]
    fn button_text_length() {
        breaks(
            "button-text-length",
            &with_buttons(&format!(
                "      - {{type: QUICK_REPLY, text: '{}'}}\n",
                "x".repeat(26)
            )),
        );
        breaks(
            "button-text-length",
            &with_buttons(&format!(
                "      - {{type: VOICE_CALL, text: '{}'}}\n",
                "x".repeat(21)
            )),
        );
        passes(
            "button-text-length",
            &with_buttons(&format!(
                "      - {{type: QUICK_REPLY, text: '{}'}}\n",
                "x".repeat(25)
            )),
        );
    }

    #[test]
    fn quick_reply_grouping() {
        breaks(
            "quick-reply-grouping",
            &with_buttons(&format!("{QR}{URL}{QR}")),
        );
        passes(
            "quick-reply-grouping",
            &with_buttons(&format!("{URL}{PHONE}{QR}{QR}")),
        );
    }

    #[test]
    fn url_length() {
        let long = format!(
            "      - {{type: URL, text: Shop, url: 'https://shop.example.com/{}'}}\n",
            "a".repeat(2000)
        );
        breaks("url-length", &with_buttons(&long));
        passes("url-length", &with_buttons(URL));
    }

    #[test]
    fn url_format() {
        breaks(
            "url-format",
            &with_buttons("      - {type: URL, text: Shop, url: 'shop.example.com'}\n"),
        );
        passes("url-format", &with_buttons(URL));
    }

    #[test]
    fn url_variable() {
        breaks(
            "url-variable",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}/x', example: [a]}\n",
            ),
        );
        breaks(
            "url-variable",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}{{2}}', example: [a]}\n",
            ),
        );
        breaks(
            "url-variable",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{2}}', example: [a]}\n",
            ),
        );
        passes(
            "url-variable",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{order_id}}', example: [A1]}\n",
            ),
        );
    }

    #[test]
    fn url_example_missing() {
        breaks(
            "url-example-missing",
            &with_buttons("      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}'}\n"),
        );
        passes(
            "url-example-missing",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}', example: ['https://s.example.com/A1']}\n",
            ),
        );
    }

    #[test]
    fn url_example_unused() {
        let d = breaks(
            "url-example-unused",
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com', example: [a]}\n",
            ),
        );
        assert!(!d.is_error());
        passes("url-example-unused", &with_buttons(URL));
    }

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

    #[test]
    fn copy_code_length() {
        breaks(
            "copy-code-length",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(21)
            )),
        );
        passes(
            "copy-code-length",
            &with_buttons("      - {type: COPY_CODE, example: SUMMER25}\n"),
        );
    }

    #[test]
    fn copy_code_long() {
        let d = breaks(
            "copy-code-long",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(20)
            )),
        );
        assert!(!d.is_error());
        passes(
            "copy-code-long",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(15)
            )),
        );
    }

    #[test]
    fn flow_target() {
        breaks(
            "flow-target",
            &with_buttons("      - {type: FLOW, text: Book}\n"),
        );
        breaks(
            "flow-target",
            &with_buttons("      - {type: FLOW, text: Book, flow_id: '1', flow_name: book}\n"),
        );
        passes(
            "flow-target",
            &with_buttons("      - {type: FLOW, text: Book, flow_id: 1234567890}\n"),
        );
    }

    #[test]
    fn flow_action() {
        breaks(
            "flow-action",
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, flow_action: open}\n"),
        );
        passes(
            "flow-action",
            &with_buttons(
                "      - {type: FLOW, text: Book, flow_name: book, flow_action: NAVIGATE}\n",
            ),
        );
    }

    #[test]
    fn flow_icon() {
        breaks(
            "flow-icon",
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, icon: star}\n"),
        );
        passes(
            "flow-icon",
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, icon: review}\n"),
        );
    }

    #[test]
    fn flow_json() {
        breaks(
            "flow-json",
            &with_buttons("      - {type: FLOW, text: Book, flow_json: '{\"version\": '}\n"),
        );
        passes(
            "flow-json",
            &with_buttons(
                "      - {type: FLOW, text: Book, flow_json: '{\"version\": \"5.0\", \"screens\": []}'}\n",
            ),
        );
    }

    #[test]
    fn voice_call_ttl() {
        breaks(
            "voice-call-ttl",
            &with_buttons("      - {type: VOICE_CALL, text: Call now, ttl_minutes: 60}\n"),
        );
        passes(
            "voice-call-ttl",
            &with_buttons("      - {type: VOICE_CALL, text: Call now, ttl_minutes: 1440}\n"),
        );
    }
}
