//! Examples of variables: present when the text has variables, shaped for their kind
//! (`body_text: [[..]]` / `*_named_params`), one value per variable, none empty.

use std::collections::HashSet;

use super::Checker;
use super::variables::Var;
use crate::template::model::{BodyExample, HeaderExample, NamedParam};
use crate::template::rule_id::RuleId;

/// The example of a header's text, checked against its variables.
pub(super) fn check_header_example(
    ck: &mut Checker,
    path: &str,
    vars: &[Var],
    example: Option<&HeaderExample>,
) {
    let example_path = format!("{path}.example");
    let positional = example.and_then(|e| e.header_text.as_deref());
    let named = example.and_then(|e| e.header_text_named_params.as_deref());
    check_example(
        ck,
        &example_path,
        vars,
        positional.map(|v| (v, format!("{example_path}.header_text"))),
        named.map(|v| (v, format!("{example_path}.header_text_named_params"))),
        ExampleKind::Header,
    );
}

/// The example of a body's text, checked against its variables.
pub(super) fn check_body_example(
    ck: &mut Checker,
    path: &str,
    vars: &[Var],
    example: Option<&BodyExample>,
) {
    let example_path = format!("{path}.example");
    let rows = example.and_then(|e| e.body_text.as_deref());
    if let Some(rows) = rows
        && rows.len() > 1
    {
        ck.report(
            RuleId::ExampleShape,
            &format!("{example_path}.body_text"),
            format!(
                "body_text holds {} lists; Meta takes one list of values",
                rows.len()
            ),
            "write body_text: [[value1, value2, ...]] with one list",
        );
    }
    let positional = rows.map(|rows| rows.first().map(Vec::as_slice).unwrap_or_default());
    let named = example.and_then(|e| e.body_text_named_params.as_deref());
    check_example(
        ck,
        &example_path,
        vars,
        positional.map(|v| (v, format!("{example_path}.body_text"))),
        named.map(|v| (v, format!("{example_path}.body_text_named_params"))),
        ExampleKind::Body,
    );
}

fn check_example(
    ck: &mut Checker,
    path: &str,
    vars: &[Var],
    positional: Option<(&[String], String)>,
    named: Option<(&[NamedParam], String)>,
    kind: ExampleKind,
) {
    let wants_named = vars.iter().any(|v| matches!(v, Var::Named(_)));
    if vars.is_empty() {
        if let Some((_, at)) = positional
            .as_ref()
            .map(|(v, p)| (v.len(), p))
            .or(named.as_ref().map(|(v, p)| (v.len(), p)))
        {
            ck.report_key(
                RuleId::ExampleUnused,
                at,
                "an example is given but the text has no variables",
                "remove the example",
            );
        }
        return;
    }
    match (wants_named, positional, named) {
        (false, Some((values, at)), _) => {
            if values.len() != vars.len() {
                ck.report(
                    RuleId::ExampleCount,
                    &at,
                    format!(
                        "the text has {} but the example has {}",
                        count(vars.len(), "variable"),
                        count(values.len(), "value")
                    ),
                    format!(
                        "give one value per variable, in order: {}",
                        positional_example(kind, vars, values)
                    ),
                );
            }
            report_empty_values(ck, &at, values.iter().map(String::as_str));
        }
        (true, _, Some((params, at))) => check_named_params(ck, &at, vars, params),
        (false, None, Some((_, at))) => ck.report_key(
            RuleId::ExampleShape,
            &at,
            "the text has positional variables but the example is for named ones",
            format!("write {}", positional_example(kind, vars, &[])),
        ),
        (true, Some((_, at)), None) => ck.report_key(
            RuleId::ExampleShape,
            &at,
            "the text has named variables but the example is for positional ones",
            format!("write {}", named_example(kind, vars)),
        ),
        (wants_named, None, None) => {
            let listed: Vec<String> = vars.iter().map(ToString::to_string).collect();
            ck.report_key(
                RuleId::ExampleMissing,
                path,
                format!("no example for the variables {}", listed.join(", ")),
                format!(
                    "add example: {{{}}}",
                    if wants_named {
                        named_example(kind, vars)
                    } else {
                        positional_example(kind, vars, &[])
                    }
                ),
            );
        }
    }
}

/// Whose example: a body's (`body_text: [[..]]`) or a header's (`header_text: [..]`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExampleKind {
    Body,
    Header,
}

/// `3 variables`, `1 value`.
fn count(n: usize, word: &str) -> String {
    crate::plural::plural(n, word, &format!("{word}s"))
}

/// The positional example the text needs, keeping the values given and marking the ones to
/// write: `body_text: [["Pablo", "<value for {{2}}>"]]` (never made-up values).
fn positional_example(kind: ExampleKind, vars: &[Var], given: &[String]) -> String {
    let values: Vec<String> = vars
        .iter()
        .enumerate()
        .map(|(i, var)| match given.get(i) {
            Some(value) => format!("{value:?}"),
            None => format!("\"<value for {var}>\""),
        })
        .collect();
    let values = values.join(", ");
    if kind == ExampleKind::Body {
        format!("body_text: [[{values}]]")
    } else {
        format!("header_text: [{values}]")
    }
}

/// The named example the text needs, one entry per variable.
fn named_example(kind: ExampleKind, vars: &[Var]) -> String {
    let entries: Vec<String> = vars
        .iter()
        .map(|var| {
            let name = match var {
                Var::Named(name) => name.clone(),
                Var::Positional(n) => n.to_string(),
            };
            format!("{{param_name: {name}, example: \"<value for {var}>\"}}")
        })
        .collect();
    let key = if kind == ExampleKind::Body {
        "body_text_named_params"
    } else {
        "header_text_named_params"
    };
    format!("{key}: [{}]", entries.join(", "))
}

fn check_named_params(ck: &mut Checker, path: &str, vars: &[Var], params: &[NamedParam]) {
    let wanted: Vec<&str> = vars
        .iter()
        .filter_map(|v| match v {
            Var::Named(name) => Some(name.as_str()),
            Var::Positional(_) => None,
        })
        .collect();
    let mut given = HashSet::new();
    let mut suggested = HashSet::new();
    for (i, param) in params.iter().enumerate() {
        let at = format!("{path}[{i}].param_name");
        if !given.insert(param.param_name.as_str()) {
            ck.report(
                RuleId::ExampleNames,
                &at,
                format!("`{}` has two examples", param.param_name),
                "keep one example per variable",
            );
        } else if !wanted.contains(&param.param_name.as_str()) {
            let help = match crate::template::diagnostic::did_you_mean(
                &param.param_name,
                wanted.iter().copied(),
            ) {
                Some(close) => {
                    // The typo explains the missing name; do not report it twice.
                    suggested.insert(close);
                    format!("did you mean `{close}`? Name exactly the text's variables")
                }
                None => format!("the text's variables are {}", wanted.join(", ")),
            };
            ck.report(
                RuleId::ExampleNames,
                &at,
                format!("`{}` is not a variable of the text", param.param_name),
                help,
            );
        }
        report_empty_values(
            ck,
            &format!("{path}[{i}].example"),
            [param.example.as_str()],
        );
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !given.contains(w) && !suggested.contains(w))
        .collect();
    if !missing.is_empty() {
        ck.report(
            RuleId::ExampleNames,
            path,
            format!("no example for {}", missing.join(", ")),
            format!("add {{param_name: {}, example: ...}}", missing[0]),
        );
    }
}

fn report_empty_values<'v>(
    ck: &mut Checker,
    path: &str,
    values: impl IntoIterator<Item = &'v str>,
) {
    if values.into_iter().any(|v| v.trim().is_empty()) {
        ck.report(
            RuleId::ExampleShape,
            path,
            "an example value is empty",
            "give a realistic sample value for every variable",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn example_missing() {
        let d = breaks(
            RuleId::ExampleMissing,
            &body("Hello {{1}}, your code {{2}} is ready.", ""),
        );
        assert!(d.message.contains("{{1}}, {{2}}"));
        passes(
            RuleId::ExampleMissing,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn example_count() {
        breaks(
            RuleId::ExampleCount,
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[Pablo]]}\n",
            ),
        );
        passes(
            RuleId::ExampleCount,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
        // A plain string stands for one value (Meta's carousel pages use it).
        passes(
            RuleId::ExampleCount,
            &body(
                "Hello {{1}}, your order is ready.",
                "    example: {body_text: Pablo}\n",
            ),
        );
    }

    #[test]
    fn example_names() {
        let text = "Hello {{first_name}}, your order is ready.";
        let yaml = |param: &str| {
            template(
                "MARKETING",
                "parameter_format: NAMED\n",
                &format!(
                    "  - type: BODY\n    text: '{text}'\n    example: {{body_text_named_params: [{{param_name: {param}, example: Pablo}}]}}\n"
                ),
            )
        };
        let d = breaks(RuleId::ExampleNames, &yaml("firstname"));
        assert!(d.help.unwrap().contains("`first_name`"));
        passes(RuleId::ExampleNames, &yaml("first_name"));
    }

    #[test]
    fn example_shape() {
        breaks(
            RuleId::ExampleShape,
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text_named_params: [{param_name: a, example: b}]}\n",
            ),
        );
        breaks(
            RuleId::ExampleShape,
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[Pablo, '']]}\n",
            ),
        );
        breaks(
            RuleId::ExampleShape,
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[a, b], [c, d]]}\n",
            ),
        );
        passes(
            RuleId::ExampleShape,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn example_unused() {
        let d = breaks(
            RuleId::ExampleUnused,
            &body("Hello there, your order is ready.", EX2),
        );
        assert!(!d.is_error());
        passes(
            RuleId::ExampleUnused,
            &body("Hello there, your order is ready.", ""),
        );
    }
}
