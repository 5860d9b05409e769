//! `--reupload GLOB`: pushing a new media sample on purpose.
//!
//! Meta answers a sample with a CDN URL, never the handle or the bytes, so the plan cannot
//! tell whether a local `file:` sample changed, and does not try (a guess would show a change
//! after every apply). A template named with `--reupload` whose file holds a `file:` sample is
//! edited even when it is otherwise in sync: its sample is uploaded again and its components
//! sent whole, under the same edit rules as any other update.

use std::collections::HashSet;

use super::decide::blocked_reason;

use super::filter::glob_match;
use super::normalize;
use super::plan::{Action, Counts, EditRequest, FieldChange, Kind, Plan};
use super::reason::Explained;
use crate::template::model::{Template, TemplateKey};

/// The path the forced change is shown under.
pub const SAMPLE_PATH: &str = "components.HEADER.example.header_handle";

/// Turns the in-sync templates among `declared` that `globs` name and that hold a `file:`
/// sample into edits that re-upload it (blocked when their status allows no edit).
pub fn force(plan: &mut Plan, declared: &[Template], globs: &[String]) {
    if globs.is_empty() {
        return;
    }
    let taken: HashSet<String> = plan.changes.iter().map(|c| c.name.clone()).collect();
    for change in &mut plan.changes {
        if change.kind() != Kind::InSync || !globs.iter().any(|g| glob_match(g, &change.name)) {
            continue;
        }
        let key = TemplateKey {
            name: change.name.clone(),
            language: change.language.clone(),
        };
        let Some(template) = declared.iter().find(|t| t.key() == key) else {
            continue;
        };
        let samples: Vec<String> =
            crate::template::sample::reference::headers(&template.components)
                .into_iter()
                .flat_map(crate::template::sample::reference::file_entries)
                .map(|(entry, _)| entry.to_owned())
                .collect();
        if samples.is_empty() {
            continue;
        }
        let fields = vec![FieldChange {
            path: SAMPLE_PATH.into(),
            before: Some("the account's sample".to_owned()),
            after: Some(format!(
                "{} (uploaded again: --reupload)",
                samples.join(", ")
            )),
            text: false,
        }];
        let status = change.remote.as_ref().map(|r| r.status.clone());
        let approved = status.as_ref().is_some_and(|s| s.is_approved());
        change.action = match status {
            Some(status) if !status.is_editable() => Action::Blocked {
                wanted: Kind::Update,
                why: Explained(blocked_reason(&status, &change.name, &taken)),
                fields,
            },
            _ => Action::Update {
                fields,
                request: EditRequest {
                    components: Some(normalize::canonical(template).components),
                    ..EditRequest::default()
                },
                drift: None,
                send_compatibility: Default::default(),
                uses_approved_edit: approved,
            },
        };
    }
    plan.counts = Counts::of(&plan.changes);
    plan.has_changes = plan.counts.changes() > 0;
}
