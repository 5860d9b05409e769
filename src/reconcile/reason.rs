//! Why the plan does what it does, as data: the reason a change is blocked, held or needs a
//! new template, how a category drifted, and the notes that go with a change. `explain` turns each into words
//! (for every output format, the plan JSON included, where the words sit beside the
//! `reason_code`); `docs/plan-reasons.md` lists the codes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::field_path::FieldPath;
use crate::graph::RemoteStatus;

/// A reason with its words: the plan JSON writes the words (`reason`, and `unblock` for a
/// block) beside the data; reading a saved plan takes the data and leaves the words, which
/// follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Explained<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Explained)
    }
}

/// The fields that hold a reason's words in the plan JSON, with what each says.
pub trait WordFields {
    const WORDS: &'static [(&'static str, &'static str)];
}

impl WordFields for BlockReason {
    const WORDS: &'static [(&'static str, &'static str)] = &[
        (
            "reason",
            "Why, in words (`reason_code` says it for machines).",
        ),
        ("unblock", "When or how it may unblock, in words."),
    ];
}

impl WordFields for Drift {
    const WORDS: &'static [(&'static str, &'static str)] = &[(
        "message",
        "What Meta did, in words (`reason_code` says it for machines).",
    )];
}

impl WordFields for super::attention::Attention {
    const WORDS: &'static [(&'static str, &'static str)] = &[
        (
            "reason",
            "Why it cannot be sent, in words (`reason_code` says it for machines).",
        ),
        ("action", "What to do about it, in words."),
    ];
}

impl WordFields for NewTemplateReason {
    const WORDS: &'static [(&'static str, &'static str)] = &[(
        "reason",
        "Why, in words (`reason_code` says it for machines).",
    )];
}

impl WordFields for HoldReason {
    const WORDS: &'static [(&'static str, &'static str)] = &[(
        "reason",
        "Why, in words (`reason_code` says it for machines).",
    )];
}

/// The data's schema, and the word fields beside it.
impl<T: JsonSchema + WordFields> JsonSchema for Explained<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Explained{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = T::json_schema(generator);
        let mut properties = serde_json::Map::new();
        for (field, about) in T::WORDS {
            properties.insert(
                (*field).to_owned(),
                serde_json::json!({"type": "string", "description": about}),
            );
        }
        let required: Vec<&str> = T::WORDS.iter().map(|(field, _)| *field).collect();
        schema.insert("properties".into(), properties.into());
        schema.insert("required".into(), serde_json::json!(required));
        schema
    }
}

impl<T> std::ops::Deref for Explained<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Notes on a change, each a reason: the plan JSON writes their words in `notes` and their
/// data in `note_reasons`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Notes {
    #[serde(default, rename = "note_reasons")]
    pub list: Vec<Note>,
}

impl JsonSchema for Notes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Notes".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let reasons = generator.subschema_for::<Vec<Note>>();
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "notes": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Things to know before applying, in words (absent when none)."
                },
                "note_reasons": {
                    "allOf": [reasons],
                    "description": "The same notes as data, each with its `reason_code`."
                }
            }
        })
    }
}

impl Notes {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl From<Vec<Note>> for Notes {
    fn from(list: Vec<Note>) -> Self {
        Notes { list }
    }
}

/// Why a create, update, delete or archive may not go ahead now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason_code", rename_all = "snake_case")]
pub enum BlockReason {
    /// The file breaks Meta's rules (the findings of `validate`).
    InvalidFile { errors: Vec<String> },
    /// `supported_apps` still holds the placeholder app `import` wrote.
    AppPlaceholder,
    /// The account's copy cannot be read into the template format.
    UnreadableAccountCopy { error: String },
    /// PENDING: in review.
    InReview,
    /// IN_APPEAL.
    InAppeal,
    /// DISABLED: the API does not edit it.
    Disabled { suggested_name: String },
    /// LIMIT_EXCEEDED.
    LimitExceeded,
    /// LOCKED.
    Locked,
    /// Another status Meta allows no edits in.
    StatusNotEditable {
        #[schemars(with = "String")]
        status: RemoteStatus,
    },
    /// Prune in archive mode met a status Meta does not archive.
    NotArchivable {
        #[schemars(with = "String")]
        status: RemoteStatus,
    },
    /// Prune met a DISABLED template, which Meta does not delete.
    DisabledNotDeletable,
    /// The account's copy was deleted while approved: the name is locked until `frees_at`
    /// (unix seconds).
    NameLocked {
        frees_at: i64,
        suggested_name: String,
    },
    /// Meta is still deleting the account's copy; the name frees up at `frees_at` when known.
    BeingDeleted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frees_at: Option<i64>,
        suggested_name: String,
    },
}

/// Why a change needs a new template rather than an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason_code", rename_all = "snake_case")]
pub enum NewTemplateReason {
    /// Fields that can never change on an existing template changed.
    FrozenFields {
        /// The paths among the change's fields that cannot be edited.
        #[schemars(with = "Vec<String>")]
        frozen: Vec<FieldPath>,
        /// An unused name to create the changed template under.
        suggested_name: String,
    },
}

impl NewTemplateReason {
    pub fn frozen(&self) -> &[FieldPath] {
        match self {
            NewTemplateReason::FrozenFields { frozen, .. } => frozen,
        }
    }

    pub fn suggested_name(&self) -> &str {
        match self {
            NewTemplateReason::FrozenFields { suggested_name, .. } => suggested_name,
        }
    }
}

/// Why a promoted change waits for the account it is promoted from (`from`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason_code", rename_all = "snake_case")]
pub enum HoldReason {
    /// The files are not planned on that account at all.
    NotPlannedThere { from: String },
    /// That account does not hold the template.
    NotThereYet { from: String },
    /// That account holds other content.
    OtherVersionThere {
        from: String,
        /// The template's status there.
        #[schemars(with = "String")]
        from_status: RemoteStatus,
    },
    /// That account holds the same content, not approved.
    NotApprovedThere {
        from: String,
        #[schemars(with = "String")]
        from_status: RemoteStatus,
    },
}

impl HoldReason {
    /// The account promoted from.
    pub fn from(&self) -> &str {
        match self {
            HoldReason::NotPlannedThere { from }
            | HoldReason::NotThereYet { from }
            | HoldReason::OtherVersionThere { from, .. }
            | HoldReason::NotApprovedThere { from, .. } => from,
        }
    }

    /// The template's status there (none: not on that account).
    pub fn from_status(&self) -> Option<&RemoteStatus> {
        match self {
            HoldReason::OtherVersionThere { from_status, .. }
            | HoldReason::NotApprovedThere { from_status, .. } => Some(from_status),
            HoldReason::NotPlannedThere { .. } | HoldReason::NotThereYet { .. } => None,
        }
    }
}

/// Something to know before applying a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason_code", rename_all = "snake_case")]
pub enum Note {
    /// A create whose name a deleted template on the account may still hold.
    DeletedNameMayBeHeld {
        name: String,
        suggested_name: String,
    },
    /// Deleting an approved template locks its name (templates-api.md §2.5).
    ApprovedDeleteLocksName,
    /// After an unarchive, the difference needs a new template.
    RestNeedsNewTemplate { then: NewTemplateReason },
    /// After an unarchive, the difference is blocked.
    RestBlocked { then: BlockReason },
}

/// A category Meta changed, or will change, on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Drift {
    /// The category in the files.
    pub file_category: String,
    /// The category on the account.
    pub remote_category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<String>,
    /// A pending re-categorisation (`correct_category`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_category: Option<String>,
    /// Whether Meta is moving the template or has moved it (the `message` says so in words).
    #[serde(rename = "reason_code")]
    pub cause: DriftCause,
}

/// How a category drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DriftCause {
    /// Meta announced a move to `correct_category` and has not made it yet.
    CategoryMoving,
    /// Meta moved the template from the file's category to the account's.
    Recategorised,
}

/// One way an update breaks current senders: their send no longer fits the template.
/// Parameters are named by key, kind (`text`, `image`, ...) and place (`body`, `card 1 button
/// 0 (url)`, ...) as the send signature gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason_code", rename_all = "snake_case")]
pub enum Break {
    /// The carousel has another number of cards.
    CardCount { before: usize, after: usize },
    /// A parameter changes kind or sub-type.
    ParameterChanged {
        key: String,
        before_kind: String,
        before_place: String,
        after_kind: String,
        after_place: String,
    },
    /// A parameter moves to another place.
    ParameterMoved {
        key: String,
        before_place: String,
        after_place: String,
    },
    /// A parameter senders give is gone.
    ParameterGone {
        key: String,
        kind: String,
        place: String,
    },
    /// A required parameter senders do not give is new.
    ParameterNew {
        key: String,
        kind: String,
        place: String,
    },
}

impl Break {
    pub fn code(&self) -> ReasonCode {
        match self {
            Break::CardCount { .. } => ReasonCode::CardCount,
            Break::ParameterChanged { .. } => ReasonCode::ParameterChanged,
            Break::ParameterMoved { .. } => ReasonCode::ParameterMoved,
            Break::ParameterGone { .. } => ReasonCode::ParameterGone,
            Break::ParameterNew { .. } => ReasonCode::ParameterNew,
        }
    }
}

/// The ways an update breaks senders: the plan JSON writes their words in `reasons` (always
/// present) and their data in `breaks` (when there are some).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Breaks {
    #[serde(default, rename = "breaks")]
    pub list: Vec<Break>,
}

impl Breaks {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl From<Vec<Break>> for Breaks {
    fn from(list: Vec<Break>) -> Self {
        Breaks { list }
    }
}

impl JsonSchema for Breaks {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Breaks".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let breaks = generator.subschema_for::<Vec<Break>>();
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "reasons": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "What breaks, in words, one line each (empty when nothing does)."
                },
                "breaks": {
                    "allOf": [breaks],
                    "description": "The same as data, each with its `reason_code` (absent when nothing breaks)."
                }
            },
            "required": ["reasons"]
        })
    }
}

/// Every reason code, as the plan JSON spells it in `reason_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    InvalidFile,
    AppPlaceholder,
    UnreadableAccountCopy,
    InReview,
    InAppeal,
    Disabled,
    LimitExceeded,
    Locked,
    StatusNotEditable,
    NotArchivable,
    DisabledNotDeletable,
    NameLocked,
    BeingDeleted,
    FrozenFields,
    NotPlannedThere,
    NotThereYet,
    OtherVersionThere,
    NotApprovedThere,
    DeletedNameMayBeHeld,
    ApprovedDeleteLocksName,
    RestNeedsNewTemplate,
    RestBlocked,
    CategoryMoving,
    Recategorised,
    UnsendableRejected,
    UnsendablePaused,
    UnsendableDisabled,
    UnsendableInAppeal,
    UnsendableLimitExceeded,
    CardCount,
    ParameterChanged,
    ParameterMoved,
    ParameterGone,
    ParameterNew,
}

impl ReasonCode {
    pub const ALL: &[ReasonCode] = &[
        ReasonCode::InvalidFile,
        ReasonCode::AppPlaceholder,
        ReasonCode::UnreadableAccountCopy,
        ReasonCode::InReview,
        ReasonCode::InAppeal,
        ReasonCode::Disabled,
        ReasonCode::LimitExceeded,
        ReasonCode::Locked,
        ReasonCode::StatusNotEditable,
        ReasonCode::NotArchivable,
        ReasonCode::DisabledNotDeletable,
        ReasonCode::NameLocked,
        ReasonCode::BeingDeleted,
        ReasonCode::FrozenFields,
        ReasonCode::NotPlannedThere,
        ReasonCode::NotThereYet,
        ReasonCode::OtherVersionThere,
        ReasonCode::NotApprovedThere,
        ReasonCode::DeletedNameMayBeHeld,
        ReasonCode::ApprovedDeleteLocksName,
        ReasonCode::RestNeedsNewTemplate,
        ReasonCode::RestBlocked,
        ReasonCode::CategoryMoving,
        ReasonCode::Recategorised,
        ReasonCode::UnsendableRejected,
        ReasonCode::UnsendablePaused,
        ReasonCode::UnsendableDisabled,
        ReasonCode::UnsendableInAppeal,
        ReasonCode::UnsendableLimitExceeded,
        ReasonCode::CardCount,
        ReasonCode::ParameterChanged,
        ReasonCode::ParameterMoved,
        ReasonCode::ParameterGone,
        ReasonCode::ParameterNew,
    ];

    /// The code as written in `reason_code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::InvalidFile => "invalid_file",
            ReasonCode::AppPlaceholder => "app_placeholder",
            ReasonCode::UnreadableAccountCopy => "unreadable_account_copy",
            ReasonCode::InReview => "in_review",
            ReasonCode::InAppeal => "in_appeal",
            ReasonCode::Disabled => "disabled",
            ReasonCode::LimitExceeded => "limit_exceeded",
            ReasonCode::Locked => "locked",
            ReasonCode::StatusNotEditable => "status_not_editable",
            ReasonCode::NotArchivable => "not_archivable",
            ReasonCode::DisabledNotDeletable => "disabled_not_deletable",
            ReasonCode::NameLocked => "name_locked",
            ReasonCode::BeingDeleted => "being_deleted",
            ReasonCode::FrozenFields => "frozen_fields",
            ReasonCode::NotPlannedThere => "not_planned_there",
            ReasonCode::NotThereYet => "not_there_yet",
            ReasonCode::OtherVersionThere => "other_version_there",
            ReasonCode::NotApprovedThere => "not_approved_there",
            ReasonCode::DeletedNameMayBeHeld => "deleted_name_may_be_held",
            ReasonCode::ApprovedDeleteLocksName => "approved_delete_locks_name",
            ReasonCode::RestNeedsNewTemplate => "rest_needs_new_template",
            ReasonCode::RestBlocked => "rest_blocked",
            ReasonCode::CategoryMoving => "category_moving",
            ReasonCode::Recategorised => "recategorised",
            ReasonCode::UnsendableRejected => "unsendable_rejected",
            ReasonCode::UnsendablePaused => "unsendable_paused",
            ReasonCode::UnsendableDisabled => "unsendable_disabled",
            ReasonCode::UnsendableInAppeal => "unsendable_in_appeal",
            ReasonCode::UnsendableLimitExceeded => "unsendable_limit_exceeded",
            ReasonCode::CardCount => "card_count",
            ReasonCode::ParameterChanged => "parameter_changed",
            ReasonCode::ParameterMoved => "parameter_moved",
            ReasonCode::ParameterGone => "parameter_gone",
            ReasonCode::ParameterNew => "parameter_new",
        }
    }
}

impl BlockReason {
    pub fn code(&self) -> ReasonCode {
        match self {
            BlockReason::InvalidFile { .. } => ReasonCode::InvalidFile,
            BlockReason::AppPlaceholder => ReasonCode::AppPlaceholder,
            BlockReason::UnreadableAccountCopy { .. } => ReasonCode::UnreadableAccountCopy,
            BlockReason::InReview => ReasonCode::InReview,
            BlockReason::InAppeal => ReasonCode::InAppeal,
            BlockReason::Disabled { .. } => ReasonCode::Disabled,
            BlockReason::LimitExceeded => ReasonCode::LimitExceeded,
            BlockReason::Locked => ReasonCode::Locked,
            BlockReason::StatusNotEditable { .. } => ReasonCode::StatusNotEditable,
            BlockReason::NotArchivable { .. } => ReasonCode::NotArchivable,
            BlockReason::DisabledNotDeletable => ReasonCode::DisabledNotDeletable,
            BlockReason::NameLocked { .. } => ReasonCode::NameLocked,
            BlockReason::BeingDeleted { .. } => ReasonCode::BeingDeleted,
        }
    }
}

impl NewTemplateReason {
    pub fn code(&self) -> ReasonCode {
        match self {
            NewTemplateReason::FrozenFields { .. } => ReasonCode::FrozenFields,
        }
    }
}

impl HoldReason {
    pub fn code(&self) -> ReasonCode {
        match self {
            HoldReason::NotPlannedThere { .. } => ReasonCode::NotPlannedThere,
            HoldReason::NotThereYet { .. } => ReasonCode::NotThereYet,
            HoldReason::OtherVersionThere { .. } => ReasonCode::OtherVersionThere,
            HoldReason::NotApprovedThere { .. } => ReasonCode::NotApprovedThere,
        }
    }
}

impl Drift {
    pub fn code(&self) -> ReasonCode {
        match self.cause {
            DriftCause::CategoryMoving => ReasonCode::CategoryMoving,
            DriftCause::Recategorised => ReasonCode::Recategorised,
        }
    }
}

impl super::attention::Attention {
    pub fn code(&self) -> ReasonCode {
        use super::attention::Unsendable;
        match self.cause {
            Unsendable::Rejected => ReasonCode::UnsendableRejected,
            Unsendable::Paused => ReasonCode::UnsendablePaused,
            Unsendable::Disabled => ReasonCode::UnsendableDisabled,
            Unsendable::InAppeal => ReasonCode::UnsendableInAppeal,
            Unsendable::LimitExceeded => ReasonCode::UnsendableLimitExceeded,
        }
    }
}

impl Note {
    pub fn code(&self) -> ReasonCode {
        match self {
            Note::DeletedNameMayBeHeld { .. } => ReasonCode::DeletedNameMayBeHeld,
            Note::ApprovedDeleteLocksName => ReasonCode::ApprovedDeleteLocksName,
            Note::RestNeedsNewTemplate { .. } => ReasonCode::RestNeedsNewTemplate,
            Note::RestBlocked { .. } => ReasonCode::RestBlocked,
        }
    }
}
