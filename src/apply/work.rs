//! A plan turned into units of work for the executor: one per create, update or unarchive,
//! one per name being deleted (all its languages together), one per 100 archives; every change apply does not carry out gets
//! its outcome at once (not executable, prune off or outside its scope, no template id).

use super::outcome::{Outcome, SkipReason};
use super::schedule::Lane;
use crate::reconcile::plan::{Action, Change, EditRequest, Kind, Plan, UpsertRequest};
use crate::template::model::Template;

use crate::explain as reasons;
use crate::reconcile::prune::PruneScope;

/// One unit of work: a change, or every language of a name being deleted.
#[derive(Debug, Clone)]
pub enum Work {
    Create {
        index: usize,
        request: Box<Template>,
    },
    Update {
        index: usize,
        id: String,
        request: EditRequest,
    },
    Delete {
        name: String,
        /// (index, hsm_id) per language.
        targets: Vec<(usize, String)>,
    },
    /// The creates and updates of one `languages` document, in one upsert call.
    Upsert {
        /// `languages` narrowed to the targets.
        request: Box<UpsertRequest>,
        /// (index, language) per language.
        targets: Vec<(usize, String)>,
        /// Whether any language is new (the call then counts against the creation quota).
        creates: bool,
    },
    /// Up to [`ARCHIVE_BATCH`] templates archived in one call.
    Archive {
        /// (index, hsm_id) per template.
        targets: Vec<(usize, String)>,
    },
    /// An unarchive, then the edit when the files differ.
    Unarchive {
        index: usize,
        id: String,
        edit: Option<EditRequest>,
    },
}

/// Meta takes up to 100 `hsm_ids` per archive call.
pub const ARCHIVE_BATCH: usize = 100;

impl Work {
    pub fn lane(&self) -> Lane {
        match self {
            Work::Create { .. } | Work::Upsert { creates: true, .. } => Lane::Create,
            _ => Lane::Other,
        }
    }

    /// The plan's changes this unit carries out.
    pub fn indexes(&self) -> Vec<usize> {
        match self {
            Work::Create { index, .. }
            | Work::Update { index, .. }
            | Work::Unarchive { index, .. } => vec![*index],
            Work::Delete { targets, .. }
            | Work::Upsert { targets, .. }
            | Work::Archive { targets } => targets.iter().map(|(i, _)| *i).collect(),
        }
    }
}

/// The units of work, in plan order (deletes last, grouped by name), and the outcome of every
/// change that is not carried out, by plan index.
pub fn units(plan: &Plan, prune_scope: &PruneScope) -> (Vec<Work>, Vec<(usize, Outcome)>) {
    let mut units = Vec::new();
    let mut settled = Vec::new();
    let mut deletes: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    let mut upserts: Vec<Work> = Vec::new();
    let mut archives: Vec<(usize, String)> = Vec::new();
    for (index, change) in plan.changes.iter().enumerate() {
        if let Some(request) = &change.upsert
            && matches!(change.kind(), Kind::Create | Kind::Update)
        {
            add_upsert(&mut upserts, index, change, request);
            continue;
        }
        match &change.action {
            Action::Create { request, .. } => units.push(Work::Create {
                index,
                request: request.clone(),
            }),
            Action::Update { request, .. } => match &change.remote {
                Some(remote) => units.push(Work::Update {
                    index,
                    id: remote.id.clone(),
                    request: request.clone(),
                }),
                None => settled.push((index, no_template_id())),
            },
            Action::Delete { request, .. } => {
                if let Some(message) = refuse_delete(prune_scope, &request.name) {
                    let reason = SkipReason::PruneOff;
                    settled.push((index, Outcome::Skipped { reason, message }));
                    continue;
                }
                let target = (index, request.hsm_id.clone());
                match deletes.iter_mut().find(|(name, _)| *name == request.name) {
                    Some((_, targets)) => targets.push(target),
                    None => deletes.push((request.name.clone(), vec![target])),
                }
            }
            Action::Archive { request } => {
                if let Some(message) = refuse_delete(prune_scope, &request.name) {
                    let reason = SkipReason::PruneOff;
                    settled.push((index, Outcome::Skipped { reason, message }));
                    continue;
                }
                archives.push((index, request.hsm_id.clone()));
            }
            Action::Unarchive { request, edit, .. } => units.push(Work::Unarchive {
                index,
                id: request.hsm_id.clone(),
                edit: edit.clone(),
            }),
            other => settled.push((
                index,
                Outcome::Skipped {
                    reason: SkipReason::NotExecutable,
                    message: not_executable(other),
                },
            )),
        }
    }
    units.extend(upserts);
    units.extend(
        deletes
            .into_iter()
            .map(|(name, targets)| Work::Delete { name, targets }),
    );
    units.extend(archives.chunks(ARCHIVE_BATCH).map(|batch| Work::Archive {
        targets: batch.to_vec(),
    }));
    (units, settled)
}

/// Adds a language to the upsert of its document (one per name), keeping the document's
/// order of languages.
fn add_upsert(upserts: &mut Vec<Work>, index: usize, change: &Change, request: &UpsertRequest) {
    let creates = change.kind() == Kind::Create;
    let target = (index, change.language.clone());
    for unit in upserts.iter_mut() {
        if let Work::Upsert {
            request: r,
            targets,
            creates: c,
        } = unit
            && r.name == request.name
        {
            targets.push(target);
            *c |= creates;
            r.languages = request
                .languages
                .iter()
                .filter(|l| targets.iter().any(|(_, t)| t == *l))
                .cloned()
                .collect();
            return;
        }
    }
    let mut narrowed = request.clone();
    narrowed.languages = vec![change.language.clone()];
    upserts.push(Work::Upsert {
        request: Box::new(narrowed),
        targets: vec![target],
        creates,
    });
}

/// Why a delete of `name` may not run under `scope`, if it may not.
fn refuse_delete(scope: &PruneScope, name: &str) -> Option<String> {
    if !scope.is_on() {
        return Some(
            "prune is off: pass --prune or set `prune.enabled` in wabactl.yaml to delete".into(),
        );
    }
    (!scope.contains(name)).then(|| {
        format!(
            "outside the prune scope ({}): not deleted",
            scope.globs().join(", ")
        )
    })
}

fn no_template_id() -> Outcome {
    Outcome::Failed {
        message: "the plan names no template id for this update: run `wabactl plan --out` again"
            .into(),
    }
}

fn not_executable(action: &Action) -> String {
    match action {
        Action::NeedsNewTemplate { why, .. } => format!(
            "needs a new template (suggested name `{}`): {}",
            why.suggested_name(),
            reasons::needs_new_template(why)
        ),
        Action::Blocked { why, .. } => {
            let (reason, unblock) = reasons::blocked(why);
            format!("blocked: {reason}; unblocks {unblock}")
        }
        Action::Held { why, .. } => format!("held: {}", reasons::held(why)),
        Action::Drift { drift } => format!("drift, not fought: {}", reasons::drift(drift)),
        Action::Unmanaged => "unmanaged: on the account, not in the files; left alone".into(),
        Action::InSync => "in sync".into(),
        Action::Create { .. }
        | Action::Update { .. }
        | Action::Delete { .. }
        | Action::Archive { .. }
        | Action::Unarchive { .. } => "not carried out".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::wire::RemoteTemplate;
    use crate::reconcile::prune::PruneMode;
    use crate::reconcile::{PlanOptions, plan};

    #[test]
    fn archives_go_in_batches_of_at_most_100() {
        let remote: Vec<RemoteTemplate> = (0..250)
            .map(|i| {
                serde_json::from_value(serde_json::json!({"id": format!("{}", 1000 + i),
                    "name": format!("promo_{i:03}"), "language": "en_US",
                    "status": "APPROVED", "category": "MARKETING"}))
                .unwrap()
            })
            .collect();
        let options = PlanOptions {
            prune: PruneScope::every(),
            prune_mode: PruneMode::Archive,
            ..PlanOptions::default()
        };
        let plan = plan(&[], &remote, &options);
        assert_eq!(plan.counts.archive, 250);
        let (units, settled) = units(&plan, &PruneScope::every());
        assert!(settled.is_empty());
        let sizes: Vec<usize> = units
            .iter()
            .map(|unit| match unit {
                Work::Archive { targets } => targets.len(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(sizes, [100, 100, 50]);
        // With prune off where it is applied, none is archived.
        let (off, skipped) = super::units(&plan, &PruneScope::Off);
        assert!(off.is_empty());
        assert_eq!(skipped.len(), 250);
    }
}
