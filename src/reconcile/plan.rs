//! The plan: what would change, per (name, language), as plain data; its counts, its
//! fingerprint of the account state it was computed from, and its file format.
//!
//! The same document is printed by `plan --format json` and saved by `plan --out`; its JSON
//! Schema is `schemas/plan.schema.json`. It never holds a token.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::api_version::VersionWarning;
pub use super::field_path::{FieldPath, TopField};
use super::reason::{BlockReason, Explained, HoldReason, NewTemplateReason, Notes};
pub use super::reason::{Break, Breaks, Drift, DriftCause};
use crate::graph::RemoteStatus;
use crate::graph::endpoint::Endpoint;
use crate::graph::listing::ListScope;
use crate::graph::usage::Requests;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::{Component, Template};

/// The version of the plan document; bumped on any incompatible change (2: reasons typed, with
/// their codes and data, and template groups; a plan saved by version 1 is refused by name).
pub const FORMAT_VERSION: u32 = 2;

/// A plan: the changes that would make the account match the files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "wabactl plan")]
pub struct Plan {
    /// Version of this document's format (currently 1).
    pub format_version: u32,
    /// The WhatsApp Business Account id the plan was computed against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The Graph API version used to read the account, e.g. `v26.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Set when Meta stops serving that version within 90 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version_warning: Option<VersionWarning>,
    /// The host the account was read from (Meta, a local sandbox, or another host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// The Graph calls made to read the account, and its usage as Meta last reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<Requests>,
    /// What the server was asked to list when the plan was scoped (`--language`, an exact
    /// `--name`); absent for the whole account. The fingerprint covers what was listed, and a
    /// saved plan is checked by listing the same again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing: Option<ListScope>,
    /// The template paths and the flags the plan was made with. `apply --plan` plans its own
    /// (the same, when given the same paths and flags) and names these when they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<PlanInputs>,
    /// `sha256:<hex>` of the account's templates as read (see [`fingerprint`]); applying a saved
    /// plan re-reads the account and refuses to go on when this no longer matches.
    pub fingerprint: String,
    /// `sha256:<hex>` of this document itself, this field left out (see [`plan_digest`]): a
    /// saved plan whose changes, counts or any other field were edited is refused.
    #[serde(default)]
    pub plan_digest: String,
    /// True when the files and the account disagree on a declared template (create, update,
    /// needs-new-template, blocked, drift) or a delete is planned, or a template group is
    /// written.
    pub has_changes: bool,
    /// True when the plan deletes every template the prune scope covers, or more than the
    /// threshold share of them (default 30%): applying it needs `--force`.
    pub needs_force: bool,
    /// Whether deletes were considered (`--prune`).
    pub prune: bool,
    pub counts: Counts,
    /// Every template looked at, sorted by name then language.
    pub changes: Vec<Change>,
    /// Declared templates that match the files but cannot be sent (REJECTED, PAUSED,
    /// DISABLED, ...): not changes, but `plan --exit-code` exits 2 for them (see
    /// `unsendable.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attention: Vec<Explained<super::attention::Attention>>,
    /// Template groups, when the project file declares any for the account (see
    /// `groups.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<super::group_plan::GroupPlan>,
}

impl Plan {
    /// Whether `plan --exit-code` exits 2: there are changes, or a declared template cannot
    /// be sent.
    pub fn exits_with_changes(&self) -> bool {
        self.has_changes || !self.attention.is_empty()
    }
}

/// What a plan was made from: the template paths read and the flags that chose templates and
/// prune. Recorded to explain a refusal, never to steer one: `apply --plan` plans from its
/// own paths and flags, so a plan file cannot widen what is read, listed or pruned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanInputs {
    /// Template files and directories, as shown (relative to where wabactl ran when they were
    /// given so).
    pub paths: Vec<String>,
    /// `--name` globs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// `--language` codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The names prune may delete or archive; absent when prune was off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune_scope: Option<Vec<String>>,
    /// What prune does (`delete` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune_mode: Option<super::prune_mode::PruneMode>,
    /// `--reupload` globs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reupload: Vec<String>,
    /// `--promote-from`: the account whose approvals the plan waited for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promote_from: Option<String>,
}

impl std::fmt::Display for PlanInputs {
    /// As flags: `templates --language pt_BR --prune-scope 'order_*'`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words: Vec<String> = self.paths.clone();
        if words.is_empty() {
            words.push("(no paths)".to_owned());
        }
        let flag = |words: &mut Vec<String>, flag: &str, values: &[String]| {
            for value in values {
                words.push(format!("{flag} {value}"));
            }
        };
        flag(&mut words, "--name", &self.names);
        flag(&mut words, "--language", &self.languages);
        match &self.prune_scope {
            Some(scope) => {
                words.push("--prune".to_owned());
                flag(&mut words, "--prune-scope", scope);
            }
            None => words.push("no prune".to_owned()),
        }
        match self.prune_mode {
            Some(super::prune_mode::PruneMode::Archive) => {
                words.push("--prune-mode archive".to_owned());
            }
            Some(super::prune_mode::PruneMode::Delete) => {
                words.push("--prune-mode delete".to_owned());
            }
            None => {}
        }
        flag(&mut words, "--reupload", &self.reupload);
        if let Some(from) = &self.promote_from {
            words.push(format!("--promote-from {from}"));
        }
        write!(f, "{}", words.join(" "))
    }
}

/// How many changes of each kind the plan holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    // Left out when zero, so plans saved before archiving existed keep their digest.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub archive: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unarchive: usize,
    pub needs_new_template: usize,
    pub blocked: usize,
    /// Promotion: changes waiting for the account promoted from to approve the same content
    /// (present only when there are some).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub held: usize,
    pub drift: usize,
    pub unmanaged: usize,
    pub in_sync: usize,
    /// Declared templates that cannot be sent (also counted among `in_sync` or `drift`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attention: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Counts {
    /// Adds another plan's counts (the total of several accounts).
    pub fn add(&mut self, other: &Counts) {
        self.create += other.create;
        self.update += other.update;
        self.delete += other.delete;
        self.archive += other.archive;
        self.unarchive += other.unarchive;
        self.needs_new_template += other.needs_new_template;
        self.blocked += other.blocked;
        self.held += other.held;
        self.drift += other.drift;
        self.unmanaged += other.unmanaged;
        self.in_sync += other.in_sync;
        self.attention += other.attention;
    }

    /// How many changes of each kind.
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            let slot = match change.kind() {
                Kind::Create => &mut counts.create,
                Kind::Update => &mut counts.update,
                Kind::Delete => &mut counts.delete,
                Kind::Archive => &mut counts.archive,
                Kind::Unarchive => &mut counts.unarchive,
                Kind::NeedsNewTemplate => &mut counts.needs_new_template,
                Kind::Blocked => &mut counts.blocked,
                Kind::Held => &mut counts.held,
                Kind::Drift => &mut counts.drift,
                Kind::Unmanaged => &mut counts.unmanaged,
                Kind::InSync => &mut counts.in_sync,
            };
            *slot += 1;
        }
        counts
    }

    /// Kinds that make `plan --exit-code` exit with 2 (DESIGN.md §6).
    pub fn changes(&self) -> usize {
        self.create
            + self.update
            + self.delete
            + self.archive
            + self.unarchive
            + self.needs_new_template
            + self.blocked
            + self.held
            + self.drift
    }
}

/// One template (name, language) and what the plan does about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub name: String,
    pub language: String,
    #[serde(flatten)]
    pub action: Action,
    /// The account's copy, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<RemoteState>,
    /// Where the template is declared, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Local media samples (`file:` in `header_handle`) uploaded before the change is sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<crate::reconcile::media_upload::MediaUpload>,
    /// For a create or update of a template whose document lists `languages`: the body of
    /// `POST /{WABA_ID}/upsert_message_templates`, sent once for every language of the
    /// document that is created or updated (`languages` narrowed to those).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upsert: Option<UpsertRequest>,
    /// The template as declared and as the account holds it, for previews of the message.
    /// Material for showing the plan, not part of the plan document.
    #[serde(skip)]
    pub shown: Shown,
}

/// The two copies of a changed template a preview is drawn from (none for templates in sync
/// or unmanaged, so a large account costs no extra memory).
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// The template the files declare.
    pub declared: Option<Arc<Template>>,
    /// The account's copy, read back into the template format.
    pub account: Option<Arc<Template>>,
}

/// A saved plan read back has nothing to show; it is the same plan all the same.
impl PartialEq for Shown {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The body of `POST /{WABA_ID}/upsert_message_templates` (templates-api.md §2.6): one
/// AUTHENTICATION template in several languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UpsertRequest {
    pub name: String,
    pub languages: Vec<String>,
    pub category: String,
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_send_ttl_seconds: Option<i64>,
}

impl Change {
    pub fn kind(&self) -> Kind {
        self.action.kind()
    }
}

/// What happens to a template, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Declared in the files, not on the account: `POST /{WABA_ID}/message_templates`.
    Create {
        /// The full create body.
        request: Box<Template>,
        /// Things to know before applying (e.g. a name Meta may still hold after a delete).
        #[serde(flatten)]
        notes: Notes,
    },
    /// Differs from the account and can be edited: `POST /{TEMPLATE_ID}`.
    Update {
        /// Which fields change; `components` is sent whole all the same.
        fields: Vec<FieldChange>,
        /// The edit body: only `category`, `components` and `message_send_ttl_seconds`.
        request: EditRequest,
        /// Meta also re-categorised the template; that part is reported, not fought.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        drift: Option<Explained<Drift>>,
        /// Whether applications that send the template today keep working after the edit.
        #[serde(default)]
        send_compatibility: SendCompatibility,
        /// The template is APPROVED, so the edit uses one of its edits: Meta allows an approved
        /// template 1 edit per 24 hours and 10 per 30 days (REJECTED and PAUSED ones: any
        /// number). Present only when true.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        uses_approved_edit: bool,
    },
    /// A field that can never change on this template changed (category of an approved
    /// template, parameter format, sub-category): declare a new template instead.
    NeedsNewTemplate {
        /// Every field that differs.
        fields: Vec<FieldChange>,
        /// Which fields cannot be edited, and an unused name to create the changed template
        /// under.
        #[serde(flatten)]
        why: Explained<NewTemplateReason>,
    },
    /// A rule forbids the change for now.
    Blocked {
        /// What was wanted: `create`, `update` or `delete`.
        wanted: Kind,
        /// Why, and when or how it may unblock.
        #[serde(flatten)]
        why: Explained<BlockReason>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<FieldChange>,
    },
    /// Promotion (`--promote-from`): the change waits until the account it is promoted from
    /// holds the same content, approved.
    Held {
        /// What was wanted: `create` or `update`.
        wanted: Kind,
        /// The account promoted from, the template's status there, and why it waits.
        #[serde(flatten)]
        why: Explained<HoldReason>,
    },
    /// On the account, not in the files, inside the prune scope (`--prune`):
    /// `DELETE /{WABA_ID}/message_templates?hsm_id=..&name=..` (this language only).
    Delete {
        request: DeleteRequest,
        /// What the delete costs beyond itself (deleting an approved template locks its name).
        #[serde(flatten)]
        notes: Notes,
    },
    /// On the account, not in the files, inside the prune scope, with `prune.mode: archive`:
    /// `POST /{WABA_ID}/message_templates/archive` (up to 100 ids a call). Reversible for 28
    /// days; no name lock.
    Archive { request: ArchiveRequest },
    /// Declared, and ARCHIVED on the account: `POST /{WABA_ID}/message_templates/unarchive`,
    /// then the edit when the files differ.
    Unarchive {
        request: ArchiveRequest,
        /// What differs from the archived copy (empty when nothing does).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<FieldChange>,
        /// The edit made after the unarchive, when the files differ.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        edit: Option<EditRequest>,
        /// Things to know (e.g. why a difference is not edited after the unarchive).
        #[serde(flatten)]
        notes: Notes,
    },
    /// Meta re-categorised the template (or will): reported, not fought.
    Drift { drift: Explained<Drift> },
    /// On the account, not in the files: left alone.
    Unmanaged,
    /// The account matches the files.
    InSync,
}

impl Action {
    pub fn kind(&self) -> Kind {
        match self {
            Action::Create { .. } => Kind::Create,
            Action::Update { .. } => Kind::Update,
            Action::NeedsNewTemplate { .. } => Kind::NeedsNewTemplate,
            Action::Blocked { .. } => Kind::Blocked,
            Action::Held { .. } => Kind::Held,
            Action::Delete { .. } => Kind::Delete,
            Action::Archive { .. } => Kind::Archive,
            Action::Unarchive { .. } => Kind::Unarchive,
            Action::Drift { .. } => Kind::Drift,
            Action::Unmanaged => Kind::Unmanaged,
            Action::InSync => Kind::InSync,
        }
    }
}

/// The kinds of change, as the `kind` field spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Create,
    Update,
    NeedsNewTemplate,
    Blocked,
    Held,
    Delete,
    Archive,
    Unarchive,
    Drift,
    Unmanaged,
    InSync,
}

impl Kind {
    /// Words for people: `create`, `needs a new template`, `in sync`, ...
    pub fn label(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::Update => "update",
            Kind::NeedsNewTemplate => "needs a new template",
            Kind::Blocked => "blocked",
            Kind::Held => "held",
            Kind::Delete => "delete",
            Kind::Archive => "archive",
            Kind::Unarchive => "unarchive",
            Kind::Drift => "drift",
            Kind::Unmanaged => "unmanaged",
            Kind::InSync => "in sync",
        }
    }
}

/// One field that differs. Values are shown as text: strings as they are, other values as JSON;
/// `None` means the field is absent on that side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldChange {
    /// e.g. `components.BODY.text` or `components.BUTTONS.buttons[1].url` (components are keyed
    /// by type; buttons and cards by position).
    #[schemars(with = "String")]
    pub path: FieldPath,
    /// On the account.
    pub before: Option<String>,
    /// In the files.
    pub after: Option<String>,
    /// True for message text (worth a word-level diff).
    pub text: bool,
}

/// The body of `POST /{TEMPLATE_ID}` (templates-api.md §2.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EditRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Replaces every component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_send_ttl_seconds: Option<i64>,
}

/// The query of a single-language delete: both `hsm_id` and `name` (a delete by name alone
/// would remove every language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeleteRequest {
    pub hsm_id: String,
    pub name: String,
}

/// The template an archive or unarchive names (sent in `hsm_ids`, batched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ArchiveRequest {
    pub hsm_id: String,
    pub name: String,
}

/// Whether current senders keep working after an update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SendCompatibility {
    /// True when a send that works today would be refused by Meta after the update.
    pub breaking: bool,
    /// What breaks (empty when nothing does): the plan JSON writes it in words in `reasons`,
    /// one line each, and as data in `breaks`.
    #[serde(flatten)]
    pub breaks: Breaks,
    /// When breaking: an unused name to declare the changed template under instead, so that
    /// current senders keep the old one until they move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_name: Option<String>,
}

/// The account's copy of a template, as far as the plan needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemoteState {
    /// The template id (`hsm_id`).
    pub id: String,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ... (an open set; UNKNOWN when not read).
    #[schemars(with = "String")]
    pub status: RemoteStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    /// GREEN, YELLOW, RED or UNKNOWN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
}

impl RemoteState {
    pub fn of(remote: &RemoteTemplate) -> Self {
        RemoteState {
            id: remote.id.clone(),
            status: status_of(remote),
            category: remote.category.clone(),
            rejected_reason: remote
                .rejected_reason
                .clone()
                .filter(|r| !r.is_empty() && r != "NONE"),
            quality: remote.quality_score.as_ref().map(|q| q.score.clone()),
        }
    }
}

/// The status in upper case, `UNKNOWN` when the list did not carry it.
pub fn status_of(remote: &RemoteTemplate) -> RemoteStatus {
    remote
        .status
        .as_ref()
        .map_or(RemoteStatus::Unknown, RemoteStatus::normalized)
}

pub use crate::template::read::Source;
