//! The JSON shapes of Meta's Graph API that wabactl reads and writes, as Meta spells them.

use serde::{Deserialize, Serialize};

use super::status::RemoteStatus;

/// The fields requested when listing templates: explicit, so answers do not depend on
/// Meta's defaults.
pub const TEMPLATE_FIELDS: &str = "id,name,language,status,category,previous_category,\
correct_category,sub_category,parameter_format,components,message_send_ttl_seconds,\
quality_score,rejected_reason,library_template_name,cta_url_link_tracking_opted_out";

/// A template as `GET /{WABA_ID}/message_templates` or `GET /{TEMPLATE_ID}` returns it.
///
/// Only `id`, `name` and `language` are always present; everything else depends on `fields=`
/// and on the template. `components` is kept raw: it is normalised before comparing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteTemplate {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub language: String,
    /// Open set: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, ... (kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RemoteStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Set when Meta re-categorised the template (may be a legacy value such as TRANSACTIONAL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<String>,
    /// A pending re-categorisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<String>,
    #[serde(default, skip_serializing_if = "Components::is_empty")]
    pub components: Components,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_send_ttl_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_score: Option<QualityScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_template_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cta_url_link_tracking_opted_out: Option<bool>,
    /// When a DELETED copy was deleted (unix seconds). Not a field Meta documents: the
    /// sandbox adds it; wabactl uses it when present to date the name lock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_time: Option<i64>,
    /// When a PAUSED template was paused (unix seconds). Likewise not a field Meta documents:
    /// the sandbox adds it; wabactl uses it when present to say when an unpause is possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_time: Option<i64>,
}

/// A remote template's components, kept as the JSON text Meta sent.
///
/// An account can hold 6,000 templates; as raw text they take a fifth of the memory of a
/// parsed tree, and they are parsed only when a template is converted or fingerprinted.
#[derive(Debug, Clone, Default)]
pub struct Components(Option<Box<serde_json::value::RawValue>>);

impl Components {
    /// The components as JSON values.
    pub fn values(&self) -> Vec<serde_json::Value> {
        self.0
            .as_ref()
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl From<Vec<serde_json::Value>> for Components {
    fn from(values: Vec<serde_json::Value>) -> Self {
        if values.is_empty() {
            return Components(None);
        }
        Components(serde_json::value::to_raw_value(&values).ok())
    }
}

impl PartialEq for Components {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_ref().map(|r| r.get()) == other.0.as_ref().map(|r| r.get())
    }
}

impl Serialize for Components {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(raw) => raw.serialize(serializer),
            None => serializer.collect_seq(std::iter::empty::<()>()),
        }
    }
}

impl<'de> Deserialize<'de> for Components {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Through a list of values, so that any deserializer works (a RawValue can only be
        // read from JSON text); the tree is dropped as soon as its text is kept.
        Vec::<serde_json::Value>::deserialize(deserializer).map(Components::from)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityScore {
    /// GREEN, YELLOW, RED or UNKNOWN.
    pub score: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<i64>,
}

/// One page of a Graph list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Paging {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
    /// Absent on the last page: the only reliable end-of-list signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cursors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The answer to a create: `{id, status, category}` (category may be missing or differ from
/// what was posted, when Meta re-categorised at once).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedTemplate {
    pub id: String,
    #[serde(default)]
    pub status: Option<RemoteStatus>,
    #[serde(default)]
    pub category: Option<String>,
}

/// The answer to `POST /{WABA_ID}/upsert_message_templates`: one entry per language.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Upserted {
    pub data: Vec<UpsertedTemplate>,
}

/// One language created or updated by an upsert: `{id, status, language}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpsertedTemplate {
    pub id: String,
    #[serde(default)]
    pub status: Option<RemoteStatus>,
    pub language: String,
}

/// `{"success": true}` (edits and deletes); an unpause answers `{"success", "reason"}`, the
/// reason saying why when it was refused (pywa's `unpause_template` returns both).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Success {
    #[serde(default)]
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer to `POST /{WABA_ID}/message_templates/archive` (and `/unarchive`):
/// `{"archived_templates": [ids], "failed_templates": {"id": "why"}}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArchiveAnswer {
    /// The ids done (`unarchived_templates` in an unarchive answer).
    #[serde(default, alias = "unarchived_templates")]
    pub archived_templates: Vec<String>,
    #[serde(default)]
    pub failed_templates: std::collections::BTreeMap<String, String>,
}

/// The answer to `POST /{PHONE_NUMBER_ID}/messages`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    #[serde(default)]
    pub contacts: Vec<SendContact>,
    #[serde(default)]
    pub messages: Vec<SentMessage>,
}

/// A recipient as Meta resolved it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendContact {
    /// The number as sent.
    #[serde(default)]
    pub input: String,
    /// The WhatsApp id it resolved to (may differ in formatting from `input`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
}

/// One accepted message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentMessage {
    /// `wamid....`
    pub id: String,
    /// `accepted`, `held_for_quality_assessment` or `paused`; absent in older answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(path: &str) -> String {
        let path = format!("{}/{path}", crate::reconcile::test_support::CORPUS);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn send_responses_from_the_docs_and_the_field() {
        let sent: SendResponse =
            serde_json::from_str(&corpus("sends/docs_send_response_accepted.json")).unwrap();
        assert_eq!(sent.contacts[0].wa_id.as_deref(), Some("16505551234"));
        assert_eq!(sent.messages[0].message_status.as_deref(), Some("accepted"));
        let old: SendResponse =
            serde_json::from_str(&corpus("sends/postman_send_response_padded_wa_id.json")).unwrap();
        assert!(old.messages[0].id.starts_with("wamid."));
        assert_eq!(old.messages[0].message_status, None);
    }

    #[test]
    fn list_pages_and_write_answers_parse() {
        let page: ListPage<RemoteTemplate> =
            serde_json::from_str(&corpus("responses/sdk_java_ptbr_get_list_paging_next.json"))
                .unwrap();
        let paging = page.paging.unwrap();
        assert!(paging.next.unwrap().contains("after=MQZDZD"));
        assert_eq!(paging.cursors.unwrap().after.as_deref(), Some("MQZDZD"));
        let created: CreatedTemplate = serde_json::from_str(&corpus(
            "responses/docs_create_response_without_category.json",
        ))
        .unwrap();
        assert_eq!(created.category, None);
        let edited: Success =
            serde_json::from_str(&corpus("responses/docs_edit_success.json")).unwrap();
        assert!(edited.success);
    }
}
