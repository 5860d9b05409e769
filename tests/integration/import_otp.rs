//! The repository's own examples survive a round trip through the account: `apply` them,
//! `import` into an empty project, and the files validate and plan in sync. Meta's GET does
//! not return the apps of one-tap and zero-tap buttons, so `import` writes a marked
//! placeholder app, which `plan` never lets reach Meta.

use crate::support::EXAMPLES;
use crate::support::account;

#[test]
fn applied_examples_import_validate_and_plan_clean() {
    let test = account(&[], &[]);
    test.wabactl(["apply", "--auto-approve", &format!("{EXAMPLES}/templates")])
        .run();

    test.write("project/wabactl.yaml", "templates: [templates]\n");
    test.wabactl(["import"])
        .current_dir("project")
        .stdout_contains(
            "login_code_one_tap (en_US), login_code_zero_tap (en_US) holds the placeholder",
        )
        .run();
    let zero_tap = test.read("project/templates/login_code_zero_tap.yaml");
    assert!(zero_tap.contains("otp_type: ZERO_TAP"), "{zero_tap}");
    assert!(
        zero_tap.contains("zero_tap_terms_accepted: true"),
        "{zero_tap}"
    );
    assert!(
        zero_tap.contains("# Meta does not return the app list"),
        "{zero_tap}"
    );

    test.wabactl(["validate"])
        .current_dir("project")
        .stdout_contains(" 0 errors")
        .run();
    test.wabactl(["plan", "--exit-code"])
        .current_dir("project")
        .run();

    // Changing the template while the placeholder is there is blocked: it never reaches Meta.
    let path = "project/templates/login_code_one_tap.yaml";
    let text = test.read(path);
    test.write(
        path,
        text.replace("code_expiration_minutes: 5", "code_expiration_minutes: 7"),
    );
    test.wabactl(["plan", "--exit-code"])
        .current_dir("project")
        .expect_exit(2)
        .stdout_contains("placeholder app `replace.with.your.app`")
        .run();
    let templates = test.served().state()["account"]["templates"].clone();
    test.wabactl(["apply", "--auto-approve"])
        .current_dir("project")
        .any_exit()
        .stdout_contains("Applied: 0 created, 0 updated")
        .run();
    assert!(
        test.served().state()["account"]["templates"] == templates,
        "nothing was sent to the account"
    );
}
