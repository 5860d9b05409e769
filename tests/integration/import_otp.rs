//! The repository's own examples survive a round trip through the account: `apply` them,
//! `import` into an empty project, and the files validate and plan in sync. Meta's GET does
//! not return the apps of one-tap and zero-tap buttons, so `import` writes a marked
//! placeholder app, which `plan` never lets reach Meta.

use crate::apply::{Served, code, stderr, stdout};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/templates");

#[test]
fn applied_examples_import_validate_and_plan_clean() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Served::start(dir.path(), &[]);
    let applied = sandbox.run(dir.path(), &["apply", "--auto-approve", EXAMPLES]);
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));

    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    let imported = sandbox.run(&project, &["import"]);
    assert_eq!(
        code(&imported),
        0,
        "{}{}",
        stdout(&imported),
        stderr(&imported)
    );
    let out = stdout(&imported);
    assert!(
        out.contains(
            "login_code_one_tap (en_US), login_code_zero_tap (en_US) holds the placeholder"
        ),
        "{out}"
    );
    let zero_tap =
        std::fs::read_to_string(project.join("templates/login_code_zero_tap.yaml")).unwrap();
    assert!(zero_tap.contains("otp_type: ZERO_TAP"), "{zero_tap}");
    assert!(
        zero_tap.contains("zero_tap_terms_accepted: true"),
        "{zero_tap}"
    );
    assert!(
        zero_tap.contains("# Meta does not return the app list"),
        "{zero_tap}"
    );

    let validated = sandbox.run(&project, &["validate"]);
    assert_eq!(code(&validated), 0, "{}", stderr(&validated));
    assert!(
        stdout(&validated).contains(" 0 errors"),
        "{}",
        stdout(&validated)
    );
    let planned = sandbox.run(&project, &["plan", "--exit-code"]);
    assert_eq!(code(&planned), 0, "{}", stdout(&planned));

    // Changing the template while the placeholder is there is blocked: it never reaches Meta.
    let path = project.join("templates/login_code_one_tap.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("code_expiration_minutes: 5", "code_expiration_minutes: 7"),
    )
    .unwrap();
    let planned = sandbox.run(&project, &["plan", "--exit-code"]);
    assert_eq!(code(&planned), 2, "{}", stdout(&planned));
    assert!(
        stdout(&planned).contains("placeholder app `replace.with.your.app`"),
        "{}",
        stdout(&planned)
    );
    let templates = sandbox.state()["account"]["templates"].clone();
    let applied = sandbox.run(&project, &["apply", "--auto-approve"]);
    assert!(
        stdout(&applied).contains("Applied: 0 created, 0 updated"),
        "{}",
        stdout(&applied)
    );
    assert!(
        sandbox.state()["account"]["templates"] == templates,
        "nothing was sent to the account"
    );
}
