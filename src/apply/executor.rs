//! Carries out a plan's creates, updates and deletes: a few at a time, within the creation
//! quota, going on past failures (unless fail-fast), and never creating anything twice.
//!
//! This file is the async driver only: it turns the plan into units of work (`work`), asks
//! the scheduling state machine (`schedule`) what to start and what to leave out, runs the
//! writes (`write`, `delete`) as tasks, sleeps until the machine's next time, and tells the
//! caller about progress. Every change of the plan ends up in the report, also after an
//! interrupt: one still running when the grace ends is reported as failed with an unknown
//! outcome (the account decides on the next run).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::task::{Id, JoinError, JoinSet};

use super::outcome::{ChangeOutcome, Outcome, QuotaStop, Report, SkipReason};
use super::schedule::{Decision, Hold, Now, Pacing, Schedule};
use super::work::{self, Work};
use super::write::{End, Writer};
use crate::graph::GraphClient;
use crate::reconcile::plan::{Change, Kind, Plan};
use crate::reconcile::prune::PruneScope;

/// How to carry a plan out.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Parallelism, the creation quota, waiting, failing fast, the interrupt grace.
    pub pacing: Pacing,
    /// Name globs deletes may touch; `None`: deletes are off.
    pub prune_scope: PruneScope,
    /// Attempts of one write when answers stay unclear, the first included.
    pub write_attempts: u32,
}

/// Attempts of one write when answers stay unclear, the first included.
const WRITE_ATTEMPTS: u32 = 4;

impl ApplyOptions {
    /// The options of an apply paced by `pacing`, deleting only in `prune_scope`.
    pub fn new(pacing: Pacing, prune_scope: PruneScope) -> Self {
        ApplyOptions {
            pacing,
            prune_scope,
            write_attempts: WRITE_ATTEMPTS,
        }
    }
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions::new(Pacing::default(), PruneScope::default())
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
        let (units, settled) = work::units(plan, &self.options.prune_scope);
        let total = units.iter().map(|w| w.indexes().len()).sum();
        on_event(Event::Started { total });
        let schedule = Schedule::new(units.iter().map(Work::lane).collect(), self.rules());
        let writer = Writer {
            client: self.client.clone(),
            waba_id: self.waba_id.clone(),
            write_attempts: self.options.write_attempts.max(1),
        };
        let mut driver = Driver {
            plan,
            units,
            results: vec![None; plan.changes.len()],
            on_event: &mut on_event,
            schedule,
            writer: Arc::new(writer),
            tasks: JoinSet::new(),
            jobs: HashMap::new(),
        };
        for (index, outcome) in settled {
            driver.finish(index, outcome);
        }
        driver.drive(interrupt).await;
        let quota_stop = driver.schedule.quota_stop().cloned();
        let interrupted = driver.schedule.interrupted();
        self.report(plan, driver.results, quota_stop, interrupted)
    }

    fn rules(&self) -> Pacing {
        Pacing {
            parallelism: self.options.pacing.parallelism.max(1),
            ..self.options.pacing.clone()
        }
    }

    /// The report of every change, in plan order.
    fn report(
        &self,
        plan: &Plan,
        results: Vec<Option<Outcome>>,
        quota_stop: Option<Hold>,
        interrupted: bool,
    ) -> Report {
        let changes: Vec<ChangeOutcome> = plan
            .changes
            .iter()
            .zip(results)
            .map(|(change, result)| {
                let outcome = result.unwrap_or_else(|| Outcome::Failed {
                    message: "the task carrying it out ended abnormally; run `wabactl plan` to \
                              see whether it happened"
                        .into(),
                });
                outcome_of(change, &outcome)
            })
            .collect();
        let quota = quota_stop.map(|hold| quota_report(&changes, hold));
        Report::new(self.waba_id.clone(), changes, quota, interrupted)
    }
}

/// Where the quota stopped the run, with what was created and what is left for later.
fn quota_report(changes: &[ChangeOutcome], hold: Hold) -> QuotaStop {
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
    QuotaStop {
        created,
        remaining,
        retry_after_seconds: hold
            .until
            .saturating_duration_since(Instant::now())
            .as_secs(),
        retry_at: hold.retry_at,
        message: hold.message,
    }
}

/// One run in progress: the schedule, the tasks carrying units out, and the results so far.
struct Driver<'a, F: FnMut(Event<'_>)> {
    plan: &'a Plan,
    units: Vec<Work>,
    results: Vec<Option<Outcome>>,
    on_event: &'a mut F,
    schedule: Schedule,
    writer: Arc<Writer>,
    tasks: JoinSet<(usize, End)>,
    /// The unit each task carries out, to settle it when its task ends abnormally.
    jobs: HashMap<Id, usize>,
}

impl<F: FnMut(Event<'_>)> Driver<'_, F> {
    /// Runs until every unit has ended, been left out, or been abandoned after an interrupt.
    async fn drive(&mut self, interrupt: impl Future<Output = ()>) {
        tokio::pin!(interrupt);
        loop {
            let step = self.schedule.next(now());
            self.apply(step.decisions);
            if self.schedule.running() == 0 {
                if self.schedule.is_over() {
                    return;
                }
                // Everything left waits for a paused lane.
                let until = step
                    .wake
                    .unwrap_or_else(|| Instant::now() + Duration::from_secs(1));
                tokio::select! {
                    () = sleep_until(until) => {}
                    () = &mut interrupt, if !self.schedule.interrupted() => {
                        self.schedule.interrupt(now());
                    }
                }
                continue;
            }
            let interrupted = self.schedule.interrupted();
            tokio::select! {
                joined = self.tasks.join_next_with_id() => {
                    if let Some(joined) = joined {
                        self.joined(joined);
                    }
                }
                () = sleep_until_or_never(step.wake), if !interrupted => {}
                () = &mut interrupt, if !interrupted => self.schedule.interrupt(now()),
                () = sleep_until_or_never(self.schedule.grace_ends()) => {
                    // Running units had their time: report them as unknown, start nothing.
                    let decisions = self.schedule.grace_over();
                    self.apply(decisions);
                    self.tasks.abort_all();
                    return;
                }
            }
        }
    }

    fn apply(&mut self, decisions: Vec<Decision>) {
        for decision in decisions {
            match decision {
                Decision::Start { job } => self.start(job),
                Decision::Settle { job, outcome } => {
                    for index in self.units[job].indexes() {
                        self.finish(index, outcome.clone());
                    }
                }
                Decision::Abandon { job, outcome } => {
                    for index in self.units[job].indexes() {
                        self.results[index] = Some(outcome.clone());
                    }
                }
                Decision::Wait { until, reason } => {
                    (self.on_event)(Event::Waiting { until, reason });
                }
            }
        }
    }

    /// Runs a unit as a task of its own.
    fn start(&mut self, job: usize) {
        let work = self.units[job].clone();
        let writer = self.writer.clone();
        let task = self.tasks.spawn(async move {
            let end = match &work {
                Work::Create { index, request } => writer.create(*index, request).await,
                Work::Update { index, id, request } => writer.update(*index, id, request).await,
                Work::Delete { name, targets } => writer.delete(name, targets).await,
                Work::Upsert {
                    request, targets, ..
                } => writer.upsert(request, targets).await,
                Work::Archive { targets } => writer.archive(targets).await,
                Work::Unarchive { index, id, edit } => {
                    writer.unarchive(*index, id, edit.as_ref()).await
                }
            };
            (job, end)
        });
        self.jobs.insert(task.id(), job);
    }

    /// A task came back: its unit ended, was throttled, or the task ended abnormally.
    fn joined(&mut self, joined: Result<(Id, (usize, End)), JoinError>) {
        match joined {
            Ok((task, (job, End::Finished(outcomes)))) => {
                self.jobs.remove(&task);
                let failed = outcomes
                    .iter()
                    .any(|(_, outcome)| matches!(outcome, Outcome::Failed { .. }));
                self.schedule.finished(job, failed);
                for (index, outcome) in outcomes {
                    self.finish(index, outcome);
                }
            }
            Ok((
                task,
                (
                    job,
                    End::Throttled {
                        wait,
                        retry_at,
                        message,
                    },
                ),
            )) => {
                self.jobs.remove(&task);
                let decisions = self.schedule.throttled(job, now(), wait, retry_at, message);
                self.apply(decisions);
            }
            Err(join_error) => {
                // A panic in a task is a bug; the changes it held are reported as failed.
                tracing::error!("an apply task ended abnormally: {join_error}");
                if let Some(job) = self.jobs.remove(&join_error.id()) {
                    self.schedule.finished(job, true);
                }
            }
        }
    }

    fn finish(&mut self, index: usize, outcome: Outcome) {
        (self.on_event)(Event::Finished(&outcome_of(
            &self.plan.changes[index],
            &outcome,
        )));
        self.results[index] = Some(outcome);
    }
}

fn outcome_of(change: &Change, outcome: &Outcome) -> ChangeOutcome {
    ChangeOutcome {
        name: change.name.clone(),
        language: change.language.clone(),
        change: change.kind(),
        outcome: outcome.clone(),
        stuck: super::stuck::stuck(&change.action, outcome),
    }
}

fn now() -> Now {
    Now {
        at: Instant::now(),
        wall: SystemTime::now(),
    }
}

async fn sleep_until(at: Instant) {
    tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await;
}

async fn sleep_until_or_never(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
#[path = "executor_tests.rs"]
mod tests;
