//! Desired templates against the account's templates → a [`Plan`].
//!
//! Decisions, per (name, language):
//! * Not on the account → create. A DELETED copy does not count as present; when the listing
//!   says when it was deleted, the create is blocked until the name frees up 30 days later
//!   (error 2388023 meanwhile), else it carries a note (see `name_lock`). A PENDING_DELETION
//!   copy blocks the create (the name is held while undelivered messages are retried). An
//!   ARCHIVED copy is unarchived, then edited if it differs (see `archive`).
//! * Equal after normalising → in sync, or drift when Meta re-categorised it.
//! * A frozen field differs (parameter format, sub-category, category of an APPROVED
//!   template) → needs a new template, with an unused name suggested; never delete + create.
//! * Other differences → update when the status allows edits (APPROVED, REJECTED, PAUSED),
//!   blocked otherwise, with the reason and what unblocks it.
//! * On the account only → unmanaged, or delete (archive with `prune.mode: archive`) when
//!   prune is on and the name is in scope (DISABLED templates cannot be deleted, and only
//!   APPROVED and REJECTED ones archived: blocked).
//!
//! This file walks both sides and builds the plan; what one declared template needs is decided
//! in `decide`, drift in `drift`, and the differing fields are found in `field_changes`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::archive::{prune_action, unarchive};
use super::decide::{block_app_placeholder, block_invalid, compare, create};
use super::desired::Desired;
use super::digest::fingerprint;
use super::filter::Selection;
use super::name_lock::gone_copy;
use super::plan::{
    Action, Change, Counts, DeleteRequest, FORMAT_VERSION, Kind, Plan, RemoteState, Shown,
    UpsertRequest, status_of,
};
use super::prune::{PruneMode, PruneScope};
use super::reason::{BlockReason, Explained, Note};
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::Template;

/// What to plan and how.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Only these templates are looked at (`--name`, `--language`); others are left out.
    pub selection: Selection,
    /// The templates on the account, not declared in the files, that the plan deletes.
    pub prune: PruneScope,
    /// The share of the templates in the prune scope a plan may delete without `--force`.
    pub prune_threshold: f64,
    /// Whether prune archives or deletes.
    pub prune_mode: PruneMode,
    pub account: Option<String>,
    pub api_version: Option<String>,
    /// Now, in unix seconds: whether a deleted name is still locked depends on it.
    pub now_secs: i64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            selection: Selection::default(),
            prune: PruneScope::Off,
            prune_threshold: 0.30,
            prune_mode: PruneMode::Delete,
            account: None,
            api_version: None,
            now_secs: 0,
        }
    }
}

/// Computes the plan. Pure: the same inputs always give the same plan. It carries no
/// `plan_digest`: a plan is sealed when it is written out (see [`Plan::sealed`]).
pub fn plan(desired: &[Desired], remote: &[RemoteTemplate], options: &PlanOptions) -> Plan {
    plan_owned(desired.to_vec(), remote, options)
}

/// [`plan`], letting go of each declared template once its change is known (an account's worth
/// of templates is a fair share of `plan`'s memory).
pub fn plan_owned(
    mut desired: Vec<Desired>,
    remote: &[RemoteTemplate],
    options: &PlanOptions,
) -> Plan {
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

    // The declared templates looked at: selected, and the first declaration of each key
    // (duplicates are reported by `validate`).
    let mut declared: HashSet<(String, String)> = HashSet::new();
    desired.retain(|d| {
        let key = (d.template.name.as_str(), d.template.language.as_str());
        selected(key.0, key.1) && declared.insert((key.0.to_owned(), key.1.to_owned()))
    });
    let context = Context {
        by_key: &by_key,
        remote,
        taken: &taken,
        gone_names: &gone_names,
        now_secs: options.now_secs,
    };
    // Comparing with the account's copies is most of a plan's work, and each declared template
    // is decided alone: both halves are decided side by side, and the account is fingerprinted
    // meanwhile.
    let (mut changes, matched, fingerprint) = std::thread::scope(|scope| {
        let fingerprint = scope.spawn(|| fingerprint(remote));
        let second_half = desired.split_off(desired.len() / 2);
        let second = scope.spawn(|| context.decide_all(second_half));
        let (mut changes, mut matched) = context.decide_all(desired);
        let (more, also_matched) = second.join().expect("deciding does not panic");
        changes.extend(more);
        matched.extend(also_matched);
        let fingerprint = fingerprint.join().expect("hashing does not panic");
        (changes, matched, fingerprint)
    });

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
        let in_scope = options.prune.contains(key.0);
        live_in_scope += usize::from(in_scope);
        if matched.contains(&positions[0]) {
            continue;
        }
        let action = if !in_scope {
            Action::Unmanaged
        } else if options.prune_mode == PruneMode::Archive {
            prune_action(r, &status)
        } else if status == RemoteStatus::Disabled {
            Action::Blocked {
                wanted: Kind::Delete,
                why: Explained(BlockReason::DisabledNotDeletable),
                fields: Vec::new(),
            }
        } else {
            Action::Delete {
                request: DeleteRequest {
                    hsm_id: r.id.clone(),
                    name: r.name.clone(),
                },
                // Meta holds an approved template's name after its delete (§2.5).
                notes: status
                    .is_approved()
                    .then_some(Note::ApprovedDeleteLocksName)
                    .into_iter()
                    .collect::<Vec<_>>()
                    .into(),
            }
        };
        changes.push(
            Change {
                name: key.0.to_owned(),
                language: key.1.to_owned(),
                action,
                remote: None,
                source: None,
                uploads: Vec::new(),
                upsert: None,
                shown: Shown::default(),
            }
            .with_remote(r),
        );
        if matches!(
            changes.last().map(Change::kind),
            Some(Kind::Delete | Kind::Archive | Kind::Blocked)
        ) && let Some(change) = changes.last_mut()
        {
            change.shown.account = account_copy(r);
        }
    }

    // Only creates and updates are sent; the others carry no request.
    for change in &mut changes {
        if !matches!(change.kind(), Kind::Create | Kind::Update) {
            change.upsert = None;
        }
    }
    // (name, language) is unique among changes, so an unstable sort is deterministic.
    changes.sort_unstable_by(|a, b| {
        super::natural::key_cmp((&a.name, &a.language), (&b.name, &b.language))
    });
    let attention = super::unsendable::attention(&changes);
    let mut counts = Counts::of(&changes);
    counts.attention = attention.len();
    let needs_force =
        // Archiving stops sends as a delete does: the same threshold guards it.
        super::prune::needs_force(
            counts.delete + counts.archive,
            live_in_scope,
            options.prune_threshold,
        );
    Plan {
        format_version: FORMAT_VERSION,
        account: options.account.clone(),
        api_version: options.api_version.clone(),
        api_version_warning: None,
        endpoint: None,
        requests: None,
        listing: None,
        inputs: None,
        fingerprint,
        plan_digest: String::new(),
        has_changes: counts.changes() > 0,
        needs_force,
        prune: options.prune.is_on(),
        counts,
        changes,
        attention,
        groups: None,
    }
}

/// What deciding one declared template reads of the account.
struct Context<'a> {
    by_key: &'a HashMap<(&'a str, &'a str), Vec<usize>>,
    remote: &'a [RemoteTemplate],
    taken: &'a HashSet<String>,
    gone_names: &'a HashSet<&'a str>,
    now_secs: i64,
}

impl Context<'_> {
    /// Each declared template's change, letting go of it once its change is known; and the
    /// account's keys they declare, by their first position in `remote`.
    fn decide_all(&self, desired: Vec<Desired>) -> (Vec<Change>, HashSet<usize>) {
        let mut matched = HashSet::new();
        let changes = desired
            .into_iter()
            .map(|d| {
                let (change, position) = self.decide(&d);
                matched.extend(position);
                change
            })
            .collect();
        (changes, matched)
    }

    fn decide(&self, d: &Desired) -> (Change, Option<usize>) {
        let key = (d.template.name.as_str(), d.template.language.as_str());
        let positions = self.by_key.get(&key);
        let entries: Vec<&RemoteTemplate> = positions
            .into_iter()
            .flatten()
            .map(|&i| &self.remote[i])
            .collect();
        let mut change = match pick(&entries) {
            Some(r) => {
                let status = status_of(r);
                match status {
                    RemoteStatus::Deleted | RemoteStatus::PendingDeletion => {
                        gone_copy(d, r, &status, self.now_secs, self.gone_names, self.taken)
                    }
                    RemoteStatus::Archived => unarchive(d, r, self.taken),
                    _ => compare(d, r, &status, self.taken),
                }
                .with_remote(r)
            }
            None => create(d, self.gone_names, self.taken),
        };
        block_invalid(&mut change, d);
        block_app_placeholder(&mut change, d);
        change.source = d.source.clone();
        // Only changes are previewed: templates in sync keep no copies.
        if !matches!(change.kind(), Kind::InSync | Kind::Unmanaged) {
            change.shown.declared = Some(Arc::new(d.template.clone()));
            change.shown.account = pick(&entries).and_then(account_copy);
        }
        (change, positions.map(|p| p[0]))
    }
}

/// The account's copy in the template format, when wabactl can read it back.
fn account_copy(remote: &RemoteTemplate) -> Option<Arc<Template>> {
    super::convert::to_document(remote)
        .ok()
        .map(|converted| Arc::new(converted.template))
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

impl Change {
    pub(super) fn for_desired(desired: &Desired, action: Action) -> Self {
        Change {
            name: desired.template.name.clone(),
            language: desired.template.language.clone(),
            action,
            remote: None,
            source: None,
            uploads: Vec::new(),
            upsert: desired.languages.as_ref().map(|languages| {
                let canonical = super::normalize::canonical(&desired.template);
                UpsertRequest {
                    name: canonical.name,
                    languages: languages.clone(),
                    category: canonical.category,
                    components: canonical.components,
                    message_send_ttl_seconds: canonical.message_send_ttl_seconds,
                }
            }),
            shown: Shown::default(),
        }
    }

    pub(super) fn with_remote(mut self, remote: &RemoteTemplate) -> Self {
        self.remote = Some(RemoteState::of(remote));
        self
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
