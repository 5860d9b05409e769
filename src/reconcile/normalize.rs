//! One canonical form for templates from files and from the account, so that comparing them
//! shows only real differences (templates-api.md §4.2).
//!
//! Three layers:
//! * [`canonical`]: a valid document in its tidiest form (what `import` writes and what request
//!   bodies carry): enum case, example shapes, defaults left out, OTP buttons as OTP, Meta's
//!   generated authentication text dropped, phone numbers as digits, URL examples as suffixes,
//!   top-level components in a fixed order.
//! * [`comparable`]: the canonical form minus what the file does not own or Meta rewrites
//!   (media handles, create-only keys, the order of named examples).
//! * [`comparable_pair`]: rules that need both sides (a missing remote example is not a diff;
//!   a default Meta fills in is not a diff; a key Meta does not echo is not a diff).
//!
//! Decisions worth knowing:
//! * URL button examples: Meta accepts the full sample URL or only the variable part and GET
//!   returns either. The canonical form is the suffix: when the example starts with the URL's
//!   fixed part (everything before `{{`), that part is cut off. Two examples are therefore equal
//!   when they give the same value for the variable; "one is a suffix of the other" alone is
//!   not enough (`2023` and `summer2023` differ).
//! * `sub_category`: Meta reports `CUSTOM` unasked; only the values a create body may carry are
//!   kept, and a difference counts only when both sides name one.
//! * `message_send_ttl_seconds`: absent means the category's default (§3.8), and `-1` means
//!   30 days; a TTL equal to the default is left out.

use crate::template::model::{
    Body, BodyExample, Button, Card, Component, Footer, Header, HeaderExample, OtpButton, OtpType,
    ParameterFormat, SupportedApp, Template,
};

/// 30 days in seconds: the default TTL of utility and marketing templates, and what `-1` means.
pub const THIRTY_DAYS: i64 = 2_592_000;

/// The sub-categories a create body may carry (Meta reports others, such as `CUSTOM`, unasked).
pub const POSTABLE_SUB_CATEGORIES: [&str; 3] =
    ["ORDER_DETAILS", "ORDER_STATUS", "RICH_ORDER_STATUS"];

/// Where Meta's authentication buttons point once it has turned an OTP button into a URL button.
const OTP_URL_PREFIXES: [&str; 2] = [
    "https://www.whatsapp.com/otp/code/",
    "https://whatsapp.com/otp/code/",
];

/// The TTL a template gets when none is set (§3.8); `None` for an unknown category.
pub fn default_ttl(category: &str) -> Option<i64> {
    match category {
        "AUTHENTICATION" => Some(600),
        "UTILITY" | "MARKETING" => Some(THIRTY_DAYS),
        _ => None,
    }
}

/// The TTL in effect: the value set (with `-1` read as 30 days), else the category's default.
pub fn effective_ttl(template: &Template) -> Option<i64> {
    match template.message_send_ttl_seconds {
        Some(-1) => Some(THIRTY_DAYS),
        Some(ttl) => Some(ttl),
        None => default_ttl(&template.category.trim().to_uppercase()),
    }
}

/// The canonical document form: valid wherever the input was, and stable under repetition.
pub fn canonical(template: &Template) -> Template {
    let mut t = template.clone();
    t.category = t.category.trim().to_uppercase();
    t.sub_category = t
        .sub_category
        .map(|s| s.trim().to_uppercase())
        .filter(|s| POSTABLE_SUB_CATEGORIES.contains(&s.as_str()));
    if t.parameter_format == Some(ParameterFormat::Positional) {
        t.parameter_format = None;
    }
    t.message_send_ttl_seconds = canonical_ttl(&t.category, t.message_send_ttl_seconds);
    if t.cta_url_link_tracking_opted_out == Some(false) {
        t.cta_url_link_tracking_opted_out = None;
    }
    let authentication = t.category == "AUTHENTICATION";
    canonical_components(&mut t.components, authentication);
    t
}

fn canonical_ttl(category: &str, ttl: Option<i64>) -> Option<i64> {
    let ttl = ttl?;
    let effective = if ttl == -1 { THIRTY_DAYS } else { ttl };
    if Some(effective) == default_ttl(category) {
        None
    } else if effective == THIRTY_DAYS && category == "AUTHENTICATION" {
        // 30 days is outside the authentication range except when written as -1.
        Some(-1)
    } else {
        Some(ttl)
    }
}

fn canonical_components(components: &mut [Component], authentication: bool) {
    for component in components.iter_mut() {
        match component {
            Component::Header(header) => tidy_header_example(header),
            Component::Body(body) => tidy_body_example(body),
            Component::Footer(_) => {}
            Component::Buttons(buttons) => {
                for button in &mut buttons.buttons {
                    canonical_button(button);
                }
            }
            Component::Carousel(carousel) => {
                for card in &mut carousel.cards {
                    canonical_components(&mut card.components, false);
                }
            }
            Component::LimitedTimeOffer(_) | Component::CallPermissionRequest(_) => {}
        }
    }
    if authentication {
        drop_generated_authentication_text(components);
    }
    components.sort_by_key(component_rank);
}

/// Top-level components are keyed by type: this order is the one Meta's GET uses.
fn component_rank(component: &Component) -> u8 {
    match component {
        Component::Header(_) => 0,
        Component::LimitedTimeOffer(_) => 1,
        Component::Body(_) => 2,
        Component::Footer(_) => 3,
        Component::Buttons(_) => 4,
        Component::Carousel(_) => 5,
        Component::CallPermissionRequest(_) => 6,
    }
}

fn tidy_header_example(header: &mut Header) {
    if let Some(example) = &mut header.example {
        if example.header_text.as_ref().is_some_and(Vec::is_empty) {
            example.header_text = None;
        }
        if example
            .header_text_named_params
            .as_ref()
            .is_some_and(Vec::is_empty)
        {
            example.header_text_named_params = None;
        }
        if example.header_handle.as_ref().is_some_and(Vec::is_empty) {
            example.header_handle = None;
        }
        if is_empty_header_example(example) {
            header.example = None;
        }
    }
}

fn is_empty_header_example(example: &HeaderExample) -> bool {
    example.header_text.is_none()
        && example.header_text_named_params.is_none()
        && example.header_handle.is_none()
}

fn tidy_body_example(body: &mut Body) {
    if let Some(example) = &mut body.example {
        if example
            .body_text
            .as_ref()
            .is_some_and(|rows| rows.iter().all(Vec::is_empty))
        {
            example.body_text = None;
        }
        if example
            .body_text_named_params
            .as_ref()
            .is_some_and(Vec::is_empty)
        {
            example.body_text_named_params = None;
        }
        if is_empty_body_example(example) {
            body.example = None;
        }
    }
}

fn is_empty_body_example(example: &BodyExample) -> bool {
    example.body_text.is_none() && example.body_text_named_params.is_none()
}

fn canonical_button(button: &mut Button) {
    match button {
        Button::Url(url) => {
            if let Some(otp) = otp_from_url(&url.url, &url.text) {
                *button = Button::Otp(otp);
                return;
            }
            if let Some(example) = &mut url.example {
                let fixed = url.url.split("{{").next().unwrap_or_default();
                if url.url.contains("{{") && !fixed.is_empty() {
                    for value in example.iter_mut() {
                        if let Some(suffix) = value.strip_prefix(fixed) {
                            *value = suffix.to_owned();
                        }
                    }
                }
                if example.is_empty() {
                    url.example = None;
                }
            }
        }
        Button::PhoneNumber(phone) => phone.phone_number = phone_digits(&phone.phone_number),
        _ => {}
    }
}

/// A phone number as digits only: Meta returns `+15550051310` for a posted `15550051310`.
pub fn phone_digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Undoes Meta's rewrite of an OTP button into a URL button: the OTP type survives only in
/// the query string (`...?otp_type=COPY_CODE&code=otp{{1}}`).
fn otp_from_url(url: &str, text: &str) -> Option<OtpButton> {
    let rest = OTP_URL_PREFIXES.iter().find_map(|p| url.strip_prefix(p))?;
    let query = rest.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let otp_type = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == "otp_type").then(|| value.to_uppercase())
    })?;
    let otp_type = match otp_type.as_str() {
        "COPY_CODE" => OtpType::CopyCode,
        "ONE_TAP" => OtpType::OneTap,
        "ZERO_TAP" => OtpType::ZeroTap,
        _ => return None,
    };
    Some(OtpButton {
        otp_type,
        text: Some(text.to_owned()).filter(|t| !t.is_empty()),
        autofill_text: None,
        supported_apps: None,
        zero_tap_terms_accepted: None,
        package_name: None,
        signature_hash: None,
    })
}

/// Meta fills an authentication body with "*{{1}}* is your verification code..." and its
/// example, and the footer with "This code expires in N minutes.": the file owns only the
/// options (`add_security_recommendation`, `code_expiration_minutes`). A legacy authentication
/// template without those options and without an OTP button keeps its own text.
fn drop_generated_authentication_text(components: &mut [Component]) {
    let has_otp = components.iter().any(|c| match c {
        Component::Buttons(b) => b.buttons.iter().any(|b| matches!(b, Button::Otp(_))),
        _ => false,
    });
    for component in components.iter_mut() {
        match component {
            Component::Body(body) if has_otp || body.add_security_recommendation.is_some() => {
                body.text = None;
                body.example = None;
            }
            Component::Footer(Footer {
                text,
                code_expiration_minutes: Some(_),
            }) => *text = None,
            _ => {}
        }
    }
}

/// The canonical form reduced to what the file owns, for comparing.
pub fn comparable(template: &Template) -> Template {
    let mut t = canonical(template);
    // Create-only keys: Meta ignores `allow_category_change`, does not echo library inputs,
    // and an edit cannot change link tracking (§2.4).
    t.allow_category_change = None;
    t.cta_url_link_tracking_opted_out = None;
    t.library_template_name = None;
    t.library_template_body_inputs = None;
    t.library_template_button_inputs = None;
    comparable_components(&mut t.components);
    t
}

fn comparable_components(components: &mut [Component]) {
    for component in components.iter_mut() {
        match component {
            Component::Header(header) => {
                // The account returns media examples as CDN URLs, never the upload handle sent.
                if let Some(example) = &mut header.example {
                    example.header_handle = None;
                    if let Some(named) = &mut example.header_text_named_params {
                        named.sort_by(|a, b| a.param_name.cmp(&b.param_name));
                    }
                    if is_empty_header_example(example) {
                        header.example = None;
                    }
                }
            }
            Component::Body(body) => {
                if body.add_security_recommendation == Some(false) {
                    body.add_security_recommendation = None;
                }
                // Named examples may come in any order.
                if let Some(named) = body
                    .example
                    .as_mut()
                    .and_then(|e| e.body_text_named_params.as_mut())
                {
                    named.sort_by(|a, b| a.param_name.cmp(&b.param_name));
                }
            }
            Component::Buttons(buttons) => {
                for button in &mut buttons.buttons {
                    match button {
                        Button::Flow(flow) if flow.flow_action.as_deref() == Some("navigate") => {
                            flow.flow_action = None;
                        }
                        Button::Otp(otp) => move_legacy_app_fields(otp),
                        _ => {}
                    }
                }
            }
            Component::Carousel(carousel) => {
                for card in &mut carousel.cards {
                    comparable_components(&mut card.components);
                }
            }
            _ => {}
        }
    }
}

/// Before v21.0 one-tap apps sat on the button itself; compare them as `supported_apps`.
fn move_legacy_app_fields(otp: &mut OtpButton) {
    if otp.supported_apps.is_none()
        && let (Some(package_name), Some(signature_hash)) =
            (otp.package_name.take(), otp.signature_hash.take())
    {
        otp.supported_apps = Some(vec![SupportedApp {
            package_name,
            signature_hash,
        }]);
    }
}

/// Both sides in comparable form, with the rules that need to see both applied.
pub fn comparable_pair(desired: &Template, remote: &Template) -> (Template, Template) {
    // A library template declared by name alone gets its components from Meta.
    let library_only = desired.library_template_name.is_some() && desired.components.is_empty();
    let mut d = comparable(desired);
    let mut r = comparable(remote);
    if library_only {
        r.components.clear();
    }
    if d.sub_category.is_none() || r.sub_category.is_none() {
        d.sub_category = None;
        r.sub_category = None;
    }
    align_components(&mut d.components, &mut r.components);
    (d, r)
}

/// Pairs components by type (the first of each type) and applies the asymmetric rules.
fn align_components(desired: &mut [Component], remote: &mut [Component]) {
    for d in desired.iter_mut() {
        let Some(r) = remote.iter_mut().find(|r| r.kind() == d.kind()) else {
            continue;
        };
        match (d, r) {
            // Rejected and legacy templates may come back without examples (§4.2 #11).
            (Component::Header(d), Component::Header(r)) if r.example.is_none() => {
                d.example = None;
            }
            (Component::Body(d), Component::Body(r)) if r.example.is_none() => d.example = None,
            (Component::Buttons(d), Component::Buttons(r)) => {
                for (d, r) in d.buttons.iter_mut().zip(r.buttons.iter_mut()) {
                    align_button(d, r);
                }
            }
            (Component::Carousel(d), Component::Carousel(r)) => {
                for (d, r) in d.cards.iter_mut().zip(r.cards.iter_mut()) {
                    align_card(d, r);
                }
            }
            _ => {}
        }
    }
}

fn align_card(desired: &mut Card, remote: &mut Card) {
    align_components(&mut desired.components, &mut remote.components);
}

fn align_button(desired: &mut Button, remote: &mut Button) {
    match (desired, remote) {
        (Button::Url(d), Button::Url(r)) if r.example.is_none() => d.example = None,
        (Button::Otp(d), Button::Otp(r)) => {
            // Meta fills a localised label and autofill text when none is given...
            if d.text.is_none() {
                r.text = None;
            }
            if d.autofill_text.is_none() {
                r.autofill_text = None;
            }
            // ...and GET has not been seen to echo the app list or the terms flag.
            if r.supported_apps.is_none() {
                d.supported_apps = None;
            }
            if r.zero_tap_terms_accepted.is_none() {
                d.zero_tap_terms_accepted = None;
            }
            if r.autofill_text.is_none() {
                d.autofill_text = None;
            }
        }
        (Button::VoiceCall(d), Button::VoiceCall(r)) => {
            if d.text.is_none() {
                r.text = None;
            }
            if d.ttl_minutes.is_none() {
                r.ttl_minutes = None;
            }
        }
        (Button::Flow(d), Button::Flow(r)) => {
            // A flow posted by name or JSON comes back by id: compare the reference only when
            // both sides use the same kind.
            let same_reference = (d.flow_id.is_some() == r.flow_id.is_some())
                && (d.flow_name.is_some() == r.flow_name.is_some())
                && (d.flow_json.is_some() == r.flow_json.is_some());
            if !same_reference {
                for flow in [&mut *d, &mut *r] {
                    flow.flow_id = None;
                    flow.flow_name = None;
                    flow.flow_json = None;
                }
            }
            if d.navigate_screen.is_none() {
                r.navigate_screen = None;
            }
            if d.icon.is_none() {
                r.icon = None;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
