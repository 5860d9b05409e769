//! `apply`: the real binary against a real `wabactl sandbox serve` on loopback. Faults
//! (5xx, throttling, dropped connections) never make a template appear twice and a second run
//! converges; concurrent applies create no duplicate; stale and foreign plans, unconfirmed
//! applies and unscoped or oversized prunes are refused with nothing done; the creation quota
//! stops cleanly with what is left; `--wait` reports review; applied examples plan in sync.

use std::path::Path;

use serde_json::Value;

use crate::support::{
    EXAMPLES, Test, account, identities, numbered, racing_applies, template_text, with_result,
    write_templates,
};

fn status_of(test: &Test, name: &str) -> String {
    let state = test.served().state();
    state["account"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.get("fields").unwrap_or(t))
        .find(|f| f["name"] == name)
        .map(|f| f["status"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// 200 creates through 5xx, throttling and dropped connections: each template exists exactly
/// once afterwards, every run's exit code and report agree, runs converge, and a final run
/// creates nothing.
#[test]
fn fault_matrix_creates_every_template_exactly_once() {
    let test = account(
        &numbered("fault", 200),
        &[
            "--fail-rate-5xx",
            "0.2",
            "--throttle-rate",
            "0.2",
            "--drop-rate",
            "0.1",
            "--latency-ms",
            "3",
            "--fault-seed",
            "20261125",
            "--create-quota",
            "0",
        ],
    );
    let apply = [
        "apply",
        "--auto-approve",
        "--create-quota",
        "0",
        "--parallelism",
        "8",
        "--format",
        "json",
    ];
    let mut created = 0;
    // Creates whose answer was unclear and whose re-read failed too: they may have happened,
    // and a later run then finds them in sync instead of creating them.
    let mut unknown_outcomes = std::collections::BTreeSet::new();
    let mut converged = false;
    for _run in 0..8 {
        let output = test.wabactl(apply).any_exit().run();
        if output.stdout.is_empty() {
            // Reading the account failed outright: an error, and nothing was done.
            assert_eq!(output.code, 1, "{}", output.stderr);
            assert!(
                output.stderr.contains("nothing was changed"),
                "{}",
                output.stderr
            );
            continue;
        }
        let report = output.json();
        created += report["counts"]["created"].as_u64().unwrap();
        let failed = with_result(&report, "failed");
        if report["complete"] == true {
            assert_eq!(output.code, 0, "{}", output.stderr);
            assert!(failed.is_empty());
            converged = true;
            break;
        }
        assert_eq!(output.code, 1, "{}", output.stderr);
        assert!(!failed.is_empty(), "{report:#}");
        for change in failed {
            let name = change["name"].as_str().unwrap();
            assert!(name.starts_with("fault_"), "{change}");
            assert!(!change["message"].as_str().unwrap().is_empty(), "{change}");
            // Each failure is named in the progress lines too.
            assert!(
                output
                    .stderr
                    .contains(&format!("✗ failed to create {name}"))
            );
            if change["message"]
                .as_str()
                .unwrap()
                .contains("Re-reading the account to find out failed too")
            {
                unknown_outcomes.insert(name.to_owned());
            }
        }
    }
    assert!(converged, "apply did not converge in 8 runs");
    let once = identities(&test);
    assert_eq!(once.len(), 200, "{once:?}");
    assert!(once.values().all(|n| *n == 1), "{once:?}");
    // Every create is reported once, except those whose outcome was honestly reported as
    // unknown and that had in fact happened.
    assert!(created <= 200, "no create was reported twice: {created}");
    assert!(
        200 - created <= unknown_outcomes.len() as u64,
        "{created} creates reported, {} with an unknown outcome",
        unknown_outcomes.len()
    );

    // Converged: one more run (until one gets through the faults) creates nothing.
    for _ in 0..8 {
        let output = test.wabactl(apply).any_exit().run();
        if output.stdout.is_empty() {
            continue;
        }
        let report = output.json();
        assert_eq!(output.code, 0, "{report:#}");
        assert_eq!(report["counts"]["created"], 0, "{report:#}");
        assert_eq!(report["counts"]["in_sync"], 200, "{report:#}");
        assert_eq!(identities(&test).len(), 200);
        return;
    }
    panic!("no run got through the faults");
}

/// Two processes applying the same files at the same time: one wins each create, the other
/// finds it on the account; no duplicate, both succeed.
#[test]
fn concurrent_applies_create_no_duplicate() {
    let templates = numbered("race", 40);
    let (test, [first, second]) = racing_applies(&templates, 15);
    let identities_now = identities(&test);
    assert_eq!(identities_now.len(), 40);
    assert!(
        identities_now.values().all(|n| *n == 1),
        "{identities_now:?}"
    );
    // Between them every template was done, and none failed.
    for output in [&first, &second] {
        assert!(with_result(&output.json(), "failed").is_empty());
    }

    // The same saved plan applied twice at once: a run refuses as stale or finds each
    // template there; never a duplicate.
    let more = numbered("race2", 20);
    let mut all = templates.clone();
    all.extend(more);
    write_templates(&test, &all);
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let saved = ["apply", "--plan", "plan.json", "--format", "json"];
    let first = test.wabactl(saved).any_exit().spawn();
    let second = test.wabactl(saved).any_exit().spawn();
    let outputs = [first.wait(), second.wait()];
    let succeeded = outputs.iter().filter(|o| o.code == 0).count();
    assert!(succeeded >= 1);
    for output in &outputs {
        if output.code != 0 {
            assert!(output.stderr.contains("stale plan"), "{}", output.stderr);
        }
    }
    let identities = identities(&test);
    assert_eq!(identities.len(), 60);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
}

#[test]
fn saved_plans_apply_without_prompt_and_refuse_when_stale_or_foreign() {
    let test = account(&numbered("saved", 3), &[]);
    test.wabactl(["plan", "--out", "plan.json"]).run();

    // Applied to another account: refused.
    test.wabactl(["apply", "--plan", "plan.json"])
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", "999999")
        .expect_exit(1)
        .stderr_contains("was made for account 7770001, but this is account 999999")
        .run();

    // The account changes between plan and apply: refused, nothing created.
    for (name, body) in numbered("elsewhere", 1) {
        test.write(
            &format!("other/templates/{name}.yaml"),
            template_text(&name, &body),
        );
    }
    test.wabactl(["apply", "--auto-approve"])
        .current_dir("other")
        .run();
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .stderr_contains(
            "stale plan: the account changed since the plan was made; run `wabactl plan --out` again",
        )
        .run();
    assert_eq!(identities(&test).len(), 1);

    // A fresh plan applies without a prompt (no terminal here), also as the only PATH.
    test.wabactl(["plan", "--out", "plan.json"]).run();
    test.wabactl(["apply", "plan.json"])
        .stdout_contains("Applied: 3 created")
        .run();
    assert_eq!(identities(&test).len(), 4);
}

#[test]
fn without_a_terminal_apply_needs_auto_approve() {
    let test = account(&numbered("unconfirmed", 2), &[]);
    test.wabactl(["apply"])
        .expect_exit(1)
        .stderr_contains("there is no terminal to ask on: pass --auto-approve")
        .run();
    assert!(identities(&test).is_empty());
}

/// An answer piped to stdin is no confirmation: without a terminal, nothing is asked.
#[test]
fn a_yes_piped_to_apply_is_not_a_confirmation() {
    let test = account(&numbered("piped", 2), &[]);
    test.wabactl(["apply"])
        .stdin("yes\n")
        .expect_exit(1)
        .stderr_contains("there is no terminal to ask on: pass --auto-approve")
        .run();
    assert!(identities(&test).is_empty());
}

/// Meta's creation quota (here 3 per hour on the sandbox) and wabactl's own stop the run
/// cleanly: what was created, what remains, when to run again.
#[test]
fn the_creation_quota_stops_cleanly() {
    let test = account(&numbered("quota", 5), &["--create-quota", "3"]);
    let output = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .expect_exit(1)
        .run();
    let report = output.json();
    assert_eq!(report["counts"]["created"], 3, "{report:#}");
    assert_eq!(report["counts"]["not_started"], 2, "{report:#}");
    assert_eq!(report["quota"]["created"], 3);
    assert_eq!(report["quota"]["remaining"], 2);
    assert!(
        report["quota"]["retry_at"]
            .as_str()
            .unwrap()
            .contains("UTC")
    );
    assert!(report["quota"]["retry_after_seconds"].as_u64().unwrap() > 60);
    for change in with_result(&report, "skipped") {
        assert_eq!(change["reason"], "quota", "{change}");
        assert!(
            change["message"]
                .as_str()
                .unwrap()
                .contains("run again after")
        );
    }
    assert_eq!(identities(&test).len(), 3);

    // In human form.
    let test = account(&numbered("own_quota", 5), &["--create-quota", "0"]);
    test.wabactl(["apply", "--auto-approve", "--create-quota", "2"])
        .expect_exit(1)
        .stdout_contains("the creation quota of 2 templates per hour (--create-quota) is spent: 2 created, 3 not started; run `wabactl apply` again after")
        .stdout_contains("Nothing done was undone")
        .stdout_contains(
            "Running `wabactl apply` again now cannot finish: the creation quota frees up at ",
        )
        .stdout_contains("`wabactl apply --wait-for-quota` waits for it in one run")
        .run();
    assert_eq!(identities(&test).len(), 2);
}

/// Prune needs a scope, deletes only inside it, and needs `--force` to delete every template
/// of the scope or more than 30% of it.
#[test]
fn prune_scope_and_threshold() {
    let mut all = numbered("keep", 6);
    all.extend(numbered("old", 5));
    let test = account(&all, &[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    assert_eq!(identities(&test).len(), 11);
    write_templates(&test, &numbered("keep", 6));

    // Without prune: the old templates are unmanaged, nothing is deleted.
    test.wabactl(["apply", "--auto-approve"]).run();
    assert_eq!(identities(&test).len(), 11);

    // --prune without a scope: refused.
    test.wabactl(["apply", "--auto-approve", "--prune"])
        .expect_exit(1)
        .stderr_contains("prune is on but has no scope")
        .run();
    assert_eq!(identities(&test).len(), 11);

    // A narrow scope: one delete of the one template the scope covers empties it: --force.
    test.write(
        "wabactl.yaml",
        "templates: [templates]\nprune:\n  scope: [old_001]\n",
    );
    test.wabactl(["apply", "--auto-approve", "--prune"])
        .expect_exit(1)
        .stderr_contains("--force")
        .run();
    assert_eq!(identities(&test).len(), 11);
    test.wabactl(["apply", "--auto-approve", "--prune", "--force"])
        .stdout_contains("30 days")
        .stdout_contains("Applied: 0 created, 0 updated, 1 deleted")
        .run();
    assert!(!identities(&test).contains_key(&("old_001".into(), "en_US".into())));

    // The rest of `old_*`: 4 of the 4 in scope: --force needed.
    test.write(
        "wabactl.yaml",
        "templates: [templates]\nprune:\n  enabled: true\n  scope: [\"old_*\"]\n",
    );
    test.wabactl(["plan"])
        .stdout_contains("locks its name")
        .stdout_contains("applying it needs --force")
        .run();
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stderr_contains("--force")
        .run();
    assert_eq!(identities(&test).len(), 10);
    test.wabactl(["apply", "--auto-approve", "--force"]).run();
    let left: Vec<String> = identities(&test).into_keys().map(|(n, _)| n).collect();
    assert_eq!(left.len(), 6, "{left:?}");
    assert!(left.iter().all(|n| n.starts_with("keep_")), "{left:?}");
}

/// `--wait`: one approved, one re-categorised, one rejected with Meta's reason → exit 3.
#[test]
fn wait_reports_review_and_exits_3_on_rejection() {
    let test = account(
        &[
            ("wait_ok".into(), "Your table is booked for tonight.".into()),
            (
                "wait_sale".into(),
                "Your order ships today, and our summer sale starts tomorrow.".into(),
            ),
            (
                "wait_bad".into(),
                "Your order REJECT_ME has shipped today.".into(),
            ),
        ],
        &["--review-delay-ms", "1500"],
    );
    test.wabactl(["apply", "--auto-approve", "--wait", "--timeout", "2m"])
        .expect_exit(3)
        .stdout_contains("✓ approved wait_ok (en_US) as UTILITY")
        .stdout_contains("✓ approved wait_sale (en_US), re-categorised by Meta UTILITY → MARKETING")
        .stdout_contains("✗ rejected wait_bad (en_US): ABUSIVE_CONTENT")
        .run();
    assert_eq!(status_of(&test, "wait_bad"), "REJECTED");

    // Review that outlasts the timeout: exit 3 as well, saying it is still in review.
    let test = account(
        &[("slow_review".into(), "Your table is ready.".into())],
        &["--review-delay-ms", "3600000"],
    );
    let output = test
        .wabactl([
            "apply",
            "--auto-approve",
            "--wait",
            "--timeout",
            "2s",
            "--format",
            "json",
        ])
        .expect_exit(3)
        .run();
    let report = output.json();
    assert_eq!(report["review"]["timed_out"], true, "{report:#}");
    assert_eq!(report["review"]["templates"][0]["review"], "pending");
}

/// What `apply` did, `plan` then finds done: every example template, created through the
/// binary, plans in sync; editing one is an update that plans in sync again.
#[test]
fn applied_examples_plan_in_sync() {
    let examples = Path::new(EXAMPLES).join("templates");
    let test = account(&[], &[]).copy_dir(&examples, "templates");
    let files = std::fs::read_dir(test.join("templates")).unwrap().count();
    assert!(files >= 10, "{files}");
    test.wabactl(["apply", "--auto-approve"]).run();
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("Plan: 0 to create, 0 to update, 0 to delete")
        .run();
    test.wabactl(["apply", "--auto-approve"])
        .stdout_contains("Nothing to apply")
        .run();

    // An edit of an approved template: updated, then in sync.
    let test = account(&[("edited".into(), "Your table is booked.".into())], &[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    write_templates(
        &test,
        &[("edited".into(), "Your table is booked for two.".into())],
    );
    test.wabactl(["apply", "--auto-approve"])
        .stderr_contains("✓ updated edited (en_US)")
        .run();
    test.wabactl(["plan", "--exit-code"]).run();
}

/// A failure is reported with Meta's message and exit 1; with `--fail-fast` nothing new
/// starts after it; running again finishes the rest.
#[test]
fn failures_are_reported_and_fail_fast_stops_new_changes() {
    // An approved template edited once today cannot be edited again (80012): that change fails.
    let test = account(
        &[("a_edited".into(), "Your table is booked.".into())],
        &["--create-quota", "0"],
    );
    test.wabactl(["apply", "--auto-approve"]).run();
    let advance = || {
        test.served().admin("/__sandbox/clock?advance_seconds=60");
    };
    advance();
    write_templates(
        &test,
        &[("a_edited".into(), "Your table for two is booked.".into())],
    );
    test.wabactl(["apply", "--auto-approve"]).run();
    advance();

    let mut next = vec![(
        "a_edited".to_owned(),
        "Your table for four is booked.".to_owned(),
    )];
    next.extend(numbered("b_more", 3));
    write_templates(&test, &next);
    let output = test
        .wabactl([
            "apply",
            "--auto-approve",
            "--fail-fast",
            "--parallelism",
            "1",
            "--format",
            "json",
        ])
        .expect_exit(1)
        .run();
    let report = output.json();
    let failed = with_result(&report, "failed");
    assert_eq!(failed.len(), 1, "{report:#}");
    assert_eq!(failed[0]["name"], "a_edited");
    assert!(
        failed[0]["message"]
            .as_str()
            .unwrap()
            .contains("edit limit reached"),
        "{}",
        failed[0]
    );
    let skipped: Vec<&Value> = with_result(&report, "skipped")
        .into_iter()
        .filter(|c| c["reason"] == "fail_fast")
        .collect();
    assert_eq!(skipped.len(), 3, "{report:#}");

    // Without --fail-fast the independent changes go on.
    let output = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .expect_exit(1)
        .run();
    let report = output.json();
    assert_eq!(report["counts"]["created"], 3, "{report:#}");
    assert_eq!(report["counts"]["failed"], 1, "{report:#}");
}
