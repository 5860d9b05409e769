//! Whether the account already holds a change, judged with the plan's own comparison: after an
//! unclear answer (timeout, broken connection, 5xx on a write) or a duplicate, the account is
//! re-read and compared before anything is retried, so nothing is created twice.

use crate::explain as reasons;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::convert;
use crate::reconcile::plan::{Action, EditRequest, Kind, status_of};
use crate::reconcile::{Desired, PlanOptions, plan};
use crate::template::model::Template;

/// What the account holds for one (name, language).
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The account's copy equals the desired template (a re-categorisation by Meta counts as
    /// equal: it is reported as drift, not fought).
    Matches(Box<RemoteTemplate>),
    /// There is a live copy, and it differs.
    Differs {
        remote: Box<RemoteTemplate>,
        /// What differs, in words (field paths or the reason).
        what: String,
        /// Whether the copy can still be edited.
        editable: bool,
    },
    /// No live copy.
    Absent,
}

/// Compares a create body with the account's templates of that name (any language).
pub fn check_created(desired: &Template, same_name: &[RemoteTemplate]) -> Found {
    let entries: Vec<RemoteTemplate> = same_name
        .iter()
        .filter(|r| r.name == desired.name && r.language == desired.language)
        .cloned()
        .collect();
    judge(desired.clone(), &entries)
}

/// Compares an edit with the account's copy of the template: the copy with the edit laid over
/// it is what the account holds once the edit took effect.
pub fn check_edited(request: &EditRequest, remote: &RemoteTemplate) -> Found {
    if status_of(remote).is_gone() {
        return Found::Absent;
    }
    let mut desired = match convert::to_document(remote) {
        Ok(converted) => converted.template,
        Err(err) => {
            return Found::Differs {
                remote: Box::new(remote.clone()),
                what: format!("the account's copy cannot be read: {err}"),
                editable: false,
            };
        }
    };
    if let Some(category) = &request.category {
        desired.category.clone_from(category);
    }
    if let Some(components) = &request.components {
        desired.components.clone_from(components);
    }
    if request.message_send_ttl_seconds.is_some() {
        desired.message_send_ttl_seconds = request.message_send_ttl_seconds;
    }
    judge(desired, std::slice::from_ref(remote))
}

/// Whether a template id is still live among the account's templates of its name.
pub fn is_live(id: &str, same_name: &[RemoteTemplate]) -> bool {
    same_name
        .iter()
        .any(|r| r.id == id && !status_of(r).is_gone())
}

/// The live templates among `same_name`.
pub fn live(same_name: &[RemoteTemplate]) -> Vec<&RemoteTemplate> {
    same_name
        .iter()
        .filter(|r| !status_of(r).is_gone())
        .collect()
}

fn judge(desired: Template, entries: &[RemoteTemplate]) -> Found {
    let plan = plan(
        &[Desired::from(desired.clone())],
        entries,
        &PlanOptions::default(),
    );
    let Some(change) = plan
        .changes
        .into_iter()
        .find(|c| c.name == desired.name && c.language == desired.language)
    else {
        return Found::Absent;
    };
    let remote = change
        .remote
        .as_ref()
        .and_then(|state| entries.iter().find(|r| r.id == state.id))
        .cloned();
    let Some(remote) = remote else {
        return Found::Absent;
    };
    let remote = Box::new(remote);
    match change.action {
        Action::InSync | Action::Drift { .. } => Found::Matches(remote),
        Action::Create { .. } => Found::Absent,
        Action::Update { fields, .. } => Found::Differs {
            remote,
            what: fields_text(fields.iter().map(|f| f.path.as_str())),
            editable: true,
        },
        Action::NeedsNewTemplate { fields, .. } => Found::Differs {
            remote,
            what: fields_text(fields.iter().map(|f| f.path.as_str())),
            editable: false,
        },
        Action::Blocked {
            wanted: Kind::Create,
            ..
        } => Found::Absent,
        Action::Held {
            wanted: Kind::Create,
            ..
        } => Found::Absent,
        Action::Held { why, .. } => Found::Differs {
            remote,
            what: reasons::held(&why),
            editable: false,
        },
        Action::Blocked { why, .. } => Found::Differs {
            remote,
            what: reasons::blocked(&why).0,
            editable: false,
        },
        // An archived copy: the template is not live as declared.
        Action::Unarchive { .. } => Found::Differs {
            remote,
            what: "is archived".into(),
            editable: false,
        },
        Action::Delete { .. } | Action::Archive { .. } | Action::Unmanaged => Found::Absent,
    }
}

fn fields_text<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let paths: Vec<String> = paths.map(|p| format!("`{p}`")).collect();
    format!("differs in {}", paths.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::normalize;
    use crate::reconcile::test_support;

    fn as_remote(template: &Template, id: &str, status: &str) -> RemoteTemplate {
        let mut value = serde_json::to_value(template).unwrap();
        value["id"] = id.into();
        value["status"] = status.into();
        serde_json::from_value(value).unwrap()
    }

    fn body_text(template: &mut Template, text: &str) {
        for component in &mut template.components {
            if let crate::template::model::Component::Body(body) = component {
                body.text = Some(text.to_owned());
            }
        }
    }

    fn sample() -> Template {
        normalize::canonical(&test_support::document_from_text(
            "t.yaml",
            "name: order_update\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Your order has shipped.\n",
        ))
    }

    #[test]
    fn a_created_copy_matches_and_a_changed_one_differs() {
        let desired = sample();
        let remote = as_remote(&desired, "11", "PENDING");
        assert_eq!(
            check_created(&desired, std::slice::from_ref(&remote)),
            Found::Matches(Box::new(remote.clone()))
        );
        let mut other = desired.clone();
        body_text(&mut other, "Something else entirely.");
        let other_remote = as_remote(&other, "12", "APPROVED");
        match check_created(&desired, &[other_remote]) {
            Found::Differs { what, editable, .. } => {
                assert!(what.contains("components.BODY.text"), "{what}");
                assert!(editable);
            }
            found => panic!("{found:?}"),
        }
    }

    #[test]
    fn other_languages_and_deleted_copies_are_absent() {
        let desired = sample();
        let mut other_language = desired.clone();
        other_language.language = "de".into();
        let deleted = as_remote(&desired, "13", "DELETED");
        assert_eq!(
            check_created(
                &desired,
                &[as_remote(&other_language, "14", "APPROVED"), deleted]
            ),
            Found::Absent
        );
        assert_eq!(check_created(&desired, &[]), Found::Absent);
    }

    #[test]
    fn an_edit_is_seen_once_it_took_effect() {
        let before = sample();
        let mut after = before.clone();
        body_text(&mut after, "Your order is on its way.");
        let request = EditRequest {
            components: Some(after.components.clone()),
            ..EditRequest::default()
        };
        let not_yet = as_remote(&before, "15", "APPROVED");
        assert!(matches!(
            check_edited(&request, &not_yet),
            Found::Differs { editable: true, .. }
        ));
        let applied = as_remote(&after, "15", "PENDING");
        assert!(matches!(
            check_edited(&request, &applied),
            Found::Matches(_)
        ));
    }

    #[test]
    fn liveness_by_id() {
        let t = sample();
        let list = [
            as_remote(&t, "1", "APPROVED"),
            as_remote(&t, "2", "DELETED"),
        ];
        assert!(is_live("1", &list));
        assert!(!is_live("2", &list));
        assert!(!is_live("3", &list));
        assert_eq!(live(&list).len(), 1);
    }
}
