//! Which accounts a run works on: the default one, each `--account NAME`, or every account of
//! wabactl.yaml (`--all-accounts`), then the share of them `--shard I/N` keeps.

use std::sync::Arc;

use super::account::{self, AccountError, AccountSettings, Env};
use crate::config::Project;

/// One account of a run, resolved or not: a broken entry fails that account only.
#[derive(Debug, Clone)]
pub struct SelectedAccount {
    /// The name in wabactl.yaml, when the account has one.
    pub name: Option<String>,
    pub settings: Result<AccountSettings, Arc<AccountError>>,
}

impl SelectedAccount {
    /// The account's name, or its WABA id, or what it was resolved from.
    pub fn label(&self) -> String {
        match (&self.name, &self.settings) {
            (Some(name), _) => name.clone(),
            (None, Ok(settings)) => settings
                .waba_id
                .clone()
                .unwrap_or_else(|| "(environment)".to_owned()),
            (None, Err(_)) => "(environment)".to_owned(),
        }
    }
}

/// `--shard I/N`: the I-th of N parts of the account list (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let parsed = text
            .split_once('/')
            .and_then(|(i, n)| Some((i.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if count >= 1 && (1..=count).contains(&index) => {
                Ok(Shard { index, count })
            }
            _ => Err(format!(
                "expected I/N with 1 ≤ I ≤ N, e.g. 2/4, not `{text}`"
            )),
        }
    }
}

impl Shard {
    /// Keeps this shard's part of `names` (sorted by name first): every N-th, starting at the
    /// I-th, so the parts are even and the same for the same list on every machine.
    pub fn keep(self, names: &mut Vec<String>) {
        names.sort();
        let mut position = 0;
        names.retain(|_| {
            position += 1;
            (position - 1) % self.count == self.index - 1
        });
    }
}

/// How the accounts of a run are chosen.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// `--account NAME`, repeatable.
    pub names: Vec<String>,
    /// `--all-accounts`.
    pub all: bool,
    pub shard: Option<Shard>,
}

/// The accounts `choice` selects. Without names or `--all-accounts`: the one default account
/// (named or from the environment). An empty list is possible only through `--shard`.
pub fn select(
    choice: &Choice,
    project: Option<&Project>,
    env: Env<'_>,
) -> Result<Vec<SelectedAccount>, AccountError> {
    let mut names: Vec<String> = if choice.all {
        let names: Vec<String> = project
            .map(|p| p.config.accounts.keys().cloned().collect())
            .unwrap_or_default();
        if names.is_empty() {
            return Err(AccountError::NoAccounts);
        }
        names
    } else {
        let mut names = Vec::new();
        for name in &choice.names {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    if names.is_empty() {
        let settings = account::resolve(None, project, env).map_err(Arc::new);
        let name = settings.as_ref().ok().and_then(|s| s.name.clone());
        return Ok(vec![SelectedAccount { name, settings }]);
    }
    if let Some(shard) = choice.shard {
        shard.keep(&mut names);
    }
    Ok(names
        .into_iter()
        .map(|name| SelectedAccount {
            settings: account::resolve(Some(&name), project, env).map_err(Arc::new),
            name: Some(name),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_evenly_and_cover_every_account_once() {
        let all: Vec<String> = (0..10).map(|i| format!("client_{i:02}")).collect();
        let mut seen = Vec::new();
        for index in 1..=3 {
            let mut part = all.clone();
            part.reverse();
            Shard { index, count: 3 }.keep(&mut part);
            assert!((3..=4).contains(&part.len()), "{part:?}");
            seen.extend(part);
        }
        seen.sort();
        assert_eq!(seen, all);
    }

    #[test]
    fn shard_parses_i_of_n() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "2", "a/b"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
