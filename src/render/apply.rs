//! What `apply` shows: one progress line per finished change (`✓ created order_update (en_US)
//! id=…`, `✗ failed …: Meta's message`), the final report (human or JSON), and how review
//! ended with `--wait`. Colour is a parameter, as in `human`.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::paint::Paint;
use crate::apply::{ChangeOutcome, Outcome, Report, SkipReason};
use crate::apply::{ReviewReport, Verdict};
use crate::ops::accounts::AccountRun;
use crate::ops::apply_accounts::Applied;
use crate::reconcile::plan::Kind;

/// The line for a finished change; `None` for changes apply does not carry out (the plan
/// already showed them).
pub fn progress_line(outcome: &ChangeOutcome, colored: bool) -> Option<String> {
    let paint = Paint(colored);
    let key = format!("{} ({})", outcome.name, outcome.language);
    Some(match &outcome.outcome {
        Outcome::Done {
            id, status, note, ..
        } => {
            let mut line = format!(
                "{} {} {key}",
                paint.style(AnsiColor::Green.on_default().bold(), "✓"),
                done_verb(outcome.change)
            );
            if let Some(id) = id {
                let _ = write!(line, " id={id}");
            }
            if let Some(status) = status {
                let _ = write!(line, " {status}");
            }
            if let Some(note) = note {
                let _ = write!(line, " ({note})");
            }
            line
        }
        Outcome::AlreadyOnAccount { id, status, .. } => {
            let mut line = format!(
                "{} already on the account {key}",
                paint.style(AnsiColor::Green.on_default().bold(), "=")
            );
            if let Some(id) = id {
                let _ = write!(line, " id={id}");
            }
            if let Some(status) = status {
                let _ = write!(line, " {status}");
            }
            line.push_str(" (created by another run)");
            line
        }
        Outcome::Failed { message } => format!(
            "{} failed to {} {key}: {message}",
            paint.style(AnsiColor::Red.on_default().bold(), "✗"),
            outcome.change.label()
        ),
        Outcome::Skipped {
            reason: SkipReason::NotExecutable,
            ..
        } => return None,
        Outcome::Skipped { message, .. } => format!(
            "{} {} {key}: {message}",
            paint.style(AnsiColor::Yellow.on_default().bold(), "-"),
            outcome.change.label()
        ),
    })
}

/// The final report for a terminal or a CI log.
pub fn human(report: &Report, colored: bool) -> String {
    let paint = Paint(colored);
    let account = crate::render::header::account_line(
        &report.account,
        report.api_version.as_deref(),
        report.endpoint.as_ref(),
    );
    let mut out = format!("\nApply report · {account}\n\n");
    let mut listed = 0;
    // Changes that did not start for the same reason (the quota, --fail-fast, an interrupt)
    // are folded into one line with their count, after the others.
    let mut folded: Vec<(String, Vec<&ChangeOutcome>)> = Vec::new();
    for change in &report.changes {
        if let Outcome::Skipped { reason, message } = &change.outcome
            && !matches!(reason, SkipReason::NotExecutable)
        {
            let key = format!("{}: {message}", change.change.label());
            match folded.iter_mut().find(|(k, _)| *k == key) {
                Some((_, changes)) => changes.push(change),
                None => folded.push((key, vec![change])),
            }
            continue;
        }
        let line = match &change.outcome {
            Outcome::Skipped {
                reason: SkipReason::NotExecutable,
                message,
            } if !matches!(change.change, Kind::InSync | Kind::Unmanaged) => Some(format!(
                "{} skipped {} ({}): {message}",
                paint.style(AnsiColor::Magenta.on_default().bold(), "!"),
                change.name,
                change.language
            )),
            _ => progress_line(change, colored),
        };
        if let Some(line) = line {
            let _ = writeln!(out, "  {line}");
            listed += 1;
        }
    }
    for (_, changes) in &folded {
        let line = match changes.as_slice() {
            [one] => progress_line(one, colored).unwrap_or_default(),
            [first, ..] => folded_line(changes, first, paint),
            [] => continue,
        };
        let _ = writeln!(out, "  {line}");
        listed += 1;
    }
    for line in crate::render::apply_groups::lines(&report.groups, paint) {
        let _ = writeln!(out, "  {line}");
        listed += 1;
    }
    if listed == 0 {
        let _ = writeln!(out, "  Nothing to apply: the account matches the files.");
    }
    out.push('\n');
    if let Some(quota) = &report.quota {
        let _ = writeln!(
            out,
            "{} {}: {} created, {} not started; run `wabactl apply` again after {} (or add \
             --wait-for-quota to wait).\n",
            paint.style(AnsiColor::Yellow.on_default().bold(), "Stopped early:"),
            quota.message,
            quota.created,
            quota.remaining,
            quota.retry_at
        );
    }
    if report.interrupted {
        let _ = writeln!(
            out,
            "{} no change started after the interrupt; those already running were given up to \
             {} to finish (one still running then is reported as failed, outcome unknown).\n",
            paint.style(AnsiColor::Yellow.on_default().bold(), "Interrupted:"),
            crate::graph::error::human_duration(crate::apply::INTERRUPT_GRACE)
        );
    }
    if let Some(requests) = &report.requests {
        let _ = writeln!(out, "Made {}.", requests.summary());
        if let Some(warning) = requests.warning() {
            let _ = writeln!(
                out,
                "{} {warning}.",
                paint.style(AnsiColor::Yellow.on_default().bold(), "warning:")
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        paint.style(Style::new().bold(), &summary_line(report))
    );
    if !report.complete {
        let _ = writeln!(out, "{}", rerun_advice(report));
    }
    out.push_str(&stuck_text(report, paint));
    if let Some(review) = &report.review {
        out.push('\n');
        out.push_str(&review_text(review, colored));
    }
    out
}

/// The declared templates this run leaves stuck, each with its reason, after the summary: a
/// merge pipeline fails on them (exit 4), and the log says which to act on.
fn stuck_text(report: &Report, paint: Paint) -> String {
    let stuck: Vec<&ChangeOutcome> = report.stuck().collect();
    if stuck.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "{} {} not on the account as declared, and running `wabactl apply` again will not \
         change that:\n",
        paint.style(AnsiColor::Magenta.on_default().bold(), "Left to act on:"),
        if stuck.len() == 1 {
            "1 declared template is".to_owned()
        } else {
            format!("{} declared templates are", stuck.len())
        }
    );
    for change in stuck {
        let why = match &change.outcome {
            Outcome::Skipped { message, .. } => message.clone(),
            _ => change
                .stuck
                .map_or("left as it is", |s| s.label())
                .to_owned(),
        };
        let _ = writeln!(out, "  {} ({}): {why}", change.name, change.language);
    }
    out
}

/// What a run that left changes undone should do next. A change held by a time (an approved
/// template's edit limit, the creation quota) cannot be finished by running again now: the
/// advice names when, and `--wait-for-quota` where it helps.
fn rerun_advice(report: &Report) -> String {
    let mut edit_limits: Vec<String> = Vec::new();
    let mut quota = false;
    let mut other = false;
    for change in &report.changes {
        match &change.outcome {
            Outcome::Failed { message } => match crate::apply::edit_limit::next_edit_in(message) {
                Some(time) => edit_limits.push(format!(
                    "{} ({}) can be edited again after {time}",
                    change.name, change.language
                )),
                None => other = true,
            },
            Outcome::Skipped {
                reason: SkipReason::Quota,
                ..
            } => quota = true,
            _ if change.is_left_over() => other = true,
            _ => {}
        }
    }
    let mut held: Vec<String> = edit_limits;
    if quota && let Some(stop) = &report.quota {
        held.push(format!(
            "the creation quota frees up at {} (`wabactl apply --wait-for-quota` waits for it \
             in one run)",
            stop.retry_at
        ));
    }
    let undone = "Nothing done was undone.";
    match (held.is_empty(), other) {
        (true, _) => format!(
            "{undone} Run `wabactl apply` again to finish: it re-reads the account and does only \
             what is left."
        ),
        (false, false) => format!(
            "{undone} Running `wabactl apply` again now cannot finish: {}. Run it then.",
            held.join("; ")
        ),
        (false, true) => format!(
            "{undone} Run `wabactl apply` again to do what is left now; the rest waits: {}.",
            held.join("; ")
        ),
    }
}

/// Names shown in a folded line before the rest are counted.
const FOLDED_NAMES: usize = 3;

/// `- 50 creates not started: the creation quota … is spent; run again after 14:05 UTC
/// (promo_101 (en_US), promo_102 (en_US), promo_103 (en_US) and 47 more)`.
fn folded_line(changes: &[&ChangeOutcome], first: &ChangeOutcome, paint: Paint) -> String {
    let message = match &first.outcome {
        Outcome::Skipped { message, .. } => message.as_str(),
        _ => "",
    };
    let message = message.strip_prefix("not started: ").unwrap_or(message);
    let names: Vec<String> = changes
        .iter()
        .take(FOLDED_NAMES)
        .map(|c| format!("{} ({})", c.name, c.language))
        .collect();
    let more = changes.len().saturating_sub(FOLDED_NAMES);
    let label = first.change.label();
    format!(
        "{} {} {label}s not started: {message} ({}{})",
        paint.style(AnsiColor::Yellow.on_default().bold(), "-"),
        changes.len(),
        names.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// `Applied: 3 created, 1 updated, 0 deleted; 1 failed; 2 not started; 1 not applicable`.
pub fn summary_line(report: &Report) -> String {
    let c = &report.counts;
    let mut line = format!(
        "Applied: {} created, {} updated, {} deleted",
        c.created, c.updated, c.deleted
    );
    if c.archived > 0 {
        let _ = write!(line, ", {} archived", c.archived);
    }
    if c.unarchived > 0 {
        let _ = write!(line, ", {} unarchived", c.unarchived);
    }
    if c.already_on_account > 0 {
        let _ = write!(
            line,
            "; {} already on the account (created by another run)",
            c.already_on_account
        );
    }
    if c.failed > 0 {
        let _ = write!(line, "; {} failed", c.failed);
    }
    if c.not_started > 0 {
        let _ = write!(line, "; {} not started", c.not_started);
    }
    if c.not_executable > 0 {
        let _ = write!(
            line,
            "; {} skipped (blocked, drift or needing a new template)",
            c.not_executable
        );
    }
    line
}

/// How review ended, one line per template.
pub fn review_text(review: &ReviewReport, colored: bool) -> String {
    let paint = Paint(colored);
    let mut out = String::from("Review:\n");
    for t in &review.templates {
        let key = format!("{} ({})", t.name, t.language);
        let line = match &t.verdict {
            Verdict::Approved {
                category,
                recategorised,
            } => {
                let mut line = format!(
                    "{} approved {key}",
                    paint.style(AnsiColor::Green.on_default().bold(), "✓")
                );
                match (recategorised, category) {
                    (Some((from, to)), _) => {
                        let _ = write!(
                            line,
                            ", re-categorised by Meta {from} → {to} (set `category: {to}` in \
                             the file to accept it)"
                        );
                    }
                    (None, Some(category)) => {
                        let _ = write!(line, " as {category}");
                    }
                    (None, None) => {}
                }
                line
            }
            Verdict::Rejected { reason } => format!(
                "{} rejected {key}: {}",
                paint.style(AnsiColor::Red.on_default().bold(), "✗"),
                reason.as_deref().unwrap_or("Meta gave no reason")
            ),
            Verdict::Pending => format!(
                "{} still in review {key}",
                paint.style(AnsiColor::Yellow.on_default().bold(), "…")
            ),
            Verdict::Other { status } => format!(
                "{} {key} is {status}",
                paint.style(AnsiColor::Yellow.on_default().bold(), "!")
            ),
            Verdict::Missing => format!(
                "{} {key} is no longer on the account",
                paint.style(AnsiColor::Yellow.on_default().bold(), "!")
            ),
        };
        let _ = writeln!(out, "  {line} [id {}]", t.id);
    }
    if review.timed_out {
        let _ = writeln!(
            out,
            "Timed out with templates still in review: `wabactl status` shows how it ends."
        );
    }
    if let Some(err) = &review.last_error {
        let _ = writeln!(out, "The last status read failed: {err}");
    }
    out
}

/// What an apply run did, on one account or several, for people or as JSON.
pub fn applied(applied: &Applied, json: bool, colored: bool) -> String {
    match (applied, json) {
        (Applied::One(report), true) => self::json(report),
        (Applied::One(report), false) => human(report, colored),
        (Applied::Accounts(runs), true) => accounts_json(runs),
        (Applied::Accounts(runs), false) => accounts_human(runs, colored),
    }
}

/// Each account's report under its name, failures with their reason, then one line per account.
fn accounts_human(runs: &[AccountRun<Report>], colored: bool) -> String {
    let mut out = String::new();
    for run in runs {
        let _ = writeln!(out, "── account {} ──", run.label);
        match &run.outcome {
            Ok(report) => out.push_str(&human(report, colored)),
            Err(err) => {
                let _ = writeln!(out, "error: not applied: {err}");
            }
        }
        out.push('\n');
    }
    let failed: Vec<&str> = runs
        .iter()
        .filter(|r| r.outcome.as_ref().map_or(true, Report::has_failures))
        .map(|r| r.label.as_str())
        .collect();
    let _ = write!(
        out,
        "{} account{}: {} applied in full",
        runs.len(),
        crate::plural::word(runs.len(), "", "s"),
        runs.len() - failed.len()
    );
    if failed.is_empty() {
        out.push_str(".\n");
    } else {
        let _ = writeln!(out, "; not in full: {}.", failed.join(", "));
    }
    out
}

/// `{"format_version": 1, "kind": "accounts", "accounts": [{"account", "report" | "error"}]}`.
fn accounts_json(runs: &[AccountRun<Report>]) -> String {
    let accounts: Vec<serde_json::Value> = runs
        .iter()
        .map(|run| match &run.outcome {
            Ok(report) => serde_json::json!({"account": run.label, "report": report}),
            Err(err) => serde_json::json!({"account": run.label, "error": err}),
        })
        .collect();
    let document = serde_json::json!({
        "format_version": 1,
        "kind": "accounts",
        "accounts": accounts,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("reports are plain data");
    text.push('\n');
    text
}

/// The report as pretty JSON, ending with a newline.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report is plain data");
    text.push('\n');
    text
}

fn done_verb(kind: Kind) -> &'static str {
    match kind {
        Kind::Create => "created",
        Kind::Update => "updated",
        Kind::Delete => "deleted",
        Kind::Archive => "archived",
        Kind::Unarchive => "unarchived",
        _ => "done",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RemoteStatus;

    fn change(kind: Kind, outcome: Outcome) -> ChangeOutcome {
        ChangeOutcome {
            name: "order_update".into(),
            language: "en_US".into(),
            change: kind,
            outcome,
            stuck: None,
        }
    }

    #[test]
    fn lines_for_ci_logs() {
        let done = change(
            Kind::Create,
            Outcome::Done {
                id: Some("17".into()),
                status: Some(RemoteStatus::Pending),
                category: None,
                note: None,
            },
        );
        assert_eq!(
            progress_line(&done, false).unwrap(),
            "✓ created order_update (en_US) id=17 PENDING"
        );
        let failed = change(
            Kind::Update,
            Outcome::Failed {
                message: "Meta says no".into(),
            },
        );
        assert_eq!(
            progress_line(&failed, false).unwrap(),
            "✗ failed to update order_update (en_US): Meta says no"
        );
        let blocked = change(
            Kind::Blocked,
            Outcome::Skipped {
                reason: SkipReason::NotExecutable,
                message: "blocked".into(),
            },
        );
        assert_eq!(progress_line(&blocked, false), None);
        let raced = change(
            Kind::Create,
            Outcome::AlreadyOnAccount {
                id: Some("18".into()),
                status: Some(RemoteStatus::Pending),
                category: None,
                note: "created by another run".into(),
            },
        );
        assert_eq!(
            progress_line(&raced, false).unwrap(),
            "= already on the account order_update (en_US) id=18 PENDING (created by another run)"
        );
        let report = Report::new("1".into(), vec![raced], None, false);
        assert!(report.complete);
        assert_eq!(
            summary_line(&report),
            "Applied: 0 created, 0 updated, 0 deleted; 1 already on the account (created by \
             another run)"
        );
        assert_eq!(
            serde_json::to_value(&report.changes[0]).unwrap()["result"],
            "already_on_account"
        );
    }

    #[test]
    fn the_report_says_how_to_finish() {
        let report = Report::new(
            "1".into(),
            vec![change(
                Kind::Create,
                Outcome::Failed {
                    message: "boom".into(),
                },
            )],
            None,
            false,
        );
        let text = human(&report, false);
        assert!(
            text.contains("✗ failed to create order_update (en_US): boom"),
            "{text}"
        );
        assert!(
            text.contains("Applied: 0 created, 0 updated, 0 deleted; 1 failed"),
            "{text}"
        );
        assert!(text.contains("Run `wabactl apply` again"), "{text}");
    }
}
