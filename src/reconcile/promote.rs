//! Promotion (`--promote-from staging`): an account is changed only for templates that the
//! account promoted from holds approved, with the same content as the files. The others wait,
//! planned as held, so Meta's rejections are met on staging before they reach production.

use std::collections::HashMap;

use super::plan::{Action, Change, Counts, Kind, Plan};
use super::reason::{Explained, HoldReason};
use crate::graph::RemoteStatus;

/// `plan` with each create or update held unless `from_plan` (the same files planned against
/// the account `from`) finds that template in sync there and approved.
pub fn hold_unapproved(mut plan: Plan, from: &str, from_plan: &Plan) -> Plan {
    let there: HashMap<(&str, &str), &Change> = from_plan
        .changes
        .iter()
        .map(|c| ((c.name.as_str(), c.language.as_str()), c))
        .collect();
    for change in &mut plan.changes {
        let wanted = change.kind();
        if !matches!(wanted, Kind::Create | Kind::Update) {
            continue;
        }
        let source = there.get(&(change.name.as_str(), change.language.as_str()));
        if let Some(reason) = why_held(source.copied(), from) {
            change.action = Action::Held {
                wanted,
                why: Explained(reason),
            };
        }
    }
    plan.counts = Counts::of(&plan.changes);
    plan.has_changes = plan.counts.changes() > 0;
    plan
}

/// Why a template may not be promoted yet, if it may not.
fn why_held(there: Option<&Change>, from: &str) -> Option<HoldReason> {
    let from = from.to_owned();
    let Some(there) = there else {
        return Some(HoldReason::NotPlannedThere { from });
    };
    let same = matches!(there.kind(), Kind::InSync | Kind::Drift);
    match there.remote.as_ref().map(|r| &r.status) {
        None => Some(HoldReason::NotThereYet { from }),
        Some(status) if !same => Some(HoldReason::OtherVersionThere {
            from,
            from_status: status.clone(),
        }),
        Some(RemoteStatus::Approved) => None,
        Some(status) => Some(HoldReason::NotApprovedThere {
            from,
            from_status: status.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::wire::RemoteTemplate;
    use crate::reconcile::test_support::{edited, remote_list};
    use crate::reconcile::{Desired, PlanOptions, plan};
    use serde_json::json;

    const LIST: &str = "sdk_java_ptbr_get_list_transactional_prev.json";

    /// Staging holds the files' templates (as listed, statuses edited); production holds none.
    fn plans(statuses: &[(&str, &str)]) -> (Plan, Plan) {
        let remote = remote_list(LIST);
        let desired: Vec<Desired> = remote
            .iter()
            .filter_map(|r| crate::reconcile::convert::to_document(r).ok())
            .map(|c| Desired::from(c.template))
            .collect();
        let staging: Vec<_> = remote
            .iter()
            .map(|r| {
                let mut value = serde_json::to_value(r).unwrap();
                if let Some((_, status)) = statuses.iter().find(|(name, _)| *name == r.name) {
                    value["status"] = json!(status);
                }
                serde_json::from_value(value).unwrap()
            })
            .collect();
        let options = PlanOptions::default();
        (
            plan(&desired, &[], &options),
            plan(&desired, &staging, &options),
        )
    }

    #[test]
    fn only_what_staging_approved_as_written_goes_ahead() {
        let remote = remote_list(LIST);
        let (pending, rejected) = (&remote[0].name, &remote[1].name);
        let (production, staging) = plans(&[(pending, "PENDING"), (rejected, "REJECTED")]);
        let creates = production.counts.create;
        assert!(creates > 2);
        let promoted = hold_unapproved(production, "staging", &staging);
        let held: Vec<(&str, Option<&RemoteStatus>)> = promoted
            .changes
            .iter()
            .filter_map(|c| match &c.action {
                Action::Held { why, .. } => Some((c.name.as_str(), why.from_status())),
                _ => None,
            })
            .collect();
        assert!(
            held.contains(&(pending.as_str(), Some(&RemoteStatus::Pending))),
            "{held:?}"
        );
        assert!(
            held.contains(&(rejected.as_str(), Some(&RemoteStatus::Rejected))),
            "{held:?}"
        );
        assert_eq!(promoted.counts.held, held.len());
        assert_eq!(promoted.counts.create + promoted.counts.held, creates);
    }

    #[test]
    fn a_different_version_on_staging_or_none_at_all_is_held() {
        let remote = remote_list(LIST);
        let desired: Vec<Desired> = remote
            .iter()
            .filter_map(|r| crate::reconcile::convert::to_document(r).ok())
            .map(|c| Desired::from(c.template))
            .collect();
        let approved = |r: &RemoteTemplate| edited(r, |v| v["status"] = json!("APPROVED"));
        let mut staging: Vec<RemoteTemplate> = remote.iter().map(approved).collect();
        let changed = staging[0].name.clone();
        staging[0] = edited(&staging[0], |v| {
            v["components"][0]["text"] = json!("Another version of the text.")
        });
        let missing = staging.pop().unwrap().name;
        let options = PlanOptions::default();
        let production = plan(&desired, &[], &options);
        let promoted = hold_unapproved(production, "staging", &plan(&desired, &staging, &options));
        let reason = |name: &str| {
            promoted.changes.iter().find_map(|c| match &c.action {
                Action::Held { why, .. } if c.name == name => Some(why.0.clone()),
                _ => None,
            })
        };
        assert!(matches!(
            reason(&changed),
            Some(HoldReason::OtherVersionThere { from, .. }) if from == "staging"
        ));
        assert!(matches!(
            reason(&missing),
            Some(HoldReason::NotThereYet { from }) if from == "staging"
        ));
        assert_eq!(promoted.counts.held, 2, "{:?}", promoted.counts);
    }
}
