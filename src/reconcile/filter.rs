//! Which templates a plan looks at: name globs and languages (`--name`, `--language`, prune scope).

use crate::graph::listing::ListScope;

/// A set of name globs and languages; empty lists match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Globs over template names (`*` any run, `?` one character), e.g. `order_*`.
    pub names: Vec<String>,
    /// Exact language codes, e.g. `en_US`.
    pub languages: Vec<String>,
}

impl Selection {
    pub fn matches(&self, name: &str, language: &str) -> bool {
        (self.names.is_empty() || self.names.iter().any(|g| glob_match(g, name)))
            && (self.languages.is_empty() || self.languages.iter().any(|l| l == language))
    }

    /// What the server can filter for this selection: its languages, and its name when it is
    /// a single name without wildcards. Globs are matched here only.
    pub fn list_scope(&self) -> ListScope {
        let name = match self.names.as_slice() {
            [only] if !only.contains(['*', '?']) => Some(only.clone()),
            _ => None,
        };
        let mut languages = self.languages.clone();
        languages.sort();
        languages.dedup();
        ListScope { languages, name }
    }
}

/// Matches `text` against a glob where `*` stands for any run of characters and `?` for one.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Iterative matcher with backtracking to the last `*`: linear in practice, no recursion.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some('?') => {
                p += 1;
                t += 1;
            }
            Some(c) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// Whether `status` is among `statuses` (`--status`); an empty list keeps every status.
pub fn status_matches<S: PartialEq>(statuses: &[S], status: &S) -> bool {
    statuses.is_empty() || statuses.contains(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_a_shell() {
        assert!(glob_match("order_*", "order_update"));
        assert!(glob_match("*", ""));
        assert!(glob_match("*_v?", "promo_v2"));
        assert!(!glob_match("*_v?", "promo_v10"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(glob_match("hello_world", "hello_world"));
        assert!(!glob_match("hello", "hello_world"));
    }

    #[test]
    fn empty_selection_matches_everything() {
        let all = Selection::default();
        assert!(all.matches("x", "en"));
        let some = Selection {
            names: vec!["order_*".into()],
            languages: vec!["en_US".into()],
        };
        assert!(some.matches("order_update", "en_US"));
        assert!(!some.matches("order_update", "en"));
        assert!(!some.matches("promo", "en_US"));
    }

    #[test]
    fn statuses_match_those_asked_for_or_all() {
        use crate::graph::RemoteStatus;
        assert!(status_matches(&[], &RemoteStatus::Deleted));
        let wanted = [RemoteStatus::Approved, RemoteStatus::Paused];
        assert!(status_matches(&wanted, &RemoteStatus::Approved));
        assert!(!status_matches(&wanted, &RemoteStatus::Rejected));
    }
}
