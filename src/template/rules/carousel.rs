//! CAROUSEL templates: a BODY plus 2 to 10 cards that all look alike.

use super::{Category, Checker, Ctx, buttons, components, header};
use crate::template::model::{Button, Card, Carousel, Component, HeaderFormat};
use crate::template::rule_id::RuleId;

const CARDS_MIN: usize = 2;
const CARDS_MAX: usize = 10;
const CARD_BUTTONS_MAX: usize = 2;

pub(super) fn check(ck: &mut Checker, path: &str, carousel: &Carousel, ctx: &Ctx) {
    if ctx.category.is_known_and_not(&[Category::Marketing]) {
        ck.report(
            RuleId::CarouselCategory,
            &format!("{path}.type"),
            format!("a carousel in a {} template", ctx.category.as_str()),
            "use carousels in MARKETING templates only",
        );
    }
    for (i, component) in ctx.template.components.iter().enumerate() {
        if !matches!(component, Component::Body(_) | Component::Carousel(_)) {
            ck.report(
                RuleId::CarouselExtraComponent,
                &format!("components[{i}].type"),
                format!("a {} beside a carousel", component.kind()),
                "a carousel template has a BODY and the CAROUSEL only: move headers and buttons onto the cards",
            );
        }
    }
    let cards = &carousel.cards;
    if !(CARDS_MIN..=CARDS_MAX).contains(&cards.len()) {
        ck.report(
            RuleId::CarouselCardCount,
            &format!("{path}.cards"),
            format!(
                "{} cards; a carousel has {CARDS_MIN} to {CARDS_MAX}",
                cards.len()
            ),
            if cards.len() < CARDS_MIN {
                "add cards"
            } else {
                "remove cards"
            },
        );
    }
    let first = cards.first().map(shape);
    for (i, card) in cards.iter().enumerate() {
        let card_path = format!("{path}.cards[{i}]");
        check_card(ck, &card_path, card);
        if i > 0 && first.as_ref() != Some(&shape(card)) {
            ck.report(
                RuleId::CarouselCardMismatch,
                &format!("{card_path}.components"),
                format!("card {} differs from card 1 in its components or buttons", i + 1),
                "give every card the same header format, body (all or none) and button types in the same order",
            );
        }
    }
}

/// What must be equal across cards: component kinds, header format, button kinds in order.
fn shape(card: &Card) -> Vec<String> {
    card.components
        .iter()
        .map(|c| match c {
            Component::Header(h) => format!("HEADER:{:?}", h.format),
            Component::Buttons(b) => {
                let kinds: Vec<&str> = b.buttons.iter().map(Button::kind).collect();
                format!("BUTTONS:{}", kinds.join(","))
            }
            other => other.kind().to_owned(),
        })
        .collect()
}

fn check_card(ck: &mut Checker, path: &str, card: &Card) {
    let prefix = format!("{path}.");
    components::check_kinds(ck, &card.components, &prefix);
    let mut header = None;
    let mut buttons_seen = false;
    for (i, component) in card.components.iter().enumerate() {
        let component_path = format!("{prefix}components[{i}]");
        match component {
            Component::Header(h) => {
                header = Some((h, component_path.clone()));
                header::check_header_content(ck, &component_path, h);
            }
            Component::Body(body) => components::check_body_text(
                ck,
                &component_path,
                body,
                components::CARD_BODY_MAX,
                " on a card",
            ),
            Component::Buttons(list) => {
                buttons_seen = true;
                buttons::check_list(ck, &component_path, list, Category::Marketing);
                check_card_buttons(ck, &component_path, &list.buttons);
            }
            other => ck.report(
                RuleId::CarouselCardComponent,
                &format!("{component_path}.type"),
                format!("a {} on a card", other.kind()),
                "cards hold a HEADER, an optional BODY and BUTTONS",
            ),
        }
    }
    match header {
        Some((h, at))
            if !matches!(
                h.format,
                HeaderFormat::Image | HeaderFormat::Video | HeaderFormat::Product
            ) =>
        {
            ck.report(
                RuleId::CarouselCardHeader,
                &format!("{at}.format"),
                format!("a {} header on a card", header::format_name(h.format)),
                "card headers are IMAGE, VIDEO or PRODUCT",
            );
        }
        Some(_) => {}
        None => ck.report(
            RuleId::CarouselCardHeader,
            &format!("{prefix}components"),
            "the card has no header",
            "add `- {type: HEADER, format: IMAGE, example: {header_handle: [\"4::...\"]}}`",
        ),
    }
    if !buttons_seen {
        ck.report(
            RuleId::CarouselCardButtons,
            &format!("{prefix}components"),
            "the card has no buttons",
            "add a BUTTONS component with 1 or 2 buttons",
        );
    }
}

fn check_card_buttons(ck: &mut Checker, path: &str, list: &[Button]) {
    if list.len() > CARD_BUTTONS_MAX {
        ck.report(
            RuleId::CarouselCardButtons,
            &format!("{path}.buttons[{CARD_BUTTONS_MAX}]"),
            format!(
                "{} buttons on a card; the limit is {CARD_BUTTONS_MAX}",
                list.len()
            ),
            "keep 1 or 2 buttons per card",
        );
    }
    for (i, button) in list.iter().enumerate() {
        if !matches!(
            button,
            Button::QuickReply(_) | Button::Url(_) | Button::PhoneNumber(_) | Button::Spm(_)
        ) {
            ck.report(
                RuleId::CarouselCardButtons,
                &format!("{path}.buttons[{i}].type"),
                format!("a {} button on a card", button.kind()),
                "card buttons are QUICK_REPLY, URL, PHONE_NUMBER or SPM",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    const TOP: &str = "  - {type: BODY, text: 'Hello {{1}}, see our rare succulents below.', example: {body_text: [[Pablo]]}}\n";

    fn card(body: &str) -> String {
        format!(
            "      - components:\n        - {{type: HEADER, format: IMAGE, example: {{header_handle: ['4::aW']}}}}\n{body}        - {{type: BUTTONS, buttons: [{{type: QUICK_REPLY, text: More like this}}, {{type: URL, text: Shop, url: 'https://shop.example.com/p/{{{{1}}}}', example: [BLUE_ELF]}}]}}\n"
        )
    }

    fn carousel(cards: &[String]) -> String {
        marketing(&format!(
            "{TOP}  - type: CAROUSEL\n    cards:\n{}",
            cards.concat()
        ))
    }

    fn plain() -> String {
        card("")
    }

    #[test]
    fn carousel_category() {
        breaks(
            RuleId::CarouselCategory,
            &carousel(&[plain(), plain()]).replace("MARKETING", "UTILITY"),
        );
        passes(RuleId::CarouselCategory, &carousel(&[plain(), plain()]));
    }

    #[test]
    fn carousel_card_count() {
        breaks(RuleId::CarouselCardCount, &carousel(&[plain()]));
        breaks(RuleId::CarouselCardCount, &carousel(&vec![plain(); 11]));
        passes(RuleId::CarouselCardCount, &carousel(&vec![plain(); 10]));
    }

    #[test]
    fn carousel_extra_component() {
        let yaml = carousel(&[plain(), plain()]).replace(
            "components:\n  - {type: BODY",
            "components:\n  - {type: HEADER, format: TEXT, text: Hi}\n  - {type: BODY",
        );
        breaks(RuleId::CarouselExtraComponent, &yaml);
        passes(
            RuleId::CarouselExtraComponent,
            &carousel(&[plain(), plain()]),
        );
    }

    #[test]
    fn carousel_card_component() {
        let footer = card("        - {type: FOOTER, text: Thanks}\n");
        breaks(
            RuleId::CarouselCardComponent,
            &carousel(&[footer.clone(), footer]),
        );
        passes(
            RuleId::CarouselCardComponent,
            &carousel(&[plain(), plain()]),
        );
    }

    #[test]
    fn carousel_card_header() {
        let text_header = plain().replace(
            "{type: HEADER, format: IMAGE, example: {header_handle: ['4::aW']}}",
            "{type: HEADER, format: TEXT, text: Hi}",
        );
        breaks(
            RuleId::CarouselCardHeader,
            &carousel(&[text_header.clone(), text_header]),
        );
        passes(RuleId::CarouselCardHeader, &carousel(&[plain(), plain()]));
    }

    #[test]
    fn carousel_card_mismatch() {
        let with_body = card("        - {type: BODY, text: A rare succulent with blue leaves.}\n");
        breaks(
            RuleId::CarouselCardMismatch,
            &carousel(&[plain(), with_body.clone()]),
        );
        passes(
            RuleId::CarouselCardMismatch,
            &carousel(&[with_body.clone(), with_body]),
        );
    }

    #[test]
    fn carousel_card_buttons() {
        let three = plain().replace(
            "{type: QUICK_REPLY, text: More like this}",
            "{type: QUICK_REPLY, text: More}, {type: QUICK_REPLY, text: Less}",
        );
        breaks(
            RuleId::CarouselCardButtons,
            &carousel(&[three.clone(), three]),
        );
        passes(RuleId::CarouselCardButtons, &carousel(&[plain(), plain()]));
    }

    #[test]
    fn card_body_is_limited_to_160() {
        let long = card(&format!(
            "        - {{type: BODY, text: '{}.'}}\n",
            "word ".repeat(33)
        ));
        breaks(RuleId::BodyLength, &carousel(&[long.clone(), long]));
    }
}
