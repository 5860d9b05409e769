//! A template's status on the account, as Meta spells it: the statuses wabactl knows by name,
//! and any other kept as sent, so that a status Meta adds never breaks a listing. It reads
//! and writes as Meta's exact string, so JSON output and saved plans do not change.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A template status (templates-api.md §5.1: the API's list, plus LOCKED from the webhooks).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RemoteStatus {
    Approved,
    Pending,
    Rejected,
    Paused,
    Disabled,
    InAppeal,
    PendingDeletion,
    Deleted,
    LimitExceeded,
    Archived,
    Locked,
    /// The answer carried no status (wabactl's word, `UNKNOWN`).
    Unknown,
    /// Any other, kept exactly as Meta sent it.
    Other(String),
}

/// Each named status and its spelling.
const NAMED: [(RemoteStatus, &str); 12] = [
    (RemoteStatus::Approved, "APPROVED"),
    (RemoteStatus::Pending, "PENDING"),
    (RemoteStatus::Rejected, "REJECTED"),
    (RemoteStatus::Paused, "PAUSED"),
    (RemoteStatus::Disabled, "DISABLED"),
    (RemoteStatus::InAppeal, "IN_APPEAL"),
    (RemoteStatus::PendingDeletion, "PENDING_DELETION"),
    (RemoteStatus::Deleted, "DELETED"),
    (RemoteStatus::LimitExceeded, "LIMIT_EXCEEDED"),
    (RemoteStatus::Archived, "ARCHIVED"),
    (RemoteStatus::Locked, "LOCKED"),
    (RemoteStatus::Unknown, "UNKNOWN"),
];

impl RemoteStatus {
    /// The spelling of every named status.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMED.iter().map(|(_, name)| *name)
    }

    /// Meta's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            RemoteStatus::Other(text) => text,
            named => {
                NAMED
                    .iter()
                    .find(|(status, _)| status == named)
                    .expect("every named status is listed")
                    .1
            }
        }
    }

    /// The status read without regard to case (statuses are compared that way); an empty one
    /// is `Unknown`.
    pub fn normalized(&self) -> RemoteStatus {
        let text = self.as_str();
        if text.is_empty() {
            RemoteStatus::Unknown
        } else {
            RemoteStatus::from(text.to_uppercase())
        }
    }

    /// A status as a person types it (`--status`): any case, spaces or dashes for
    /// underscores (`pending-deletion` is `PENDING_DELETION`).
    pub fn typed(text: &str) -> RemoteStatus {
        RemoteStatus::from(text.trim().to_uppercase().replace([' ', '-'], "_")).normalized()
    }

    pub fn is_approved(&self) -> bool {
        *self == RemoteStatus::Approved
    }

    /// Deleted or being deleted: the template no longer counts as present.
    pub fn is_gone(&self) -> bool {
        matches!(self, RemoteStatus::Deleted | RemoteStatus::PendingDeletion)
    }

    /// Approved or paused: applications send it today (a pause lifts on its own), so it has
    /// senders an edit can break.
    pub fn can_send(&self) -> bool {
        matches!(self, RemoteStatus::Approved | RemoteStatus::Paused)
    }

    /// A status Meta allows edits in (templates-api.md §2.4).
    pub fn is_editable(&self) -> bool {
        matches!(
            self,
            RemoteStatus::Approved | RemoteStatus::Rejected | RemoteStatus::Paused
        )
    }
}

impl From<&str> for RemoteStatus {
    fn from(text: &str) -> Self {
        NAMED
            .iter()
            .find(|(_, spelling)| *spelling == text)
            .map_or_else(|| RemoteStatus::Other(text.to_owned()), |(s, _)| s.clone())
    }
}

impl From<String> for RemoteStatus {
    fn from(text: String) -> Self {
        match RemoteStatus::from(text.as_str()) {
            RemoteStatus::Other(_) => RemoteStatus::Other(text),
            named => named,
        }
    }
}

impl fmt::Display for RemoteStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with Meta's spelling, exactly.
impl Serialize for RemoteStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RemoteStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(RemoteStatus::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_meta_s_exact_string() {
        for (status, spelling) in NAMED {
            assert_eq!(RemoteStatus::from(spelling), status);
            assert_eq!(status.as_str(), spelling);
            assert_eq!(status.to_string(), spelling);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{spelling}\""));
            assert_eq!(serde_json::from_str::<RemoteStatus>(&json).unwrap(), status);
        }
    }

    #[test]
    fn an_unknown_status_is_kept_as_sent() {
        let flagged: RemoteStatus = serde_json::from_str("\"FLAGGED\"").unwrap();
        assert_eq!(flagged, RemoteStatus::Other("FLAGGED".into()));
        assert_eq!(serde_json::to_string(&flagged).unwrap(), "\"FLAGGED\"");
        // Another case is not Meta's spelling: kept as sent, and read as named once normalized.
        let lower = RemoteStatus::from("approved");
        assert_eq!(lower, RemoteStatus::Other("approved".into()));
        assert_eq!(serde_json::to_string(&lower).unwrap(), "\"approved\"");
        assert_eq!(lower.normalized(), RemoteStatus::Approved);
        assert_eq!(RemoteStatus::from("").normalized(), RemoteStatus::Unknown);
    }

    #[test]
    fn a_typed_status_is_read_in_any_case() {
        assert_eq!(RemoteStatus::typed(" approved"), RemoteStatus::Approved);
        assert_eq!(
            RemoteStatus::typed("pending-deletion"),
            RemoteStatus::PendingDeletion
        );
        assert_eq!(RemoteStatus::typed("in appeal"), RemoteStatus::InAppeal);
        assert_eq!(
            RemoteStatus::typed("flagged"),
            RemoteStatus::Other("FLAGGED".into())
        );
    }

    #[test]
    fn what_each_status_allows() {
        let approved = RemoteStatus::Approved;
        assert!(approved.is_approved() && approved.can_send() && approved.is_editable());
        assert!(RemoteStatus::Paused.can_send() && RemoteStatus::Paused.is_editable());
        assert!(!RemoteStatus::Rejected.can_send() && RemoteStatus::Rejected.is_editable());
        assert!(!RemoteStatus::Pending.can_send() && !RemoteStatus::Pending.is_editable());
        assert!(RemoteStatus::Deleted.is_gone() && RemoteStatus::PendingDeletion.is_gone());
        assert!(!RemoteStatus::Archived.is_gone() && !RemoteStatus::Disabled.is_editable());
    }
}
