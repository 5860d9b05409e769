//! A declared template that matches the files but cannot be sent, as the plan lists it (the
//! decision is in `unsendable.rs`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::graph::RemoteStatus;

/// One declared template that exists on the account but cannot be sent. The plan JSON writes
/// why (`reason`) and what to do (`action`) in words beside the `reason_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attention {
    pub name: String,
    pub language: String,
    /// The account's status: REJECTED, PAUSED, DISABLED, IN_APPEAL, LIMIT_EXCEEDED.
    #[schemars(with = "String")]
    pub status: RemoteStatus,
    /// Meta's rejection reason, when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    #[serde(rename = "reason_code")]
    pub cause: Unsendable,
}

/// Why a template cannot be sent (its `reason_code`: `unsendable_rejected`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Unsendable {
    #[serde(rename = "unsendable_rejected")]
    Rejected,
    #[serde(rename = "unsendable_paused")]
    Paused,
    #[serde(rename = "unsendable_disabled")]
    Disabled,
    #[serde(rename = "unsendable_in_appeal")]
    InAppeal,
    #[serde(rename = "unsendable_limit_exceeded")]
    LimitExceeded,
}
