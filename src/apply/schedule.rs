//! When each unit of work of an apply starts, or why it does not: a state machine with no
//! clock, no I/O and no async. The executor tells it the time and what happened (a unit
//! finished, was throttled, an interrupt came, the grace ran out); it answers with decisions
//! as plain data (start this, settle that as not started, announce a wait) and when to look
//! again.
//!
//! The rules it keeps:
//! * At most `parallelism` units run at once; units start in the order given.
//! * Creates take a slot of the creation quota before they start. When the slots are spent,
//!   or Meta asks for a wait longer than the client waits, no further unit of that lane
//!   starts: the rest is settled as not started with when to run again, or (`wait_for_quota`)
//!   the lane waits and goes on.
//! * Throttling of a create holds back creates only; any other throttling is Meta's general
//!   limit and holds back every lane.
//! * After a failure with `fail_fast`, nothing new starts.
//! * After an interrupt nothing new starts; units still running when the grace ends are
//!   abandoned with an unknown outcome.

use std::collections::VecDeque;
use std::time::{Duration, Instant, SystemTime};

use super::outcome::{Outcome, SkipReason};
use super::quota::CreateQuota;
use crate::graph::error::human_duration;
use crate::graph::retry::clock_at;

/// Creates have their own quota; everything else shares Meta's general rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Create,
    Other,
}

/// How an apply is paced: the one declaration of these settings and their defaults. The
/// command line and the project file override them (`settings`); the scheduler keeps them.
#[derive(Debug, Clone)]
pub struct Pacing {
    /// Units in flight at once (at least 1).
    pub parallelism: usize,
    /// Creates per rolling `quota_window`; 0 = no limit of our own.
    pub create_quota: u32,
    /// Meta's window for the creation quota: an hour.
    pub quota_window: Duration,
    /// Wait for the quota (or Meta's rate limit) instead of stopping.
    pub wait_for_quota: bool,
    /// Start nothing new after the first failure.
    pub fail_fast: bool,
    /// After an interrupt, how long running units may take to finish.
    pub interrupt_grace: Duration,
}

/// Changes carried out at the same time when neither flag nor project file says.
pub const DEFAULT_PARALLELISM: usize = 4;
/// Meta's creation quota: templates per account per rolling hour.
pub const DEFAULT_CREATE_QUOTA: u32 = 100;

/// How long running changes may take to finish after an interrupt (Ctrl-C, SIGTERM, SIGHUP):
/// one write with its retries fits in it, and it stays under the 60 s or so that process
/// supervisors (systemd, Kubernetes, CI runners) wait before killing outright.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(30);

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            parallelism: DEFAULT_PARALLELISM,
            create_quota: DEFAULT_CREATE_QUOTA,
            quota_window: super::quota::WINDOW,
            wait_for_quota: false,
            fail_fast: false,
            interrupt_grace: INTERRUPT_GRACE,
        }
    }
}

/// The time, as the machine is told it: `at` for timing, `wall` for saying when to run again.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub at: Instant,
    pub wall: SystemTime,
}

/// A lane that may not start work for now (or, once stopped, for the rest of the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub until: Instant,
    /// `until` as a wall-clock time, e.g. `14:05 UTC`.
    pub retry_at: String,
    /// What was spent: wabactl's `--create-quota`, or what Meta said.
    pub message: String,
}

/// What the executor is to do; units are named by their position in the list given to `new`.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Start this unit now.
    Start { job: usize },
    /// This unit will not run; report every change of it with this outcome.
    Settle { job: usize, outcome: Outcome },
    /// Still running when the interrupt's grace ended: its outcome is unknown. Reported, but
    /// not as progress (it never finished).
    Abandon { job: usize, outcome: Outcome },
    /// Waiting for the creation quota or Meta's rate limit.
    Wait { until: String, reason: String },
}

/// The decisions of one look at the queue, and when to look again if nothing else happens.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub decisions: Vec<Decision>,
    pub wake: Option<Instant>,
}

/// The scheduler's state for one run.
#[derive(Debug, Clone)]
pub struct Schedule {
    rules: Pacing,
    quota: CreateQuota,
    lanes: Vec<Lane>,
    /// Units not started yet, in order.
    queue: VecDeque<usize>,
    /// Units running, with the quota slot a create took.
    running: Vec<(usize, Option<Instant>)>,
    /// Lanes stopped for the rest of the run, and lanes paused until a time.
    stopped: [Option<Hold>; 2],
    paused: [Option<Hold>; 2],
    failed: bool,
    interrupted: bool,
    grace_ends: Option<Instant>,
    quota_stop: Option<Hold>,
}

impl Schedule {
    /// A schedule for units with these lanes, to start in this order.
    pub fn new(lanes: Vec<Lane>, rules: Pacing) -> Self {
        Self {
            quota: CreateQuota::new(rules.create_quota, rules.quota_window),
            queue: (0..lanes.len()).collect(),
            lanes,
            rules,
            running: Vec::new(),
            stopped: [None, None],
            paused: [None, None],
            failed: false,
            interrupted: false,
            grace_ends: None,
            quota_stop: None,
        }
    }

    /// Looks at the queue: starts what may start, settles what never will, and says when a
    /// paused lane may go on.
    pub fn next(&mut self, now: Now) -> Step {
        let mut decisions = Vec::new();
        let mut wake: Option<Instant> = None;
        let mut i = 0;
        while self.running.len() < self.rules.parallelism.max(1) && i < self.queue.len() {
            let job = self.queue[i];
            let lane = self.lanes[job];
            if let Some((reason, message)) = self.left_out(lane) {
                self.queue.remove(i);
                let outcome = Outcome::Skipped { reason, message };
                decisions.push(Decision::Settle { job, outcome });
                continue;
            }
            if let Some(hold) = &self.paused[slot_of(lane)] {
                if hold.until > now.at {
                    wake = earliest(wake, hold.until);
                    i += 1;
                    continue;
                }
                self.paused[slot_of(lane)] = None;
            }
            let slot = match lane {
                Lane::Create => match self.quota.try_take(now.at) {
                    Ok(slot) => Some(slot),
                    Err(free_at) => {
                        let hold = quota_hold(free_at, now, self.rules.create_quota);
                        if self.rules.wait_for_quota {
                            decisions.push(wait_decision(&hold));
                            wake = earliest(wake, hold.until);
                            self.paused[slot_of(lane)] = Some(hold);
                            i += 1;
                        } else {
                            self.quota_stop.get_or_insert_with(|| hold.clone());
                            self.stopped[slot_of(lane)] = Some(hold);
                        }
                        continue;
                    }
                },
                Lane::Other => None,
            };
            self.queue.remove(i);
            self.running.push((job, slot));
            decisions.push(Decision::Start { job });
        }
        Step { decisions, wake }
    }

    /// Why units of `lane` are no longer started, if they are not.
    fn left_out(&self, lane: Lane) -> Option<(SkipReason, String)> {
        if self.interrupted {
            Some((SkipReason::Interrupted, INTERRUPTED.to_owned()))
        } else if self.failed && self.rules.fail_fast {
            Some((
                SkipReason::FailFast,
                "not started: --fail-fast after an earlier failure".to_owned(),
            ))
        } else {
            self.stopped[slot_of(lane)]
                .as_ref()
                .map(|hold| (SkipReason::Quota, not_started(hold)))
        }
    }

    /// A unit ended (done or failed), or its task did not come back (`failed`).
    pub fn finished(&mut self, job: usize, failed: bool) {
        self.take_running(job);
        self.failed |= failed;
    }

    /// Meta asked for a wait of `wait` before the unit could do anything: it did nothing.
    pub fn throttled(
        &mut self,
        job: usize,
        now: Now,
        wait: Duration,
        retry_at: String,
        message: String,
    ) -> Vec<Decision> {
        if let Some(slot) = self.take_running(job) {
            self.quota.give_back(slot);
        }
        let hold = Hold {
            until: now.at + wait,
            retry_at,
            message,
        };
        let lanes: &[Lane] = match self.lanes[job] {
            Lane::Create => &[Lane::Create],
            Lane::Other => &[Lane::Create, Lane::Other],
        };
        let (held, decision) = if self.rules.wait_for_quota {
            self.queue.push_front(job);
            (&mut self.paused, wait_decision(&hold))
        } else {
            self.quota_stop.get_or_insert_with(|| hold.clone());
            let outcome = Outcome::Skipped {
                reason: SkipReason::Quota,
                message: not_started(&hold),
            };
            (&mut self.stopped, Decision::Settle { job, outcome })
        };
        for lane in lanes {
            held[slot_of(*lane)] = Some(hold.clone());
        }
        vec![decision]
    }

    /// An interrupt came: nothing new starts; running units have the grace to finish.
    pub fn interrupt(&mut self, now: Now) {
        if !self.interrupted {
            self.interrupted = true;
            self.grace_ends = Some(now.at + self.rules.interrupt_grace);
        }
    }

    /// The grace after the interrupt is over: everything still queued is settled as
    /// interrupted, everything still running is abandoned.
    pub fn grace_over(&mut self) -> Vec<Decision> {
        let mut decisions: Vec<Decision> = self
            .queue
            .drain(..)
            .map(|job| Decision::Settle {
                job,
                outcome: Outcome::Skipped {
                    reason: SkipReason::Interrupted,
                    message: INTERRUPTED.to_owned(),
                },
            })
            .collect();
        let message = format!(
            "still running {} after the interrupt, so it was abandoned; it may or may not have \
             taken effect: run `wabactl plan` to see",
            human_duration(self.rules.interrupt_grace)
        );
        decisions.extend(self.running.drain(..).map(|(job, _)| Decision::Abandon {
            job,
            outcome: Outcome::Failed {
                message: message.clone(),
            },
        }));
        decisions
    }

    /// Units running now.
    pub fn running(&self) -> usize {
        self.running.len()
    }

    /// Nothing queued and nothing running: the run is over.
    pub fn is_over(&self) -> bool {
        self.queue.is_empty() && self.running.is_empty()
    }

    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    /// When running units are abandoned, once interrupted.
    pub fn grace_ends(&self) -> Option<Instant> {
        self.grace_ends
    }

    /// The first hold that stopped a lane for the rest of the run (without `wait_for_quota`).
    pub fn quota_stop(&self) -> Option<&Hold> {
        self.quota_stop.as_ref()
    }

    fn take_running(&mut self, job: usize) -> Option<Instant> {
        let pos = self.running.iter().position(|(j, _)| *j == job)?;
        self.running.swap_remove(pos).1
    }
}

const INTERRUPTED: &str = "interrupted before it started";

fn quota_hold(free_at: Instant, now: Now, per_hour: u32) -> Hold {
    let wait = free_at.saturating_duration_since(now.at);
    Hold {
        until: free_at,
        retry_at: clock_at(now.wall, wait),
        message: format!(
            "the creation quota of {per_hour} templates per hour (--create-quota) is spent"
        ),
    }
}

fn wait_decision(hold: &Hold) -> Decision {
    Decision::Wait {
        until: hold.retry_at.clone(),
        reason: hold.message.clone(),
    }
}

fn not_started(hold: &Hold) -> String {
    format!(
        "not started: {}; run again after {}",
        hold.message, hold.retry_at
    )
}

fn slot_of(lane: Lane) -> usize {
    match lane {
        Lane::Create => 0,
        Lane::Other => 1,
    }
}

fn earliest(current: Option<Instant>, candidate: Instant) -> Option<Instant> {
    Some(current.map_or(candidate, |c| c.min(candidate)))
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
