//! `call_permission_request` templates: marketing or utility, a body, and no buttons.
//! (The body itself is required and checked like any body.)

use super::{Category, Checker, Ctx};
use crate::template::model::Component;

pub(super) fn check(ck: &mut Checker, path: &str, ctx: &Ctx) {
    if ctx
        .category
        .is_known_and_not(&[Category::Marketing, Category::Utility])
    {
        ck.report(
            "call-permission-category",
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
                "call-permission-buttons",
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

    const CPR: &str = "  - type: BODY\n    text: We would like to call you to help support your order.\n  - type: call_permission_request\n";

    #[test]
    fn call_permission_category() {
        breaks("call-permission-category", &authentication(CPR));
        passes("call-permission-category", &marketing(CPR));
        passes("call-permission-category", &utility(CPR));
    }

    #[test]
    fn call_permission_buttons() {
        breaks(
            "call-permission-buttons",
            &marketing(&format!(
                "{CPR}  - {{type: BUTTONS, buttons: [{{type: QUICK_REPLY, text: Call me}}]}}\n"
            )),
        );
        passes("call-permission-buttons", &marketing(CPR));
    }

    #[test]
    fn call_permission_needs_a_body() {
        breaks(
            "body-missing",
            &marketing("  - type: call_permission_request\n"),
        );
        breaks(
            "body-text-missing",
            &marketing("  - {type: BODY, text: ''}\n  - type: call_permission_request\n"),
        );
    }
}
