//! What `apply` did to the template groups, for a terminal: one line per group write.

use anstyle::AnsiColor;

use crate::apply::groups::{GroupOutcome, GroupResult, GroupWrite};
use crate::render::paint::Paint;

/// One line per group outcome, each starting with its symbol.
pub fn lines(outcomes: &[GroupOutcome], paint: Paint) -> Vec<String> {
    outcomes
        .iter()
        .map(|o| {
            let verb = match o.kind {
                GroupWrite::Create => "created",
                GroupWrite::Update => "updated",
                GroupWrite::Delete => "deleted",
            };
            let mut line = match &o.result {
                GroupResult::Done { id, templates } => format!(
                    "{} template group \"{}\" {verb} (id {id}{})",
                    paint.style(AnsiColor::Green.on_default().bold(), "✓"),
                    o.name,
                    if o.kind == GroupWrite::Delete {
                        String::new()
                    } else {
                        format!(", {templates} templates")
                    }
                ),
                GroupResult::Waiting => format!(
                    "{} template group \"{}\" not created: none of its templates is on the \
                     account yet; a later apply creates it",
                    paint.style(AnsiColor::Magenta.on_default().bold(), "!"),
                    o.name
                ),
                GroupResult::Failed { error } => format!(
                    "{} template group \"{}\" not {verb}: {error}",
                    paint.style(AnsiColor::Red.on_default().bold(), "✗"),
                    o.name
                ),
                GroupResult::Mismatch { id, sent, holds } => format!(
                    "{} template group \"{}\" (id {id}) holds templates [{}] after the write, not \
                     the [{}] sent (see assumption `group-update` in docs/meta-api.md); run \
                     `wabactl plan` to see the account",
                    paint.style(AnsiColor::Red.on_default().bold(), "✗"),
                    o.name,
                    holds.join(", "),
                    sent.join(", ")
                ),
            };
            if !o.skipped.is_empty() {
                let names: Vec<String> = o
                    .skipped
                    .iter()
                    .map(|m| {
                        format!(
                            "{} ({})",
                            m.name.as_deref().unwrap_or("?"),
                            m.language.as_deref().unwrap_or("?")
                        )
                    })
                    .collect();
                line.push_str(&format!(
                    "; left out, not on the account: {}",
                    names.join(", ")
                ));
            }
            line
        })
        .collect()
}
