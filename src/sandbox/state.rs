//! The sandbox account's state (templates, name locks, creation log, clock) and its JSON file:
//! loaded at start, written atomically (temp file + rename) after each change, or seeded from
//! a saved `GET /message_templates` answer.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::normalize;
use super::status::Status;

/// Version of the state file layout.
pub const FORMAT_VERSION: u32 = 1;

/// First generated template id: 16 digits, like Meta's.
const FIRST_ID: u64 = 1_000_000_000_000_001;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read the sandbox state file {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the sandbox state file {path} is not valid sandbox state (fix it, delete it to start an \
         empty account, or start with --seed)"
    )]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot write the sandbox state file {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the seed file {path}")]
    SeedRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the seed file {path} is not JSON")]
    SeedParse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("the seed file {path} cannot be used: {reason}")]
    Seed { path: PathBuf, reason: String },
}

/// Everything the sandbox remembers about its account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountState {
    pub format_version: u32,
    /// Added to the wall clock: lets tests move sandbox time forward (`/__sandbox/clock`).
    #[serde(default)]
    pub clock_offset_ms: i64,
    pub next_id: u64,
    pub next_seq: u64,
    #[serde(default)]
    pub messages_sent: u64,
    /// Of `messages_sent`, those sent through `/marketing_messages`.
    #[serde(default)]
    pub marketing_messages_sent: u64,
    pub templates: Vec<StoredTemplate>,
    /// (name, language) pairs held after deleting an approved template.
    #[serde(default)]
    pub name_locks: Vec<NameLock>,
    /// When templates were created (ms), for the hourly creation quota.
    #[serde(default)]
    pub creations_ms: Vec<i64>,
    /// Template analytics: whether confirmed, and the sends counted since.
    #[serde(default)]
    pub insights: Insights,
    /// Template groups (see `groups.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_groups: Vec<StoredGroup>,
    /// The last journal entry this state includes (see `persist.rs`).
    #[serde(default)]
    pub journal_generation: u64,
    /// Templates changed or removed since the last save, for the journal.
    #[serde(skip)]
    pub touched: Touched,
}

/// One template group as the sandbox keeps it (see `groups.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub template_ids: Vec<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// What changed in the templates since the last save.
#[derive(Debug, Clone, Default)]
pub struct Touched {
    pub ids: std::collections::BTreeSet<String>,
    pub removed: std::collections::BTreeSet<String>,
}

/// One template as the sandbox stores it: `fields` is what GET returns (normalised); the rest is sandbox bookkeeping.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredTemplate {
    /// Creation order; also the pagination key.
    pub seq: u64,
    pub fields: Map<String, Value>,
    #[serde(default)]
    pub created_ms: i64,
    /// When review of a PENDING template completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due_ms: Option<i64>,
    /// Edits made while APPROVED, for the 1-per-24h / 10-per-30-days limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approved_edits_ms: Vec<i64>,
    /// When an approved template was deleted: Meta keeps such a copy, status DELETED, in
    /// listings while its name is locked (30 days); it is gone for everything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_ms: Option<i64>,
    /// When the template was paused (`/__sandbox/pause`), while it is PAUSED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_ms: Option<i64>,
    /// When the template was archived, while it is ARCHIVED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_ms: Option<i64>,
    /// The status an unarchive restores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_before_archive: Option<Status>,
    /// `id`, `name` and `language` out of `fields`, read on first use: they never change
    /// once a template is stored, and every lookup and list filter reads them.
    #[serde(skip)]
    identity: std::sync::OnceLock<Identity>,
}

#[derive(Debug, Clone)]
struct Identity {
    id: String,
    name: String,
    language: String,
}

/// What the account remembers for analytics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    /// Confirmed with `is_enabled_for_insights=true`; never turned off again.
    #[serde(default)]
    pub enabled: bool,
    /// Messages sent since then: template id → UTC day (unix seconds of its 00:00) → count.
    #[serde(default)]
    pub sent: std::collections::BTreeMap<String, std::collections::BTreeMap<i64, u64>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NameLock {
    pub name: String,
    pub language: String,
    pub until_ms: i64,
}

impl StoredTemplate {
    /// A template just stored: created now, nothing else yet in its history.
    pub fn new(seq: u64, fields: Map<String, Value>, created_ms: i64) -> Self {
        StoredTemplate {
            seq,
            fields,
            created_ms,
            review_due_ms: None,
            approved_edits_ms: Vec::new(),
            deleted_ms: None,
            paused_ms: None,
            archived_ms: None,
            status_before_archive: None,
            identity: std::sync::OnceLock::new(),
        }
    }

    pub fn field(&self, key: &str) -> &str {
        self.fields
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
    fn identity(&self) -> &Identity {
        self.identity.get_or_init(|| Identity {
            id: self.field("id").to_owned(),
            name: self.field("name").to_owned(),
            language: self.field("language").to_owned(),
        })
    }
    pub fn id(&self) -> &str {
        &self.identity().id
    }
    pub fn name(&self) -> &str {
        &self.identity().name
    }
    pub fn language(&self) -> &str {
        &self.identity().language
    }
    pub fn status(&self) -> Status {
        Status::from(self.field("status"))
    }
    pub fn set_status(&mut self, status: &Status) {
        self.set("status", status.as_str());
    }
    pub fn category(&self) -> &str {
        self.field("category")
    }
    /// A deleted copy kept for listings only.
    pub fn is_deleted(&self) -> bool {
        self.deleted_ms.is_some()
    }
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        debug_assert!(
            !matches!(key, "id" | "name" | "language"),
            "a stored template keeps its identity"
        );
        self.fields.insert(key.to_owned(), value.into());
    }
}

impl Default for AccountState {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            clock_offset_ms: 0,
            next_id: FIRST_ID,
            next_seq: 1,
            messages_sent: 0,
            marketing_messages_sent: 0,
            templates: Vec::new(),
            name_locks: Vec::new(),
            creations_ms: Vec::new(),
            insights: Insights::default(),
            template_groups: Vec::new(),
            journal_generation: 0,
            touched: Touched::default(),
        }
    }
}

fn wall_clock_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl AccountState {
    /// Sandbox time in milliseconds since the epoch.
    pub fn now_ms(&self) -> i64 {
        wall_clock_ms() + self.clock_offset_ms
    }

    /// A new template id, unused by any template of the account.
    pub fn new_id(&mut self) -> String {
        loop {
            let id = self.next_id.to_string();
            self.next_id += 1;
            if !self.templates.iter().any(|t| t.id() == id) {
                return id;
            }
        }
    }

    pub fn new_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    pub fn find(&self, id: &str) -> Option<&StoredTemplate> {
        self.templates.iter().find(|t| t.id() == id)
    }

    /// The template to change: it goes into the next journal entry.
    pub fn find_mut(&mut self, id: &str) -> Option<&mut StoredTemplate> {
        self.touched.ids.insert(id.to_owned());
        self.templates.iter_mut().find(|t| t.id() == id)
    }

    /// The live template (not a deleted copy) with this name and language.
    pub fn find_by_identity(&self, name: &str, language: &str) -> Option<&StoredTemplate> {
        self.templates
            .iter()
            .find(|t| t.name() == name && t.language() == language && !t.is_deleted())
    }

    /// Live templates: those the template limit counts.
    pub fn live_count(&self) -> usize {
        self.templates.iter().filter(|t| !t.is_deleted()).count()
    }

    /// Drops deleted copies whose name lock has ended. Returns whether any was dropped.
    pub fn purge_deleted(&mut self, lock_ms: i64) -> bool {
        let now = self.now_ms();
        let before = self.templates.len();
        let removed = &mut self.touched.removed;
        self.templates.retain(|t| match t.deleted_ms {
            Some(at) if at + lock_ms <= now => {
                removed.insert(t.id().to_owned());
                false
            }
            _ => true,
        });
        self.templates.len() != before
    }

    /// An account holding the templates of a saved `GET /message_templates` answer
    /// (`{"data":[...]}`, or a bare array). Missing `status` means APPROVED; missing ids,
    /// names and languages are filled in.
    pub fn from_seed_file(path: &Path) -> Result<Self, StateError> {
        let text = crate::input_file::read_text(path, crate::input_file::ACCOUNT_FILE_LIMIT)
            .map_err(|source| StateError::SeedRead {
                path: path.to_owned(),
                source,
            })?;
        let value: Value = serde_json::from_str(&text).map_err(|source| StateError::SeedParse {
            path: path.to_owned(),
            source,
        })?;
        Self::from_seed(&value).map_err(|reason| StateError::Seed {
            path: path.to_owned(),
            reason,
        })
    }

    pub fn from_seed(value: &Value) -> Result<Self, String> {
        let items = match value {
            Value::Object(map) => match map.get("data") {
                Some(Value::Array(items)) => items,
                _ => {
                    return Err(
                        "expected a GET /message_templates answer: an object with a \"data\" array"
                            .into(),
                    );
                }
            },
            Value::Array(items) => items,
            _ => return Err("expected an object with a \"data\" array".into()),
        };
        let mut state = Self::default();
        let now = state.now_ms();
        // Linear in the seed's size: each id and identity is looked up in a set.
        let mut ids = std::collections::HashSet::new();
        let mut identities = std::collections::HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let Value::Object(raw) = item else {
                return Err(format!("data[{index}] is not an object"));
            };
            let mut fields = normalize::template(raw);
            fields
                .entry("name")
                .or_insert_with(|| json!(format!("seeded_template_{}", index + 1)));
            fields.entry("language").or_insert_with(|| json!("en_US"));
            fields
                .entry("status")
                .or_insert_with(|| json!(Status::Approved.as_str()));
            fields.entry("category").or_insert_with(|| json!("UTILITY"));
            fields.entry("components").or_insert_with(|| json!([]));
            let id = match fields.get("id") {
                Some(Value::String(id)) => id.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => state.new_id(),
            };
            fields.insert("id".into(), json!(id));
            let template = StoredTemplate::new(state.new_seq(), fields, now);
            if !ids.insert(template.id().to_owned()) {
                return Err(format!("data[{index}]: id {id} appears twice"));
            }
            if !identities.insert((template.name().to_owned(), template.language().to_owned())) {
                return Err(format!(
                    "data[{index}]: {} in {} appears twice",
                    template.name(),
                    template.language()
                ));
            }
            state.templates.push(template);
        }
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_fills_in_missing_fields() {
        let state = AccountState::from_seed(&json!({"data": [
            {"id": "954638012257287", "status": "APPROVED", "language": "en_US"},
            {"name": "welcome", "category": "utility", "components": [{"type": "body", "text": "Hi"}]}
        ]}))
        .unwrap();
        assert_eq!(state.templates.len(), 2);
        let second = &state.templates[1];
        assert_eq!(second.status(), Status::Approved);
        assert_eq!(second.language(), "en_US");
        assert_eq!(second.category(), "UTILITY");
        assert!(!second.id().is_empty());
        assert_eq!(second.fields["components"][0]["type"], "BODY");
    }

    #[test]
    fn seed_refuses_duplicates() {
        let err = AccountState::from_seed(&json!({"data": [
            {"name": "a", "language": "en"}, {"name": "a", "language": "en"}]}))
        .unwrap_err();
        assert!(err.contains("twice"), "{err}");
    }

    #[test]
    fn save_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/state.json");
        let mut state = AccountState::from_seed(&json!([{"name": "a"}])).unwrap();
        state.clock_offset_ms = 42;
        super::super::persist::save(&state, &path).unwrap();
        let loaded = super::super::persist::load(&path).unwrap().unwrap();
        assert_eq!(loaded.templates.len(), 1);
        assert_eq!(loaded.clock_offset_ms, 42);
        assert!(
            super::super::persist::load(&dir.path().join("none.json"))
                .unwrap()
                .is_none()
        );
    }
}
