//! A declared template that matches the files but cannot be sent, as the plan lists it (the
//! decision is in `unsendable.rs`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::graph::RemoteStatus;

/// One declared template that exists on the account but cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attention {
    pub name: String,
    pub language: String,
    /// The account's status: REJECTED, PAUSED, DISABLED, IN_APPEAL, LIMIT_EXCEEDED.
    #[schemars(with = "String")]
    pub status: RemoteStatus,
    /// Why it cannot be sent (with Meta's rejection reason when there is one).
    pub reason: String,
    /// What to do about it.
    pub action: String,
}
