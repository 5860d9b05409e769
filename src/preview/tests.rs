//! The preview of every example template and every create body of the reference corpus, and
//! one check per component kind.

use std::path::{Path, PathBuf};

use super::*;
use crate::template::read::read;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn examples() -> Vec<Template> {
    let set = read(&[repo("examples/templates")]);
    assert!(set.templates.len() >= 17, "{}", set.templates.len());
    set.templates.into_iter().map(|d| d.template).collect()
}

fn example(name: &str, language: &str) -> Preview {
    let template = examples()
        .into_iter()
        .find(|t| t.name == name && t.language == language)
        .unwrap_or_else(|| panic!("no example {name} ({language})"));
    of(&template)
}

/// The create bodies of the corpus (EXPECTED.tsv kind `create`), as wabactl reads them.
fn corpus() -> Vec<Template> {
    let expected = std::fs::read_to_string(repo("tests/fixtures/meta/EXPECTED.tsv")).unwrap();
    let files: Vec<PathBuf> = expected
        .lines()
        .skip(1)
        .filter(|line| line.split('\t').nth(1) == Some("create"))
        .map(|line| repo("tests/fixtures/meta").join(line.split('\t').next().unwrap()))
        .collect();
    assert!(files.len() >= 20, "{}", files.len());
    let set = read(&files);
    assert!(set.templates.len() >= 20, "{}", set.templates.len());
    set.templates.into_iter().map(|d| d.template).collect()
}

/// Every example value the template declares, for the body and the header.
fn declared_values(template: &Template) -> Vec<String> {
    let mut values = Vec::new();
    let mut visit = |components: &[Component]| {
        for component in components {
            match component {
                Component::Body(Body {
                    text: Some(text),
                    example: Some(example),
                    ..
                }) => {
                    let used = crate::template::variables::distinct(text);
                    let positional = example.body_text.iter().flatten().flatten();
                    let named = example
                        .body_text_named_params
                        .iter()
                        .flatten()
                        .map(|p| &p.example);
                    values.extend(
                        positional
                            .chain(named)
                            .filter(|_| !used.is_empty())
                            .cloned(),
                    );
                }
                Component::Header(Header {
                    text: Some(_),
                    example: Some(example),
                    ..
                }) => values.extend(example.header_text.iter().flatten().cloned()),
                _ => {}
            }
        }
    };
    visit(&template.components);
    for component in &template.components {
        if let Component::Carousel(carousel) = component {
            for card in &carousel.cards {
                visit(&card.components);
            }
        }
    }
    values
}

/// All text a preview shows, for looking values up.
fn shown_text(preview: &Preview) -> String {
    let mut out = vec![plain_text(&preview.body)];
    if let Some(HeaderView::Text(spans)) = &preview.header {
        out.push(plain(spans));
    }
    for card in &preview.cards {
        out.push(plain_text(&card.body));
    }
    out.join("\n")
}

fn labels(row: &ButtonRow) -> Vec<&str> {
    row.every().iter().map(|b| b.label.as_str()).collect()
}

fn check_whole(template: &Template) {
    let preview = of(template);
    let text = shown_text(&preview);
    for value in declared_values(template) {
        assert!(
            text.contains(&value),
            "{}: {value:?} not in {text:?}",
            template.name
        );
    }
    let mut shown: Vec<&ButtonView> = preview.buttons.every().iter().collect();
    for card in &preview.cards {
        shown.extend(card.buttons.every());
    }
    // A label is on the button, or (an OTP's copy-code label off Android) in what it says.
    let on_a_button = |label: &str| {
        shown.iter().any(|b| {
            b.label == label
                || b.detail
                    .as_deref()
                    .is_some_and(|d| d.contains(&format!("\"{label}\"")))
        })
    };
    for component in &template.components {
        if let Component::Buttons(buttons) = component {
            for button in &buttons.buttons {
                if let Some(label) = button.text() {
                    assert!(on_a_button(label), "{}: {label}", template.name);
                }
            }
        }
    }
    let cards = template.components.iter().find_map(|c| match c {
        Component::Carousel(carousel) => Some(carousel.cards.len()),
        _ => None,
    });
    assert_eq!(preview.cards.len(), cards.unwrap_or(0), "{}", template.name);
    assert!(
        !preview.body.is_empty() || !preview.notes.is_empty(),
        "{}: nothing shown and nothing said",
        template.name
    );
}

#[test]
fn every_example_shows_its_values_labels_and_cards() {
    for template in examples() {
        check_whole(&template);
    }
}

#[test]
fn every_corpus_create_body_shows_its_values_labels_and_cards() {
    for template in corpus() {
        check_whole(&template);
    }
}

#[test]
fn text_header_body_footer_and_url_button() {
    let preview = example("order_confirmation", "en_US");
    assert_eq!(
        preview.header,
        Some(HeaderView::Text(rich::substitute(
            "Order {{1}} confirmed",
            &|_: &Var| Some("CC-10482".to_owned())
        )))
    );
    assert_eq!(
        plain_text(&preview.body),
        "Thanks for your order, Ana! We are roasting your Ethiopia Yirgacheffe 500 g now and will ship it within two days."
    );
    assert_eq!(
        plain(preview.footer.as_ref().unwrap()),
        "Cobalt Coffee Roasters"
    );
    let button = &preview.buttons.shown[0];
    assert_eq!(
        (button.kind, button.label.as_str()),
        (ButtonKind::Url, "Track order")
    );
    assert_eq!(
        button.detail.as_deref(),
        Some("https://cobaltcoffee.example/orders/CC-10482")
    );
    assert_eq!(preview.direction, Direction::Ltr);
}

#[test]
fn arabic_runs_right_to_left() {
    assert_eq!(
        example("order_confirmation", "ar").direction,
        Direction::Rtl
    );
    for language in ["ar", "fa", "he", "ur", "ar_EG"] {
        assert_eq!(
            Direction::of_language(language),
            Direction::Rtl,
            "{language}"
        );
    }
    for language in ["en_US", "fr", "pt_BR"] {
        assert_eq!(
            Direction::of_language(language),
            Direction::Ltr,
            "{language}"
        );
    }
}

#[test]
fn media_headers_name_what_is_not_shown() {
    // An upload handle (as the account's copy, or Meta's own create bodies, hold it) names no
    // picture that could be shown.
    let mut template = examples()
        .into_iter()
        .find(|t| t.name == "brewing_guide" && t.language == "en_US")
        .unwrap();
    let Component::Header(header) = &mut template.components[0] else {
        panic!("brewing_guide starts with its header")
    };
    header.example.as_mut().unwrap().header_handle = Some(vec!["4::aW1hZ2UvcG5n:ARZ".into()]);
    let video = of(&template);
    assert_eq!(
        video.header,
        Some(HeaderView::Media {
            kind: MediaKind::Video,
            sample: Sample::Handle
        })
    );
    assert!(
        video.notes.iter().any(|n| n.contains("upload handle")),
        "{:?}",
        video.notes
    );
    let product = example("featured_bean", "en_US");
    assert_eq!(product.header, Some(HeaderView::Product));
    assert!(product.notes.iter().any(|n| n.contains("catalog")));
    assert_eq!(product.buttons.shown[0].kind, ButtonKind::SingleProduct);
}

#[test]
fn a_local_sample_is_a_file_and_a_link_is_only_named() {
    let mut template = examples()
        .into_iter()
        .find(|t| t.name == "flash_sale")
        .unwrap();
    let Component::Header(header) = &mut template.components[0] else {
        panic!("flash_sale starts with its header")
    };
    header.example.as_mut().unwrap().header_handle = Some(vec!["file:media/sale.png".into()]);
    assert_eq!(
        of(&template).header,
        Some(HeaderView::Media {
            kind: MediaKind::Image,
            sample: Sample::File("media/sale.png".into())
        })
    );
    let Component::Header(header) = &mut template.components[0] else {
        unreachable!()
    };
    header.example.as_mut().unwrap().header_handle = Some(vec!["https://cdn.example/x.png".into()]);
    let preview = of(&template);
    assert!(
        preview
            .notes
            .iter()
            .any(|n| n.contains("https://cdn.example/x.png is not fetched"))
    );
}

#[test]
fn limited_time_offer_with_its_code_and_copy_code_button() {
    let preview = example("flash_sale", "en_US");
    let offer = preview.offer.as_ref().unwrap();
    assert_eq!(offer.text, "Flash sale!");
    assert!(offer.has_expiration);
    assert_eq!(offer.code.as_deref(), Some("FLASH25"));
    assert_eq!(preview.buttons.shown[0].kind, ButtonKind::CopyCode);
    assert_eq!(preview.buttons.shown[0].label, "Copy offer code");
}

#[test]
fn authentication_text_is_meta_s_with_a_sample_code() {
    let preview = example("login_code", "en_US");
    assert_eq!(
        plain_text(&preview.body),
        "123456 is your verification code. For your security, do not share this code."
    );
    assert!(preview.body[0].spans[0].style.bold);
    assert_eq!(
        plain(preview.footer.as_ref().unwrap()),
        "This code expires in 10 minutes."
    );
    assert_eq!(preview.buttons.shown[0].kind, ButtonKind::OtpCopyCode);
    assert!(preview.notes.is_empty(), "{:?}", preview.notes);

    let mut spanish = examples()
        .into_iter()
        .find(|t| t.name == "login_code")
        .unwrap();
    spanish.language = "es_ES".into();
    assert!(
        of(&spanish)
            .notes
            .iter()
            .any(|n| n.contains("WhatsApp writes"))
    );
}

#[test]
fn one_tap_and_zero_tap_buttons_autofill() {
    assert_eq!(
        example("login_code_one_tap", "en_US").buttons.shown[0].kind,
        ButtonKind::OtpOneTap
    );
    let zero = example("login_code_zero_tap", "en_US");
    assert_eq!(zero.buttons.shown[0].kind, ButtonKind::OtpZeroTap);
}

#[test]
fn carousel_cards_each_with_header_body_and_buttons() {
    let preview = example("origins_carousel", "en_US");
    assert_eq!(
        plain_text(&preview.body),
        "Hi Ana, meet this season's single origins. Swipe to pick your next bag."
    );
    assert_eq!(preview.cards.len(), 3);
    let card = &preview.cards[1];
    assert!(matches!(
        card.header,
        Some(HeaderView::Media {
            kind: MediaKind::Image,
            ..
        })
    ));
    assert!(plain_text(&card.body).starts_with("Colombia Huila"));
    assert_eq!(labels(&card.buttons), ["More like this", "Shop"]);
    assert_eq!(
        card.buttons.shown[1].detail.as_deref(),
        Some("https://cobaltcoffee.example/beans/colombia-huila")
    );
}

#[test]
fn catalog_multi_product_flow_voice_call_and_call_permission() {
    assert_eq!(
        example("catalog_browse", "en_US").buttons.shown[0].kind,
        ButtonKind::Catalog
    );
    assert_eq!(
        example("cart_reminder", "en_US").buttons.shown[0].kind,
        ButtonKind::MultiProduct
    );
    let call = example("sample_cpr_template", "en");
    assert!(call.call_permission_request);
    let flows = examples().into_iter().filter(|t| {
        t.components.iter().any(|c| matches!(c, Component::Buttons(b) if b.buttons.iter().any(|b| matches!(b, Button::Flow(_)))))
    });
    for flow in flows {
        let preview = of(&flow);
        assert!(
            preview
                .buttons
                .every()
                .iter()
                .any(|b| b.kind == ButtonKind::Flow)
        );
        assert!(
            preview.notes.iter().any(|n| n.contains("Flow")),
            "{:?}",
            preview.notes
        );
    }
    let voice = corpus()
        .into_iter()
        .find(|t| t.components.iter().any(|c| matches!(c, Component::Buttons(b) if b.buttons.iter().any(|b| matches!(b, Button::VoiceCall(_))))))
        .expect("the corpus has a voice_call button");
    assert!(
        of(&voice)
            .buttons
            .every()
            .iter()
            .any(|b| b.kind == ButtonKind::VoiceCall)
    );
}

#[test]
fn named_variables_take_their_examples() {
    let named = corpus()
        .into_iter()
        .find(|t| t.parameter_format == Some(crate::template::model::ParameterFormat::Named))
        .expect("the corpus has a named template");
    let preview = of(&named);
    let text = plain_text(&preview.body);
    assert!(!text.contains("{{"), "{text}");
    assert!(
        preview
            .body
            .iter()
            .flat_map(|b| &b.spans)
            .any(|s| s.var.is_some())
    );
}

#[test]
fn more_than_three_buttons_fold() {
    let mut template = examples()
        .into_iter()
        .find(|t| t.name == "catalog_browse")
        .unwrap();
    let quick = |text: &str| {
        Button::QuickReply(crate::template::model::QuickReplyButton { text: text.into() })
    };
    template.components[2] = Component::Buttons(crate::template::model::Buttons {
        buttons: vec![quick("One"), quick("Two"), quick("Three"), quick("Four")],
    });
    let preview = of(&template);
    assert_eq!(
        labels(&ButtonRow {
            shown: preview.buttons.shown.clone(),
            all_options: vec![]
        }),
        ["One", "Two", SEE_ALL_OPTIONS]
    );
    assert_eq!(labels(&preview.buttons), ["One", "Two", "Three", "Four"]);
}

#[test]
fn a_library_template_says_meta_writes_its_text() {
    let library = crate::template::model::Template {
        name: "order_delay".into(),
        language: "en_US".into(),
        category: "UTILITY".into(),
        parameter_format: None,
        sub_category: None,
        message_send_ttl_seconds: None,
        allow_category_change: None,
        cta_url_link_tracking_opted_out: None,
        library_template_name: Some("delivery_update_1".into()),
        library_template_body_inputs: None,
        library_template_button_inputs: None,
        components: Vec::new(),
    };
    let preview = of(&library);
    assert!(
        preview
            .notes
            .iter()
            .any(|n| n.contains("Template Library template `delivery_update_1`"))
    );
}
