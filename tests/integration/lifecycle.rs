//! A template's life on the account after it is created: the edit allowance of approved
//! templates, the name lock after a delete, through `plan` → `apply` → `plan`.

use crate::support::Test;

/// Moves the sandbox's clock forward.
fn advance(test: &Test, seconds: i64) {
    test.served()
        .admin(&format!("/__sandbox/clock?advance_seconds={seconds}"));
}

#[test]
fn an_approved_template_edited_twice_in_a_day_reports_when_the_next_edit_is_possible() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);

    // The first edit of an approved template: the plan says it uses one of its edits.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your parcel has shipped."),
    );
    test.wabactl(["plan"])
        .stdout_contains("uses one of this approved template's edits")
        .run();
    let json = test.wabactl(["plan", "--format", "json"]).run().json();
    assert_eq!(json["changes"][0]["kind"], "update", "{json}");
    assert_eq!(json["changes"][0]["uses_approved_edit"], true, "{json}");
    test.wabactl(["plan", "--format", "markdown"])
        .stdout_contains("uses one of this approved template's edits")
        .run();
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);

    // A second edit the same day is refused by Meta; the other change goes on.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your parcel is on its way."),
    );
    test.write(
        "templates/welcome.yaml",
        crate::support::template_text("welcome", "Welcome to our shop."),
    );
    let out = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .expect_exit(1)
        .run();
    let report = out.json();
    let changes = report["changes"].as_array().unwrap();
    let edit = changes
        .iter()
        .find(|c| c["name"] == "order_update")
        .unwrap();
    let create = changes.iter().find(|c| c["name"] == "welcome").unwrap();
    assert_eq!(edit["result"], "failed", "{report}");
    let message = edit["message"].as_str().unwrap();
    assert!(
        message.starts_with("edit limit reached, next edit possible after "),
        "{message}"
    );
    // 24 hours after the first edit, in the sandbox's time (a minute or so before its now).
    let now = test.served().state()["now_ms"].as_i64().unwrap() / 1000;
    let days = [now + 24 * 3600 - 300, now + 24 * 3600].map(wabactl::utc::date);
    assert!(
        days.iter().any(|day| message.contains(day.as_str())),
        "{message} (expected {days:?})"
    );
    assert_eq!(create["result"], "done", "{report}");

    // People see the same line.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your parcel is nearly there."),
    );
    let human = test
        .wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stdout_contains("edit limit reached, next edit possible after")
        .stdout_contains(
            "Running `wabactl apply` again now cannot finish: order_update (en_US) can be \
             edited again after ",
        )
        .run();
    // Running again at once cannot help, so it is not what the report advises.
    assert!(
        !human.stdout.contains("again to finish"),
        "{}",
        human.stdout
    );

    // A day later the edit goes through, and the plan shows no change.
    advance(&test, 24 * 3600);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);
    test.wabactl(["plan", "--exit-code"]).run();
}

#[test]
fn a_name_deleted_by_prune_is_planned_as_blocked_until_it_frees_up() {
    // The listing of a deleted copy with its `deleted_time` is assumed (no Meta source shows
    // it); with it, wabactl dates the name lock.
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .template("welcome", "Welcome to our shop.")
        .sandbox(&[
            "--assume",
            "deleted-listing",
            "--assume",
            "name-lock-subcode",
        ]);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);

    std::fs::remove_file(test.join("templates/order_update.yaml")).unwrap();
    let prune = ["--prune", "--prune-scope", "order_*"];
    test.wabactl(["plan"])
        .args(prune)
        .stdout_contains("Meta locks its name")
        .run();
    test.wabactl(["apply", "--auto-approve", "--force"])
        .args(prune)
        .run();
    // Assumed: the deleted copy stays listed while the name is locked.
    test.wabactl(["status", "--name", "order_update"])
        .stdout_contains("DELETED")
        .run();

    // Declared again: not a create that would fail with 2388023, but blocked with the date.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order has shipped."),
    );
    let now = test.served().state()["now_ms"].as_i64().unwrap() / 1000;
    let frees = [now + 30 * 24 * 3600 - 300, now + 30 * 24 * 3600].map(wabactl::utc::date);
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    let change = &plan["changes"][0];
    assert_eq!(change["name"], "order_update", "{plan}");
    assert_eq!(change["kind"], "blocked", "{plan}");
    assert_eq!(change["wanted"], "create", "{plan}");
    let unblock = change["unblock"].as_str().unwrap();
    assert!(
        frees.iter().any(|day| unblock.contains(day.as_str())),
        "{unblock} (expected {frees:?})"
    );
    assert!(unblock.contains("order_update_v2"), "{unblock}");
    test.wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("blocked (create)")
        .stdout_contains("the name frees up on")
        .run();
    // apply leaves it alone: no create is sent, and it exits 4: the name lock is to act on.
    let report = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .expect_exit(4)
        .run()
        .json();
    assert_eq!(report["counts"]["failed"], 0, "{report}");

    // Thirty days on, the name is free: created, and the plan is clean.
    advance(&test, 30 * 24 * 3600 + 60);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);
    test.wabactl(["plan", "--exit-code"]).run();
}

#[test]
fn a_name_deleted_by_prune_and_declared_again_fails_naming_the_lock_when_meta_does_not() {
    // What Meta documents alone: the 30-day hold, with neither the deleted copy listed nor
    // the error's subcode. The create is tried, refused with a bare 100, and the refusal
    // names the likely cause and the ways out.
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    advance(&test, 60);
    std::fs::remove_file(test.join("templates/order_update.yaml")).unwrap();
    let prune = ["--prune", "--prune-scope", "order_*", "--force"];
    test.wabactl(["apply", "--auto-approve"]).args(prune).run();
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your order has shipped."),
    );
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    assert_eq!(plan["changes"][0]["kind"], "create", "{plan}");
    let failed = test
        .wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stdout_contains("code 100")
        .stdout_contains(
            "if order_update (en_US) was deleted in the last 30 days while approved, that is \
             the likely cause",
        )
        .stdout_contains("`order_update_v2`")
        .run();
    assert!(!failed.stdout.contains("2388023"), "{}", failed.stdout);
}

#[test]
fn an_unpause_minutes_after_the_pause_is_refused_with_metas_reason_and_the_likely_cause() {
    // Without `paused_time` (no Meta source lists it) wabactl cannot tell the wait is not
    // over: it asks, and shows Meta's refusal with the likely cause and when to try again.
    let test = Test::new()
        .project()
        .template("promo", "Our autumn menu is here.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    let id = status["rows"][0]["id"].as_str().unwrap().to_owned();
    test.served().admin(&format!("/__sandbox/pause?id={id}"));
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    assert_eq!(status["rows"][0]["status"], "PAUSED", "{status}");
    assert_eq!(
        status["rows"][0]["unpause"], "now, if paused more than 5 minutes ago",
        "{status}"
    );
    test.wabactl(["status"])
        .stdout_contains(
            "can be unpaused now, if paused more than 5 minutes ago: wabactl unpause promo",
        )
        .run();
    test.wabactl(["unpause", "promo"])
        .expect_exit(1)
        .stdout_contains(
            "Meta refused the unpause: A template can be unpaused 5 minutes after it was paused",
        )
        .stdout_contains("If it was paused in the last few minutes, that is the likely cause")
        .stdout_contains("run `wabactl unpause promo` again in 5 minutes")
        .run();
    advance(&test, 301);
    test.wabactl(["unpause", "promo"])
        .stdout_contains(format!("✓ unpaused promo (en_US) id={id}"))
        .run();
}

#[test]
fn a_new_account_holds_hello_world_which_plan_leaves_alone() {
    let test = Test::new()
        .project()
        .template("promo", "Our autumn menu is here.")
        .new_account(&[]);
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    let kinds: Vec<(&str, &str)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("hello_world", "unmanaged"), ("promo", "create")]);
    test.wabactl(["apply", "--auto-approve"]).run();
    test.wabactl(["status", "--name", "hello_world"])
        .stdout_contains("hello_world")
        .stdout_contains("APPROVED")
        .run();
}

#[test]
fn a_paused_template_is_unpaused_by_command_after_the_wait_never_by_apply() {
    // With `paused_time` assumed, wabactl tells the wait before asking.
    let test = Test::new()
        .project()
        .template("promo", "Our autumn menu is here.")
        .sandbox(&["--assume", "paused-time"]);
    // Review is instant here, and the sandbox's clock stays the machine's: wabactl counts the
    // wait by its own clock.
    test.wabactl(["apply", "--auto-approve"]).run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    assert_eq!(status["rows"][0]["status"], "APPROVED", "{status}");
    let id = status["rows"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(status["rows"][0]["unpause"], serde_json::Value::Null);
    test.served().admin(&format!("/__sandbox/pause?id={id}"));

    // Just paused: status and unpause say when it becomes possible; apply leaves it alone.
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    assert_eq!(status["rows"][0]["status"], "PAUSED", "{status}");
    let when = status["rows"][0]["unpause"].as_str().unwrap();
    assert!(
        when.starts_with("after ") && when.ends_with(" UTC"),
        "{when}"
    );
    test.wabactl(["status"])
        .stdout_contains(format!("can be unpaused {when}"))
        .run();
    // A paused template cannot be sent: the plan asks for attention (exit 2), and changes nothing.
    test.wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("wabactl unpause promo")
        .run();
    test.wabactl(["apply", "--auto-approve"]).run();
    test.wabactl(["unpause", "promo"])
        .expect_exit(1)
        .stdout_contains("was paused less than 5 minutes ago: Meta allows an unpause after")
        .run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    assert_eq!(status["rows"][0]["status"], "PAUSED", "{status}");

    // Paused more than five minutes ago: possible now, and done by the command.
    test.served()
        .admin(&format!("/__sandbox/pause?id={id}&ago_seconds=301"));
    test.wabactl(["status"])
        .stdout_contains("can be unpaused now: wabactl unpause promo")
        .run();
    test.wabactl(["unpause", "promo", "--language", "en_US"])
        .stdout_contains(format!("✓ unpaused promo (en_US) id={id}"))
        .run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    assert_eq!(status["rows"][0]["status"], "APPROVED", "{status}");
    test.wabactl(["unpause", "promo"])
        .expect_exit(1)
        .stdout_contains("is APPROVED, not paused: left alone")
        .run();
    test.wabactl(["unpause", "nothing_here"])
        .expect_exit(1)
        .stderr_contains("no template named nothing_here")
        .run();
    test.wabactl(["plan", "--exit-code"]).run();
}

#[test]
fn the_sandbox_refuses_an_early_or_needless_unpause() {
    let test = Test::new()
        .project()
        .template("promo", "Our autumn menu is here.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    let state = test.served().state();
    let id = state["account"]["templates"][0]["fields"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    test.served().admin(&format!("/__sandbox/pause?id={id}"));
    let post = |path: &str| test.served().post(path, Some(crate::support::TOKEN)).1;
    // Refused in the answer's other form, `{success: false, reason}`.
    let early = post(&format!("/v25.0/{id}/unpause"));
    assert_eq!(early["success"], false, "{early}");
    assert!(
        early["reason"]
            .as_str()
            .unwrap()
            .contains("5 minutes after it was paused"),
        "{early}"
    );
    advance(&test, 300);
    assert_eq!(
        post(&format!("/v25.0/{id}/unpause")),
        serde_json::json!({"success": true})
    );
    let again = post(&format!("/v25.0/{id}/unpause"));
    assert_eq!(
        again["error"]["error_user_title"], "Template Is Not Paused",
        "{again}"
    );
    let unknown = post("/v25.0/424242/unpause");
    assert_eq!(unknown["error"]["error_subcode"], 33, "{unknown}");
}

#[test]
fn prune_archives_in_one_call_and_a_declared_archived_template_is_unarchived_then_edited() {
    let test = Test::new()
        .project_file("templates: [templates]\nprune:\n  mode: archive\n  scope: [\"promo_*\"]\n")
        .template("promo_a", "Our autumn menu is here.")
        .template("promo_b", "Our winter menu is here.")
        .template("promo_paused", "Our spring menu is here.")
        .template("welcome", "Welcome to our shop.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    let id_of = |name: &str| {
        status["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    test.served()
        .admin(&format!("/__sandbox/pause?id={}", id_of("promo_paused")));
    for name in ["promo_a", "promo_b", "promo_paused"] {
        std::fs::remove_file(test.join(format!("templates/{name}.yaml"))).unwrap();
    }

    // Approved ones are archived; a paused one cannot be, and the plan says so.
    let plan = test
        .wabactl(["plan", "--prune", "--format", "json"])
        .run()
        .json();
    let kind = |name: &str| {
        let change = plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        (change["kind"].clone(), change["wanted"].clone())
    };
    assert_eq!(kind("promo_a").0, "archive", "{plan}");
    assert_eq!(kind("promo_b").0, "archive", "{plan}");
    assert_eq!(
        kind("promo_paused"),
        ("blocked".into(), "archive".into()),
        "{plan}"
    );
    assert_eq!(plan["counts"]["archive"], 2, "{plan}");
    test.wabactl(["plan", "--prune"])
        .stdout_contains("a promo_a (en_US)  archive")
        .stdout_contains("Meta archives only APPROVED and REJECTED templates; this one is PAUSED")
        .run();
    // --prune-mode delete on the command line wins over the file.
    let deleting = test
        .wabactl([
            "plan",
            "--prune",
            "--prune-mode",
            "delete",
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(deleting["counts"]["delete"], 3, "{deleting}");

    // Archiving the whole scope needs --force, as deleting it does.
    test.wabactl(["apply", "--prune", "--auto-approve"])
        .expect_exit(1)
        .stderr_contains("--force")
        .run();
    // Both archives go in one call: the apply makes one request more than its listing.
    let listing = plan["requests"]["count"].as_u64().unwrap();
    let report = test
        .wabactl([
            "apply",
            "--prune",
            "--force",
            "--auto-approve",
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(report["counts"]["archived"], 2, "{report}");
    assert_eq!(
        report["requests"]["count"].as_u64().unwrap(),
        listing + 1,
        "{report}"
    );
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    let status_of = |name: &str| {
        status["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status_of("promo_a"), "ARCHIVED");
    assert_eq!(status_of("promo_paused"), "PAUSED");
    // Nothing left to archive; the paused template stays the documented block.
    let again = test
        .wabactl(["plan", "--prune", "--format", "json"])
        .run()
        .json();
    // (Counts of archives are left out of the document when zero.)
    assert_eq!(again["counts"].get("archive"), None, "{again}");
    assert_eq!(again["counts"]["blocked"], 1, "{again}");

    // Declared again, changed: unarchived, then edited; then the plan is clean.
    test.write(
        "templates/promo_a.yaml",
        crate::support::template_text("promo_a", "Our autumn menu is back."),
    );
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    let change = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "promo_a")
        .unwrap();
    assert_eq!(change["kind"], "unarchive", "{plan}");
    assert!(change["edit"]["components"].is_array(), "{plan}");
    let report = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .run()
        .json();
    assert_eq!(report["counts"]["unarchived"], 1, "{report}");
    test.wabactl(["plan", "--exit-code"]).run();
}

/// The project file of an archiving project whose one account sends archive and unarchive to
/// `archive_api_base`.
fn archiving_project(archive_api_base: &str) -> String {
    format!(
        "templates: [templates]\nprune:\n  mode: archive\n  scope: [\"promo_*\"]\n\
         http:\n  retry: {{base_delay: 0.05, max_delay: 0.1}}\ndefault_account: main\naccounts:\n  main:\n    waba_id: \"{}\"\n    \
         archive_api_base: \"{archive_api_base}\"\n",
        crate::support::WABA_ID
    )
}

#[test]
fn archive_api_base_sends_archiving_to_its_host_and_a_wrong_host_is_named() {
    let test = Test::new()
        .project()
        .template("promo_a", "Our autumn menu is here.")
        .template("welcome", "Welcome to our shop.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    std::fs::remove_file(test.join("templates/promo_a.yaml")).unwrap();

    // Nothing listens on port 1: the archive cannot reach its host, and says which setting
    // points there.
    test.write("wabactl.yaml", archiving_project("http://127.0.0.1:1"));
    let failed = test
        .wabactl(["apply", "--prune", "--force", "--auto-approve"])
        .expect_exit(1)
        .run();
    assert!(
        failed
            .stdout
            .contains("This looks like the wrong host for archive")
            && failed.stdout.contains("`archive_api_base`"),
        "{}",
        failed.stdout
    );

    // A path the host does not serve (404 / unknown path) is named the same way.
    let base = test.served().base_url.clone();
    test.write(
        "wabactl.yaml",
        archiving_project(&format!("{base}/elsewhere")),
    );
    test.wabactl(["apply", "--prune", "--force", "--auto-approve"])
        .expect_exit(1)
        .stdout_contains("This looks like the wrong host for archive")
        .run();

    // The right host, without a version in the path, as Meta's Template archival page writes it.
    test.write("wabactl.yaml", archiving_project(&base));
    test.wabactl(["apply", "--prune", "--force", "--auto-approve"])
        .run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    let promo = status["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "promo_a")
        .cloned()
        .unwrap();
    assert_eq!(promo["status"], "ARCHIVED", "{status}");

    // A host that is neither Meta's nor this machine would receive the token: refused.
    test.write(
        "wabactl.yaml",
        archiving_project("https://archive.example.com"),
    );
    test.wabactl(["plan"])
        .expect_exit(1)
        .stderr_contains("archive_api_base `https://archive.example.com`")
        .stderr_contains("allow_custom_api_base: true")
        .run();
}
