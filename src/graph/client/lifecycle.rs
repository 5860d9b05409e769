//! Calls that change a template's state rather than its content: unpausing a paused template
//! (`POST /{TEMPLATE_ID}/unpause`, Meta's "Template pausing" page), and archiving and
//! unarchiving (`POST /{WABA_ID}/message_templates/archive` and `/unarchive`, "Template
//! archival").

use reqwest::Method;
use reqwest::Url;

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::error::GraphError;
use crate::graph::wire::{ArchiveAnswer, Success};

/// Meta's archival page sends archive and unarchive to this host, without a version.
const ARCHIVE_HOST: &str = "https://api.facebook.com";

impl GraphClient {
    /// `POST /{TEMPLATE_ID}/unpause`: a paused template can be sent again. Meta's answer is
    /// returned as it came: `success: false` is a refusal, with Meta's `reason`.
    pub async fn unpause_template(&self, template_id: &str) -> Result<Success, GraphError> {
        let operation = format!("unpause template {template_id}");
        self.call(Request {
            operation,
            method: Method::POST,
            url: self.endpoint(&[template_id, "unpause"]),
            body: None,
            effect: Effect::Write(
                "run `wabactl status` to see whether the template is still paused",
            ),
        })
        .await
    }

    /// `POST /{WABA_ID}/message_templates/archive` (or `unarchive` when `archive` is false)
    /// with `{"hsm_ids": [...]}` (at most 100). Against Meta's Graph host it goes where Meta's
    /// page sends it, `https://api.facebook.com/{WABA_ID}/...`; any other base (a sandbox, a
    /// proxy) gets it under the versioned base like every other call.
    pub async fn archive_templates(
        &self,
        waba_id: &str,
        ids: &[String],
        archive: bool,
    ) -> Result<ArchiveAnswer, GraphError> {
        let verb = if archive { "archive" } else { "unarchive" };
        let url = if self.base_url().host_str() == Some("graph.facebook.com") {
            Url::parse(&format!(
                "{ARCHIVE_HOST}/{waba_id}/message_templates/{verb}"
            ))
            .map_err(|e| GraphError::Config(format!("cannot build the {verb} URL: {e}")))?
        } else {
            self.endpoint(&[waba_id, "message_templates", verb])
        };
        let body = serde_json::json!({ "hsm_ids": ids });
        self.call(Request {
            operation: format!("{verb} {} template(s)", ids.len()),
            method: Method::POST,
            url,
            body: Some(&body),
            effect: Effect::Write(REREAD),
        })
        .await
    }
}

const REREAD: &str = "run `wabactl plan` to see which templates are archived";
