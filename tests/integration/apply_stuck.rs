//! An apply that leaves a declared template not on the account as declared, for a reason a
//! person must act on, exits 4 after its report and names the template and why; a change held
//! on purpose by `--promote-from` does not fail it.

use crate::support::Test;

/// Moves the sandbox's clock forward (review decides a new template after a moment).
fn advance(test: &Test, seconds: i64) {
    test.served()
        .admin(&format!("/__sandbox/clock?advance_seconds={seconds}"));
}

#[test]
fn an_apply_whose_only_change_needs_a_new_template_exits_4_naming_it() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);
    // An approved template's category cannot change: the only change needs a new template.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order has shipped.")
            .replace("UTILITY", "MARKETING"),
    );
    let human = test
        .wabactl(["apply", "--auto-approve"])
        .expect_exit(4)
        .stdout_contains("Left to act on: 1 declared template is not on the account as declared")
        .run();
    assert!(
        human.stdout.contains(
            "order_update (en_US): needs a new template (suggested name `order_update_v2`)"
        ),
        "{}",
        human.stdout
    );
    let json = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .expect_exit(4)
        .run()
        .json();
    assert_eq!(json["counts"]["stuck"], 1, "{json}");
    assert_eq!(json["changes"][0]["stuck"], "needs_new_template", "{json}");
    assert_eq!(json["complete"], true, "nothing failed: {json}");
}

#[test]
fn an_apply_whose_only_change_is_blocked_by_a_name_lock_exits_4_naming_the_lock() {
    // The listing of a deleted copy with its `deleted_time` is assumed; with it, wabactl
    // plans the re-created name as blocked until it frees up.
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&["--assume", "deleted-listing"]);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);
    std::fs::remove_file(test.join("templates/order_update.yaml")).unwrap();
    test.wabactl([
        "apply",
        "--auto-approve",
        "--force",
        "--prune",
        "--prune-scope",
        "order_*",
    ])
    .run();
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order has shipped."),
    );
    let report = test
        .wabactl(["apply", "--auto-approve"])
        .expect_exit(4)
        .stdout_contains("Left to act on")
        .run();
    assert!(
        report.stdout.contains("order_update (en_US): blocked:")
            && report.stdout.contains("the name frees up on"),
        "{}",
        report.stdout
    );
}

#[test]
fn a_change_held_by_promotion_alone_exits_0() {
    let test = Test::new()
        .project_file(
            "templates: [templates]\ndefault_account: staging\naccounts:\n  staging:\n    \
             waba_id: \"1111\"\n  production:\n    waba_id: \"2222\"\n",
        )
        .template("order_update", "Your order has shipped.");
    let sandbox = "--sandbox=state.json";
    // Staging holds another text than the files: production's create waits for it.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order is on its way."),
    );
    test.wabactl(["apply", "--account", "staging", "--auto-approve", sandbox])
        .run();
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order has shipped."),
    );
    let json = test
        .wabactl([
            "apply",
            "--account",
            "production",
            "--promote-from",
            "staging",
            "--auto-approve",
            "--format",
            "json",
            sandbox,
        ])
        .run()
        .json();
    // Promotion runs as a run of accounts: one report per account.
    let json = json["accounts"][0]["report"].clone();
    let changes = json["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("{json}"));
    let held: Vec<&serde_json::Value> = changes.iter().filter(|c| c["change"] == "held").collect();
    assert_eq!(held.len(), 1, "{json}");
    assert_eq!(held[0]["name"], "order_update", "{json}");
    assert_eq!(json["counts"]["stuck"], 0, "{json}");
    assert_eq!(json["counts"]["created"], 0, "{json}");
}
