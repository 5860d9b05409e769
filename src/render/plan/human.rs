//! The plan for a terminal: one line per change with its symbol and review status, field
//! changes below it (message text as a word-level diff), and a closing summary line.
//!
//! Symbols: `+` create, `~` update, `-` delete, `!` needs a new template or blocked, `?` drift,
//! `=` in sync (listed only when verbose). Colour is a parameter so that output is the same
//! everywhere in tests; the caller decides it from the terminal and NO_COLOR.

use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};

use crate::explain::{self as reasons, APPROVED_EDIT_NOTE, ARCHIVE_NOTE};
use crate::graph::endpoint::Endpoint;
use crate::plural::plural;
use crate::reconcile::plan::{
    Action, Change, Counts, FieldChange, FieldPath, Kind, Plan, RemoteState,
};
use crate::render::header::account_line;
use crate::render::paint::Paint;
use crate::render::word_diff::{self, Run};
use crate::render::wrap::labelled;
use crate::template::model::ParameterFormat;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// ANSI colours and emphasis; without, changed words are marked `[-old-]` / `{+new+}`.
    pub colored: bool,
    /// List in-sync templates and every unmanaged one.
    pub verbose: bool,
    /// Wrap explanations at this many columns (the terminal's width); `None`: no wrapping.
    pub width: Option<usize>,
}

/// Unmanaged templates listed without `verbose`.
const UNMANAGED_SHOWN: usize = 10;

/// The whole plan as text, ending with the summary line and a newline.
pub fn render(plan: &Plan, options: Options) -> String {
    let paint = Paint(options.colored);
    let mut out = String::new();
    if let Some(account) = &plan.account {
        let line = account_line(account, plan.api_version.as_deref(), plan.endpoint.as_ref());
        let _ = writeln!(out, "{line}\n");
    }
    if let Some(warning) = plan.endpoint.as_ref().and_then(Endpoint::warning) {
        let _ = writeln!(
            out,
            "{}: {warning}\n",
            paint.style(AnsiColor::Yellow.on_default().bold(), "warning")
        );
    }
    for change in &plan.changes {
        match change.kind() {
            Kind::Unmanaged => continue,
            Kind::InSync if !options.verbose => continue,
            _ => render_change(&mut out, change, paint, options.width),
        }
    }
    render_attention(&mut out, plan, paint, options.width);
    if let Some(groups) = &plan.groups {
        out.push_str(&super::groups::human(groups, paint, options.verbose));
    }
    let unmanaged: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.kind() == Kind::Unmanaged)
        .collect();
    if !unmanaged.is_empty() {
        let _ = writeln!(
            out,
            "\n{} on the account, not in the files (left alone):",
            plural(unmanaged.len(), "template", "templates")
        );
        let shown = if options.verbose {
            unmanaged.len()
        } else {
            UNMANAGED_SHOWN
        };
        for change in unmanaged.iter().take(shown) {
            let _ = writeln!(
                out,
                "    {} {}{}",
                paint.style(Style::new().effects(Effects::DIMMED), "·"),
                key(change),
                status_suffix(change.remote.as_ref())
            );
        }
        if unmanaged.len() > shown {
            let _ = writeln!(
                out,
                "    ... and {} more (--verbose lists them all)",
                unmanaged.len() - shown
            );
        }
    }
    if plan.counts.in_sync > 0 && !options.verbose {
        let _ = writeln!(
            out,
            "\n{} in sync.",
            plural(plan.counts.in_sync, "template", "templates")
        );
    }
    if plan.needs_force {
        let _ = writeln!(
            out,
            "\n{} this plan deletes {} template(s), all or more than the allowed share of those \
             the prune scope covers: applying it needs --force.",
            paint.style(AnsiColor::Red.on_default().bold(), "warning:"),
            plan.counts.delete
        );
    }
    // At the foot, where a long plan is read last: a version that ends soon needs action.
    if let Some(warning) = &plan.api_version_warning {
        let _ = writeln!(
            out,
            "\n{} {}.",
            paint.style(AnsiColor::Yellow.on_default().bold(), "warning:"),
            warning.message
        );
    }
    if let Some(requests) = &plan.requests {
        let _ = write!(out, "\nRead the account with {}.", requests.summary());
        if let Some(warning) = requests.warning() {
            let _ = write!(
                out,
                "\n{} {warning}.",
                paint.style(AnsiColor::Yellow.on_default().bold(), "warning:")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint.style(Style::new().bold(), &summary_line(&plan.counts))
    );
    out
}

/// `Plan: 3 to create, 1 to update, 0 to delete; 2 unmanaged; 1 blocked`, then the counts of
/// templates needing a new name and drifted ones when there are any.
pub fn summary_line(counts: &Counts) -> String {
    let mut line = format!(
        "Plan: {} to create, {} to update, {} to delete; {} unmanaged; {} blocked",
        counts.create, counts.update, counts.delete, counts.unmanaged, counts.blocked
    );
    if counts.archive > 0 {
        let _ = write!(line, "; {} to archive", counts.archive);
    }
    if counts.unarchive > 0 {
        let _ = write!(line, "; {} to unarchive", counts.unarchive);
    }
    if counts.needs_new_template > 0 {
        let _ = write!(line, "; {} need a new template", counts.needs_new_template);
    }
    if counts.held > 0 {
        let _ = write!(line, "; {} held", counts.held);
    }
    if counts.drift > 0 {
        let _ = write!(line, "; {} drifted", counts.drift);
    }
    if counts.attention > 0 {
        let _ = write!(line, "; {}", attention_count(counts.attention));
    }
    line
}

/// `1 needs attention`, `2 need attention`: declared templates on the account that cannot be
/// sent, the one count of attention every format shows (`counts.attention`).
pub fn attention_count(n: usize) -> String {
    plural(n, "needs attention", "need attention")
}

/// `+`, `~`, `-`, `a` (archive), `u` (unarchive), `!`, `?`, `=`.
pub fn symbol(kind: Kind) -> &'static str {
    match kind {
        Kind::Create => "+",
        Kind::Update => "~",
        Kind::Delete => "-",
        Kind::Archive => "a",
        Kind::Unarchive => "u",
        Kind::NeedsNewTemplate | Kind::Blocked => "!",
        Kind::Held => "…",
        Kind::Drift => "?",
        Kind::InSync => "=",
        Kind::Unmanaged => "·",
    }
}

/// `APPROVED`, `REJECTED (INVALID_FORMAT)`, `APPROVED, quality GREEN`.
pub fn status_label(remote: &RemoteState) -> String {
    let mut label = remote.status.to_string();
    if let Some(reason) = &remote.rejected_reason {
        let _ = write!(label, " ({reason})");
    }
    if let Some(quality) = &remote.quality {
        let _ = write!(label, ", quality {quality}");
    }
    label
}

fn status_suffix(remote: Option<&RemoteState>) -> String {
    remote
        .map(|r| format!("  [{}]", status_label(r)))
        .unwrap_or_default()
}

fn key(change: &Change) -> String {
    format!("{} ({})", change.name, change.language)
}

fn kind_style(kind: Kind) -> Style {
    match kind {
        Kind::Create => AnsiColor::Green.on_default(),
        Kind::Update => AnsiColor::Yellow.on_default(),
        Kind::Delete | Kind::Archive => AnsiColor::Red.on_default(),
        Kind::Unarchive => AnsiColor::Green.on_default(),
        Kind::NeedsNewTemplate | Kind::Blocked => AnsiColor::Magenta.on_default(),
        Kind::Held => AnsiColor::Blue.on_default(),
        Kind::Drift => AnsiColor::Cyan.on_default(),
        Kind::InSync | Kind::Unmanaged => Style::new().effects(Effects::DIMMED),
    }
}

fn render_change(out: &mut String, change: &Change, paint: Paint, width: Option<usize>) {
    let kind = change.kind();
    let style = kind_style(kind);
    let label = match &change.action {
        Action::Blocked { wanted, .. } => format!("blocked ({})", wanted.label()),
        Action::Held { wanted, .. } => format!("held ({})", wanted.label()),
        other => other.kind().label().to_owned(),
    };
    let _ = writeln!(
        out,
        "{} {}  {}{}",
        paint.style(style.bold(), symbol(kind)),
        paint.style(Style::new().bold(), &key(change)),
        paint.style(style, &label),
        status_suffix(change.remote.as_ref())
    );
    let indent = "    ";
    match &change.action {
        Action::Create { request, notes } => {
            let mut facts = vec![format!("category {}", request.category)];
            if request.parameter_format == Some(ParameterFormat::Named) {
                facts.push("parameter_format NAMED".into());
            }
            facts.push(plural(request.components.len(), "component", "components"));
            if let Some(source) = &change.source {
                facts.push(source.to_string());
            }
            let _ = writeln!(out, "{indent}{}", facts.join(" · "));
            for note in reasons::notes(notes) {
                out.push_str(&labelled(indent, "note: ", &note, width));
            }
        }
        Action::Update {
            fields,
            drift,
            send_compatibility,
            uses_approved_edit,
            ..
        } => {
            render_fields(out, fields, &[], paint);
            if *uses_approved_edit {
                out.push_str(&labelled(indent, "note: ", APPROVED_EDIT_NOTE, width));
            }
            if let Some(drift) = drift {
                let drifted = paint.style(kind_style(Kind::Drift).bold(), "?");
                out.push_str(&marked(
                    indent,
                    "? ",
                    &drifted,
                    &reasons::drift(drift),
                    width,
                ));
            }
            let warning = paint.style(kind_style(Kind::Blocked).bold(), "!");
            for reason in &reasons::send_breaks(&send_compatibility.breaks) {
                out.push_str(&marked(
                    indent,
                    "! breaks senders: ",
                    &warning,
                    reason,
                    width,
                ));
            }
            if let Some(name) = &send_compatibility.suggested_name {
                let instead = format!(
                    "declare it as `{name}`, move senders to it, then remove `{}`",
                    change.name
                );
                out.push_str(&labelled(indent, "instead: ", &instead, width));
            }
        }
        Action::NeedsNewTemplate { fields, why } => {
            render_fields(out, fields, why.frozen(), paint);
            let reason = reasons::needs_new_template(why);
            out.push_str(&labelled(indent, "why: ", &reason, width));
            let _ = writeln!(out, "{indent}suggested name: {}", why.suggested_name());
        }
        Action::Blocked { why, fields, .. } => {
            render_fields(out, fields, &[], paint);
            let (reason, unblock) = reasons::blocked(why);
            out.push_str(&labelled(indent, "why: ", &reason, width));
            out.push_str(&labelled(indent, "unblocks: ", &unblock, width));
        }
        Action::Held { why, .. } => {
            out.push_str(&labelled(indent, "why: ", &reasons::held(why), width));
            let _ = writeln!(
                out,
                "{indent}goes ahead once `{}` has it approved, as written",
                why.from()
            );
        }
        Action::Delete { request, notes } => {
            let _ = writeln!(
                out,
                "{indent}delete this language only (hsm_id {})",
                request.hsm_id
            );
            for note in reasons::notes(notes) {
                out.push_str(&labelled(indent, "note: ", &note, width));
            }
        }
        Action::Archive { request } => {
            let archive = format!("(hsm_id {}): {ARCHIVE_NOTE}", request.hsm_id);
            out.push_str(&labelled(indent, "archive ", &archive, width));
        }
        Action::Unarchive {
            request,
            fields,
            edit,
            notes,
        } => {
            let _ = writeln!(
                out,
                "{indent}unarchive (hsm_id {}){}",
                request.hsm_id,
                if edit.is_some() { ", then edit it" } else { "" }
            );
            render_fields(out, fields, &[], paint);
            for note in reasons::notes(notes) {
                out.push_str(&labelled(indent, "note: ", &note, width));
            }
        }
        Action::Drift { drift } => {
            out.push_str(&labelled(indent, "", &reasons::drift(drift), width));
        }
        Action::Unmanaged | Action::InSync => {}
    }
    for upload in &change.uploads {
        let _ = writeln!(out, "{indent}↑ upload {}", super::uploads::describe(upload));
    }
}

/// `label` (starting with a one-character marker) and `text` wrapped as [`labelled`] does, the
/// marker then painted: the width is counted on the plain text.
fn marked(indent: &str, label: &str, painted: &str, text: &str, width: Option<usize>) -> String {
    let plain = labelled(indent, label, text, width);
    let marker = &label[..1];
    plain.replacen(marker, painted, 1)
}

/// Declared templates that match the files but cannot be sent, each with why and what to do.
fn render_attention(out: &mut String, plan: &Plan, paint: Paint, width: Option<usize>) {
    if plan.attention.is_empty() {
        return;
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} {} as declared but cannot be sent:",
        paint.style(AnsiColor::Red.on_default().bold(), "attention:"),
        plural(
            plan.attention.len(),
            "template is on the account",
            "templates are on the account"
        )
    );
    for item in &plan.attention {
        let _ = writeln!(
            out,
            "{} {} ({})  {}",
            paint.style(AnsiColor::Red.on_default().bold(), "!"),
            paint.style(Style::new().bold(), &item.name),
            item.language,
            paint.style(AnsiColor::Red.on_default(), item.status.as_str())
        );
        let (reason, action) = reasons::attention(item);
        out.push_str(&labelled("    ", "why: ", &reason, width));
        out.push_str(&labelled("    ", "to do: ", &action, width));
    }
}

fn render_fields(out: &mut String, fields: &[FieldChange], frozen: &[FieldPath], paint: Paint) {
    let indent = "    ";
    for field in fields {
        let marker = if frozen.contains(&field.path) {
            "  (frozen)"
        } else {
            ""
        };
        match (&field.before, &field.after) {
            (Some(before), Some(after)) if field.text => {
                let _ = writeln!(out, "{indent}~ {}:{marker}", field.path);
                let (old, new) = word_diff::word_runs(before, after);
                write_runs(out, "-", &old, AnsiColor::Red, paint);
                write_runs(out, "+", &new, AnsiColor::Green, paint);
            }
            (before, after) => {
                let show = |v: &Option<String>| match v.as_deref() {
                    None => "(none)".to_owned(),
                    Some("") => "\"\"".to_owned(),
                    Some(s) => s.to_owned(),
                };
                let _ = writeln!(
                    out,
                    "{indent}~ {}: {} → {}{marker}",
                    field.path,
                    paint.style(AnsiColor::Red.on_default(), &show(before)),
                    paint.style(AnsiColor::Green.on_default(), &show(after)),
                );
            }
        }
    }
}

/// One side of a word diff, one output line per text line, changed words emphasised.
fn write_runs(out: &mut String, sign: &str, runs: &[Run], color: AnsiColor, paint: Paint) {
    let base = color.on_default();
    let emphasis = color.on_default().bold().underline();
    let (open, close) = if sign == "-" {
        ("[-", "-]")
    } else {
        ("{+", "+}")
    };
    for line in word_diff::lines(runs) {
        let _ = write!(out, "        {}", paint.style(base, sign));
        if !line.is_empty() {
            out.push(' ');
        }
        for (changed, text) in &line {
            if !*changed {
                let _ = write!(out, "{}", paint.style(base, text));
            } else if paint.0 {
                let _ = write!(out, "{}", paint.style(emphasis, text));
            } else {
                let _ = write!(out, "{open}{text}{close}");
            }
        }
        out.push('\n');
    }
}
