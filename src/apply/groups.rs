//! Carrying out the template groups part of a plan, after the templates: deletes first (they
//! free templates for other groups), then updates and creates; a write refused meanwhile is
//! tried once more at the end, when the groups it waited for are written. Every create and
//! update is read back (`GET /{GROUP_ID}`, Meta's page) and compared with what was sent, so a
//! group that does not hold the intended templates is reported, whatever the write answered.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::graph::client::{GraphClient, GroupBody};
use crate::reconcile::groups::{GroupAction, GroupChange, GroupMember, GroupPlan};

/// What became of one group change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    pub name: String,
    /// `create`, `update` or `delete`.
    pub kind: GroupWrite,
    #[serde(flatten)]
    pub result: GroupResult,
    /// Members left out: templates not on the account after the template changes (blocked,
    /// failed, held).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<GroupMember>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupWrite {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum GroupResult {
    /// Written and read back as intended.
    Done { id: String, templates: usize },
    /// Not created: none of its templates is on the account yet.
    Waiting,
    /// Refused or failed.
    Failed { error: String },
    /// Written, but read back holding other templates than sent.
    Mismatch {
        id: String,
        sent: Vec<String>,
        holds: Vec<String>,
    },
}

impl GroupOutcome {
    pub fn failed(&self) -> bool {
        matches!(
            self.result,
            GroupResult::Failed { .. } | GroupResult::Mismatch { .. }
        )
    }
}

/// Carries out `plan`. `ids` are the account's template ids by (name, language), read after
/// the template changes.
pub async fn run(
    client: &GraphClient,
    waba_id: &str,
    plan: &GroupPlan,
    ids: &HashMap<(String, String), String>,
) -> Vec<GroupOutcome> {
    let rank = |c: &GroupChange| match c.action {
        GroupAction::Delete { .. } => 0,
        GroupAction::Update { .. } => 1,
        _ => 2,
    };
    let mut order: Vec<&GroupChange> = plan
        .changes
        .iter()
        .filter(|c| !matches!(c.action, GroupAction::InSync { .. }))
        .collect();
    order.sort_by_key(|c| rank(c));
    let mut outcomes = Vec::with_capacity(order.len());
    let mut retry = Vec::new();
    for change in order {
        let outcome = one(client, waba_id, change, ids).await;
        if matches!(outcome.result, GroupResult::Failed { .. }) {
            retry.push((outcomes.len(), change));
        }
        outcomes.push(outcome);
    }
    for (index, change) in retry {
        outcomes[index] = one(client, waba_id, change, ids).await;
    }
    outcomes
}

async fn one(
    client: &GraphClient,
    waba_id: &str,
    change: &GroupChange,
    ids: &HashMap<(String, String), String>,
) -> GroupOutcome {
    let name = change.name.clone();
    let outcome = |kind, result, skipped| GroupOutcome {
        name: name.clone(),
        kind,
        result,
        skipped,
    };
    match &change.action {
        GroupAction::Delete { id } => {
            let result = match client.delete_group(id, &change.name).await {
                Ok(_) => GroupResult::Done {
                    id: id.clone(),
                    templates: 0,
                },
                Err(err) => GroupResult::Failed {
                    error: err.to_string(),
                },
            };
            outcome(GroupWrite::Delete, result, Vec::new())
        }
        GroupAction::Create {
            description,
            templates,
        } => {
            let (template_ids, skipped) = resolve(templates, ids);
            if template_ids.is_empty() {
                return outcome(GroupWrite::Create, GroupResult::Waiting, skipped);
            }
            let body = GroupBody {
                name: change.name.clone(),
                description: description.clone(),
                template_ids,
            };
            let result = match client.create_group(waba_id, &body).await {
                Ok(created) => verify(client, &created.id, &body.template_ids).await,
                Err(err) => GroupResult::Failed {
                    error: err.to_string(),
                },
            };
            outcome(GroupWrite::Create, result, skipped)
        }
        GroupAction::Update {
            id,
            description,
            templates,
            ..
        } => {
            let (template_ids, skipped) = resolve(templates, ids);
            let body = GroupBody {
                name: change.name.clone(),
                // An emptied description is sent empty, so that it is cleared.
                description: description
                    .as_ref()
                    .map(|d| d.after.clone().unwrap_or_default()),
                template_ids,
            };
            let result = match client.update_group(id, &body).await {
                Ok(_) => verify(client, id, &body.template_ids).await,
                Err(err) => GroupResult::Failed {
                    error: err.to_string(),
                },
            };
            outcome(GroupWrite::Update, result, skipped)
        }
        GroupAction::InSync { .. } => unreachable!("in-sync groups are not written"),
    }
}

/// The ids to send: each member's id on the account now, by (name, language), else the one the
/// plan read; members the account does not hold are left out.
fn resolve(
    members: &[GroupMember],
    ids: &HashMap<(String, String), String>,
) -> (Vec<String>, Vec<GroupMember>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for member in members {
        let now = match (&member.name, &member.language) {
            (Some(name), Some(language)) => ids.get(&(name.clone(), language.clone())).cloned(),
            _ => None,
        };
        match now.or_else(|| member.id.clone().filter(|_| member.name.is_none())) {
            Some(id) => found.push(id),
            None => skipped.push(member.clone()),
        }
    }
    (found, skipped)
}

/// Reads the group back and compares its templates with `sent`.
async fn verify(client: &GraphClient, id: &str, sent: &[String]) -> GroupResult {
    match client.get_group(id).await {
        Ok(group) => {
            let holds: BTreeSet<&String> = group.template_ids.iter().collect();
            let wanted: BTreeSet<&String> = sent.iter().collect();
            if holds == wanted {
                GroupResult::Done {
                    id: id.to_owned(),
                    templates: holds.len(),
                }
            } else {
                GroupResult::Mismatch {
                    id: id.to_owned(),
                    sent: wanted.into_iter().cloned().collect(),
                    holds: holds.into_iter().cloned().collect(),
                }
            }
        }
        Err(err) => GroupResult::Failed {
            error: format!("written, but reading it back failed: {err}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, language: &str, id: Option<&str>) -> GroupMember {
        GroupMember {
            name: Some(name.into()),
            language: Some(language.into()),
            id: id.map(Into::into),
        }
    }

    #[test]
    fn members_take_the_ids_the_account_has_now() {
        let ids = HashMap::from([(("a".into(), "en_US".into()), "7".to_owned())]);
        let members = [
            member("a", "en_US", None),
            member("b", "en_US", Some("3")),
            GroupMember {
                name: None,
                language: None,
                id: Some("9".into()),
            },
        ];
        let (found, skipped) = resolve(&members, &ids);
        assert_eq!(found, ["7", "9"]);
        assert_eq!(skipped, [member("b", "en_US", Some("3"))]);
    }
}
