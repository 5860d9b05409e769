//! Template-level fields: name, language, category, time-to-live and the flags beside them.
//!
//! These checks also run on documents whose shape failed to load (see [`check_raw_identity`]),
//! so a broken component does not hide a wrong category.

use std::sync::Arc;

use super::name_format::{NAME_MAX, is_valid_name};
use super::{Category, Checker, chars, languages};
use crate::template::diagnostic::{Bounded, Diagnostic, SourceFile};
use crate::template::model::{CATEGORIES, SUB_CATEGORIES, Template};
use crate::template::rule_id::RuleId;
use crate::template::tree::PathIndex;

/// Categories Meta retired, and what they became.
const RETIRED_CATEGORIES: [(&str, &str); 13] = [
    ("TRANSACTIONAL", "UTILITY"),
    ("ACCOUNT_UPDATE", "UTILITY"),
    ("PAYMENT_UPDATE", "UTILITY"),
    ("SHIPPING_UPDATE", "UTILITY"),
    ("RESERVATION_UPDATE", "UTILITY"),
    ("ISSUE_RESOLUTION", "UTILITY"),
    ("APPOINTMENT_UPDATE", "UTILITY"),
    ("TRANSPORTATION_UPDATE", "UTILITY"),
    ("TICKET_UPDATE", "UTILITY"),
    ("ALERT_UPDATE", "UTILITY"),
    ("PERSONAL_FINANCE_UPDATE", "UTILITY"),
    ("AUTO_REPLY", "UTILITY"),
    ("OTP", "AUTHENTICATION"),
];

/// Checks the template-level fields and returns the category for the other rules.
pub(super) fn check(ck: &mut Checker, template: &Template) -> Category {
    check_name(ck, &template.name);
    check_language(ck, &template.language);
    let category = check_category(ck, &template.category);
    if let Some(ttl) = template.message_send_ttl_seconds {
        check_ttl(ck, ttl, category);
    }
    if let Some(sub) = &template.sub_category
        && !SUB_CATEGORIES.contains(&sub.as_str())
    {
        ck.report(
            RuleId::SubCategoryUnknown,
            "sub_category",
            format!("unknown sub_category `{sub}`"),
            format!("use one of {}, or leave it out", SUB_CATEGORIES.join(", ")),
        );
    }
    if template.allow_category_change.is_some() {
        ck.report_key(
            RuleId::AllowCategoryChange,
            "allow_category_change",
            "`allow_category_change` has no effect: since April 2025 Meta re-categorises whatever it says",
            "remove it; check the category Meta assigns with `wabactl status`",
        );
    }
    category
}

/// The identity checks on a document that did not load as a template (raw JSON values).
pub fn check_raw_identity(
    value: &serde_json::Value,
    file: &Arc<SourceFile>,
    paths: &PathIndex,
) -> Vec<Diagnostic> {
    let mut out = Bounded::new(usize::MAX);
    let mut ck = Checker::new(file, paths, &mut out);
    if let Some(name) = value.get("name").and_then(|v| v.as_str()) {
        check_name(&mut ck, name);
    }
    if let Some(language) = value.get("language").and_then(|v| v.as_str()) {
        check_language(&mut ck, language);
    }
    let category = match value.get("category").and_then(|v| v.as_str()) {
        Some(category) => check_category(&mut ck, category),
        None => Category::Unknown,
    };
    let ttl = value.get("message_send_ttl_seconds").and_then(|v| match v {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        other => other.as_i64(),
    });
    if let Some(ttl) = ttl {
        check_ttl(&mut ck, ttl, category);
    }
    out.kept
}

fn check_name(ck: &mut Checker, name: &str) {
    if !is_valid_name(name) {
        let help = match name_suggestion(name) {
            Some(fixed) if fixed != name => {
                format!("use only lowercase letters, digits and underscores, e.g. `{fixed}`")
            }
            _ => {
                "use only lowercase letters, digits and underscores, e.g. `order_update`".to_owned()
            }
        };
        let what = if name.is_empty() {
            "`name` is empty".to_owned()
        } else {
            format!("`{name}` is not a valid template name")
        };
        ck.report(RuleId::NameFormat, "name", what, help);
    }
    let length = chars(name);
    if length > NAME_MAX {
        ck.report(
            RuleId::NameLength,
            "name",
            format!("the name has {length} characters; the limit is {NAME_MAX}"),
            "shorten the name",
        );
    }
}

/// `Order Update-2` → `order_update_2`; `None` when nothing usable is left.
fn name_suggestion(name: &str) -> Option<String> {
    let mut fixed = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            fixed.push(c);
        } else if !fixed.is_empty() && !fixed.ends_with('_') {
            fixed.push('_');
        }
    }
    let fixed = fixed.trim_end_matches('_').to_owned();
    (!fixed.is_empty()).then_some(fixed)
}

fn check_language(ck: &mut Checker, language: &str) {
    if languages::is_supported(language) {
        return;
    }
    let help = match languages::suggest(language) {
        Some(code) => format!("did you mean `{code}`? Codes use an underscore: `en_US`, `pt_BR`"),
        None => {
            "use one of Meta's supported codes, e.g. `en`, `en_US`, `es_MX`, `pt_BR`".to_owned()
        }
    };
    ck.report(
        RuleId::LanguageUnknown,
        "language",
        format!("`{language}` is not a language Meta supports for templates"),
        help,
    );
}

fn check_category(ck: &mut Checker, category: &str) -> Category {
    let parsed = Category::parse(category);
    if parsed != Category::Unknown {
        return parsed;
    }
    let upper = category.to_uppercase();
    let (message, help) =
        if let Some((_, now)) = RETIRED_CATEGORIES.iter().find(|(old, _)| *old == upper) {
            (
                format!("category `{category}` was retired by Meta"),
                format!("use `{now}` (categories are now MARKETING, UTILITY and AUTHENTICATION)"),
            )
        } else {
            let help = match crate::template::diagnostic::did_you_mean(category, CATEGORIES) {
                Some(close) => {
                    format!("did you mean `{close}`? Use one of MARKETING, UTILITY, AUTHENTICATION")
                }
                None => "use one of MARKETING, UTILITY, AUTHENTICATION".to_owned(),
            };
            (format!("unknown category `{category}`"), help)
        };
    ck.report(RuleId::CategoryUnknown, "category", message, help);
    Category::Unknown
}

fn check_ttl(ck: &mut Checker, ttl: i64, category: Category) {
    let (min, max, default_allowed) = match category {
        Category::Authentication => (30, 900, true),
        Category::Utility => (30, 43_200, true),
        Category::Marketing => (43_200, 2_592_000, false),
        Category::Unknown => return,
    };
    if (min..=max).contains(&ttl) || (ttl == -1 && default_allowed) {
        return;
    }
    let also = if default_allowed {
        ", or -1 for 30 days"
    } else {
        " (and only through the Marketing Messages API)"
    };
    ck.report(
        RuleId::TtlRange,
        "message_send_ttl_seconds",
        format!(
            "a time-to-live of {ttl} s is outside the {} range {min}-{max} s",
            category.as_str()
        ),
        format!("set message_send_ttl_seconds between {min} and {max}{also}, or remove it for the default"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::template::rule_id::RuleId;

    fn named(name: &str) -> String {
        utility(BODY).replace("name: sample", &format!("name: '{name}'"))
    }

    #[test]
    fn name_format() {
        let d = breaks(RuleId::NameFormat, &named("<TEMPLATE_NAME>"));
        assert!(d.help.unwrap().contains("`template_name`"));
        breaks(RuleId::NameFormat, &named("Order Update"));
        passes(RuleId::NameFormat, &named("order_update_2"));
    }

    #[test]
    fn name_length() {
        breaks(RuleId::NameLength, &named(&"a".repeat(513)));
        passes(RuleId::NameLength, &named(&"a".repeat(512)));
    }

    #[test]
    fn language_unknown_suggests_the_code() {
        let d = breaks(
            RuleId::LanguageUnknown,
            &utility(BODY).replace("en_US", "en-US"),
        );
        assert!(d.help.unwrap().contains("`en_US`"));
        assert_eq!(d.path.as_deref(), Some("language"));
        assert_eq!(d.location.span.line, 2);
        passes(
            RuleId::LanguageUnknown,
            &utility(BODY).replace("en_US", "pt_BR"),
        );
    }

    #[test]
    fn category_unknown_with_retired_hint() {
        let d = breaks(
            RuleId::CategoryUnknown,
            &template("TRANSACTIONAL", "", BODY),
        );
        assert!(d.help.unwrap().contains("UTILITY"));
        let d = breaks(RuleId::CategoryUnknown, &template("OTP", "", BODY));
        assert!(d.help.unwrap().contains("AUTHENTICATION"));
        let d = breaks(RuleId::CategoryUnknown, &template("MARKETNG", "", BODY));
        assert!(d.help.unwrap().contains("did you mean `MARKETING`"));
        passes(RuleId::CategoryUnknown, &template("marketing", "", BODY));
    }

    #[test]
    fn ttl_range_by_category() {
        breaks(
            RuleId::TtlRange,
            &template("MARKETING", "message_send_ttl_seconds: 120\n", BODY),
        );
        breaks(
            RuleId::TtlRange,
            &template("MARKETING", "message_send_ttl_seconds: -1\n", BODY),
        );
        breaks(
            RuleId::TtlRange,
            &template("UTILITY", "message_send_ttl_seconds: 43201\n", BODY),
        );
        passes(
            RuleId::TtlRange,
            &template("UTILITY", "message_send_ttl_seconds: -1\n", BODY),
        );
        passes(
            RuleId::TtlRange,
            &template("MARKETING", "message_send_ttl_seconds: 86400\n", BODY),
        );
        passes(
            RuleId::TtlRange,
            &template("UTILITY", "message_send_ttl_seconds: '3600'\n", BODY),
        );
    }

    #[test]
    fn sub_category_unknown() {
        breaks(
            RuleId::SubCategoryUnknown,
            &template("UTILITY", "sub_category: ORDER_THINGS\n", BODY),
        );
        passes(
            RuleId::SubCategoryUnknown,
            &template("UTILITY", "sub_category: order_status\n", BODY),
        );
    }

    #[test]
    fn allow_category_change_is_a_no_op() {
        let d = breaks(
            RuleId::AllowCategoryChange,
            &template("UTILITY", "allow_category_change: true\n", BODY),
        );
        assert!(!d.is_error());
        passes(RuleId::AllowCategoryChange, &utility(BODY));
    }
}
