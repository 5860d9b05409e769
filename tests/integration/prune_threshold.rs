//! The prune threshold counts what the prune scope covers, not the whole account: emptying a
//! scope, or deleting more than `max_delete_percent` of it, needs `--force` however large or
//! small the account is.

use std::path::Path;

use serde_json::json;

use crate::apply::{Served, code, stderr, stdout, template};

/// A sandbox seeded with `keep` templates `keep_NNN` and `promo` templates `promo_NNN`, and a
/// project declaring the `keep_*` ones plus `declared_promos` of the promos.
fn account(dir: &Path, keep: usize, promo: usize, declared_promos: usize) -> Served {
    let names: Vec<String> = (0..keep)
        .map(|i| format!("keep_{i:03}"))
        .chain((0..promo).map(|i| format!("promo_{i:03}")))
        .collect();
    let data: Vec<_> = names
        .iter()
        .map(|name| {
            json!({"name": name, "language": "en_US", "category": "UTILITY", "components": [
                {"type": "BODY", "text": "Your parcel has left our warehouse today."}]})
        })
        .collect();
    let seed = dir.join("seed.json");
    std::fs::write(&seed, json!({ "data": data }).to_string()).unwrap();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for name in names.iter().filter(|n| n.starts_with("keep_")).chain(
        names
            .iter()
            .filter(|n| n.starts_with("promo_"))
            .take(declared_promos),
    ) {
        let text = template(name, "Your parcel has left our warehouse today.");
        std::fs::write(templates.join(format!("{name}.yaml")), text).unwrap();
    }
    Served::start(dir, &["--seed", seed.to_str().unwrap()])
}

fn prune(dir: &Path, scope: &str) {
    std::fs::write(
        dir.join("wabactl.yaml"),
        format!("templates: [templates]\nprune:\n  enabled: true\n  scope: [\"{scope}\"]\n"),
    )
    .unwrap();
}

#[test]
fn emptying_a_scope_in_a_large_account_needs_force() {
    // 25 of 90 templates (28%, under 30% of the account) but every one of the scope.
    let dir = tempfile::tempdir().unwrap();
    let sandbox = account(dir.path(), 65, 25, 0);
    prune(dir.path(), "promo_*");
    let refused = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&refused), 1, "{}", stdout(&refused));
    let err = stderr(&refused);
    assert!(
        err.contains("every template the prune scope covers"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(sandbox.identities().len(), 90, "nothing deleted");
    let forced = sandbox.run(dir.path(), &["apply", "--auto-approve", "--force"]);
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    assert_eq!(sandbox.identities().len(), 65);
}

#[test]
fn a_small_account_cannot_be_emptied_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = account(dir.path(), 0, 5, 0);
    prune(dir.path(), "*");
    let plan = sandbox.run(dir.path(), &["plan"]);
    assert!(
        stdout(&plan).contains("applying it needs --force"),
        "{}",
        stdout(&plan)
    );
    let refused = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&refused), 1, "{}", stdout(&refused));
    assert_eq!(sandbox.identities().len(), 5, "nothing deleted");
}

#[test]
fn a_small_share_of_the_scope_needs_no_force() {
    // 7 of 25 promos (28%) go.
    let dir = tempfile::tempdir().unwrap();
    let sandbox = account(dir.path(), 5, 25, 18);
    prune(dir.path(), "promo_*");
    let applied = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    assert!(
        stdout(&applied).contains("Applied: 0 created, 0 updated, 7 deleted"),
        "{}",
        stdout(&applied)
    );
    // 8 of the 18 promos left (44%) is past the share.
    let templates = dir.path().join("templates");
    for i in 0..8 {
        std::fs::remove_file(templates.join(format!("promo_{i:03}.yaml"))).unwrap();
    }
    let refused = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&refused), 1, "{}", stdout(&refused));
    assert!(stderr(&refused).contains("30%"), "{}", stderr(&refused));
}
