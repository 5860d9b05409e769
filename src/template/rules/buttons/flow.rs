//! FLOW buttons: exactly one flow named, a known action and icon, and valid Flow JSON.

use super::super::Checker;
use crate::template::model::{FLOW_ACTIONS, FLOW_ICONS, FlowButton};
use crate::template::rule_id::RuleId;

pub(super) fn check(ck: &mut Checker, path: &str, flow: &FlowButton) {
    let targets = [&flow.flow_id, &flow.flow_name, &flow.flow_json]
        .iter()
        .filter(|t| t.is_some())
        .count();
    if targets != 1 {
        ck.report(
            RuleId::FlowTarget,
            path,
            if targets == 0 {
                "the FLOW button names no flow".to_owned()
            } else {
                format!("the FLOW button names {targets} flows")
            },
            "give exactly one of `flow_id`, `flow_name` or `flow_json`",
        );
    }
    if let Some(action) = flow.flow_action.as_deref()
        && !FLOW_ACTIONS.contains(&action)
    {
        ck.report(
            RuleId::FlowAction,
            &format!("{path}.flow_action"),
            format!("unknown flow_action `{action}`"),
            "use `navigate` or `data_exchange`",
        );
    }
    if let Some(icon) = flow.icon.as_deref()
        && !FLOW_ICONS.contains(&icon)
    {
        ck.report(
            RuleId::FlowIcon,
            &format!("{path}.icon"),
            format!("unknown icon `{icon}`"),
            "use DOCUMENT, PROMOTION or REVIEW",
        );
    }
    if let Some(json) = flow.flow_json.as_deref()
        && let Err(err) = serde_json::from_str::<serde_json::Value>(json)
    {
        ck.report(
            RuleId::FlowJson,
            &format!("{path}.flow_json"),
            format!("flow_json is not valid JSON: {err}"),
            "paste the Flow JSON as a string (a YAML block scalar `|` keeps it readable)",
        );
    }
}
#[cfg(test)]
mod tests {
    use super::super::tests::with_buttons;
    use crate::template::rule_id::RuleId;
    use crate::template::rules::testing::*;

    #[test]
    fn flow_target() {
        breaks(
            RuleId::FlowTarget,
            &with_buttons("      - {type: FLOW, text: Book}\n"),
        );
        breaks(
            RuleId::FlowTarget,
            &with_buttons("      - {type: FLOW, text: Book, flow_id: '1', flow_name: book}\n"),
        );
        passes(
            RuleId::FlowTarget,
            &with_buttons("      - {type: FLOW, text: Book, flow_id: 1234567890}\n"),
        );
    }

    #[test]
    fn flow_action() {
        breaks(
            RuleId::FlowAction,
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, flow_action: open}\n"),
        );
        passes(
            RuleId::FlowAction,
            &with_buttons(
                "      - {type: FLOW, text: Book, flow_name: book, flow_action: NAVIGATE}\n",
            ),
        );
    }

    #[test]
    fn flow_icon() {
        breaks(
            RuleId::FlowIcon,
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, icon: star}\n"),
        );
        passes(
            RuleId::FlowIcon,
            &with_buttons("      - {type: FLOW, text: Book, flow_name: book, icon: review}\n"),
        );
    }

    #[test]
    fn flow_json() {
        breaks(
            RuleId::FlowJson,
            &with_buttons("      - {type: FLOW, text: Book, flow_json: '{\"version\": '}\n"),
        );
        passes(
            RuleId::FlowJson,
            &with_buttons(
                "      - {type: FLOW, text: Book, flow_json: '{\"version\": \"5.0\", \"screens\": []}'}\n",
            ),
        );
    }
}
