//! One test per normalisation rule (templates-api.md §4.2), each built from real payloads of
//! the corpus: create bodies from `templates/`, GET responses from `responses/`.

use serde_json::json;

use super::*;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::convert::to_document;
use crate::reconcile::field_changes::field_changes;
use crate::reconcile::test_support::*;
use crate::template::model::{Button, Component, HeaderFormat, ParameterFormat, Template};

/// The document the account's copy stands for.
fn doc(remote: &RemoteTemplate) -> Template {
    to_document(remote).unwrap().template
}

/// Paths of the fields that differ once both sides are normalised.
fn differences(desired: &Template, remote: &Template) -> Vec<String> {
    let (d, r) = comparable_pair(desired, remote);
    field_changes(&r, &d)
        .into_iter()
        .map(|f| f.path.as_str().to_owned())
        .collect()
}

fn buttons(template: &Template) -> &[Button] {
    template
        .components
        .iter()
        .find_map(|c| match c {
            Component::Buttons(b) => Some(b.buttons.as_slice()),
            _ => None,
        })
        .expect("a BUTTONS component")
}

#[test]
fn enum_case_media_handle_and_added_keys_leave_only_real_differences() {
    // The create body from Meta's utility page (lowercase enums, `4::` upload handle) against
    // the GET of the same template on the template-management page (uppercase, CDN URL). The
    // two pages use different phone numbers: that is the one real difference.
    let desired = document("docs_utility_reservation_confirmation_named.json");
    let remote = doc(&remote(
        "docs_get_all_templates_named_and_positional.json",
        "reservation_confirmation",
    ));
    assert_eq!(desired.category, "UTILITY");
    assert_eq!(desired.parameter_format, Some(ParameterFormat::Named));
    assert_eq!(
        differences(&desired, &remote),
        vec!["components.BUTTONS.buttons[1].phone_number"]
    );
}

#[test]
fn enum_case_alone_is_not_a_difference() {
    // Meta's product-carousel page writes lowercase types; pywa's copy writes uppercase.
    let lower = document("docs_carousel_product_cards_v1_quirk.json");
    let upper = document("pywa_carousel_product_cards_v1.json");
    assert!(differences(&lower, &upper).is_empty());
    let Component::Carousel(carousel) = &canonical(&lower).components[1] else {
        panic!("carousel second")
    };
    let Component::Header(header) = &carousel.cards[0].components[0] else {
        panic!("header first")
    };
    assert_eq!(header.format, HeaderFormat::Product);
}

#[test]
fn single_string_body_example_is_a_list_of_lists() {
    // `"body_text": "Pablo"` exactly as on Meta's page.
    let quirk = canonical(&document("docs_carousel_product_cards_v1_quirk.json"));
    let Component::Body(body) = &quirk.components[0] else {
        panic!("body first")
    };
    assert_eq!(
        body.example.as_ref().unwrap().body_text,
        Some(vec![vec!["Pablo".to_owned()]])
    );
}

#[test]
fn sub_category_custom_and_positional_format_are_defaults() {
    // GET returns `sub_category: CUSTOM` and `parameter_format: POSITIONAL` unasked.
    let remote = remote(
        "docs_get_all_templates_named_and_positional.json",
        "coupon_expiration_reminder_number_vars",
    );
    assert_eq!(remote.sub_category.as_deref(), Some("CUSTOM"));
    let converted = doc(&remote);
    assert_eq!(converted.sub_category, None);
    assert_eq!(converted.parameter_format, None);
    let mut written = converted.clone();
    written.parameter_format = Some(ParameterFormat::Positional);
    assert!(differences(&written, &converted).is_empty());
    // A postable sub-category on both sides that differs is a difference.
    let mut a = converted.clone();
    a.sub_category = Some("ORDER_STATUS".into());
    let mut b = converted.clone();
    b.sub_category = Some("order_details".into());
    assert_eq!(differences(&a, &b), vec!["sub_category"]);
    // Declared on one side only: not compared (Meta does not always echo it).
    assert!(differences(&a, &converted).is_empty());
}

#[test]
fn ttl_absent_equals_the_category_default() {
    // Copy-code authentication body from Meta's pt-BR page posts a TTL of 60.
    let desired = document("docs_ptbr_auth_copy_code.json");
    assert_eq!(desired.message_send_ttl_seconds, Some(60));
    let mut default_ttl = desired.clone();
    default_ttl.message_send_ttl_seconds = None;
    let mut account_default = desired.clone();
    // Meta reports the authentication default of 10 minutes (§4.2 #7).
    account_default.message_send_ttl_seconds = Some(600);
    assert!(differences(&default_ttl, &account_default).is_empty());
    assert_eq!(
        differences(&desired, &account_default),
        vec!["message_send_ttl_seconds"]
    );
    assert_eq!(canonical(&account_default).message_send_ttl_seconds, None);
    // Utility: -1 means 30 days, which is the default.
    let mut utility = document("docs_overview_order_confirmation_positional.json");
    utility.category = "UTILITY".into();
    utility.message_send_ttl_seconds = Some(-1);
    assert_eq!(canonical(&utility).message_send_ttl_seconds, None);
    // Authentication: 30 days is written as -1 (2592000 is outside its range).
    let mut month = desired.clone();
    month.message_send_ttl_seconds = Some(THIRTY_DAYS);
    assert_eq!(canonical(&month).message_send_ttl_seconds, Some(-1));
}

#[test]
fn library_and_previous_category_are_not_owned_by_the_file() {
    // hello_world (Meta's sample) carries `previous_category: ACCOUNT_UPDATE`.
    let remote = remote("postman_get_all_templates.json", "hello_world");
    assert_eq!(remote.previous_category.as_deref(), Some("ACCOUNT_UPDATE"));
    let mut with_library = remote.clone();
    with_library.library_template_name = Some("hello_world".into());
    let converted = doc(&with_library);
    assert_eq!(converted.library_template_name, None);
    assert!(differences(&doc(&remote), &converted).is_empty());
    // A file that declares the template by library name alone gets Meta's components.
    let by_name = Template {
        library_template_name: Some("hello_world".into()),
        components: Vec::new(),
        ..converted.clone()
    };
    assert!(differences(&by_name, &converted).is_empty());
}

/// An authentication template as GET returns it: the shape captured from a real account in
/// templates-api.md §4.2 #3 and #4 (GH id 20682792525).
fn authentication_get() -> RemoteTemplate {
    serde_json::from_value(json!({
        "id": "594425479261596",
        "name": "authentication_code_copy_code_button",
        "language": "en_US",
        "status": "APPROVED",
        "category": "AUTHENTICATION",
        "message_send_ttl_seconds": 60,
        "components": [
            {"type": "BODY",
             "text": "*{{1}}* is your verification code. For your security, do not share this code.",
             "add_security_recommendation": true,
             "example": {"body_text": [["123456"]]}},
            {"type": "FOOTER", "text": "This code expires in 5 minutes.", "code_expiration_minutes": 5},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Copy code",
                 "url": "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=5&code=otp{{1}}",
                 "example": ["https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=5&code=otp123456"]}
            ]}
        ]
    }))
    .unwrap()
}

#[test]
fn otp_buttons_come_back_as_url_buttons() {
    let converted = doc(&authentication_get());
    let Button::Otp(otp) = &buttons(&converted)[0] else {
        panic!("an OTP button: {converted:?}")
    };
    assert_eq!(otp.otp_type, crate::template::model::OtpType::CopyCode);
    assert_eq!(otp.text.as_deref(), Some("Copy code"));
    // Meta's copy-code page posts the label "Copy Code"; the capture shows "Copy code": the
    // label is the only difference left.
    let desired = document("docs_ptbr_auth_copy_code.json");
    assert_eq!(
        differences(&desired, &converted),
        vec!["components.BUTTONS.buttons[0].text"]
    );
    // Without a label, Meta's localised default is not a difference.
    let mut no_label = desired.clone();
    let Some(Component::Buttons(b)) = no_label.components.get_mut(2) else {
        panic!()
    };
    let Button::Otp(otp) = &mut b.buttons[0] else {
        panic!()
    };
    otp.text = None;
    assert!(differences(&no_label, &converted).is_empty());
}

#[test]
fn generated_authentication_text_is_dropped_but_legacy_text_is_kept() {
    let converted = doc(&authentication_get());
    let Component::Body(body) = &converted.components[0] else {
        panic!()
    };
    assert_eq!(body.text, None);
    assert_eq!(body.example, None);
    assert_eq!(body.add_security_recommendation, Some(true));
    let Component::Footer(footer) = &converted.components[1] else {
        panic!()
    };
    assert_eq!(footer.text, None);
    assert_eq!(footer.code_expiration_minutes, Some(5));
    // A legacy AUTHENTICATION template (no OTP button, no options) keeps its own text.
    let legacy = doc(&remote(
        "sdk_java_ptbr_get_list_transactional_prev.json",
        "number_confirmation",
    ));
    let Some(Component::Body(body)) = legacy.components.get(1) else {
        panic!()
    };
    assert_eq!(
        body.text.as_deref(),
        Some("Este é o seu código de confirmação: *{{1}}.*")
    );
}

#[test]
fn phone_numbers_compare_as_digits() {
    // Postman posts "15550051310", Meta's marketing page posts "+15550051310", and GET
    // returns "+16467043595".
    let postman = document("postman_limited_time_offer_tuscan_getaway_2023.json");
    let docs = document("docs_custom_marketing_welcome_discount_named.json");
    let phone = |t: &Template| {
        buttons(&canonical(t))
            .iter()
            .find_map(|b| match b {
                Button::PhoneNumber(p) => Some(p.phone_number.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(phone(&postman), "15550051310");
    assert_eq!(phone(&docs), phone(&postman));
    let remote = doc(&remote(
        "docs_get_all_templates_named_and_positional.json",
        "reservation_confirmation",
    ));
    assert_eq!(phone(&remote), "16467043595");
    assert_eq!(phone_digits("+1 (646) 704-3595"), "16467043595");
}

#[test]
fn component_order_is_keyed_by_type_and_button_order_matters() {
    // The Java SDK posts BUTTONS before FOOTER; GET lists FOOTER before BUTTONS. The category
    // (TRANSACTIONAL, re-categorised to UTILITY) is the one real difference.
    let desired = document("sdk_java_ptbr_schedule_confirmation3.json");
    let remote = doc(&remote(
        "sdk_java_ptbr_get_list_transactional_prev.json",
        "schedule_confirmation3",
    ));
    assert_eq!(differences(&desired, &remote), vec!["category"]);
    let kinds: Vec<&str> = canonical(&desired)
        .components
        .iter()
        .map(Component::kind)
        .collect();
    assert_eq!(kinds, ["HEADER", "BODY", "FOOTER", "BUTTONS"]);
    // Swapping two buttons is a change.
    let mut swapped = remote.clone();
    let Some(Component::Buttons(b)) = swapped.components.get_mut(3) else {
        panic!()
    };
    b.buttons.swap(0, 1);
    assert_eq!(
        differences(&swapped, &remote),
        vec![
            "components.BUTTONS.buttons[0].text",
            "components.BUTTONS.buttons[1].text"
        ]
    );
}

#[test]
fn body_text_is_compared_verbatim() {
    // "Olá  {{1}}" has two spaces in the account's copy; "\n" and "*bold*" stay as they are.
    let remote = remote(
        "sdk_java_ptbr_get_list_transactional_prev.json",
        "confirmacao_horario",
    );
    let converted = doc(&remote);
    let Some(Component::Body(body)) = converted.components.get(1) else {
        panic!()
    };
    assert!(body.text.as_deref().unwrap().starts_with("Olá  {{1}}"));
    let mut tidied = converted.clone();
    let Some(Component::Body(body)) = tidied.components.get_mut(1) else {
        panic!()
    };
    body.text = Some(body.text.as_deref().unwrap().replace("  ", " "));
    assert_eq!(
        differences(&tidied, &converted),
        vec!["components.BODY.text"]
    );
    let mut trailing = converted.clone();
    let Some(Component::Body(body)) = trailing.components.get_mut(1) else {
        panic!()
    };
    body.text = Some(format!("{} ", body.text.as_deref().unwrap()));
    assert_eq!(differences(&trailing, &converted).len(), 1);
}

#[test]
fn a_missing_remote_example_is_not_a_difference() {
    // The rejected 2023_april_promo from Postman, as a legacy account might return it: no
    // example. The edit body posts one.
    let desired = document("postman_edit_2023_april_promo.json");
    let rejected = remote("postman_get_by_name_rejected.json", "2023_april_promo");
    assert!(differences(&desired, &doc(&rejected)).is_empty());
    let without = edited(&rejected, |v| {
        v["components"][1]
            .as_object_mut()
            .unwrap()
            .remove("example");
    });
    assert!(differences(&desired, &doc(&without)).is_empty());
    // The other way round (the file drops an example the account has) is a change.
    assert_eq!(
        differences(&doc(&without), &doc(&rejected)),
        vec!["components.BODY.example.body_text"]
    );
}

#[test]
fn url_examples_compare_by_the_value_of_the_variable() {
    // Postman posts the suffix ("summer2023") for "https://www.examplesite.com/shop?promo={{1}}".
    let suffix = document("postman_limited_time_offer_tuscan_getaway_2023.json");
    let full_url = {
        let mut t = suffix.clone();
        let Some(Component::Buttons(b)) = t.components.get_mut(3) else {
            panic!()
        };
        let Button::Url(url) = &mut b.buttons[1] else {
            panic!()
        };
        url.example = Some(vec![
            "https://www.examplesite.com/shop?promo=summer2023".into(),
        ]);
        t
    };
    assert!(differences(&suffix, &full_url).is_empty());
    let mut other = suffix.clone();
    let Some(Component::Buttons(b)) = other.components.get_mut(3) else {
        panic!()
    };
    let Button::Url(url) = &mut b.buttons[1] else {
        panic!()
    };
    url.example = Some(vec!["2023".into()]);
    assert_eq!(
        differences(&other, &full_url),
        vec!["components.BUTTONS.buttons[1].example"]
    );
    // The Java SDK posts a full URL: its canonical form is the suffix.
    let java = canonical(&document("sdk_java_ptbr_new_classes_pdf_document_url.json"));
    let url = buttons(&java)
        .iter()
        .find_map(|b| match b {
            Button::Url(u) => Some(u),
            _ => None,
        })
        .unwrap();
    assert_eq!(url.example, Some(vec!["?authMode=login".to_owned()]));
}

#[test]
fn named_examples_compare_in_any_order() {
    let desired = document("docs_utility_reservation_confirmation_named.json");
    let mut reversed = desired.clone();
    let Some(Component::Body(body)) = reversed.components.get_mut(1) else {
        panic!()
    };
    body.example
        .as_mut()
        .unwrap()
        .body_text_named_params
        .as_mut()
        .unwrap()
        .reverse();
    assert!(differences(&desired, &reversed).is_empty());
}

#[test]
fn normalising_twice_changes_nothing() {
    let mut samples = all_documents();
    for file in LIST_RESPONSES {
        samples.extend(
            remote_list(file)
                .iter()
                .filter_map(|r| to_document(r).ok())
                .map(|c| c.template),
        );
    }
    samples.push(doc(&authentication_get()));
    assert!(samples.len() > 40, "{}", samples.len());
    for sample in &samples {
        let once = canonical(sample);
        assert_eq!(canonical(&once), once, "canonical: {}", sample.name);
        let once = comparable(sample);
        assert_eq!(comparable(&once), once, "comparable: {}", sample.name);
        // A template always matches itself, however it was written.
        assert!(differences(sample, &once).is_empty(), "{}", sample.name);
    }
}
