//! A saved plan is sealed by `plan_digest`: any edit to it (a request body, a count, a
//! change's kind) is refused as tampered, with nothing done; the same content reformatted
//! still applies. The seal is a checksum anyone can recompute, so it is not what makes a plan
//! an approval: `apply --plan` plans the files again and carries out only the same writes. A
//! plan edited and sealed again (a create added, a delete added, a body changed), or one the
//! files no longer give, is refused before any write, naming the first difference.

use serde_json::Value;

use crate::apply::{account, identities, numbered};
use crate::support::{Test, template_text};

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
