//! `apply` on several accounts in one run (and promotion): every account is read and planned
//! side by side, all the plans are shown and confirmed once, then carried out side by side too
//! (at most `--account-concurrency` accounts at once, each with its own parallelism: Meta's
//! limits are per account); the report reads per account.
//! An account that cannot be read or planned fails alone; a plan refused by a safety check
//! (prune) stops the whole run before any change.

use std::cell::{Cell, RefCell};
use std::path::Path;

use anyhow::{Context, bail};
use futures_util::stream::{self, StreamExt};

use super::accounts::{AccountRun, one_line};
use super::apply::{
    ApplyRequest, ApplyUi, PlanSource, Prepared, approved_desired, carry_out, check_account,
};
use super::connect::{Connection, connect_to};
use super::plan::read;
use super::plan_accounts::{Source, plan_one};
use super::signals::StopSignals;
use crate::apply::forecast::QuotaForecast;
use crate::apply::{Event, Report};
use crate::reconcile::plan_file;
use crate::reconcile::plan_set::PlanSet;
use crate::reconcile::{Desired, Plan};
use crate::settings::{AccountSettings, Settings};

/// What an apply run did: on its one account, or on each of several.
#[derive(Debug)]
pub enum Applied {
    One(Box<Report>),
    Accounts(Vec<AccountRun<Report>>),
}

/// Applies `request` on the run's account, or on each of its accounts (or of a saved set).
pub fn apply_run(
    settings: &Settings,
    request: &ApplyRequest,
    promote_from: Option<&str>,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Applied> {
    let saved_set = match &request.source {
        PlanSource::Saved { file, .. } => read_set(file)?,
        PlanSource::Files(_) => None,
    };
    let one = !settings.several_accounts && settings.accounts()?.len() == 1;
    if saved_set.is_none() && one && promote_from.is_none() {
        let report = super::with_connection(settings, async |connection: &Connection| {
            super::apply::apply(connection, request, ui).await
        })?;
        return Ok(Applied::One(Box::new(report)));
    }
    super::runtime()?.block_on(async {
        let accounts = match &saved_set {
            Some(set) => saved_accounts(settings, set)?,
            None => chosen_accounts(settings)?,
        };
        let env = |name: &str| settings.environment().var(name);
        let mut connected = Vec::new();
        for (label, account) in accounts {
            let connection = match account {
                Ok(account) => {
                    let state = settings.sandbox_state_for(account.name.as_deref());
                    connect_to(&account, state.as_deref(), &env)
                        .await
                        .map_err(|e| one_line(&e))
                }
                Err(err) => Err(err),
            };
            connected.push((label, connection));
        }
        let outcome = run(settings, request, promote_from, saved_set, &connected, ui).await;
        for (_, connection) in connected {
            if let Ok(connection) = connection {
                connection.close().await?;
            }
        }
        outcome.map(Applied::Accounts)
    })
}

/// The run's accounts, each resolved or with why not.
fn chosen_accounts(
    settings: &Settings,
) -> anyhow::Result<Vec<(String, Result<AccountSettings, String>)>> {
    Ok(settings
        .accounts()?
        .iter()
        .map(|a| {
            let settings = a.settings.clone().map_err(|e| e.to_string());
            (a.label(), settings)
        })
        .collect())
}

/// The accounts a saved set names, resolved from wabactl.yaml by name.
fn saved_accounts(
    settings: &Settings,
    set: &PlanSet,
) -> anyhow::Result<Vec<(String, Result<AccountSettings, String>)>> {
    let env = |name: &str| settings.environment().var(name);
    Ok(set
        .accounts
        .iter()
        .map(|a| {
            let settings = settings
                .named_account(&a.account, &env)
                .map_err(|e| one_line(&e));
            (a.account.clone(), settings)
        })
        .collect())
}

async fn run(
    settings: &Settings,
    request: &ApplyRequest,
    promote_from: Option<&str>,
    saved_set: Option<PlanSet>,
    connected: &[(String, Result<Connection, String>)],
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Vec<AccountRun<Report>>> {
    let prepared = match (&request.source, &saved_set) {
        (PlanSource::Saved { file, files }, Some(set)) => {
            let desired = read(&files.paths)?;
            prepare_saved(connected, set, file, &desired, files).await
        }
        (PlanSource::Files(files), _) => {
            let desired = read(&files.paths)?;
            let from = match promote_from {
                Some(name) => Some(Source::list(settings, name, files).await?),
                None => None,
            };
            prepare_files(settings, connected, &desired, files, from.as_ref()).await
        }
        (PlanSource::Saved { .. }, None) => bail!("not a plan of several accounts"),
    };
    let set = PlanSet::new(connected.iter().zip(&prepared).map(|((label, _), p)| {
        (
            label.clone(),
            p.as_ref().map(|p| p.plan.clone()).map_err(Clone::clone),
        )
    }));
    ui.show_plans(&set)?;
    for ((label, _), prepared) in connected.iter().zip(&prepared) {
        if let Ok(prepared) = prepared {
            prepared
                .check(request)
                .with_context(|| format!("account `{label}`"))?;
        }
    }
    for ((label, _), prepared) in connected.iter().zip(&prepared) {
        if let Some(forecast) = prepared.as_ref().ok().and_then(|p| p.forecast(request)) {
            ui.notice(&format!("account {label}:"));
            ui.quota_forecast(&forecast);
        }
    }
    let executable: usize = prepared.iter().flatten().map(|p| p.executable).sum();
    let saved = saved_set.is_some();
    if executable > 0 && !saved && !request.auto_approve && !ui.confirm()? {
        bail!("apply cancelled: nothing was changed on any account");
    }
    ui.start(executable);
    let shared = RefCell::new(ui);
    // Once a stop signal ended one account's run, accounts not started yet are not started.
    let stopped = Cell::new(false);
    let mut carried: Vec<(usize, Result<Report, String>)> =
        stream::iter(connected.iter().zip(prepared).enumerate())
            .map(|(index, ((label, connection), prepared))| {
                let (shared, stopped) = (&shared, &stopped);
                async move {
                    let outcome = match (connection, prepared) {
                        (_, Err(err)) => Err(err),
                        (Err(err), _) => Err(err.clone()),
                        (Ok(_), Ok(_)) if stopped.get() => {
                            Err("not started: the run was stopped before this account".to_owned())
                        }
                        (Ok(connection), Ok(prepared)) => {
                            let mut signals = StopSignals::listen();
                            let mut ui = AccountUi { shared, label };
                            let outcome =
                                carry_out(connection, prepared, request, &mut signals, &mut ui)
                                    .await
                                    .map_err(|e| one_line(&e));
                            if outcome.as_ref().is_ok_and(|r| r.interrupted) {
                                stopped.set(true);
                            }
                            outcome
                        }
                    };
                    (index, outcome)
                }
            })
            .buffer_unordered(settings.account_concurrency.max(1))
            .collect()
            .await;
    shared.borrow_mut().finish();
    carried.sort_by_key(|(index, _)| *index);
    let runs = connected
        .iter()
        .zip(carried)
        .map(|((label, _), (_, outcome))| AccountRun {
            name: Some(label.clone()),
            label: label.clone(),
            outcome,
        })
        .collect();
    Ok(runs)
}

/// Each account's plan from the files, side by side.
async fn prepare_files(
    settings: &Settings,
    connected: &[(String, Result<Connection, String>)],
    desired: &[Desired],
    files: &super::plan::PlanRequest,
    from: Option<&Source>,
) -> Vec<Result<Prepared, String>> {
    stream::iter(connected)
        .map(|(_, connection)| async move {
            let connection = connection.as_ref().map_err(Clone::clone)?;
            let prepared = async {
                check_account(connection)?;
                let plan = plan_one(connection, desired, files, from).await?;
                Prepared::new(connection, plan, false)
            };
            prepared.await.map_err(|e| one_line(&e))
        })
        .buffered(settings.account_concurrency.max(1))
        .collect()
        .await
}

/// Each account's saved plan, taken as the approval of its plan made now.
async fn prepare_saved(
    connected: &[(String, Result<Connection, String>)],
    set: &PlanSet,
    file: &Path,
    desired: &[Desired],
    files: &super::plan::PlanRequest,
) -> Vec<Result<Prepared, String>> {
    let mut prepared = Vec::new();
    for ((_, connection), entry) in connected.iter().zip(&set.accounts) {
        let outcome = async {
            let connection = connection.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
            let plan: Plan = match (&entry.plan, &entry.error) {
                (Some(plan), _) => plan.clone(),
                (None, error) => bail!(
                    "the saved plans hold none for this account ({})",
                    error.as_deref().unwrap_or("no plan")
                ),
            };
            check_account(connection)?;
            let plan = approved_desired(connection, plan, file, desired, files).await?;
            Prepared::new(connection, plan, true)
        };
        prepared.push(outcome.await.map_err(|e| one_line(&e)));
    }
    prepared
}

/// The plans of several accounts in `file`, when that is what it holds.
fn read_set(file: &Path) -> anyhow::Result<Option<PlanSet>> {
    let text = crate::input_file::read_text(file, crate::input_file::ACCOUNT_FILE_LIMIT)
        .with_context(|| format!("cannot read the plan file {}", file.display()))?;
    if !plan_file::is_set(&text) {
        return Ok(None);
    }
    plan_file::parse_set(&text)
        .with_context(|| format!("cannot use the plan file {}", file.display()))
        .map(Some)
}

/// One account's view of the run's UI while several accounts are carried out side by side:
/// one progress for all (started and finished by the run), notices named after the account.
struct AccountUi<'u, 'a> {
    shared: &'u RefCell<&'a mut dyn ApplyUi>,
    label: &'u str,
}

impl ApplyUi for AccountUi<'_, '_> {
    fn show_plan(&mut self, plan: &Plan) -> anyhow::Result<()> {
        self.shared.borrow_mut().show_plan(plan)
    }

    fn show_plans(&mut self, plans: &PlanSet) -> anyhow::Result<()> {
        self.shared.borrow_mut().show_plans(plans)
    }

    fn quota_forecast(&mut self, forecast: &QuotaForecast) {
        self.shared.borrow_mut().quota_forecast(forecast);
    }

    fn confirm(&mut self) -> anyhow::Result<bool> {
        self.shared.borrow_mut().confirm()
    }

    /// The run started one progress for every account.
    fn start(&mut self, _total: usize) {}

    /// Each account's start is the run's: the progress counts every account's changes.
    fn event(&mut self, event: &Event<'_>) {
        if !matches!(event, Event::Started { .. }) {
            self.shared.borrow_mut().account_event(self.label, event);
        }
    }

    fn notice(&mut self, text: &str) {
        let label = self.label;
        self.shared.borrow_mut().notice(&format!("{label}: {text}"));
    }

    fn review_pending(&mut self, pending: usize, left: std::time::Duration) {
        self.shared.borrow_mut().review_pending(pending, left);
    }

    /// The run finishes the progress once every account is done.
    fn finish(&mut self) {}
}
