//! The template groups part of a plan, as plain data (see `groups.rs` for how it is made):
//! what happens to each group, tagged by `kind`, in the plan document.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The groups of a plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupPlan {
    /// `sha256:<hex>` of the account's groups as read (ids, names, descriptions, template
    /// ids): a saved plan is refused when it no longer matches.
    pub fingerprint: String,
    /// Each declared group, and each group prune deletes, sorted by name.
    pub changes: Vec<GroupChange>,
    /// Groups on the account that the files do not declare and prune leaves alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmanaged: Vec<GroupRef>,
}

impl GroupPlan {
    /// Changes that write to the account.
    pub fn writes(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| !matches!(c.action, GroupAction::InSync { .. }))
            .count()
    }
}

/// One group and what the plan does about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupChange {
    pub name: String,
    #[serde(flatten)]
    pub action: GroupAction,
}

/// What happens to a group, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GroupAction {
    /// Declared, not on the account: `POST /{WABA_ID}/template_groups`.
    Create {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        templates: Vec<GroupMember>,
    },
    /// On the account, different: `POST /{GROUP_ID}` with the whole template list.
    Update {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<DescriptionChange>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add: Vec<GroupMember>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        remove: Vec<GroupMember>,
        /// The whole list after the change.
        templates: Vec<GroupMember>,
    },
    /// On the account, not declared, in the prune scope (`--prune`): `DELETE /{GROUP_ID}`.
    /// Its templates stay.
    Delete { id: String },
    /// The account matches the files.
    InSync { id: String, templates: usize },
}

/// A template of a group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct GroupMember {
    /// Absent for a template the account listing does not show (outside what the account
    /// receives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The template id; absent for a template this apply creates first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The description before (on the account) and after (in the files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DescriptionChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// A group on the account, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}
