//! Plan decisions, on real payloads from the corpus.

use std::collections::HashSet;

use serde_json::json;

use super::*;
use crate::explain::blocked as blocked_words;
use crate::reconcile::convert::to_document;
use crate::reconcile::naming::suggest_name;
use crate::reconcile::plan::FieldPath;
use crate::reconcile::prune::PruneScope;
use crate::reconcile::reason::{BlockReason, Note};
use crate::reconcile::test_support::*;
use crate::template::model::Template;

fn desired_of(remote: &[RemoteTemplate]) -> Vec<Desired> {
    remote
        .iter()
        .filter_map(|r| to_document(r).ok())
        .map(|c| Desired::from(c.template))
        .collect()
}

/// Whether a listed template came with every field a document needs (lists read without
/// `fields=language,components` and the like cannot become documents).
fn listed_in_full(remote: &RemoteTemplate) -> bool {
    !remote.name.is_empty()
        && !remote.language.is_empty()
        && remote.category.as_deref().is_some_and(|c| !c.is_empty())
        && !remote.components.is_empty()
}

fn only(plan: &Plan) -> &Change {
    let interesting: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.kind() != Kind::Unmanaged)
        .collect();
    assert_eq!(interesting.len(), 1, "{:#?}", plan.changes);
    interesting[0]
}

fn with_status(remote: &RemoteTemplate, status: &str) -> RemoteTemplate {
    edited(remote, |v| v["status"] = json!(status))
}

fn body_text(desired: &mut Template, text: &str) {
    for c in &mut desired.components {
        if let crate::template::model::Component::Body(b) = c {
            b.text = Some(text.to_owned());
        }
    }
}

#[test]
fn every_list_response_plans_in_sync_against_itself() {
    let mut compared = 0;
    for file in LIST_RESPONSES {
        let remote = remote_list(file);
        let desired = desired_of(&remote);
        let plan = plan(&desired, &remote, &PlanOptions::default());
        for change in &plan.changes {
            let listed = remote
                .iter()
                .find(|r| r.name == change.name && r.language == change.language);
            match listed.map(|r| (r, to_document(r))) {
                Some((_, Ok(_))) => {
                    compared += 1;
                    assert_eq!(change.kind(), Kind::InSync, "{file}: {change:#?}");
                }
                Some((r, Err(e))) if listed_in_full(r) => {
                    panic!("{file}: {} did not convert: {e:?}", r.name)
                }
                // Lists read without `fields=language,components` cannot be documents.
                _ => assert_eq!(change.kind(), Kind::Unmanaged, "{file}: {change:#?}"),
            }
        }
        assert!(!plan.has_changes, "{file}");
    }
    assert!(compared > 0, "no template of the corpus was compared");
}

#[test]
fn meta_recategorisation_is_drift() {
    // The Java SDK's schedule_confirmation3 was posted as TRANSACTIONAL; the account now says
    // UTILITY with previous_category TRANSACTIONAL.
    let remote = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let desired = vec![Desired::from(document(
        "sdk_java_ptbr_schedule_confirmation3.json",
    ))];
    let plan = plan(&desired, &remote, &PlanOptions::default());
    let change = only(&plan);
    let Action::Drift { drift } = &change.action else {
        panic!("{change:#?}")
    };
    assert_eq!(drift.file_category, "TRANSACTIONAL");
    assert_eq!(drift.remote_category, "UTILITY");
    assert!(plan.has_changes);
    assert_eq!(plan.counts.unmanaged, remote.len() - 1);
}

#[test]
fn drift_with_other_changes_updates_without_touching_the_category() {
    let remote = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let mut template = document("sdk_java_ptbr_schedule_confirmation3.json");
    body_text(
        &mut template,
        "Olá *{{1}}*, confirme seu horário no dia *{{2}}* as *{{3}}h*.",
    );
    let plan = plan(&[template.into()], &remote, &PlanOptions::default());
    let Action::Update {
        fields,
        request,
        drift,
        ..
    } = &only(&plan).action
    else {
        panic!()
    };
    assert!(drift.is_some());
    assert_eq!(fields.len(), 1);
    assert!(fields[0].text);
    assert_eq!(request.category, None);
    assert!(request.components.is_some());
}

#[test]
fn pending_recategorisation_is_drift_and_utility_approved_as_marketing_too() {
    let base = remote(
        "docs_get_all_templates_named_and_positional.json",
        "reservation_confirmation",
    );
    let desired = vec![Desired::from(to_document(&base).unwrap().template)];
    let pending = edited(&base, |v| v["correct_category"] = json!("MARKETING"));
    let plan1 = plan(&desired, &[pending], &PlanOptions::default());
    assert_eq!(only(&plan1).kind(), Kind::Drift);
    // `correct_category` equal to the category is nothing pending (direct-send sample).
    let auto = remote_list("docs_direct_send_get_auto_generated.json");
    let plan2 = plan(&desired_of(&auto), &auto, &PlanOptions::default());
    assert_eq!(only(&plan2).kind(), Kind::InSync);
    let marketing = edited(&base, |v| v["category"] = json!("MARKETING"));
    let plan3 = plan(&desired, &[marketing], &PlanOptions::default());
    assert_eq!(only(&plan3).kind(), Kind::Drift);
}

#[test]
fn frozen_fields_need_a_new_template_with_an_unused_name() {
    let remote = remote_list("docs_get_all_templates_named_and_positional.json");
    // reservation_confirmation is an approved UTILITY template; the file moves it to MARKETING
    // (the direction Meta never takes on its own, so it is not drift).
    let mut reservation = to_document(&remote[0]).unwrap().template;
    reservation.category = "MARKETING".into();
    // A name already taken on the account (even by a deleted template) is skipped.
    let mut taken = remote.clone();
    taken.push(edited(&remote[0], |v| {
        v["name"] = json!("reservation_confirmation_v2");
        v["id"] = json!("42");
        v["status"] = json!("DELETED");
    }));
    let plan = plan(
        &[reservation.clone().into()],
        &taken,
        &PlanOptions::default(),
    );
    let Action::NeedsNewTemplate { why, .. } = &only(&plan).action else {
        panic!("{:#?}", plan.changes)
    };
    assert_eq!(why.frozen(), [FieldPath::from("category")]);
    assert_eq!(why.suggested_name(), "reservation_confirmation_v3");
    assert_eq!(plan.counts.needs_new_template, 1);

    // The same change on a REJECTED template is an edit of the category.
    let rejected: Vec<RemoteTemplate> = remote.iter().map(|r| with_status(r, "REJECTED")).collect();
    let plan = super::plan(&[reservation.into()], &rejected, &PlanOptions::default());
    let Action::Update { request, .. } = &only(&plan).action else {
        panic!("{:#?}", plan.changes)
    };
    assert_eq!(request.category.as_deref(), Some("MARKETING"));
    assert_eq!(request.components, None);

    // Parameter format is frozen whatever the status.
    let mut named = to_document(&remote[1]).unwrap().template;
    named.parameter_format = Some(crate::template::model::ParameterFormat::Named);
    let plan = super::plan(&[named.into()], &rejected, &PlanOptions::default());
    assert_eq!(only(&plan).kind(), Kind::NeedsNewTemplate);
}

#[test]
fn suggested_names_count_up() {
    let taken: HashSet<&str> = ["promo", "promo_v2"].into_iter().collect();
    assert_eq!(suggest_name("promo", &taken), "promo_v3");
    assert_eq!(suggest_name("promo_v3", &taken), "promo_v4");
    assert_eq!(suggest_name("v", &taken), "v_v2");
}

#[test]
fn update_request_carries_only_editable_fields() {
    let remote = remote_list("postman_get_all_templates.json");
    let mut promo = to_document(&remote[1]).unwrap().template;
    body_text(
        &mut promo,
        "Hi {{1}}, our Fall Sale is on! Use promo code {{2}} Get an extra 30% off every order above $350!",
    );
    promo.message_send_ttl_seconds = Some(86_400);
    let plan = plan(&[promo.into()], &remote, &PlanOptions::default());
    let change = only(&plan);
    let Action::Update {
        fields, request, ..
    } = &change.action
    else {
        panic!("{change:#?}")
    };
    let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["message_send_ttl_seconds", "components.BODY.text"]);
    assert_eq!(
        fields[1].before.as_deref().map(|s| s.contains("25%")),
        Some(true)
    );
    assert_eq!(request.message_send_ttl_seconds, Some(86_400));
    assert_eq!(request.components.as_ref().map(Vec::len), Some(4));
    let body = serde_json::to_value(request).unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["components", "message_send_ttl_seconds"]);
    assert_eq!(change.remote.as_ref().unwrap().status.as_str(), "APPROVED");
}

#[test]
fn statuses_that_forbid_edits_block_with_a_reason() {
    let remote = remote_list("postman_get_all_templates.json");
    let mut promo = to_document(&remote[1]).unwrap().template;
    body_text(&mut promo, "Hi {{1}}, new text with {{2}} inside.");
    for (status, words) in [
        ("PENDING", "review"),
        ("IN_APPEAL", "appeal"),
        ("DISABLED", "disabled"),
        ("LIMIT_EXCEEDED", "limit"),
        ("FLAGGED", "FLAGGED"),
    ] {
        let account = vec![with_status(&remote[1], status)];
        let plan = plan(&[promo.clone().into()], &account, &PlanOptions::default());
        let Action::Blocked {
            wanted,
            why,
            fields,
        } = &only(&plan).action
        else {
            panic!("{status}: {:#?}", plan.changes)
        };
        let reason = blocked_words(why).0;
        assert_eq!(*wanted, Kind::Update);
        assert!(reason.contains(words), "{status}: {reason}");
        assert_eq!(fields.len(), 1);
    }
    // Nothing to change: in sync whatever the status.
    let same = to_document(&remote[1]).unwrap().template;
    let plan = plan(
        &[same.into()],
        &[with_status(&remote[1], "PENDING")],
        &PlanOptions::default(),
    );
    assert_eq!(only(&plan).kind(), Kind::InSync);
}

#[test]
fn deleted_archived_and_pending_deletion_copies_are_not_present() {
    let remote = remote_list("postman_get_all_templates.json");
    let hello = to_document(&remote[0]).unwrap().template;
    let plan_with = |status: &str| {
        plan(
            &[hello.clone().into()],
            &[with_status(&remote[0], status)],
            &PlanOptions::default(),
        )
    };
    let deleted = plan_with("DELETED");
    let Action::Create { notes, request } = &only(&deleted).action else {
        panic!()
    };
    assert_eq!(
        notes.list,
        [Note::DeletedNameMayBeHeld {
            name: "hello_world".into(),
            suggested_name: "hello_world_v2".into()
        }]
    );
    assert_eq!(request.name, "hello_world");
    let pending = plan_with("PENDING_DELETION");
    let Action::Blocked { wanted, .. } = &only(&pending).action else {
        panic!("PENDING_DELETION")
    };
    assert_eq!(*wanted, Kind::Create);
    // An archived copy is unarchived; nothing else differs, so no edit follows.
    let archived = plan_with("ARCHIVED");
    let Action::Unarchive { request, edit, .. } = &only(&archived).action else {
        panic!("{:?}", only(&archived).action)
    };
    assert_eq!(request.hsm_id, remote[0].id);
    assert!(edit.is_none());
    // A live copy next to a deleted one wins.
    let both = vec![with_status(&remote[0], "DELETED"), {
        let mut live = remote[0].clone();
        live.id = "2".into();
        live
    }];
    let plan = plan(&[hello.into()], &both, &PlanOptions::default());
    assert_eq!(only(&plan).kind(), Kind::InSync);
    assert_eq!(only(&plan).remote.as_ref().unwrap().id, "2");
}

#[test]
fn archive_mode_archives_approved_and_rejected_and_blocks_the_rest() {
    let mut remote = remote_list("postman_get_all_templates.json");
    let mut third = remote[0].clone();
    third.id = "3".into();
    third.name = "third_template".into();
    remote.push(third);
    let account = vec![
        with_status(&remote[0], "APPROVED"),
        with_status(&remote[1], "PENDING"),
        with_status(&remote[2], "ARCHIVED"),
    ];
    let options = PlanOptions {
        prune: PruneScope::every(),
        prune_mode: crate::reconcile::prune::PruneMode::Archive,
        prune_threshold: 1.0,
        ..PlanOptions::default()
    };
    let pruned = plan(&[], &account, &options);
    let kind_of = |id: &str| {
        pruned
            .changes
            .iter()
            .find(|c| c.remote.as_ref().is_some_and(|r| r.id == id))
            .map(|c| c.kind())
    };
    assert_eq!(kind_of(&remote[0].id), Some(Kind::Archive), "{pruned:#?}");
    assert_eq!(kind_of(&remote[1].id), Some(Kind::Blocked), "{pruned:#?}");
    assert_eq!(kind_of(&remote[2].id), Some(Kind::Unmanaged), "{pruned:#?}");
    assert_eq!(pruned.counts.archive, 1);
    assert!(pruned.has_changes);
}

#[test]
fn a_dated_deleted_copy_blocks_the_create_until_its_name_frees_up() {
    let remote = remote_list("postman_get_all_templates.json");
    let hello = to_document(&remote[0]).unwrap().template;
    let mut deleted = with_status(&remote[0], "DELETED");
    // Deleted 2026-11-30 22:57:52 UTC: the name frees up 30 days later.
    deleted.deleted_time = Some(1_796_079_472);
    let plan_at = |now_secs: i64| {
        let options = PlanOptions {
            now_secs,
            ..PlanOptions::default()
        };
        plan(&[hello.clone().into()], &[deleted.clone()], &options)
    };
    let blocked = plan_at(1_796_079_472 + 3600);
    let Action::Blocked { wanted, why, .. } = &only(&blocked).action else {
        panic!("{:?}", only(&blocked).action)
    };
    assert!(matches!(why.0, BlockReason::NameLocked { .. }), "{why:?}");
    let (reason, unblock) = blocked_words(why);
    assert_eq!(*wanted, Kind::Create);
    assert!(
        reason.contains("2026-11-30 22:57 UTC") && reason.contains("2388023"),
        "{reason}"
    );
    assert!(
        unblock.contains("frees up on 2026-12-30 22:57 UTC") && unblock.contains("hello_world_v2"),
        "{unblock}"
    );
    // Once the 30 days have passed, it is a create again.
    let later = plan_at(1_796_079_472 + 30 * 24 * 3600 + 1);
    assert_eq!(only(&later).kind(), Kind::Create);
}

#[test]
fn prune_deletes_in_scope_by_id_and_flags_mass_deletes() {
    let remote = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    // Without prune: unmanaged, and no changes.
    let plan0 = plan(&[], &remote, &PlanOptions::default());
    assert_eq!(plan0.counts.unmanaged, remote.len());
    assert!(!plan0.has_changes);
    let options = PlanOptions {
        prune: PruneScope::Names(vec!["welcome_*".into(), "hello_world".into()]),
        ..PlanOptions::default()
    };
    let mut account = remote.clone();
    account[0] = with_status(&remote[0], "DISABLED");
    let plan = plan(&[], &account, &options);
    let deletes: Vec<&DeleteRequest> = plan
        .changes
        .iter()
        .filter_map(|c| match &c.action {
            Action::Delete { request, .. } => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(deletes.len(), 2);
    assert!(deletes.iter().all(|d| !d.hsm_id.is_empty()));
    assert_eq!(plan.counts.blocked, 1, "DISABLED cannot be deleted");
    assert_eq!(plan.counts.unmanaged, remote.len() - 3);
    // 2 deletes of the 3 templates in scope (the DISABLED one stays): past 30% of the scope,
    // however small the account.
    assert!(plan.needs_force);
    // Loosened to 70%, 2 of 3 passes; the threshold counts the scope, not the account.
    let loose = PlanOptions {
        prune_threshold: 0.70,
        ..options.clone()
    };
    assert!(!super::plan(&[], &account, &loose).needs_force);
    let mut big = account.clone();
    for i in 0..5 {
        big.push(edited(&remote[6], |v| {
            v["name"] = json!(format!("keep_{i}"));
            v["id"] = json!(format!("9{i}"));
        }));
    }
    let everything = PlanOptions {
        prune: PruneScope::every(),
        ..PlanOptions::default()
    };
    let plan = super::plan(&[], &big, &everything);
    assert!(plan.needs_force, "{:?}", plan.counts);
    assert!(plan.has_changes);
}

#[test]
fn filters_leave_other_templates_out() {
    let remote = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let options = PlanOptions {
        selection: crate::reconcile::filter::Selection {
            names: vec!["schedule_*".into()],
            languages: vec!["pt_BR".into()],
        },
        prune: PruneScope::every(),
        ..PlanOptions::default()
    };
    let plan = plan(&[], &remote, &options);
    let names: Vec<&str> = plan.changes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["schedule_confirmation3", "schedule_confirmation5"]);
}

#[test]
fn an_unreadable_remote_copy_blocks_instead_of_failing() {
    let remote = remote_list("postman_get_all_templates.json");
    let hello = to_document(&remote[0]).unwrap().template;
    let odd = edited(&remote[0], |v| {
        v["components"][0]["type"] = json!("HOLOGRAM")
    });
    let plan = plan(&[hello.into()], &[odd], &PlanOptions::default());
    let Action::Blocked { why, .. } = &only(&plan).action else {
        panic!()
    };
    let BlockReason::UnreadableAccountCopy { error } = &why.0 else {
        panic!("{why:?}")
    };
    assert!(error.contains("components[0]"), "{error}");
}

#[test]
fn a_new_template_is_created_with_its_canonical_body() {
    let desired = document("docs_custom_marketing_welcome_discount_named.json");
    let plan = plan(&[desired.into()], &[], &PlanOptions::default());
    let Action::Create { request, notes } = &only(&plan).action else {
        panic!()
    };
    assert!(notes.is_empty());
    assert_eq!(request.category, "MARKETING");
    let body = serde_json::to_value(request).unwrap();
    assert_eq!(
        body["components"][3]["buttons"][1]["phone_number"],
        "15550051310"
    );
    assert_eq!(plan.counts.create, 1);
    assert!(plan.fingerprint.starts_with("sha256:"));
}

#[test]
fn converted_templates_survive_yaml_and_plan_in_sync() {
    // What `import` does: write the account's templates as YAML, read them back as files.
    let mut round_tripped = 0;
    for file in LIST_RESPONSES {
        let remote = remote_list(file);
        let mut desired = Vec::new();
        for r in &remote {
            let converted = match to_document(r) {
                Ok(converted) => converted,
                Err(e) if listed_in_full(r) => panic!("{file}: {} did not convert: {e:?}", r.name),
                // Lists read without `fields=language,components` cannot be documents.
                Err(_) => continue,
            };
            let yaml = serde_saphyr::to_string(&converted.template).unwrap();
            let back = document_from_text("import.yaml", &yaml);
            assert_eq!(back, converted.template, "{file}: {yaml}");
            desired.push(Desired::from(back));
        }
        round_tripped += desired.len();
        let plan = plan(&desired, &remote, &PlanOptions::default());
        assert_eq!(plan.counts.changes(), 0, "{file}: {:#?}", plan.changes);
        assert_eq!(
            plan.counts.in_sync,
            desired.len(),
            "{file}: {:#?}",
            plan.changes
        );
    }
    assert!(
        round_tripped > 0,
        "no template of the corpus went through YAML"
    );
}

#[test]
fn files_that_break_rules_block_changes_but_not_sync() {
    let remote = remote_list("postman_get_all_templates.json");
    let mut desired: Vec<Desired> = desired_of(&remote);
    for d in &mut desired {
        d.errors = vec!["body-length: too long".into()];
    }
    body_text(&mut desired[1].template, "Hi {{1}}, changed {{2}} text.");
    desired.push(Desired {
        errors: vec!["name-format: bad".into()],
        ..Desired::from(document("docs_components_seasonal_promotion.json"))
    });
    let plan = plan(&desired, &remote, &PlanOptions::default());
    let kinds: Vec<Kind> = plan.changes.iter().map(Change::kind).collect();
    assert_eq!(kinds, [Kind::Blocked, Kind::InSync, Kind::Blocked]);
    let Action::Blocked {
        wanted,
        why,
        fields,
    } = &plan.changes[0].action
    else {
        panic!()
    };
    assert_eq!(*wanted, Kind::Update);
    let BlockReason::InvalidFile { errors } = &why.0 else {
        panic!("{why:?}")
    };
    assert!(
        errors.iter().any(|e| e.contains("body-length")),
        "{errors:?}"
    );
    assert_eq!(fields.len(), 1);
}

#[test]
fn deleting_an_approved_template_carries_the_name_lock_note() {
    let remote = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let approved = with_status(&remote[0], "APPROVED");
    let rejected = with_status(&remote[1], "REJECTED");
    let options = PlanOptions {
        prune: PruneScope::every(),
        ..PlanOptions::default()
    };
    let plan = plan(&[], &[approved.clone(), rejected.clone()], &options);
    let notes = |name: &str| -> Vec<Note> {
        plan.changes
            .iter()
            .find_map(|c| match &c.action {
                Action::Delete { request, notes } if request.name == name => {
                    Some(notes.list.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no delete of {name}: {plan:#?}"))
    };
    assert_eq!(notes(&approved.name), [Note::ApprovedDeleteLocksName]);
    assert!(notes(&rejected.name).is_empty());
    let json = serde_json::to_value(&plan).unwrap();
    assert!(
        json.to_string().contains("locks its name"),
        "the note is in the plan's data"
    );
}
