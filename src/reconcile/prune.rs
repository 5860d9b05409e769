//! Prune's two rules: which names it may delete (its scope), and when a prune needs
//! `--force`: measured against what the scope covers, not the whole account, so a narrow scope
//! cannot be emptied by accident however large the account is.

use super::filter::glob_match;
use super::plan::{Action, Plan};
pub use super::prune_mode::PruneMode;

/// The names prune may delete. Plan and apply ask the same question through [`contains`].
///
/// [`contains`]: PruneScope::contains
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PruneScope {
    /// Prune is off: no name is in scope.
    #[default]
    Off,
    /// Prune is on for names matching one of these globs (`*` any run, `?` one character);
    /// `["*"]` is every name.
    Names(Vec<String>),
}

impl PruneScope {
    /// Every template of the account.
    pub fn every() -> Self {
        PruneScope::Names(vec!["*".to_owned()])
    }

    pub fn is_on(&self) -> bool {
        matches!(self, PruneScope::Names(_))
    }

    /// Whether prune may delete a template named `name`.
    pub fn contains(&self, name: &str) -> bool {
        match self {
            PruneScope::Off => false,
            PruneScope::Names(globs) => globs.iter().any(|g| glob_match(g, name)),
        }
    }

    /// The globs, for messages (none when off).
    pub fn globs(&self) -> &[String] {
        match self {
            PruneScope::Off => &[],
            PruneScope::Names(globs) => globs,
        }
    }
}

/// Whether deleting `deletes` templates needs `--force`, when the prune scope (within the
/// plan's selection) covers `in_scope` live templates on the account: deleting every one of
/// them, or more than `threshold` (a share, 0.30 for 30%) of them, does.
pub fn needs_force(deletes: usize, in_scope: usize, threshold: f64) -> bool {
    if deletes == 0 {
        return false;
    }
    // Compared in whole numbers of templates: 0.30 × 10 allows 3, not 3.0000000000000004.
    let allowed = (threshold.clamp(0.0, 1.0) * in_scope as f64 + 1e-9).floor() as usize;
    deletes >= in_scope || deletes > allowed
}

/// Why the deletes of a plan may not be carried out here. Each says that nothing was changed.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum PruneRefusal {
    #[error(
        "the plan deletes or archives {count} templates, but prune is off here: pass --prune (or set \
         `prune.enabled: true` in wabactl.yaml) to apply it. Nothing was changed"
    )]
    Off { count: usize },
    #[error(
        "the plan deletes or archives `{name}`, which is outside the prune scope ({scope}): refusing. Widen \
         `prune.scope` (or --prune-scope) if that is intended. Nothing was changed"
    )]
    OutsideScope { name: String, scope: String },
    #[error(
        "the plan deletes or archives {count} template(s): every template the prune scope covers, or more \
         than the {percent}% of them allowed without --force (prune.max_delete_percent): check \
         the plan, then run again with --force. Nothing was changed"
    )]
    NeedsForce { count: usize, percent: f64 },
}

/// Deletes need prune on here and now, every one inside `scope`, and `force` when the plan
/// deletes past the threshold (`percent` of the scope, for the message). A saved plan is
/// checked against this run's prune, not the one it was made with.
pub fn check_deletes(
    plan: &Plan,
    scope: &PruneScope,
    percent: f64,
    force: bool,
) -> Result<(), PruneRefusal> {
    let deletes: Vec<&str> = plan
        .changes
        .iter()
        .filter_map(|c| match &c.action {
            Action::Delete { request, .. } => Some(request.name.as_str()),
            // Archiving stops sends too: the same gates.
            Action::Archive { request } => Some(request.name.as_str()),
            _ => None,
        })
        .collect();
    if deletes.is_empty() {
        return Ok(());
    }
    if !scope.is_on() {
        return Err(PruneRefusal::Off {
            count: deletes.len(),
        });
    }
    if let Some(outside) = deletes.iter().find(|name| !scope.contains(name)) {
        return Err(PruneRefusal::OutsideScope {
            name: (*outside).to_owned(),
            scope: scope.globs().join(", "),
        });
    }
    if plan.needs_force && !force {
        return Err(PruneRefusal::NeedsForce {
            count: deletes.len(),
            percent,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{PruneRefusal, PruneScope, check_deletes, needs_force};
    use crate::reconcile::test_support::remote_list;
    use crate::reconcile::{Plan, PlanOptions, plan};

    /// A plan deleting every template of a sample account.
    fn deleting_everything() -> Plan {
        let options = PlanOptions {
            prune: PruneScope::every(),
            ..PlanOptions::default()
        };
        plan(
            &[],
            &remote_list("sdk_java_ptbr_get_list_transactional_prev.json"),
            &options,
        )
    }

    #[test]
    fn deletes_need_prune_on_their_names_in_scope_and_force_past_the_threshold() {
        let plan = deleting_everything();
        let deletes = plan.counts.delete;
        assert!(deletes > 1 && plan.needs_force);
        assert_eq!(
            check_deletes(&plan, &PruneScope::Off, 30.0, true),
            Err(PruneRefusal::Off { count: deletes })
        );
        let narrow = PruneScope::Names(vec!["welcome_*".into()]);
        assert!(matches!(
            check_deletes(&plan, &narrow, 30.0, true),
            Err(PruneRefusal::OutsideScope { .. })
        ));
        assert_eq!(
            check_deletes(&plan, &PruneScope::every(), 30.0, false),
            Err(PruneRefusal::NeedsForce {
                count: deletes,
                percent: 30.0
            })
        );
        assert_eq!(
            check_deletes(&plan, &PruneScope::every(), 30.0, true),
            Ok(())
        );
    }

    #[test]
    fn scope_off_holds_no_name_and_globs_hold_theirs() {
        assert!(!PruneScope::Off.contains("order_update"));
        assert!(PruneScope::every().contains("order_update"));
        let scope = PruneScope::Names(vec!["order_*".into(), "promo_?".into()]);
        assert!(scope.contains("order_update"));
        assert!(scope.contains("promo_1"));
        assert!(!scope.contains("promo_10"));
        assert!(!scope.contains("welcome"));
        assert!(
            !PruneScope::Names(Vec::new()).contains("welcome"),
            "an empty list holds no name"
        );
    }

    #[test]
    fn nothing_deleted_never_needs_force() {
        assert!(!needs_force(0, 0, 0.30));
        assert!(!needs_force(0, 25, 0.30));
    }

    #[test]
    fn emptying_the_scope_always_needs_force() {
        // Whatever the account's size: a 25-template scope in a 200-template account, a
        // 5-template account, a scope of one.
        assert!(needs_force(25, 25, 0.30));
        assert!(needs_force(5, 5, 0.30));
        assert!(needs_force(1, 1, 0.30));
        assert!(
            needs_force(3, 3, 1.0),
            "even a threshold of 100% keeps this rule"
        );
    }

    #[test]
    fn past_the_share_of_the_scope_needs_force() {
        assert!(!needs_force(3, 10, 0.30), "30% of 10 is allowed");
        assert!(needs_force(4, 10, 0.30));
        assert!(!needs_force(1, 4, 0.30), "1 of 4 is 25%");
        assert!(needs_force(2, 4, 0.30), "2 of 4 is 50%");
        assert!(needs_force(1, 2, 0.30));
        assert!(!needs_force(7, 25, 0.30));
        assert!(needs_force(8, 25, 0.30));
    }

    #[test]
    fn the_threshold_is_clamped_to_a_share() {
        assert!(needs_force(1, 10, 0.0));
        assert!(needs_force(1, 10, -1.0));
        assert!(!needs_force(9, 10, 2.0));
    }
}
