//! A saved plan (`plan --out FILE`): reading it back, and whether it may still be applied,
//! intact, to the same account, in the same state.

use std::path::Path;

use super::plan::{FORMAT_VERSION, Plan, fingerprint};
use crate::graph::wire::RemoteTemplate;

/// Reads a saved plan, refusing other format versions.
pub fn parse(text: &str) -> Result<Plan, PlanFileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(PlanFileError::Json)?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(FORMAT_VERSION)) {
        return Err(PlanFileError::Version(version));
    }
    serde_json::from_value(value).map_err(PlanFileError::Json)
}

/// Whether a JSON document looks like a saved plan: it has the plan's `format_version` and
/// `fingerprint` keys, which template files cannot have.
pub fn looks_like_plan(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("format_version").is_some() && v.get("fingerprint").is_some())
}

#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("not a plan file: {0}")]
    Json(serde_json::Error),
    #[error(
        "plan format version {} is not supported (this wabactl reads version {}): run `wabactl plan --out` again",
        .0.map_or_else(|| "(none)".to_owned(), |v| v.to_string()),
        FORMAT_VERSION
    )]
    Version(Option<u64>),
}

/// Why a saved plan may not be applied here. Each says that nothing was changed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SavedPlanRefusal {
    #[error(
        "the plan in {file} was changed after `wabactl plan --out` wrote it (its plan_digest does \
         not match its content): refusing to apply an edited plan. Make a new one with `wabactl \
         plan --out` and review that. Nothing was changed"
    )]
    Edited { file: String },
    #[error(
        "the plan in {file} was made for account {planned}, but this is account {here}: refusing \
         to apply it here. Choose the account with --account (or WHATSAPP_BUSINESS_ACCOUNT_ID), \
         or make a plan for this account. Nothing was changed"
    )]
    OtherAccount {
        file: String,
        planned: String,
        here: String,
    },
    #[error(
        "the plan in {file} does not say which account it was made for: run `wabactl plan --out` \
         again. Nothing was changed"
    )]
    NoAccount { file: String },
    #[error(
        "stale plan: the account changed since the plan was made; run `wabactl plan --out` again \
         (and review it). Nothing was changed"
    )]
    Stale,
}

/// A saved plan from `file` may be applied to account `waba_id` only if nobody edited it and
/// it was made for that account.
pub fn check_origin(plan: &Plan, file: &Path, waba_id: &str) -> Result<(), SavedPlanRefusal> {
    let file = file.display().to_string();
    if !plan.is_intact() {
        return Err(SavedPlanRefusal::Edited { file });
    }
    match plan.account.as_deref() {
        Some(account) if account == waba_id => Ok(()),
        Some(account) => Err(SavedPlanRefusal::OtherAccount {
            file,
            planned: account.to_owned(),
            here: waba_id.to_owned(),
        }),
        None => Err(SavedPlanRefusal::NoAccount { file }),
    }
}

/// A saved plan may be applied only to the account state it was made from (`remote`, listed
/// again just now in the plan's listing scope).
pub fn check_fresh(plan: &Plan, remote: &[RemoteTemplate]) -> Result<(), SavedPlanRefusal> {
    if fingerprint(remote) == plan.fingerprint {
        Ok(())
    } else {
        Err(SavedPlanRefusal::Stale)
    }
}
