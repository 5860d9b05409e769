//! LIMITED_TIME_OFFER templates: marketing only, no footer, a short offer text.
//! (The tighter body limit of 600 is applied by the body check.)

use super::{Category, Checker, Ctx, chars};
use crate::template::model::{Component, LimitedTimeOfferComponent};
use crate::template::rule_id::RuleId;

const OFFER_TEXT_MAX: usize = 16;

pub(super) fn check(ck: &mut Checker, path: &str, offer: &LimitedTimeOfferComponent, ctx: &Ctx) {
    if ctx.category.is_known_and_not(&[Category::Marketing]) {
        ck.report(
            RuleId::LtoCategory,
            &format!("{path}.type"),
            format!(
                "a limited-time offer in a {} template",
                ctx.category.as_str()
            ),
            "use limited-time offers in MARKETING templates only",
        );
    }
    for (i, component) in ctx.template.components.iter().enumerate() {
        if matches!(component, Component::Footer(_)) {
            ck.report(
                RuleId::LtoFooter,
                &format!("components[{i}].type"),
                "a footer in a limited-time offer template",
                "remove the FOOTER: offer templates cannot have one",
            );
        }
    }
    let text = &offer.limited_time_offer.text;
    let length = chars(text);
    if text.trim().is_empty() || length > OFFER_TEXT_MAX {
        ck.report(
            RuleId::LtoTextLength,
            &format!("{path}.limited_time_offer.text"),
            format!("the offer text has {length} characters; it must have 1 to {OFFER_TEXT_MAX}"),
            "write a short banner such as \"Expiring offer!\"",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    fn offer(category: &str, text: &str, extra: &str) -> String {
        template(
            category,
            "",
            &format!(
                "  - {{type: LIMITED_TIME_OFFER, limited_time_offer: {{text: '{text}', has_expiration: true}}}}\n  - {{type: BODY, text: 'Good news, {{{{1}}}}! Use code CARIBE25 for 25% off all trips.', example: {{body_text: [[Pablo]]}}}}\n{extra}"
            ),
        )
    }

    #[test]
    fn lto_category() {
        breaks(
            RuleId::LtoCategory,
            &offer("UTILITY", "Expiring offer!", ""),
        );
        passes(
            RuleId::LtoCategory,
            &offer("MARKETING", "Expiring offer!", ""),
        );
    }

    #[test]
    fn lto_footer() {
        breaks(
            RuleId::LtoFooter,
            &offer(
                "MARKETING",
                "Expiring offer!",
                "  - {type: FOOTER, text: Terms apply}\n",
            ),
        );
        passes(
            RuleId::LtoFooter,
            &offer("MARKETING", "Expiring offer!", ""),
        );
    }

    #[test]
    fn lto_text_length() {
        breaks(
            RuleId::LtoTextLength,
            &offer("MARKETING", "This offer expires soon", ""),
        );
        passes(
            RuleId::LtoTextLength,
            &offer("MARKETING", "Ends in 2 days!!", ""),
        );
    }

    #[test]
    fn offer_body_is_limited_to_600() {
        let long = template(
            "MARKETING",
            "",
            &format!(
                "  - {{type: LIMITED_TIME_OFFER, limited_time_offer: {{text: Hurry}}}}\n  - {{type: BODY, text: '{}.'}}\n",
                "word ".repeat(121)
            ),
        );
        let d = breaks(RuleId::BodyLength, &long);
        assert!(d.message.contains("600"));
    }
}
