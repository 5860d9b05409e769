//! Calls that change a template's state rather than its content: unpausing a paused template
//! (`POST /{TEMPLATE_ID}/unpause`, Meta's "Template pausing" page), and archiving and
//! unarchiving (`POST /{WABA_ID}/message_templates/archive` and `/unarchive`, "Template
//! archival").

use reqwest::Method;

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::error::{GraphError, TransportKind};
use crate::graph::wire::{ArchiveAnswer, Success};

/// Meta's archival page sends archive and unarchive to this host, without a version.
pub const ARCHIVE_HOST: &str = "https://api.facebook.com";

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
    /// page sends it, `https://api.facebook.com/{WABA_ID}/...` (or `archive_api_base`); any
    /// other base (a sandbox, a proxy) gets it under the versioned base like every other call.
    /// A failure that looks like the wrong host says so and names `archive_api_base`.
    pub async fn archive_templates(
        &self,
        waba_id: &str,
        ids: &[String],
        archive: bool,
    ) -> Result<ArchiveAnswer, GraphError> {
        let verb = if archive { "archive" } else { "unarchive" };
        let url = match &self.archive_base {
            Some(base) => {
                let mut url = base.clone();
                url.path_segments_mut()
                    .map_err(|()| {
                        GraphError::Config(format!("archive_api_base `{base}` cannot hold a path"))
                    })?
                    .pop_if_empty()
                    .extend([waba_id, "message_templates", verb]);
                url
            }
            None => self.endpoint(&[waba_id, "message_templates", verb]),
        };
        let body = serde_json::json!({ "hsm_ids": ids });
        let host = url.origin().ascii_serialization();
        self.call(Request {
            operation: format!("{verb} {} template(s)", ids.len()),
            method: Method::POST,
            url,
            body: Some(&body),
            effect: Effect::Write(REREAD),
        })
        .await
        .map_err(|err| match self.archive_base {
            Some(_) if looks_like_wrong_host(&err) => GraphError::Config(format!(
                "{err}. This looks like the wrong host for {verb}: it went to {host}{}; if Meta \
                 serves {verb} elsewhere, set `archive_api_base` on the account in wabactl.yaml",
                if self.archive_base_configured {
                    ", the account's `archive_api_base`"
                } else {
                    ", where Meta's Template archival page sends it"
                }
            )),
            _ => err,
        })
    }
}

/// A failure to reach the host at all, a TLS failure, or a path it does not know (HTTP 404,
/// or Graph's "unknown path" 2500).
fn looks_like_wrong_host(err: &GraphError) -> bool {
    match err {
        GraphError::Transport { kind, .. } => *kind == TransportKind::Connect,
        GraphError::Malformed { status, .. } => *status == 404,
        GraphError::GaveUp { last, .. } => looks_like_wrong_host(last),
        other => other
            .api()
            .is_some_and(|api| api.status == 404 || api.code() == 2500),
    }
}

const REREAD: &str = "run `wabactl plan` to see which templates are archived";
