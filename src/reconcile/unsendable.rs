//! Declared templates that match the files but cannot be sent: REJECTED, PAUSED, DISABLED, in
//! appeal, ... Nothing `apply` does would help (the file already says what the account holds),
//! so they are not changes; yet the files declare a template meant to be sent, and it is not
//! sendable. The plan lists them apart, as needing attention, with what to do.
//!
//! They count for `plan --exit-code` (exit 2) like blocked changes and drift: exit 2 already
//! means "the account is not as the files declare and a person must act", and a scheduled
//! `plan --exit-code` is how a team learns that a template stopped being sendable. A PENDING
//! template is not listed: review takes up to a day, and the listing carries no creation time
//! to tell a slow review from a normal one.

use super::attention::{Attention, Unsendable};
use super::plan::{Change, Kind};
use super::reason::Explained;
use crate::graph::RemoteStatus;

/// The declared templates among `changes` that are in sync (or drifted) but cannot be sent,
/// in the plan's order. Templates with a planned create, update or block are left out: their
/// change already says what happens.
pub fn attention(changes: &[Change]) -> Vec<Explained<Attention>> {
    changes
        .iter()
        .filter(|c| matches!(c.kind(), Kind::InSync | Kind::Drift))
        .filter_map(|c| {
            let remote = c.remote.as_ref()?;
            Some(Explained(Attention {
                name: c.name.clone(),
                language: c.language.clone(),
                status: remote.status.clone(),
                rejected_reason: remote.rejected_reason.clone(),
                cause: unsendable(&remote.status)?,
            }))
        })
        .collect()
}

/// Why a template in `status` cannot be sent, or `None` when it can be (or may soon be, as
/// PENDING).
fn unsendable(status: &RemoteStatus) -> Option<Unsendable> {
    Some(match status {
        RemoteStatus::Rejected => Unsendable::Rejected,
        RemoteStatus::Paused => Unsendable::Paused,
        RemoteStatus::Disabled => Unsendable::Disabled,
        RemoteStatus::InAppeal => Unsendable::InAppeal,
        RemoteStatus::LimitExceeded => Unsendable::LimitExceeded,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::plan::{Action, RemoteState};

    fn change(kind: Action, status: &str, reason: Option<&str>) -> Change {
        Change {
            name: "promo".into(),
            language: "en".into(),
            action: kind,
            remote: Some(RemoteState {
                id: "1".into(),
                status: RemoteStatus::from(status),
                category: None,
                rejected_reason: reason.map(str::to_owned),
                quality: None,
            }),
            source: None,
            uploads: Vec::new(),
            upsert: None,
            shown: Default::default(),
        }
    }

    #[test]
    fn in_sync_but_unsendable_templates_need_attention() {
        let listed = attention(&[
            change(Action::InSync, "REJECTED", Some("PROMOTIONAL")),
            change(Action::InSync, "PAUSED", None),
            change(Action::InSync, "DISABLED", None),
            change(Action::InSync, "APPROVED", None),
            change(Action::InSync, "PENDING", None),
            change(Action::Unmanaged, "REJECTED", None),
        ]);
        let statuses: Vec<&RemoteStatus> = listed.iter().map(|a| &a.status).collect();
        assert_eq!(
            statuses,
            [
                &RemoteStatus::Rejected,
                &RemoteStatus::Paused,
                &RemoteStatus::Disabled
            ]
        );
        assert_eq!(listed[0].cause, Unsendable::Rejected);
        assert_eq!(listed[0].rejected_reason.as_deref(), Some("PROMOTIONAL"));
    }
}
