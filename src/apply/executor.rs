//! Carries out a plan's creates, updates and deletes: a few at a time, within the creation
//! quota, going on past failures (unless fail-fast), and never creating anything twice.
//!
//! The rules:
//! * Only create, update and delete are carried out; every other kind is reported as skipped
//!   with its reason. Deletes run only with prune on and inside its scope.
//! * A write whose answer was unclear (`GraphError::is_ambiguous`) is followed by a re-read of
//!   the account and the plan's own comparison: if the account holds the change it is done;
//!   if not, the write is tried again (a bounded number of times). A create refused as a
//!   duplicate (a concurrent apply won the race) is done when the account's copy is the one
//!   wanted.
//! * Creates take a slot of the creation quota (`--create-quota` per rolling hour) before they
//!   start. When the slots are spent, or Meta asks for a wait longer than the client waits, no
//!   further change of that kind starts: the rest is reported as not started, with when to run
//!   again, or (`wait_for_quota`) the executor waits and goes on.
//! * An interrupt stops new changes from starting; changes already running get
//!   `interrupt_grace` to finish. One still running after that is reported as failed with an
//!   unknown outcome (the account decides on the next run): the report is never lost.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use super::outcome::{ChangeOutcome, Outcome, QuotaStop, Report, SkipReason};
use super::quota::CreateQuota;
use super::verify::{self, Found};
use crate::graph::error::{ErrorClass, human_duration};
use crate::graph::retry::clock_after;
use crate::graph::{GraphClient, GraphError};
use crate::reconcile::filter::glob_match;
use crate::reconcile::plan::{Action, Change, EditRequest, Kind, Plan};
use crate::template::model::Template;

/// How to carry a plan out.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Changes in flight at once (at least 1).
    pub parallelism: usize,
    /// Creates per rolling `quota_window`; 0 = no limit of our own.
    pub create_quota: u32,
    /// Meta's window for the creation quota: an hour.
    pub quota_window: Duration,
    /// Wait for the quota (or Meta's rate limit) instead of stopping.
    pub wait_for_quota: bool,
    /// Start nothing new after the first failure.
    pub fail_fast: bool,
    /// Name globs deletes may touch; `None`: deletes are off.
    pub prune_scope: Option<Vec<String>>,
    /// Attempts of one write when answers stay unclear, the first included.
    pub write_attempts: u32,
    /// After an interrupt, how long changes already running may take to finish.
    pub interrupt_grace: Duration,
}

/// How long running changes may take to finish after an interrupt (Ctrl-C, SIGTERM, SIGHUP):
/// one write with its retries fits in it, and it stays under the 60 s or so that process
/// supervisors (systemd, Kubernetes, CI runners) wait before killing outright.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(30);

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            parallelism: 4,
            create_quota: 100,
            quota_window: super::quota::WINDOW,
            wait_for_quota: false,
            fail_fast: false,
            prune_scope: None,
            write_attempts: 4,
            interrupt_grace: INTERRUPT_GRACE,
        }
    }
}

/// Progress, for the command line to show.
#[derive(Debug)]
pub enum Event<'a> {
    /// How many changes will be attempted.
    Started { total: usize },
    /// One change is finished (done or failed) or was left out (skipped).
    Finished(&'a ChangeOutcome),
    /// Waiting for the creation quota or Meta's rate limit.
    Waiting { until: String, reason: String },
}

/// Runs plans against one account.
#[derive(Debug, Clone)]
pub struct Executor {
    client: GraphClient,
    waba_id: String,
    options: ApplyOptions,
}

/// One unit of work: a change, or every language of a name being deleted.
#[derive(Debug, Clone)]
enum Work {
    Create {
        index: usize,
        request: Box<Template>,
    },
    Update {
        index: usize,
        id: String,
        request: EditRequest,
    },
    Delete {
        name: String,
        /// (index, hsm_id) per language.
        targets: Vec<(usize, String)>,
    },
}

impl Work {
    fn lane(&self) -> Lane {
        match self {
            Work::Create { .. } => Lane::Create,
            _ => Lane::Other,
        }
    }

    fn indexes(&self) -> Vec<usize> {
        match self {
            Work::Create { index, .. } | Work::Update { index, .. } => vec![*index],
            Work::Delete { targets, .. } => targets.iter().map(|(i, _)| *i).collect(),
        }
    }
}

/// Creates have their own quota; everything else shares Meta's general rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    Create,
    Other,
}

/// How a unit of work ended.
enum End {
    Finished(Vec<(usize, Outcome)>),
    /// Meta asked for a longer wait than the client waits: nothing was done.
    Throttled {
        wait: Duration,
        retry_at: String,
        message: String,
    },
}

/// A lane that may not start work for now.
#[derive(Debug, Clone)]
struct Hold {
    until: Instant,
    retry_at: String,
    message: String,
}

struct Shared {
    client: GraphClient,
    waba_id: String,
    write_attempts: u32,
}

impl Executor {
    pub fn new(client: GraphClient, waba_id: impl Into<String>, options: ApplyOptions) -> Self {
        Self {
            client,
            waba_id: waba_id.into(),
            options,
        }
    }

    /// Carries out the plan's changes and reports every change of the plan, in plan order.
    /// `interrupt` resolving stops new changes from starting (running ones finish).
    pub async fn run(
        &self,
        plan: &Plan,
        interrupt: impl Future<Output = ()>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Report {
        let mut results: Vec<Option<Outcome>> = vec![None; plan.changes.len()];
        let mut queue = self.work(plan, &mut results);
        let total = queue.iter().map(|w| w.indexes().len()).sum();
        on_event(Event::Started { total });
        for (index, result) in results.iter().enumerate() {
            if let Some(outcome) = result {
                on_event(Event::Finished(&outcome_of(&plan.changes[index], outcome)));
            }
        }

        let shared = Arc::new(Shared {
            client: self.client.clone(),
            waba_id: self.waba_id.clone(),
            write_attempts: self.options.write_attempts.max(1),
        });
        let parallelism = self.options.parallelism.max(1);
        let mut quota = CreateQuota::new(self.options.create_quota, self.options.quota_window);
        let mut running: JoinSet<(Work, Option<Instant>, End)> = JoinSet::new();
        // Lanes stopped for the rest of the run (no waiting), and lanes paused until a time.
        let mut stopped: [Option<Hold>; 2] = [None, None];
        let mut paused: [Option<Hold>; 2] = [None, None];
        let mut failed = false;
        let mut interrupted = false;
        let mut grace_ends: Option<Instant> = None;
        let mut grace_ran_out = false;
        let mut quota_stop: Option<Hold> = None;
        tokio::pin!(interrupt);

        let finish = |index: usize,
                      outcome: Outcome,
                      results: &mut Vec<Option<Outcome>>,
                      on_event: &mut dyn FnMut(Event<'_>)| {
            on_event(Event::Finished(&outcome_of(&plan.changes[index], &outcome)));
            results[index] = Some(outcome);
        };

        loop {
            let now = Instant::now();
            let mut wake: Option<Instant> = None;
            let mut i = 0;
            while running.len() < parallelism && i < queue.len() {
                let skip = if interrupted {
                    Some((
                        SkipReason::Interrupted,
                        "interrupted before it started".to_owned(),
                    ))
                } else if failed && self.options.fail_fast {
                    Some((
                        SkipReason::FailFast,
                        "not started: --fail-fast after an earlier failure".to_owned(),
                    ))
                } else {
                    stopped[lane_slot(queue[i].lane())]
                        .as_ref()
                        .map(|hold| (SkipReason::Quota, not_started(hold)))
                };
                if let Some((reason, message)) = skip {
                    let work = queue.remove(i).expect("index checked");
                    for index in work.indexes() {
                        let outcome = Outcome::Skipped {
                            reason,
                            message: message.clone(),
                        };
                        finish(index, outcome, &mut results, &mut on_event);
                    }
                    continue;
                }
                let lane = queue[i].lane();
                if let Some(hold) = &paused[lane_slot(lane)] {
                    if hold.until > now {
                        wake = earliest(wake, hold.until);
                        i += 1;
                        continue;
                    }
                    paused[lane_slot(lane)] = None;
                }
                let slot = if lane == Lane::Create {
                    match quota.try_take(now) {
                        Ok(slot) => Some(slot),
                        Err(free_at) => {
                            let hold = quota_hold(free_at, now, self.options.create_quota);
                            if self.options.wait_for_quota {
                                on_event(Event::Waiting {
                                    until: hold.retry_at.clone(),
                                    reason: hold.message.clone(),
                                });
                                wake = earliest(wake, hold.until);
                                paused[lane_slot(lane)] = Some(hold);
                                i += 1;
                            } else {
                                quota_stop.get_or_insert_with(|| hold.clone());
                                stopped[lane_slot(lane)] = Some(hold);
                            }
                            continue;
                        }
                    }
                } else {
                    None
                };
                let work = queue.remove(i).expect("index checked");
                let shared = shared.clone();
                running.spawn(async move {
                    let end = shared.carry_out(&work).await;
                    (work, slot, end)
                });
            }

            if running.is_empty() {
                if queue.is_empty() {
                    break;
                }
                // Everything left waits for a paused lane.
                let until = wake.unwrap_or_else(|| now + Duration::from_secs(1));
                tokio::select! {
                    () = tokio::time::sleep_until(until) => {}
                    () = &mut interrupt, if !interrupted => interrupted = true,
                }
                continue;
            }

            let joined = tokio::select! {
                joined = running.join_next() => joined,
                () = sleep_until_or_never(wake), if !interrupted => continue,
                () = &mut interrupt, if !interrupted => {
                    interrupted = true;
                    grace_ends = Some(Instant::now() + self.options.interrupt_grace);
                    continue;
                }
                () = sleep_until_or_never(grace_ends) => {
                    // Running changes had their time: report them as unknown, start nothing.
                    grace_ran_out = true;
                    while let Some(work) = queue.pop_front() {
                        for index in work.indexes() {
                            let outcome = Outcome::Skipped {
                                reason: SkipReason::Interrupted,
                                message: "interrupted before it started".to_owned(),
                            };
                            finish(index, outcome, &mut results, &mut on_event);
                        }
                    }
                    running.abort_all();
                    break;
                }
            };
            let Some(joined) = joined else { continue };
            let (work, slot, end) = match joined {
                Ok(done) => done,
                Err(join_error) => {
                    // A panic in a task is a bug; the changes it held are reported as failed.
                    tracing::error!("an apply task ended abnormally: {join_error}");
                    failed = true;
                    continue;
                }
            };
            match end {
                End::Finished(outcomes) => {
                    for (index, outcome) in outcomes {
                        failed |= matches!(outcome, Outcome::Failed { .. });
                        finish(index, outcome, &mut results, &mut on_event);
                    }
                }
                End::Throttled {
                    wait,
                    retry_at,
                    message,
                } => {
                    if let Some(slot) = slot {
                        quota.give_back(slot);
                    }
                    let hold = Hold {
                        until: Instant::now() + wait,
                        retry_at,
                        message,
                    };
                    // Creates have a quota of their own; anything else throttled means Meta's
                    // general limit, which holds creates back too.
                    let lanes: &[Lane] = match work.lane() {
                        Lane::Create => &[Lane::Create],
                        Lane::Other => &[Lane::Create, Lane::Other],
                    };
                    if self.options.wait_for_quota {
                        on_event(Event::Waiting {
                            until: hold.retry_at.clone(),
                            reason: hold.message.clone(),
                        });
                        for lane in lanes {
                            paused[lane_slot(*lane)] = Some(hold.clone());
                        }
                        queue.push_front(work);
                    } else {
                        quota_stop.get_or_insert_with(|| hold.clone());
                        for index in work.indexes() {
                            let outcome = Outcome::Skipped {
                                reason: SkipReason::Quota,
                                message: not_started(&hold),
                            };
                            finish(index, outcome, &mut results, &mut on_event);
                        }
                        for lane in lanes {
                            stopped[lane_slot(*lane)] = Some(hold.clone());
                        }
                    }
                }
            }
        }

        let changes: Vec<ChangeOutcome> = plan
            .changes
            .iter()
            .zip(results)
            .map(|(change, result)| {
                let outcome = result.unwrap_or_else(|| Outcome::Failed {
                    message: if grace_ran_out {
                        format!(
                            "still running {} after the interrupt, so it was abandoned; it may \
                             or may not have taken effect: run `wabactl plan` to see",
                            human_duration(self.options.interrupt_grace)
                        )
                    } else {
                        "the task carrying it out ended abnormally; run `wabactl plan` to see \
                         whether it happened"
                            .into()
                    },
                });
                outcome_of(change, &outcome)
            })
            .collect();
        let created = changes
            .iter()
            .filter(|c| c.change == Kind::Create && c.is_done())
            .count();
        let remaining = changes
            .iter()
            .filter(|c| {
                matches!(
                    c.outcome,
                    Outcome::Skipped {
                        reason: SkipReason::Quota,
                        ..
                    }
                )
            })
            .count();
        let quota = quota_stop.map(|hold| {
            let wait = hold.until.saturating_duration_since(Instant::now());
            QuotaStop {
                created,
                remaining,
                retry_after_seconds: wait.as_secs(),
                retry_at: hold.retry_at,
                message: hold.message,
            }
        });
        Report::new(self.waba_id.clone(), changes, quota, interrupted)
    }

    /// The units of work, in plan order; changes that are not carried out get their outcome.
    fn work(&self, plan: &Plan, results: &mut [Option<Outcome>]) -> VecDeque<Work> {
        let mut queue = VecDeque::new();
        let mut deletes: Vec<(String, Vec<(usize, String)>)> = Vec::new();
        for (index, change) in plan.changes.iter().enumerate() {
            match &change.action {
                Action::Create { request, .. } => queue.push_back(Work::Create {
                    index,
                    request: request.clone(),
                }),
                Action::Update { request, .. } => match &change.remote {
                    Some(remote) => queue.push_back(Work::Update {
                        index,
                        id: remote.id.clone(),
                        request: request.clone(),
                    }),
                    None => {
                        results[index] = Some(Outcome::Failed {
                            message: "the plan names no template id for this update: run \
                                      `wabactl plan --out` again"
                                .into(),
                        });
                    }
                },
                Action::Delete { request } => {
                    if let Some(message) = self.refuse_delete(&request.name) {
                        results[index] = Some(Outcome::Skipped {
                            reason: SkipReason::PruneOff,
                            message,
                        });
                        continue;
                    }
                    match deletes.iter_mut().find(|(name, _)| *name == request.name) {
                        Some((_, targets)) => targets.push((index, request.hsm_id.clone())),
                        None => deletes
                            .push((request.name.clone(), vec![(index, request.hsm_id.clone())])),
                    }
                }
                other => {
                    results[index] = Some(Outcome::Skipped {
                        reason: SkipReason::NotExecutable,
                        message: not_executable(other),
                    });
                }
            }
        }
        queue.extend(
            deletes
                .into_iter()
                .map(|(name, targets)| Work::Delete { name, targets }),
        );
        queue
    }

    /// Why a delete of `name` may not run here, if it may not.
    fn refuse_delete(&self, name: &str) -> Option<String> {
        match &self.options.prune_scope {
            None => Some(
                "prune is off: pass --prune or set `prune.enabled` in wabactl.yaml to delete"
                    .into(),
            ),
            Some(scope) if !scope.iter().any(|glob| glob_match(glob, name)) => Some(format!(
                "outside the prune scope ({}): not deleted",
                scope.join(", ")
            )),
            Some(_) => None,
        }
    }
}

impl Shared {
    /// The read that settles an unclear write. The report depends on it, so when it fails for
    /// a passing reason (throttling, a temporary error, a broken connection, retries used up)
    /// it is asked again, with the client's backoff, up to `write_attempts` times: each time
    /// with the client's own retries, like every other read.
    async fn reread<T, F, Fut>(&self, read: F) -> Result<T, GraphError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, GraphError>>,
    {
        let mut round = 1;
        loop {
            match read().await {
                Ok(value) => return Ok(value),
                Err(err) if round < self.write_attempts && passing(&err) => {
                    let wait = self
                        .client
                        .retry_policy()
                        .backoff(round - 1, fastrand::f64());
                    tracing::info!(
                        round,
                        "re-reading the account after an unclear write failed ({}); again in {}",
                        err.summary(),
                        human_duration(wait)
                    );
                    tokio::time::sleep(wait).await;
                    round += 1;
                }
                Err(err) => return Err(err),
            }
        }
    }

    async fn carry_out(&self, work: &Work) -> End {
        match work {
            Work::Create { index, request } => self.create(*index, request).await,
            Work::Update { index, id, request } => self.update(*index, id, request).await,
            Work::Delete { name, targets } => self.delete(name, targets).await,
        }
    }

    /// `POST /{WABA_ID}/message_templates`; after an unclear answer or a duplicate, the
    /// account decides.
    async fn create(&self, index: usize, request: &Template) -> End {
        let body = match serde_json::to_value(request) {
            Ok(body) => body,
            Err(err) => return failed(index, format!("cannot build the request: {err}")),
        };
        let mut last_unclear: Option<GraphError> = None;
        for attempt in 1..=self.write_attempts {
            let err = match self.client.create_template(&self.waba_id, &body).await {
                Ok(created) => {
                    let note = last_unclear.as_ref().map(|_| {
                        "created on a later attempt, after an unclear answer and a check that \
                         the first attempt had not created it"
                            .to_owned()
                    });
                    return finished(
                        index,
                        Outcome::Done {
                            id: Some(created.id),
                            status: created.status,
                            category: created.category,
                            note,
                        },
                    );
                }
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            let duplicate = err.class() == Some(ErrorClass::Duplicate);
            if !err.is_ambiguous() && !duplicate {
                return failed(index, err.to_string());
            }
            let found = match self
                .reread(|| {
                    self.client
                        .list_templates_named(&self.waba_id, &request.name)
                })
                .await
            {
                Ok(same_name) => verify::check_created(request, &same_name),
                Err(read) => {
                    return failed(
                        index,
                        format!(
                            "{}. Re-reading the account to find out failed too ({}): run \
                             `wabactl apply` again; it reads the account first, so the template \
                             is not created twice",
                            describe(&err),
                            read.summary()
                        ),
                    );
                }
            };
            match found {
                // Refused as a duplicate with no unclear attempt of ours before it: another run
                // created it. After an unclear attempt, that attempt may have, so it counts here.
                Found::Matches(remote) if duplicate && last_unclear.is_none() => {
                    return finished(
                        index,
                        Outcome::AlreadyOnAccount {
                            id: Some(remote.id.clone()),
                            status: remote.status.clone(),
                            category: remote.category.clone(),
                            note: "already on the account, as declared (created by another run)"
                                .into(),
                        },
                    );
                }
                Found::Matches(remote) => {
                    let note = if duplicate {
                        "already on the account, as declared (created by this run's earlier \
                         unclear attempt, or by another run)"
                    } else {
                        "confirmed on the account after an unclear answer"
                    };
                    return finished(index, done_from(&remote, note));
                }
                Found::Differs { what, .. } => {
                    return failed(
                        index,
                        format!(
                            "{}. The account now holds a template with this name and \
                             language that {what} from the files: run `wabactl plan` to see it",
                            describe(&err)
                        ),
                    );
                }
                Found::Absent if duplicate => {
                    return failed(
                        index,
                        format!(
                            "{err}. Yet no live copy is listed: run `wabactl plan` and apply \
                             again"
                        ),
                    );
                }
                Found::Absent => {
                    tracing::info!(
                        template = %request.name,
                        language = %request.language,
                        attempt,
                        "not created by the unclear attempt; creating again"
                    );
                    last_unclear = Some(err);
                }
            }
        }
        let cause = last_unclear.map(|e| e.summary()).unwrap_or_default();
        failed(
            index,
            format!(
                "create {} ({}): {} attempts ended without a clear answer (last: {cause}), and \
                 the account does not hold it: run `wabactl apply` again",
                request.name, request.language, self.write_attempts
            ),
        )
    }

    /// `POST /{TEMPLATE_ID}`; after an unclear answer the template is read back and compared.
    async fn update(&self, index: usize, id: &str, request: &EditRequest) -> End {
        let body = match serde_json::to_value(request) {
            Ok(body) => body,
            Err(err) => return failed(index, format!("cannot build the request: {err}")),
        };
        let mut last_unclear: Option<GraphError> = None;
        for attempt in 1..=self.write_attempts {
            let err = match self.client.edit_template(id, &body).await {
                Ok(_) => {
                    let note = last_unclear
                        .as_ref()
                        .map(|_| "edited on a later attempt, after an unclear answer".to_owned());
                    return finished(
                        index,
                        Outcome::Done {
                            id: Some(id.to_owned()),
                            status: None,
                            category: request.category.clone(),
                            note,
                        },
                    );
                }
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            if !err.is_ambiguous() {
                return failed(index, err.to_string());
            }
            let remote = match self.reread(|| self.client.get_template(id)).await {
                Ok(remote) => remote,
                Err(read) => {
                    return failed(
                        index,
                        format!(
                            "{}. Reading the template back failed too ({}): run `wabactl \
                             plan` to see whether the edit took effect",
                            describe(&err),
                            read.summary()
                        ),
                    );
                }
            };
            match verify::check_edited(request, &remote) {
                Found::Matches(remote) => {
                    return finished(
                        index,
                        done_from(&remote, "confirmed on the account after an unclear answer"),
                    );
                }
                Found::Differs { editable: true, .. } => {
                    tracing::info!(id, attempt, "the unclear edit did not take effect; again");
                    last_unclear = Some(err);
                }
                Found::Differs { what, .. } => {
                    return failed(
                        index,
                        format!(
                            "{}. The template {what} and cannot be edited in its current \
                             state: run `wabactl plan` to see it",
                            describe(&err)
                        ),
                    );
                }
                Found::Absent => {
                    return failed(
                        index,
                        format!(
                            "{}. The template is no longer on the account",
                            describe(&err)
                        ),
                    );
                }
            }
        }
        let cause = last_unclear.map(|e| e.summary()).unwrap_or_default();
        failed(
            index,
            format!(
                "edit template {id}: {} attempts ended without a clear answer (last: {cause}), \
                 and the edit has not taken effect: run `wabactl apply` again",
                self.write_attempts
            ),
        )
    }

    /// Deletes the languages of one name: all at once (by name) only when a fresh read shows
    /// that they are all the name has; otherwise one by one, by `hsm_id`.
    async fn delete(&self, name: &str, targets: &[(usize, String)]) -> End {
        if targets.len() > 1 {
            match self.client.list_templates_named(&self.waba_id, name).await {
                Ok(same_name) => {
                    let live = verify::live(&same_name);
                    let all_ours = !live.is_empty()
                        && live
                            .iter()
                            .all(|r| targets.iter().any(|(_, id)| *id == r.id));
                    if all_ours {
                        return self.delete_by_name(name, targets).await;
                    }
                }
                Err(err) => {
                    if let Some(end) = throttled(&err) {
                        return end;
                    }
                    // One by one is always safe.
                    tracing::debug!(name, "cannot list the name's languages: {err}");
                }
            }
        }
        let mut outcomes = Vec::new();
        for (n, (index, id)) in targets.iter().enumerate() {
            match self.delete_one(*index, name, id).await {
                End::Finished(mut done) => outcomes.append(&mut done),
                throttled @ End::Throttled { .. } if outcomes.is_empty() => return throttled,
                End::Throttled {
                    retry_at, message, ..
                } => {
                    // The rest waits for the next run, like every change the limit holds back.
                    let message = format!("not started: {message}; run again after {retry_at}");
                    outcomes.extend(targets[n..].iter().map(|(index, _)| {
                        (
                            *index,
                            Outcome::Skipped {
                                reason: SkipReason::Quota,
                                message: message.clone(),
                            },
                        )
                    }));
                    break;
                }
            }
        }
        End::Finished(outcomes)
    }

    async fn delete_by_name(&self, name: &str, targets: &[(usize, String)]) -> End {
        let all = |outcome: Outcome| {
            End::Finished(
                targets
                    .iter()
                    .map(|(index, _)| (*index, outcome.clone()))
                    .collect(),
            )
        };
        let mut last_err: Option<GraphError> = None;
        for _ in 1..=self.write_attempts {
            let err = match self
                .client
                .delete_template_by_name(&self.waba_id, name)
                .await
            {
                Ok(_) => return self.deleted_outcomes(targets, None),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            match self
                .reread(|| self.client.list_templates_named(&self.waba_id, name))
                .await
            {
                Ok(same_name) if verify::live(&same_name).is_empty() => {
                    return self.deleted_outcomes(targets, Some("confirmed gone from the account"));
                }
                Ok(_) if err.is_ambiguous() => last_err = Some(err),
                Ok(_) => {
                    return all(Outcome::Failed {
                        message: err.to_string(),
                    });
                }
                Err(read) => {
                    return all(Outcome::Failed {
                        message: format!(
                            "{}. Re-reading the account failed too ({}): run `wabactl plan`",
                            describe(&err),
                            read.summary()
                        ),
                    });
                }
            }
        }
        all(Outcome::Failed {
            message: format!(
                "delete {name}: no clear answer after {} attempts ({}): run `wabactl apply` again",
                self.write_attempts,
                last_err.map(|e| e.summary()).unwrap_or_default()
            ),
        })
    }

    async fn delete_one(&self, index: usize, name: &str, id: &str) -> End {
        let mut last_err: Option<GraphError> = None;
        for _ in 1..=self.write_attempts {
            let err = match self
                .client
                .delete_template_by_id(&self.waba_id, id, name)
                .await
            {
                Ok(_) => return self.deleted_outcomes(&[(index, id.to_owned())], None),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            // Unclear, or refused because it is already gone (a concurrent apply): the
            // account decides.
            match self
                .reread(|| self.client.list_templates_named(&self.waba_id, name))
                .await
            {
                Ok(same_name) if !verify::is_live(id, &same_name) => {
                    return self.deleted_outcomes(
                        &[(index, id.to_owned())],
                        Some("confirmed gone from the account"),
                    );
                }
                Ok(_) if err.is_ambiguous() => last_err = Some(err),
                Ok(_) => return failed(index, err.to_string()),
                Err(read) => {
                    return failed(
                        index,
                        format!(
                            "{}. Re-reading the account failed too ({}): run `wabactl plan`",
                            describe(&err),
                            read.summary()
                        ),
                    );
                }
            }
        }
        failed(
            index,
            format!(
                "delete {name} (id {id}): no clear answer after {} attempts ({}): run `wabactl \
                 apply` again",
                self.write_attempts,
                last_err.map(|e| e.summary()).unwrap_or_default()
            ),
        )
    }

    fn deleted_outcomes(&self, targets: &[(usize, String)], how: Option<&str>) -> End {
        let lock = "if it was approved, Meta keeps its name locked for 30 days";
        let note = match how {
            Some(how) => format!("{how}; {lock}"),
            None => lock.to_owned(),
        };
        End::Finished(
            targets
                .iter()
                .map(|(index, id)| {
                    (
                        *index,
                        Outcome::Done {
                            id: Some(id.clone()),
                            status: None,
                            category: None,
                            note: Some(note.clone()),
                        },
                    )
                })
                .collect(),
        )
    }
}

/// A read failure that may pass: asking again can bring the answer. A wait Meta asks for that
/// is longer than the client waits is not one (the report says when to run again).
fn passing(err: &GraphError) -> bool {
    match err {
        GraphError::GaveUp { .. } | GraphError::Transport { .. } | GraphError::Malformed { .. } => {
            true
        }
        GraphError::Api(api) => matches!(api.class, ErrorClass::Transient | ErrorClass::Throttled),
        _ => false,
    }
}

/// An unclear write in a few words, without the client's generic advice (the executor has
/// already done what it advises: re-read the account).
fn describe(err: &GraphError) -> String {
    match err {
        GraphError::Ambiguous {
            operation, cause, ..
        } => format!("{operation}: no clear answer ({})", cause.summary()),
        other => other.to_string(),
    }
}

fn finished(index: usize, outcome: Outcome) -> End {
    End::Finished(vec![(index, outcome)])
}

fn failed(index: usize, message: String) -> End {
    finished(index, Outcome::Failed { message })
}

fn done_from(remote: &crate::graph::wire::RemoteTemplate, note: &str) -> Outcome {
    Outcome::Done {
        id: Some(remote.id.clone()),
        status: remote.status.clone(),
        category: remote.category.clone(),
        note: Some(note.to_owned()),
    }
}

/// A wait asked for by Meta that is longer than the client waits: not done, come back later.
fn throttled(err: &GraphError) -> Option<End> {
    match err {
        GraphError::ThrottledTooLong { wait, retry_at, .. } => Some(End::Throttled {
            wait: *wait,
            retry_at: retry_at.clone(),
            message: format!(
                "Meta's rate limit or creation quota is spent (access returns in about {})",
                human_duration(*wait)
            ),
        }),
        _ => None,
    }
}

fn quota_hold(free_at: Instant, now: Instant, per_hour: u32) -> Hold {
    let wait = free_at.saturating_duration_since(now);
    Hold {
        until: free_at,
        retry_at: clock_after(wait),
        message: format!(
            "the creation quota of {per_hour} templates per hour (--create-quota) is spent"
        ),
    }
}

fn not_started(hold: &Hold) -> String {
    format!(
        "not started: {}; run again after {}",
        hold.message, hold.retry_at
    )
}

fn not_executable(action: &Action) -> String {
    match action {
        Action::NeedsNewTemplate {
            reason,
            suggested_name,
            ..
        } => format!("needs a new template (suggested name `{suggested_name}`): {reason}"),
        Action::Blocked {
            reason, unblock, ..
        } => format!("blocked: {reason}; unblocks {unblock}"),
        Action::Drift { drift } => format!("drift, not fought: {}", drift.message),
        Action::Unmanaged => "unmanaged: on the account, not in the files; left alone".into(),
        Action::InSync => "in sync".into(),
        Action::Create { .. } | Action::Update { .. } | Action::Delete { .. } => {
            "not carried out".into()
        }
    }
}

fn outcome_of(change: &Change, outcome: &Outcome) -> ChangeOutcome {
    ChangeOutcome {
        name: change.name.clone(),
        language: change.language.clone(),
        change: change.kind(),
        outcome: outcome.clone(),
    }
}

fn lane_slot(lane: Lane) -> usize {
    match lane {
        Lane::Create => 0,
        Lane::Other => 1,
    }
}

fn earliest(current: Option<Instant>, candidate: Instant) -> Option<Instant> {
    Some(current.map_or(candidate, |c| c.min(candidate)))
}

async fn sleep_until_or_never(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
#[path = "executor_tests.rs"]
mod tests;
