//! The calls wabactl makes: read, create, edit and delete templates, and send template
//! messages. Each names its operation for messages and says whether it changes the account.

use reqwest::Method;

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::error::GraphError;
use crate::graph::wire::{
    CreatedTemplate, RemoteTemplate, SendResponse, Success, TEMPLATE_FIELDS, Upserted,
};

/// After an ambiguous template change: the account is the truth.
const REREAD_ACCOUNT: &str = "run `wabactl plan` to re-read the account before trying again";
/// After an ambiguous send: a second send could deliver twice.
const CHECK_DELIVERY: &str =
    "check whether the message arrived before sending again, or a second copy may be delivered";

impl GraphClient {
    /// One template by id.
    pub async fn get_template(&self, template_id: &str) -> Result<RemoteTemplate, GraphError> {
        let mut url = self.endpoint(&[template_id]);
        url.query_pairs_mut().append_pair("fields", TEMPLATE_FIELDS);
        self.call(Request {
            operation: format!("get template {template_id}"),
            method: Method::GET,
            url,
            body: None,
            effect: Effect::Read,
        })
        .await
    }

    /// `POST /{WABA_ID}/message_templates`. Never retried unless Meta proves it did nothing.
    pub async fn create_template(
        &self,
        waba_id: &str,
        body: &serde_json::Value,
    ) -> Result<CreatedTemplate, GraphError> {
        self.call(Request {
            operation: format!("create template {}", identity(body)),
            method: Method::POST,
            url: self.endpoint(&[waba_id, "message_templates"]),
            body: Some(body),
            effect: Effect::Write(REREAD_ACCOUNT),
        })
        .await
    }

    /// `POST /{WABA_ID}/upsert_message_templates`: creates or updates one AUTHENTICATION
    /// template in every language of `body.languages`, in one call.
    pub async fn upsert_templates(
        &self,
        waba_id: &str,
        body: &serde_json::Value,
    ) -> Result<Upserted, GraphError> {
        self.call(Request {
            operation: format!(
                "upsert template {} in {}",
                body["name"].as_str().unwrap_or("?"),
                body["languages"]
                    .as_array()
                    .map(|l| l
                        .iter()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default()
            ),
            method: Method::POST,
            url: self.endpoint(&[waba_id, "upsert_message_templates"]),
            body: Some(body),
            effect: Effect::Write(REREAD_ACCOUNT),
        })
        .await
    }

    /// `POST /{TEMPLATE_ID}`: replaces the components (and category or TTL) given in `body`.
    pub async fn edit_template(
        &self,
        template_id: &str,
        body: &serde_json::Value,
    ) -> Result<Success, GraphError> {
        let operation = format!("edit template {template_id}");
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::POST,
                url: self.endpoint(&[template_id]),
                body: Some(body),
                effect: Effect::Write(REREAD_ACCOUNT),
            })
            .await?;
        self.confirmed(operation, answer)
    }

    /// `DELETE /{WABA_ID}/message_templates?name=`: removes every language of `name`.
    pub async fn delete_template_by_name(
        &self,
        waba_id: &str,
        name: &str,
    ) -> Result<Success, GraphError> {
        self.delete(
            waba_id,
            &[("name", name)],
            format!("delete template {name} (all languages)"),
        )
        .await
    }

    /// `DELETE /{WABA_ID}/message_templates?hsm_id=&name=`: removes one language.
    pub async fn delete_template_by_id(
        &self,
        waba_id: &str,
        hsm_id: &str,
        name: &str,
    ) -> Result<Success, GraphError> {
        self.delete(
            waba_id,
            &[("hsm_id", hsm_id), ("name", name)],
            format!("delete template {name} (id {hsm_id})"),
        )
        .await
    }

    /// `POST /{PHONE_NUMBER_ID}/messages` with a template message body.
    pub async fn send_template(
        &self,
        phone_number_id: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        self.send_to(phone_number_id, "messages", body).await
    }

    /// `POST /{PHONE_NUMBER_ID}/marketing_messages` (Meta's Marketing Messages API) with a
    /// MARKETING template message body.
    pub async fn send_marketing_template(
        &self,
        phone_number_id: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        self.send_to(phone_number_id, "marketing_messages", body)
            .await
    }

    async fn send_to(
        &self,
        phone_number_id: &str,
        edge: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        let name = body
            .pointer("/template/name")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        self.call(Request {
            operation: format!("send template {name}"),
            method: Method::POST,
            url: self.endpoint(&[phone_number_id, edge]),
            body: Some(body),
            effect: Effect::Write(CHECK_DELIVERY),
        })
        .await
    }

    async fn delete(
        &self,
        waba_id: &str,
        query: &[(&str, &str)],
        operation: String,
    ) -> Result<Success, GraphError> {
        let mut url = self.endpoint(&[waba_id, "message_templates"]);
        url.query_pairs_mut().extend_pairs(query);
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::DELETE,
                url,
                body: None,
                effect: Effect::Write(REREAD_ACCOUNT),
            })
            .await?;
        self.confirmed(operation, answer)
    }

    /// `{"success": false}` is a refusal without an error body.
    pub(super) fn confirmed(
        &self,
        operation: String,
        answer: Success,
    ) -> Result<Success, GraphError> {
        if answer.success {
            Ok(answer)
        } else {
            Err(GraphError::Malformed {
                operation,
                host: self.host(),
                status: 200,
                detail: "it answered `success: false` without saying why".into(),
            })
        }
    }
}

/// `name (language)` from a create body, for messages.
fn identity(body: &serde_json::Value) -> String {
    let field = |key: &str| body.get(key).and_then(|v| v.as_str()).unwrap_or("?");
    format!("{} ({})", field("name"), field("language"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_operations_name_the_template() {
        let body = serde_json::json!({"name": "order_update", "language": "en_US"});
        assert_eq!(identity(&body), "order_update (en_US)");
        assert_eq!(identity(&serde_json::json!({})), "? (?)");
    }
}
