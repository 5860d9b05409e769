//! A declared template whose name and language the account holds only as a deleted copy
//! (DELETED or PENDING_DELETION): Meta locks the name of a deleted approved template for 30
//! days (templates-api.md §2.5; a create meanwhile fails with 100/2388023), so the create is
//! planned as blocked until the date the name frees up, when the listing says when the copy
//! was deleted (`deleted_time`, unix seconds; the sandbox gives it, Meta documents no such
//! field). Without that time a DELETED copy gives a create with a note, as before: a deleted
//! template that was never approved locks nothing.

use std::collections::HashSet;

use super::decide::{blocked_create, create};
use super::desired::Desired;
use super::naming::suggest_name;
use super::plan::Change;
use super::reason::BlockReason;
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;

/// How long Meta holds a deleted approved template's name and language.
pub const NAME_LOCK_SECS: i64 = 30 * 24 * 3600;

/// What a create refused with a bare 100 (no subcode) may be about: the documented 30-day hold
/// on a deleted approved template's name, which Meta's listing does not show and whose error
/// code no Meta page gives. Added to the refusal so the likely cause and the way out are named.
pub fn unexplained_create_refusal(name: &str, language: &str, taken: &HashSet<String>) -> String {
    format!(
        "if {name} ({language}) was deleted in the last 30 days while approved, that is the \
         likely cause: Meta holds a deleted approved template's name and language for 30 days \
         (Template management) and its listing does not show the deleted copy; declare it under \
         a new name such as `{}`, or apply again once the 30 days have passed",
        suggest_name(name, taken)
    )
}

/// When the name frees up, if the listing says when the copy was deleted.
pub fn frees_at(remote: &RemoteTemplate) -> Option<i64> {
    remote.deleted_time.map(|deleted| deleted + NAME_LOCK_SECS)
}

/// What a declared template needs when the account holds only a deleted copy of it.
pub(super) fn gone_copy(
    desired: &Desired,
    remote: &RemoteTemplate,
    status: &RemoteStatus,
    now_secs: i64,
    gone_names: &HashSet<&str>,
    taken: &HashSet<String>,
) -> Change {
    let name = desired.template.name.as_str();
    let new_name = suggest_name(name, taken);
    let locked_until = frees_at(remote).filter(|at| *at > now_secs);
    match (status, locked_until) {
        (RemoteStatus::Deleted, Some(frees_at)) => blocked_create(
            desired,
            BlockReason::NameLocked {
                frees_at,
                suggested_name: new_name,
            },
        ),
        (RemoteStatus::Deleted, None) => create(desired, gone_names, taken),
        (_, frees_at) => blocked_create(
            desired,
            BlockReason::BeingDeleted {
                frees_at,
                suggested_name: new_name,
            },
        ),
    }
}
