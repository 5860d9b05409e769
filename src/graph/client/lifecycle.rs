//! Calls that change a template's state rather than its content: unpausing a paused
//! template (`POST /{TEMPLATE_ID}/unpause`, Meta's "Template pausing" page).

use reqwest::Method;

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::error::GraphError;
use crate::graph::wire::Success;

impl GraphClient {
    /// `POST /{TEMPLATE_ID}/unpause`: a paused template can be sent again.
    pub async fn unpause_template(&self, template_id: &str) -> Result<Success, GraphError> {
        let operation = format!("unpause template {template_id}");
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::POST,
                url: self.endpoint(&[template_id, "unpause"]),
                body: None,
                effect: Effect::Write(
                    "run `wabactl status` to see whether the template is still paused",
                ),
            })
            .await?;
        self.confirmed(operation, answer)
    }
}
