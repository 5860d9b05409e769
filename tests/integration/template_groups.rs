//! Template groups declared in wabactl.yaml, against the sandbox: applied after their
//! templates, planned again as in sync, read back with `GET /{GROUP_ID}`, narrowed, listed
//! when undeclared, deleted under prune; and the checks of `validate`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{REPO, TOKEN, Test, WABA_ID};

const VERSION: &str = "v25.0";

fn project(patterns: &str) -> String {
    format!(
        "templates: [templates]\ntemplate_groups:\n  Black Friday 2026:\n    description: Every \
         language of the sale\n    templates: {patterns}\n"
    )
}

fn template(name: &str, language: &str, body: &str) -> String {
    format!(
        "name: {name}\nlanguage: {language}\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    \
         text: {body}\n"
    )
}

/// Three templates in two languages that the group covers, and one it does not.
fn sale() -> Test {
    Test::new()
        .project_file(&project("[\"bf_*\"]"))
        .file(
            "templates/bf_promo.en.yaml",
            template("bf_promo", "en_US", "Black Friday, 30% off."),
        )
        .file(
            "templates/bf_promo.pt.yaml",
            template("bf_promo", "pt_BR", "Black Friday, 30% de desconto."),
        )
        .file(
            "templates/bf_reminder.yaml",
            template("bf_reminder", "en_US", "Last day of the sale."),
        )
        .file(
            "templates/welcome.yaml",
            template("welcome", "en_US", "Welcome aboard."),
        )
        .sandbox(&[])
}

fn plan_json(test: &Test) -> Value {
    test.wabactl(["plan", "--format", "json"]).run().json()
}

/// The account's ids of the templates named `bf_*`, by name and language.
fn sale_ids(plan: &Value) -> BTreeSet<(String, String, String)> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with("bf_"))
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["language"].as_str().unwrap().to_owned(),
                c["remote"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn group_templates(test: &Test, id: &str) -> BTreeSet<String> {
    let (status, group) = test
        .served()
        .call("GET", &format!("/{VERSION}/{id}"), TOKEN, None);
    assert_eq!(status, 200, "{group}");
    group["whatsapp_business_templates"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_declared_group_is_applied_then_in_sync_and_holds_exactly_its_templates() {
    let test = sale();
    let planned = test
        .wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("+ template group \"Black Friday 2026\" (create)")
        .stdout_contains("+ bf_promo (pt_BR), once this apply has created it")
        .stdout_contains("Template groups: 1 to create, 0 to update, 0 to delete.")
        .run();
    assert!(
        !planned.stdout.contains("+ welcome (en_US), once"),
        "{}",
        planned.stdout
    );
    test.wabactl(["apply", "--auto-approve"])
        .stdout_contains("template group \"Black Friday 2026\" created")
        .stdout_contains("3 templates)")
        .run();

    // Planning again: nothing to do, groups included.
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("Template groups: 0 to create, 0 to update, 0 to delete; 1 in sync.")
        .run();
    let plan = plan_json(&test);
    assert_eq!(plan["has_changes"], false, "{plan}");
    let group = &plan["groups"]["changes"][0];
    assert_eq!(group["kind"], "in_sync", "{group}");
    assert_eq!(group["templates"], 3, "{group}");
    let ids = sale_ids(&plan);
    assert_eq!(ids.len(), 3, "{ids:?}");
    let languages: BTreeSet<&str> = ids.iter().map(|(_, l, _)| l.as_str()).collect();
    assert_eq!(languages, BTreeSet::from(["en_US", "pt_BR"]));

    // The sandbox's GET /{GROUP_ID} lists exactly those template ids.
    let group_id = group["id"].as_str().unwrap();
    let expected: BTreeSet<String> = ids.iter().map(|(_, _, id)| id.clone()).collect();
    assert_eq!(group_templates(&test, group_id), expected);

    // One template taken out of the group in the file: a membership remove.
    test.write("wabactl.yaml", project("[\"bf_promo\"]"));
    let reminder = ids.iter().find(|(n, _, _)| n == "bf_reminder").unwrap();
    test.wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("~ template group \"Black Friday 2026\" (update)")
        .stdout_contains(format!("- bf_reminder (en_US) id {}", reminder.2))
        .stdout_contains("Template groups: 0 to create, 1 to update, 0 to delete.")
        .run();
    let markdown = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    assert!(
        markdown.contains("- `~` **Black Friday 2026** update"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("  - - bf\\_reminder (en\\_US) id {}", reminder.2)),
        "{markdown}"
    );
    let update = &plan_json(&test)["groups"]["changes"][0];
    assert_eq!(update["kind"], "update", "{update}");
    assert_eq!(update["remove"][0]["id"], reminder.2.as_str(), "{update}");
    let html = test.wabactl(["plan", "--format", "html"]).run().stdout;
    assert!(html.contains("Template groups"), "{html}");
    assert!(
        html.contains(&format!("<li>- bf_reminder (en_US) id {}</li>", reminder.2)),
        "{html}"
    );

    // A saved plan carries the group change, and applying it leaves the group narrowed.
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let saved: Value = serde_json::from_str(&test.read("plan.json")).unwrap();
    assert_eq!(saved["groups"]["changes"][0]["kind"], "update", "{saved}");
    let schema = std::fs::read_to_string(format!("{REPO}/schemas/plan.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&schema).unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&saved));
    test.wabactl(["apply", "--plan", "plan.json"])
        .stdout_contains("template group \"Black Friday 2026\" updated")
        .run();
    expected_without(&test, group_id, &expected, &reminder.2);
    test.wabactl(["plan", "--exit-code"]).run();
}

fn expected_without(test: &Test, group_id: &str, all: &BTreeSet<String>, gone: &str) {
    let mut expected = all.clone();
    expected.remove(gone);
    assert_eq!(group_templates(test, group_id), expected);
}

#[test]
fn an_edited_group_change_in_a_saved_plan_is_refused() {
    let test = sale();
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let mut saved: Value = serde_json::from_str(&test.read("plan.json")).unwrap();
    saved["groups"]["changes"][0]["name"] = json!("Other name");
    test.write("plan.json", saved.to_string());
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .stderr_contains("was changed after `wabactl plan --out` wrote it")
        .run();
}

#[test]
fn undeclared_groups_are_listed_and_deleted_only_under_prune() {
    let test = sale();
    test.wabactl(["apply", "--auto-approve"]).run();
    let welcome = plan_json(&test)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "welcome")
        .unwrap()["remote"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, created) = test.served().call(
        "POST",
        &format!("/{VERSION}/{WABA_ID}/template_groups"),
        TOKEN,
        Some(json!({"name": "Onboarding", "whatsapp_business_templates": [welcome.parse::<u64>().unwrap()]})),
    );
    assert_eq!(status, 200, "{created}");
    let onboarding = created["id"].as_str().unwrap().to_owned();

    test.wabactl(["import"])
        .stdout_contains("1 template group on the account, not in wabactl.yaml: add it under")
        .stdout_contains("  \"Onboarding\":\n    templates: [\"welcome\"]\n")
        .run();
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("1 template group on the account, not in the files (left alone):")
        .stdout_contains(format!("· \"Onboarding\" (id {onboarding})"))
        .stdout_contains("; 1 unmanaged.")
        .run();
    test.wabactl(["apply", "--auto-approve", "--prune", "--prune-scope", "*"])
        .stdout_contains("template group \"Onboarding\" deleted")
        .run();
    let (status, answer) =
        test.served()
            .call("GET", &format!("/{VERSION}/{onboarding}"), TOKEN, None);
    assert_eq!(status, 400, "{answer}");
    // The group's template stays.
    let plan = plan_json(&test);
    assert!(
        plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "welcome")
    );
    assert!(plan["groups"]["unmanaged"].is_null(), "{plan}");
}

#[test]
fn the_sandbox_keeps_a_template_in_one_group_and_names_unique() {
    let test = sale();
    test.wabactl(["apply", "--auto-approve"]).run();
    let ids = sale_ids(&plan_json(&test));
    let promo: u64 = ids.iter().next().unwrap().2.parse().unwrap();
    let path = format!("/{VERSION}/{WABA_ID}/template_groups");
    let (status, refused) = test.served().call(
        "POST",
        &path,
        TOKEN,
        Some(json!({"name": "Second", "whatsapp_business_templates": [promo]})),
    );
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["code"], 100, "{refused}");
    assert!(
        refused["error"]["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("one template group"),
        "{refused}"
    );
    let (status, refused) = test.served().call(
        "POST",
        &path,
        TOKEN,
        Some(json!({"name": "Black Friday 2026", "whatsapp_business_templates": []})),
    );
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["error"]["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "{refused}"
    );
    let (status, refused) = test.served().call(
        "POST",
        &path,
        TOKEN,
        Some(json!({"name": "x".repeat(257), "whatsapp_business_templates": []})),
    );
    assert_eq!(status, 400, "{refused}");
    let (status, listed) = test.served().call("GET", &path, TOKEN, None);
    assert_eq!(status, 200);
    assert_eq!(listed["data"].as_array().unwrap().len(), 1, "{listed}");
}

#[test]
fn validate_locates_group_errors_in_the_project_file() {
    let long = "n".repeat(257);
    let yaml = format!(
        "templates: [templates]\ntemplate_groups:\n  Sale:\n    templates: [\"order_*\"]\n  \
         Orders:\n    templates: [order_update, nothing_*]\n  {long}:\n    templates: [welcome]\n"
    );
    let test = Test::new()
        .project_file(&yaml)
        .template("order_update", "Your order has shipped.")
        .template("welcome", "Welcome aboard.")
        .sandbox(&[]);
    let out = test
        .wabactl(["validate"])
        .expect_exit(1)
        .stdout_contains("wabactl.yaml:6:31")
        .stdout_contains("`nothing_*` in template group `Orders` matches no declared template")
        .stdout_contains("wabactl.yaml:4:17")
        .stdout_contains("template `order_update` falls in groups")
        .stdout_contains("wabactl.yaml:7:3")
        .stdout_contains("template group name has 257 characters; Meta allows 1 to 256")
        .run();
    for rule in ["group-pattern-unmatched", "group-overlap", "group-name"] {
        assert!(out.stdout.contains(rule), "{rule}: {}", out.stdout);
    }
    // A plan stops on them too, before any write.
    test.wabactl(["plan"])
        .expect_exit(1)
        .stderr_contains("in the template groups of wabactl.yaml")
        .run();
}

#[test]
fn import_writes_the_accounts_groups_into_the_project_file() {
    let test = Test::new()
        .project()
        .file(
            "templates/welcome.yaml",
            template("welcome", "en_US", "Welcome aboard."),
        )
        .file(
            "templates/welcome.pt.yaml",
            template("welcome", "pt_BR", "Bem-vindo."),
        )
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    let ids: Vec<u64> = plan_json(&test)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["remote"]["id"].as_str().unwrap().parse().unwrap())
        .collect();
    let (status, created) = test.served().call(
        "POST",
        &format!("/{VERSION}/{WABA_ID}/template_groups"),
        TOKEN,
        Some(
            json!({"name": "Onboarding \"2026\"", "description": "First contact",
            "whatsapp_business_templates": ids}),
        ),
    );
    assert_eq!(status, 200, "{created}");
    test.wabactl(["plan"]).run();
    test.wabactl(["import"])
        .stdout_contains("added 1 template group to `template_groups` in wabactl.yaml")
        .run();
    let project = test.read("wabactl.yaml");
    assert!(
        project.ends_with(
            "template_groups:\n  \"Onboarding \\\"2026\\\"\":\n    description: \"First contact\"\n    \
             templates: [\"welcome\"]\n"
        ),
        "{project}"
    );
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("Template groups: 0 to create, 0 to update, 0 to delete; 1 in sync.")
        .run();
    // Declared now: a second import leaves it alone.
    let again = test.wabactl(["import"]).run();
    assert!(!again.stdout.contains("template group"), "{}", again.stdout);
}

#[test]
fn a_group_write_the_account_refuses_fails_the_apply() {
    let test = sale();
    test.wabactl(["apply", "--auto-approve"]).run();
    let welcome = plan_json(&test)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "welcome")
        .unwrap()["remote"]["id"]
        .as_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    let (status, created) = test.served().call(
        "POST",
        &format!("/{VERSION}/{WABA_ID}/template_groups"),
        TOKEN,
        Some(json!({"name": "Other", "whatsapp_business_templates": [welcome]})),
    );
    assert_eq!(status, 200, "{created}");
    test.write(
        "wabactl.yaml",
        format!(
            "{}  Welcome:\n    templates: [welcome]\n",
            project("[\"bf_*\"]")
        ),
    );
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stdout_contains("✗ template group \"Welcome\" not created:")
        .stdout_contains("already in template group \"Other\"")
        .run();
}

#[test]
fn a_saved_plan_is_stale_once_the_accounts_groups_change() {
    let test = sale();
    test.wabactl(["apply", "--auto-approve"]).run();
    test.write("wabactl.yaml", project("[\"bf_promo\"]"));
    test.wabactl(["plan", "--out", "plan.json"]).run();
    let (status, created) = test.served().call(
        "POST",
        &format!("/{VERSION}/{WABA_ID}/template_groups"),
        TOKEN,
        Some(json!({"name": "Made meanwhile", "whatsapp_business_templates": []})),
    );
    assert_eq!(status, 200, "{created}");
    test.wabactl(["apply", "--plan", "plan.json"])
        .expect_exit(1)
        .stderr_contains("stale plan: the account changed since the plan was made")
        .run();
}
