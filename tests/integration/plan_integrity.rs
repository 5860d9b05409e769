//! A saved plan is sealed by `plan_digest`: any edit to it (a request body, a count, a
//! change's kind) is refused as tampered, with nothing done; the same content reformatted
//! still applies.

use serde_json::Value;

use crate::apply::{account, identities, numbered};

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
