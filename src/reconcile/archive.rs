//! Archiving (templates-api.md §2.6, Meta's "Template archival" page): prune can archive
//! instead of delete, which is reversible for 28 days and locks no name, but Meta archives
//! only APPROVED and REJECTED templates; and a declared template found ARCHIVED is unarchived
//! (it returns to its previous status, or APPROVED), then edited when the files differ.

use std::collections::HashSet;

use super::decide::compare;
use super::desired::Desired;
use super::plan::{Action, ArchiveRequest, Change, Kind};
use super::reason::{BlockReason, Explained, Note};
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;

/// What prune in archive mode does to a template the files no longer declare.
pub(super) fn prune_action(remote: &RemoteTemplate, status: &RemoteStatus) -> Action {
    match status {
        RemoteStatus::Approved | RemoteStatus::Rejected => Action::Archive {
            request: ArchiveRequest {
                hsm_id: remote.id.clone(),
                name: remote.name.clone(),
            },
        },
        // Already what prune would make it.
        RemoteStatus::Archived => Action::Unmanaged,
        other => Action::Blocked {
            wanted: Kind::Archive,
            why: Explained(BlockReason::NotArchivable {
                status: other.clone(),
            }),
            fields: Vec::new(),
        },
    }
}

/// A declared template whose copy on the account is ARCHIVED: unarchive it, then edit what
/// differs (compared as if restored to APPROVED, the usual previous status).
pub(super) fn unarchive(
    desired: &Desired,
    remote: &RemoteTemplate,
    taken: &HashSet<String>,
) -> Change {
    let request = ArchiveRequest {
        hsm_id: remote.id.clone(),
        name: remote.name.clone(),
    };
    let after = compare(desired, remote, &RemoteStatus::Approved, taken);
    let (fields, edit, notes) = match after.action {
        Action::Update {
            fields, request, ..
        } => (fields, Some(request), Vec::new()),
        Action::NeedsNewTemplate { fields, why } => (
            fields,
            None,
            vec![Note::RestNeedsNewTemplate { then: why.0 }],
        ),
        Action::Blocked { fields, why, .. } => {
            (fields, None, vec![Note::RestBlocked { then: why.0 }])
        }
        _ => (Vec::new(), None, Vec::new()),
    };
    Change::for_desired(
        desired,
        Action::Unarchive {
            request,
            fields,
            edit,
            notes: notes.into(),
        },
    )
}
