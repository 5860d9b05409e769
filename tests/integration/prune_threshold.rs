//! The prune threshold counts what the prune scope covers, not the whole account: emptying a
//! scope, or deleting more than `max_delete_percent` of it, needs `--force` however large or
//! small the account is.

use serde_json::json;

use crate::support::Test;
use crate::support::{identities, sandboxed};

/// A sandbox seeded with `keep` templates `keep_NNN` and `promo` templates `promo_NNN`, and a
/// project declaring the `keep_*` ones plus `declared_promos` of the promos.
fn account(keep: usize, promo: usize, declared_promos: usize) -> Test {
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
    let declared: Vec<(String, String)> = names
        .iter()
        .filter(|n| n.starts_with("keep_"))
        .chain(
            names
                .iter()
                .filter(|n| n.starts_with("promo_"))
                .take(declared_promos),
        )
        .map(|name| {
            (
                name.clone(),
                "Your parcel has left our warehouse today.".to_owned(),
            )
        })
        .collect();
    let seeded = Test::new().file("seed.json", json!({ "data": data }).to_string());
    sandboxed(seeded, &declared, &["--seed", "seed.json"])
}

fn prune(test: &Test, scope: &str) {
    test.write(
        "wabactl.yaml",
        format!("templates: [templates]\nprune:\n  enabled: true\n  scope: [\"{scope}\"]\n"),
    );
}

#[test]
fn emptying_a_scope_in_a_large_account_needs_force() {
    // 25 of 90 templates (28%, under 30% of the account) but every one of the scope.
    let test = account(65, 25, 0);
    prune(&test, "promo_*");
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stderr_contains("every template the prune scope covers")
        .stderr_contains("--force")
        .run();
    assert_eq!(identities(&test).len(), 90, "nothing deleted");
    test.wabactl(["apply", "--auto-approve", "--force"]).run();
    assert_eq!(identities(&test).len(), 65);
}

#[test]
fn a_small_account_cannot_be_emptied_without_force() {
    let test = account(0, 5, 0);
    prune(&test, "*");
    test.wabactl(["plan"])
        .any_exit()
        .stdout_contains("applying it needs --force")
        .run();
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .run();
    assert_eq!(identities(&test).len(), 5, "nothing deleted");
}

#[test]
fn a_small_share_of_the_scope_needs_no_force() {
    // 7 of 25 promos (28%) go.
    let test = account(5, 25, 18);
    prune(&test, "promo_*");
    test.wabactl(["apply", "--auto-approve"])
        .stdout_contains("Applied: 0 created, 0 updated, 7 deleted")
        .run();
    // 8 of the 18 promos left (44%) is past the share.
    for i in 0..8 {
        std::fs::remove_file(test.join(format!("templates/promo_{i:03}.yaml"))).unwrap();
    }
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stderr_contains("30%")
        .run();
}
