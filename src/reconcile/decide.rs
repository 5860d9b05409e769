//! What one declared template needs, given the account's copy: a create, an update, a new
//! template (a frozen field changed), nothing, or a block with its reason and what unblocks it.

use std::collections::HashSet;

use super::convert;
use super::desired::Desired;
use super::drift::detect_drift;
use super::field_changes::field_changes;
use super::naming::suggest_name;
use super::normalize::{self, comparable_pair, effective_ttl};
use super::plan::{Action, Change, EditRequest, FieldChange, FieldPath, Kind, TopField};
use super::reason::{BlockReason, Explained, NewTemplateReason, Note};
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::Template;

/// A template whose file breaks Meta's rules is not sent: what it would need is blocked.
pub(super) fn block_invalid(change: &mut Change, desired: &Desired) {
    if desired.errors.is_empty() {
        return;
    }
    block(
        change,
        BlockReason::InvalidFile {
            errors: desired.errors.clone(),
        },
    );
}

/// A create or edit that would send the app-list placeholder `import` writes is blocked: Meta
/// would take it, and one-tap autofill would go to an app that does not exist.
pub(super) fn block_app_placeholder(change: &mut Change, desired: &Desired) {
    if !super::placeholder::has_app_placeholder(&desired.template) {
        return;
    }
    block(change, BlockReason::AppPlaceholder);
}

/// Turns a planned create or edit into a blocked change; other changes are left as they are.
fn block(change: &mut Change, reason: BlockReason) {
    let (wanted, fields) = match &change.action {
        Action::Create { .. } => (Kind::Create, Vec::new()),
        Action::Update { fields, .. } | Action::NeedsNewTemplate { fields, .. } => {
            (Kind::Update, fields.clone())
        }
        _ => return,
    };
    change.action = Action::Blocked {
        wanted,
        why: Explained(reason),
        fields,
    };
}

pub(super) fn create(
    desired: &Desired,
    gone_names: &HashSet<&str>,
    taken: &HashSet<String>,
) -> Change {
    let name = desired.template.name.as_str();
    let mut notes = Vec::new();
    if gone_names.contains(name) {
        notes.push(Note::DeletedNameMayBeHeld {
            name: name.to_owned(),
            suggested_name: suggest_name(name, taken),
        });
    }
    Change::for_desired(
        desired,
        Action::Create {
            request: Box::new(normalize::canonical(&desired.template)),
            notes: notes.into(),
        },
    )
}

pub(super) fn blocked_create(desired: &Desired, reason: BlockReason) -> Change {
    Change::for_desired(
        desired,
        Action::Blocked {
            wanted: Kind::Create,
            why: Explained(reason),
            fields: Vec::new(),
        },
    )
}

/// A declared template against its live copy on the account.
pub(super) fn compare(
    desired: &Desired,
    remote: &RemoteTemplate,
    status: &RemoteStatus,
    taken: &HashSet<String>,
) -> Change {
    let remote_template = match convert::to_document(remote) {
        Ok(converted) => converted.template,
        Err(err) => {
            return Change::for_desired(
                desired,
                Action::Blocked {
                    wanted: Kind::Update,
                    why: Explained(BlockReason::UnreadableAccountCopy {
                        error: err.to_string(),
                    }),
                    fields: Vec::new(),
                },
            );
        }
    };
    let (mut d, mut r) = comparable_pair(&desired.template, &remote_template);
    let drift = detect_drift(&d.category, remote);
    if drift.is_some() {
        // Reported, not fought; the TTL resets when Meta re-categorises (§3.8).
        r.category = d.category.clone();
        r.message_send_ttl_seconds = None;
        d.message_send_ttl_seconds = None;
    }
    let mut fields = if d == r {
        Vec::new()
    } else {
        field_changes(&r, &d)
    };
    show_default_ttl(&mut fields, &r, &d);
    if fields.is_empty() {
        return Change::for_desired(
            desired,
            match drift {
                Some(drift) => Action::Drift { drift },
                None => Action::InSync,
            },
        );
    }

    let frozen: Vec<FieldPath> = fields
        .iter()
        .filter(|f| match f.path.top() {
            TopField::ParameterFormat | TopField::SubCategory => true,
            TopField::Category => status.is_approved(),
            _ => false,
        })
        .map(|f| f.path.clone())
        .collect();
    if !frozen.is_empty() {
        return Change::for_desired(
            desired,
            Action::NeedsNewTemplate {
                fields,
                why: Explained(NewTemplateReason::FrozenFields {
                    frozen,
                    suggested_name: suggest_name(&desired.template.name, taken),
                }),
            },
        );
    }

    if !status.is_editable() {
        return Change::for_desired(
            desired,
            Action::Blocked {
                wanted: Kind::Update,
                why: Explained(blocked_reason(status, &desired.template.name, taken)),
                fields,
            },
        );
    }

    let request = edit_request(&desired.template, &fields);
    let send_compatibility =
        super::compat::check(&remote_template, &desired.template, status, taken);
    Change::for_desired(
        desired,
        Action::Update {
            fields,
            request,
            drift,
            send_compatibility,
            uses_approved_edit: status.is_approved(),
        },
    )
}

/// An absent TTL is the category's default: say which, rather than "none".
fn show_default_ttl(fields: &mut [FieldChange], remote: &Template, desired: &Template) {
    for field in fields
        .iter_mut()
        .filter(|f| f.path.top() == TopField::MessageSendTtlSeconds)
    {
        let default = |t: &Template| {
            effective_ttl(t).map(|ttl| format!("{ttl} (default for {})", t.category))
        };
        if field.before.is_none() {
            field.before = default(remote);
        }
        if field.after.is_none() {
            field.after = default(desired);
        }
    }
}

/// Why an edit is not possible in `status`.
pub(super) fn blocked_reason(
    status: &RemoteStatus,
    name: &str,
    taken: &HashSet<String>,
) -> BlockReason {
    match status {
        RemoteStatus::Pending => BlockReason::InReview,
        RemoteStatus::InAppeal => BlockReason::InAppeal,
        RemoteStatus::Disabled => BlockReason::Disabled {
            suggested_name: suggest_name(name, taken),
        },
        RemoteStatus::LimitExceeded => BlockReason::LimitExceeded,
        RemoteStatus::Locked => BlockReason::Locked,
        other => BlockReason::StatusNotEditable {
            status: other.clone(),
        },
    }
}

/// The edit body: only what changed among the three editable fields; `components` whole.
fn edit_request(desired: &Template, fields: &[FieldChange]) -> EditRequest {
    let canonical = normalize::canonical(desired);
    let changed = |field: TopField| fields.iter().any(|f| f.path.top() == field);
    EditRequest {
        category: changed(TopField::Category).then(|| canonical.category.clone()),
        components: changed(TopField::Components).then(|| canonical.components.clone()),
        message_send_ttl_seconds: if changed(TopField::MessageSendTtlSeconds) {
            effective_ttl(&canonical)
        } else {
            None
        },
    }
}
