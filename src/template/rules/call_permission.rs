//! `call_permission_request` templates: marketing or utility, a body, and no buttons.
//! (The body itself is required and checked like any body.)

use super::{Category, Checker, Ctx};
use crate::template::model::Component;
use crate::template::rule_id::RuleId;

pub(super) fn check(ck: &mut Checker, path: &str, ctx: &Ctx) {
    if ctx
        .category
        .is_known_and_not(&[Category::Marketing, Category::Utility])
    {
        ck.report(
            RuleId::CallPermissionCategory,
            &format!("{path}.type"),
            format!(
                "a call permission request in a {} template",
                ctx.category.as_str()
            ),
            "use call permission requests in MARKETING or UTILITY templates only",
        );
    }
    for (i, component) in ctx.template.components.iter().enumerate() {
        if matches!(component, Component::Buttons(_)) {
            ck.report(
                RuleId::CallPermissionButtons,
                &format!("components[{i}].type"),
                "buttons beside a call permission request",
                "remove the BUTTONS component: the permission request brings its own",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    const CPR: &str = "  - type: BODY\n    text: We would like to call you to help support your order.\n  - type: call_permission_request\n";

    #[test]
    fn call_permission_category() {
        breaks(RuleId::CallPermissionCategory, &authentication(CPR));
        passes(RuleId::CallPermissionCategory, &marketing(CPR));
        passes(RuleId::CallPermissionCategory, &utility(CPR));
    }

    #[test]
    fn call_permission_buttons() {
        breaks(
            RuleId::CallPermissionButtons,
            &marketing(&format!(
                "{CPR}  - {{type: BUTTONS, buttons: [{{type: QUICK_REPLY, text: Call me}}]}}\n"
            )),
        );
        passes(RuleId::CallPermissionButtons, &marketing(CPR));
    }

    #[test]
    fn call_permission_needs_a_body() {
        breaks(
            RuleId::BodyMissing,
            &marketing("  - type: call_permission_request\n"),
        );
        breaks(
            RuleId::BodyTextMissing,
            &marketing("  - {type: BODY, text: ''}\n  - type: call_permission_request\n"),
        );
    }
}
