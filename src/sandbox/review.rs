//! Simulated template review: PENDING templates are decided lazily, on the first request after
//! their review delay. Content that breaks a review rule is REJECTED with a reason; a UTILITY
//! template that reads like marketing is approved as MARKETING (`previous_category: UTILITY`).

use serde_json::{Value, json};

use super::state::{AccountState, StoredTemplate};
use super::status::Status;
use super::validate::variables;

/// Words that make Meta move a UTILITY template to MARKETING (matched case-insensitively in any
/// text of the template; "sale" and "discount" as whole words).
pub const MARKETING_WORDS: &[&str] = &["sale", "discount", "% off"];

#[derive(Debug, Clone)]
pub struct ReviewRules {
    /// How long review takes (sandbox time).
    pub delay_ms: u64,
    /// Text that gets a template rejected as ABUSIVE_CONTENT, wherever it appears.
    pub reject_trigger: String,
}

impl Default for ReviewRules {
    fn default() -> Self {
        Self {
            delay_ms: 0,
            reject_trigger: "REJECT_ME".into(),
        }
    }
}

/// Puts a template into review.
pub fn submit(template: &mut StoredTemplate, now_ms: i64, rules: &ReviewRules) {
    template.set_status(&Status::Pending);
    template.fields.remove("rejected_reason");
    template.review_due_ms = Some(now_ms + rules.delay_ms as i64);
}

/// Decides every template whose review is due. Returns whether anything changed.
pub fn run_due(state: &mut AccountState, rules: &ReviewRules) -> bool {
    let now = state.now_ms();
    let mut changed = false;
    let touched = &mut state.touched.ids;
    for template in &mut state.templates {
        let due = template.review_due_ms.is_some_and(|due| due <= now);
        if !due || template.status() != Status::Pending {
            continue;
        }
        template.review_due_ms = None;
        match verdict(template, rules) {
            Ok(()) => {
                recategorise(template);
                template.set_status(&Status::Approved);
            }
            Err(reason) => {
                template.set_status(&Status::Rejected);
                template.set("rejected_reason", reason);
            }
        }
        touched.insert(template.id().to_owned());
        changed = true;
    }
    changed
}

/// All text a template shows (header, body, footer, buttons, cards).
fn texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("text", Value::String(s)) => out.push(s.clone()),
                    _ => texts(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        _ => {}
    }
}

fn all_text(template: &StoredTemplate) -> String {
    let mut out = Vec::new();
    if let Some(components) = template.fields.get("components") {
        texts(components, &mut out);
    }
    out.join("\n")
}

fn body_text(template: &StoredTemplate) -> Option<&str> {
    template
        .fields
        .get("components")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("BODY"))?
        .get("text")?
        .as_str()
}

/// The review decision: approve, or the rejection reason.
fn verdict(template: &StoredTemplate, rules: &ReviewRules) -> Result<(), &'static str> {
    if !rules.reject_trigger.is_empty() && all_text(template).contains(&rules.reject_trigger) {
        return Err("ABUSIVE_CONTENT");
    }
    if template.category() == "AUTHENTICATION" {
        return Ok(());
    }
    let Some(body) = body_text(template) else {
        return Ok(());
    };
    let trimmed = body.trim();
    if trimmed.starts_with("{{") || trimmed.ends_with("}}") {
        return Err("INVALID_FORMAT");
    }
    if adjacent_variables(trimmed) {
        return Err("INVALID_FORMAT");
    }
    let vars = variables(trimmed);
    let positional = template
        .fields
        .get("parameter_format")
        .and_then(Value::as_str)
        != Some("NAMED");
    if positional && !vars.is_empty() {
        let mut numbers: Vec<u32> = vars.iter().filter_map(|v| v.parse().ok()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let sequential = numbers.len()
            == vars.iter().collect::<std::collections::HashSet<_>>().len()
            && numbers.iter().enumerate().all(|(i, n)| *n == i as u32 + 1);
        if !sequential {
            return Err("INVALID_FORMAT");
        }
    }
    if !vars.is_empty() && !has_body_example(template) {
        return Err("INVALID_FORMAT");
    }
    Ok(())
}

/// `{{1}}{{2}}` or `{{1}} {{2}}`: no text between two parameters.
fn adjacent_variables(text: &str) -> bool {
    text.split("}}")
        .skip(1)
        .any(|after| after.trim_start().starts_with("{{"))
}

fn has_body_example(template: &StoredTemplate) -> bool {
    let Some(components) = template.fields.get("components").and_then(Value::as_array) else {
        return false;
    };
    components
        .iter()
        .filter(|c| c.get("type").and_then(Value::as_str) == Some("BODY"))
        .any(|c| {
            c.get("example").is_some_and(|e| {
                e.get("body_text").is_some() || e.get("body_text_named_params").is_some()
            })
        })
}

/// Moves a UTILITY template that reads like marketing to MARKETING. Returns whether it did.
pub fn recategorise(template: &mut StoredTemplate) -> bool {
    if template.category() != "UTILITY" || !reads_like_marketing(&all_text(template)) {
        return false;
    }
    template.set("previous_category", "UTILITY");
    template.set("category", "MARKETING");
    template
        .fields
        .entry("sub_category")
        .or_insert_with(|| json!("CUSTOM"));
    true
}

fn reads_like_marketing(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    MARKETING_WORDS.iter().any(|marker| {
        if marker.contains(' ') || marker.contains('%') {
            lower.contains(marker)
        } else {
            words.contains(marker)
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::Map;

    use super::*;

    fn template(category: &str, body: Value) -> StoredTemplate {
        let mut fields = Map::new();
        fields.insert("category".into(), json!(category));
        fields.insert("status".into(), json!("PENDING"));
        fields.insert("components".into(), json!([body]));
        let mut template = StoredTemplate::new(1, fields, 0);
        template.review_due_ms = Some(0);
        template
    }

    fn decide(t: &StoredTemplate) -> Result<(), &'static str> {
        verdict(t, &ReviewRules::default())
    }

    #[test]
    fn rejects_rule_breaking_bodies() {
        let ex = json!({"body_text": [["a", "b"]]});
        let cases = [
            json!({"type": "BODY", "text": "{{1}} is here", "example": ex}),
            json!({"type": "BODY", "text": "Hello {{1}}", "example": ex}),
            json!({"type": "BODY", "text": "Hi {{1}}{{2}} ok", "example": ex}),
            json!({"type": "BODY", "text": "Hi {{1}} and {{3}} ok", "example": ex}),
            json!({"type": "BODY", "text": "Hi {{1}} ok"}),
        ];
        for body in cases {
            assert_eq!(
                decide(&template("UTILITY", body.clone())),
                Err("INVALID_FORMAT"),
                "{body}"
            );
        }
        let trigger = template(
            "UTILITY",
            json!({"type": "BODY", "text": "please REJECT_ME"}),
        );
        assert_eq!(decide(&trigger), Err("ABUSIVE_CONTENT"));
        let fine = template(
            "UTILITY",
            json!({"type": "BODY", "text": "Hi {{1}}, done.", "example": ex}),
        );
        assert_eq!(decide(&fine), Ok(()));
    }

    #[test]
    fn utility_with_marketing_words_becomes_marketing() {
        let mut t = template(
            "UTILITY",
            json!({"type": "BODY", "text": "Our summer sale starts now."}),
        );
        assert!(recategorise(&mut t));
        assert_eq!(t.category(), "MARKETING");
        assert_eq!(t.field("previous_category"), "UTILITY");
        let mut plain = template(
            "UTILITY",
            json!({"type": "BODY", "text": "Your salesperson will call."}),
        );
        assert!(!recategorise(&mut plain));
    }
}
