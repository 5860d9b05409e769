//! The one list of rule ids: each with its severity and a one-line reason.
//!
//! Checks report by id and take the severity from here, so the table, the output and the
//! documentation cannot drift apart.

use crate::template::diagnostic::Severity;

/// A rule users can search for and CI can match on.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn error(id: &'static str, summary: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(id: &'static str, summary: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        summary,
    }
}

/// Every rule, grouped as in the documentation. The first group is reported by the loader.
pub const RULES: &[Rule] = &[
    // Reading files.
    error("io", "The file cannot be read."),
    error("yaml-syntax", "The file is not valid YAML (or JSON)."),
    error(
        "input-limit",
        "The file goes beyond a limit on input: nesting depth or alias expansion.",
    ),
    error("document-shape", "A document is not a mapping."),
    warning("empty-file", "The file holds no template document."),
    error(
        "unknown-key",
        "A key that Meta's create body does not have (with a did-you-mean).",
    ),
    error(
        "unknown-value",
        "A value outside its enum, e.g. a component `type` (with a did-you-mean).",
    ),
    error("missing-key", "A required key is missing."),
    error(
        "languages-shape",
        "`languages` is a non-empty list of codes, given instead of `language`.",
    ),
    error("type", "A value has the wrong type."),
    // Identity and template-level fields.
    error(
        "name-format",
        "`name` must be lowercase letters, digits and underscores.",
    ),
    error("name-length", "`name` is at most 512 characters."),
    error(
        "language-unknown",
        "`language` is not one of Meta's supported codes (`en_US`, not `en-US`).",
    ),
    error(
        "languages-category",
        "A `languages` list (several languages at once) is for AUTHENTICATION templates only.",
    ),
    error(
        "languages-otp-text",
        "A `languages` document's OTP button has no `text` or `autofill_text`: Meta's upsert does not take them.",
    ),
    error(
        "category-unknown",
        "`category` must be MARKETING, UTILITY or AUTHENTICATION (retired ones get a hint).",
    ),
    error(
        "duplicate-template",
        "Two documents define the same name and language.",
    ),
    error(
        "ttl-range",
        "`message_send_ttl_seconds` is outside the range of its category.",
    ),
    error(
        "sub-category-unknown",
        "`sub_category` must be ORDER_DETAILS, ORDER_STATUS or RICH_ORDER_STATUS.",
    ),
    warning(
        "allow-category-change",
        "`allow_category_change` has no effect since April 2025.",
    ),
    error(
        "parameter-format-mismatch",
        "The variables do not match `parameter_format` (positional is the default).",
    ),
    // Components.
    error(
        "components-missing",
        "No `components` and no `library_template_name`.",
    ),
    error("body-missing", "Exactly one BODY is required."),
    error(
        "component-duplicate",
        "A component kind appears more than once.",
    ),
    warning(
        "component-order",
        "Components are not in reading order (HEADER, BODY, FOOTER, BUTTONS).",
    ),
    error("header-text-missing", "A TEXT header needs `text`."),
    error(
        "header-text-length",
        "Header text is at most 60 characters.",
    ),
    warning(
        "header-text-format",
        "Header text should have no line breaks or formatting characters.",
    ),
    error(
        "header-field-unexpected",
        "`text` only on TEXT headers, `header_handle` only on media headers.",
    ),
    error("header-variables", "A header has at most one variable."),
    error(
        "header-handle-missing",
        "An IMAGE, VIDEO or DOCUMENT header needs `example.header_handle`.",
    ),
    warning(
        "header-handle-format",
        "`header_handle` looks like a media id or URL, not an upload handle (`4::...`).",
    ),
    error(
        "media-file",
        "A `file:` sample in `header_handle` is missing or not a regular file.",
    ),
    error(
        "media-type",
        "A `file:` sample is not a type its header takes (IMAGE: JPEG, PNG; VIDEO: MP4; DOCUMENT: PDF).",
    ),
    error(
        "media-size",
        "A `file:` sample is larger than Meta takes (image 5 MB, video 16 MB, document 100 MB).",
    ),
    error(
        "header-location-category",
        "LOCATION headers are for UTILITY and MARKETING templates only.",
    ),
    error("body-text-missing", "The body needs non-empty `text`."),
    error(
        "body-length",
        "Body text is at most 1024 characters (600 with a limited-time offer, 160 on a card).",
    ),
    error(
        "body-dangling-variable",
        "The body cannot start or end with a variable.",
    ),
    error(
        "body-adjacent-variables",
        "Two variables need text between them.",
    ),
    warning(
        "body-too-many-variables",
        "Many variables for little text; Meta rejects such templates.",
    ),
    error(
        "footer-text-missing",
        "A footer needs `text` (or, in AUTHENTICATION, `code_expiration_minutes`).",
    ),
    error(
        "footer-text-length",
        "Footer text is at most 60 characters.",
    ),
    error("footer-variables", "A footer cannot have variables."),
    // Variables and their examples.
    error(
        "variable-format",
        "A variable is `{{1}}` or `{{lowercase_name}}`.",
    ),
    error(
        "variable-sequence",
        "Positional variables are numbered 1, 2, 3... without gaps.",
    ),
    error(
        "variable-duplicate",
        "A variable appears twice in the same text.",
    ),
    error(
        "variable-mixed",
        "Positional and named variables are mixed in one template.",
    ),
    error("example-missing", "Text with variables needs an `example`."),
    error(
        "example-count",
        "The example has a different number of values than the text has variables.",
    ),
    error(
        "example-names",
        "The named example does not name exactly the text's variables.",
    ),
    error(
        "example-shape",
        "The example has the wrong form for the variables (or empty values).",
    ),
    warning(
        "example-unused",
        "An example is given for text without variables.",
    ),
    // Buttons.
    error(
        "buttons-empty",
        "A BUTTONS component needs at least one button.",
    ),
    error("buttons-count", "At most 10 buttons."),
    error(
        "button-type-count",
        "Too many buttons of one type (URL 2, PHONE_NUMBER 1, COPY_CODE 1, ...).",
    ),
    error("button-text-empty", "A button label cannot be empty."),
    error(
        "button-text-length",
        "A button label is at most 25 characters (VOICE_CALL 20).",
    ),
    error(
        "quick-reply-grouping",
        "QUICK_REPLY buttons must be next to each other.",
    ),
    error("url-length", "A button URL is at most 2000 characters."),
    error(
        "url-format",
        "A button URL starts with https:// or http://.",
    ),
    error(
        "url-variable",
        "A URL has at most one variable (`{{1}}` or named), at its very end.",
    ),
    error(
        "url-example-missing",
        "A URL with a variable needs one `example`.",
    ),
    warning(
        "url-example-unused",
        "An `example` is given for a URL without a variable.",
    ),
    error("phone-length", "A phone number is at most 20 characters."),
    error(
        "phone-format",
        "A phone number holds digits, with an optional leading +.",
    ),
    error(
        "copy-code-length",
        "A COPY_CODE example is at most 20 characters.",
    ),
    warning(
        "copy-code-long",
        "A COPY_CODE example over 15 characters is refused by some of Meta's pages.",
    ),
    error(
        "flow-target",
        "A FLOW button names exactly one of `flow_id`, `flow_name`, `flow_json`.",
    ),
    error(
        "flow-action",
        "`flow_action` is `navigate` or `data_exchange`.",
    ),
    error("flow-icon", "`icon` is DOCUMENT, PROMOTION or REVIEW."),
    error("flow-json", "`flow_json` must hold valid JSON."),
    error(
        "voice-call-ttl",
        "`ttl_minutes` of a VOICE_CALL button is 1440 to 43200.",
    ),
    // Authentication.
    error(
        "auth-header-not-allowed",
        "AUTHENTICATION templates have no header.",
    ),
    error(
        "auth-body-text",
        "An AUTHENTICATION body has no `text` or example; Meta supplies the text.",
    ),
    error(
        "auth-footer-text",
        "An AUTHENTICATION footer has only `code_expiration_minutes`.",
    ),
    error(
        "auth-otp-button",
        "An AUTHENTICATION template has exactly one button, of type OTP.",
    ),
    error(
        "auth-only-field",
        "`add_security_recommendation` / `code_expiration_minutes` are for AUTHENTICATION only.",
    ),
    error(
        "code-expiration-range",
        "`code_expiration_minutes` is 1 to 90.",
    ),
    error(
        "otp-button-category",
        "OTP buttons are for AUTHENTICATION templates only.",
    ),
    error(
        "otp-supported-apps-required",
        "ONE_TAP and ZERO_TAP need `supported_apps` (not button-level package_name/signature_hash).",
    ),
    error(
        "otp-zero-tap-terms",
        "ZERO_TAP needs `zero_tap_terms_accepted: true`.",
    ),
    error(
        "otp-supported-apps-count",
        "`supported_apps` has 1 to 5 entries.",
    ),
    error(
        "otp-package-name-length",
        "`package_name` is at most 224 characters.",
    ),
    error(
        "otp-signature-hash-length",
        "`signature_hash` is exactly 11 characters.",
    ),
    // Carousel.
    error(
        "carousel-category",
        "Carousels are for MARKETING templates only.",
    ),
    error("carousel-card-count", "A carousel has 2 to 10 cards."),
    error(
        "carousel-extra-component",
        "A carousel template has only a BODY and the CAROUSEL.",
    ),
    error(
        "carousel-card-component",
        "A card holds only HEADER, BODY and BUTTONS.",
    ),
    error(
        "carousel-card-header",
        "Every card has an IMAGE, VIDEO or PRODUCT header.",
    ),
    error(
        "carousel-card-mismatch",
        "All cards have the same components and button types.",
    ),
    error(
        "carousel-card-buttons",
        "A card has 1 or 2 buttons: QUICK_REPLY, URL, PHONE_NUMBER or SPM.",
    ),
    // Limited-time offer.
    error(
        "lto-category",
        "Limited-time offers are for MARKETING templates only.",
    ),
    error("lto-footer", "A limited-time offer template has no footer."),
    error(
        "lto-text-length",
        "The offer text is at most 16 characters.",
    ),
    // Call permission request.
    error(
        "call-permission-category",
        "Call permission requests are for MARKETING or UTILITY templates only.",
    ),
    error(
        "call-permission-buttons",
        "A call permission request template has no buttons.",
    ),
    // Template Library.
    error(
        "library-inputs-without-name",
        "`library_template_*_inputs` need `library_template_name`.",
    ),
    error(
        "library-button-inputs-shape",
        "`library_template_button_inputs` is a list of {type, url | phone_number | otp_type} maps.",
    ),
    // Template groups (`template_groups` in wabactl.yaml).
    error(
        "group-name",
        "A template group's name is empty, longer than Meta's 256 characters, or declared twice for one account.",
    ),
    error(
        "group-description-length",
        "A template group's description is longer than Meta's 512 characters.",
    ),
    error(
        "group-no-templates",
        "A template group lists no templates (Meta's create call requires them).",
    ),
    error(
        "group-pattern-unmatched",
        "A template group's name or glob matches no declared template.",
    ),
    error(
        "group-overlap",
        "A template falls in two groups; Meta puts a template in one group at most.",
    ),
];

/// The rule with this id. Panics on an unknown id: that is a bug caught by the unit tests.
pub fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("rule `{id}` is missing from the rule table"))
}

/// The table as Markdown, for the README.
pub fn markdown() -> String {
    let mut out = String::from("| Rule | Severity | What it checks |\n|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(
                rule.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
            assert!(!rule.summary.contains('\n'));
        }
    }

    #[test]
    fn markdown_lists_every_rule() {
        let table = markdown();
        assert_eq!(table.lines().count(), RULES.len() + 2);
        assert!(table.contains("| `ttl-range` | error |"));
    }
}
