//! Variables (`{{1}}`, `{{first_name}}`) in header and body text, and their examples.
//!
//! Positional variables are numbered from 1 without gaps; named ones are lowercase letters,
//! digits and underscores; a template uses one kind, the one `parameter_format` announces.
//! Every text with variables needs an example of the matching shape.

use std::collections::HashSet;

use super::Checker;
use crate::spec::model::{
    BodyExample, Component, HeaderExample, NamedParam, ParameterFormat, Template,
};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Var {
    Positional(u32),
    Named(String),
}

impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Var::Positional(n) => write!(f, "{{{{{n}}}}}"),
            Var::Named(name) => write!(f, "{{{{{name}}}}}"),
        }
    }
}

/// One `{{...}}` in a text: its byte range and, when well-formed, its variable.
#[derive(Debug)]
pub(super) struct Placeholder<'t> {
    pub start: usize,
    pub end: usize,
    pub inner: &'t str,
    pub var: Option<Var>,
}

/// Every placeholder of `text`, plus the offset of a `{{` that is never closed.
pub(super) fn scan(text: &str) -> (Vec<Placeholder<'_>>, Option<usize>) {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open + 2..].find("}}").map(|i| i + open + 2) else {
            return (found, Some(open));
        };
        let inner = &text[open + 2..close];
        found.push(Placeholder {
            start: open,
            end: close + 2,
            inner,
            var: classify(inner),
        });
        from = close + 2;
    }
    (found, None)
}

fn classify(inner: &str) -> Option<Var> {
    let mut chars = inner.chars();
    let first = chars.next()?;
    if inner.chars().all(|c| c.is_ascii_digit()) && first != '0' {
        return inner.parse().ok().map(Var::Positional);
    }
    let named = first.is_ascii_lowercase()
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    named.then(|| Var::Named(inner.to_owned()))
}

/// The distinct variables of a text in order of appearance, after reporting malformed,
/// duplicated, mixed and non-sequential ones. `None` when the text mixes both kinds.
pub(super) fn check_text(ck: &mut Checker, path: &str, text: &str) -> Option<Vec<Var>> {
    let (placeholders, unclosed) = scan(text);
    if unclosed.is_some() {
        ck.report(
            "variable-format",
            path,
            "a `{{` is never closed with `}}`",
            "close the variable (`{{1}}`), or remove the stray braces",
        );
    }
    let mut vars: Vec<Var> = Vec::new();
    for placeholder in &placeholders {
        match &placeholder.var {
            None => ck.report(
                "variable-format",
                path,
                format!("`{{{{{}}}}}` is not a valid variable", placeholder.inner),
                malformed_help(placeholder.inner),
            ),
            Some(var) if vars.contains(var) => ck.report(
                "variable-duplicate",
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
            "variable-mixed",
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
            "variable-sequence",
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
            "body-dangling-variable",
            path,
            format!("the body {place} with a variable"),
            "add words before the first and after the last variable (a full stop at the end is enough)",
        );
    }
    for pair in placeholders.windows(2) {
        if text[pair[0].end..pair[1].start].trim().is_empty() {
            ck.report(
                "body-adjacent-variables",
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
            "body-too-many-variables",
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
        "header_text: [\"Summer Sale\"]",
        "header_text_named_params: [{param_name: sale_name, example: Summer Sale}]",
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
            "example-shape",
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
        "body_text: [[\"Pablo\", \"25OFF\"]]",
        "body_text_named_params: [{param_name: first_name, example: Pablo}]",
    );
}

fn check_example(
    ck: &mut Checker,
    path: &str,
    vars: &[Var],
    positional: Option<(&[String], String)>,
    named: Option<(&[NamedParam], String)>,
    positional_form: &str,
    named_form: &str,
) {
    let wants_named = vars.iter().any(|v| matches!(v, Var::Named(_)));
    if vars.is_empty() {
        if let Some((_, at)) = positional
            .as_ref()
            .map(|(v, p)| (v.len(), p))
            .or(named.as_ref().map(|(v, p)| (v.len(), p)))
        {
            ck.report_key(
                "example-unused",
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
                    "example-count",
                    &at,
                    format!(
                        "the text has {} variables but the example {} values",
                        vars.len(),
                        values.len()
                    ),
                    format!("give one value per variable, in order: {positional_form}"),
                );
            }
            report_empty_values(ck, &at, values.iter().map(String::as_str));
        }
        (true, _, Some((params, at))) => check_named_params(ck, &at, vars, params),
        (false, None, Some((_, at))) => ck.report_key(
            "example-shape",
            &at,
            "the text has positional variables but the example is for named ones",
            format!("write {positional_form}"),
        ),
        (true, Some((_, at)), None) => ck.report_key(
            "example-shape",
            &at,
            "the text has named variables but the example is for positional ones",
            format!("write {named_form}"),
        ),
        (wants_named, None, None) => {
            let listed: Vec<String> = vars.iter().map(ToString::to_string).collect();
            ck.report_key(
                "example-missing",
                path,
                format!("no example for the variables {}", listed.join(", ")),
                format!(
                    "add example: {{{}}}",
                    if wants_named {
                        named_form
                    } else {
                        positional_form
                    }
                ),
            );
        }
    }
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
                "example-names",
                &at,
                format!("`{}` has two examples", param.param_name),
                "keep one example per variable",
            );
        } else if !wanted.contains(&param.param_name.as_str()) {
            let help = match crate::spec::diagnostic::did_you_mean(
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
                "example-names",
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
            "example-names",
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
            "example-shape",
            path,
            "an example value is empty",
            "give a realistic sample value for every variable",
        );
    }
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
                    "variable-mixed",
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
                "parameter-format-mismatch",
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

    fn body(text: &str, example: &str) -> String {
        marketing(&format!("  - type: BODY\n    text: '{text}'\n{example}"))
    }

    const EX2: &str = "    example: {body_text: [[Pablo, 25OFF]]}\n";

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
            "variable-format",
            &body("Hello {{First Name}}, your code is ready.", ""),
        );
        assert!(d.help.unwrap().contains("{{first_name}}"));
        breaks(
            "variable-format",
            &body("Hello {{1}, your code is ready.", ""),
        );
        passes(
            "variable-format",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_sequence() {
        let d = breaks(
            "variable-sequence",
            &body("Hello {{1}}, your code {{3}} is ready.", EX2),
        );
        assert!(d.message.contains("{{2}} is missing"), "{}", d.message);
        passes(
            "variable-sequence",
            &body("Hello {{2}}, your code {{1}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_duplicate() {
        breaks(
            "variable-duplicate",
            &body(
                "Hello {{1}}, your code {{1}} is ready.",
                "    example: {body_text: [[Pablo]]}\n",
            ),
        );
        passes(
            "variable-duplicate",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn variable_mixed() {
        breaks(
            "variable-mixed",
            &body("Hello {{1}}, your code {{code}} is ready.", EX2),
        );
        let across = marketing(
            "  - {type: HEADER, format: TEXT, text: 'Hi {{name}}', example: {header_text_named_params: [{param_name: name, example: Pablo}]}}\n  - {type: BODY, text: 'Your code {{1}} is ready now.', example: {body_text: [[ABC]]}}\n",
        );
        breaks(
            "variable-mixed",
            &across.replace(
                "category: MARKETING",
                "category: MARKETING\nparameter_format: NAMED",
            ),
        );
        passes(
            "variable-mixed",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn parameter_format_mismatch() {
        let named = "    example: {body_text_named_params: [{param_name: name, example: Pablo}]}\n";
        let d = breaks(
            "parameter-format-mismatch",
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
            "parameter-format-mismatch",
            &with_format("named", "Hello {{1}}, your code {{2}} is ready.", EX2),
        );
        passes(
            "parameter-format-mismatch",
            &with_format("named", "Hello {{name}}, your order is ready.", named),
        );
        passes(
            "parameter-format-mismatch",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn example_missing() {
        let d = breaks(
            "example-missing",
            &body("Hello {{1}}, your code {{2}} is ready.", ""),
        );
        assert!(d.message.contains("{{1}}, {{2}}"));
        passes(
            "example-missing",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn example_count() {
        breaks(
            "example-count",
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[Pablo]]}\n",
            ),
        );
        passes(
            "example-count",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
        // A plain string stands for one value (Meta's carousel pages use it).
        passes(
            "example-count",
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
        let d = breaks("example-names", &yaml("firstname"));
        assert!(d.help.unwrap().contains("`first_name`"));
        passes("example-names", &yaml("first_name"));
    }

    #[test]
    fn example_shape() {
        breaks(
            "example-shape",
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text_named_params: [{param_name: a, example: b}]}\n",
            ),
        );
        breaks(
            "example-shape",
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[Pablo, '']]}\n",
            ),
        );
        breaks(
            "example-shape",
            &body(
                "Hello {{1}}, your code {{2}} is ready.",
                "    example: {body_text: [[a, b], [c, d]]}\n",
            ),
        );
        passes(
            "example-shape",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn example_unused() {
        let d = breaks(
            "example-unused",
            &body("Hello there, your order is ready.", EX2),
        );
        assert!(!d.is_error());
        passes(
            "example-unused",
            &body("Hello there, your order is ready.", ""),
        );
    }

    #[test]
    fn body_dangling_variable() {
        breaks(
            "body-dangling-variable",
            &body("{{1}}, your order with code {{2}} is ready.", EX2),
        );
        breaks(
            "body-dangling-variable",
            &body("Hello {{1}}, your order is ready with {{2}}", EX2),
        );
        passes(
            "body-dangling-variable",
            &body("Hello {{1}}, your order with code {{2}} is ready.", EX2),
        );
    }

    #[test]
    fn body_adjacent_variables() {
        breaks(
            "body-adjacent-variables",
            &body("Hello {{1}}{{2}}, your order is ready now.", EX2),
        );
        breaks(
            "body-adjacent-variables",
            &body("Hello {{1}} {{2}}, your order is ready now.", EX2),
        );
        passes(
            "body-adjacent-variables",
            &body("Hello {{1}}, code {{2}}, your order is ready now.", EX2),
        );
    }

    #[test]
    fn body_too_many_variables() {
        let ex = "    example: {body_text: [[a, b, c]]}\n";
        let d = breaks(
            "body-too-many-variables",
            &body("Hi {{1}}, {{2}} and {{3}} now.", ex),
        );
        assert!(!d.is_error());
        passes(
            "body-too-many-variables",
            &body("Hello {{1}}, your code {{2}} is ready.", EX2),
        );
    }
}
