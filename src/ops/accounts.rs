//! Several accounts in one run: each worked on side by side (Meta's rate limits are per
//! account), at most `concurrency` at a time, and one account's failure never stops the others.

use std::path::Path;

use futures_util::stream::{self, StreamExt};

use super::connect::{Connection, connect_to};
use crate::settings::{Environment, SelectedAccount, Settings};

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
    let work = &work;
    // Unordered, so a slow account never holds a free slot back; put in order afterwards.
    let mut runs: Vec<(usize, AccountRun<T>)> = stream::iter(accounts.iter().enumerate())
        .map(|(index, account)| async move {
            let state = settings.sandbox_state_for(account.name.as_deref());
            let environment = settings.environment();
            (
                index,
                run_on(account, state.as_deref(), environment, work).await,
            )
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    runs.sort_by_key(|(index, _)| *index);
    let runs = runs.into_iter().map(|(_, run)| run).collect();
    Ok(runs)
}

/// `work` on one account, over a connection of its own (with `--sandbox`, an in-process
/// sandbox kept in `sandbox_state`) that is closed when the work ends.
pub(super) async fn run_on<T>(
    account: &SelectedAccount,
    sandbox_state: Option<&Path>,
    environment: &Environment,
    work: impl AsyncFnOnce(&Connection) -> anyhow::Result<T>,
) -> AccountRun<T> {
    let outcome = async {
        let settings = account
            .settings
            .as_ref()
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        let env = |name: &str| environment.var(name);
        let connection = connect_to(settings, sandbox_state, &env).await?;
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
}

/// An error and its causes on one line: what happened, then why.
pub(super) fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
