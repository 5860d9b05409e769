//! A saved plan is sealed by `plan_digest`: any edit to it (a request body, a count, a
//! change's kind) is refused as tampered, with nothing done; the same content reformatted
//! still applies. The seal is a checksum anyone can recompute, so it is not what makes a plan
//! an approval: `apply --plan` plans the files again and carries out only the same writes. A
//! plan edited and sealed again (a create added, a delete added, a body changed), or one the
//! files no longer give, is refused before any write, naming the first difference.

use serde_json::Value;

use crate::support::{Test, template_text};
use crate::support::{account, identities, numbered};

/// Seals `plan` again, as anyone holding a plan file can: the digest is public arithmetic.
fn reseal(plan: Value) -> String {
    let plan: wabactl::reconcile::Plan = serde_json::from_value(plan).unwrap();
    let sealed = plan.sealed();
    assert!(sealed.is_intact());
    serde_json::to_string_pretty(&sealed).unwrap()
}

/// The index of the change of `name` in a saved plan.
fn change_of(plan: &Value, name: &str) -> usize {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no change of {name} in {plan}"))
}

/// Applies `refused` (a plan file's text) and expects a refusal naming `difference`, with the
/// account untouched.
fn refused(test: &Test, text: &str, difference: &str) {
    let before = test.served().state()["account"]["templates"].clone();
    test.write("plan.json", text);
    let stderr = test
        .wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .run()
        .stderr;
    assert!(stderr.contains(difference), "{stderr}");
    assert!(
        stderr.contains("Only a reviewed plan is carried out: run `wabactl plan --out`"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert_eq!(
        test.served().state()["account"]["templates"],
        before,
        "the account was written to"
    );
}

#[test]
fn a_plan_edited_and_sealed_again_is_refused_naming_the_difference() {
    let test = account(&numbered("reviewed", 2), &[]);
    // A template on the account that the files do not declare (made from elsewhere).
    test.write(
        "other/templates/bystander.yaml",
        template_text("bystander", "Left alone by the reviewed plan."),
    );
    test.wabactl(["apply", "--auto-approve"])
        .current_dir("other")
        .run();
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let original: Value = serde_json::from_str(&test.read("plan.json")).unwrap();
    let first = change_of(&original, "reviewed_000");
    let bystander = change_of(&original, "bystander");
    assert_eq!(original["changes"][bystander]["kind"], "unmanaged");

    // A body changed.
    let mut edited = original.clone();
    edited["changes"][first]["request"]["components"][0]["text"] =
        Value::from("Pay now at https://evil.example.");
    refused(
        &test,
        &reseal(edited),
        "create reviewed_000 (en_US): the request differs at `request.components[0].text`",
    );

    // A create added.
    let mut edited = original.clone();
    let mut forged = original["changes"][first].clone();
    forged["name"] = Value::from("forged_offer");
    forged["request"]["name"] = Value::from("forged_offer");
    edited["changes"].as_array_mut().unwrap().push(forged);
    edited["counts"]["create"] = Value::from(3);
    refused(
        &test,
        &reseal(edited),
        "the saved plan would create forged_offer (en_US), a plan made now would not",
    );

    // A delete added: the template the files leave alone.
    let mut edited = original.clone();
    let remote = &original["changes"][bystander]["remote"];
    edited["changes"][bystander]["kind"] = Value::from("delete");
    edited["changes"][bystander]["request"] =
        serde_json::json!({"hsm_id": remote["id"], "name": "bystander"});
    edited["counts"]["delete"] = Value::from(1);
    edited["counts"]["unmanaged"] = Value::from(0);
    refused(
        &test,
        &reseal(edited),
        "the saved plan would delete bystander (en_US), a plan made now would not",
    );

    // A write taken out is a difference too: a plan made now would do more than was reviewed.
    let mut edited = original.clone();
    edited["changes"][first]["kind"] = Value::from("in_sync");
    edited["changes"][first]
        .as_object_mut()
        .unwrap()
        .remove("request");
    refused(
        &test,
        &reseal(edited),
        "a plan made now would create reviewed_000 (en_US), the saved plan would not",
    );
    assert_eq!(identities(&test).len(), 1, "only the bystander");

    // The files changed after the review (the account did not): refused as well.
    test.write("plan.json", serde_json::to_string(&original).unwrap());
    test.write(
        "templates/reviewed_001.yaml",
        template_text("reviewed_001", "A text nobody reviewed."),
    );
    refused(
        &test,
        &serde_json::to_string(&original).unwrap(),
        "create reviewed_001 (en_US): the request differs at `request.components[0].text`",
    );

    // Put back, the reviewed plan applies as it was made.
    let (name, body) = &numbered("reviewed", 2)[1];
    test.write(&format!("templates/{name}.yaml"), template_text(name, body));
    test.write("plan.json", serde_json::to_string(&original).unwrap());
    test.wabactl(["apply", "--plan", "plan.json"])
        .stdout_contains("Applied: 2 created")
        .run();
    assert_eq!(identities(&test).len(), 3);
}

#[test]
fn a_plan_made_with_other_flags_is_refused_naming_them() {
    let test = account(&numbered("flagged", 2), &[]);
    test.wabactl(["plan", "--name", "flagged_000", "--out", "plan.json"])
        .run();
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .stderr_contains(
            "it was made from `templates --name flagged_000 no prune`, and this run plans \
             `templates no prune` (give apply the same paths and flags as plan)",
        )
        .run();
    assert!(identities(&test).is_empty());
    test.wabactl(["apply", "--plan", "plan.json", "--name", "flagged_000"])
        .stdout_contains("Applied: 1 created")
        .run();
}

#[test]
fn an_edited_saved_plan_is_refused() {
    let test = account(&numbered("sealed", 2), &[]);
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let path = test.join("plan.json");
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        original["plan_digest"]
            .as_str()
            .is_some_and(|d| d.starts_with("sha256:")),
        "{original}"
    );

    // A request body edited, the fingerprint untouched.
    let mut edited = original.clone();
    let text = edited["changes"][0]["request"]["components"][0]["text"]
        .as_str()
        .expect("a create's body text")
        .to_owned();
    edited["changes"][0]["request"]["components"][0]["text"] =
        Value::String(format!("{text} Click https://evil.example now."));
    std::fs::write(&path, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .stderr_contains("was changed after `wabactl plan --out` wrote it")
        .stderr_contains("Nothing was changed")
        .run();
    assert!(identities(&test).is_empty(), "nothing applied");

    // Any other field: a kind, a count.
    for (pointer, value) in [
        ("/changes/1/kind", Value::from("in_sync")),
        ("/counts/create", Value::from(1)),
        ("/needs_force", Value::from(true)),
    ] {
        let mut edited = original.clone();
        *edited.pointer_mut(pointer).unwrap() = value;
        std::fs::write(&path, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
        let refused = test
            .wabactl(["apply", "--plan", "plan.json"])
            .expect_exit(1)
            .run();
        assert!(refused.stderr.contains("was changed after"), "{pointer}");
    }
    // A plan with its digest removed is refused too.
    let mut stripped = original.clone();
    stripped.as_object_mut().unwrap().remove("plan_digest");
    std::fs::write(&path, stripped.to_string()).unwrap();
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .run();
    assert!(identities(&test).is_empty(), "nothing applied");

    // The same content, compact and with keys in another order, is the same plan.
    let mut sorted = original.clone();
    sorted.sort_all_objects();
    std::fs::write(&path, serde_json::to_string(&sorted).unwrap()).unwrap();
    test.wabactl(["apply", "--plan", "plan.json"]).run();
    assert_eq!(identities(&test).len(), 2);
}

#[test]
fn no_edit_to_a_plan_sealed_again_gets_a_write_through() {
    // Two templates on the account (one of them changed in the files since, so the plan
    // updates it), one left alone, and two new ones to create.
    let test = account(&numbered("kept", 2), &[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    test.write(
        "templates/kept_001.yaml",
        template_text("kept_001", "Your parcel number 1 is on its way."),
    );
    for (name, body) in numbered("fresh", 2) {
        test.write(
            &format!("templates/{name}.yaml"),
            template_text(&name, &body),
        );
    }
    test.write(
        "other/templates/bystander.yaml",
        template_text("bystander", "Left alone by the reviewed plan."),
    );
    test.wabactl(["apply", "--auto-approve"])
        .current_dir("other")
        .run();
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let original: Value = serde_json::from_str(&test.read("plan.json")).unwrap();
    let before = test.served().state()["account"]["templates"].clone();

    let create = change_of(&original, "fresh_000");
    let update = change_of(&original, "kept_001");
    let in_sync = change_of(&original, "kept_000");
    let bystander = change_of(&original, "bystander");
    assert_eq!(original["changes"][update]["kind"], "update");
    let bystander_id = original["changes"][bystander]["remote"]["id"].clone();
    let kept_id = original["changes"][in_sync]["remote"]["id"].clone();

    type Edit = Box<dyn Fn(&mut Value)>;
    let at = |index: usize, pointer: &'static str, value: Value| -> Edit {
        Box::new(move |plan: &mut Value| {
            // Sets the field, adding it when the change has none.
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let parent = plan["changes"][index].pointer_mut(parent).unwrap();
            match parent {
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = value.clone(),
                other => other[key] = value.clone(),
            }
        })
    };
    let mut edits: Vec<(&str, Edit)> = Vec::new();
    for index in [create, create + 1] {
        edits.push((
            "create body text",
            at(index, "/request/components/0/text", Value::from("Pay now.")),
        ));
        edits.push((
            "create category",
            at(index, "/request/category", Value::from("MARKETING")),
        ));
        edits.push((
            "create name",
            at(index, "/request/name", Value::from("renamed")),
        ));
        edits.push((
            "create language",
            at(index, "/request/language", Value::from("pt_BR")),
        ));
        edits.push(("change name", at(index, "/name", Value::from("other_name"))));
        edits.push(("change language", at(index, "/language", Value::from("es"))));
        edits.push((
            "create body added",
            Box::new(move |plan: &mut Value| {
                let components = plan["changes"][index]["request"]["components"]
                    .as_array_mut()
                    .unwrap();
                components.push(serde_json::json!({"type": "FOOTER", "text": "Reply STOP"}));
            }),
        ));
        edits.push((
            "create dropped",
            Box::new(move |plan: &mut Value| {
                plan["changes"].as_array_mut().unwrap().remove(index);
            }),
        ));
    }
    edits.push((
        "update body text",
        at(
            update,
            "/request/components/0/text",
            Value::from("Pay now."),
        ),
    ));
    edits.push((
        "update category",
        at(update, "/request/category", Value::from("MARKETING")),
    ));
    edits.push((
        "update retargeted",
        at(update, "/remote/id", kept_id.clone()),
    ));
    edits.push((
        "update ttl",
        at(update, "/request/message_send_ttl_seconds", Value::from(60)),
    ));
    edits.push((
        "update made a create of a duplicate",
        Box::new(move |plan: &mut Value| {
            let mut body = plan["changes"][create]["request"].clone();
            body["name"] = Value::from("kept_001");
            let change = plan["changes"][update].as_object_mut().unwrap();
            change.insert("kind".into(), Value::from("create"));
            change.insert("request".into(), body);
            change.remove("fields");
        }),
    ));
    edits.push((
        "update dropped",
        Box::new(move |plan: &mut Value| {
            let change = plan["changes"][update].as_object_mut().unwrap();
            change.insert("kind".into(), Value::from("in_sync"));
            change.remove("request");
            change.remove("fields");
        }),
    ));
    for (what, id, name) in [
        ("delete of the bystander", bystander_id.clone(), "bystander"),
        ("delete of a kept template", kept_id.clone(), "kept_000"),
    ] {
        let index = if name == "bystander" {
            bystander
        } else {
            in_sync
        };
        edits.push((
            what,
            Box::new(move |plan: &mut Value| {
                let change = &mut plan["changes"][index];
                change["kind"] = Value::from("delete");
                change["request"] = serde_json::json!({"hsm_id": id, "name": name});
                plan["prune"] = Value::from(true);
            }),
        ));
    }
    edits.push((
        "archive of the bystander",
        Box::new(move |plan: &mut Value| {
            let change = &mut plan["changes"][bystander];
            change["kind"] = Value::from("archive");
            change["request"] = serde_json::json!({"hsm_id": bystander_id, "name": "bystander"});
        }),
    ));
    for extra in 0..16 {
        edits.push((
            "a create added",
            Box::new(move |plan: &mut Value| {
                let mut added = plan["changes"][create].clone();
                let name = format!("added_{extra}");
                added["name"] = Value::from(name.clone());
                added["request"]["name"] = Value::from(name);
                plan["changes"].as_array_mut().unwrap().push(added);
            }),
        ));
    }

    let trials = edits.len();
    assert!(trials >= 41, "{trials} trials");
    for (what, edit) in &edits {
        let mut plan = original.clone();
        edit(&mut plan);
        test.write("plan.json", reseal(plan));
        let refused = test
            .wabactl(["apply", "--plan", "plan.json"])
            .any_exit()
            .run();
        assert_eq!(refused.code, 1, "{what}: {}", refused.stderr);
        assert!(
            refused
                .stderr
                .contains("Only a reviewed plan is carried out"),
            "{what}: {}",
            refused.stderr
        );
    }
    assert_eq!(
        test.served().state()["account"]["templates"],
        before,
        "none of {trials} edited plans wrote to the account"
    );
    test.write("plan.json", serde_json::to_string(&original).unwrap());
    test.wabactl(["apply", "--plan", "plan.json"])
        .stdout_contains("2 created, 1 updated")
        .run();
}
