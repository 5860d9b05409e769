//! A saved plan is sealed by `plan_digest`: any edit to it (a request body, a count, a
//! change's kind) is refused as tampered, with nothing done; the same content reformatted
//! still applies.

use serde_json::Value;

use crate::apply::{Served, code, numbered, project, stderr};

#[test]
fn an_edited_saved_plan_is_refused() {
    let dir = project(&numbered("sealed", 2));
    let sandbox = Served::start(dir.path(), &[]);
    let planned = sandbox.run(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(code(&planned), 0, "{}", stderr(&planned));
    let path = dir.path().join("plan.json");
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
    let refused = sandbox.run(dir.path(), &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&refused), 1);
    let err = stderr(&refused);
    assert!(
        err.contains("was changed after `wabactl plan --out` wrote it"),
        "{err}"
    );
    assert!(err.contains("Nothing was changed"), "{err}");
    assert!(sandbox.identities().is_empty(), "nothing applied");

    // Any other field: a kind, a count.
    for (pointer, value) in [
        ("/changes/1/kind", Value::from("in_sync")),
        ("/counts/create", Value::from(1)),
        ("/needs_force", Value::from(true)),
    ] {
        let mut edited = original.clone();
        *edited.pointer_mut(pointer).unwrap() = value;
        std::fs::write(&path, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
        let refused = sandbox.run(dir.path(), &["apply", "--plan", "plan.json"]);
        assert_eq!(code(&refused), 1, "{pointer}");
        assert!(stderr(&refused).contains("was changed after"), "{pointer}");
    }
    // A plan with its digest removed is refused too.
    let mut stripped = original.clone();
    stripped.as_object_mut().unwrap().remove("plan_digest");
    std::fs::write(&path, stripped.to_string()).unwrap();
    let refused = sandbox.run(dir.path(), &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&refused), 1);
    assert!(sandbox.identities().is_empty(), "nothing applied");

    // The same content, compact and with keys in another order, is the same plan.
    let mut sorted = original.clone();
    sorted.sort_all_objects();
    std::fs::write(&path, serde_json::to_string(&sorted).unwrap()).unwrap();
    let applied = sandbox.run(dir.path(), &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    assert_eq!(sandbox.identities().len(), 2);
}
