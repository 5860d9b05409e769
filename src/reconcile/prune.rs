//! When a prune needs `--force`: measured against what the prune scope covers, not the whole
//! account, so a narrow scope cannot be emptied by accident however large the account is.

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

#[cfg(test)]
mod tests {
    use super::needs_force;

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
