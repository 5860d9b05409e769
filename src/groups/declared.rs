//! The groups an account holds according to the project file: the top-level
//! `template_groups` and the account's own, and the declared templates each one covers.

use std::collections::BTreeMap;

use crate::config::{Project, TemplateGroupConfig};
pub use crate::reconcile::declared_group::{DeclaredGroup, matches};

/// Meta's limits (Template groups page: "Maximum 256 characters", "Maximum 512 characters").
pub const NAME_MAX_CHARS: usize = 256;
pub const DESCRIPTION_MAX_CHARS: usize = 512;

/// The groups an account holds, with the project file they are written in (to locate what is
/// wrong with them).
#[derive(Debug, Clone, Default)]
pub struct AccountGroups {
    pub groups: Vec<DeclaredGroup>,
    pub project: Option<std::sync::Arc<Project>>,
}

impl AccountGroups {
    pub fn of(project: Option<&Project>, account: Option<&str>) -> Self {
        let groups = for_account(project, account);
        AccountGroups {
            project: (!groups.is_empty())
                .then(|| project.map(|p| std::sync::Arc::new(p.clone())))
                .flatten(),
            groups,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Two accounts hold the same groups when they declare the same ones.
impl PartialEq for AccountGroups {
    fn eq(&self, other: &Self) -> bool {
        self.groups == other.groups
    }
}

/// The groups of `account` (its name in the project file; `None` when no account of the file
/// is chosen): the top-level ones, then its own. A name written in both is kept twice; the
/// checks report it.
pub fn for_account(project: Option<&Project>, account: Option<&str>) -> Vec<DeclaredGroup> {
    let Some(project) = project else {
        return Vec::new();
    };
    let config = &project.config;
    let mut groups = collect(&config.template_groups, None);
    if let Some(entry) = account.and_then(|a| config.accounts.get(a)) {
        groups.extend(collect(&entry.template_groups, account));
    }
    groups
}

/// Every group written anywhere in the project file, for `validate`: the top-level ones and
/// each account's own.
pub fn all(project: &Project) -> Vec<DeclaredGroup> {
    let config = &project.config;
    let mut groups = collect(&config.template_groups, None);
    for (name, entry) in &config.accounts {
        groups.extend(collect(&entry.template_groups, Some(name)));
    }
    groups
}

fn collect(
    groups: &BTreeMap<String, TemplateGroupConfig>,
    account: Option<&str>,
) -> Vec<DeclaredGroup> {
    groups
        .iter()
        .map(|(name, group)| DeclaredGroup {
            name: name.clone(),
            description: group.description.clone(),
            patterns: group.templates.clone(),
            account: account.map(str::to_owned),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::filter::glob_match;

    fn group(name: &str, patterns: &[&str]) -> DeclaredGroup {
        DeclaredGroup {
            name: name.to_owned(),
            description: None,
            patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
            account: None,
        }
    }

    #[test]
    fn names_and_globs_cover_templates() {
        let g = group("Black Friday", &["bf_*", "reminder"]);
        assert!(g.covers("bf_promo"));
        assert!(g.covers("reminder"));
        assert!(!g.covers("reminder_2"));
        let other = group("Other", &["reminder_?"]);
        assert!(other.covers("reminder_2"));
        assert!(!other.covers("welcome"));
    }

    #[test]
    fn the_short_paths_agree_with_the_glob_matcher() {
        for pattern in ["bf_*", "bf_promo", "*", "bf_?romo", "b*_promo", "bf_*o", ""] {
            for name in ["bf_promo", "bf_", "bf", "xbf_promo", "bf_promo2", ""] {
                assert_eq!(
                    matches(pattern, name),
                    glob_match(pattern, name),
                    "{pattern} {name}"
                );
            }
        }
    }
}
