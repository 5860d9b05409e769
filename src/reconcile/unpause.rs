//! Whether a paused template can be unpaused. Meta's pausing page documents
//! `POST /{TEMPLATE_ID}/unpause` for any paused template (pacing pauses lift only that way);
//! pywa documents a wait of 5 minutes after the pause. Meta's listing gives no pause time, so
//! the wait can be told only when the listing says when (`paused_time`; the sandbox gives it):
//! otherwise an unpause is tried and Meta's answer reported. Pure.

use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::plan::status_of;
use crate::utc;

/// How long after a pause an unpause is possible.
pub const UNPAUSE_WAIT_SECS: i64 = 5 * 60;

/// What an unpause of one template would meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// Not paused: nothing to unpause.
    NotPaused(RemoteStatus),
    /// Paused, and the wait is over.
    Now,
    /// Paused, and the account does not say when (Meta's listing never does): possible now
    /// unless the pause began in the last 5 minutes.
    Unknown,
    /// Paused less than 5 minutes ago: possible from this time (unix seconds).
    After(i64),
}

pub fn readiness(remote: &RemoteTemplate, now_secs: i64) -> Readiness {
    let status = status_of(remote);
    if status != RemoteStatus::Paused {
        return Readiness::NotPaused(status);
    }
    match remote.paused_time.map(|at| at + UNPAUSE_WAIT_SECS) {
        Some(at) if at > now_secs => Readiness::After(at),
        Some(_) => Readiness::Now,
        None => Readiness::Unknown,
    }
}

impl Readiness {
    /// For `status`: `now`, `after 2026-12-01 10:05 UTC`, or nothing when not paused.
    pub fn label(&self) -> Option<String> {
        match self {
            Readiness::NotPaused(_) => None,
            Readiness::Now => Some("now".into()),
            Readiness::Unknown => Some("now, if paused more than 5 minutes ago".into()),
            Readiness::After(at) => Some(format!("after {}", utc::minute(*at))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(status: &str, paused_time: Option<i64>) -> RemoteTemplate {
        serde_json::from_value(
            serde_json::json!({"id": "1", "name": "promo", "language": "en",
            "status": status, "paused_time": paused_time}),
        )
        .unwrap()
    }

    #[test]
    fn the_wait_counts_from_the_pause() {
        let paused = remote("PAUSED", Some(1_000));
        assert_eq!(readiness(&paused, 1_100), Readiness::After(1_300));
        assert_eq!(readiness(&paused, 1_300), Readiness::Now);
        assert_eq!(readiness(&remote("PAUSED", None), 0), Readiness::Unknown);
        assert_eq!(
            Readiness::Unknown.label().unwrap(),
            "now, if paused more than 5 minutes ago"
        );
        assert_eq!(
            readiness(&remote("APPROVED", None), 0),
            Readiness::NotPaused(RemoteStatus::Approved)
        );
        assert_eq!(
            Readiness::After(1_796_079_472).label().unwrap(),
            "after 2026-11-30 22:57 UTC"
        );
    }
}
