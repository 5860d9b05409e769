//! Plan: read the files while the account is listed, then compare them. Shared by `plan` and
//! `apply`, which plans before it applies.

use std::path::PathBuf;

use anyhow::Context;

use super::connect::Connection;
use crate::graph::endpoint::Endpoint;
use crate::graph::listing::{ListScope, list_account};
use crate::graph::usage::Requests;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::api_version::{self, Date, VersionWarning};
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::PlanInputs;
use crate::reconcile::{self, Desired, Plan, PlanOptions};
use crate::settings::PruneSettings;
use crate::template::diagnostic::Diagnostic;
use crate::template::read::{Reading, TemplateSet};

/// What to plan: where the files are, which templates to look at, and prune.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub paths: Vec<PathBuf>,
    pub selection: Selection,
    pub prune: PruneSettings,
    /// Templates (globs) whose `file:` media samples are uploaded again even when in sync.
    pub reupload: Vec<String>,
}

impl PlanRequest {
    fn options(&self) -> PlanOptions {
        PlanOptions {
            selection: self.selection.clone(),
            prune: self.prune.scope.clone(),
            prune_threshold: self.prune.threshold,
            prune_mode: self.prune.mode,
            now_secs: crate::utc::now_secs(),
            ..PlanOptions::default()
        }
    }

    /// These paths and flags, as a saved plan records them.
    pub fn inputs(&self) -> PlanInputs {
        let prune_on = self.prune.scope.is_on();
        PlanInputs {
            paths: self.paths.iter().map(|p| p.display().to_string()).collect(),
            names: self.selection.names.clone(),
            languages: self.selection.languages.clone(),
            prune_scope: prune_on.then(|| self.prune.scope.globs().to_vec()),
            prune_mode: prune_on.then_some(self.prune.mode),
            reupload: self.reupload.clone(),
            promote_from: None,
        }
    }
}

/// Lists the account and reads the files at the same time, and plans.
pub async fn plan(connection: &Connection, request: &PlanRequest) -> anyhow::Result<Plan> {
    let started = std::time::Instant::now();
    let today = refuse_ended_version(connection)?;
    // The listing is mostly waiting: the files are read meanwhile, on the same thread, a file
    // at a time between its network events (a second thread would cost a second allocator
    // arena, 8 MB at 6,000 templates, for no gain in wall time).
    let reading = async {
        // The listing goes first: its first request is out before the files are even found.
        tokio::task::yield_now().await;
        let mut reading = Reading::start(&request.paths);
        while reading.next_file() {
            tokio::task::yield_now().await;
        }
        reading.finish()
    };
    let listing = list(connection, request.selection.list_scope());
    // The template groups, when declared, are read meanwhile too.
    let groups =
        super::groups::read_declared(connection, request.selection.list_scope().is_whole());
    let (listed, set, groups) = tokio::join!(biased; listing, reading, groups);
    // Problems in the files come first: they are the user's to fix whatever the account says.
    let desired = desired(set)?;
    let listed = listed?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis(),
        "read and listed"
    );
    let warning = api_version::warning(&listed.api_version, today);
    let names = declared_names(&desired);
    let mut plan = compute(desired, listed, request, connection, warning)?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    super::groups::attach(connection, &mut plan, &names, &request.prune.scope, groups)?;
    Ok(plan)
}

/// The names of the declared templates, for the template groups' patterns.
fn declared_names(desired: &[Desired]) -> Vec<String> {
    desired.iter().map(|d| d.template.name.clone()).collect()
}

/// Reads the declared templates (for plans of several accounts, read once for all).
pub fn read(paths: &[PathBuf]) -> Result<Vec<Desired>, Unreadable> {
    desired(crate::template::read::read(paths))
}

/// Lists the account and plans `desired` against it.
pub async fn plan_desired(
    connection: &Connection,
    desired: &[Desired],
    request: &PlanRequest,
) -> anyhow::Result<Plan> {
    let today = refuse_ended_version(connection)?;
    let scope = request.selection.list_scope();
    let groups = super::groups::read_declared(connection, scope.is_whole());
    let (listed, groups) = tokio::join!(list(connection, scope), groups);
    let listed = listed?;
    let warning = api_version::warning(&listed.api_version, today);
    let mut plan = compute(desired.to_vec(), listed, request, connection, warning)?;
    let names: Vec<&str> = desired.iter().map(|d| d.template.name.as_str()).collect();
    super::groups::attach(connection, &mut plan, &names, &request.prune.scope, groups)?;
    Ok(plan)
}

/// The account as listed now, for planning several sets of files against it (promotion).
pub async fn listing(connection: &Connection, request: &PlanRequest) -> anyhow::Result<Listed> {
    refuse_ended_version(connection)?;
    list(connection, request.selection.list_scope()).await
}

/// Plans `desired` against a listing taken earlier, as seen by `receiver` (the templates it
/// receives).
pub fn plan_listed(
    desired: &[Desired],
    listed: &Listed,
    request: &PlanRequest,
    receiver: &Connection,
) -> anyhow::Result<Plan> {
    compute(desired.to_vec(), listed.clone(), request, receiver, None)
}

/// Stops before any Graph call when Meta no longer serves the configured version; answers
/// today's date (UTC) otherwise.
pub(super) fn refuse_ended_version(connection: &Connection) -> anyhow::Result<Date> {
    let today = api_version::today_utc();
    let version = &connection.settings.client.api_version;
    if let Some(ended) = api_version::ended_error(version, today) {
        anyhow::bail!("{ended}; nothing was read or changed");
    }
    Ok(today)
}

/// The declared templates. Files that cannot be read as templates stop the plan (a template
/// missing from the plan could look like one to delete), and so does a (name, language)
/// declared twice; a template that breaks Meta's rules is planned, but nothing is sent for it
/// (see [`Desired::errors`]).
fn desired(set: TemplateSet) -> Result<Vec<Desired>, Unreadable> {
    if !set.unreadable.is_empty() {
        return Err(Unreadable {
            files: set.files,
            templates: set.templates.len(),
            diagnostics: set.unreadable,
            count: set.unreadable_count,
        });
    }
    Ok(set
        .templates
        .into_iter()
        .map(|declared| Desired {
            template: declared.template,
            source: Some(declared.source),
            errors: declared.errors,
            languages: declared.languages,
        })
        .collect())
}

/// The account as listed, and which account and API version it was read with.
#[derive(Debug, Clone)]
pub struct Listed {
    remote: Vec<RemoteTemplate>,
    waba_id: String,
    api_version: String,
    endpoint: Endpoint,
    requests: Requests,
    scope: ListScope,
}

/// Lists the templates of the connection's account in `scope` (the server filters; see
/// [`crate::graph::listing`]).
async fn list(connection: &Connection, scope: ListScope) -> anyhow::Result<Listed> {
    let waba_id = connection.waba_id()?.to_owned();
    let remote = list_account(&connection.client, &waba_id, &scope)
        .await
        .with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was changed")
        })?;
    Ok(Listed {
        remote,
        waba_id,
        api_version: connection.settings.client.api_version.clone(),
        endpoint: connection.endpoint(),
        requests: connection.client.requests(),
        scope,
    })
}

/// The plan of `desired` against the listed account, both narrowed to what `receiver` receives
/// (templates it does not receive are left alone, and so never deleted by prune).
fn compute(
    mut desired: Vec<Desired>,
    mut listed: Listed,
    request: &PlanRequest,
    receiver: &Connection,
    version_warning: Option<VersionWarning>,
) -> anyhow::Result<Plan> {
    let receives = &receiver.settings.receives;
    if !receives.is_all() {
        desired.retain(|d| {
            receives.matches(&d.template.name, &d.template.language)
                && d.source
                    .as_ref()
                    .is_none_or(|s| receives.matches_file(&s.file))
        });
        received(&mut listed.remote, receives);
    }
    let mut options = request.options();
    let reupload = &request.reupload;
    options.account = Some(listed.waba_id);
    options.api_version = Some(listed.api_version);
    let forced: Vec<_> = desired
        .iter()
        .filter(|d| {
            reupload
                .iter()
                .any(|g| reconcile::filter::glob_match(g, &d.template.name))
        })
        .map(|d| d.template.clone())
        .collect();
    let mut plan = reconcile::plan_owned(desired, &listed.remote, &options);
    reconcile::reupload::force(&mut plan, &forced, reupload);
    plan.api_version_warning = version_warning;
    plan.endpoint = Some(listed.endpoint);
    plan.requests = Some(listed.requests);
    plan.listing = (!listed.scope.is_whole()).then_some(listed.scope);
    plan.inputs = Some(request.inputs());
    crate::media::plan::plan_uploads(&mut plan)?;
    if crate::media::plan::count(&plan) > 0 {
        // Checked before anything is uploaded or sent, so the fix comes first.
        receiver.settings.app_id().context(
            "the plan uploads local media samples (`file:` in `header_handle`), which needs \
             the Meta app they are uploaded through",
        )?;
    }
    // Sealed when written as JSON (see `render::plan::json`).
    Ok(plan)
}

/// Keeps the templates of a listing that the account receives.
pub fn received(remote: &mut Vec<RemoteTemplate>, receives: &crate::config::Receives) {
    remote.retain(|r| receives.matches(&r.name, &r.language));
}

/// Findings in the files that stop a plan; the command shows them before its error.
#[derive(Debug)]
pub struct Unreadable {
    pub files: usize,
    pub templates: usize,
    /// The first of them (see `template::read::FINDINGS_PER_RUN`).
    pub diagnostics: Vec<Diagnostic>,
    /// All of them.
    pub count: usize,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.count;
        write!(
            f,
            "{} in the template files: fix {} (see `wabactl validate`) before planning",
            if n == 1 {
                "1 error".to_owned()
            } else {
                format!("{} errors", crate::input_file::group_digits(n as u64))
            },
            if n == 1 { "it" } else { "them" }
        )
    }
}

impl std::error::Error for Unreadable {}
