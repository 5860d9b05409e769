//! URL buttons: length, scheme, one variable at the very end, and its example.

use super::super::variables::{self, Var};
use super::super::{Checker, chars};
use crate::template::model::UrlButton;
use crate::template::rule_id::RuleId;

const URL_MAX: usize = 2000;

pub(super) fn check(ck: &mut Checker, path: &str, button: &UrlButton) {
    let url_path = format!("{path}.url");
    let url = button.url.as_str();
    let length = chars(url);
    if length > URL_MAX {
        ck.report(
            RuleId::UrlLength,
            &url_path,
            format!("the URL has {length} characters; the limit is {URL_MAX}"),
            "shorten the URL",
        );
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        ck.report(
            RuleId::UrlFormat,
            &url_path,
            "the URL does not start with https:// or http://",
            format!("write the full address, starting with its scheme: `https://{url}`"),
        );
    }
    let (placeholders, unclosed) = variables::scan(url);
    // The URL before its first variable: hints build on the file's own address.
    let base = &url[..placeholders
        .first()
        .map_or(unclosed.unwrap_or(url.len()), |p| p.start)];
    let bad = unclosed.is_some()
        || placeholders.len() > 1
        || placeholders.iter().any(|p| {
            p.end != url.len() || !matches!(p.var, Some(Var::Positional(1)) | Some(Var::Named(_)))
        });
    if bad {
        ck.report(
            RuleId::UrlVariable,
            &url_path,
            "a URL may hold one variable (`{{1}}` or a named one), at its very end",
            format!("end the URL with one variable: `{base}{{{{1}}}}`"),
        );
    }
    let example = button.example.as_deref().unwrap_or_default();
    let example_path = format!("{path}.example");
    if placeholders.is_empty() && unclosed.is_none() {
        if button.example.is_some() {
            ck.report_key(
                RuleId::UrlExampleUnused,
                &example_path,
                "an example for a URL without a variable",
                "remove the example",
            );
        }
        return;
    }
    match example {
        [] => ck.report(
            RuleId::UrlExampleMissing,
            if button.example.is_some() {
                &example_path
            } else {
                &url_path
            },
            "the URL has a variable but no example",
            format!(
                "add `example: [\"{base}<value for the variable>\"]` (the full URL or only the \
                 suffix), with a real value from a message you will send"
            ),
        ),
        [one] if one.trim().is_empty() => ck.report(
            RuleId::ExampleShape,
            &example_path,
            "the URL example is empty",
            "give a sample value for the variable",
        ),
        [_] => {}
        _ => ck.report(
            RuleId::ExampleShape,
            &example_path,
            format!("{} URL examples; the URL has one variable", example.len()),
            "give one example",
        ),
    }
}
#[cfg(test)]
mod tests {
    use super::super::tests::{URL, with_buttons};
    use crate::template::rule_id::RuleId;
    use crate::template::rules::testing::*;

    #[test]
    fn url_length() {
        let long = format!(
            "      - {{type: URL, text: Shop, url: 'https://shop.example.com/{}'}}\n",
            "a".repeat(2000)
        );
        breaks(RuleId::UrlLength, &with_buttons(&long));
        passes(RuleId::UrlLength, &with_buttons(URL));
    }

    #[test]
    fn url_format() {
        breaks(
            RuleId::UrlFormat,
            &with_buttons("      - {type: URL, text: Shop, url: 'shop.example.com'}\n"),
        );
        passes(RuleId::UrlFormat, &with_buttons(URL));
    }

    #[test]
    fn url_variable() {
        breaks(
            RuleId::UrlVariable,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}/x', example: [a]}\n",
            ),
        );
        breaks(
            RuleId::UrlVariable,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}{{2}}', example: [a]}\n",
            ),
        );
        breaks(
            RuleId::UrlVariable,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{2}}', example: [a]}\n",
            ),
        );
        passes(
            RuleId::UrlVariable,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{order_id}}', example: [A1]}\n",
            ),
        );
    }

    #[test]
    fn url_example_missing() {
        breaks(
            RuleId::UrlExampleMissing,
            &with_buttons("      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}'}\n"),
        );
        passes(
            RuleId::UrlExampleMissing,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com/{{1}}', example: ['https://s.example.com/A1']}\n",
            ),
        );
    }

    #[test]
    fn url_example_unused() {
        let d = breaks(
            RuleId::UrlExampleUnused,
            &with_buttons(
                "      - {type: URL, text: Shop, url: 'https://s.example.com', example: [a]}\n",
            ),
        );
        assert!(!d.is_error());
        passes(RuleId::UrlExampleUnused, &with_buttons(URL));
    }
}
