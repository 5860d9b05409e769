//! Several accounts in one run, through the binary against in-process sandboxes (one per
//! account, `--sandbox=state.json`): one report in every format, per-account templates,
//! failures that stay with their account, saved plans of several accounts, shards, and
//! promotion from staging to production.

use serde_json::Value;

use crate::support::{Output, Test};

const SANDBOX: &str = "--sandbox=state.json";

/// Three accounts: staging and production receive everything, `promos` only `promo_*`.
fn project(extra: &str) -> Test {
    Test::new()
        .project_file(&format!(
            "templates: [templates]\ndefault_account: staging\naccounts:\n  \
             staging:\n    waba_id: \"1111\"\n  production:\n    waba_id: \"2222\"\n  \
             promos:\n    waba_id: \"3333\"\n    templates:\n      names: [\"promo_*\"]\n{extra}"
        ))
        .template("order_update", "Your order has shipped.")
        .template("promo_spring", "Your promo code order is confirmed.")
}

fn run(test: &Test, args: &[&str], exit: i32) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.push(SANDBOX);
    test.wabactl(all).expect_exit(exit).run()
}

/// Each account of the JSON plan set, by name.
fn plans(set: &Value) -> Vec<(String, Value)> {
    set["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["account"].as_str().unwrap().to_owned(), a.clone()))
        .collect()
}

#[test]
fn one_plan_for_every_account_in_each_format() {
    let test = project("");
    let human = run(&test, &["plan", "--all-accounts", "--exit-code"], 2);
    for account in ["production", "promos", "staging"] {
        assert!(
            human.stdout.contains(&format!("── account {account} ──")),
            "{}",
            human.stdout
        );
    }
    assert!(
        human
            .stdout
            .contains("3 accounts: 3 planned, 0 failed; 3 with changes"),
        "{}",
        human.stdout
    );
    // Each named account keeps its own sandbox state.
    for account in ["production", "promos", "staging"] {
        assert!(
            test.join(format!("state-{account}.json")).is_file(),
            "{account}"
        );
    }

    let json = run(&test, &["plan", "--all-accounts", "--format", "json"], 0).json();
    assert_eq!(json["kind"], "accounts");
    assert_eq!(json["has_changes"], true);
    let by_name = plans(&json);
    let creates = |name: &str| {
        by_name.iter().find(|(n, _)| n == name).unwrap().1["plan"]["counts"]["create"].clone()
    };
    assert_eq!(creates("staging"), 2);
    // `promos` receives only promo_*: order_update is not planned there at all.
    assert_eq!(creates("promos"), 1);

    let markdown = run(
        &test,
        &["plan", "--all-accounts", "--format", "markdown"],
        0,
    )
    .stdout;
    assert!(
        markdown.starts_with("<!-- wabactl-plan accounts=production,promos,staging -->\n"),
        "{markdown}"
    );
    assert_eq!(
        markdown.matches("<!-- wabactl-plan").count(),
        1,
        "one comment"
    );
    assert!(
        markdown.contains("| `promos` | 1 | 0 | 0 | 0 | changes |"),
        "{markdown}"
    );
    assert_eq!(
        markdown.matches("<details open><summary><b>").count(),
        3,
        "{markdown}"
    );
    assert!(markdown.len() < 65_536);

    let applied = run(&test, &["apply", "--all-accounts", "--auto-approve"], 0);
    // The accounts are carried out side by side: each progress line names its account.
    assert!(
        applied
            .stderr
            .contains("promos: ✓ created promo_spring (en_US)"),
        "{}",
        applied.stderr
    );
    let after = run(&test, &["plan", "--all-accounts", "--exit-code"], 0);
    assert!(after.stdout.contains("0 with changes"), "{}", after.stdout);
}

#[test]
fn an_account_that_fails_does_not_stop_the_others() {
    // An API version Meta no longer serves fails `production` before any call.
    let test = project("").project_file(
        "templates: [templates]\naccounts:\n  staging:\n    waba_id: \"1111\"\n  \
             production:\n    waba_id: \"2222\"\n    api_version: v19.0\n",
    );
    let out = run(&test, &["plan", "--all-accounts", "--format", "json"], 1);
    let set = out.json();
    assert_eq!(set["failed"], 1);
    let by_name = plans(&set);
    let production = &by_name.iter().find(|(n, _)| n == "production").unwrap().1;
    assert!(
        production["error"].as_str().unwrap().contains("v19.0"),
        "{production}"
    );
    let staging = &by_name.iter().find(|(n, _)| n == "staging").unwrap().1;
    assert_eq!(staging["plan"]["counts"]["create"], 2);

    let applied = test
        .wabactl(["apply", "--all-accounts", "--auto-approve", SANDBOX])
        .expect_exit(1)
        .run();
    assert!(
        applied.stdout.contains("not in full: production"),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.contains("Applied: 2 created"),
        "{}",
        applied.stdout
    );
}

#[test]
fn a_saved_plan_of_several_accounts_applies_to_each_and_refuses_a_stale_one() {
    let test = project("");
    run(
        &test,
        &[
            "plan",
            "--account",
            "staging",
            "--account",
            "promos",
            "--out",
            "set.json",
        ],
        0,
    );
    run(&test, &["apply", "--plan", "set.json"], 0);
    let again = run(
        &test,
        &[
            "plan",
            "--account",
            "staging",
            "--account",
            "promos",
            "--exit-code",
        ],
        0,
    );
    assert!(again.stdout.contains("0 with changes"), "{}", again.stdout);

    // staging changes after the plan is saved: its part is stale, promos still applies.
    test.write(
        "templates/promo_autumn.yaml",
        crate::support::template_text("promo_autumn", "Autumn prices are here."),
    );
    run(
        &test,
        &[
            "plan",
            "--account",
            "staging",
            "--account",
            "promos",
            "--out",
            "set.json",
        ],
        0,
    );
    // A file promos does not receive: its part still plans as saved.
    test.write(
        "templates/order_winter.yaml",
        crate::support::template_text("order_winter", "Winter orders ship on Mondays."),
    );
    run(
        &test,
        &["apply", "--account", "staging", "--auto-approve"],
        0,
    );
    let stale = test
        .wabactl(["apply", "--plan", "set.json", SANDBOX])
        .expect_exit(1)
        .run();
    assert!(stale.stdout.contains("stale plan"), "{}", stale.stdout);
    assert!(
        stale.stdout.contains("not in full: staging"),
        "{}",
        stale.stdout
    );
}

#[test]
fn shards_split_the_accounts() {
    let test = project("");
    let shard = |spec: &str| {
        let set = run(
            &test,
            &[
                "plan",
                "--all-accounts",
                "--shard",
                spec,
                "--format",
                "json",
            ],
            0,
        )
        .json();
        plans(&set)
            .into_iter()
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
    };
    // Sorted: production, promos, staging; every second from the first, then the second.
    assert_eq!(shard("1/2"), ["production", "staging"]);
    assert_eq!(shard("2/2"), ["promos"]);
    test.wabactl(["plan", "--all-accounts", "--shard", "3/2", SANDBOX])
        .expect_exit(1)
        .stderr_contains("1 ≤ I ≤ N")
        .run();
}

#[test]
fn promotion_holds_what_staging_has_not_approved_as_written() {
    let test = project("");
    run(
        &test,
        &["apply", "--account", "staging", "--auto-approve"],
        0,
    );
    // The sandbox approves within moments; staging now holds both, approved.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order is on its way."),
    );
    let plan = run(
        &test,
        &[
            "plan",
            "--account",
            "production",
            "--promote-from",
            "staging",
            "--format",
            "json",
        ],
        0,
    )
    .json();
    let changes = plan["changes"].as_array().unwrap();
    let kind = |name: &str| changes.iter().find(|c| c["name"] == name).unwrap()["kind"].clone();
    assert_eq!(kind("order_update"), "held", "{plan}");
    assert_eq!(kind("promo_spring"), "create", "{plan}");
    let held = changes
        .iter()
        .find(|c| c["name"] == "order_update")
        .unwrap();
    assert_eq!(held["from"], "staging");
    assert_eq!(held["from_status"], "APPROVED");
    assert_eq!(plan["counts"]["held"], 1);

    let applied = run(
        &test,
        &[
            "apply",
            "--account",
            "production",
            "--promote-from",
            "staging",
            "--auto-approve",
        ],
        0,
    );
    assert!(
        applied.stdout.contains("Applied: 1 created"),
        "{}",
        applied.stdout
    );
    let production = run(
        &test,
        &["status", "--account", "production", "--format", "json"],
        0,
    );
    let rows = production.json()["rows"].clone();
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].is_string())
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    // Beside the new account's own `hello_world`.
    assert_eq!(
        names,
        ["hello_world", "promo_spring"],
        "only what staging approved as written"
    );
}

#[test]
fn status_of_several_accounts_is_one_report() {
    let test = project("");
    run(
        &test,
        &["apply", "--account", "promos", "--auto-approve"],
        0,
    );
    let json = run(&test, &["status", "--all-accounts", "--format", "json"], 0).json();
    assert_eq!(json["kind"], "accounts");
    let rows = |name: &str| {
        plans(&json).into_iter().find(|(n, _)| n == name).unwrap().1["report"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id"].is_string())
            .count()
    };
    // Each new account also holds Meta's sample `hello_world`, which `promos` does not manage
    // (its templates are `promo_*`).
    assert_eq!(rows("promos"), 1);
    assert_eq!(rows("staging"), 1);
}

/// The first line of a Markdown plan: the marker a workflow finds its comment by.
fn marker_of(test: &Test, args: &[&str]) -> String {
    let mut all = vec!["plan", "--format", "markdown"];
    all.extend_from_slice(args);
    let markdown = run(test, &all, 0).stdout;
    markdown.lines().next().unwrap().to_owned()
}

#[test]
fn each_shard_and_each_workflow_keeps_a_comment_of_its_own() {
    let test = project("");
    let mut markers: Vec<String> = (1..=3)
        .map(|i| {
            marker_of(
                &test,
                &[
                    "--all-accounts",
                    "--shard",
                    &format!("{i}/3"),
                    "--comment-key",
                    "whatsapp-templates",
                ],
            )
        })
        .collect();
    // A second workflow, for one account, with a key of its own.
    markers.push(marker_of(
        &test,
        &["--account", "promos", "--comment-key", "promo-templates"],
    ));
    assert_eq!(
        markers,
        [
            "<!-- wabactl-plan key=whatsapp-templates accounts=production shard=1/3 -->",
            "<!-- wabactl-plan key=whatsapp-templates accounts=promos shard=2/3 -->",
            "<!-- wabactl-plan key=whatsapp-templates accounts=staging shard=3/3 -->",
            "<!-- wabactl-plan key=promo-templates accounts=3333 -->",
        ]
    );
    let distinct: std::collections::HashSet<&String> = markers.iter().collect();
    assert_eq!(distinct.len(), 4);
    // The same job planning again finds the same comment.
    assert_eq!(
        marker_of(
            &test,
            &["--account", "promos", "--comment-key", "promo-templates"]
        ),
        markers[3]
    );
    // A key that could end the HTML comment is refused as a usage error.
    test.wabactl(["plan", "--comment-key", "x-->", SANDBOX])
        .expect_exit(1)
        .stderr_contains("is not a comment key")
        .run();
}

/// Staging holds a declared template review rejected; production is in sync. Every format
/// counts one template needing attention, in staging's section, the total and the table.
#[test]
fn one_account_needing_attention_is_counted_the_same_in_every_format() {
    let test = Test::new()
        .project_file(
            "templates: [templates]\ndefault_account: staging\naccounts:\n  \
             staging:\n    waba_id: \"1111\"\n  production:\n    waba_id: \"2222\"\n    \
             templates:\n      names: [\"order_*\"]\n",
        )
        .template("order_update", "Your order has shipped.")
        .template("promo_spring", "REJECT_ME spring beans are in.");
    run(&test, &["apply", "--all-accounts", "--auto-approve"], 0);

    let human = run(&test, &["plan", "--all-accounts", "--exit-code"], 2).stdout;
    let staging = &human[human.find("── account staging ──").unwrap()..];
    let production = &human[human.find("── account production ──").unwrap()..];
    let production = &production[..production.find("── account staging").unwrap()];
    assert!(staging.contains("; 1 needs attention\n"), "{human}");
    assert!(!production.contains("attention"), "{human}");
    assert!(
        human.contains("Total: 0 to create, 0 to update, 0 to delete; 1 needs attention"),
        "{human}"
    );

    let json = run(&test, &["plan", "--all-accounts", "--format", "json"], 0).json();
    assert_eq!(json["attention"], 1, "{json}");
    for (account, plan) in plans(&json) {
        let expected = u64::from(account == "staging");
        assert_eq!(
            plan["plan"]["counts"]["attention"].as_u64().unwrap_or(0),
            expected,
            "{account}"
        );
    }

    let markdown = run(
        &test,
        &["plan", "--all-accounts", "--format", "markdown"],
        0,
    )
    .stdout;
    assert!(markdown.contains("1 needs attention**"), "{markdown}");
    assert!(
        markdown.contains("| `staging` | 0 | 0 | 0 | 1 | needs attention |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `production` | 0 | 0 | 0 | 0 | in sync |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<details open><summary><b>staging</b>"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<details><summary><b>production</b>"),
        "{markdown}"
    );
}
