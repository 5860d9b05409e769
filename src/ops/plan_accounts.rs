//! Plans of several accounts in one run: the files are read once, each account is listed and
//! planned on its own, side by side; and promotion, which holds back what the account promoted
//! from has not approved.

use super::accounts::{self, AccountRun};
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
/// fails alone.
pub fn plan_accounts(
    settings: &Settings,
    request: &AccountsPlanRequest,
) -> anyhow::Result<Vec<AccountRun<Plan>>> {
    let desired = read(&request.plan.paths)?;
    super::runtime()?.block_on(async {
        let from = match &request.promote_from {
            Some(name) => Some(Source::list(settings, name, &request.plan).await?),
            None => None,
        };
        accounts::for_each(settings, request.concurrency, async |connection| {
            let plan = plan_desired(connection, &desired, &request.plan).await?;
            Ok(match &from {
                Some(from) => {
                    let there = plan_listed(&desired, &from.listed, &request.plan, connection)?;
                    promote::hold_unapproved(plan, &from.name, &there)
                }
                None => plan,
            })
        })
        .await
    })
}

/// The account promoted from, listed once for every account promoted to.
struct Source {
    name: String,
    listed: super::plan::Listed,
}

impl Source {
    async fn list(settings: &Settings, name: &str, request: &PlanRequest) -> anyhow::Result<Self> {
        let env = |var: &str| std::env::var(var).ok();
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
