//! Template groups: create and read (Meta's Template groups page), and list, update and
//! delete, which that page does not show: their paths and bodies are the named assumptions
//! `group-list`, `group-update` and `group-delete` of docs/meta-api.md. Every write is checked
//! by reading the group again, so a wrong assumption is reported, never taken for success.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::error::GraphError;
use crate::graph::wire::{ListPage, Success};

/// After an ambiguous group change: the account is the truth.
const REREAD_GROUPS: &str = "run `wabactl plan` to re-read the account's template groups";

/// A bound on pages of groups or of a group's templates.
const MAX_PAGES: usize = 1000;

/// A template group as read: `GET /{GROUP_ID}` answers `name`, `description` and
/// `whatsapp_business_templates` (a list of template objects with their `id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteGroup {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ids of the group's templates, every page read (empty when not asked for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_ids: Vec<String>,
}

/// `GET /{GROUP_ID}` as Meta's page shows it.
#[derive(Debug, Deserialize)]
struct GroupNode {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    whatsapp_business_templates: Option<ListPage<TemplateRef>>,
}

#[derive(Debug, Deserialize)]
struct TemplateRef {
    id: serde_json::Value,
}

/// One group of the account list (assumption `group-list`).
#[derive(Debug, Deserialize)]
struct GroupListed {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
}

/// `{"id": "<TEMPLATE_GROUP_ID>"}`, the create answer.
#[derive(Debug, Clone, Deserialize)]
pub struct CreatedGroup {
    pub id: String,
}

/// The body of a create or an update: Meta's create fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBody {
    pub name: String,
    pub description: Option<String>,
    pub template_ids: Vec<String>,
}

impl GroupBody {
    fn json(&self) -> serde_json::Value {
        // Meta's page types the ids as an array of integers; an id that is not a number (no
        // Meta id) is sent as it is.
        let ids: Vec<serde_json::Value> = self
            .template_ids
            .iter()
            .map(|id| {
                id.parse::<u64>()
                    .map_or_else(|_| serde_json::Value::from(id.clone()), Into::into)
            })
            .collect();
        let mut body = serde_json::json!({
            "name": self.name,
            "whatsapp_business_templates": ids,
        });
        if let Some(description) = &self.description {
            body["description"] = description.clone().into();
        }
        body
    }
}

impl GraphClient {
    /// `GET /{WABA_ID}/template_groups` (assumption `group-list`), every page: each group's
    /// id, name and description, without its templates.
    pub async fn list_groups(&self, waba_id: &str) -> Result<Vec<RemoteGroup>, GraphError> {
        let mut url = self.endpoint(&[waba_id, "template_groups"]);
        url.query_pairs_mut()
            .append_pair("fields", "id,name,description");
        let mut groups = Vec::new();
        for page_number in 1..=MAX_PAGES {
            let page: ListPage<GroupListed> = self
                .call(Request {
                    operation: format!("list template groups (page {page_number})"),
                    method: Method::GET,
                    url: url.clone(),
                    body: None,
                    effect: Effect::Read,
                })
                .await?;
            groups.extend(page.data.into_iter().map(|g| RemoteGroup {
                id: g.id,
                name: g.name,
                description: g.description.filter(|d| !d.is_empty()),
                template_ids: Vec::new(),
            }));
            match page.paging.and_then(|p| p.next) {
                Some(next) => url = self.follow(&next)?,
                None => return Ok(groups),
            }
        }
        Err(too_many_pages("template groups"))
    }

    /// `GET /{GROUP_ID}` (Meta's Template groups page), the group's template list followed to
    /// its last page.
    pub async fn get_group(&self, group_id: &str) -> Result<RemoteGroup, GraphError> {
        let node: GroupNode = self
            .call(Request {
                operation: format!("get template group {group_id}"),
                method: Method::GET,
                url: self.endpoint(&[group_id]),
                body: None,
                effect: Effect::Read,
            })
            .await?;
        let mut group = RemoteGroup {
            id: node.id,
            name: node.name,
            description: node.description.filter(|d| !d.is_empty()),
            template_ids: Vec::new(),
        };
        let mut page = node.whatsapp_business_templates;
        for page_number in 2..=MAX_PAGES + 1 {
            let Some(current) = page.take() else {
                return Ok(group);
            };
            group
                .template_ids
                .extend(current.data.into_iter().map(|t| id_text(&t.id)));
            let Some(next) = current.paging.and_then(|p| p.next) else {
                return Ok(group);
            };
            page = Some(
                self.call(Request {
                    operation: format!(
                        "get the templates of template group {group_id} (page {page_number})"
                    ),
                    method: Method::GET,
                    url: self.follow(&next)?,
                    body: None,
                    effect: Effect::Read,
                })
                .await?,
            );
        }
        Err(too_many_pages("a template group's templates"))
    }

    /// `POST /{WABA_ID}/template_groups` (Meta's Template groups page).
    pub async fn create_group(
        &self,
        waba_id: &str,
        body: &GroupBody,
    ) -> Result<CreatedGroup, GraphError> {
        let json = body.json();
        self.call(Request {
            operation: format!("create template group {}", body.name),
            method: Method::POST,
            url: self.endpoint(&[waba_id, "template_groups"]),
            body: Some(&json),
            effect: Effect::Write(REREAD_GROUPS),
        })
        .await
    }

    /// `POST /{GROUP_ID}` with the create fields (assumption `group-update`): the group's
    /// description and whole template list.
    pub async fn update_group(
        &self,
        group_id: &str,
        body: &GroupBody,
    ) -> Result<Success, GraphError> {
        let json = body.json();
        let operation = format!("update template group {}", body.name);
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::POST,
                url: self.endpoint(&[group_id]),
                body: Some(&json),
                effect: Effect::Write(REREAD_GROUPS),
            })
            .await?;
        self.confirmed(operation, answer)
    }

    /// `DELETE /{GROUP_ID}` (assumption `group-delete`).
    pub async fn delete_group(&self, group_id: &str, name: &str) -> Result<Success, GraphError> {
        let operation = format!("delete template group {name}");
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::DELETE,
                url: self.endpoint(&[group_id]),
                body: None,
                effect: Effect::Write(REREAD_GROUPS),
            })
            .await?;
        self.confirmed(operation, answer)
    }
}

/// An id read as a string or a number.
fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn too_many_pages(what: &str) -> GraphError {
    GraphError::Pagination(format!(
        "still more pages of {what} after {MAX_PAGES} pages; stopped. Check the server's paging"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_as_numbers_and_the_description_only_when_given() {
        let body = GroupBody {
            name: "Black Friday".into(),
            description: None,
            template_ids: vec!["278077987957091".into(), "x1".into()],
        };
        assert_eq!(
            body.json(),
            serde_json::json!({"name": "Black Friday",
                "whatsapp_business_templates": [278077987957091u64, "x1"]})
        );
    }
}
