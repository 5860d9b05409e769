//! What `apply` did, per change (done, failed with Meta's message, skipped and why), how review
//! ended with `--wait`, and the report made of it: the same data for the human report and
//! `--format json`.

use serde::Serialize;

use crate::graph::RemoteStatus;
use crate::reconcile::plan::Kind;

/// The version of the JSON report; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// One planned change and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeOutcome {
    pub name: String,
    pub language: String,
    /// The planned change: `create`, `update`, `delete`, or a kind apply does not carry out.
    pub change: Kind,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Set when this change leaves a declared template not on the account as declared, for a
    /// reason a person must act on (`blocked`, `needs_new_template`, `rejected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stuck: Option<Stuck>,
}

/// Done, failed or skipped, tagged by `result`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// The account now holds the change.
    Done {
        /// The template id.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// The status Meta answered with (a new or edited template is usually PENDING).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<RemoteStatus>,
        /// The category Meta answered with, when it said.
        #[serde(skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        /// How it was confirmed when the answer alone did not say (an unclear answer, a
        /// concurrent apply), or what to know about it (a deleted name is locked).
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A create this run did not make: Meta refused it as a duplicate and the account holds
    /// the declared template, created by another run (a concurrent apply). Counted apart, so
    /// the reports of racing runs add up to what the account holds.
    AlreadyOnAccount {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<RemoteStatus>,
        #[serde(skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        note: String,
    },
    /// Not done: Meta's message, or why the outcome could not be confirmed.
    Failed { message: String },
    /// Not attempted.
    Skipped { reason: SkipReason, message: String },
}

/// Why a declared template is left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stuck {
    /// A rule forbids the create or edit for now (a name locked for 30 days after a delete).
    Blocked,
    /// A field that can never change on the template changed: declare a new template.
    NeedsNewTemplate,
    /// Meta answered the create or edit with REJECTED.
    Rejected,
}

impl Stuck {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Stuck::Blocked => "blocked",
            Stuck::NeedsNewTemplate => "needs a new template",
            Stuck::Rejected => "rejected by review",
        }
    }
}

/// Why a change was not attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not something apply carries out: needs a new template, blocked, drift, unmanaged, in sync.
    NotExecutable,
    /// `--fail-fast`: an earlier change failed.
    FailFast,
    /// The creation quota or Meta's rate limit is spent: run again later (see `quota`).
    Quota,
    /// Prune is off here, or the template is outside the prune scope.
    PruneOff,
    /// Interrupted (Ctrl-C) before it started.
    Interrupted,
}

impl ChangeOutcome {
    pub fn is_done(&self) -> bool {
        matches!(self.outcome, Outcome::Done { .. })
    }

    pub fn is_failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed { .. })
    }

    /// Planned to be carried out, but not attempted (quota, fail-fast, interrupted, prune off).
    pub fn is_left_over(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Skipped { reason, .. } if reason != SkipReason::NotExecutable
        )
    }
}

/// Where the creation quota (or Meta's rate limit) stopped the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaStop {
    /// Templates created in this run.
    pub created: usize,
    /// Changes not started because of it.
    pub remaining: usize,
    /// Seconds until the quota frees up.
    pub retry_after_seconds: u64,
    /// The same as a wall-clock time, e.g. `14:05 UTC`.
    pub retry_at: String,
    /// What was spent: wabactl's `--create-quota`, or what Meta said.
    pub message: String,
}

/// Counts of what happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportCounts {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub archived: usize,
    pub unarchived: usize,
    /// Creates found already done by another run (`already_on_account`).
    pub already_on_account: usize,
    pub failed: usize,
    /// Planned but not attempted (quota, `--fail-fast`, interrupted, prune off).
    pub not_started: usize,
    /// Changes apply does not carry out (needs a new template, blocked, drift).
    pub not_executable: usize,
    pub unmanaged: usize,
    pub in_sync: usize,
    /// Declared templates left not on the account as declared, for a reason a person must act
    /// on (blocked, needs a new template, rejected); `--promote-from` holds are not counted.
    pub stuck: usize,
}

/// Everything `apply` did, in plan order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub format_version: u32,
    /// The WhatsApp Business Account id.
    pub account: String,
    /// The Graph API version used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Where the changes went (Meta, a local sandbox, or another host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<crate::graph::endpoint::Endpoint>,
    /// True when every planned create, update and delete was done.
    pub complete: bool,
    pub counts: ReportCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaStop>,
    pub interrupted: bool,
    pub changes: Vec<ChangeOutcome>,
    /// With `--wait`: how review ended for each template applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewReport>,
    /// Every Graph call of the run (listing, changes, re-reads, review polling), and the
    /// account's usage as Meta last reported it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<crate::graph::usage::Requests>,
    /// Template group writes, carried out after the templates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<super::groups::GroupOutcome>,
}

impl Report {
    pub fn new(
        account: String,
        changes: Vec<ChangeOutcome>,
        quota: Option<QuotaStop>,
        interrupted: bool,
    ) -> Self {
        let counts = count(&changes);
        Report {
            format_version: REPORT_VERSION,
            account,
            api_version: None,
            endpoint: None,
            complete: counts.failed == 0 && counts.not_started == 0,
            counts,
            quota,
            interrupted,
            changes,
            review: None,
            requests: None,
            groups: Vec::new(),
        }
    }

    /// Whether anything failed or was left for a later run.
    pub fn has_failures(&self) -> bool {
        !self.complete
    }

    /// The changes that leave a declared template stuck, in plan order.
    pub fn stuck(&self) -> impl Iterator<Item = &ChangeOutcome> {
        self.changes.iter().filter(|change| change.stuck.is_some())
    }
}

fn count(changes: &[ChangeOutcome]) -> ReportCounts {
    let mut counts = ReportCounts::default();
    for change in changes {
        counts.stuck += usize::from(change.stuck.is_some());
        let slot = match (&change.outcome, change.change) {
            (Outcome::Done { .. }, Kind::Create) => &mut counts.created,
            (Outcome::Done { .. }, Kind::Update) => &mut counts.updated,
            (Outcome::Done { .. }, Kind::Archive) => &mut counts.archived,
            (Outcome::Done { .. }, Kind::Unarchive) => &mut counts.unarchived,
            (Outcome::Done { .. }, _) => &mut counts.deleted,
            (Outcome::AlreadyOnAccount { .. }, _) => &mut counts.already_on_account,
            (Outcome::Failed { .. }, _) => &mut counts.failed,
            (Outcome::Skipped { .. }, Kind::Unmanaged) => &mut counts.unmanaged,
            (Outcome::Skipped { .. }, Kind::InSync) => &mut counts.in_sync,
            (
                Outcome::Skipped {
                    reason: SkipReason::NotExecutable,
                    ..
                },
                _,
            ) => &mut counts.not_executable,
            (Outcome::Skipped { .. }, _) => &mut counts.not_started,
        };
        *slot += 1;
    }
    counts
}

/// How review ended for one template, tagged by `review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "review", rename_all = "snake_case")]
pub enum Verdict {
    Approved {
        category: Option<String>,
        /// Meta moved it to another category: `[from, to]`.
        #[serde(skip_serializing_if = "Option::is_none")]
        recategorised: Option<(String, String)>,
    },
    Rejected {
        /// Meta's `rejected_reason` (e.g. `ABUSIVE_CONTENT`, `INVALID_FORMAT`).
        reason: Option<String>,
    },
    /// Still in review when the timeout passed.
    Pending,
    /// Any other status (PAUSED, DISABLED, ...).
    Other { status: RemoteStatus },
    /// No longer on the account.
    Missing,
}

impl Verdict {
    /// Rejected or undecided: `apply --wait` exits with 3.
    pub fn is_failure(&self) -> bool {
        matches!(self, Verdict::Rejected { .. } | Verdict::Pending)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewOutcome {
    pub name: String,
    pub language: String,
    pub id: String,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The end of `--wait`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewReport {
    /// The timeout passed with templates still in review.
    pub timed_out: bool,
    pub templates: Vec<ReviewOutcome>,
    /// The last failed status read, when polling met errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl ReviewReport {
    /// Whether any template was rejected or is still pending.
    pub fn has_failures(&self) -> bool {
        self.timed_out || self.templates.iter().any(|t| t.verdict.is_failure())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(change: Kind, outcome: Outcome) -> ChangeOutcome {
        ChangeOutcome {
            name: "t".into(),
            language: "en".into(),
            change,
            outcome,
            stuck: None,
        }
    }

    fn done() -> Outcome {
        Outcome::Done {
            id: Some("1".into()),
            status: Some(RemoteStatus::Pending),
            category: None,
            note: None,
        }
    }

    fn skipped(reason: SkipReason) -> Outcome {
        Outcome::Skipped {
            reason,
            message: "m".into(),
        }
    }

    #[test]
    fn counts_and_completeness() {
        let report = Report::new(
            "1".into(),
            vec![
                outcome(Kind::Create, done()),
                outcome(Kind::Update, done()),
                outcome(Kind::Delete, done()),
                outcome(Kind::Blocked, skipped(SkipReason::NotExecutable)),
                outcome(Kind::InSync, skipped(SkipReason::NotExecutable)),
                outcome(Kind::Unmanaged, skipped(SkipReason::NotExecutable)),
            ],
            None,
            false,
        );
        assert!(report.complete);
        assert_eq!(
            report.counts,
            ReportCounts {
                created: 1,
                updated: 1,
                deleted: 1,
                not_executable: 1,
                unmanaged: 1,
                in_sync: 1,
                ..ReportCounts::default()
            }
        );
        let left = Report::new(
            "1".into(),
            vec![outcome(Kind::Create, skipped(SkipReason::Quota))],
            None,
            false,
        );
        assert!(!left.complete);
        assert_eq!(left.counts.not_started, 1);
    }

    #[test]
    fn json_names_the_result() {
        let json = serde_json::to_value(outcome(
            Kind::Create,
            Outcome::Failed {
                message: "Meta says no".into(),
            },
        ))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "t", "language": "en", "change": "create",
                "result": "failed", "message": "Meta says no"})
        );
    }
}
