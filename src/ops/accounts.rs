//! Several accounts in one run: each worked on side by side (Meta's rate limits are per
//! account), at most `concurrency` at a time, and one account's failure never stops the others.

use std::path::{Path, PathBuf};

use futures_util::stream::{self, StreamExt};

use super::connect::{Connection, connect_to};
use crate::settings::{SelectedAccount, Settings};

/// Accounts worked on at the same time unless `--account-concurrency` says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// One account's part of a run.
#[derive(Debug)]
pub struct AccountRun<T> {
    /// The account's name in wabactl.yaml, when it has one.
    pub name: Option<String>,
    /// The name, or the WABA id: how reports refer to it.
    pub label: String,
    /// What the run came to, or why it failed (the error and its causes, one line).
    pub outcome: Result<T, String>,
}

impl<T> AccountRun<T> {
    pub fn failed(&self) -> bool {
        self.outcome.is_err()
    }
}

/// Runs `work` on each account of the run, at most `concurrency` at a time, on one thread;
/// the results come back in the accounts' order. Each account gets its own connection (with
/// `--sandbox`, its own in-process sandbox), closed when its work ends.
pub async fn for_each<T>(
    settings: &Settings,
    concurrency: usize,
    work: impl AsyncFn(&Connection) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<AccountRun<T>>> {
    let accounts = settings.accounts()?;
    let many = accounts.len() > 1;
    let env = |name: &str| std::env::var(name).ok();
    let work = &work;
    let env = &env;
    let runs = stream::iter(accounts)
        .map(|account| async move {
            let state = settings
                .sandbox_state
                .as_deref()
                .map(|state| sandbox_state_of(state, account, many));
            let outcome = async {
                let settings = account
                    .settings
                    .as_ref()
                    .map_err(|err| anyhow::anyhow!("{err}"))?;
                let connection = connect_to(settings, state.as_deref(), env).await?;
                let outcome = work(&connection).await;
                connection.close().await?;
                outcome
            }
            .await;
            AccountRun {
                name: account.name.clone(),
                label: account.label(),
                outcome: outcome.map_err(|err| one_line(&err)),
            }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    Ok(runs)
}

/// With several accounts, each in-process sandbox keeps its own state: `STATE` becomes
/// `STATE-NAME` (before the extension), so `.wabactl/sandbox.json` holds `staging` in
/// `.wabactl/sandbox-staging.json`.
pub fn sandbox_state_of(state: &Path, account: &SelectedAccount, many: bool) -> PathBuf {
    if !many {
        return state.to_owned();
    }
    let stem = state
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = format!("{stem}-{}", account.label());
    match state.extension() {
        Some(ext) => state.with_file_name(format!("{name}.{}", ext.to_string_lossy())),
        None => state.with_file_name(name),
    }
}

/// An error and its causes on one line: what happened, then why.
fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
