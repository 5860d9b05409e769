//! Send bodies against Meta's documented send bodies (tests/fixtures/meta/sends), and the
//! refusal of missing and extra parameters for each kind of parameter.

use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::template::diagnostic::SourceFile;
use crate::template::load::{Loaded, load_source};

fn template(yaml: &str) -> Template {
    let mut loaded = Loaded::default();
    let file = Arc::new(SourceFile {
        path: "t.yaml".into(),
        text: yaml.into(),
    });
    load_source(file, &mut loaded);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.documents.remove(0).template
}

fn flags(pairs: &[(&str, &str)]) -> Params {
    let mut params = Params::default();
    for (key, value) in pairs {
        params.set_flag(key, value).unwrap();
    }
    params
}

/// A parameters file with `yaml` in it, read back.
fn file(yaml: &str) -> Params {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("params.yaml");
    std::fs::write(&path, yaml).unwrap();
    Params::from_file(&path).unwrap()
}

/// The components of a send body in the corpus, with Meta's loose spellings (integer index,
/// upper-case sub_type) brought to the one form we write.
fn corpus_components(name: &str) -> Value {
    let path = format!("{}/sends/{name}", crate::reconcile::test_support::CORPUS);
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut components = body["template"]["components"].take();
    fn tidy(component: &mut Value) {
        if let Some(index) = component.get("index").cloned() {
            component["index"] = json!(index.to_string().trim_matches('"'));
        }
        if let Some(Value::String(sub_type)) = component.get_mut("sub_type") {
            *sub_type = sub_type.to_lowercase();
        }
        if let Some(cards) = component.get_mut("cards").and_then(Value::as_array_mut) {
            for card in cards {
                card["components"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .for_each(tidy);
            }
        }
    }
    components.as_array_mut().unwrap().iter_mut().for_each(tidy);
    components
}

fn components(template: &Template, params: &Params) -> Value {
    build_send_body(template, "+16505551234", params).unwrap()["template"]["components"].clone()
}

fn problems(template: &Template, params: &Params) -> String {
    build_send_body(template, "+16505551234", params)
        .unwrap_err()
        .to_string()
}

const ORDER_POSITIONAL: &str = "name: order_confirmation\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}, order {{2}} is confirmed.\n    example: {body_text: [[Jessica, X]]}\n";

#[test]
fn positional_and_named_bodies_match_metas_examples() {
    let positional = template(ORDER_POSITIONAL);
    let body = build_send_body(
        &positional,
        "+16505551234",
        &flags(&[("1", "Jessica"), ("2", "SKBUP2-4CPIG9")]),
    )
    .unwrap();
    assert_eq!(
        body["template"]["components"],
        corpus_components("docs_send_positional_params.json")
    );
    assert_eq!(body["template"]["language"]["code"], "en_US");

    let named = template(
        "name: order_confirmation\nlanguage: en_US\ncategory: UTILITY\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: Hi {{first_name}}, order {{order_number}} is confirmed.\n    example: {body_text_named_params: [{param_name: first_name, example: J}, {param_name: order_number, example: X}]}\n",
    );
    assert_eq!(
        components(
            &named,
            &file("body: {order_number: SKBUP2-4CPIG9, first_name: Jessica}\n")
        ),
        corpus_components("docs_send_named_params.json")
    );
}

#[test]
fn named_image_header_by_id_matches_metas_example() {
    let welcome = template(
        "name: welcome_discount_template\nlanguage: en_US\ncategory: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: HEADER\n    format: IMAGE\n    example: {header_handle: ['4::a']}\n  - type: BODY\n    text: Hi {{first_name}}, use {{discount_code}} for {{discount_amount}} off.\n    example: {body_text_named_params: [{param_name: first_name, example: J}, {param_name: discount_code, example: X}, {param_name: discount_amount, example: Y}]}\n",
    );
    let params = file(
        "header: {image: '1339522734477770'}\nbody: {first_name: Jessica, discount_code: WELCOME25, discount_amount: 25%}\n",
    );
    assert_eq!(
        components(&welcome, &params),
        corpus_components("docs_send_named_image_header_by_id.json")
    );
}

const LTO: &str = "name: lto\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    format: IMAGE\n    example: {header_handle: ['4::a']}\n  - type: LIMITED_TIME_OFFER\n    limited_time_offer: {text: Expiring offer!, has_expiration: true}\n  - type: BODY\n    text: Good news, {{1}}! Use code {{2}} today.\n    example: {body_text: [[Pablo, CARIBE25]]}\n  - type: BUTTONS\n    buttons:\n      - {type: COPY_CODE, example: CARIBE25}\n      - {type: URL, text: Book now!, url: 'https://example.com/offers?code={{1}}', example: ['https://example.com/offers?code=n3mtql']}\n";

#[test]
fn media_header_offer_copy_code_and_url_match_metas_example() {
    let lto = template(LTO);
    let params = flags(&[
        ("header.image", "1602186516975000"),
        ("1", "Pablo"),
        ("2", "CARIBE25"),
        ("offer.expiration", "1209600000"),
        ("button.0", "CARIBE25"),
        ("button.1", "n3mtql"),
    ]);
    assert_eq!(
        components(&lto, &params),
        corpus_components("docs_send_lto_expiration_copy_code_url.json")
    );
}

#[test]
fn coupon_code_after_a_quick_reply_matches_metas_example() {
    let coupon = template(
        "name: coupon_code_fall2023_25off\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    text: Use code {{1}} to get {{2}} off all fall items.\n    example: {body_text: [[25OFF, 25%]]}\n  - type: BUTTONS\n    buttons:\n      - {type: QUICK_REPLY, text: Unsubscribe}\n      - {type: COPY_CODE, example: 25OFF}\n",
    );
    let params = file("body: {1: 25OFF, 2: 25%}\nbuttons: {1: 25OFF}\n");
    assert_eq!(
        components(&coupon, &params),
        corpus_components("docs_send_coupon_copy_code.json")
    );
}

#[test]
fn authentication_code_goes_in_body_and_button() {
    let auth = template(
        "name: otp\nlanguage: en_US\ncategory: AUTHENTICATION\ncomponents:\n  - {type: BODY, add_security_recommendation: true}\n  - type: BUTTONS\n    buttons: [{type: OTP, otp_type: COPY_CODE, text: Copy code}]\n",
    );
    assert_eq!(
        components(&auth, &flags(&[("1", "J$FpnYnP")])),
        corpus_components("docs_send_auth_otp_url_button.json")
    );
    assert!(problems(&auth, &Params::default()).contains("missing parameter `body.1`"));
}

#[test]
fn call_permission_request_needs_only_body_parameters() {
    let cpr = template(
        "name: cpr\nlanguage: en_US\ncategory: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: Hi {{first_name}}, can we call you about your order?\n    example: {body_text_named_params: [{param_name: first_name, example: Pablo}]}\n  - type: call_permission_request\n",
    );
    assert_eq!(
        components(&cpr, &flags(&[("first_name", "Pablo")])),
        corpus_components("docs_send_call_permission_named.json")
    );
}

const MPM: &str = "name: abandoned_cart\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    format: TEXT\n    text: Forget something, {{1}}?\n    example: {header_text: [Pablo]}\n  - type: BODY\n    text: Use code {{1}} to get 10% off these items.\n    example: {body_text: [[10OFF]]}\n  - type: BUTTONS\n    buttons: [{type: MPM, text: View items}]\n";

const MPM_PARAMS: &str = "header: {1: Pablo}\nbody: {1: 10OFF}\nthumbnail: 2lc20305pt\nsections:\n  - title: Popular Bundles\n    product_items: [2lc20305pt, nseiw1x3ch]\n  - title: Premium Packages\n    product_items: [{product_retailer_id: n6k6x0y7oe}]\n";

#[test]
fn multi_product_sections_match_metas_example() {
    let mpm = template(MPM);
    assert_eq!(
        components(&mpm, &file(MPM_PARAMS)),
        corpus_components("docs_send_mpm_sections.json")
    );
    let without = file("header: {1: Pablo}\nbody: {1: 10OFF}\n");
    let err = problems(&mpm, &without);
    assert!(
        err.contains("missing parameter `sections` (sections, button 0 (mpm))"),
        "{err}"
    );
    assert!(err.contains("missing parameter `thumbnail`"), "{err}");
    let bad = file(&format!(
        "{MPM_PARAMS}product: {{catalog_id: '1', product_retailer_id: x}}\n"
    ));
    assert!(problems(&mpm, &bad).contains("unknown parameter `product.catalog_id`"));
    let empty = file(
        "header: {1: Pablo}\nbody: {1: 10OFF}\nthumbnail: x\nsections:\n  - title: A\n    product_items: []\n",
    );
    let err = problems(&mpm, &empty);
    assert!(err.contains("params.yaml:4:"), "{err}");
    assert!(err.contains("section 0 has no `product_items`"), "{err}");
}

const CATALOG: &str = "name: intro_catalog_offer\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    text: Now shop on WhatsApp! Get Rs {{1}} off orders above {{2}}Rs for your first {{3}} orders!\n    example: {body_text: [['100', '400', '3']]}\n  - type: BUTTONS\n    buttons: [{type: CATALOG, text: View catalog}]\n";

#[test]
fn catalog_thumbnail_matches_metas_example() {
    let catalog = template(CATALOG);
    let params = flags(&[
        ("1", "100"),
        ("2", "400"),
        ("3", "3"),
        ("thumbnail", "2lc20305pt"),
    ]);
    assert_eq!(
        components(&catalog, &params),
        corpus_components("docs_send_catalog_thumbnail.json")
    );
    let err = problems(&catalog, &flags(&[("1", "100"), ("2", "400"), ("3", "3")]));
    assert!(
        err.contains("missing parameter `thumbnail` (thumbnail, button 0 (catalog))"),
        "{err}"
    );
}

const SPM: &str = "name: featured\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - {type: HEADER, format: PRODUCT}\n  - type: BODY\n    text: Use code {{1}}.\n    example: {body_text: [[BEAN15]]}\n  - type: BUTTONS\n    buttons: [{type: SPM, text: View}]\n";

#[test]
fn single_product_header_carries_the_product() {
    let spm = template(SPM);
    let params = flags(&[
        ("1", "BEAN15"),
        ("product.catalog_id", "194836987003835"),
        ("product.product_retailer_id", "vrpj01fvwp"),
    ]);
    assert_eq!(
        components(&spm, &params),
        json!([
            {"type": "header", "parameters": [{"type": "product", "product":
                {"product_retailer_id": "vrpj01fvwp", "catalog_id": "194836987003835"}}]},
            {"type": "body", "parameters": [{"type": "text", "text": "BEAN15"}]},
        ])
    );
    assert!(
        problems(&spm, &flags(&[("1", "x")]))
            .contains("missing parameter `product` (product, header)")
    );
    let half = flags(&[("1", "x"), ("product.catalog_id", "1")]);
    assert!(problems(&spm, &half).contains("`product_retailer_id` is missing"));
}

const MEDIA_CAROUSEL: &str = "name: carousel_template_media_cards_v1\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    text: Hi {{1}}! Get {{2}} off with code {{3}}.\n    example: {body_text: [[Pablo, 20%, 20OFF]]}\n  - type: CAROUSEL\n    cards:\n";

fn media_carousel() -> Template {
    let card = "      - components:\n          - {type: HEADER, format: IMAGE, example: {header_handle: ['4::a']}}\n          - {type: BODY, text: Aloes are easy.}\n          - type: BUTTONS\n            buttons:\n              - {type: QUICK_REPLY, text: More}\n              - {type: URL, text: Buy, url: 'https://example.com/{{1}}', example: ['https://example.com/x']}\n";
    template(&format!("{MEDIA_CAROUSEL}{}", card.repeat(3)))
}

const MEDIA_CAROUSEL_PARAMS: &str = "body: {1: Pablo, 2: 20%, 3: 20OFF}\ncards:\n  - header: {image: '1558081531584829'}\n    buttons: {0: more-aloes, 1: blue-elf}\n  - header: {image: '861236878885705'}\n    buttons: {0: more-crassulas, 1: buddhas-temple}\n  - header: {image: '1587064918516321'}\n    buttons: {0: more-echeverias, 1: black-prince}\n";

#[test]
fn media_carousel_matches_metas_example() {
    let carousel = media_carousel();
    assert_eq!(
        components(&carousel, &file(MEDIA_CAROUSEL_PARAMS)),
        corpus_components("docs_send_media_carousel.json")
    );
    let fewer = file(
        "body: {1: Pablo, 2: 20%, 3: 20OFF}\ncards:\n  - header: {image: '1'}\n    buttons: {1: a}\n  - header: {image: '2'}\n    buttons: {1: b}\n",
    );
    let err = problems(&carousel, &fewer);
    assert!(
        err.contains("missing parameter `cards[2].header.image` (image, card 2 header)"),
        "{err}"
    );
    assert!(
        err.contains("missing parameter `cards[2].buttons.1` (text, card 2 button 1 (url))"),
        "{err}"
    );
    let more = file(&format!(
        "{MEDIA_CAROUSEL_PARAMS}  - header: {{image: '4'}}\n"
    ));
    assert!(problems(&carousel, &more).contains("unknown parameter `cards[3].header.image`"));
    // The same values through -p keys.
    let mut flagged = flags(&[("1", "Pablo"), ("2", "20%"), ("3", "20OFF")]);
    for (card, (image, payload, slug)) in [
        ("1558081531584829", "more-aloes", "blue-elf"),
        ("861236878885705", "more-crassulas", "buddhas-temple"),
        ("1587064918516321", "more-echeverias", "black-prince"),
    ]
    .iter()
    .enumerate()
    {
        flagged
            .set_flag(&format!("card.{card}.header.image"), image)
            .unwrap();
        flagged
            .set_flag(&format!("card.{card}.button.0"), payload)
            .unwrap();
        flagged
            .set_flag(&format!("card.{card}.button.1"), slug)
            .unwrap();
    }
    assert_eq!(
        components(&carousel, &flagged),
        corpus_components("docs_send_media_carousel.json")
    );
}

#[test]
fn product_carousel_matches_metas_example() {
    let card = "      - components:\n          - {type: HEADER, format: PRODUCT}\n          - type: BUTTONS\n            buttons: [{type: SPM, text: View}]\n";
    let carousel = template(&format!(
        "name: carousel_template_product_cards_v1\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    text: Hi {{{{1}}}}, see these.\n    example: {{body_text: [[Pablo]]}}\n  - type: CAROUSEL\n    cards:\n{}",
        card.repeat(3)
    ));
    let params = file(
        "body: {1: Pablo}\ncards:\n  - product: {product_retailer_id: vrpj01fvwp, catalog_id: '194836987003835'}\n  - product: {product_retailer_id: va2l5ioeat, catalog_id: '194836987003835'}\n  - product: {product_retailer_id: sqpjv0mgde, catalog_id: '194836987003835'}\n",
    );
    assert_eq!(
        components(&carousel, &params),
        corpus_components("docs_send_product_carousel.json")
    );
}

#[test]
fn tap_target_override_matches_metas_example() {
    let promo = template(
        "name: august_promotion\nlanguage: en\ncategory: MARKETING\ncomponents:\n  - {type: HEADER, format: IMAGE, example: {header_handle: ['4::a']}}\n  - type: BODY\n    text: '{{1}} welcome to our August sale.'\n    example: {body_text: [[Andy]]}\n",
    );
    let params = file(
        "header: {image: 'https://www.luckyshrubs.com'}\nbody: {1: Hello Andy...}\ntap_target: {url: 'https://www.luckyshrubs.com/', title: Offer Details}\n",
    );
    assert_eq!(
        components(&promo, &params),
        corpus_components("docs_send_tap_target_override.json")
    );
    let bad = file("header: {image: x}\nbody: {1: y}\ntap_target: {url: 'https://x'}\n");
    assert!(problems(&promo, &bad).contains("parameter `tap_target` ("));
}

const VOICE: &str = "name: wa_voice_call\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Call us on WhatsApp.}\n  - type: BUTTONS\n    buttons: [{type: VOICE_CALL, text: Call now, ttl_minutes: 1440}]\n";

#[test]
fn voice_call_button_matches_metas_example() {
    let voice = template(VOICE);
    let params = file("buttons:\n  0: {ttl_minutes: 100, payload: payload data}\n");
    assert_eq!(
        components(&voice, &params),
        corpus_components("docs_send_voice_call_button.json")
    );
    // Its values are optional.
    assert_eq!(components(&voice, &Params::default()), Value::Null);
    assert!(
        problems(&voice, &flags(&[("button.0.ttl_minutes", "soon")]))
            .contains("expected a number of minutes")
    );
}

#[test]
fn currency_date_time_and_payloads_match_metas_postman_samples() {
    let interactive = template(
        "name: template_name\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - {type: HEADER, format: IMAGE, example: {header_handle: ['4::a']}}\n  - type: BODY\n    text: Hi {{1}}, you paid {{2}} on {{3}}.\n    example: {body_text: [[a, b, c]]}\n  - type: BUTTONS\n    buttons: [{type: QUICK_REPLY, text: Yes}, {type: QUICK_REPLY, text: No}]\n",
    );
    let params = file(
        "header: {image: 'http(s)://the-image-url'}\nbody:\n  1: text-string\n  2: {currency: {fallback_value: $100.99, code: USD, amount_1000: 100990}}\n  3:\n    date_time: {fallback_value: 'February 25, 1977', day_of_week: 5, year: 1977, month: 2, day_of_month: 25, hour: 15, minute: 33, calendar: GREGORIAN}\nbuttons: {0: aGlzIHRoaXMgaXMgY29v, 1: 9rwnB8RbYmPF5t2Mn09x4h}\n",
    );
    assert_eq!(
        components(&interactive, &params),
        corpus_components("postman_send_interactive_currency_datetime.json")
    );

    let issue = template(
        "name: sample_issue_resolution\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}, were we able to solve the issue?\n    example: {body_text: [[Jones]]}\n  - type: BUTTONS\n    buttons: [{type: QUICK_REPLY, text: Yes}, {type: QUICK_REPLY, text: No}]\n",
    );
    let ours = components(
        &issue,
        &flags(&[
            ("1", "*Mr. Jones*"),
            ("button.0", "Yes"),
            ("button.1", "No"),
        ]),
    );
    // The Postman sample types a quick reply's value `text`; Meta's reference types it
    // `payload`, which is what we write. Everything else is the same.
    let mut theirs = corpus_components("postman_send_sample_issue_resolution.json");
    for button in theirs.as_array_mut().unwrap().iter_mut().skip(1) {
        let value = button["parameters"][0]["text"].take();
        button["parameters"][0] = json!({"type": "payload", "payload": value});
    }
    assert_eq!(ours, theirs);
}

#[test]
fn every_template_send_in_the_corpus_is_covered() {
    let covered = [
        "docs_send_auth_otp_url_button.json",
        "docs_send_call_permission_named.json",
        "docs_send_catalog_thumbnail.json",
        "docs_send_coupon_copy_code.json",
        "docs_send_lto_expiration_copy_code_url.json",
        "docs_send_media_carousel.json",
        "docs_send_mpm_sections.json",
        "docs_send_named_image_header_by_id.json",
        "docs_send_named_params.json",
        "docs_send_positional_params.json",
        "docs_send_product_carousel.json",
        "docs_send_tap_target_override.json",
        "docs_send_voice_call_button.json",
        "postman_send_interactive_currency_datetime.json",
        "postman_send_sample_issue_resolution.json",
    ];
    let dir = format!("{}/sends", crate::reconcile::test_support::CORPUS);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let body: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        if body.get("type") == Some(&json!("template")) {
            assert!(
                covered.contains(&name),
                "{name} has no test comparing our body with it"
            );
        }
    }
}

#[test]
fn missing_and_extra_parameters_are_refused_for_each_kind() {
    let positional = template(ORDER_POSITIONAL);
    let err = problems(&positional, &flags(&[("1", "a"), ("3", "c")]));
    assert!(
        err.contains("missing parameter `body.2` (text, body)"),
        "{err}"
    );
    assert!(err.contains("unknown parameter `body.3` (-p)"), "{err}");

    let lto = template(LTO);
    let err = problems(&lto, &flags(&[("1", "a"), ("2", "b")]));
    for key in ["header.image", "offer.expiration", "buttons.0", "buttons.1"] {
        assert!(
            err.contains(&format!("missing parameter `{key}`")),
            "{key}: {err}"
        );
    }
    let extra = file(
        "header: {image: '1', video: '2'}\nbody: {1: a, 2: b}\noffer: {expiration: 5}\nbuttons: {0: c, 1: d, 2: e}\n",
    );
    let err = problems(&lto, &extra);
    assert!(
        err.contains("unknown parameter `header.video` (") && err.contains("params.yaml:1:"),
        "{err}"
    );
    assert!(err.contains("unknown parameter `buttons.2`"), "{err}");
    let bad = flags(&[
        ("header.image", "1"),
        ("1", "a"),
        ("2", "b"),
        ("offer.expiration", "tomorrow"),
        ("button.0", "c"),
        ("button.1", "d"),
    ]);
    assert!(
        problems(&lto, &bad)
            .contains("parameter `offer.expiration` (-p): expected Unix milliseconds")
    );

    let location = template(
        "name: pickup\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: HEADER, format: LOCATION}\n  - {type: BODY, text: Ready.}\n",
    );
    assert!(
        problems(&location, &Params::default()).contains("missing parameter `header.location`")
    );
    assert!(problems(&location, &flags(&[("header.location", "37.4")])).contains("LAT,LONG"));
    let located = components(
        &location,
        &file("header:\n  location: {latitude: '37.44', longitude: '-122.16', name: Shop}\n"),
    );
    assert_eq!(located[0]["parameters"][0]["location"]["name"], "Shop");

    let carousel = media_carousel();
    let err = problems(&carousel, &file("body: {1: a, 2: b, 3: c}\n"));
    assert_eq!(err.matches("missing parameter `cards[").count(), 6, "{err}");
}

#[test]
fn marketing_sends_route_by_the_accounts_category_when_opted_in() {
    assert_eq!(route(true, Some("MARKETING")), Route::MarketingMessages);
    assert_eq!(route(true, Some("marketing")), Route::MarketingMessages);
    assert_eq!(route(true, Some("UTILITY")), Route::Messages);
    assert_eq!(route(true, None), Route::Messages);
    assert_eq!(route(false, Some("MARKETING")), Route::Messages);
}

#[test]
fn flow_button_action_is_optional_and_shaped_as_documented() {
    let survey = template(
        "name: survey\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - {type: BODY, text: Tell us how it went.}\n  - type: BUTTONS\n    buttons: [{type: FLOW, text: Start, flow_id: '1234567890123456', navigate_screen: RATING}]\n",
    );
    assert_eq!(components(&survey, &Params::default()), Value::Null);
    let params = file("buttons:\n  0: {flow_token: t-1, flow_action_data: {order: CC-1}}\n");
    // templates-api.md §2.7, "Flow button".
    assert_eq!(
        components(&survey, &params),
        json!([{"type": "button", "sub_type": "flow", "index": "0", "parameters": [
            {"type": "action", "action": {"flow_token": "t-1", "flow_action_data": {"order": "CC-1"}}}]}])
    );
    let typo = file("buttons:\n  0: {flow_tokn: t-1}\n");
    let err = problems(&survey, &typo);
    assert!(
        err.contains("unknown parameter `buttons.0.flow_tokn` (") && err.contains("params.yaml:2:"),
        "{err}"
    );
}
