//! What a person or a machine sees: `plan/` (the plan in its three formats), and one module
//! per other report (validate's `diagnostics`, `annotations` and `sarif`, `apply`, `status`,
//! `import`, apply's `progress`).

// The terminal is this module's to write to (see clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

pub mod annotations;
pub mod apply;
pub mod apply_groups;
pub mod apply_ui;
pub mod diagnostics;
pub mod escape;
pub mod header;
pub mod import;
pub mod import_groups;
pub mod metrics;
pub(crate) mod paint;
pub mod plan;
pub mod preview;
pub mod progress;
pub mod sarif;
pub mod status;
pub mod unpause;
pub(crate) mod word_diff;
pub mod wrap;

#[cfg(test)]
mod tests {
    use crate::graph::endpoint::Endpoint;
    use crate::reconcile::{self, PlanOptions};

    /// Every plan format names a host that is neither Meta's nor local, and warns about it.
    #[test]
    fn every_plan_format_warns_about_a_foreign_host() {
        let options = PlanOptions {
            account: Some("102290129340398".into()),
            api_version: Some("v25.0".into()),
            ..PlanOptions::default()
        };
        let mut plan = reconcile::plan_owned(Vec::new(), &[], &options);
        plan.endpoint = Some(Endpoint::new(
            "https://proxy.example.com",
            Some("prod".into()),
        ));
        let human = super::plan::human::render(
            &plan,
            super::plan::human::Options {
                colored: false,
                verbose: false,
                width: None,
            },
        );
        assert!(
            human.starts_with(
                "Account prod · WABA 102290129340398 · Graph API v25.0 · \
             https://proxy.example.com, not Meta's Graph API\n\nwarning: api_base \
             https://proxy.example.com is not Meta's Graph API"
            ),
            "{human}"
        );
        let markdown = super::plan::markdown::render(&plan, &Default::default());
        assert!(
            markdown.contains(
                "> [!WARNING]\n> api_base https://proxy.example.com is not Meta's Graph API"
            ),
            "{markdown}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&super::plan::json::render(&plan)).unwrap();
        assert_eq!(json["endpoint"]["kind"], "other");
        assert_eq!(json["endpoint"]["account_name"], "prod");

        plan.endpoint = Some(Endpoint::new("https://graph.facebook.com", None));
        let human = super::plan::human::render(
            &plan,
            super::plan::human::Options {
                colored: false,
                verbose: false,
                width: None,
            },
        );
        assert!(
            human.starts_with("Account 102290129340398 · Graph API v25.0 · Meta's Graph API\n\n"),
            "{human}"
        );
        assert!(!super::plan::markdown::render(&plan, &Default::default()).contains("[!WARNING]"));
    }
}
