//! Templates from Meta's Template Library, declared by `library_template_name` and its inputs:
//! they validate (an AUTHENTICATION one gets its OTP button from the library), the sandbox
//! creates them with the library's components as Meta does, and the plan after apply is empty
//! although the listing holds components the files do not write.

use serde_json::Value;

use crate::support::{FIXTURES, Test};

fn library_project() -> Test {
    Test::new()
        .project()
        .copy_dir(format!("{FIXTURES}/library"), "templates")
        .sandbox(&[])
}

#[test]
fn library_templates_validate() {
    let test = Test::new();
    let report = test
        .wabactl(["validate", "--format", "json"])
        .args([format!("{FIXTURES}/library")])
        .run()
        .json();
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(report["templates"], 3, "{report}");
}

#[test]
fn library_templates_plan_apply_plan() {
    let test = library_project();
    test.wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("Plan: 3 to create")
        .run();
    let applied = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .run();
    assert_eq!(applied.json()["counts"]["created"], 3, "{}", applied.stdout);
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("Plan: 0 to create, 0 to update, 0 to delete")
        .run();

    // The account lists the library's components and name, not the inputs.
    let state = test.served().state();
    let templates = state["account"]["templates"].as_array().expect("templates");
    let find = |name: &str| -> &Value {
        templates
            .iter()
            .map(|t| t.get("fields").unwrap_or(t))
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("{name} not on the account: {state}"))
    };
    let login = find("login_code_library");
    assert_eq!(login["library_template_name"], "verify_code_1");
    assert!(login.get("library_template_body_inputs").is_none());
    let components = login["components"].as_array().unwrap();
    let kinds: Vec<&str> = components
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["BODY", "FOOTER", "BUTTONS"]);
    assert_eq!(components[1]["code_expiration_minutes"], 10);
    assert_eq!(
        components[2]["buttons"][0]["type"], "URL",
        "OTP listed as URL"
    );
    let delivery = find("my_delivery_update");
    let button = &delivery["components"][1]["buttons"][0];
    assert_eq!(button["url"], "https://www.example.com/{{1}}");
    assert_eq!(
        find("appointment_reminder")["components"][1]["buttons"][0]["phone_number"],
        "+15550051310"
    );
}

#[test]
fn a_library_template_the_library_lacks_is_refused_by_the_sandbox() {
    let test = Test::new()
        .project()
        .file(
            "templates/t.yaml",
            "name: unknown_library\nlanguage: en_US\ncategory: UTILITY\n\
             library_template_name: no_such_library_template\n",
        )
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"])
        .expect_exit(1)
        .stdout_contains("no_such_library_template is not a template of the Template Library")
        .run();
}
