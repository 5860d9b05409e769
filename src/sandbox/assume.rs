//! Behaviour no Meta source documents, modelled only when asked for with
//! `sandbox serve --assume NAME`. Without them the sandbox sends no field and no code that
//! Meta's pages and SDK traffic do not show, so a rehearsal meets what a real account sends;
//! with one, a test can reach the path that depends on it. Each is listed, with why it is
//! assumed, in `docs/meta-api.md`.

use std::fmt;
use std::str::FromStr;

/// One undocumented behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Assumption {
    /// A deleted approved template stays listed as `DELETED`, with `deleted_time` (unix
    /// seconds), until its name frees up 30 days later.
    DeletedListing,
    /// A `PAUSED` template is listed with `paused_time` (unix seconds), when it was paused.
    PausedTime,
    /// A create under a name held after a delete is refused with subcode 2388023 (found only
    /// in community code); without it, with a bare code 100.
    NameLockSubcode,
}

impl Assumption {
    pub const ALL: [Assumption; 3] = [
        Assumption::DeletedListing,
        Assumption::PausedTime,
        Assumption::NameLockSubcode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Assumption::DeletedListing => "deleted-listing",
            Assumption::PausedTime => "paused-time",
            Assumption::NameLockSubcode => "name-lock-subcode",
        }
    }

    /// What switching it on does, in one line.
    pub fn about(self) -> &'static str {
        match self {
            Assumption::DeletedListing => {
                "a deleted approved template stays listed as DELETED with `deleted_time` until \
                 its name frees up"
            }
            Assumption::PausedTime => "a PAUSED template is listed with `paused_time`",
            Assumption::NameLockSubcode => {
                "a create under a name held after a delete is refused with 100/2388023, not a \
                 bare 100"
            }
        }
    }
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Assumption {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Assumption::ALL
            .into_iter()
            .find(|a| a.name() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Assumption::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "unknown assumption `{text}`; the sandbox knows {}",
                    names.join(", ")
                )
            })
    }
}

/// `sandbox serve --assume`'s help: each assumption with what it does.
pub fn help() -> String {
    let mut help = "Also model a behaviour no Meta source documents (repeatable; none by default, \
so the sandbox sends only what Meta's pages and SDK traffic show; docs/meta-api.md lists each \
with why it is assumed):"
        .to_owned();
    for assumption in Assumption::ALL {
        help.push_str(&format!(
            "\n  {:<18} {}",
            assumption.name(),
            assumption.about()
        ));
    }
    help
}

/// The assumptions a sandbox runs with (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assumptions(Vec<Assumption>);

impl Assumptions {
    /// None: only documented behaviour.
    pub const NONE: Assumptions = Assumptions(Vec::new());

    pub fn new(list: impl IntoIterator<Item = Assumption>) -> Self {
        let mut list: Vec<Assumption> = list.into_iter().collect();
        list.sort();
        list.dedup();
        Assumptions(list)
    }

    pub fn has(&self, assumption: Assumption) -> bool {
        self.0.contains(&assumption)
    }

    /// `none`, or the names joined by commas.
    pub fn describe(&self) -> String {
        if self.0.is_empty() {
            return "none (only documented behaviour)".to_owned();
        }
        let names: Vec<&str> = self.0.iter().map(|a| a.name()).collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for assumption in Assumption::ALL {
            assert_eq!(assumption.name().parse::<Assumption>(), Ok(assumption));
        }
        let err = "deleted_time".parse::<Assumption>().unwrap_err();
        assert!(
            err.contains("deleted-listing, paused-time, name-lock-subcode"),
            "{err}"
        );
        let set = Assumptions::new([Assumption::PausedTime, Assumption::PausedTime]);
        assert!(set.has(Assumption::PausedTime) && !set.has(Assumption::DeletedListing));
        assert_eq!(set.describe(), "paused-time");
        assert_eq!(
            Assumptions::default().describe(),
            "none (only documented behaviour)"
        );
    }
}
