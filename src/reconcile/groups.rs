//! The template groups part of a plan: what would make the account's groups match the ones
//! declared, as typed data (the words are the renderers'). A group is matched by name; its
//! templates are every declared (name, language) its patterns cover that the account receives.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use super::declared_group::DeclaredGroup;
pub use super::group_plan::{
    DescriptionChange, GroupAction, GroupChange, GroupMember, GroupPlan, GroupRef,
};
use super::plan::{Change, Kind};
use super::prune::PruneScope;
use crate::graph::client::RemoteGroup;

/// The groups part of a plan. `changes` are the plan's template changes (every template
/// looked at, with the account's id when it has one); `remote` the account's groups, each
/// with its template ids.
pub fn plan(
    declared: &[DeclaredGroup],
    changes: &[Change],
    remote: &[RemoteGroup],
    prune: &PruneScope,
) -> GroupPlan {
    let by_id: HashMap<&str, &Change> = changes
        .iter()
        .filter_map(|c| c.remote.as_ref().map(|r| (r.id.as_str(), c)))
        .collect();
    let remote_by_name: HashMap<&str, &RemoteGroup> =
        remote.iter().map(|g| (g.name.as_str(), g)).collect();
    let mut out = Vec::new();
    for group in dedup(declared) {
        let wanted = members(group, changes);
        let description = group.description.clone().filter(|d| !d.is_empty());
        let Some(current) = remote_by_name.get(group.name.as_str()) else {
            out.push(GroupChange {
                name: group.name.clone(),
                action: GroupAction::Create {
                    description,
                    templates: wanted,
                },
            });
            continue;
        };
        let have: BTreeSet<&str> = current.template_ids.iter().map(String::as_str).collect();
        let keep: BTreeSet<&str> = wanted.iter().filter_map(|m| m.id.as_deref()).collect();
        let add: Vec<GroupMember> = wanted
            .iter()
            .filter(|m| m.id.as_deref().is_none_or(|id| !have.contains(id)))
            .cloned()
            .collect();
        let mut remove: Vec<GroupMember> = have
            .iter()
            .filter(|id| !keep.contains(*id))
            .map(|id| member_of_id(id, &by_id))
            .collect();
        remove.sort();
        let before = current.description.clone().filter(|d| !d.is_empty());
        let description_change = (before != description).then_some(DescriptionChange {
            before,
            after: description,
        });
        let action = if add.is_empty() && remove.is_empty() && description_change.is_none() {
            GroupAction::InSync {
                id: current.id.clone(),
                templates: have.len(),
            }
        } else {
            GroupAction::Update {
                id: current.id.clone(),
                description: description_change,
                add,
                remove,
                templates: wanted,
            }
        };
        out.push(GroupChange {
            name: group.name.clone(),
            action,
        });
    }
    let declared_names: BTreeSet<&str> = declared.iter().map(|g| g.name.as_str()).collect();
    let mut unmanaged = Vec::new();
    for group in remote
        .iter()
        .filter(|g| !declared_names.contains(g.name.as_str()))
    {
        if prune.contains(&group.name) {
            out.push(GroupChange {
                name: group.name.clone(),
                action: GroupAction::Delete {
                    id: group.id.clone(),
                },
            });
        } else {
            unmanaged.push(GroupRef {
                id: group.id.clone(),
                name: group.name.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    unmanaged.sort_by(|a, b| a.name.cmp(&b.name));
    GroupPlan {
        fingerprint: fingerprint(remote),
        changes: out,
        unmanaged,
    }
}

/// The first declaration of each name (the checks refuse a name declared twice).
fn dedup(declared: &[DeclaredGroup]) -> Vec<&DeclaredGroup> {
    let mut seen = BTreeSet::new();
    declared
        .iter()
        .filter(|g| seen.insert(g.name.as_str()))
        .collect()
}

/// The declared templates `group` covers, sorted by name and language, with the account's id
/// when it holds them. A template prune removes is not declared, so never a member.
fn members(group: &DeclaredGroup, changes: &[Change]) -> Vec<GroupMember> {
    let mut members: Vec<GroupMember> = changes
        .iter()
        .filter(|c| c.source.is_some() && group.covers(&c.name))
        .filter(|c| !matches!(c.kind(), Kind::Delete | Kind::Archive | Kind::Unmanaged))
        .map(|c| GroupMember {
            name: Some(c.name.clone()),
            language: Some(c.language.clone()),
            id: c.remote.as_ref().map(|r| r.id.clone()),
        })
        .collect();
    members.sort();
    members
}

fn member_of_id(id: &str, by_id: &HashMap<&str, &Change>) -> GroupMember {
    let change = by_id.get(id);
    GroupMember {
        name: change.map(|c| c.name.clone()),
        language: change.map(|c| c.language.clone()),
        id: Some(id.to_owned()),
    }
}

/// The name of the first group whose change differs between two plans (a saved one and one
/// made now); `None` when they agree. A plan without groups has none to change.
pub fn first_difference(saved: Option<&GroupPlan>, fresh: Option<&GroupPlan>) -> Option<String> {
    let (saved, fresh) = (changes_of(saved), changes_of(fresh));
    let names: BTreeSet<&str> = saved
        .iter()
        .chain(fresh.iter())
        .map(|c| c.name.as_str())
        .collect();
    names
        .into_iter()
        .find(|name| {
            let find = |list: &[GroupChange]| list.iter().find(|c| c.name == *name).cloned();
            find(saved) != find(fresh)
        })
        .map(str::to_owned)
}

fn changes_of(plan: Option<&GroupPlan>) -> &[GroupChange] {
    plan.map_or(&[], |p| &p.changes)
}

/// `sha256:<hex>` of the groups sorted by id, template ids sorted.
pub fn fingerprint(remote: &[RemoteGroup]) -> String {
    let sorted: BTreeMap<&str, (&str, Option<&str>, BTreeSet<&str>)> = remote
        .iter()
        .map(|g| {
            (
                g.id.as_str(),
                (
                    g.name.as_str(),
                    g.description.as_deref().filter(|d| !d.is_empty()),
                    g.template_ids.iter().map(String::as_str).collect(),
                ),
            )
        })
        .collect();
    let json = serde_json::to_vec(&sorted).expect("plain data");
    let digest = Sha256::digest(&json);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::plan::{Action, RemoteState, Source};

    fn change(name: &str, language: &str, id: Option<&str>, action: Action) -> Change {
        let declared = !matches!(action, Action::Unmanaged);
        Change {
            name: name.to_owned(),
            language: language.to_owned(),
            action,
            remote: id.map(|id| RemoteState {
                id: id.to_owned(),
                status: crate::graph::RemoteStatus::from("APPROVED"),
                category: None,
                rejected_reason: None,
                quality: None,
            }),
            source: declared.then(|| Source {
                file: "templates/a.yaml".into(),
                line: 1,
            }),
            uploads: Vec::new(),
            upsert: None,
            shown: Default::default(),
        }
    }

    fn create_action() -> Action {
        Action::Create {
            request: Box::new(crate::reconcile::test_support::document(
                "docs_utility_reservation_confirmation_named.json",
            )),
            notes: Default::default(),
        }
    }

    fn group(name: &str, patterns: &[&str]) -> DeclaredGroup {
        DeclaredGroup {
            name: name.into(),
            description: Some("Sale".into()),
            patterns: patterns.iter().map(|p| (*p).into()).collect(),
            account: None,
        }
    }

    fn remote(id: &str, name: &str, ids: &[&str]) -> RemoteGroup {
        RemoteGroup {
            id: id.into(),
            name: name.into(),
            description: Some("Sale".into()),
            template_ids: ids.iter().map(|i| (*i).into()).collect(),
        }
    }

    #[test]
    fn creates_updates_in_sync_deletes_and_unmanaged() {
        let changes = vec![
            change("bf_a", "en_US", Some("1"), Action::InSync),
            change("bf_a", "pt_BR", None, create_action()),
            change("bf_b", "en_US", Some("3"), Action::InSync),
            change("other", "en_US", Some("4"), Action::Unmanaged),
        ];
        let declared = [group("BF", &["bf_*"]), group("New", &["bf_b"])];
        let remotes = [
            remote("10", "BF", &["1", "4"]),
            remote("11", "Old", &[]),
            remote("12", "Keep", &[]),
        ];
        let prune = PruneScope::Names(vec!["Old".into()]);
        let plan = plan(&declared, &changes, &remotes, &prune);
        let kinds: Vec<(&str, &GroupAction)> = plan
            .changes
            .iter()
            .map(|c| (c.name.as_str(), &c.action))
            .collect();
        let GroupAction::Update { add, remove, .. } = kinds[0].1 else {
            panic!("{kinds:?}")
        };
        assert_eq!(kinds[0].0, "BF");
        let added: Vec<_> = add
            .iter()
            .map(|m| (m.language.clone(), m.id.clone()))
            .collect();
        assert_eq!(
            added,
            [
                (Some("pt_BR".into()), None),
                (Some("en_US".into()), Some("3".into()))
            ]
        );
        assert_eq!(remove.len(), 1);
        assert_eq!(remove[0].name.as_deref(), Some("other"));
        assert!(
            matches!(kinds[1].1, GroupAction::Create { templates, .. } if templates.len() == 1)
        );
        assert_eq!(kinds[1].0, "New");
        assert!(matches!(kinds[2].1, GroupAction::Delete { id } if id == "11"));
        assert_eq!(
            plan.unmanaged,
            [GroupRef {
                id: "12".into(),
                name: "Keep".into()
            }]
        );
        assert_eq!(plan.writes(), 3);
    }

    #[test]
    fn a_matching_group_is_in_sync() {
        let changes = vec![change("bf_a", "en_US", Some("1"), Action::InSync)];
        let plan = plan(
            &[group("BF", &["bf_a"])],
            &changes,
            &[remote("10", "BF", &["1"])],
            &PruneScope::Off,
        );
        assert!(matches!(
            plan.changes[0].action,
            GroupAction::InSync { templates: 1, .. }
        ));
        assert_eq!(plan.writes(), 0);
    }
}
