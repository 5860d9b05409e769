//! A template group as the project file declares it: its name, description and the template
//! names or globs it covers. Plain data the group diff reads; `groups` reads it from the file.

use super::filter::glob_match;

/// One group as the project file declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredGroup {
    pub name: String,
    pub description: Option<String>,
    /// Template names or name globs.
    pub patterns: Vec<String>,
    /// Where it is written: `None` for the top-level `template_groups`, else the account.
    pub account: Option<String>,
}

impl DeclaredGroup {
    /// The keys leading to this group in the project file.
    pub fn keys(&self) -> Vec<&str> {
        match &self.account {
            None => vec!["template_groups", &self.name],
            Some(account) => vec!["accounts", account, "template_groups", &self.name],
        }
    }

    /// Whether `name` is one of this group's templates.
    pub fn covers(&self, name: &str) -> bool {
        self.patterns.iter().any(|p| matches(p, name))
    }
}

/// Whether the name or glob `pattern` matches `name`. Plain names and `prefix*` (the usual
/// shapes) are compared directly: a plan checks every declared template against every group.
pub fn matches(pattern: &str, name: &str) -> bool {
    let wild = |s: &str| s.contains(['*', '?']);
    if !wild(pattern) {
        return pattern == name;
    }
    match pattern.strip_suffix('*') {
        Some(prefix) if !wild(prefix) => name.starts_with(prefix),
        _ => glob_match(pattern, name),
    }
}
