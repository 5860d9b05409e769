//! A saved plan (`plan --out FILE`): reading it back, and whether it may still be applied,
//! intact, to the same account, in the same state.

use std::path::Path;

use super::digest::fingerprint;
use super::plan::{FORMAT_VERSION, Plan};
use super::plan_set::{PlanSet, SET_FORMAT_VERSION, SET_KIND};
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

/// Reads saved plans of several accounts, refusing other format versions.
pub fn parse_set(text: &str) -> Result<PlanSet, PlanFileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(PlanFileError::Json)?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(SET_FORMAT_VERSION)) {
        return Err(PlanFileError::Version(version));
    }
    let set: PlanSet = serde_json::from_value(value).map_err(PlanFileError::Json)?;
    for plan in set.plans() {
        if plan.format_version != FORMAT_VERSION {
            return Err(PlanFileError::Version(Some(u64::from(plan.format_version))));
        }
    }
    Ok(set)
}

/// Whether a JSON document holds the plans of several accounts (`"kind": "accounts"`).
pub fn is_set(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("kind").and_then(serde_json::Value::as_str) == Some(SET_KIND))
}

/// Whether a JSON document looks like a saved plan: one account's (the plan's `format_version`
/// and `fingerprint` keys, which template files cannot have), or several accounts'.
pub fn looks_like_plan(text: &str) -> bool {
    is_set(text)
        || serde_json::from_str::<serde_json::Value>(text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::test_support::remote_list;
    use crate::reconcile::{PlanOptions, plan};

    const LIST: &str = "sdk_java_ptbr_get_list_transactional_prev.json";

    fn saved(account: Option<&str>) -> (Plan, Vec<RemoteTemplate>) {
        let remote = remote_list(LIST);
        let options = PlanOptions {
            account: account.map(str::to_owned),
            ..PlanOptions::default()
        };
        (plan(&[], &remote, &options).sealed(), remote)
    }

    #[test]
    fn a_plan_applies_only_to_its_own_account_and_unedited() {
        let file = Path::new("plan.json");
        let (plan, _) = saved(Some("111"));
        assert_eq!(check_origin(&plan, file, "111"), Ok(()));
        assert!(matches!(
            check_origin(&plan, file, "222"),
            Err(SavedPlanRefusal::OtherAccount { planned, here, .. }) if planned == "111" && here == "222"
        ));
        let (anonymous, _) = saved(None);
        assert!(matches!(
            check_origin(&anonymous, file, "111"),
            Err(SavedPlanRefusal::NoAccount { .. })
        ));
        let mut edited = plan.clone();
        edited.has_changes = !edited.has_changes;
        assert!(matches!(
            check_origin(&edited, file, "111"),
            Err(SavedPlanRefusal::Edited { .. })
        ));
    }

    #[test]
    fn a_plan_is_stale_once_the_account_changed() {
        let (plan, mut remote) = saved(Some("111"));
        assert_eq!(check_fresh(&plan, &remote), Ok(()));
        remote.pop();
        assert_eq!(check_fresh(&plan, &remote), Err(SavedPlanRefusal::Stale));
    }

    #[test]
    fn a_saved_plan_reads_back_and_other_versions_are_refused() {
        let (plan, _) = saved(Some("111"));
        let text = serde_json::to_string(&plan).unwrap();
        assert!(looks_like_plan(&text));
        assert_eq!(parse(&text).unwrap(), plan);
        let future = text.replace("\"format_version\":1", "\"format_version\":99");
        assert!(matches!(
            parse(&future),
            Err(PlanFileError::Version(Some(99)))
        ));
        assert!(!looks_like_plan("{\"name\": \"welcome\"}"));
    }
}
