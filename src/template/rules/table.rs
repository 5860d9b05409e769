//! The one list of rule ids: each with its severity and a one-line reason.
//!
//! Checks report by id and take the severity from here, so the table, the output and the
//! documentation cannot drift apart.

use crate::template::diagnostic::Severity;
pub use crate::template::rule_id::RuleId;

/// A rule users can search for and CI can match on.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: RuleId,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn error(id: RuleId, summary: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(id: RuleId, summary: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        summary,
    }
}

/// Every rule, grouped as in the documentation. The first group is reported by the loader.
pub const RULES: &[Rule] = &[
    // Reading files.
    error(RuleId::Io, "The file cannot be read."),
    error(RuleId::YamlSyntax, "The file is not valid YAML (or JSON)."),
    error(
        RuleId::InputLimit,
        "The file goes beyond a limit on input: nesting depth or alias expansion.",
    ),
    error(RuleId::DocumentShape, "A document is not a mapping."),
    warning(RuleId::EmptyFile, "The file holds no template document."),
    error(
        RuleId::UnknownKey,
        "A key that Meta's create body does not have (with a did-you-mean).",
    ),
    error(
        RuleId::UnknownValue,
        "A value outside its enum, e.g. a component `type` (with a did-you-mean).",
    ),
    error(RuleId::MissingKey, "A required key is missing."),
    error(
        RuleId::LanguagesShape,
        "`languages` is a non-empty list of codes, given instead of `language`.",
    ),
    error(RuleId::Type, "A value has the wrong type."),
    // Identity and template-level fields.
    error(
        RuleId::NameFormat,
        "`name` must be lowercase letters, digits and underscores.",
    ),
    error(RuleId::NameLength, "`name` is at most 512 characters."),
    error(
        RuleId::LanguageUnknown,
        "`language` is not one of Meta's supported codes (`en_US`, not `en-US`).",
    ),
    error(
        RuleId::LanguagesCategory,
        "A `languages` list (several languages at once) is for AUTHENTICATION templates only.",
    ),
    error(
        RuleId::LanguagesOtpText,
        "A `languages` document's OTP button has no `text` or `autofill_text`: Meta's upsert does not take them.",
    ),
    error(
        RuleId::CategoryUnknown,
        "`category` must be MARKETING, UTILITY or AUTHENTICATION (retired ones get a hint).",
    ),
    error(
        RuleId::DuplicateTemplate,
        "Two documents define the same name and language.",
    ),
    error(
        RuleId::TtlRange,
        "`message_send_ttl_seconds` is outside the range of its category.",
    ),
    error(
        RuleId::SubCategoryUnknown,
        "`sub_category` must be ORDER_DETAILS, ORDER_STATUS or RICH_ORDER_STATUS.",
    ),
    warning(
        RuleId::AllowCategoryChange,
        "`allow_category_change` has no effect since April 2025.",
    ),
    error(
        RuleId::ParameterFormatMismatch,
        "The variables do not match `parameter_format` (positional is the default).",
    ),
    // Components.
    error(
        RuleId::ComponentsMissing,
        "No `components` and no `library_template_name`.",
    ),
    error(RuleId::BodyMissing, "Exactly one BODY is required."),
    error(
        RuleId::ComponentDuplicate,
        "A component kind appears more than once.",
    ),
    warning(
        RuleId::ComponentOrder,
        "Components are not in reading order (HEADER, BODY, FOOTER, BUTTONS).",
    ),
    error(RuleId::HeaderTextMissing, "A TEXT header needs `text`."),
    error(
        RuleId::HeaderTextLength,
        "Header text is at most 60 characters.",
    ),
    warning(
        RuleId::HeaderTextFormat,
        "Header text should have no line breaks or formatting characters.",
    ),
    error(
        RuleId::HeaderFieldUnexpected,
        "`text` only on TEXT headers, `header_handle` only on media headers.",
    ),
    error(
        RuleId::HeaderVariables,
        "A header has at most one variable.",
    ),
    error(
        RuleId::HeaderHandleMissing,
        "An IMAGE, VIDEO or DOCUMENT header needs `example.header_handle`.",
    ),
    warning(
        RuleId::HeaderHandleFormat,
        "`header_handle` looks like a media id or URL, not an upload handle (`4::...`).",
    ),
    error(
        RuleId::MediaFile,
        "A `file:` sample in `header_handle` is missing or not a regular file.",
    ),
    error(
        RuleId::MediaType,
        "A `file:` sample is not a type its header takes (IMAGE: JPEG, PNG; VIDEO: MP4; DOCUMENT: PDF).",
    ),
    error(
        RuleId::MediaSize,
        "A `file:` sample is larger than Meta takes (image 5 MB, video 16 MB, document 100 MB).",
    ),
    error(
        RuleId::HeaderLocationCategory,
        "LOCATION headers are for UTILITY and MARKETING templates only.",
    ),
    error(RuleId::BodyTextMissing, "The body needs non-empty `text`."),
    error(
        RuleId::BodyLength,
        "Body text is at most 1024 characters (600 with a limited-time offer, 160 on a card).",
    ),
    error(
        RuleId::BodyDanglingVariable,
        "The body cannot start or end with a variable.",
    ),
    error(
        RuleId::BodyAdjacentVariables,
        "Two variables need text between them.",
    ),
    warning(
        RuleId::BodyTooManyVariables,
        "Many variables for little text; Meta rejects such templates.",
    ),
    error(
        RuleId::FooterTextMissing,
        "A footer needs `text` (or, in AUTHENTICATION, `code_expiration_minutes`).",
    ),
    error(
        RuleId::FooterTextLength,
        "Footer text is at most 60 characters.",
    ),
    error(RuleId::FooterVariables, "A footer cannot have variables."),
    // Variables and their examples.
    error(
        RuleId::VariableFormat,
        "A variable is `{{1}}` or `{{lowercase_name}}`.",
    ),
    error(
        RuleId::VariableSequence,
        "Positional variables are numbered 1, 2, 3... without gaps.",
    ),
    error(
        RuleId::VariableDuplicate,
        "A variable appears twice in the same text.",
    ),
    error(
        RuleId::VariableMixed,
        "Positional and named variables are mixed in one template.",
    ),
    error(
        RuleId::ExampleMissing,
        "Text with variables needs an `example`.",
    ),
    error(
        RuleId::ExampleCount,
        "The example has a different number of values than the text has variables.",
    ),
    error(
        RuleId::ExampleNames,
        "The named example does not name exactly the text's variables.",
    ),
    error(
        RuleId::ExampleShape,
        "The example has the wrong form for the variables (or empty values).",
    ),
    warning(
        RuleId::ExampleUnused,
        "An example is given for text without variables.",
    ),
    // Buttons.
    error(
        RuleId::ButtonsEmpty,
        "A BUTTONS component needs at least one button.",
    ),
    error(RuleId::ButtonsCount, "At most 10 buttons."),
    error(
        RuleId::ButtonTypeCount,
        "Too many buttons of one type (URL 2, PHONE_NUMBER 1, COPY_CODE 1, ...).",
    ),
    error(RuleId::ButtonTextEmpty, "A button label cannot be empty."),
    error(
        RuleId::ButtonTextLength,
        "A button label is at most 25 characters (VOICE_CALL 20).",
    ),
    error(
        RuleId::QuickReplyGrouping,
        "QUICK_REPLY buttons must be next to each other.",
    ),
    error(
        RuleId::UrlLength,
        "A button URL is at most 2000 characters.",
    ),
    error(
        RuleId::UrlFormat,
        "A button URL starts with https:// or http://.",
    ),
    error(
        RuleId::UrlVariable,
        "A URL has at most one variable (`{{1}}` or named), at its very end.",
    ),
    error(
        RuleId::UrlExampleMissing,
        "A URL with a variable needs one `example`.",
    ),
    warning(
        RuleId::UrlExampleUnused,
        "An `example` is given for a URL without a variable.",
    ),
    error(
        RuleId::PhoneLength,
        "A phone number is at most 20 characters.",
    ),
    error(
        RuleId::PhoneFormat,
        "A phone number holds digits, with an optional leading +.",
    ),
    error(
        RuleId::CopyCodeLength,
        "A COPY_CODE example is at most 20 characters.",
    ),
    warning(
        RuleId::CopyCodeLong,
        "A COPY_CODE example over 15 characters is refused by some of Meta's pages.",
    ),
    error(
        RuleId::FlowTarget,
        "A FLOW button names exactly one of `flow_id`, `flow_name`, `flow_json`.",
    ),
    error(
        RuleId::FlowAction,
        "`flow_action` is `navigate` or `data_exchange`.",
    ),
    error(RuleId::FlowIcon, "`icon` is DOCUMENT, PROMOTION or REVIEW."),
    error(RuleId::FlowJson, "`flow_json` must hold valid JSON."),
    error(
        RuleId::VoiceCallTtl,
        "`ttl_minutes` of a VOICE_CALL button is 1440 to 43200.",
    ),
    // Authentication.
    error(
        RuleId::AuthHeaderNotAllowed,
        "AUTHENTICATION templates have no header.",
    ),
    error(
        RuleId::AuthBodyText,
        "An AUTHENTICATION body has no `text` or example; Meta supplies the text.",
    ),
    error(
        RuleId::AuthFooterText,
        "An AUTHENTICATION footer has only `code_expiration_minutes`.",
    ),
    error(
        RuleId::AuthOtpButton,
        "An AUTHENTICATION template has exactly one button, of type OTP.",
    ),
    error(
        RuleId::AuthOnlyField,
        "`add_security_recommendation` / `code_expiration_minutes` are for AUTHENTICATION only.",
    ),
    error(
        RuleId::CodeExpirationRange,
        "`code_expiration_minutes` is 1 to 90.",
    ),
    error(
        RuleId::OtpButtonCategory,
        "OTP buttons are for AUTHENTICATION templates only.",
    ),
    error(
        RuleId::OtpSupportedAppsRequired,
        "ONE_TAP and ZERO_TAP need `supported_apps` (not button-level package_name/signature_hash).",
    ),
    error(
        RuleId::OtpZeroTapTerms,
        "ZERO_TAP needs `zero_tap_terms_accepted: true`.",
    ),
    error(
        RuleId::OtpSupportedAppsCount,
        "`supported_apps` has 1 to 5 entries.",
    ),
    error(
        RuleId::OtpPackageNameLength,
        "`package_name` is at most 224 characters.",
    ),
    error(
        RuleId::OtpSignatureHashLength,
        "`signature_hash` is exactly 11 characters.",
    ),
    // Carousel.
    error(
        RuleId::CarouselCategory,
        "Carousels are for MARKETING templates only.",
    ),
    error(RuleId::CarouselCardCount, "A carousel has 2 to 10 cards."),
    error(
        RuleId::CarouselExtraComponent,
        "A carousel template has only a BODY and the CAROUSEL.",
    ),
    error(
        RuleId::CarouselCardComponent,
        "A card holds only HEADER, BODY and BUTTONS.",
    ),
    error(
        RuleId::CarouselCardHeader,
        "Every card has an IMAGE, VIDEO or PRODUCT header.",
    ),
    error(
        RuleId::CarouselCardMismatch,
        "All cards have the same components and button types.",
    ),
    error(
        RuleId::CarouselCardButtons,
        "A card has 1 or 2 buttons: QUICK_REPLY, URL, PHONE_NUMBER or SPM.",
    ),
    // Limited-time offer.
    error(
        RuleId::LtoCategory,
        "Limited-time offers are for MARKETING templates only.",
    ),
    error(
        RuleId::LtoFooter,
        "A limited-time offer template has no footer.",
    ),
    error(
        RuleId::LtoTextLength,
        "The offer text is at most 16 characters.",
    ),
    // Call permission request.
    error(
        RuleId::CallPermissionCategory,
        "Call permission requests are for MARKETING or UTILITY templates only.",
    ),
    error(
        RuleId::CallPermissionButtons,
        "A call permission request template has no buttons.",
    ),
    // Template Library.
    error(
        RuleId::LibraryInputsWithoutName,
        "`library_template_*_inputs` need `library_template_name`.",
    ),
    error(
        RuleId::LibraryButtonInputsShape,
        "`library_template_button_inputs` is a list of {type, url | phone_number | otp_type} maps.",
    ),
    // Template groups (`template_groups` in wabactl.yaml).
    error(
        RuleId::GroupName,
        "A template group's name is empty, longer than Meta's 256 characters, or declared twice for one account.",
    ),
    error(
        RuleId::GroupDescriptionLength,
        "A template group's description is longer than Meta's 512 characters.",
    ),
    error(
        RuleId::GroupNoTemplates,
        "A template group lists no templates (Meta's create call requires them).",
    ),
    error(
        RuleId::GroupPatternUnmatched,
        "A template group's name or glob matches no declared template.",
    ),
    error(
        RuleId::GroupOverlap,
        "A template falls in two groups; Meta puts a template in one group at most.",
    ),
];

/// The rule with this id; `None` for the ids reported outside the table (the table lists
/// every other id once, in the enum's order: a unit test holds it so).
pub fn rule(id: RuleId) -> Option<&'static Rule> {
    RULES.get(id as usize).filter(|rule| rule.id == id)
}

/// The table as Markdown, as `docs/templates.md` lists it.
pub fn markdown() -> String {
    let mut out = String::from("| Rule | Severity | What it checks |\n|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id.as_str(),
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn the_table_lists_every_id_once_in_the_enum_s_order() {
        let ids: Vec<RuleId> = RULES.iter().map(|rule| rule.id).collect();
        assert_eq!(ids, RuleId::TABLE);
        for id in RuleId::ALL {
            let listed = rule(*id).map(|rule| rule.id);
            assert_eq!(listed, RuleId::TABLE.contains(id).then_some(*id));
        }
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id.as_str()), "duplicate id {}", rule.id);
            assert!(
                rule.id
                    .as_str()
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
