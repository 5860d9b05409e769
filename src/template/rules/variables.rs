//! Variables (`{{1}}`, `{{first_name}}`) in header and body text: their form, numbering and
//! placement (their examples are checked in `examples.rs`).
//!
//! Positional variables are numbered from 1 without gaps; named ones are lowercase letters,
//! digits and underscores; a template uses one kind, the one `parameter_format` announces.

use std::collections::HashSet;

use super::Checker;
use crate::template::model::{Component, ParameterFormat, Template};
use crate::template::rule_id::RuleId;

pub(super) use crate::template::variables::{Var, classify, scan};

/// The distinct variables of a text in order of appearance, after reporting malformed,
/// duplicated, mixed and non-sequential ones. `None` when the text mixes both kinds.
pub(super) fn check_text(ck: &mut Checker, path: &str, text: &str) -> Option<Vec<Var>> {
    let (placeholders, unclosed) = scan(text);
    if unclosed.is_some() {
        ck.report(
            RuleId::VariableFormat,
            path,
            "a `{{` is never closed with `}}`",
            "close the variable (`{{1}}`), or remove the stray braces",
        );
    }
    let mut vars: Vec<Var> = Vec::new();
    for placeholder in &placeholders {
        match &placeholder.var {
            None => ck.report(
                RuleId::VariableFormat,
                path,
                format!("`{{{{{}}}}}` is not a valid variable", placeholder.inner),
                malformed_help(placeholder.inner),
            ),
            Some(var) if vars.contains(var) => ck.report(
                RuleId::VariableDuplicate,
                path,
                format!("{var} appears more than once"),
                "use each variable once per text; repeat the value when sending instead",
            ),
            Some(var) => vars.push(var.clone()),
        }
    }
    let positional: Vec<u32> = vars
        .iter()
        .filter_map(|v| match v {
            Var::Positional(n) => Some(*n),
            Var::Named(_) => None,
        })
        .collect();
    if !positional.is_empty() && positional.len() != vars.len() {
        ck.report(
            RuleId::VariableMixed,
            path,
            "this text mixes positional (`{{1}}`) and named (`{{name}}`) variables",
            "use one kind in the whole template, as `parameter_format` says",
        );
        return None;
    }
    let mut sorted = positional.clone();
    sorted.sort_unstable();
    if let Some(missing) = (1..=sorted.len() as u32).find(|n| !sorted.contains(n)) {
        let present: Vec<String> = sorted.iter().map(|n| format!("{{{{{n}}}}}")).collect();
        ck.report(
            RuleId::VariableSequence,
            path,
            format!(
                "positional variables must run 1, 2, 3... but here are {}: {{{{{missing}}}}} is missing",
                present.join(", ")
            ),
            format!("renumber them {{{{1}}}} to {{{{{}}}}} in order", sorted.len()),
        );
    }
    Some(vars)
}

fn malformed_help(inner: &str) -> String {
    let trimmed = inner.trim();
    if trimmed != inner && classify(trimmed).is_some() {
        return format!("remove the spaces: `{{{{{trimmed}}}}}`");
    }
    if inner.contains(['#', '$', '%']) {
        return "variables cannot contain `#`, `$` or `%`; put such characters outside the braces"
            .to_owned();
    }
    let lower = trimmed.to_lowercase().replace([' ', '-'], "_");
    if classify(&lower).is_some() {
        return format!("write it `{{{{{lower}}}}}`: lowercase letters, digits and underscores");
    }
    "write `{{1}}`, `{{2}}`... or `{{lowercase_name}}`".to_owned()
}

/// Dangling and adjacent variables, and too many variables for the text (body text only).
pub(super) fn check_body_placement(ck: &mut Checker, path: &str, text: &str) {
    let (placeholders, _) = scan(text);
    let (Some(first), Some(last)) = (placeholders.first(), placeholders.last()) else {
        return;
    };
    let starts = text.len() - text.trim_start().len() == first.start;
    let ends = text.trim_end().len() == last.end;
    if starts || ends {
        let place = match (starts, ends) {
            (true, true) => "starts and ends",
            (true, false) => "starts",
            _ => "ends",
        };
        ck.report(
            RuleId::BodyDanglingVariable,
            path,
            format!("the body {place} with a variable"),
            "add words before the first and after the last variable (a full stop at the end is enough)",
        );
    }
    for pair in placeholders.windows(2) {
        if text[pair[0].end..pair[1].start].trim().is_empty() {
            ck.report(
                RuleId::BodyAdjacentVariables,
                path,
                format!(
                    "`{}` and `{}` stand next to each other",
                    &text[pair[0].start..pair[0].end],
                    &text[pair[1].start..pair[1].end]
                ),
                "put words between the variables, or merge them into one",
            );
        }
    }
    let mut fixed = String::with_capacity(text.len());
    let mut from = 0;
    for placeholder in &placeholders {
        fixed.push_str(&text[from..placeholder.start]);
        fixed.push(' ');
        from = placeholder.end;
    }
    fixed.push_str(&text[from..]);
    let words = fixed
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let count = placeholders.len();
    // Meta publishes no ratio; its own approved examples keep well above two words per variable.
    if words < 2 * count + 1 {
        ck.report(
            RuleId::BodyTooManyVariables,
            path,
            format!("{count} variables but only {words} words of fixed text"),
            "Meta rejects bodies that are mostly variables: add context, or use fewer variables",
        );
    }
}

/// True when the text holds anything that looks like a variable.
pub(super) fn has_variable(text: &str) -> bool {
    let (placeholders, unclosed) = scan(text);
    !placeholders.is_empty() || unclosed.is_some()
}

/// One kind of variable across the template, matching `parameter_format`.
pub(super) fn check_consistency(ck: &mut Checker, template: &Template) {
    let mut first_kind: Option<(bool, String)> = None;
    let mut format_reported = false;
    for (path, text) in texts(template) {
        let (placeholders, _) = scan(text);
        let kinds: HashSet<bool> = placeholders
            .iter()
            .filter_map(|p| p.var.as_ref().map(|v| matches!(v, Var::Named(_))))
            .collect();
        if kinds.len() != 1 {
            // No variables, or mixed within the text (reported by `check_text`).
            continue;
        }
        let named = kinds.contains(&true);
        match &first_kind {
            Some((first_named, first_path)) if *first_named != named => {
                ck.report(
                    RuleId::VariableMixed,
                    &path,
                    format!(
                        "this text uses {} variables but `{first_path}` uses {} ones",
                        kind_name(named),
                        kind_name(*first_named)
                    ),
                    "use one kind in the whole template, as `parameter_format` says",
                );
                continue;
            }
            Some(_) => {}
            None => first_kind = Some((named, path.clone())),
        }
        let declared = template.parameter_format();
        // One report per template: the fix (one line of `parameter_format`) is the same for all.
        if named != (declared == ParameterFormat::Named) && !format_reported {
            format_reported = true;
            let help = match (named, template.parameter_format.is_some()) {
                (true, false) => {
                    "add `parameter_format: NAMED` (the default is positional)".to_owned()
                }
                (true, true) => {
                    "set `parameter_format: NAMED`, or write `{{1}}`, `{{2}}`...".to_owned()
                }
                (false, _) => {
                    "set `parameter_format: POSITIONAL`, or write `{{first_name}}`-style variables"
                        .to_owned()
                }
            };
            ck.report(
                RuleId::ParameterFormatMismatch,
                &path,
                format!(
                    "{} variables in a template whose parameter_format is {}",
                    kind_name(named),
                    if declared == ParameterFormat::Named {
                        "NAMED"
                    } else {
                        "POSITIONAL"
                    }
                ),
                help,
            );
        }
    }
}

fn kind_name(named: bool) -> &'static str {
    if named { "named" } else { "positional" }
}

/// Header and body texts (top level and on carousel cards) with their paths.
fn texts(template: &Template) -> Vec<(String, &str)> {
    fn collect<'t>(components: &'t [Component], prefix: &str, out: &mut Vec<(String, &'t str)>) {
        for (i, component) in components.iter().enumerate() {
            let path = format!("{prefix}components[{i}]");
            match component {
                Component::Header(h) => {
                    if let Some(text) = &h.text {
                        out.push((format!("{path}.text"), text));
                    }
                }
                Component::Body(b) => {
                    if let Some(text) = &b.text {
                        out.push((format!("{path}.text"), text));
                    }
                }
                Component::Carousel(c) => {
                    for (j, card) in c.cards.iter().enumerate() {
                        collect(&card.components, &format!("{path}.cards[{j}]."), out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    collect(&template.components, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn scans_placeholders() {
        let (found, unclosed) = scan("Hi {{1}}, {{first_name}} {{ 2 }} {{Bad}} {{");
        let vars: Vec<_> = found.iter().map(|p| p.var.clone()).collect();
        assert_eq!(
            vars,
            [
                Some(Var::Positional(1)),
                Some(Var::Named("first_name".into())),
                None,
                None
            ]
        );
        assert!(unclosed.is_some());
    }

    #[test]
    fn variable_format() {
        let d = breaks(
            RuleId::VariableFormat,
            &body("Hello {{First Name}}, your code is ready.", ""),
        );
        assert!(d.help.unwrap().contains("{{first_name}}"));
        breaks(
            RuleId::VariableFormat,
            &body("Hello {{1}, your code is ready.", ""),
        );
        passes(
            RuleId::VariableFormat,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_sequence() {
        let d = breaks(
            RuleId::VariableSequence,
            &body("Hello {{1}}, your code {{3}} is ready.", EX2),
        );
        assert!(d.message.contains("{{2}} is missing"), "{}", d.message);
        passes(
            RuleId::VariableSequence,
            &body("Hello {{2}}, your code {{1}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_duplicate() {
        breaks(
            RuleId::VariableDuplicate,
            &body(
                "Hello {{1}}, your code {{1}} is ready.",
                "    example: {body_text: [[Pablo]]}\n",
            ),
        );
        passes(
            RuleId::VariableDuplicate,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_mixed() {
        breaks(
            RuleId::VariableMixed,
            &body("Hello {{1}}, your code {{code}} is ready.", EX2),
        );
        let across = marketing(
            "  - {type: HEADER, format: TEXT, text: 'Hi {{name}}', example: {header_text_named_params: [{param_name: name, example: Pablo}]}}\n  - {type: BODY, text: 'Your code {{1}} is ready now.', example: {body_text: [[ABC]]}}\n",
        );
        breaks(
            RuleId::VariableMixed,
            &across.replace(
                "category: MARKETING",
                "category: MARKETING\nparameter_format: NAMED",
            ),
        );
        passes(
            RuleId::VariableMixed,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn parameter_format_mismatch() {
        let named = "    example: {body_text_named_params: [{param_name: name, example: Pablo}]}\n";
        let d = breaks(
            RuleId::ParameterFormatMismatch,
            &body("Hello {{name}}, your order is ready.", named),
        );
        assert!(d.help.unwrap().contains("parameter_format: NAMED"));
        let with_format = |format: &str, text: &str, example: &str| {
            template(
                "MARKETING",
                &format!("parameter_format: {format}\n"),
                &format!("  - type: BODY\n    text: '{text}'\n{example}"),
            )
        };
        breaks(
            RuleId::ParameterFormatMismatch,
            &with_format("named", "Hello {{1}}, your code {{2}} is ready.", EX2),
        );
        passes(
            RuleId::ParameterFormatMismatch,
            &with_format("named", "Hello {{name}}, your order is ready.", named),
        );
        passes(
            RuleId::ParameterFormatMismatch,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn body_dangling_variable() {
        breaks(
            RuleId::BodyDanglingVariable,
            &body("{{1}}, your order with code {{2}} is ready.", EX2),
        );
        breaks(
            RuleId::BodyDanglingVariable,
            &body("Hello {{1}}, your order is ready with {{2}}", EX2),
        );
        passes(
            RuleId::BodyDanglingVariable,
            &body("Hello {{1}}, your order with code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn body_adjacent_variables() {
        breaks(
            RuleId::BodyAdjacentVariables,
            &body("Hello {{1}}{{2}}, your order is ready now.", EX2),
        );
        breaks(
            RuleId::BodyAdjacentVariables,
            &body("Hello {{1}} {{2}}, your order is ready now.", EX2),
        );
        passes(
            RuleId::BodyAdjacentVariables,
            &body("Hello {{1}}, code {{2}}, your order is ready now.", EX2),
        );
    }

    #[test]
    fn body_too_many_variables() {
        let ex = "    example: {body_text: [[a, b, c]]}\n";
        let d = breaks(
            RuleId::BodyTooManyVariables,
            &body("Hi {{1}}, {{2}} and {{3}} now.", ex),
        );
        assert!(!d.is_error());
        passes(
            RuleId::BodyTooManyVariables,
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }
}
