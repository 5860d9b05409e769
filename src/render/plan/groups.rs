//! The template groups part of a plan, in words: one entry per group change (its symbol, the
//! group, and a line per description or membership change), then the groups left alone. The
//! three plan shapes (terminal, Markdown comment, HTML page) format the same entries.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::reconcile::groups::{GroupAction, GroupMember, GroupPlan};
use crate::render::escape::html as esc;
use crate::render::paint::Paint;

/// One group change, in words.
struct Entry {
    symbol: &'static str,
    /// `create`, `update`, `delete`, `in sync`.
    verb: &'static str,
    name: String,
    details: Vec<String>,
}

/// `Template groups: 1 to create, 1 to update, 0 to delete; 2 in sync; 1 unmanaged`.
pub fn summary(groups: &GroupPlan) -> String {
    let count =
        |f: fn(&GroupAction) -> bool| groups.changes.iter().filter(|c| f(&c.action)).count();
    let mut line = format!(
        "Template groups: {} to create, {} to update, {} to delete",
        count(|a| matches!(a, GroupAction::Create { .. })),
        count(|a| matches!(a, GroupAction::Update { .. })),
        count(|a| matches!(a, GroupAction::Delete { .. })),
    );
    let in_sync = count(|a| matches!(a, GroupAction::InSync { .. }));
    if in_sync > 0 {
        let _ = write!(line, "; {in_sync} in sync");
    }
    if !groups.unmanaged.is_empty() {
        let _ = write!(line, "; {} unmanaged", groups.unmanaged.len());
    }
    line
}

fn entries(groups: &GroupPlan, with_in_sync: bool) -> Vec<Entry> {
    groups
        .changes
        .iter()
        .filter(|c| with_in_sync || !matches!(c.action, GroupAction::InSync { .. }))
        .map(|change| {
            let name = change.name.clone();
            match &change.action {
                GroupAction::Create {
                    description,
                    templates,
                } => {
                    let mut details: Vec<String> = description
                        .iter()
                        .map(|d| format!("description: {d}"))
                        .collect();
                    details.extend(templates.iter().map(|m| format!("+ {}", member(m))));
                    Entry {
                        symbol: "+",
                        verb: "create",
                        name,
                        details,
                    }
                }
                GroupAction::Update {
                    description,
                    add,
                    remove,
                    ..
                } => {
                    let mut details = Vec::new();
                    if let Some(d) = description {
                        details.push(format!(
                            "description: {} → {}",
                            d.before.as_deref().unwrap_or("(none)"),
                            d.after.as_deref().unwrap_or("(none)")
                        ));
                    }
                    details.extend(add.iter().map(|m| format!("+ {}", member(m))));
                    details.extend(remove.iter().map(|m| format!("- {}", member(m))));
                    Entry {
                        symbol: "~",
                        verb: "update",
                        name,
                        details,
                    }
                }
                GroupAction::Delete { id } => Entry {
                    symbol: "-",
                    verb: "delete",
                    name,
                    details: vec![format!(
                        "group {id}, not in the files, in the prune scope; its templates stay"
                    )],
                },
                GroupAction::InSync { templates, .. } => Entry {
                    symbol: "=",
                    verb: "in sync",
                    name,
                    details: vec![format!(
                        "{templates} template{}",
                        if *templates == 1 { "" } else { "s" }
                    )],
                },
            }
        })
        .collect()
}

/// `order_update (en_US)`, with the id when known or a note when the template comes first.
fn member(m: &GroupMember) -> String {
    match (&m.name, &m.language, &m.id) {
        (Some(name), Some(language), Some(id)) => format!("{name} ({language}) id {id}"),
        (Some(name), Some(language), None) => {
            format!("{name} ({language}), once this apply has created it")
        }
        (_, _, Some(id)) => format!("template id {id} (not among the templates listed)"),
        _ => "an unknown template".to_owned(),
    }
}

/// For a terminal.
pub fn human(groups: &GroupPlan, paint: Paint, verbose: bool) -> String {
    let mut out = String::new();
    let shown = entries(groups, verbose);
    if !shown.is_empty() || !groups.unmanaged.is_empty() {
        out.push('\n');
    }
    for entry in &shown {
        let color = match entry.symbol {
            "+" => AnsiColor::Green,
            "-" => AnsiColor::Red,
            "~" => AnsiColor::Yellow,
            _ => AnsiColor::BrightBlack,
        };
        let _ = writeln!(
            out,
            "{} template group {} ({})",
            paint.style(color.on_default().bold(), entry.symbol),
            paint.style(Style::new().bold(), &format!("\"{}\"", entry.name)),
            entry.verb
        );
        for detail in &entry.details {
            let _ = writeln!(out, "    {detail}");
        }
    }
    if !groups.unmanaged.is_empty() {
        if !shown.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} template group{} on the account, not in the files (left alone):",
            groups.unmanaged.len(),
            if groups.unmanaged.len() == 1 { "" } else { "s" }
        );
        for g in &groups.unmanaged {
            let _ = writeln!(out, "    · \"{}\" (id {})", g.name, g.id);
        }
    }
    let _ = writeln!(out, "\n{}.", summary(groups));
    out
}

/// For the pull-request comment.
pub fn markdown(groups: &GroupPlan) -> String {
    let mut out = format!("### Template groups\n\n{}.\n\n", summary(groups));
    for entry in entries(groups, false) {
        let _ = writeln!(
            out,
            "- `{}` **{}** {}",
            entry.symbol,
            md(&entry.name),
            entry.verb
        );
        for detail in &entry.details {
            let _ = writeln!(out, "  - {}", md(detail));
        }
    }
    if !groups.unmanaged.is_empty() {
        let names: Vec<String> = groups
            .unmanaged
            .iter()
            .map(|g| format!("**{}** (id {})", md(&g.name), g.id))
            .collect();
        let _ = writeln!(
            out,
            "\nOn the account, not in the files (left alone): {}",
            names.join(", ")
        );
    }
    out.push('\n');
    out
}

/// For the HTML page.
pub fn html(groups: &GroupPlan) -> String {
    let mut out = format!(
        "<div class=\"change\"><h2>Template groups</h2><p class=\"why\">{}.</p>",
        esc(&summary(groups))
    );
    for entry in entries(groups, false) {
        let _ = write!(
            out,
            "<p><code>{}</code> <b>{}</b> {}</p><ul>",
            esc(entry.symbol),
            esc(&entry.name),
            esc(entry.verb)
        );
        for detail in &entry.details {
            let _ = write!(out, "<li>{}</li>", esc(detail));
        }
        out.push_str("</ul>");
    }
    if !groups.unmanaged.is_empty() {
        out.push_str("<p class=\"why\">On the account, not in the files (left alone):</p><ul>");
        for g in &groups.unmanaged {
            let _ = write!(out, "<li>{} (id {})</li>", esc(&g.name), esc(&g.id));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
    out
}

/// Markdown's special characters escaped, so a group name cannot format the comment.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|#~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::groups::{DescriptionChange, GroupChange, GroupRef};

    fn plan() -> GroupPlan {
        let m = |name: &str, id: Option<&str>| GroupMember {
            name: Some(name.into()),
            language: Some("en_US".into()),
            id: id.map(Into::into),
        };
        GroupPlan {
            fingerprint: "sha256:0".into(),
            changes: vec![
                GroupChange {
                    name: "Black Friday".into(),
                    action: GroupAction::Update {
                        id: "10".into(),
                        description: Some(DescriptionChange {
                            before: None,
                            after: Some("Sale".into()),
                        }),
                        add: vec![m("bf_new", None)],
                        remove: vec![m("bf_old", Some("4"))],
                        templates: vec![m("bf_new", None)],
                    },
                },
                GroupChange {
                    name: "Quiet".into(),
                    action: GroupAction::InSync {
                        id: "11".into(),
                        templates: 2,
                    },
                },
            ],
            unmanaged: vec![GroupRef {
                id: "12".into(),
                name: "Legacy_*".into(),
            }],
        }
    }

    #[test]
    fn every_shape_names_the_membership_changes() {
        let text = human(&plan(), Paint(false), false);
        assert!(
            text.contains("~ template group \"Black Friday\" (update)"),
            "{text}"
        );
        assert!(text.contains("description: (none) → Sale"), "{text}");
        assert!(
            text.contains("+ bf_new (en_US), once this apply has created it"),
            "{text}"
        );
        assert!(text.contains("- bf_old (en_US) id 4"), "{text}");
        assert!(!text.contains("Quiet"), "{text}");
        assert!(text.contains("· \"Legacy_*\" (id 12)"), "{text}");
        assert!(
            text.contains(
                "Template groups: 0 to create, 1 to update, 0 to delete; 1 in sync; 1 unmanaged."
            ),
            "{text}"
        );
        let md = markdown(&plan());
        assert!(md.contains("- `~` **Black Friday** update"), "{md}");
        assert!(md.contains("**Legacy\\_\\*** (id 12)"), "{md}");
        let page = html(&plan());
        assert!(page.contains("<li>- bf_old (en_US) id 4</li>"), "{page}");
    }
}
