//! Plans of several accounts in one run: the files are read once, each account is listed and
//! planned on its own, side by side; and promotion, which holds back what the account promoted
//! from has not approved.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::accounts::{AccountRun, run_on};
use super::connect::{Connection, connect_to};
use super::plan::{PlanRequest, listing, plan_desired, plan_listed, read};
use crate::reconcile::plan_set::{PlanSet, Planned};
use crate::reconcile::{Plan, promote};
use crate::settings::Settings;

/// What to plan, on which accounts.
#[derive(Debug, Clone)]
pub struct AccountsPlanRequest {
    pub plan: PlanRequest,
    /// Accounts planned at the same time.
    pub concurrency: usize,
    /// Change only what this account holds approved, as written (`--promote-from NAME`).
    pub promote_from: Option<String>,
}

/// The plan of the run's account, or of each of its accounts.
pub fn plan_run(settings: &Settings, request: &AccountsPlanRequest) -> anyhow::Result<Planned> {
    let one = !settings.several_accounts && settings.accounts()?.len() == 1;
    if one && request.promote_from.is_none() {
        let plan = super::with_connection(settings, async |connection: &Connection| {
            super::plan::plan(connection, &request.plan).await
        })?;
        return Ok(Planned::One(Box::new(plan)));
    }
    let runs = plan_accounts(settings, request)?;
    if one {
        let run = runs.into_iter().next().expect("one account, one run");
        return run
            .outcome
            .map(|plan| Planned::One(Box::new(plan)))
            .map_err(anyhow::Error::msg);
    }
    Ok(Planned::Accounts(PlanSet::new(
        runs.into_iter().map(|run| (run.label, run.outcome)),
    )))
}

/// A plan per account of the run, in the accounts' order; an account that cannot be listed
/// fails alone. Accounts are planned on two threads: reading a page and comparing an
/// account's templates is CPU work, and with many accounts in flight one thread would make
/// each wait for the others' (a hundred accounts of 600 templates: 0.8 s of CPU).
pub fn plan_accounts(
    settings: &Settings,
    request: &AccountsPlanRequest,
) -> anyhow::Result<Vec<AccountRun<Plan>>> {
    let desired = Arc::new(read(&request.plan.paths)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let from = match &request.promote_from {
            Some(name) => Some(Source::list(settings, name, &request.plan).await?),
            None => None,
        };
        let from = Arc::new(from);
        let plan_request = Arc::new(request.plan.clone());
        let permits = Arc::new(Semaphore::new(request.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        for (index, account) in settings.accounts()?.iter().enumerate() {
            let state = settings.sandbox_state_for(account.name.as_deref());
            let (account, desired) = (account.clone(), desired.clone());
            let environment = settings.environment().clone();
            let (from, plan_request, permits) =
                (from.clone(), plan_request.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let work = async |connection: &Connection| {
                    plan_one(connection, &desired, &plan_request, from.as_ref().as_ref()).await
                };
                (
                    index,
                    run_on(&account, state.as_deref(), &environment, work).await,
                )
            });
        }
        let mut runs = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            runs.push(joined.context("an account's plan stopped unexpectedly")?);
        }
        runs.sort_by_key(|(index, _)| *index);
        Ok(runs.into_iter().map(|(_, run)| run).collect())
    })
}

/// One account's plan, held back by promotion when there is an account to promote from.
pub(super) async fn plan_one(
    connection: &Connection,
    desired: &[crate::reconcile::Desired],
    request: &PlanRequest,
    from: Option<&Source>,
) -> anyhow::Result<Plan> {
    let plan = plan_desired(connection, desired, request).await?;
    Ok(match from {
        Some(from) => {
            let there = plan_listed(desired, &from.listed, request, connection)?;
            let mut plan = promote::hold_unapproved(plan, &from.name, &there);
            if let Some(inputs) = &mut plan.inputs {
                inputs.promote_from = Some(from.name.clone());
            }
            plan
        }
        None => plan,
    })
}

/// The account promoted from, listed once for every account promoted to.
pub(super) struct Source {
    name: String,
    listed: super::plan::Listed,
}

impl Source {
    pub(super) async fn list(
        settings: &Settings,
        name: &str,
        request: &PlanRequest,
    ) -> anyhow::Result<Self> {
        let env = |var: &str| settings.environment().var(var);
        let account = settings.named_account(name, &env)?;
        let state = settings.sandbox_state_for(Some(name));
        let connection: Connection = connect_to(&account, state.as_deref(), &env).await?;
        let listed = listing(&connection, request).await;
        connection.close().await?;
        let listed = listed.map_err(|err| {
            err.context(format!("cannot read `{name}`, the account promoted from"))
        })?;
        Ok(Source {
            name: name.to_owned(),
            listed,
        })
    }
}
