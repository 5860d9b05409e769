//! Template groups in `plan`: the account's groups read and compared with the declared ones.
//! Only an account with declared groups has its groups read, so a project without groups
//! makes no group call at all.

use anyhow::Context;

use super::connect::Connection;
use crate::graph::client::RemoteGroup;
use crate::reconcile::Plan;
use crate::reconcile::prune::PruneScope;

/// Said when the list call fails: its path is not on Meta's page.
const LIST_ASSUMED: &str = "`GET /{WABA_ID}/template_groups` is not on Meta's Template groups \
    page (assumption `group-list` in docs/meta-api.md); remove `template_groups` from \
    wabactl.yaml to plan without groups";

/// Adds the groups part to `plan` when the account declares groups. `declared` are the names
/// of every declared template (before the account's `templates:` narrows them), which the
/// patterns are checked against.
pub async fn attach(
    connection: &Connection,
    plan: &mut Plan,
    declared: &[&str],
    prune: &PruneScope,
) -> anyhow::Result<()> {
    let account = &connection.settings.template_groups;
    if account.is_empty() {
        return Ok(());
    }
    if let Some(project) = &account.project {
        let findings = crate::groups::findings::check(project, &account.groups, declared);
        if let Some(first) = findings.first() {
            anyhow::bail!(
                "{}: {} ({} error{} in the template groups of {}: fix {} (see `wabactl \
                 validate`) before planning)",
                first.location,
                first.message,
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                project.resolve_path(&project.file).display(),
                if findings.len() == 1 { "it" } else { "them" },
            );
        }
    }
    if plan.listing.is_some() {
        // A listing narrowed by --name or --language lacks the ids of the other members.
        tracing::info!("template groups are not planned for a narrowed listing");
        return Ok(());
    }
    let waba_id = connection.waba_id()?;
    let remote = read_groups(connection, waba_id, &account.groups).await?;
    let groups = crate::reconcile::groups::plan(&account.groups, &plan.changes, &remote, prune);
    plan.has_changes |= groups.writes() > 0;
    plan.groups = Some(groups);
    plan.requests = Some(connection.client.requests());
    Ok(())
}

/// The account's groups; the declared ones (by name) with their template ids.
pub async fn read_groups(
    connection: &Connection,
    waba_id: &str,
    declared: &[crate::groups::declared::DeclaredGroup],
) -> anyhow::Result<Vec<RemoteGroup>> {
    let client = &connection.client;
    let mut groups = client.list_groups(waba_id).await.with_context(|| {
        format!(
            "cannot list the template groups of account {waba_id}; nothing was changed. \
                 {LIST_ASSUMED}"
        )
    })?;
    for group in &mut groups {
        if declared.iter().any(|d| d.name == group.name) {
            let read = client.get_group(&group.id).await.with_context(|| {
                format!(
                    "cannot read template group {} ({}); nothing was changed",
                    group.name, group.id
                )
            })?;
            group.template_ids = read.template_ids;
        }
    }
    Ok(groups)
}

/// Carries out the groups part of a plan, after its templates: the account is listed again
/// (one listing, counted like every call) for the ids of the templates just created.
pub async fn apply(
    connection: &Connection,
    groups: &crate::reconcile::groups::GroupPlan,
) -> anyhow::Result<Vec<crate::apply::groups::GroupOutcome>> {
    let waba_id = connection.waba_id()?;
    let listed = crate::graph::listing::list_account(
        &connection.client,
        waba_id,
        &crate::graph::listing::ListScope::default(),
    )
    .await
    .with_context(|| {
        format!(
            "the templates were applied, but listing account {waba_id} for the ids its \
             template groups need failed; run `wabactl apply` again to write the groups"
        )
    })?;
    let ids = listed
        .into_iter()
        .filter(|t| !crate::reconcile::plan::status_of(t).is_gone())
        .map(|t| ((t.name, t.language), t.id))
        .collect();
    Ok(crate::apply::groups::run(&connection.client, waba_id, groups, &ids).await)
}
