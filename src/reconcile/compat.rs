//! Send compatibility of an update: whether applications that send the account's template
//! today keep working once the file's version replaces it. Both versions' send signatures
//! (see `send::signature`) are compared; any parameter a current sender gives that the new
//! version does not take, or any required one it does not give, breaks the send.

use std::collections::HashSet;

use super::naming::suggest_name;
use super::plan::{Action, Break, Change, Plan, SendCompatibility};
use crate::graph::RemoteStatus;
use crate::send::{SendParam, signature};
use crate::template::model::{Component, Template};

/// The send compatibility of a change, when it is an update.
pub fn of(change: &Change) -> Option<&SendCompatibility> {
    match &change.action {
        Action::Update {
            send_compatibility, ..
        } => Some(send_compatibility),
        _ => None,
    }
}

/// The changes of a plan that would break current senders.
pub fn breaking(plan: &Plan) -> impl Iterator<Item = &Change> {
    plan.changes
        .iter()
        .filter(|c| of(c).is_some_and(|s| s.breaking))
}

/// Compares the send signatures of `before` (the account's copy) and `after` (the file).
/// Only a template that can be sent today (`status` APPROVED or PAUSED) has senders to break.
pub fn check(
    before: &Template,
    after: &Template,
    status: &RemoteStatus,
    taken: &HashSet<String>,
) -> SendCompatibility {
    if !status.can_send() {
        return SendCompatibility::default();
    }
    let breaks = breaking_reasons(before, after);
    SendCompatibility {
        breaking: !breaks.is_empty(),
        suggested_name: (!breaks.is_empty()).then(|| suggest_name(&after.name, taken)),
        breaks: breaks.into(),
    }
}

/// Why a send built for `before` no longer fits `after`, or why a sender would now have to
/// give more.
pub fn breaking_reasons(before: &Template, after: &Template) -> Vec<Break> {
    let old = signature(before);
    let new = signature(after);
    let mut reasons = Vec::new();
    let (old_cards, new_cards) = (cards(before), cards(after));
    if old_cards != new_cards {
        reasons.push(Break::CardCount {
            before: old_cards,
            after: new_cards,
        });
    }
    // Cards that exist on one side only are covered by the line above.
    let in_both_carousels = |p: &SendParam| p.card.is_none_or(|c| c < old_cards.min(new_cards));
    let same = |a: &SendParam, b: &SendParam| {
        a.key == b.key
            && a.kind == b.kind
            && a.card == b.card
            && a.component == b.component
            && a.button_index == b.button_index
            && a.sub_type == b.sub_type
    };
    for gone in old.iter().filter(|p| in_both_carousels(p)) {
        if new.iter().any(|p| same(gone, p)) {
            continue;
        }
        match new
            .iter()
            .find(|p| p.key == gone.key && p.card == gone.card)
        {
            Some(changed) if changed.kind != gone.kind || changed.sub_type != gone.sub_type => {
                reasons.push(Break::ParameterChanged {
                    key: gone.key.clone(),
                    before_kind: gone.kind.label().to_owned(),
                    before_place: gone.place(),
                    after_kind: changed.kind.label().to_owned(),
                    after_place: changed.place(),
                })
            }
            Some(moved) => reasons.push(Break::ParameterMoved {
                key: gone.key.clone(),
                before_place: gone.place(),
                after_place: moved.place(),
            }),
            None => reasons.push(Break::ParameterGone {
                key: gone.key.clone(),
                kind: gone.kind.label().to_owned(),
                place: gone.place(),
            }),
        }
    }
    for added in new.iter().filter(|p| p.required && in_both_carousels(p)) {
        if old
            .iter()
            .any(|p| p.key == added.key && p.card == added.card)
        {
            continue; // reported above, or unchanged
        }
        reasons.push(Break::ParameterNew {
            key: added.key.clone(),
            kind: added.kind.label().to_owned(),
            place: added.place(),
        });
    }
    reasons.dedup();
    reasons
}

fn cards(template: &Template) -> usize {
    template
        .components
        .iter()
        .find_map(|c| match c {
            Component::Carousel(carousel) => Some(carousel.cards.len()),
            _ => None,
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(yaml: &str) -> Template {
        serde_saphyr::from_str(yaml).unwrap()
    }

    const BASE: &str = "name: order\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n";

    /// The breaks in words, as the plan shows them.
    fn reasons(before: &str, after: &str) -> Vec<String> {
        breaking_reasons(
            &template(&format!("{BASE}{before}")),
            &template(&format!("{BASE}{after}")),
        )
        .iter()
        .map(crate::explain::send_break)
        .collect()
    }

    #[test]
    fn same_parameters_with_new_text_do_not_break() {
        let before = "  - {type: BODY, text: 'Hi {{1}}, order {{2}} is ready.'}\n";
        let after = "  - {type: BODY, text: 'Hello {{1}}! Your order {{2}} can be picked up.'}\n";
        assert!(reasons(before, after).is_empty());
        let taken = HashSet::new();
        let same = template(&format!("{BASE}{before}"));
        let check = check(
            &same,
            &template(&format!("{BASE}{after}")),
            &RemoteStatus::Approved,
            &taken,
        );
        assert_eq!(check, SendCompatibility::default());
    }

    #[test]
    fn each_kind_of_change_that_breaks_a_sender_is_named() {
        let body2 = "  - {type: BODY, text: 'Hi {{1}}, order {{2}}.'}\n";
        let body3 = "  - {type: BODY, text: 'Hi {{1}}, order {{2}} on {{3}}.'}\n";
        assert_eq!(
            reasons(body2, body3),
            ["`body.3` (text, body) is new and required: current senders do not give it"]
        );
        assert_eq!(
            reasons(body3, body2),
            ["`body.3` (text, body) is no longer a parameter: senders that give it are refused"]
        );
        let image = "  - {type: HEADER, format: IMAGE}\n";
        let video = "  - {type: HEADER, format: VIDEO}\n";
        let changed = reasons(&format!("{image}{body2}"), &format!("{video}{body2}"));
        assert!(
            changed.iter().any(|r| r.starts_with("`header.image`")),
            "{changed:?}"
        );
        assert!(
            changed
                .iter()
                .any(|r| r.starts_with("`header.video` (video, header) is new")),
            "{changed:?}"
        );
        let url = |u: &str| {
            format!(
                "{body2}  - type: BUTTONS\n    buttons: [{{type: URL, text: Track, url: '{u}'}}]\n"
            )
        };
        assert_eq!(
            reasons(
                &url("https://x.example/track"),
                &url("https://x.example/{{1}}")
            ),
            [
                "`buttons.0` (text, button 0 (url)) is new and required: current senders do not give it"
            ]
        );
        let copy =
            format!("{body2}  - type: BUTTONS\n    buttons: [{{type: COPY_CODE, example: A1}}]\n");
        assert_eq!(
            reasons(&copy, body2),
            [
                "`buttons.0` (coupon_code, button 0 (copy_code)) is no longer a parameter: senders that give it are refused"
            ]
        );
        let named = |t: &str| {
            format!(
                "name: order\nlanguage: en_US\ncategory: UTILITY\nparameter_format: NAMED\ncomponents:\n  - {{type: BODY, text: '{t}'}}\n"
            )
        };
        let renamed = breaking_reasons(
            &template(&named("Hi {{first_name}}.")),
            &template(&named("Hi {{name}}.")),
        );
        assert_eq!(renamed.len(), 2, "{renamed:?}");
    }

    #[test]
    fn carousel_card_count_and_card_parameters_are_compared() {
        let card = |url: &str| {
            format!(
                "      - components:\n          - {{type: HEADER, format: IMAGE}}\n          - type: BUTTONS\n            buttons: [{{type: URL, text: Shop, url: '{url}'}}]\n"
            )
        };
        let carousel = |cards: &[String]| {
            format!(
                "  - {{type: BODY, text: 'Hi {{{{1}}}}.'}}\n  - type: CAROUSEL\n    cards:\n{}",
                cards.concat()
            )
        };
        let two = carousel(&[card("https://x/{{1}}"), card("https://x/{{1}}")]);
        let three = carousel(&[
            card("https://x/{{1}}"),
            card("https://x/{{1}}"),
            card("https://x/{{1}}"),
        ]);
        assert_eq!(
            reasons(&two, &three),
            [
                "the carousel goes from 2 to 3 cards: a send must carry exactly as many cards as the template has"
            ]
        );
        let static_url = carousel(&[card("https://x/{{1}}"), card("https://x/all")]);
        assert_eq!(
            reasons(&two, &static_url),
            [
                "`cards[1].buttons.0` (text, card 1 button 0 (url)) is no longer a parameter: senders that give it are refused"
            ]
        );
    }

    #[test]
    fn only_templates_that_can_be_sent_have_senders_to_break() {
        let before = template(&format!("{BASE}  - {{type: BODY, text: 'Hi.'}}\n"));
        let after = template(&format!(
            "{BASE}  - {{type: BODY, text: 'Hi {{{{1}}}}.'}}\n"
        ));
        let taken: HashSet<String> = ["order_v2".to_owned()].into();
        let rejected = check(&before, &after, &RemoteStatus::Rejected, &taken);
        assert!(!rejected.breaking && rejected.breaks.is_empty());
        let paused = check(&before, &after, &RemoteStatus::Paused, &taken);
        assert!(paused.breaking);
        assert_eq!(paused.suggested_name.as_deref(), Some("order_v3"));
    }
}
