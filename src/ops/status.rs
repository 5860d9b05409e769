//! Status: every template on the account with its review status, and whether the files
//! declare it. Status is for looking, so files that cannot be read do not stop it.

use std::path::PathBuf;

use anyhow::Context;

use super::connect::Connection;
use crate::graph::listing::list_account;
use crate::reconcile::plan::Source;
use crate::reconcile::status::{self, StatusFilter, StatusReport};
use crate::settings::Settings;
use crate::template::model::TemplateKey;
use crate::template::read;

/// The report, and notes about the files for the person reading it.
#[derive(Debug)]
pub struct Status {
    pub report: StatusReport,
    pub notes: Vec<String>,
}

/// Lists the account in the filter's scope and matches it with the declared templates.
pub async fn status(
    connection: &Connection,
    settings: &Settings,
    paths: &[PathBuf],
    filter: &StatusFilter,
) -> anyhow::Result<Status> {
    let mut notes = Vec::new();
    let declared = declared(settings, paths, &mut notes)?;
    status_of(connection, &declared, notes, filter).await
}

/// The status of the connection's account against templates already read: only those the
/// account receives (others are left alone on it, and not shown).
async fn status_of(
    connection: &Connection,
    declared: &[(TemplateKey, Source)],
    notes: Vec<String>,
    filter: &StatusFilter,
) -> anyhow::Result<Status> {
    let waba_id = connection.waba_id()?.to_owned();
    let mut remote = list_account(&connection.client, &waba_id, &filter.selection.list_scope())
        .await
        .with_context(|| format!("cannot list the templates of account {waba_id}"))?;
    let receives = &connection.settings.receives;
    super::plan::received(&mut remote, receives);
    let declared: Vec<(TemplateKey, Source)> = declared
        .iter()
        .filter(|(key, source)| {
            receives.matches(&key.name, &key.language) && receives.matches_file(&source.file)
        })
        .cloned()
        .collect();
    let report = StatusReport {
        format_version: status::FORMAT_VERSION,
        account: Some(waba_id),
        api_version: Some(connection.settings.client.api_version.clone()),
        endpoint: Some(connection.endpoint()),
        requests: Some(connection.client.requests()),
        rows: status::rows(&remote, &declared, filter, crate::utc::now_secs()),
    };
    Ok(Status { report, notes })
}

/// The declared templates and where. Templates in files that cannot be read show as not in
/// files, and a note says so.
pub(super) fn declared(
    settings: &Settings,
    paths: &[PathBuf],
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<(TemplateKey, Source)>> {
    let paths = match settings.template_paths(paths) {
        Ok(paths) => paths,
        Err(_) if paths.is_empty() => {
            notes.push(
                "no template files (no wabactl.yaml, no ./templates): every template shows as \
                 not in files"
                    .to_owned(),
            );
            return Ok(Vec::new());
        }
        Err(err) => return Err(err),
    };
    let set = read::read(&paths);
    let unreadable = set.unreadable_count;
    if unreadable > 0 {
        notes.push(format!(
            "{unreadable} problem{} in the template files (see `wabactl validate`): templates \
             that could not be read show as not in files",
            crate::plural::word(unreadable, "", "s")
        ));
    }
    Ok(set
        .templates
        .into_iter()
        .map(|declared| {
            let mut source = declared.source;
            // Relative to where the user stands when below it, as the paths they typed.
            if let Ok(rest) = std::path::Path::new(&source.file).strip_prefix(&settings.cwd) {
                source.file = rest.display().to_string();
            }
            (declared.template.key(), source)
        })
        .collect())
}

/// The status of each account of the run, side by side; an account that cannot be read fails
/// alone. The files are read once, each account seeing the templates it receives.
pub fn status_accounts(
    settings: &Settings,
    paths: &[PathBuf],
    filter: &StatusFilter,
) -> anyhow::Result<Vec<super::accounts::AccountRun<Status>>> {
    let mut notes = Vec::new();
    let declared = declared(settings, paths, &mut notes)?;
    super::runtime()?.block_on(super::accounts::for_each(
        settings,
        settings.account_concurrency,
        async |connection| status_of(connection, &declared, notes.clone(), filter).await,
    ))
}
