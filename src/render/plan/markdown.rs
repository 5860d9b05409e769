//! The plan as a pull-request comment: a hidden marker first (so CI can find and update one
//! sticky comment), the summary, a table of changes, then each change's details in a
//! collapsible section with ```diff blocks. Kept under GitHub's 65,536-character limit:
//! what does not fit is left out with a notice saying how much and what to run instead.

use std::fmt::Write;

use similar::{ChangeTag, TextDiff};

use super::file_link::FileLinks;
use super::human::{status_label, summary_line, symbol};
use crate::explain::{self as reasons, APPROVED_EDIT_NOTE, ARCHIVE_NOTE};
use crate::graph::endpoint::Endpoint;
use crate::graph::usage::Requests;
use crate::plural::plural;
use crate::reconcile::plan::{Action, Change, FieldChange, FieldPath, Kind, Plan};
use crate::render::header::account_line;
use crate::render::preview::markdown as preview;

/// The first line of every comment; CI looks for it to update the comment in place.
pub const MARKER: &str = "<!-- wabactl-plan -->";

/// The default size cap, safely below GitHub's limit of 65,536 characters per comment.
pub const DEFAULT_LIMIT: usize = 60_000;

/// Room kept for the truncation notice.
const NOTICE_ROOM: usize = 600;

/// The comment, at most [`DEFAULT_LIMIT`] characters.
pub fn render(plan: &Plan, links: &FileLinks) -> String {
    render_with_limit(plan, DEFAULT_LIMIT, links)
}

/// The comment, at most `limit` characters (bytes, which is stricter).
pub fn render_with_limit(plan: &Plan, limit: usize, links: &FileLinks) -> String {
    let mut head = format!(
        "{MARKER}\n## wabactl plan\n\n**{}**\n\n",
        summary_line(&plan.counts)
    );
    if let Some(account) = &plan.account {
        let _ = write!(
            head,
            "{}",
            account_line(account, plan.api_version.as_deref(), plan.endpoint.as_ref())
        );
        let _ = write!(head, " · state `{}`", short_fingerprint(&plan.fingerprint));
        if let Some(requests) = &plan.requests {
            let _ = write!(head, " · {}", requests.summary());
        }
        head.push_str("\n\n");
    }
    if let Some(warning) = plan.requests.as_ref().and_then(Requests::warning) {
        let _ = writeln!(head, "> [!WARNING]\n> {warning}.\n");
    }
    if let Some(warning) = plan.endpoint.as_ref().and_then(Endpoint::warning) {
        let _ = writeln!(head, "> [!WARNING]\n> {warning}\n");
    }
    if let Some(warning) = &plan.api_version_warning {
        let _ = writeln!(head, "> [!WARNING]\n> {}.\n", warning.message);
    }
    attention_section(&mut head, plan);
    if let Some(groups) = &plan.groups {
        head.push_str(&super::groups::markdown(groups));
    }
    if plan.needs_force {
        let _ = writeln!(
            head,
            "> [!CAUTION]\n> This plan deletes {} template(s), all or more than the allowed share \
             of those the prune scope covers: applying it needs `--force`.\n",
            plan.counts.delete
        );
    }
    let tail = if plan.counts.in_sync > 0 {
        format!(
            "{} in sync.\n",
            plural(plan.counts.in_sync, "template", "templates")
        )
    } else {
        String::new()
    };

    let mut budget = limit.saturating_sub(head.len() + tail.len() + NOTICE_ROOM);
    let table_head = "| | Template | Language | Change | Status |\n|:-:|---|---|---|---|\n";
    let mut rows = String::new();
    let mut details = String::new();
    let mut omitted = 0;
    let listed: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| !matches!(c.kind(), Kind::Unmanaged | Kind::InSync))
        .collect();
    if !listed.is_empty() {
        budget = budget.saturating_sub(table_head.len() + 2);
    }
    // Previews are cut first: they get only the room the changes themselves leave.
    let previews: Vec<String> = listed.iter().map(|c| preview::of_change(c)).collect();
    let bare: usize = listed
        .iter()
        .map(|c| table_row(c, links).len() + change_details(c, "", links).len())
        .sum();
    let mut preview_room = budget.saturating_sub(bare);
    let mut previews_cut = 0;
    for (change, preview) in listed.iter().zip(&previews) {
        let preview = if preview.len() <= preview_room {
            preview_room -= preview.len();
            preview.as_str()
        } else {
            previews_cut += usize::from(!preview.is_empty());
            ""
        };
        let row = table_row(change, links);
        let detail = change_details(change, preview, links);
        if omitted > 0 || row.len() + detail.len() > budget {
            omitted += 1;
            continue;
        }
        budget -= row.len() + detail.len();
        rows.push_str(&row);
        details.push_str(&detail);
    }

    let unmanaged: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.kind() == Kind::Unmanaged)
        .collect();
    let mut unmanaged_section = String::new();
    let mut unlisted = 0;
    if !unmanaged.is_empty() {
        let open = format!(
            "<details><summary>{} on the account, not in the files (left alone)</summary>\n\n",
            plural(unmanaged.len(), "template", "templates")
        );
        let close = "\n</details>\n\n";
        if open.len() + close.len() <= budget {
            budget -= open.len() + close.len();
            unmanaged_section.push_str(&open);
            for change in &unmanaged {
                let status = change
                    .remote
                    .as_ref()
                    .map(|r| format!(" · {}", status_label(r)))
                    .unwrap_or_default();
                let item = format!(
                    "- `{}` ({}){}\n",
                    change.name,
                    escape(&change.language),
                    escape(&status)
                );
                if unlisted > 0 || item.len() > budget {
                    unlisted += 1;
                    continue;
                }
                budget -= item.len();
                unmanaged_section.push_str(&item);
            }
            unmanaged_section.push_str(close);
        } else {
            unlisted = unmanaged.len();
        }
    }

    let mut out = head;
    if !rows.is_empty() {
        out.push_str(table_head);
        out.push_str(&rows);
        out.push('\n');
    }
    out.push_str(&details);
    out.push_str(&unmanaged_section);
    if previews_cut > 0 {
        let _ = writeln!(
            out,
            "> [!NOTE]\n> {} left out to stay under GitHub's size limit: the HTML plan \
             (`wabactl plan --html plan.html`) shows every message.\n",
            plural(previews_cut, "message preview", "message previews")
        );
    }
    if omitted > 0 || unlisted > 0 {
        let mut what = Vec::new();
        if omitted > 0 {
            what.push(format!("{} omitted", plural(omitted, "change", "changes")));
        }
        if unlisted > 0 {
            what.push(format!(
                "{} not listed",
                plural(unlisted, "unmanaged template", "unmanaged templates")
            ));
        }
        let _ = writeln!(
            out,
            "> [!WARNING]\n> This comment is truncated to stay under GitHub's size limit: {}. \
             Run `wabactl plan` locally for the full plan.",
            what.join(", ")
        );
    }
    if !tail.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&tail);
    out
}

/// Attention rows shown before the rest are summed up (the section is never truncated away).
const ATTENTION_ROWS: usize = 50;

/// Declared templates that match the files but cannot be sent: a table with why and what to do.
fn attention_section(out: &mut String, plan: &Plan) {
    if plan.attention.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### ⚠ Needs attention: {} on the account as declared but cannot be sent\n\n\
         | Template | Language | Status | Why | To do |\n|---|---|---|---|---|",
        plural(plan.attention.len(), "template", "templates")
    );
    for item in plan.attention.iter().take(ATTENTION_ROWS) {
        let (reason, action) = reasons::attention(item);
        let _ = writeln!(
            out,
            "| `{}` | {} | **{}** | {} | {} |",
            item.name,
            escape(&item.language),
            escape(item.status.as_str()),
            escape(&reason),
            escape(&action)
        );
    }
    if plan.attention.len() > ATTENTION_ROWS {
        let _ = writeln!(
            out,
            "\n... and {} more (`wabactl plan --format json` lists them all)",
            plan.attention.len() - ATTENTION_ROWS
        );
    }
    out.push('\n');
}

fn short_fingerprint(fingerprint: &str) -> &str {
    let end = fingerprint.len().min("sha256:".len() + 12);
    &fingerprint[..end]
}

/// Text safe inside a table cell or an HTML summary.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

fn change_label(change: &Change) -> String {
    match &change.action {
        Action::Blocked { wanted, .. } => format!("blocked ({})", wanted.label()),
        Action::Held { wanted, .. } => format!("held ({})", wanted.label()),
        Action::Update {
            fields,
            send_compatibility,
            ..
        } => format!(
            "update ({}){}",
            plural(fields.len(), "field", "fields"),
            if send_compatibility.breaking {
                " ⚠ breaks senders"
            } else {
                ""
            }
        ),
        other => other.kind().label().to_owned(),
    }
}

fn table_row(change: &Change, links: &FileLinks) -> String {
    let status = change
        .remote
        .as_ref()
        .map_or_else(|| "–".to_owned(), |r| escape(&status_label(r)));
    let name = match &change.source {
        Some(source) => format!(
            "[`{}`]({})",
            change.name,
            super::file_link::link(source, links)
        ),
        None => format!("`{}`", change.name),
    };
    format!(
        "| `{}` | {name} | {} | {} | {} |\n",
        symbol(change.kind()),
        escape(&change.language),
        change_label(change),
        status
    )
}

fn change_details(change: &Change, preview: &str, links: &FileLinks) -> String {
    let mut body = String::new();
    body.push_str(preview);
    // What a reviewer must not miss stands before the collapsed section, not in it.
    let mut lead = String::new();
    match &change.action {
        Action::Create { request, notes } => {
            if let Some(source) = &change.source {
                let link = super::file_link::link(source, links);
                let _ = writeln!(body, "Declared in [`{source}`]({link}).\n");
            }
            for note in reasons::notes(notes) {
                let _ = writeln!(body, "> [!NOTE]\n> {}\n", escape(&note));
            }
            let json = serde_json::to_string_pretty(request).expect("plain data");
            fenced(&mut body, "json", &json);
        }
        Action::Update {
            fields,
            drift,
            send_compatibility,
            uses_approved_edit,
            ..
        } => {
            let who = format!("`{}` ({})", change.name, escape(&change.language));
            if send_compatibility.breaking {
                let _ = writeln!(lead, "> [!WARNING]\n> {who} **breaks senders:**");
                for reason in &reasons::send_breaks(&send_compatibility.breaks) {
                    let _ = writeln!(lead, "> - {}", escape(reason));
                }
                if let Some(name) = &send_compatibility.suggested_name {
                    let _ = writeln!(
                        lead,
                        ">\n> Instead: declare it as `{name}`, move senders to it, then remove `{}`.",
                        change.name
                    );
                }
                lead.push('\n');
            }
            if *uses_approved_edit {
                let _ = writeln!(lead, "> [!NOTE]\n> {who}: {}\n", escape(APPROVED_EDIT_NOTE));
            }
            fenced(&mut body, "diff", &fields_diff(fields, &[]));
            if let Some(drift) = drift {
                let _ = writeln!(body, "{}\n", escape(&reasons::drift(drift)));
            }
        }
        Action::NeedsNewTemplate { fields, why } => {
            let _ = writeln!(
                body,
                "{}\n\nSuggested name: `{}`\n",
                escape(&reasons::needs_new_template(why)),
                why.suggested_name()
            );
            fenced(&mut body, "diff", &fields_diff(fields, why.frozen()));
        }
        Action::Blocked { why, fields, .. } => {
            let (reason, unblock) = reasons::blocked(why);
            let _ = writeln!(
                body,
                "Why: {}\n\nUnblocks: {}\n",
                escape(&reason),
                escape(&unblock)
            );
            if !fields.is_empty() {
                fenced(&mut body, "diff", &fields_diff(fields, &[]));
            }
        }
        Action::Held { why, .. } => {
            let _ = writeln!(
                body,
                "Why: {}\n\nGoes ahead once `{}` has it approved, as written.\n",
                escape(&reasons::held(why)),
                escape(why.from())
            );
        }
        Action::Delete { request, notes } => {
            let _ = writeln!(
                body,
                "Deletes this language only (`hsm_id` {}).\n",
                request.hsm_id
            );
            for note in reasons::notes(notes) {
                let _ = writeln!(body, "Note: {}.\n", escape(&note));
            }
        }
        Action::Archive { request } => {
            let _ = writeln!(
                body,
                "Archive `hsm_id {}`: {ARCHIVE_NOTE}.\n",
                request.hsm_id
            );
        }
        Action::Unarchive {
            request,
            fields,
            edit,
            notes,
        } => {
            let then = if edit.is_some() { ", then edit it" } else { "" };
            let _ = writeln!(body, "Unarchive `hsm_id {}`{then}.\n", request.hsm_id);
            for note in reasons::notes(notes) {
                let _ = writeln!(body, "> [!NOTE]\n> {}\n", escape(&note));
            }
            if !fields.is_empty() {
                fenced(&mut body, "diff", &fields_diff(fields, &[]));
            }
        }
        Action::Drift { drift } => {
            let _ = writeln!(body, "{}\n", escape(&reasons::drift(drift)));
        }
        Action::Unmanaged | Action::InSync => {}
    }
    for upload in &change.uploads {
        let _ = writeln!(
            body,
            "Uploads {} first (Resumable Upload API).\n",
            escape(&super::uploads::describe(upload))
        );
    }
    format!(
        "{lead}<details><summary><code>{}</code> <b>{}</b> ({}): {}</summary>\n\n{}</details>\n\n",
        symbol(change.kind()),
        change.name,
        escape(&change.language),
        escape(&change_label(change)),
        body
    )
}

/// A unified-style diff of the changed fields: one `@@ path @@` hunk each; message text line
/// by line.
fn fields_diff(fields: &[FieldChange], frozen: &[FieldPath]) -> String {
    let mut out = String::new();
    for field in fields {
        let marker = if frozen.contains(&field.path) {
            " (frozen)"
        } else {
            ""
        };
        let _ = writeln!(out, "@@ {}{marker} @@", field.path);
        match (&field.before, &field.after) {
            (Some(before), Some(after)) if field.text => {
                let diff = TextDiff::from_lines(before.as_str(), after.as_str());
                for change in diff.iter_all_changes() {
                    let sign = match change.tag() {
                        ChangeTag::Equal => ' ',
                        ChangeTag::Delete => '-',
                        ChangeTag::Insert => '+',
                    };
                    let line = change.value().strip_suffix('\n').unwrap_or(change.value());
                    let _ = writeln!(out, "{sign}{line}");
                }
            }
            (before, after) => {
                for (sign, value) in [('-', before), ('+', after)] {
                    if let Some(value) = value {
                        for line in value.split('\n') {
                            let _ = writeln!(out, "{sign}{line}");
                        }
                    }
                }
            }
        }
    }
    out
}

/// A fenced code block whose fence is longer than any run of backticks inside it.
fn fenced(out: &mut String, language: &str, content: &str) {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let content = content.strip_suffix('\n').unwrap_or(content);
    let _ = writeln!(out, "{fence}{language}\n{content}\n{fence}\n");
}
