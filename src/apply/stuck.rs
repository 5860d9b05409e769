//! Changes that leave a declared template not on the account as declared, for a reason a
//! person must act on: a rule blocks it (a name locked after a delete), the change needs a new
//! template, or review refused it at once. Running `apply` again changes none of them, so an
//! apply that leaves one exits with its own code after its report. A change held on purpose by
//! `--promote-from` waits for the other account, and is not one of them.

use super::outcome::{Outcome, Stuck};
use crate::graph::RemoteStatus;
use crate::reconcile::plan::{Action, Kind};

/// Whether this planned change, with this outcome, leaves a declared template stuck. A blocked
/// delete or archive concerns a template the files do not declare, so it is not.
pub fn stuck(action: &Action, outcome: &Outcome) -> Option<Stuck> {
    match (action, outcome) {
        (
            Action::Blocked {
                wanted: Kind::Create | Kind::Update,
                ..
            },
            _,
        ) => Some(Stuck::Blocked),
        (Action::NeedsNewTemplate { .. }, _) => Some(Stuck::NeedsNewTemplate),
        (
            Action::Create { .. } | Action::Update { .. } | Action::Unarchive { .. },
            Outcome::Done {
                status: Some(RemoteStatus::Rejected),
                ..
            },
        ) => Some(Stuck::Rejected),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::reason::{BlockReason, Explained, HoldReason, NewTemplateReason};

    fn blocked(wanted: Kind) -> Action {
        Action::Blocked {
            wanted,
            why: Explained(BlockReason::NameLocked {
                frees_at: 1_798_588_800,
                suggested_name: "order_update_v2".into(),
            }),
            fields: Vec::new(),
        }
    }

    fn skipped() -> Outcome {
        Outcome::Skipped {
            reason: super::super::SkipReason::NotExecutable,
            message: "m".into(),
        }
    }

    #[test]
    fn blocked_creates_and_new_templates_are_stuck_held_and_blocked_deletes_are_not() {
        assert_eq!(
            stuck(&blocked(Kind::Create), &skipped()),
            Some(Stuck::Blocked)
        );
        assert_eq!(
            stuck(&blocked(Kind::Update), &skipped()),
            Some(Stuck::Blocked)
        );
        assert_eq!(stuck(&blocked(Kind::Delete), &skipped()), None);
        assert_eq!(stuck(&blocked(Kind::Archive), &skipped()), None);
        let held = Action::Held {
            wanted: Kind::Create,
            why: Explained(HoldReason::NotThereYet {
                from: "staging".into(),
            }),
        };
        assert_eq!(stuck(&held, &skipped()), None);
        let new_template = Action::NeedsNewTemplate {
            fields: Vec::new(),
            why: Explained(NewTemplateReason::FrozenFields {
                frozen: Vec::new(),
                suggested_name: "order_update_v2".into(),
            }),
        };
        assert_eq!(
            stuck(&new_template, &skipped()),
            Some(Stuck::NeedsNewTemplate)
        );
        assert_eq!(stuck(&Action::InSync, &skipped()), None);
    }
}
