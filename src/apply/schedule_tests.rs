//! The scheduling state machine on its own: told the time and what happened, checked on what
//! it decides. No server, no clock, no async.

use super::*;

const HOUR: Duration = Duration::from_secs(3600);

fn rules() -> Pacing {
    Pacing {
        parallelism: 4,
        create_quota: 0,
        quota_window: HOUR,
        wait_for_quota: false,
        fail_fast: false,
        interrupt_grace: Duration::from_secs(30),
    }
}

/// A fixed start: 10:00 UTC on the first day of the epoch.
fn start() -> Now {
    Now {
        at: Instant::now(),
        wall: SystemTime::UNIX_EPOCH + 10 * HOUR,
    }
}

fn later(now: Now, by: Duration) -> Now {
    Now {
        at: now.at + by,
        wall: now.wall + by,
    }
}

fn started(step: &Step) -> Vec<usize> {
    step.decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Start { job } => Some(*job),
            _ => None,
        })
        .collect()
}

/// The units settled as not started, with why.
fn left_out(decisions: &[Decision]) -> Vec<(usize, SkipReason, String)> {
    decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Settle {
                job,
                outcome: Outcome::Skipped { reason, message },
            } => Some((*job, *reason, message.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn starts_in_order_up_to_the_parallelism() {
    let lanes = vec![Lane::Create, Lane::Other, Lane::Create, Lane::Other];
    let mut schedule = Schedule::new(
        lanes,
        Pacing {
            parallelism: 2,
            ..rules()
        },
    );
    let now = start();
    let step = schedule.next(now);
    assert_eq!(started(&step), [0, 1]);
    assert_eq!(step.decisions.len(), 2, "{:?}", step.decisions);
    assert_eq!(step.wake, None);
    assert_eq!(schedule.running(), 2);
    assert!(started(&schedule.next(now)).is_empty());
    schedule.finished(1, false);
    assert_eq!(started(&schedule.next(now)), [2]);
    schedule.finished(0, false);
    schedule.finished(2, false);
    assert_eq!(started(&schedule.next(now)), [3]);
    assert!(!schedule.is_over());
    schedule.finished(3, false);
    assert!(schedule.is_over());
}

#[test]
fn a_spent_quota_leaves_the_creates_not_started_with_when_to_run_again() {
    let lanes = vec![
        Lane::Create,
        Lane::Create,
        Lane::Create,
        Lane::Other,
        Lane::Create,
    ];
    let mut schedule = Schedule::new(
        lanes,
        Pacing {
            parallelism: 10,
            create_quota: 2,
            ..rules()
        },
    );
    let now = start();
    let step = schedule.next(now);
    assert_eq!(started(&step), [0, 1, 3], "other changes go on");
    let message = "not started: the creation quota of 2 templates per hour (--create-quota) is \
                   spent; run again after 11:00 UTC";
    assert_eq!(
        left_out(&step.decisions),
        [
            (2, SkipReason::Quota, message.to_owned()),
            (4, SkipReason::Quota, message.to_owned()),
        ]
    );
    assert_eq!(step.wake, None, "a stopped lane is not looked at again");
    let stop = schedule.quota_stop().expect("the quota stopped the run");
    assert_eq!(stop.until, now.at + HOUR);
    assert_eq!(stop.retry_at, "11:00 UTC");
    for job in [0, 1, 3] {
        schedule.finished(job, false);
    }
    assert!(schedule.is_over());
}

#[test]
fn with_wait_for_quota_a_spent_quota_is_waited_for() {
    let mut schedule = Schedule::new(
        vec![Lane::Create, Lane::Create],
        Pacing {
            create_quota: 1,
            wait_for_quota: true,
            ..rules()
        },
    );
    let now = start();
    let step = schedule.next(now);
    assert_eq!(started(&step), [0]);
    assert!(left_out(&step.decisions).is_empty());
    assert!(step.decisions.contains(&Decision::Wait {
        until: "11:00 UTC".into(),
        reason: "the creation quota of 1 templates per hour (--create-quota) is spent".into(),
    }));
    assert_eq!(step.wake, Some(now.at + HOUR));
    schedule.finished(0, false);
    let half = schedule.next(later(now, HOUR / 2));
    assert!(half.decisions.is_empty(), "{:?}", half.decisions);
    assert_eq!(half.wake, Some(now.at + HOUR));
    assert_eq!(started(&schedule.next(later(now, HOUR))), [1]);
    assert!(schedule.quota_stop().is_none());
}

#[test]
fn meta_throttling_anything_but_a_create_stops_every_lane() {
    let lanes = vec![Lane::Other, Lane::Create, Lane::Other];
    let mut schedule = Schedule::new(
        lanes,
        Pacing {
            parallelism: 1,
            ..rules()
        },
    );
    let now = start();
    assert_eq!(started(&schedule.next(now)), [0]);
    let wait = Duration::from_secs(600);
    let decisions = schedule.throttled(0, now, wait, "10:10 UTC".into(), "Meta says".into());
    let message = "not started: Meta says; run again after 10:10 UTC".to_owned();
    assert_eq!(
        left_out(&decisions),
        [(0, SkipReason::Quota, message.clone())]
    );
    let step = schedule.next(now);
    assert!(started(&step).is_empty());
    assert_eq!(
        left_out(&step.decisions),
        [
            (1, SkipReason::Quota, message.clone()),
            (2, SkipReason::Quota, message),
        ]
    );
    assert_eq!(schedule.quota_stop().unwrap().until, now.at + wait);
    assert!(schedule.is_over());
}

#[test]
fn a_throttled_create_gives_its_slot_back_and_waits_first_in_line() {
    let mut schedule = Schedule::new(
        vec![Lane::Create, Lane::Other, Lane::Create],
        Pacing {
            parallelism: 1,
            create_quota: 1,
            wait_for_quota: true,
            ..rules()
        },
    );
    let now = start();
    assert_eq!(started(&schedule.next(now)), [0]);
    let wait = Duration::from_secs(60);
    let decisions = schedule.throttled(0, now, wait, "10:01 UTC".into(), "Meta says".into());
    assert_eq!(
        decisions,
        [Decision::Wait {
            until: "10:01 UTC".into(),
            reason: "Meta says".into(),
        }]
    );
    // A create's throttling holds creates only: the other change goes ahead meanwhile.
    let step = schedule.next(now);
    assert_eq!(started(&step), [1]);
    schedule.finished(1, false);
    assert_eq!(schedule.next(now).wake, Some(now.at + wait));
    // The slot was given back, so the create runs again once the wait is over, first in line.
    assert_eq!(started(&schedule.next(later(now, wait))), [0]);
}

#[test]
fn fail_fast_starts_nothing_after_a_failure() {
    let lanes = vec![Lane::Other, Lane::Create, Lane::Other];
    let one_at_a_time = Pacing {
        parallelism: 1,
        ..rules()
    };
    let now = start();

    let mut going_on = Schedule::new(lanes.clone(), one_at_a_time.clone());
    going_on.next(now);
    going_on.finished(0, true);
    assert_eq!(started(&going_on.next(now)), [1]);

    let mut fail_fast = Schedule::new(
        lanes,
        Pacing {
            fail_fast: true,
            ..one_at_a_time
        },
    );
    fail_fast.next(now);
    fail_fast.finished(0, true);
    let step = fail_fast.next(now);
    assert!(started(&step).is_empty());
    let reasons: Vec<(usize, SkipReason)> = left_out(&step.decisions)
        .into_iter()
        .map(|(job, reason, _)| (job, reason))
        .collect();
    assert_eq!(
        reasons,
        [(1, SkipReason::FailFast), (2, SkipReason::FailFast)]
    );
    assert!(fail_fast.is_over());
}

#[test]
fn an_interrupt_starts_nothing_new_and_lets_running_units_finish() {
    let mut schedule = Schedule::new(
        vec![Lane::Create, Lane::Other, Lane::Other],
        Pacing {
            parallelism: 1,
            ..rules()
        },
    );
    let now = start();
    assert_eq!(started(&schedule.next(now)), [0]);
    schedule.interrupt(now);
    assert!(schedule.interrupted());
    assert_eq!(
        schedule.grace_ends(),
        Some(now.at + Duration::from_secs(30))
    );
    // A second signal does not move the end of the grace.
    schedule.interrupt(later(now, Duration::from_secs(5)));
    assert_eq!(
        schedule.grace_ends(),
        Some(now.at + Duration::from_secs(30))
    );
    schedule.finished(0, false);
    let step = schedule.next(now);
    assert!(started(&step).is_empty());
    let message = "interrupted before it started".to_owned();
    assert_eq!(
        left_out(&step.decisions),
        [
            (1, SkipReason::Interrupted, message.clone()),
            (2, SkipReason::Interrupted, message),
        ]
    );
    assert!(schedule.is_over());
}

#[test]
fn units_still_running_when_the_grace_ends_are_abandoned_as_unknown() {
    let mut schedule = Schedule::new(
        vec![Lane::Create, Lane::Other, Lane::Other],
        Pacing {
            parallelism: 2,
            ..rules()
        },
    );
    let now = start();
    assert_eq!(started(&schedule.next(now)), [0, 1]);
    schedule.interrupt(now);
    let decisions = schedule.grace_over();
    assert_eq!(
        left_out(&decisions),
        [(
            2,
            SkipReason::Interrupted,
            "interrupted before it started".into()
        )]
    );
    let abandoned: Vec<usize> = decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Abandon {
                job,
                outcome: Outcome::Failed { message },
            } => {
                assert!(
                    message.contains("it may or may not have taken effect"),
                    "{message}"
                );
                Some(*job)
            }
            _ => None,
        })
        .collect();
    assert_eq!(abandoned, [0, 1]);
    assert_eq!(decisions.len(), 3, "{decisions:?}");
    assert_eq!(schedule.running(), 0);
    assert!(schedule.is_over());
}
