//! Desired templates against the account's templates → a [`Plan`].
//!
//! Decisions, per (name, language):
//! * Not on the account → create. A DELETED copy does not count as present; when one exists
//!   for the name, the create carries a note: Meta holds the name of a deleted approved
//!   template for up to 30 days (error 2388023). A PENDING_DELETION copy blocks the create
//!   (the name is held while undelivered messages are retried), and an ARCHIVED copy blocks it
//!   too (it still exists: unarchive it to manage it again).
//! * Equal after normalising → in sync, or drift when Meta re-categorised it.
//! * A frozen field differs (parameter format, sub-category, category of an APPROVED
//!   template) → needs a new template, with an unused name suggested; never delete + create.
//! * Other differences → update when the status allows edits (APPROVED, REJECTED, PAUSED),
//!   blocked otherwise, with the reason and what unblocks it.
//! * On the account only → unmanaged, or delete when prune is on and the name is in scope
//!   (DISABLED templates cannot be deleted: blocked).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::convert;
use super::filter::Selection;
use super::normalize::{self, comparable_pair, effective_ttl};
use super::plan::{
    Action, Change, Counts, DeleteRequest, Drift, EditRequest, FORMAT_VERSION, FieldChange, Kind,
    Plan, RemoteState, Source, fingerprint, status_of,
};
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::Template;

/// A template from the files, with where it was declared.
#[derive(Debug, Clone)]
pub struct Desired {
    pub template: Template,
    pub source: Option<Source>,
    /// Meta's rules the file breaks (`rule: message`): such a template is never sent, so any
    /// create or edit it needs is blocked until the file is fixed. A template that already
    /// matches the account (a legacy one, say) stays in sync.
    pub errors: Vec<String>,
}

impl From<Template> for Desired {
    fn from(template: Template) -> Self {
        Desired {
            template,
            source: None,
            errors: Vec::new(),
        }
    }
}

/// What to plan and how.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Only these templates are looked at (`--name`, `--language`); others are left out.
    pub selection: Selection,
    /// Plan deletes for templates on the account that the files do not declare.
    pub prune: bool,
    /// Which names prune may delete (globs; empty means every name).
    pub prune_scope: Vec<String>,
    /// The share of the templates in the prune scope a plan may delete without `--force`.
    pub prune_threshold: f64,
    pub account: Option<String>,
    pub api_version: Option<String>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            selection: Selection::default(),
            prune: false,
            prune_scope: Vec::new(),
            prune_threshold: 0.30,
            account: None,
            api_version: None,
        }
    }
}

/// Computes the plan. Pure: the same inputs always give the same plan.
pub fn plan(desired: &[Desired], remote: &[RemoteTemplate], options: &PlanOptions) -> Plan {
    plan_owned(desired.to_vec(), remote, options)
}

/// [`plan`], letting go of each declared template once its change is known (an account's worth
/// of templates is a fair share of `plan`'s memory).
pub fn plan_owned(desired: Vec<Desired>, remote: &[RemoteTemplate], options: &PlanOptions) -> Plan {
    let selected = |name: &str, language: &str| options.selection.matches(name, language);

    // Positions in `remote` by (name, language).
    let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in remote.iter().enumerate() {
        by_key
            .entry((r.name.as_str(), r.language.as_str()))
            .or_default()
            .push(i);
    }
    let entries_of = |positions: &[usize]| -> Vec<&RemoteTemplate> {
        positions.iter().map(|&i| &remote[i]).collect()
    };
    // Names a new template must not take: every name on the account (deleted ones may be
    // locked) and in the files.
    let mut taken: HashSet<String> = remote.iter().map(|r| r.name.clone()).collect();
    taken.extend(desired.iter().map(|d| d.template.name.clone()));
    let gone_names: HashSet<&str> = remote
        .iter()
        .filter(|r| status_of(r).is_gone())
        .map(|r| r.name.as_str())
        .collect();

    let mut changes = Vec::new();
    let mut declared: HashSet<(String, String)> = HashSet::new();
    // The account's keys that the files declare, by their first position in `remote`.
    let mut matched: HashSet<usize> = HashSet::new();
    for d in desired {
        let d = &d;
        let key = (d.template.name.as_str(), d.template.language.as_str());
        if !selected(key.0, key.1) || !declared.insert((key.0.to_owned(), key.1.to_owned())) {
            // Duplicates are reported by `validate`; the first declaration wins here.
            continue;
        }
        let entries = match by_key.get(&key) {
            Some(positions) => {
                matched.insert(positions[0]);
                entries_of(positions)
            }
            None => Vec::new(),
        };
        let mut change = match pick(&entries) {
            Some(r) => {
                let status = status_of(r);
                match status {
                    RemoteStatus::Deleted => create(d, &gone_names, &taken),
                    RemoteStatus::PendingDeletion => blocked_create(
                        d,
                        "Meta is still deleting the account's copy (undelivered messages are \
                         retried for up to 30 days) and refuses a new one with the same name \
                         and language meanwhile",
                        format!(
                            "when the deletion completes (up to 30 days); or declare it under a \
                             new name such as `{}`",
                            suggest_name(key.0, &taken)
                        ),
                    ),
                    RemoteStatus::Archived => blocked_create(
                        d,
                        "the account's copy is archived: it still exists, so a create would be \
                         a duplicate",
                        "unarchive it (within 28 days of archival) to manage it again; Meta \
                         deletes archived templates after 28 days, and then it can be created"
                            .into(),
                    ),
                    _ => compare(d, r, &status, &taken),
                }
                .with_remote(r)
            }
            None => create(d, &gone_names, &taken),
        };
        block_invalid(&mut change, d);
        block_app_placeholder(&mut change, d);
        change.source = d.source.clone();
        changes.push(change);
    }

    // Templates on the account only; and how many live ones prune's scope covers.
    let mut live_in_scope = 0;
    for (key, positions) in &by_key {
        let Some(r) = pick(&entries_of(positions)) else {
            continue;
        };
        let status = status_of(r);
        if status.is_gone() || !selected(key.0, key.1) {
            continue;
        }
        let in_scope = options.prune_scope.is_empty()
            || options
                .prune_scope
                .iter()
                .any(|g| super::filter::glob_match(g, key.0));
        live_in_scope += usize::from(in_scope);
        if matched.contains(&positions[0]) {
            continue;
        }
        let action = if !options.prune || !in_scope {
            Action::Unmanaged
        } else if status == RemoteStatus::Disabled {
            Action::Blocked {
                wanted: Kind::Delete,
                reason: "Meta does not delete DISABLED templates".into(),
                unblock: "appeal in WhatsApp Manager, or leave it out of the prune scope".into(),
                fields: Vec::new(),
            }
        } else {
            Action::Delete {
                request: DeleteRequest {
                    hsm_id: r.id.clone(),
                    name: r.name.clone(),
                },
            }
        };
        changes.push(
            Change {
                name: key.0.to_owned(),
                language: key.1.to_owned(),
                action,
                remote: None,
                source: None,
            }
            .with_remote(r),
        );
    }

    // (name, language) is unique among changes, so an unstable sort is deterministic.
    changes.sort_unstable_by(|a, b| {
        (a.name.as_str(), a.language.as_str()).cmp(&(b.name.as_str(), b.language.as_str()))
    });
    let counts = count(&changes);
    let needs_force =
        super::prune::needs_force(counts.delete, live_in_scope, options.prune_threshold);
    Plan {
        format_version: FORMAT_VERSION,
        account: options.account.clone(),
        api_version: options.api_version.clone(),
        endpoint: None,
        requests: None,
        listing: None,
        fingerprint: fingerprint(remote),
        plan_digest: String::new(),
        has_changes: counts.changes() > 0,
        needs_force,
        prune: options.prune,
        counts,
        changes,
    }
    .sealed()
}

/// The entry that stands for a key: a live one first, then archived, then being deleted,
/// then deleted; the lowest id among equals, for stable plans.
pub(crate) fn pick<'a>(entries: &[&'a RemoteTemplate]) -> Option<&'a RemoteTemplate> {
    let rank = |r: &RemoteTemplate| match status_of(r) {
        RemoteStatus::Deleted => 3,
        RemoteStatus::PendingDeletion => 2,
        RemoteStatus::Archived => 1,
        _ => 0,
    };
    entries
        .iter()
        .copied()
        .min_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)))
}

fn count(changes: &[Change]) -> Counts {
    let mut counts = Counts::default();
    for change in changes {
        let slot = match change.kind() {
            Kind::Create => &mut counts.create,
            Kind::Update => &mut counts.update,
            Kind::Delete => &mut counts.delete,
            Kind::NeedsNewTemplate => &mut counts.needs_new_template,
            Kind::Blocked => &mut counts.blocked,
            Kind::Drift => &mut counts.drift,
            Kind::Unmanaged => &mut counts.unmanaged,
            Kind::InSync => &mut counts.in_sync,
        };
        *slot += 1;
    }
    counts
}

impl Change {
    fn for_desired(desired: &Desired, action: Action) -> Self {
        Change {
            name: desired.template.name.clone(),
            language: desired.template.language.clone(),
            action,
            remote: None,
            source: None,
        }
    }

    fn with_remote(mut self, remote: &RemoteTemplate) -> Self {
        self.remote = Some(RemoteState::of(remote));
        self
    }
}

/// A template whose file breaks Meta's rules is not sent: what it would need is blocked.
fn block_invalid(change: &mut Change, desired: &Desired) {
    if desired.errors.is_empty() {
        return;
    }
    block(
        change,
        format!(
            "the file breaks Meta's rules: {}",
            desired.errors.join("; ")
        ),
        "fix the file (`wabactl validate` shows where)",
    );
}

/// A create or edit that would send the app-list placeholder `import` writes is blocked: Meta
/// would take it, and one-tap autofill would go to an app that does not exist.
fn block_app_placeholder(change: &mut Change, desired: &Desired) {
    if !super::import::has_app_placeholder(&desired.template) {
        return;
    }
    block(
        change,
        format!(
            "`supported_apps` still holds the placeholder app `{}` that `import` wrote, because \
             Meta does not return the app list",
            super::import::APP_PLACEHOLDER_PACKAGE
        ),
        "put the real Android app's package_name and signature_hash in `supported_apps`",
    );
}

/// Turns a planned create or edit into a blocked change; other changes are left as they are.
fn block(change: &mut Change, reason: String, unblock: &str) {
    let (wanted, fields) = match &change.action {
        Action::Create { .. } => (Kind::Create, Vec::new()),
        Action::Update { fields, .. } | Action::NeedsNewTemplate { fields, .. } => {
            (Kind::Update, fields.clone())
        }
        _ => return,
    };
    change.action = Action::Blocked {
        wanted,
        reason,
        unblock: unblock.to_owned(),
        fields,
    };
}

fn create(desired: &Desired, gone_names: &HashSet<&str>, taken: &HashSet<String>) -> Change {
    let name = desired.template.name.as_str();
    let mut notes = Vec::new();
    if gone_names.contains(name) {
        notes.push(format!(
            "a deleted template named `{name}` is on the account: if it was approved, Meta \
             holds the name for up to 30 days and the create fails (error 2388023); then \
             declare it under a new name such as `{}`",
            suggest_name(name, taken)
        ));
    }
    Change::for_desired(
        desired,
        Action::Create {
            request: Box::new(normalize::canonical(&desired.template)),
            notes,
        },
    )
}

fn blocked_create(desired: &Desired, reason: &str, unblock: String) -> Change {
    Change::for_desired(
        desired,
        Action::Blocked {
            wanted: Kind::Create,
            reason: reason.to_owned(),
            unblock,
            fields: Vec::new(),
        },
    )
}

/// A declared template against its live copy on the account.
fn compare(
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
                    reason: format!("the account's copy cannot be read: {err}"),
                    unblock: "when wabactl understands this template's shape; compare it by \
                              hand in WhatsApp Manager meanwhile"
                        .into(),
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

    let frozen: Vec<String> = fields
        .iter()
        .filter(|f| {
            f.path == "parameter_format"
                || f.path == "sub_category"
                || (f.path == "category" && status.is_approved())
        })
        .map(|f| f.path.clone())
        .collect();
    if !frozen.is_empty() {
        let mut reason = format!(
            "{} cannot change on an existing template{}",
            frozen
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            if frozen.iter().any(|p| p == "category") {
                " once it is approved"
            } else {
                ""
            }
        );
        reason.push_str(
            ": declare the changed template under a new name, switch senders to it, then \
             remove the old one (deleting first would lock the old name for 30 days)",
        );
        return Change::for_desired(
            desired,
            Action::NeedsNewTemplate {
                fields,
                frozen,
                suggested_name: suggest_name(&desired.template.name, taken),
                reason,
            },
        );
    }

    if !status.is_editable() {
        let (reason, unblock) = blocked_reason(status, &desired.template.name, taken);
        return Change::for_desired(
            desired,
            Action::Blocked {
                wanted: Kind::Update,
                reason,
                unblock,
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
        },
    )
}

/// An absent TTL is the category's default: say which, rather than "none".
fn show_default_ttl(fields: &mut [FieldChange], remote: &Template, desired: &Template) {
    for field in fields
        .iter_mut()
        .filter(|f| f.path == "message_send_ttl_seconds")
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

/// Why an edit is not possible in `status`, and what unblocks it.
fn blocked_reason(status: &RemoteStatus, name: &str, taken: &HashSet<String>) -> (String, String) {
    let (reason, unblock) = match status {
        RemoteStatus::Pending => (
            "the template is in review (up to 24 hours) and cannot be edited meanwhile".into(),
            "when review finishes: run plan again".into(),
        ),
        RemoteStatus::InAppeal => (
            "an appeal is in progress".into(),
            "when the appeal is decided".into(),
        ),
        RemoteStatus::Disabled => (
            "the template is disabled (repeated quality issues); the API does not edit it".into(),
            format!(
                "appeal in WhatsApp Manager, or declare it under a new name such as `{}`",
                suggest_name(name, taken)
            ),
        ),
        RemoteStatus::LimitExceeded => (
            "the account is at its template limit".into(),
            "when templates are removed or the limit is raised".into(),
        ),
        RemoteStatus::Locked => (
            "Meta has locked the template against edits".into(),
            "when Meta unlocks it".into(),
        ),
        other => (
            format!("status {other} is not one Meta allows edits in (APPROVED, REJECTED, PAUSED)"),
            "when the status becomes APPROVED, REJECTED or PAUSED".into(),
        ),
    };
    (reason, unblock)
}

/// Meta moved the template to another category (or will), in a direction it decides on its
/// own: the file's category is the previous one, the pending `correct_category`, or UTILITY
/// approved as MARKETING (since April 2025 Meta approves such templates as MARKETING).
fn detect_drift(file_category: &str, remote: &RemoteTemplate) -> Option<Drift> {
    let upper = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
    };
    let remote_category = upper(&remote.category)?;
    let previous = upper(&remote.previous_category);
    let correct = upper(&remote.correct_category).filter(|c| *c != remote_category);
    let message = if let Some(correct) = &correct {
        if file_category != remote_category && file_category != correct {
            return None;
        }
        format!(
            "Meta is moving this template from {remote_category} to {correct}; set `category: \
             {correct}` in the file to accept it"
        )
    } else if file_category == remote_category {
        return None;
    } else if previous.as_deref() == Some(file_category)
        || (file_category == "UTILITY" && remote_category == "MARKETING")
    {
        format!(
            "Meta re-categorised this template from {file_category} to {remote_category}; the \
             category of an approved template cannot be changed back: set `category: \
             {remote_category}` in the file to accept it"
        )
    } else {
        return None;
    };
    Some(Drift {
        file_category: file_category.to_owned(),
        remote_category,
        previous_category: previous,
        correct_category: correct,
        message,
    })
}

/// The edit body: only what changed among the three editable fields; `components` whole.
fn edit_request(desired: &Template, fields: &[FieldChange]) -> EditRequest {
    let canonical = normalize::canonical(desired);
    let changed = |prefix: &str| {
        fields
            .iter()
            .any(|f| f.path == prefix || f.path.starts_with(&format!("{prefix}.")))
    };
    EditRequest {
        category: changed("category").then(|| canonical.category.clone()),
        components: changed("components").then(|| canonical.components.clone()),
        message_send_ttl_seconds: if changed("message_send_ttl_seconds") {
            effective_ttl(&canonical)
        } else {
            None
        },
    }
}

/// An unused name for a changed template: `name_v2`, or the next version when the name
/// already ends in `_vN`.
pub fn suggest_name<S>(name: &str, taken: &HashSet<S>) -> String
where
    S: std::borrow::Borrow<str> + Eq + std::hash::Hash,
{
    let (base, mut version) = match name.rsplit_once("_v") {
        Some((base, n)) if !base.is_empty() && n.parse::<u32>().is_ok_and(|n| n >= 1) => {
            (base, n.parse::<u32>().unwrap_or(1) + 1)
        }
        _ => (name, 2),
    };
    loop {
        let candidate = format!("{base}_v{version}");
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        version += 1;
    }
}

/// The fields that differ between two comparable templates, in document order.
pub fn field_changes(before: &Template, after: &Template) -> Vec<FieldChange> {
    let before = flatten(before);
    let after = flatten(after);
    let before_map: BTreeMap<&str, &Value> = before.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let after_map: BTreeMap<&str, &Value> = after.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut paths: Vec<&str> = after.iter().map(|(k, _)| k.as_str()).collect();
    paths.extend(
        before
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !after_map.contains_key(k)),
    );
    paths
        .into_iter()
        .filter_map(|path| {
            let old = before_map.get(path).copied();
            let new = after_map.get(path).copied();
            (old != new).then(|| FieldChange {
                path: path.to_owned(),
                text: path == "text" || path.ends_with(".text"),
                before: old.map(show),
                after: new.map(show),
            })
        })
        .collect()
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Leaf values by path; components keyed by type, other lists of maps by position, lists of
/// plain values (examples) kept whole.
fn flatten(template: &Template) -> Vec<(String, Value)> {
    let value = serde_json::to_value(template).expect("plain data");
    let mut out = Vec::new();
    walk(&value, String::new(), &mut out);
    out
}

fn walk(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if key == "components"
                    && let Value::Array(items) = child
                {
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for item in items {
                        let kind = item
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_owned();
                        let n = seen.entry(kind.clone()).or_default();
                        *n += 1;
                        let label = if *n == 1 { kind } else { format!("{kind}#{n}") };
                        walk(item, format!("{child_path}.{label}"), out);
                    }
                } else {
                    walk(child, child_path, out);
                }
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        leaf => out.push((path, leaf.clone())),
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
