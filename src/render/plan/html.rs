//! The plan as one self-contained HTML page (the page of `render::preview::html`): each change
//! with the message it concerns: a create shows the new message, an update the message before
//! and after side by side with the changed words marked, a delete or archive the message on
//! the account; blocked changes and templates that need attention with their reasons.

use std::fmt::Write;

use super::human::{status_label, summary_line, symbol};
use crate::explain as reasons;
use crate::preview;
use crate::reconcile::plan::{Action, Change, Kind, Plan};
use crate::reconcile::plan_set::Planned;
use crate::render::escape::html as esc;
use crate::render::header::account_line;
use crate::render::preview::html::{Marks, bubble_marked, marked_words, page, reading};
use crate::render::word_diff::word_runs;

/// Resolves a `file:` sample of a change's declared template to a `data:` URI.
pub type Embed<'a> = &'a dyn Fn(&Change, &str) -> Result<String, String>;

/// One account's plan or several, as a page.
pub fn html_of(planned: &Planned, embed: Embed) -> String {
    let mut content = String::new();
    match planned {
        Planned::One(plan) => section(&mut content, plan, embed),
        Planned::Accounts(set) => {
            for account in &set.accounts {
                let _ = write!(content, "<h2>Account {}</h2>", esc(&account.account));
                match (&account.plan, &account.error) {
                    (Some(plan), _) => section(&mut content, plan, embed),
                    (None, error) => {
                        let _ = write!(
                            content,
                            "<p class=\"why\"><b>Not planned:</b> {}</p>",
                            esc(error.as_deref().unwrap_or("no plan"))
                        );
                    }
                }
            }
        }
    }
    page("wabactl plan", &content)
}

fn section(out: &mut String, plan: &Plan, embed: Embed) {
    let _ = write!(out, "<p><b>{}</b></p>", esc(&summary_line(&plan.counts)));
    if let Some(account) = &plan.account {
        let line = account_line(account, plan.api_version.as_deref(), plan.endpoint.as_ref());
        let _ = write!(out, "<p class=\"why\">{}</p>", esc(&line));
    }
    if !plan.attention.is_empty() {
        out.push_str("<div class=\"change\"><h2>Needs attention</h2>");
        for item in &plan.attention {
            let (reason, action) = reasons::attention(item);
            let _ = write!(
                out,
                "<p class=\"why\"><code>{}</code> ({}) <b>{}</b>: {} <b>To do:</b> {}</p>",
                esc(&item.name),
                esc(&item.language),
                esc(item.status.as_str()),
                esc(&reason),
                esc(&action)
            );
        }
        out.push_str("</div>");
    }
    for change in plan
        .changes
        .iter()
        .filter(|c| !matches!(c.kind(), Kind::Unmanaged | Kind::InSync))
    {
        change_section(out, change, embed);
    }
    if let Some(groups) = &plan.groups {
        out.push_str(&super::groups::html(groups));
    }
}

fn change_section(out: &mut String, change: &Change, embed: Embed) {
    let status = change
        .remote
        .as_ref()
        .map(|r| format!(" · {}", status_label(r)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"change\" data-kind=\"{}\"><h2><code>{}</code> <code>{}</code> ({}) {}{}</h2>",
        change.kind().label(),
        symbol(change.kind()),
        esc(&change.name),
        esc(&change.language),
        esc(change.kind().label()),
        esc(&status)
    );
    for (label, text) in reasons(&change.action) {
        let _ = write!(out, "<p class=\"why\"><b>{label}:</b> {}</p>", esc(&text));
    }
    let declared = change.shown.declared.as_deref().map(preview::of);
    let account = change.shown.account.as_deref().map(preview::of);
    let new_bubble = |p: &preview::Preview, marks: Option<&Marks>| {
        bubble_marked(p, &|path| embed(change, path), marks)
    };
    // The account's copy comes back with CDN links, never local files: nothing to embed.
    let old_bubble = |p: &preview::Preview, marks: Option<&Marks>| {
        bubble_marked(
            p,
            &|path| Err(format!("{path} is not a local sample")),
            marks,
        )
    };
    match (change.kind(), &declared, &account) {
        (Kind::Create, Some(new), _) | (Kind::Blocked | Kind::Held, Some(new), None) => {
            let _ = write!(
                out,
                "<div class=\"row\"><div class=\"lang\"><p class=\"label\">New message</p>{}</div></div>",
                new_bubble(new, None)
            );
        }
        (_, Some(new), Some(old)) => {
            // The body's changed words marked in the bubbles; all the text's below them.
            let (old_body, new_body) = word_runs(
                &preview::plain_text(&old.body),
                &preview::plain_text(&new.body),
            );
            let removed = Marks::of_runs(&old_body, "del");
            let added = Marks::of_runs(&new_body, "ins");
            let _ = write!(
                out,
                "<div class=\"row\"><div class=\"lang before\"><p class=\"label\">Before (on the account)</p>{}</div>\
                 <div class=\"lang after\"><p class=\"label\">After (as declared)</p>{}</div></div>",
                old_bubble(old, Some(&removed)),
                new_bubble(new, Some(&added))
            );
            let (before, after) = word_runs(&reading(old), &reading(new));
            let _ = write!(
                out,
                "<div class=\"words\"><p class=\"label\">Changed words</p>\
                 <p class=\"before\">{}</p><p class=\"after\">{}</p></div>",
                marked_words(&before, "del"),
                marked_words(&after, "ins")
            );
        }
        (_, None, Some(old)) => {
            let _ = write!(
                out,
                "<div class=\"row\"><div class=\"lang\"><p class=\"label\">On the account</p>{}</div></div>",
                old_bubble(old, None)
            );
        }
        _ => {}
    }
    out.push_str("</section>\n");
}

/// Why a change is what it is, for the changes that say.
fn reasons(action: &Action) -> Vec<(&'static str, String)> {
    match action {
        Action::Blocked { why, .. } => {
            let (reason, unblock) = reasons::blocked(why);
            vec![("Why", reason), ("Unblocks", unblock)]
        }
        Action::Held { why, .. } => vec![
            ("Why", reasons::held(why)),
            (
                "Goes ahead",
                format!("once `{}` has it approved, as written", why.from()),
            ),
        ],
        Action::NeedsNewTemplate { why, .. } => vec![
            ("Why", reasons::needs_new_template(why)),
            ("Suggested name", why.suggested_name().to_owned()),
        ],
        Action::Update {
            send_compatibility, ..
        } if send_compatibility.breaking => reasons::send_breaks(&send_compatibility.breaks)
            .into_iter()
            .map(|r| ("Breaks senders", r))
            .collect(),
        Action::Create { notes, .. } | Action::Delete { notes, .. } => reasons::notes(notes)
            .into_iter()
            .map(|n| ("Note", n))
            .collect(),
        Action::Drift { drift } => vec![("Drift", reasons::drift(drift))],
        _ => Vec::new(),
    }
}
