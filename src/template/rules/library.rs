//! Templates created from Meta's Template Library (`library_template_name` and its inputs).

use super::Checker;
use crate::template::model::Template;
use crate::template::rule_id::RuleId;

/// The button input types Meta's Template Library page lists ("Library template button
/// inputs").
const BUTTON_TYPES: [&str; 9] = [
    "QUICK_REPLY",
    "URL",
    "PHONE_NUMBER",
    "OTP",
    "MPM",
    "CATALOG",
    "FLOW",
    "VOICE_CALL",
    "APP",
];

pub(super) fn check(ck: &mut Checker, template: &Template) {
    if template.library_template_name.is_none() {
        for key in [
            "library_template_body_inputs",
            "library_template_button_inputs",
        ] {
            let present = match key {
                "library_template_body_inputs" => template.library_template_body_inputs.is_some(),
                _ => template.library_template_button_inputs.is_some(),
            };
            if present {
                ck.report_key(
                    RuleId::LibraryInputsWithoutName,
                    key,
                    format!("`{key}` without `library_template_name`"),
                    "name the library template with `library_template_name`, or remove the inputs",
                );
            }
        }
    }
    let inputs = template
        .library_template_button_inputs
        .as_deref()
        .unwrap_or_default();
    for (i, input) in inputs.iter().enumerate() {
        let path = format!("library_template_button_inputs[{i}]");
        let kind = input.kind.to_uppercase();
        let problem = if !BUTTON_TYPES.contains(&kind.as_str()) {
            Some((
                format!("{path}.type"),
                format!("unknown button type `{}`", input.kind),
            ))
        } else if kind == "URL" && input.url.is_none() {
            Some((
                path.clone(),
                "a URL input needs `url: {base_url, url_suffix_example}`".to_owned(),
            ))
        } else if kind == "PHONE_NUMBER" && input.phone_number.is_none() {
            Some((
                path.clone(),
                "a PHONE_NUMBER input needs `phone_number`".to_owned(),
            ))
        } else if kind == "OTP" && input.otp_type.is_none() {
            Some((path.clone(), "an OTP input needs `otp_type`".to_owned()))
        } else {
            None
        };
        if let Some((at, message)) = problem {
            ck.report(
                RuleId::LibraryButtonInputsShape,
                &at,
                message,
                "write each input as a map, e.g. `- {type: URL, url: {base_url: 'https://example.com/{{1}}', url_suffix_example: 'https://example.com/A1'}}`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    const LIBRARY: &str = "name: my_delivery_update\nlanguage: en_US\ncategory: UTILITY\nlibrary_template_name: delivery_update_1\n";

    #[test]
    fn library_inputs_without_name() {
        breaks(
            RuleId::LibraryInputsWithoutName,
            &utility(BODY).replace(
                "components:",
                "library_template_body_inputs: {add_contact_number: true}\ncomponents:",
            ),
        );
        passes(
            RuleId::LibraryInputsWithoutName,
            &format!("{LIBRARY}library_template_body_inputs: {{add_contact_number: true}}\n"),
        );
    }

    #[test]
    fn library_button_inputs_shape() {
        breaks(
            RuleId::LibraryButtonInputsShape,
            &format!("{LIBRARY}library_template_button_inputs: [{{type: URL}}]\n"),
        );
        breaks(
            RuleId::LibraryButtonInputsShape,
            &format!("{LIBRARY}library_template_button_inputs: [{{type: LINK}}]\n"),
        );
        for kind in ["QUICK_REPLY", "MPM", "CATALOG", "FLOW", "VOICE_CALL", "APP"] {
            passes(
                RuleId::LibraryButtonInputsShape,
                &format!("{LIBRARY}library_template_button_inputs: [{{type: {kind}}}]\n"),
            );
        }
        passes(
            RuleId::LibraryButtonInputsShape,
            &format!(
                "{LIBRARY}library_template_button_inputs: [{{type: URL, url: {{base_url: 'https://example.com/{{{{1}}}}', url_suffix_example: 'https://example.com/A1'}}}}]\n"
            ),
        );
    }
}
