//! The plans of several accounts: on a terminal, one section per account and a total; as one
//! pull-request comment, a summary table and a collapsible section per account, within the
//! comment's size cap; as JSON, the versioned `PlanSet` document.

use std::fmt::Write;

use super::file_link::FileLinks;
use super::human::{self, Options};
use super::markdown::{self, DEFAULT_LIMIT, MARKER};
use crate::plural::plural;
use crate::reconcile::plan::{Counts, Plan};
use crate::reconcile::plan_set::PlanSet;

/// Each account's plan under its name, failures with their reason, then the total.
pub fn human(set: &PlanSet, options: Options) -> String {
    let mut out = String::new();
    for account in &set.accounts {
        let _ = writeln!(out, "── account {} ──", account.account);
        match (&account.plan, &account.error) {
            (Some(plan), _) => out.push_str(&human::render(plan, options)),
            (None, error) => {
                let _ = writeln!(
                    out,
                    "error: not planned: {}",
                    error.as_deref().unwrap_or("no plan")
                );
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", total_line(set));
    out
}

/// `3 accounts: 2 planned, 1 failed; 1 with changes. Total: 4 to create, ...`
pub fn total_line(set: &PlanSet) -> String {
    let planned = set.accounts.len() - set.failed;
    let changed = set.plans().filter(|p| p.has_changes).count();
    let mut line = format!(
        "{}: {planned} planned, {} failed; {changed} with changes",
        plural(set.accounts.len(), "account", "accounts"),
        set.failed
    );
    let total = totals(set);
    let _ = write!(
        line,
        ". Total: {} to create, {} to update, {} to delete; {}",
        total.create,
        total.update,
        total.delete,
        human::attention_count(total.attention)
    );
    if set.failed > 0 {
        let failed: Vec<&str> = set
            .accounts
            .iter()
            .filter(|a| a.error.is_some())
            .map(|a| a.account.as_str())
            .collect();
        let _ = write!(line, ". Failed: {}", failed.join(", "));
    }
    line
}

/// One comment: the summary table (account × create / update / delete / attention), then each
/// account's plan in a collapsible section, each given an equal share of the size cap.
pub fn markdown(set: &PlanSet, links: &FileLinks) -> String {
    markdown_with_limit(set, DEFAULT_LIMIT, links)
}

pub fn markdown_with_limit(set: &PlanSet, limit: usize, links: &FileLinks) -> String {
    let mut out = format!(
        "{MARKER}\n## wabactl plan: {}\n\n**{}**\n\n",
        plural(set.accounts.len(), "account", "accounts"),
        total_line(set)
    );
    out.push_str(
        "| Account | Create | Update | Delete | Attention | |\n|---|--:|--:|--:|--:|---|\n",
    );
    for account in &set.accounts {
        match &account.plan {
            Some(plan) => {
                let c = &plan.counts;
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    account.account,
                    c.create,
                    c.update,
                    c.delete,
                    c.attention,
                    if plan.has_changes {
                        "changes"
                    } else if c.attention > 0 {
                        "needs attention"
                    } else {
                        "in sync"
                    }
                );
            }
            None => {
                let _ = writeln!(out, "| `{}` | | | | | **failed** |", account.account);
            }
        }
    }
    out.push('\n');
    let sections = set.accounts.len().max(1);
    let share = limit.saturating_sub(out.len() + 200) / sections;
    for account in &set.accounts {
        let body = match (&account.plan, &account.error) {
            (Some(plan), _) => strip_heading(&markdown::render_with_limit(
                plan,
                share.saturating_sub(120),
                links,
            )),
            (None, error) => format!(
                "Not planned: {}\n",
                error.as_deref().unwrap_or("no plan").replace('<', "&lt;")
            ),
        };
        let open = if account.plan.as_ref().is_some_and(Plan::exits_with_changes)
            || account.error.is_some()
        {
            " open"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<details{open}><summary><b>{}</b></summary>\n\n{body}\n</details>\n\n",
            account.account
        );
    }
    out
}

/// An account's comment without the marker and title the whole comment already has.
fn strip_heading(comment: &str) -> String {
    comment
        .strip_prefix(MARKER)
        .unwrap_or(comment)
        .trim_start()
        .strip_prefix("## wabactl plan")
        .unwrap_or(comment)
        .trim_start()
        .to_owned()
}

/// The JSON document, pretty-printed, ending with a newline.
pub fn json(set: &PlanSet) -> String {
    let mut text = serde_json::to_string_pretty(set).expect("plans are plain data");
    text.push('\n');
    text
}

fn totals(set: &PlanSet) -> Counts {
    let mut total = Counts::default();
    for plan in set.plans() {
        total.add(&plan.counts);
    }
    total
}
