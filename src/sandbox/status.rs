//! The review statuses the sandbox moves a template through, spelt as Meta spells them
//! (templates-api.md §5.1). The sandbox keeps its own type rather than the client's: it stands
//! in for Meta in the tests, so a misspelling shared with the client would go unnoticed.

use std::fmt;

/// A stored template's status; one the sandbox never sets (a seed file may hold any) is kept
/// as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Approved,
    Pending,
    Rejected,
    Paused,
    Disabled,
    Archived,
    Deleted,
    Other(String),
}

const SPELLINGS: [(Status, &str); 7] = [
    (Status::Approved, "APPROVED"),
    (Status::Pending, "PENDING"),
    (Status::Rejected, "REJECTED"),
    (Status::Paused, "PAUSED"),
    (Status::Disabled, "DISABLED"),
    (Status::Archived, "ARCHIVED"),
    (Status::Deleted, "DELETED"),
];

impl Status {
    /// Meta's spelling, as stored and listed.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Other(text) => text,
            named => {
                SPELLINGS
                    .iter()
                    .find(|(status, _)| status == named)
                    .expect("every named status is spelt")
                    .1
            }
        }
    }
}

impl From<&str> for Status {
    fn from(text: &str) -> Self {
        SPELLINGS
            .iter()
            .find(|(_, spelling)| *spelling == text)
            .map_or_else(|| Status::Other(text.to_owned()), |(s, _)| s.clone())
    }
}

/// Stored (the persisted state) as Meta's spelling.
impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Status::from(text.as_str()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_and_write_meta_s_spelling() {
        for (status, spelling) in SPELLINGS {
            assert_eq!(Status::from(spelling), status);
            assert_eq!(status.as_str(), spelling);
        }
        assert_eq!(Status::from("IN_APPEAL"), Status::Other("IN_APPEAL".into()));
        assert_eq!(Status::from("IN_APPEAL").as_str(), "IN_APPEAL");
    }
}
