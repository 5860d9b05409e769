//! The HEADER component: text (one line, one variable), media (an upload handle), location
//! and product headers.

use super::{Category, Checker, Ctx, chars, examples, variables};
use crate::template::model::{Header, HeaderFormat};
use crate::template::rule_id::RuleId;

const HEADER_TEXT_MAX: usize = 60;

pub(super) fn check_header(ck: &mut Checker, path: &str, header: &Header, ctx: &Ctx) {
    if header.format == HeaderFormat::Location
        && ctx
            .category
            .is_known_and_not(&[Category::Utility, Category::Marketing])
    {
        ck.report(
            RuleId::HeaderLocationCategory,
            &format!("{path}.format"),
            format!("a LOCATION header in a {} template", ctx.category.as_str()),
            "use LOCATION headers in UTILITY or MARKETING templates only",
        );
    }
    if ctx.category != Category::Authentication {
        // In AUTHENTICATION, `auth-header-not-allowed` says it all.
        check_header_content(ck, path, header);
    }
}

/// What every header must satisfy, on a template or on a carousel card.
pub(super) fn check_header_content(ck: &mut Checker, path: &str, header: &Header) {
    let example = header.example.as_ref();
    let handle = example.and_then(|e| e.header_handle.as_ref());
    let text_example =
        example.is_some_and(|e| e.header_text.is_some() || e.header_text_named_params.is_some());
    if header.format == HeaderFormat::Text {
        if handle.is_some() {
            ck.report_key(
                RuleId::HeaderFieldUnexpected,
                &format!("{path}.example.header_handle"),
                "`header_handle` on a TEXT header",
                "remove it, or change `format` to IMAGE, VIDEO or DOCUMENT",
            );
        }
        check_header_text(ck, path, header);
        return;
    }
    let format = format_name(header.format);
    if header.text.is_some() {
        ck.report_key(
            RuleId::HeaderFieldUnexpected,
            &format!("{path}.text"),
            format!("`text` on a {format} header"),
            "remove it, or change `format` to TEXT",
        );
    }
    if text_example {
        ck.report_key(
            RuleId::HeaderFieldUnexpected,
            &format!("{path}.example"),
            format!("a text example on a {format} header"),
            "media headers take `example: {header_handle: [...]}`; LOCATION and PRODUCT headers take none",
        );
    }
    if !header.format.is_media() {
        if handle.is_some() {
            ck.report_key(
                RuleId::HeaderFieldUnexpected,
                &format!("{path}.example.header_handle"),
                format!("`header_handle` on a {format} header"),
                "remove it: the content is given when sending",
            );
        }
        return;
    }
    super::media::check_files(ck, path, header);
    match handle.map(|h| h.iter().find(|h| !h.trim().is_empty())) {
        Some(Some(handle))
            if crate::template::sample::reference::file_reference(handle).is_some() => {}
        Some(Some(handle)) => {
            let looks_like_url = handle.starts_with("http://") || handle.starts_with("https://");
            let looks_like_media_id = handle.chars().all(|c| c.is_ascii_digit());
            if looks_like_url || looks_like_media_id {
                ck.report(
                    RuleId::HeaderHandleFormat,
                    &format!("{path}.example.header_handle[0]"),
                    format!(
                        "this looks like a {}, not an upload handle",
                        if looks_like_url { "URL" } else { "media id" }
                    ),
                    "upload a sample with the Resumable Upload API and use the handle it returns (`4::...`)",
                );
            }
        }
        _ => ck.report(
            RuleId::HeaderHandleMissing,
            &format!("{path}.example"),
            format!("a {format} header needs a sample file"),
            "add `example: {header_handle: [\"4::...\"]}` with a Resumable Upload handle",
        ),
    }
}

/// The format as Meta spells it.
pub(super) fn format_name(format: HeaderFormat) -> &'static str {
    match format {
        HeaderFormat::Text => "TEXT",
        HeaderFormat::Image => "IMAGE",
        HeaderFormat::Video => "VIDEO",
        HeaderFormat::Document => "DOCUMENT",
        HeaderFormat::Location => "LOCATION",
        HeaderFormat::Product => "PRODUCT",
    }
}

fn check_header_text(ck: &mut Checker, path: &str, header: &Header) {
    let text_path = format!("{path}.text");
    let Some(text) = header.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        ck.report(
            RuleId::HeaderTextMissing,
            path,
            "a TEXT header without text",
            "add `text:` (at most 60 characters), or remove the header",
        );
        return;
    };
    let length = chars(text);
    if length > HEADER_TEXT_MAX {
        ck.report(
            RuleId::HeaderTextLength,
            &text_path,
            format!("header text has {length} characters; the limit is {HEADER_TEXT_MAX}"),
            "shorten it; move details into the body",
        );
    }
    let (placeholders, _) = variables::scan(text);
    let mut outside = text.to_owned();
    for p in placeholders.iter().rev() {
        outside.replace_range(p.start..p.end, "");
    }
    if outside.contains(['\n', '*', '_', '~', '`']) {
        ck.report(
            RuleId::HeaderTextFormat,
            &text_path,
            "header text with a line break or formatting characters (* _ ~ `)",
            "keep the header to one plain line; formatting belongs in the body",
        );
    }
    let Some(vars) = variables::check_text(ck, &text_path, text) else {
        return;
    };
    if placeholders.len() > 1 {
        ck.report(
            RuleId::HeaderVariables,
            &text_path,
            format!(
                "the header has {} variables; it may have one",
                placeholders.len()
            ),
            "keep one variable in the header and move the rest into the body",
        );
        return;
    }
    examples::check_header_example(ck, path, &vars, header.example.as_ref());
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    const HANDLE: &str = "'4::aW1hZ2UvanBlZw==:ARb0a9E9s7'";

    #[test]
    fn header_text_missing() {
        breaks(
            RuleId::HeaderTextMissing,
            &utility(&format!("  - {{type: HEADER, format: TEXT}}\n{BODY}")),
        );
        passes(
            RuleId::HeaderTextMissing,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: Hi}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_text_length() {
        let long = format!(
            "  - {{type: HEADER, format: TEXT, text: '{}'}}\n{BODY}",
            "x".repeat(61)
        );
        breaks(RuleId::HeaderTextLength, &utility(&long));
        passes(
            RuleId::HeaderTextLength,
            &utility(&long.replace(&"x".repeat(61), &"x".repeat(60))),
        );
    }

    #[test]
    fn header_text_format() {
        let d = breaks(
            RuleId::HeaderTextFormat,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: '*Big* news'}}\n{BODY}"
            )),
        );
        assert!(!d.is_error());
        passes(
            RuleId::HeaderTextFormat,
            &template(
                "UTILITY",
                "parameter_format: NAMED\n",
                &format!(
                    "  - {{type: HEADER, format: TEXT, text: 'News for {{{{first_name}}}}', example: {{header_text_named_params: [{{param_name: first_name, example: Ann}}]}}}}\n{BODY}"
                ),
            ),
        );
    }

    #[test]
    fn header_field_unexpected() {
        breaks(
            RuleId::HeaderFieldUnexpected,
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, text: Hi, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
        breaks(
            RuleId::HeaderFieldUnexpected,
            &utility(&format!(
                "  - {{type: HEADER, format: LOCATION, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
        passes(
            RuleId::HeaderFieldUnexpected,
            &utility(&format!("  - {{type: HEADER, format: LOCATION}}\n{BODY}")),
        );
    }

    #[test]
    fn header_variables() {
        breaks(
            RuleId::HeaderVariables,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}} and {{{{2}}}}', example: {{header_text: [a, b]}}}}\n{BODY}"
            )),
        );
        passes(
            RuleId::HeaderVariables,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}', example: {{header_text: [Ann]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_example_is_checked() {
        breaks(
            RuleId::ExampleMissing,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}'}}\n{BODY}"
            )),
        );
        breaks(
            RuleId::ExampleCount,
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}', example: {{header_text: [a, b]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_handle_missing() {
        breaks(
            RuleId::HeaderHandleMissing,
            &utility(&format!("  - {{type: HEADER, format: VIDEO}}\n{BODY}")),
        );
        passes(
            RuleId::HeaderHandleMissing,
            &utility(&format!(
                "  - {{type: HEADER, format: VIDEO, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_handle_format() {
        let d = breaks(
            RuleId::HeaderHandleFormat,
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: ['https://cdn.example.com/a.png']}}}}\n{BODY}"
            )),
        );
        assert!(!d.is_error());
        breaks(
            RuleId::HeaderHandleFormat,
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: ['1234567890']}}}}\n{BODY}"
            )),
        );
        passes(
            RuleId::HeaderHandleFormat,
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_location_category() {
        let location = format!("  - {{type: HEADER, format: LOCATION}}\n{BODY}");
        breaks(RuleId::HeaderLocationCategory, &authentication(&location));
        passes(RuleId::HeaderLocationCategory, &marketing(&location));
    }
}
