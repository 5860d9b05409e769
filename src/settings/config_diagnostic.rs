//! A problem in `wabactl.yaml` as a finding like those in template files: `file:line:col`,
//! the line quoted and the spot underlined, and a did-you-mean for a mistyped key, rendered by
//! the same diagnostics renderer.

use std::path::Path;
use std::sync::Arc;

use crate::config::ConfigError;
use crate::template::diagnostic::{Diagnostic, Location, SourceFile, did_you_mean};
use crate::template::rule_id::RuleId;
use crate::template::tree::Span;

/// The finding for an invalid project file; `None` for one that could not be read at all.
pub fn config_diagnostic(err: &ConfigError, cwd: &Path) -> Option<Diagnostic> {
    let ConfigError::Invalid {
        path,
        line,
        column,
        message,
        text,
    } = err
    else {
        return None;
    };
    // The YAML reader repeats the place in its message: `error: line 1 column 1: ...`.
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let message = match message.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") => rest,
        _ => message,
    };
    let span = span_at(text, *line, *column);
    let file = Arc::new(SourceFile {
        path: super::shown_path::shown_path(cwd, path),
        text: text.clone(),
    });
    let (rule, message, help) = match unknown_field(message) {
        Some((found, expected)) => (
            RuleId::UnknownKey,
            format!("unknown key `{found}` in the project file"),
            match did_you_mean(&found, expected.iter().map(String::as_str)) {
                Some(close) => format!(
                    "did you mean `{close}`? Allowed here: {}",
                    expected.join(", ")
                ),
                None => format!("allowed here: {}", expected.join(", ")),
            },
        ),
        None => (
            RuleId::ProjectFile,
            message.to_owned(),
            "see \"Accounts in `wabactl.yaml`\" in docs/accounts.md and `schemas/config.schema.json`"
                .to_owned(),
        ),
    };
    Some(Diagnostic::error(rule, message, Location { file, span }).with_help(help))
}

/// `unknown field `x`, expected one of a, b` (or `` `a`, `b` ``) → (`x`, [a, b]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (found, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map(|(_, list)| {
            list.split(',')
                .map(|w| w.trim().trim_matches('`').to_owned())
                .filter(|w| !w.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some((found.to_owned(), expected))
}

/// The span of the word at 1-based `line` and `column` (a key or a value).
fn span_at(text: &str, line: u64, column: u64) -> Span {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    let offset_in_line = rest
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(0, |(i, _)| i);
    let offset = (line_start + offset_in_line).min(text.len());
    let len = text[offset..]
        .find([':', '\n', ',', ']', '}'])
        .unwrap_or(text.len() - offset)
        .max(1)
        .min(text.len() - offset);
    Span {
        line: line as u32,
        column: column as u32,
        offset,
        len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn a_mistyped_key_is_located_and_gets_a_suggestion() {
        let err = ConfigError::Invalid {
            path: "/p/wabactl.yaml".into(),
            line: 1,
            column: 1,
            message:
                "line 1 column 1: unknown field `templats`, expected one of templates, accounts"
                    .into(),
            text: "templats: [templates]\n".into(),
        };
        let d = config_diagnostic(&err, Path::new("/p")).unwrap();
        assert_eq!(d.rule, RuleId::UnknownKey);
        assert_eq!(d.location.to_string(), "wabactl.yaml:1:1");
        assert_eq!(d.location.span.len, "templats".len());
        assert!(d.help.unwrap().starts_with("did you mean `templates`?"));
    }
}
