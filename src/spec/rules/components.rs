//! The component list (counts, order) and the HEADER, BODY and FOOTER components.
//!
//! Authentication templates replace body and footer text with presets; their rules live in
//! `authentication.rs`, and these checks step aside for them.

use super::{Category, Checker, Ctx, chars, variables};
use crate::spec::model::{Body, Component, Footer, Header, HeaderFormat};

const HEADER_TEXT_MAX: usize = 60;
const BODY_MAX: usize = 1024;
const OFFER_BODY_MAX: usize = 600;
pub(super) const CARD_BODY_MAX: usize = 160;
const FOOTER_MAX: usize = 60;

/// Which components there are, how many of each, and in which order.
pub(super) fn check_structure(ck: &mut Checker, ctx: &Ctx) {
    let template = ctx.template;
    if template.components.is_empty() {
        if template.library_template_name.is_none() {
            ck.report(
                "components-missing",
                "components",
                "the template has no components",
                "add `components:` with at least a BODY, or create it from the library with `library_template_name`",
            );
        }
        return;
    }
    check_kinds(ck, &template.components, "");
    let has_body = template
        .components
        .iter()
        .any(|c| matches!(c, Component::Body(_)));
    if !has_body && template.library_template_name.is_none() {
        ck.report(
            "body-missing",
            "components",
            "the template has no BODY",
            "add `- type: BODY` with the message text",
        );
    }
    // Meta places components by kind whatever their order; reading order keeps reviews easy.
    let rank = |c: &Component| match c {
        Component::Header(_) => Some(0),
        Component::Body(_) => Some(1),
        Component::Footer(_) => Some(2),
        Component::Buttons(_) => Some(3),
        _ => None,
    };
    let mut highest: Option<(usize, &Component)> = None;
    for (i, component) in template.components.iter().enumerate() {
        let Some(r) = rank(component) else { continue };
        match highest {
            Some((top, before)) if r < top => {
                ck.report(
                    "component-order",
                    &format!("components[{i}].type"),
                    format!("{} comes after {}", component.kind(), before.kind()),
                    "list components as HEADER, BODY, FOOTER, BUTTONS (Meta shows them in that order anyway)",
                );
                return;
            }
            Some((top, _)) if r == top => {}
            _ => highest = Some((r, component)),
        }
    }
}

/// At most one component of each kind in `components` (a template's or a card's).
pub(super) fn check_kinds(ck: &mut Checker, components: &[Component], prefix: &str) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, component) in components.iter().enumerate() {
        let kind = component.kind();
        if seen.contains(&kind) {
            ck.report(
                "component-duplicate",
                &format!("{prefix}components[{i}].type"),
                format!("a second {kind} component"),
                format!("keep one {kind}: merge the two, or remove one"),
            );
        } else {
            seen.push(kind);
        }
    }
}

pub(super) fn check_header(ck: &mut Checker, path: &str, header: &Header, ctx: &Ctx) {
    if header.format == HeaderFormat::Location
        && ctx
            .category
            .is_known_and_not(&[Category::Utility, Category::Marketing])
    {
        ck.report(
            "header-location-category",
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
                "header-field-unexpected",
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
            "header-field-unexpected",
            &format!("{path}.text"),
            format!("`text` on a {format} header"),
            "remove it, or change `format` to TEXT",
        );
    }
    if text_example {
        ck.report_key(
            "header-field-unexpected",
            &format!("{path}.example"),
            format!("a text example on a {format} header"),
            "media headers take `example: {header_handle: [...]}`; LOCATION and PRODUCT headers take none",
        );
    }
    if !header.format.is_media() {
        if handle.is_some() {
            ck.report_key(
                "header-field-unexpected",
                &format!("{path}.example.header_handle"),
                format!("`header_handle` on a {format} header"),
                "remove it: the content is given when sending",
            );
        }
        return;
    }
    match handle.map(|h| h.iter().find(|h| !h.trim().is_empty())) {
        Some(Some(handle)) => {
            let looks_like_url = handle.starts_with("http://") || handle.starts_with("https://");
            let looks_like_media_id = handle.chars().all(|c| c.is_ascii_digit());
            if looks_like_url || looks_like_media_id {
                ck.report(
                    "header-handle-format",
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
            "header-handle-missing",
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
            "header-text-missing",
            path,
            "a TEXT header without text",
            "add `text:` (at most 60 characters), or remove the header",
        );
        return;
    };
    let length = chars(text);
    if length > HEADER_TEXT_MAX {
        ck.report(
            "header-text-length",
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
            "header-text-format",
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
            "header-variables",
            &text_path,
            format!(
                "the header has {} variables; it may have one",
                placeholders.len()
            ),
            "keep one variable in the header and move the rest into the body",
        );
        return;
    }
    variables::check_header_example(ck, path, &vars, header.example.as_ref());
}

pub(super) fn check_body(ck: &mut Checker, path: &str, body: &Body, ctx: &Ctx) {
    if ctx.category == Category::Authentication {
        return;
    }
    if body.add_security_recommendation.is_some() {
        ck.report_key(
            "auth-only-field",
            &format!("{path}.add_security_recommendation"),
            format!(
                "`add_security_recommendation` in a {} template",
                ctx.category.as_str()
            ),
            "remove it: it belongs to AUTHENTICATION templates",
        );
    }
    let (limit, context) = if ctx.has_offer {
        (OFFER_BODY_MAX, " with a limited-time offer")
    } else {
        (BODY_MAX, "")
    };
    check_body_text(ck, path, body, limit, context);
}

/// The text, its variables and example, on a template or on a card.
pub(super) fn check_body_text(
    ck: &mut Checker,
    path: &str,
    body: &Body,
    limit: usize,
    context: &str,
) {
    let text_path = format!("{path}.text");
    let Some(text) = body.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        ck.report(
            "body-text-missing",
            if body.text.is_some() {
                &text_path
            } else {
                path
            },
            "the body has no text",
            "add `text:` with the message (at most 1024 characters)",
        );
        return;
    };
    let length = chars(text);
    if length > limit {
        ck.report(
            "body-length",
            &text_path,
            format!("body text has {length} characters; the limit{context} is {limit}"),
            "shorten the text",
        );
    }
    if let Some(vars) = variables::check_text(ck, &text_path, text) {
        variables::check_body_placement(ck, &text_path, text);
        variables::check_body_example(ck, path, &vars, body.example.as_ref());
    }
}

pub(super) fn check_footer(ck: &mut Checker, path: &str, footer: &Footer, ctx: &Ctx) {
    if ctx.category == Category::Authentication {
        return;
    }
    if footer.code_expiration_minutes.is_some() {
        ck.report_key(
            "auth-only-field",
            &format!("{path}.code_expiration_minutes"),
            format!(
                "`code_expiration_minutes` in a {} template",
                ctx.category.as_str()
            ),
            "remove it: it belongs to AUTHENTICATION templates; write the expiry in `text`",
        );
    }
    let text_path = format!("{path}.text");
    let Some(text) = footer.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        if footer.code_expiration_minutes.is_none() {
            ck.report(
                "footer-text-missing",
                if footer.text.is_some() {
                    &text_path
                } else {
                    path
                },
                "the footer has no text",
                "add `text:` (at most 60 characters), or remove the footer",
            );
        }
        return;
    };
    let length = chars(text);
    if length > FOOTER_MAX {
        ck.report(
            "footer-text-length",
            &text_path,
            format!("footer text has {length} characters; the limit is {FOOTER_MAX}"),
            "shorten it",
        );
    }
    if variables::has_variable(text) {
        ck.report(
            "footer-variables",
            &text_path,
            "the footer has a variable",
            "footers are fixed text: move the variable into the body",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    const HANDLE: &str = "'4::aW1hZ2UvanBlZw==:ARb0a9E9s7'";

    #[test]
    fn components_missing() {
        breaks(
            "components-missing",
            "name: a\nlanguage: en\ncategory: UTILITY\n",
        );
        passes(
            "components-missing",
            "name: a\nlanguage: en\ncategory: UTILITY\nlibrary_template_name: delivery_update_1\n",
        );
    }

    #[test]
    fn body_missing() {
        breaks(
            "body-missing",
            &utility("  - {type: FOOTER, text: Thanks}\n"),
        );
        passes("body-missing", &utility(BODY));
    }

    #[test]
    fn component_duplicate() {
        let d = breaks("component-duplicate", &utility(&format!("{BODY}{BODY}")));
        assert_eq!(d.path.as_deref(), Some("components[1].type"));
        passes("component-duplicate", &utility(BODY));
    }

    #[test]
    fn component_order() {
        let d = breaks(
            "component-order",
            &utility(&format!("  - {{type: FOOTER, text: Thanks}}\n{BODY}")),
        );
        assert!(!d.is_error());
        passes(
            "component-order",
            &utility(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n")),
        );
    }

    #[test]
    fn header_text_missing() {
        breaks(
            "header-text-missing",
            &utility(&format!("  - {{type: HEADER, format: TEXT}}\n{BODY}")),
        );
        passes(
            "header-text-missing",
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
        breaks("header-text-length", &utility(&long));
        passes(
            "header-text-length",
            &utility(&long.replace(&"x".repeat(61), &"x".repeat(60))),
        );
    }

    #[test]
    fn header_text_format() {
        let d = breaks(
            "header-text-format",
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: '*Big* news'}}\n{BODY}"
            )),
        );
        assert!(!d.is_error());
        passes(
            "header-text-format",
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
            "header-field-unexpected",
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, text: Hi, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
        breaks(
            "header-field-unexpected",
            &utility(&format!(
                "  - {{type: HEADER, format: LOCATION, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
        passes(
            "header-field-unexpected",
            &utility(&format!("  - {{type: HEADER, format: LOCATION}}\n{BODY}")),
        );
    }

    #[test]
    fn header_variables() {
        breaks(
            "header-variables",
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}} and {{{{2}}}}', example: {{header_text: [a, b]}}}}\n{BODY}"
            )),
        );
        passes(
            "header-variables",
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}', example: {{header_text: [Ann]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_example_is_checked() {
        breaks(
            "example-missing",
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}'}}\n{BODY}"
            )),
        );
        breaks(
            "example-count",
            &utility(&format!(
                "  - {{type: HEADER, format: TEXT, text: 'Hi {{{{1}}}}', example: {{header_text: [a, b]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_handle_missing() {
        breaks(
            "header-handle-missing",
            &utility(&format!("  - {{type: HEADER, format: VIDEO}}\n{BODY}")),
        );
        passes(
            "header-handle-missing",
            &utility(&format!(
                "  - {{type: HEADER, format: VIDEO, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_handle_format() {
        let d = breaks(
            "header-handle-format",
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: ['https://cdn.example.com/a.png']}}}}\n{BODY}"
            )),
        );
        assert!(!d.is_error());
        breaks(
            "header-handle-format",
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: ['1234567890']}}}}\n{BODY}"
            )),
        );
        passes(
            "header-handle-format",
            &utility(&format!(
                "  - {{type: HEADER, format: IMAGE, example: {{header_handle: [{HANDLE}]}}}}\n{BODY}"
            )),
        );
    }

    #[test]
    fn header_location_category() {
        let location = format!("  - {{type: HEADER, format: LOCATION}}\n{BODY}");
        breaks("header-location-category", &authentication(&location));
        passes("header-location-category", &marketing(&location));
    }

    #[test]
    fn body_text_missing() {
        breaks("body-text-missing", &utility("  - {type: BODY}\n"));
        breaks(
            "body-text-missing",
            &utility("  - {type: BODY, text: '  '}\n"),
        );
        passes("body-text-missing", &utility(BODY));
    }

    #[test]
    fn body_length() {
        let body = |n: usize| {
            utility(&format!(
                "  - {{type: BODY, text: '{}.'}}\n",
                "word ".repeat(n / 5)
            ))
        };
        breaks("body-length", &body(1025));
        passes("body-length", &body(1015));
    }

    #[test]
    fn footer_text_missing() {
        breaks(
            "footer-text-missing",
            &utility(&format!("{BODY}  - {{type: FOOTER}}\n")),
        );
        passes(
            "footer-text-missing",
            &utility(&format!("{BODY}  - {{type: FOOTER, text: Thanks}}\n")),
        );
    }

    #[test]
    fn footer_text_length() {
        breaks(
            "footer-text-length",
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: '{}'}}\n",
                "x".repeat(61)
            )),
        );
        passes(
            "footer-text-length",
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: '{}'}}\n",
                "x".repeat(60)
            )),
        );
    }

    #[test]
    fn footer_variables() {
        breaks(
            "footer-variables",
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, text: 'Bye {{{{1}}}}'}}\n"
            )),
        );
        passes(
            "footer-variables",
            &utility(&format!("{BODY}  - {{type: FOOTER, text: 'Bye now'}}\n")),
        );
    }

    #[test]
    fn auth_only_fields_outside_authentication() {
        breaks(
            "auth-only-field",
            &utility(
                "  - {type: BODY, text: Your order has shipped today., add_security_recommendation: true}\n",
            ),
        );
        breaks(
            "auth-only-field",
            &utility(&format!(
                "{BODY}  - {{type: FOOTER, code_expiration_minutes: 5}}\n"
            )),
        );
        passes("auth-only-field", &utility(BODY));
    }
}
