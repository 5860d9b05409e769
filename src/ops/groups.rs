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

/// Group reads at once (`GET /{GROUP_ID}` per declared group found on the account).
const READ_CONCURRENCY: usize = 4;

/// The account's groups when the account declares groups and the listing is whole (a listing
/// narrowed by --name or --language lacks the ids of the other members); `None` otherwise.
/// Runs while the templates are listed.
pub async fn read_declared(
    connection: &Connection,
    whole_listing: bool,
) -> anyhow::Result<Option<Vec<RemoteGroup>>> {
    let account = &connection.settings.template_groups;
    if account.is_empty() || !whole_listing {
        return Ok(None);
    }
    let waba_id = connection.waba_id()?;
    read_groups(connection, waba_id, &account.groups)
        .await
        .map(Some)
}

/// Adds the groups part to `plan`, from the groups read by [`read_declared`]. `declared` are
/// the names of every declared template (before the account's `templates:` narrows them),
/// which the patterns are checked against.
pub fn attach(
    connection: &Connection,
    plan: &mut Plan,
    declared: &[&str],
    prune: &PruneScope,
    read: anyhow::Result<Option<Vec<RemoteGroup>>>,
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
    let Some(remote) = read? else {
        tracing::info!("template groups are not planned for a narrowed listing");
        return Ok(());
    };
    let groups = crate::reconcile::groups::plan(&account.groups, &plan.changes, &remote, prune);
    plan.has_changes |= groups.writes() > 0;
    plan.groups = Some(groups);
    plan.requests = Some(connection.client.requests());
    Ok(())
}

/// The account's groups; the declared ones (by name) with their template ids, read a few at
/// a time.
pub async fn read_groups(
    connection: &Connection,
    waba_id: &str,
    declared: &[crate::groups::declared::DeclaredGroup],
) -> anyhow::Result<Vec<RemoteGroup>> {
    use futures_util::StreamExt;
    let client = &connection.client;
    let groups = client.list_groups(waba_id).await.with_context(|| {
        format!(
            "cannot list the template groups of account {waba_id}; nothing was changed. \
             {LIST_ASSUMED}"
        )
    })?;
    let reads = futures_util::stream::iter(groups.into_iter().map(|group| async move {
        if !declared.iter().any(|d| d.name == group.name) {
            return Ok(group);
        }
        let read = client.get_group(&group.id).await.with_context(|| {
            format!(
                "cannot read template group {} ({}); nothing was changed",
                group.name, group.id
            )
        })?;
        Ok(RemoteGroup {
            template_ids: read.template_ids,
            ..group
        })
    }))
    .buffered(READ_CONCURRENCY)
    .collect::<Vec<anyhow::Result<RemoteGroup>>>()
    .await;
    reads.into_iter().collect()
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

/// What `import` did with the account's template groups.
#[derive(Debug, Default)]
pub struct ImportedGroups {
    /// The groups the files do not declare yet, by template name.
    pub groups: Vec<ImportedGroup>,
    /// Groups the project file declares already (left alone).
    pub already: usize,
    /// The project file the groups were added to; `None` when they are to be added by hand
    /// (no project file, or one with `template_groups` already).
    pub written_to: Option<std::path::PathBuf>,
    /// Why the groups could not be read (the import of templates stands).
    pub unreadable: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedGroup {
    pub name: String,
    pub description: Option<String>,
    /// Template names: a name covers every language of the template.
    pub templates: Vec<String>,
    /// Names of which the group holds only some languages (a name in the file covers all).
    pub partial: Vec<String>,
}

/// Reads the account's groups and adds those the files do not declare to the project file's
/// `template_groups` (when it has none yet), or answers them for the user to add. Reading
/// groups is not what an import is for: a failure is reported, never fatal.
pub async fn import(
    connection: &Connection,
    settings: &crate::settings::Settings,
    remote: &[crate::graph::wire::RemoteTemplate],
) -> anyhow::Result<ImportedGroups> {
    let waba_id = connection.waba_id()?;
    let declared: Vec<String> = settings
        .project
        .as_ref()
        .map(|p| {
            crate::groups::declared::all(p)
                .into_iter()
                .map(|g| g.name)
                .collect()
        })
        .unwrap_or_default();
    let mut out = ImportedGroups::default();
    let groups = match connection.client.list_groups(waba_id).await {
        Ok(groups) => groups,
        Err(err) => {
            out.unreadable = Some(format!("{err}. {LIST_ASSUMED}"));
            return Ok(out);
        }
    };
    let by_id: std::collections::HashMap<&str, &crate::graph::wire::RemoteTemplate> =
        remote.iter().map(|t| (t.id.as_str(), t)).collect();
    for group in groups {
        if declared.contains(&group.name) {
            out.already += 1;
            continue;
        }
        let read = match connection.client.get_group(&group.id).await {
            Ok(read) => read,
            Err(err) => {
                out.unreadable = Some(format!("template group {}: {err}", group.name));
                return Ok(out);
            }
        };
        let mut held: std::collections::BTreeMap<&str, usize> = Default::default();
        for id in &read.template_ids {
            if let Some(t) = by_id.get(id.as_str()) {
                *held.entry(t.name.as_str()).or_default() += 1;
            }
        }
        let partial = held
            .iter()
            .filter(|(name, n)| remote.iter().filter(|t| t.name == **name).count() > **n)
            .map(|(name, _)| (*name).to_owned())
            .collect();
        out.groups.push(ImportedGroup {
            name: group.name,
            description: group.description,
            templates: held.keys().map(|n| (*n).to_owned()).collect(),
            partial,
        });
    }
    if let Some(project) = &settings.project
        && !out.groups.is_empty()
        && project.config.template_groups.is_empty()
        && !project
            .text
            .lines()
            .any(|l| l.starts_with("template_groups:"))
    {
        let mut text = project.text.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&yaml(&out.groups));
        crate::atomic_file::write(&project.file, text).with_context(|| {
            format!(
                "cannot add the template groups to {}",
                project.file.display()
            )
        })?;
        out.written_to = Some(project.resolve_path(&project.file));
    }
    Ok(out)
}

/// The groups as a `template_groups:` block of wabactl.yaml. Strings are written as JSON
/// strings, which YAML reads as double-quoted scalars.
pub fn yaml(groups: &[ImportedGroup]) -> String {
    let quote = |s: &str| serde_json::to_string(s).expect("a string");
    let mut out = String::from("template_groups:\n");
    for group in groups {
        out.push_str(&format!("  {}:\n", quote(&group.name)));
        if let Some(description) = &group.description {
            out.push_str(&format!("    description: {}\n", quote(description)));
        }
        let names: Vec<String> = group.templates.iter().map(|n| quote(n)).collect();
        out.push_str(&format!("    templates: [{}]\n", names.join(", ")));
    }
    out
}
