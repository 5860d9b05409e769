//! The exit codes, as a type and as `--help` lists them.

/// Exit codes, documented in docs/plan-and-apply.md and in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; for `plan`, no changes.
    Success = 0,
    /// An error: bad input, invalid templates, or an API failure.
    Error = 1,
    /// `plan --exit-code`: the files and the account disagree.
    Changes = 2,
    /// `apply`: applied, but review rejected a template or `--wait` timed out.
    ReviewFailed = 3,
    /// `apply`: every change it could make was made, but a declared template is left blocked,
    /// needing a new template, or rejected: a person must act, and running apply again
    /// changes nothing.
    Stuck = 4,
}

impl Exit {
    /// `apply`: 1 when anything failed or was left; 3 when review rejected or timed out; 4 when
    /// a declared template is left stuck; else 0.
    pub(super) fn of_report(report: &crate::apply::Report) -> Exit {
        if report.has_failures() {
            Exit::Error
        } else if report.review.as_ref().is_some_and(|r| r.has_failures()) {
            Exit::ReviewFailed
        } else if report.counts.stuck > 0 {
            Exit::Stuck
        } else {
            Exit::Success
        }
    }

    /// The exit of a run of several accounts: an error anywhere, else a failed review, else
    /// the rest.
    pub(super) fn worst(exits: impl IntoIterator<Item = Exit>) -> Exit {
        let rank = |exit: &Exit| match exit {
            Exit::Error => 4,
            Exit::ReviewFailed => 3,
            Exit::Stuck => 2,
            Exit::Changes => 1,
            Exit::Success => 0,
        };
        exits.into_iter().max_by_key(rank).unwrap_or(Exit::Success)
    }
}

pub(super) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success (plan: no changes)
  1  error: invalid templates, bad input, a usage error or an API failure; an apply that
     left changes undone (one failed, e.g. an approved template's edit limit was reached, or
     did not start; also when stopped by Ctrl-C, SIGTERM or SIGHUP, after its report);
     plan --fail-on-breaking: an update would break current senders
  2  plan --exit-code: there are changes to apply (archives and unarchives included), or a
     declared template cannot be sent
  3  apply: applied, but review rejected a template or --wait timed out
  4  apply: applied what it could, but a declared template is left blocked (a name lock),
     needing a new template, or rejected at once: act on it; running apply again changes
     nothing (changes held by --promote-from do not count)";
