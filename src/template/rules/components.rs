//! The component list (counts, order) and the BODY and FOOTER components.
//!
//! Authentication templates replace body and footer text with presets; their rules live in
//! `authentication.rs`, and these checks step aside for them.

use super::{Category, Checker, Ctx, chars, examples, variables};
use crate::template::model::{Body, Component, Footer};
use crate::template::rule_id::RuleId;

const BODY_MAX: usize = 1024;
const OFFER_BODY_MAX: usize = 600;
pub(super) const CARD_BODY_MAX: usize = 160;
const FOOTER_MAX: usize = 60;

/// Which components there are, how many of each, and in which order.
pub(super) fn check_structure(ck: &mut Checker, ctx: &Ctx) {
    let template = ctx.template;
    if template.components.is_empty() {
        if template.library_template_name.is_none() {
            ck.report(
                RuleId::ComponentsMissing,
                "components",
                "the template has no components",
                "add `components:` with at least a BODY, or create it from the library with `library_template_name`",
            );
        }
        return;
    }
    check_kinds(ck, &template.components, "");
    let has_body = template
        .components
        .iter()
        .any(|c| matches!(c, Component::Body(_)));
    if !has_body && template.library_template_name.is_none() {
        ck.report(
            RuleId::BodyMissing,
            "components",
            "the template has no BODY",
            "add `- type: BODY` with the message text",
        );
    }
    // Meta places components by kind whatever their order; reading order keeps reviews easy.
    let rank = |c: &Component| match c {
        Component::Header(_) => Some(0),
        Component::Body(_) => Some(1),
        Component::Footer(_) => Some(2),
        Component::Buttons(_) => Some(3),
        _ => None,
    };
    let mut highest: Option<(usize, &Component)> = None;
    for (i, component) in template.components.iter().enumerate() {
        let Some(r) = rank(component) else { continue };
        match highest {
            Some((top, before)) if r < top => {
                ck.report(
                    RuleId::ComponentOrder,
                    &format!("components[{i}].type"),
                    format!("{} comes after {}", component.kind(), before.kind()),
                    "list components as HEADER, BODY, FOOTER, BUTTONS (Meta shows them in that order anyway)",
                );
                return;
            }
            Some((top, _)) if r == top => {}
            _ => highest = Some((r, component)),
        }
    }
}

/// At most one component of each kind in `components` (a template's or a card's).
pub(super) fn check_kinds(ck: &mut Checker, components: &[Component], prefix: &str) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, component) in components.iter().enumerate() {
        let kind = component.kind();
        if seen.contains(&kind) {
            ck.report(
                RuleId::ComponentDuplicate,
                &format!("{prefix}components[{i}].type"),
                format!("a second {kind} component"),
                format!("keep one {kind}: merge the two, or remove one"),
            );
        } else {
            seen.push(kind);
        }
    }
}

pub(super) fn check_body(ck: &mut Checker, path: &str, body: &Body, ctx: &Ctx) {
    if ctx.category == Category::Authentication {
        return;
    }
    if body.add_security_recommendation.is_some() {
        ck.report_key(
            RuleId::AuthOnlyField,
            &format!("{path}.add_security_recommendation"),
            format!(
                "`add_security_recommendation` in a {} template",
                ctx.category.as_str()
            ),
            "remove it: it belongs to AUTHENTICATION templates",
        );
    }
    let (limit, context) = if ctx.has_offer {
        (OFFER_BODY_MAX, " with a limited-time offer")
    } else {
        (BODY_MAX, "")
    };
    check_body_text(ck, path, body, limit, context);
}

/// The text, its variables and example, on a template or on a card.
pub(super) fn check_body_text(
    ck: &mut Checker,
    path: &str,
    body: &Body,
    limit: usize,
    context: &str,
) {
    let text_path = format!("{path}.text");
    let Some(text) = body.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        ck.report(
            RuleId::BodyTextMissing,
            if body.text.is_some() {
                &text_path
            } else {
                path
            },
            "the body has no text",
            "add `text:` with the message (at most 1024 characters)",
        );
        return;
    };
    let length = chars(text);
    if length > limit {
        ck.report(
            RuleId::BodyLength,
            &text_path,
            format!("body text has {length} characters; the limit{context} is {limit}"),
            "shorten the text",
        );
    }
    if let Some(vars) = variables::check_text(ck, &text_path, text) {
        variables::check_body_placement(ck, &text_path, text);
        examples::check_body_example(ck, path, &vars, body.example.as_ref());
    }
}

pub(super) fn check_footer(ck: &mut Checker, path: &str, footer: &Footer, ctx: &Ctx) {
    if ctx.category == Category::Authentication {
        return;
    }
    if footer.code_expiration_minutes.is_some() {
        ck.report_key(
            RuleId::AuthOnlyField,
            &format!("{path}.code_expiration_minutes"),
            format!(
                "`code_expiration_minutes` in a {} template",
                ctx.category.as_str()
            ),
            "remove it: it belongs to AUTHENTICATION templates; write the expiry in `text`",
        );
    }
    let text_path = format!("{path}.text");
    let Some(text) = footer.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        if footer.code_expiration_minutes.is_none() {
            ck.report(
                RuleId::FooterTextMissing,
                if footer.text.is_some() {
                    &text_path
                } else {
                    path
                },
                "the footer has no text",
                "add `text:` (at most 60 characters), or remove the footer",
            );
        }
        return;
    };
    let length = chars(text);
    if length > FOOTER_MAX {
        ck.report(
            RuleId::FooterTextLength,
            &text_path,
            format!("footer text has {length} characters; the limit is {FOOTER_MAX}"),
            "shorten it",
        );
    }
    if variables::has_variable(text) {
        ck.report(
            RuleId::FooterVariables,
            &text_path,
            "the footer has a variable",
            "footers are fixed text: move the variable into the body",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn components_missing() {
        breaks(
            RuleId::ComponentsMissing,
            "name: a\nlanguage: en\ncategory: UTILITY\n",
        );
        passes(
            RuleId::ComponentsMissing,
            "name: a\nlanguage: en\ncategory: UTILITY\nlibrary_template_name: delivery_update_1\n",
        );
    }

    #[test]
    fn body_missing() {
        breaks(
            RuleId::BodyMissing,
            &utility("  - {type: FOOTER, text: Thanks}\n"),
        );
        passes(RuleId::BodyMissing, &utility(BODY));
    }

    #[test]
    fn component_duplicate() {
        let d = breaks(
            RuleId::ComponentDuplicate,
            &utility(&format!("{BODY}{BODY}")),
        );
        assert_eq!(d.path.as_deref(), Some("components[1].type"));
        passes(RuleId::ComponentDuplicate, &utility(BODY));
    }

    #[test]
    fn component_order() {
        let d = breaks(
            RuleId::ComponentOrder,
            &utility(&format!("  - {{type: FOOTER, text: Thanks}}\n{BODY}")),
        );
        assert!(!d.is_error());
        passes(
            RuleId::ComponentOrder,
            &utility(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n")),
        );
    }

    #[test]
    fn body_text_missing() {
        breaks(RuleId::BodyTextMissing, &utility("  - {type: BODY}\n"));
        breaks(
            RuleId::BodyTextMissing,
            &utility("  - {type: BODY, text: '  '}\n"),
        );
        passes(RuleId::BodyTextMissing, &utility(BODY));
    }

    #[test]
    fn body_length() {
        let body = |n: usize| {
            utility(&format!(
                "  - {{type: BODY, text: '{}.'}}\n",
                "word ".repeat(n / 5)
            ))
        };
        breaks(RuleId::BodyLength, &body(1025));
        passes(RuleId::BodyLength, &body(1015));
    }

    #[test]
    fn footer_text_missing() {
        breaks(
            RuleId::FooterTextMissing,
            &utility(&format!("{BODY}  - {{type: FOOTER}}\n")),
        );
        passes(
            RuleId::FooterTextMissing,
            &utility(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n")),
        );
    }

    #[test]
    fn footer_text_length() {
        breaks(
            RuleId::FooterTextLength,
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: '{}'}}\n",
                "x".repeat(61)
            )),
        );
        passes(
            RuleId::FooterTextLength,
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: '{}'}}\n",
                "x".repeat(60)
            )),
        );
    }

    #[test]
    fn footer_variables() {
        breaks(
            RuleId::FooterVariables,
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: 'Bye {{{{1}}}}'}}\n"
            )),
        );
        passes(
            RuleId::FooterVariables,
            &utility(&format!("{BODY}  - {{type: FOOTER, text: 'Bye now'}}\n")),
        );
    }

    #[test]
    fn auth_only_fields_outside_authentication() {
        breaks(
            RuleId::AuthOnlyField,
            &utility(
                "  - {type: BODY, text: Your order has shipped today., add_security_recommendation: true}\n",
            ),
        );
        breaks(
            RuleId::AuthOnlyField,
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 5}}\n"
            )),
        );
        passes(RuleId::AuthOnlyField, &utility(BODY));
    }
}
