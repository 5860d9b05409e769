//! Apply: make (or load and re-check) the plan, have it confirmed, carry it out, and wait for
//! review. What a person sees and answers goes through [`ApplyUi`]; the decisions are made in
//! the core (`reconcile::prune`, `reconcile::plan_file`, `apply`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use super::connect::Connection;
use super::plan::{PlanRequest, plan};
use super::signals::StopSignals;
use crate::apply::forecast::{QuotaForecast, forecast};
use crate::apply::wait::{self, WaitOptions};
use crate::apply::{ApplyOptions, Event, Executor, INTERRUPT_GRACE, Pacing, Report, ReviewReport};
use crate::graph::error::human_duration;
use crate::reconcile::Plan;
use crate::reconcile::plan::Kind;
use crate::reconcile::{plan_file, prune};
use crate::settings::PruneSettings;

/// Where the plan comes from.
#[derive(Debug, Clone)]
pub enum PlanSource {
    /// Planned now from the files.
    Files(PlanRequest),
    /// Saved by `plan --out FILE`: the approval of what planning `files` against the account
    /// gives now. Carried out without a prompt, and only when the two agree.
    Saved { file: PathBuf, files: PlanRequest },
}

/// What to apply, and how.
#[derive(Debug, Clone)]
pub struct ApplyRequest {
    pub source: PlanSource,
    /// This run's prune: deletes (of any plan) must fall inside it.
    pub prune: PruneSettings,
    /// Allow deleting past the prune threshold.
    pub force: bool,
    /// Apply without asking.
    pub auto_approve: bool,
    /// Parallelism, the creation quota, waiting for it, failing fast.
    pub pacing: Pacing,
    /// Wait for review of what was created or edited, at most this long.
    pub wait: Option<Duration>,
}

/// What the person running `apply` sees and answers.
pub trait ApplyUi {
    /// The plan, before anything is asked or done.
    fn show_plan(&mut self, plan: &Plan) -> anyhow::Result<()>;
    /// The plans of several accounts, before anything is asked or done.
    fn show_plans(&mut self, plans: &crate::reconcile::plan_set::PlanSet) -> anyhow::Result<()>;
    /// The plan's creates do not all fit in the creation quota (said before the prompt).
    fn quota_forecast(&mut self, forecast: &QuotaForecast);
    /// Whether to go ahead.
    fn confirm(&mut self) -> anyhow::Result<bool>;
    /// `total` changes are about to be carried out.
    fn start(&mut self, total: usize);
    fn event(&mut self, event: &Event<'_>);
    /// An event of one of several accounts carried out side by side.
    fn account_event(&mut self, account: &str, event: &Event<'_>) {
        let _ = account;
        self.event(event);
    }
    /// A line of its own (a signal received, say).
    fn notice(&mut self, text: &str);
    /// Waiting for review: `pending` templates are still undecided, `left` until the timeout.
    fn review_pending(&mut self, pending: usize, left: Duration);
    /// Progress is over (the report follows).
    fn finish(&mut self);
}

/// A saved plan file: `--plan FILE`, or a single PATH that is one.
pub fn is_saved_plan(path: &Path) -> bool {
    path.is_file()
        && path.extension().is_some_and(|e| e == "json")
        && crate::input_file::read_text(path, crate::input_file::ACCOUNT_FILE_LIMIT)
            .is_ok_and(|text| plan_file::looks_like_plan(&text))
}

/// Applies the request on the connection's account and reports what happened.
pub async fn apply(
    connection: &Connection,
    request: &ApplyRequest,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Report> {
    check_account(connection)?;
    let prepared = match &request.source {
        PlanSource::Files(files) => {
            Prepared::new(connection, plan(connection, files).await?, false)?
        }
        PlanSource::Saved { file, files } => {
            let saved = load(file)?;
            Prepared::new(
                connection,
                approved(connection, saved, file, files).await?,
                true,
            )?
        }
    };
    ui.show_plan(&prepared.plan)?;
    prepared.check(request)?;
    if let Some(forecast) = prepared.forecast(request) {
        ui.quota_forecast(&forecast);
    }
    let group_writes = prepared.plan.groups.as_ref().map_or(0, |g| g.writes());
    if prepared.executable + group_writes > 0
        && !prepared.saved
        && !request.auto_approve
        && !ui.confirm()?
    {
        bail!("apply cancelled: nothing was changed");
    }
    let mut signals = StopSignals::listen();
    carry_out(connection, prepared, request, &mut signals, ui).await
}

/// What an account may have changed on it, before anything is: the host the token goes to,
/// and the API version.
pub(super) fn check_account(connection: &Connection) -> anyhow::Result<()> {
    crate::graph::endpoint::check_apply_host(
        &connection.endpoint(),
        connection.settings.allow_custom_api_base,
    )
    .map_err(anyhow::Error::msg)?;
    super::plan::refuse_ended_version(connection)?;
    Ok(())
}

/// A plan about to be carried out on one account.
pub(super) struct Prepared {
    pub plan: Plan,
    /// Read from a saved file (applied without a prompt).
    pub saved: bool,
    /// The Meta app the plan's media samples are uploaded through, when it has any.
    app_id: Option<String>,
    /// Creates, updates, deletes, archives and unarchives.
    pub executable: usize,
}

impl Prepared {
    pub(super) fn new(connection: &Connection, plan: Plan, saved: bool) -> anyhow::Result<Self> {
        let app_id = (crate::media::plan::count(&plan) > 0)
            .then(|| connection.settings.app_id())
            .transpose()
            .context(
                "the plan uploads local media samples, which needs the Meta app they go through",
            )?
            .map(str::to_owned);
        let executable = plan
            .changes
            .iter()
            .filter(|c| {
                matches!(
                    c.kind(),
                    Kind::Create | Kind::Update | Kind::Delete | Kind::Archive | Kind::Unarchive
                )
            })
            .count();
        Ok(Prepared {
            plan,
            saved,
            app_id,
            executable,
        })
    }

    /// The plan's deletes and archives under this run's prune.
    pub(super) fn check(&self, request: &ApplyRequest) -> anyhow::Result<()> {
        prune::check_deletes(
            &self.plan,
            &request.prune.scope,
            request.prune.percent,
            request.force,
        )?;
        Ok(())
    }

    /// When the plan's creates do not all fit in the creation quota.
    pub(super) fn forecast(&self, request: &ApplyRequest) -> Option<QuotaForecast> {
        let creates = self
            .plan
            .changes
            .iter()
            .filter(|c| c.kind() == Kind::Create)
            .count();
        forecast(
            creates,
            request.pacing.create_quota,
            request.pacing.wait_for_quota,
            std::time::SystemTime::now(),
        )
    }
}

/// Uploads, carries the plan out, and waits for review when asked.
pub(super) async fn carry_out(
    connection: &Connection,
    prepared: Prepared,
    request: &ApplyRequest,
    signals: &mut StopSignals,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Report> {
    let Prepared {
        mut plan,
        app_id,
        executable,
        ..
    } = prepared;
    if let Some(app_id) = app_id {
        upload_media(connection, &app_id, &mut plan, ui).await?;
    }
    let mut report = execute(connection, &plan, request, executable, signals, ui).await?;
    if let Some(groups) = plan.groups.as_ref().filter(|g| g.writes() > 0)
        && !report.interrupted
    {
        report.groups = super::groups::apply(connection, groups).await?;
        report.complete &= !report.groups.iter().any(|g| g.failed());
    }
    if let Some(timeout) = request.wait
        && !report.interrupted
        && report.counts.created + report.counts.updated > 0
    {
        let review = wait_for_review(connection, &plan, &report, timeout, signals, ui).await?;
        report.interrupted |= review.is_none();
        report.review = review;
    }
    report.requests = Some(connection.client.requests());
    report.api_version = Some(connection.settings.client.api_version.clone());
    report.endpoint = Some(connection.endpoint());
    Ok(report)
}

/// Uploads the plan's local media samples and puts their handles in the bodies it sends. An
/// upload that fails stops the run before any template is written.
async fn upload_media(
    connection: &Connection,
    app_id: &str,
    plan: &mut Plan,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<()> {
    let handles = crate::media::upload::upload_all(&connection.client, app_id, plan, |upload| {
        ui.notice(&format!(
            "↑ uploaded {} ({} bytes, {})",
            upload.file,
            crate::input_file::group_digits(upload.size),
            upload.media_type
        ));
    })
    .await
    .context("uploading the media samples failed, so no template was changed")?;
    crate::media::swap::swap_handles(plan, &handles);
    Ok(())
}

/// Reads a saved plan.
fn load(file: &Path) -> anyhow::Result<Plan> {
    let text = crate::input_file::read_text(file, crate::input_file::ACCOUNT_FILE_LIMIT)
        .with_context(|| {
            format!(
                "cannot read the plan file {}; nothing was changed",
                file.display()
            )
        })?;
    plan_file::parse(&text).with_context(|| {
        format!(
            "cannot use the plan file {}; nothing was changed",
            file.display()
        )
    })
}

/// A saved plan (read from `file`) taken as the approval of a plan made now from `files`
/// against the account: intact, made for this account, the account unchanged since, and the
/// same writes with the same request bodies. Answers the plan made now: what is carried out
/// comes from the files checked out here, never from the plan file.
pub(super) async fn approved(
    connection: &Connection,
    saved: Plan,
    file: &Path,
    files: &PlanRequest,
) -> anyhow::Result<Plan> {
    plan_file::check_origin(&saved, file, connection.waba_id()?)?;
    let now = plan(connection, files).await?;
    plan_file::check_approves(&saved, &now, file)?;
    Ok(now)
}

/// [`approved`], for files already read (several accounts read them once).
pub(super) async fn approved_desired(
    connection: &Connection,
    saved: Plan,
    file: &Path,
    desired: &[crate::reconcile::Desired],
    files: &PlanRequest,
) -> anyhow::Result<Plan> {
    plan_file::check_origin(&saved, file, connection.waba_id()?)?;
    let now = super::plan::plan_desired(connection, desired, files).await?;
    plan_file::check_approves(&saved, &now, file)?;
    Ok(now)
}

pub(super) async fn execute(
    connection: &Connection,
    plan: &Plan,
    request: &ApplyRequest,
    executable: usize,
    signals: &mut StopSignals,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Report> {
    let options = ApplyOptions::new(request.pacing.clone(), request.prune.scope.clone());
    let waba_id = connection.waba_id()?.to_owned();
    let executor = Executor::new(connection.client.clone(), waba_id, options);
    ui.start(executable);
    // The interrupt and the progress both speak through the UI, one at a time.
    let ui = std::cell::RefCell::new(ui);
    let interrupt = async {
        let name = signals.next().await;
        ui.borrow_mut().notice(&format!(
            "{name} received: no new change starts; changes already running get up to {} to \
             finish, then the report follows",
            human_duration(INTERRUPT_GRACE)
        ));
    };
    let report = executor
        .run(plan, interrupt, |event| ui.borrow_mut().event(&event))
        .await;
    ui.borrow_mut().finish();
    Ok(report)
}

/// Waits until review has decided what was created or edited; `None` when a stop signal ended
/// the wait (the report of what was applied follows).
async fn wait_for_review(
    connection: &Connection,
    plan: &Plan,
    report: &Report,
    timeout: Duration,
    signals: &mut StopSignals,
    ui: &mut dyn ApplyUi,
) -> anyhow::Result<Option<ReviewReport>> {
    let watched = wait::watched(plan, report);
    let waba_id = connection.waba_id()?;
    let ui = std::cell::RefCell::new(ui);
    let deadline = std::time::Instant::now() + timeout;
    let review = wait::wait_for_review(
        &connection.client,
        waba_id,
        &watched,
        WaitOptions {
            timeout,
            ..WaitOptions::default()
        },
        |pending| {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            ui.borrow_mut().review_pending(pending, left);
        },
    );
    let review = tokio::select! {
        review = review => Some(review),
        name = signals.next() => {
            ui.borrow_mut().notice(&format!("{name} received: stopped waiting for review"));
            None
        }
    };
    ui.borrow_mut().finish();
    Ok(review)
}
