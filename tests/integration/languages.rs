//! AUTHENTICATION documents that list `languages: [...]`: they validate (only for
//! AUTHENTICATION, with a located error otherwise), stand for one template per language in the
//! plan, and are created and edited through one `upsert_message_templates` call, which the
//! sandbox models; the plan after apply is empty.

use crate::support::{CORPUS, Test};

const AUTH: &str = "name: login_code\nlanguages: [en_US, es_ES, fr]\ncategory: AUTHENTICATION\n\
components:\n  - {type: BODY, add_security_recommendation: true}\n  \
- {type: FOOTER, code_expiration_minutes: 10}\n  \
- type: BUTTONS\n    buttons: [{type: OTP, otp_type: COPY_CODE}]\n";

#[test]
fn metas_upsert_body_validates() {
    let rows = std::fs::read_to_string(format!("{CORPUS}/EXPECTED.tsv")).unwrap();
    let upserts: Vec<&str> = rows
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(1) == Some(&"upsert") && fields.get(2) == Some(&"valid"))
                .then_some(fields[0])
        })
        .collect();
    assert!(!upserts.is_empty());
    for file in upserts {
        let report = Test::new()
            .wabactl(["validate", "--format", "json", file])
            .current_dir(CORPUS)
            .run()
            .json();
        assert_eq!(report["errors"], 0, "{file}: {report}");
        assert_eq!(report["templates"], 3, "{file}: {report}");
    }
}

#[test]
fn languages_are_for_authentication_only_and_each_language_is_checked() {
    let test = Test::new().file(
        "t.yaml",
        "name: promo\nlanguages: [en_US, xx_XX]\ncategory: MARKETING\n\
         components:\n  - {type: BODY, text: Our summer sale starts now.}\n",
    );
    let output = test
        .wabactl(["validate", "t.yaml"])
        .expect_exit(1)
        .stdout_contains("t.yaml:2:1: error[languages-category]")
        .stdout_contains("t.yaml:2:20: error[language-unknown]: `xx_XX`")
        .run();
    // Shared findings are reported once, not once per language.
    assert_eq!(
        output.stdout.matches("error[languages-category]").count(),
        1
    );
    assert!(
        output.stdout.contains("2 templates, 2 errors"),
        "{}",
        output.stdout
    );

    let both = Test::new().file("t.yaml", format!("language: en_US\n{AUTH}"));
    both.wabactl(["validate", "t.yaml"])
        .expect_exit(1)
        .stdout_contains("error[languages-shape]: give either `language` or `languages`")
        .run();
}

#[test]
fn an_otp_label_in_a_languages_document_is_refused_before_anything_is_sent() {
    // Meta's Bulk management page: upsert_message_templates takes no `text` and no
    // `autofill_text`. wabactl says so offline, at the key, and plan sends nothing.
    let labelled = AUTH.replace(
        "otp_type: COPY_CODE}",
        "otp_type: ONE_TAP, text: Copy code, autofill_text: Autofill, supported_apps: [{package_name: com.example.app, signature_hash: K8a/AINcGX7}]}",
    );
    let test = Test::new()
        .project()
        .file("templates/login_code.yaml", &labelled)
        .sandbox(&[]);
    let output = test
        .wabactl(["validate", "templates/login_code.yaml"])
        .expect_exit(1)
        .stdout_contains("templates/login_code.yaml:8:46: error[languages-otp-text]")
        .stdout_contains("error[languages-otp-text]: `text` on the OTP button")
        .stdout_contains("error[languages-otp-text]: `autofill_text` on the OTP button")
        .stdout_contains("help: remove it (Meta then writes its own label in each language)")
        .run();
    assert_eq!(
        output.stdout.matches("error[languages-otp-text]").count(),
        2,
        "{}",
        output.stdout
    );
    // apply holds every language back (blocked, as any file error does), not only the first,
    // and exits 4: declared templates are left blocked.
    let applied = test
        .wabactl(["apply", "--auto-approve"])
        .expect_exit(4)
        .run();
    assert_eq!(
        applied.stdout.matches("blocked (create)").count(),
        3,
        "{}",
        applied.stdout
    );
    let state = test.served().state();
    let names: Vec<&str> = state["account"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["fields"]["name"].as_str().unwrap())
        .filter(|name| *name == "login_code")
        .collect();
    assert!(names.is_empty(), "nothing may be sent: {state}");

    // The same label in a one-language document is Meta's create body, and is fine.
    let single = Test::new().file(
        "t.yaml",
        labelled.replace("languages: [en_US, es_ES, fr]", "language: en_US"),
    );
    single.wabactl(["validate", "t.yaml"]).run();
}

#[test]
fn a_language_listed_and_declared_again_is_a_duplicate() {
    let test = Test::new().file("a.yaml", AUTH).file(
        "b.yaml",
        AUTH.replace("languages: [en_US, es_ES, fr]", "language: fr"),
    );
    test.wabactl(["validate", "a.yaml", "b.yaml"])
        .expect_exit(1)
        .stdout_contains("error[duplicate-template]: template login_code (fr) is defined twice")
        .run();
}

#[test]
fn languages_plan_apply_plan_through_one_upsert() {
    let test = Test::new()
        .project()
        .file("templates/login_code.yaml", AUTH)
        .sandbox(&[]);
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    let changes = plan["changes"].as_array().unwrap();
    let seen: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["language"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("login_code", "en_US", "create"),
            ("login_code", "es_ES", "create"),
            ("login_code", "fr", "create")
        ]
    );
    assert_eq!(
        changes[0]["upsert"]["languages"],
        serde_json::json!(["en_US", "es_ES", "fr"])
    );

    let applied = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .run()
        .json();
    assert_eq!(applied["counts"]["created"], 3, "{applied}");
    // One listing and one upsert call for all three languages.
    assert_eq!(applied["requests"]["count"], 2, "{applied}");
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("3 templates in sync")
        .run();

    // An edit of the document updates every language in one call again.
    test.write(
        "templates/login_code.yaml",
        AUTH.replace("code_expiration_minutes: 10", "code_expiration_minutes: 5"),
    );
    let applied = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .run()
        .json();
    assert_eq!(applied["counts"]["updated"], 3, "{applied}");
    assert_eq!(applied["requests"]["count"], 2, "{applied}");
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("3 templates in sync")
        .run();
    let state = test.served().state();
    let languages: Vec<&str> = state["account"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["fields"]["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["en_US", "es_ES", "fr"]);
}
