//! Meta's documented rules for template content, checked offline.
//!
//! Every finding is reported, not only the first, each under a stable rule id from
//! [`table::RULES`] and located at the exact value (or key) it is about. One file per group of
//! rules; this one walks a document and hands each part to its checks.

mod authentication;
mod buttons;
mod call_permission;
mod carousel;
mod components;
mod examples;
mod header;
mod identity;
mod languages;
mod library;
mod media;
mod name_format;
mod offer;
pub mod table;
mod variables;

use std::sync::Arc;

use super::diagnostic::{Bounded, SourceFile};
use super::document::Document;
use super::model::{Component, Template};
use super::rule_id::RuleId;
use super::tree::PathIndex;

pub use identity::check_raw_identity;
pub use languages::LANGUAGES;
pub use name_format::{NAME_MAX, NAME_PATTERN};

/// The findings for one document on its own, at most `limit` of them kept (the rest counted).
pub fn check_document(doc: &Document, limit: usize) -> Bounded {
    let mut out = Bounded::new(limit);
    let mut ck = Checker::new(&doc.file, &doc.paths, &mut out);
    let template = &doc.template;
    let category = identity::check(&mut ck, template);
    let ctx = Ctx {
        template,
        category,
        has_offer: template
            .components
            .iter()
            .any(|c| matches!(c, Component::LimitedTimeOffer(_))),
    };
    // Checked for every language, so that each knows the error; shown once (read.rs).
    if doc.language_index().is_some() && category != Category::Authentication {
        ck.report_key(
            RuleId::LanguagesCategory,
            "languages",
            format!(
                "`languages` lists several languages at once, which Meta takes for \
                 AUTHENTICATION templates only, not {}",
                template.category
            ),
            "write one document per language with `language:`, or make it an AUTHENTICATION template",
        );
    }
    if doc.language_index().is_some() {
        authentication::check_upsert_fields(&mut ck, template);
    }
    library::check(&mut ck, template);
    components::check_structure(&mut ck, &ctx);
    for (i, component) in template.components.iter().enumerate() {
        let path = format!("components[{i}]");
        match component {
            Component::Header(header) => header::check_header(&mut ck, &path, header, &ctx),
            Component::Body(body) => components::check_body(&mut ck, &path, body, &ctx),
            Component::Footer(footer) => components::check_footer(&mut ck, &path, footer, &ctx),
            Component::Buttons(buttons) => buttons::check(&mut ck, &path, buttons, &ctx),
            Component::Carousel(carousel) => carousel::check(&mut ck, &path, carousel, &ctx),
            Component::LimitedTimeOffer(offer) => offer::check(&mut ck, &path, offer, &ctx),
            Component::CallPermissionRequest(_) => call_permission::check(&mut ck, &path, &ctx),
        }
    }
    authentication::check(&mut ck, &ctx);
    variables::check_consistency(&mut ck, template);
    out
}

/// What the checks of a document share.
pub(crate) struct Ctx<'a> {
    pub template: &'a Template,
    pub category: Category,
    /// A LIMITED_TIME_OFFER is present (the body limit is then 600).
    pub has_offer: bool,
}

/// The category as far as the rules care; `Unknown` turns category-specific rules off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Marketing,
    Utility,
    Authentication,
    Unknown,
}

impl Category {
    pub fn parse(value: &str) -> Self {
        match value.to_uppercase().as_str() {
            "MARKETING" => Category::Marketing,
            "UTILITY" => Category::Utility,
            "AUTHENTICATION" => Category::Authentication,
            _ => Category::Unknown,
        }
    }

    /// True when the category is known and is not one of `allowed`.
    pub fn is_known_and_not(self, allowed: &[Category]) -> bool {
        self != Category::Unknown && !allowed.contains(&self)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Marketing => "MARKETING",
            Category::Utility => "UTILITY",
            Category::Authentication => "AUTHENTICATION",
            Category::Unknown => "an unknown category",
        }
    }
}

/// Collects findings for one document, locating each by its path.
pub(crate) struct Checker<'a> {
    file: &'a Arc<SourceFile>,
    paths: &'a PathIndex,
    out: &'a mut Bounded,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a Arc<SourceFile>, paths: &'a PathIndex, out: &'a mut Bounded) -> Self {
        Checker { file, paths, out }
    }

    /// The template file being checked (local media samples are relative to it).
    pub fn source_path(&self) -> &std::path::Path {
        &self.file.path
    }

    /// A finding about the value at `path`.
    pub fn report(
        &mut self,
        id: RuleId,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.paths.locate(path);
        self.push(id, path, span, message.into(), help.into());
    }

    /// A finding about the key that introduces `path` (e.g. a field that must not be there).
    pub fn report_key(
        &mut self,
        id: RuleId,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.paths.locate_key(path);
        self.push(id, path, span, message.into(), help.into());
    }

    fn push(
        &mut self,
        id: RuleId,
        path: &str,
        span: super::tree::Span,
        message: String,
        help: String,
    ) {
        // Checks report table ids only; the table test holds that every one is listed.
        let severity = table::rule(id).map_or(super::diagnostic::Severity::Error, |r| r.severity);
        let location = super::diagnostic::Location {
            file: self.file.clone(),
            span,
        };
        let mut diagnostic = match severity {
            super::diagnostic::Severity::Error => {
                super::diagnostic::Diagnostic::error(id, message, location)
            }
            super::diagnostic::Severity::Warning => {
                super::diagnostic::Diagnostic::warning(id, message, location)
            }
        }
        .with_help(help);
        if !path.is_empty() {
            diagnostic = diagnostic.with_path(path);
        }
        self.out.push(diagnostic);
    }
}

/// Character count as a person (and Meta's limits) count: Unicode scalar values.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rule tests: YAML in, findings out.
    use std::sync::Arc;

    use crate::template::diagnostic::{Diagnostic, SourceFile};
    use crate::template::read::read_sources;
    use crate::template::rule_id::RuleId;

    /// Reads `yaml` (which must load cleanly) and runs every rule on it.
    pub fn check(yaml: &str) -> Vec<Diagnostic> {
        let file = Arc::new(SourceFile {
            path: "t.yaml".into(),
            text: yaml.into(),
        });
        let set = read_sources([file]);
        let shapes: Vec<&String> = set
            .unreadable
            .iter()
            .filter(|d| d.rule != RuleId::DuplicateTemplate)
            .map(|d| &d.message)
            .collect();
        assert!(
            shapes.is_empty(),
            "snippet did not load: {shapes:?}\n{yaml}"
        );
        set.diagnostics
    }

    /// Asserts that `yaml` breaks `rule`, and returns that finding.
    pub fn breaks(rule: RuleId, yaml: &str) -> Diagnostic {
        let found = check(yaml);
        found
            .iter()
            .find(|d| d.rule == rule)
            .cloned()
            .unwrap_or_else(|| panic!("expected `{rule}` for:\n{yaml}\nfound: {}", summary(&found)))
    }

    /// Asserts that `yaml` has no error at all and nothing under `rule`.
    pub fn passes(rule: RuleId, yaml: &str) {
        let found = check(yaml);
        assert!(
            !found.iter().any(|d| d.rule == rule || d.is_error()),
            "expected no `{rule}` and no error for:\n{yaml}\nfound: {}",
            summary(&found)
        );
    }

    fn summary(found: &[Diagnostic]) -> String {
        found
            .iter()
            .map(|d| {
                format!(
                    "\n  {}[{}] {} ({:?})",
                    d.severity.as_str(),
                    d.rule,
                    d.message,
                    d.path
                )
            })
            .collect()
    }

    /// A marketing template with these components (YAML flow or block list items).
    pub fn marketing(components: &str) -> String {
        template("MARKETING", "", components)
    }

    /// A marketing template with one BODY of `text` and the given `example` lines.
    pub fn body(text: &str, example: &str) -> String {
        marketing(&format!("  - type: BODY\n    text: '{text}'\n{example}"))
    }

    /// A positional example for two variables.
    pub const EX2: &str = "    example: {body_text: [[Pablo, 25OFF]]}\n";

    pub fn utility(components: &str) -> String {
        template("UTILITY", "", components)
    }

    pub fn authentication(components: &str) -> String {
        template("AUTHENTICATION", "", components)
    }

    /// A template in `category`, with extra top-level lines and a components list.
    pub fn template(category: &str, extra: &str, components: &str) -> String {
        format!(
            "name: sample\nlanguage: en_US\ncategory: {category}\n{extra}components:\n{components}"
        )
    }

    /// A plain body line for snippets that need one.
    pub const BODY: &str =
        "  - {type: BODY, text: Your order has shipped and is on its way to you.}\n";
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use crate::template::rule_id::RuleId;

    #[test]
    fn duplicates_name_both_places() {
        let yaml = format!("{}---\n{}", utility(BODY), utility(BODY));
        let d = breaks(RuleId::DuplicateTemplate, &yaml);
        assert_eq!(d.location.span.line, 7);
        assert_eq!(d.related.len(), 1);
        assert_eq!(d.related[0].0.span.line, 1);
        assert!(d.message.contains("t.yaml:1:7"), "{}", d.message);
        passes(
            RuleId::DuplicateTemplate,
            &format!(
                "{}---\n{}",
                utility(BODY),
                utility(BODY).replace("en_US", "pt_BR")
            ),
        );
    }

    #[test]
    fn every_finding_is_reported_and_located() {
        let found = check(&template(
            "MARKETING",
            "",
            "  - {type: HEADER, format: TEXT, text: 'Hi {{1}} {{2}}'}\n  - {type: BODY, text: '{{1}} is here'}\n  - {type: FOOTER, text: 'Bye {{1}}'}\n",
        ));
        let rules: Vec<_> = found.iter().map(|d| d.rule).collect();
        for rule in [
            RuleId::HeaderVariables,
            RuleId::BodyDanglingVariable,
            RuleId::FooterVariables,
            RuleId::ExampleMissing,
        ] {
            assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
        }
        assert!(
            found
                .iter()
                .all(|d| d.location.span.line > 0 && d.help.is_some())
        );
        // Sorted by place in the file.
        let offsets: Vec<_> = found.iter().map(|d| d.location.span.offset).collect();
        assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    }
}
