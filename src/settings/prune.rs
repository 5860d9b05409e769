//! Prune for a run: on with `--prune` or `prune.enabled`, and then only with a scope, so that
//! no delete reaches a template nobody meant to put under prune.

use crate::config::PruneConfig;
pub use crate::reconcile::prune::{PruneMode, PruneScope};

/// The share deleted without `--force` when `max_delete_percent` is not set.
pub const DEFAULT_MAX_DELETE_PERCENT: f64 = 30.0;

/// The prune flags of `plan` and `apply`.
#[derive(Debug, Clone, Default)]
pub struct PruneFlags {
    /// `--prune`.
    pub prune: bool,
    /// `--prune-scope GLOB...`: replaces `prune.scope` of the project file.
    pub scope: Vec<String>,
    /// `--prune-mode`: replaces `prune.mode` of the project file.
    pub mode: Option<PruneMode>,
}

/// Prune as resolved from the flags and the project file.
#[derive(Debug, Clone, PartialEq)]
pub struct PruneSettings {
    pub scope: PruneScope,
    /// The share of the scope one plan may delete without `--force` (0.3 for 30%).
    pub threshold: f64,
    /// The same, as the percentage the user wrote, for messages.
    pub percent: f64,
    /// Archive or delete.
    pub mode: PruneMode,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PruneError {
    #[error(
        "prune is on but has no scope: add the names it may delete to wabactl.yaml, e.g.\n  \
         prune:\n    scope: [\"order_*\"]\n(`scope: [\"*\"]` puts every template of the account under prune)"
    )]
    NoScope,
    #[error("prune.max_delete_percent is {0}: give a percentage from 0 to 100")]
    BadPercent(f64),
    #[error(
        "--prune-scope only applies with prune on: add --prune (or set `prune.enabled: true` in \
         wabactl.yaml)"
    )]
    ScopeWithoutPrune,
}

/// Resolves prune from the flags over the project file's `prune`.
pub fn resolve(flags: &PruneFlags, mut file: PruneConfig) -> Result<PruneSettings, PruneError> {
    let enabled = flags.prune || file.enabled;
    if !flags.scope.is_empty() {
        if !enabled {
            return Err(PruneError::ScopeWithoutPrune);
        }
        file.scope.clone_from(&flags.scope);
    }
    let percent = file
        .max_delete_percent
        .unwrap_or(DEFAULT_MAX_DELETE_PERCENT);
    if !(0.0..=100.0).contains(&percent) {
        return Err(PruneError::BadPercent(percent));
    }
    let scope = if !enabled {
        PruneScope::Off
    } else if file.scope.iter().all(|g| g.trim().is_empty()) {
        return Err(PruneError::NoScope);
    } else {
        PruneScope::Names(file.scope)
    };
    Ok(PruneSettings {
        scope,
        threshold: percent / 100.0,
        percent,
        mode: flags.mode.or(file.mode).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(enabled: bool, scope: &[&str]) -> PruneConfig {
        PruneConfig {
            enabled,
            scope: scope.iter().map(|s| (*s).to_owned()).collect(),
            max_delete_percent: None,
            mode: None,
        }
    }

    #[test]
    fn off_unless_asked() {
        let settings = resolve(&PruneFlags::default(), file(false, &["order_*"])).unwrap();
        assert_eq!(settings.scope, PruneScope::Off);
        assert_eq!(settings.threshold, 0.3);
    }

    #[test]
    fn the_flag_scope_replaces_the_file_scope() {
        let flags = PruneFlags {
            prune: true,
            scope: vec!["promo_*".into()],
            mode: None,
        };
        let settings = resolve(&flags, file(false, &["order_*"])).unwrap();
        assert!(settings.scope.contains("promo_1"));
        assert!(!settings.scope.contains("order_1"));
    }

    #[test]
    fn the_mode_is_delete_unless_the_file_or_the_flag_says_archive() {
        let on = |mode| PruneFlags {
            prune: true,
            scope: vec!["*".into()],
            mode,
        };
        let mut archive_file = file(false, &["*"]);
        archive_file.mode = Some(PruneMode::Archive);
        assert_eq!(
            resolve(&on(None), file(false, &["*"])).unwrap().mode,
            PruneMode::Delete
        );
        let from_file = resolve(&on(None), archive_file.clone()).unwrap();
        assert_eq!(from_file.mode, PruneMode::Archive);
        let flag = resolve(&on(Some(PruneMode::Delete)), archive_file).unwrap();
        assert_eq!(flag.mode, PruneMode::Delete);
    }

    #[test]
    fn prune_needs_a_scope_and_a_scope_needs_prune() {
        let on = PruneFlags {
            prune: true,
            scope: Vec::new(),
            mode: None,
        };
        assert_eq!(resolve(&on, file(false, &[])), Err(PruneError::NoScope));
        let scope_only = PruneFlags {
            prune: false,
            scope: vec!["*".into()],
            mode: None,
        };
        assert_eq!(
            resolve(&scope_only, file(false, &[])),
            Err(PruneError::ScopeWithoutPrune)
        );
    }

    #[test]
    fn a_percentage_outside_0_to_100_is_refused() {
        let mut config = file(true, &["*"]);
        config.max_delete_percent = Some(120.0);
        assert_eq!(
            resolve(&PruneFlags::default(), config),
            Err(PruneError::BadPercent(120.0))
        );
    }
}
