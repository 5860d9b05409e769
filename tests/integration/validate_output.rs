//! What `validate` prints: every unknown key in one run, each message once, no empty source
//! box, an unclosed quote shown where it opened, and hints that invent no values.

use crate::support::Test;

const FOUR_TYPOS: &str = "name: promo
language: en_US
category: UTILITY
componnts: []
foo: 1
components:
  - type: BODY
    txt: hi
    text: Hello there.
  - type: FOOTER
    text: Thanks
    bar: 2
";

#[test]
fn every_unknown_key_shows_in_one_run_and_the_template_counts() {
    let test = Test::new().file("t.yaml", FOUR_TYPOS);
    let out = test.wabactl(["validate", "t.yaml"]).expect_exit(1).run();
    let keys: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("error[unknown-key]"))
        .collect();
    assert_eq!(keys.len(), 4, "{}", out.stdout);
    for (line, key) in keys.iter().zip(["componnts", "foo", "txt", "bar"]) {
        assert!(line.contains(&format!("`{key}`")), "{line}");
    }
    assert!(
        out.stdout.ends_with("1 template, 4 errors, 0 warnings\n"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!("unknown_keys", out.stdout);
}

#[test]
fn each_message_is_said_once_and_an_unreadable_file_gets_no_empty_box() {
    let test = Test::new().file(
        "ex.yaml",
        "name: a\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: \"Hi {{1}}, your order {{2}} is ready for pickup at the shop today\"\n    \
         example:\n      body_text: [[\"Pablo\"]]\n",
    );
    let out = test
        .wabactl(["validate", "ex.yaml", "missing.yaml"])
        .expect_exit(1)
        .run();
    let message = "the text has 2 variables but the example has 1 value";
    assert_eq!(out.stdout.matches(message).count(), 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains(r#"help: give one value per variable, in order: body_text: [["Pablo", "<value for {{2}}>"]]"#),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("25OFF"), "{}", out.stdout);
    let missing = out.stdout.split("missing.yaml:1:1").nth(1).unwrap();
    let finding = missing.split("\n\n").next().unwrap();
    assert!(!finding.contains('╭'), "{finding}");
    insta::assert_snapshot!("message_once", out.stdout);
}

#[test]
fn an_unclosed_quote_is_shown_where_it_opened() {
    let test = Test::new().file(
        "q.yaml",
        "name: a\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: \"Hi there\n  - type: FOOTER\n    text: \"x\"\n",
    );
    let out = test.wabactl(["validate", "q.yaml"]).expect_exit(1).run();
    assert!(
        out.stdout.starts_with(
            "q.yaml:6:11: error[yaml-syntax]: not valid YAML: the quote opened here is not closed"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("the reader gave up here"),
        "{}",
        out.stdout
    );
}

#[test]
fn errors_in_the_project_file_are_quoted_with_a_did_you_mean() {
    let test = Test::new()
        .project_file("templates: [templates]\naccounts:\n  prod:\n    wabaid: \"1\"\n")
        .dir("templates");
    let out = test.wabactl(["validate"]).expect_exit(1).run();
    insta::assert_snapshot!("project_file_typo", out.stderr);
    assert!(
        out.stderr
            .starts_with("wabactl.yaml:4:5: error[unknown-key]: unknown key `wabaid`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(" 4 │     wabaid: \"1\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("help: did you mean `waba_id`?"),
        "{}",
        out.stderr
    );

    let test = Test::new()
        .project_file("templates: [templates]\napply:\n  parallelism: x\n")
        .dir("templates");
    let out = test.wabactl(["plan", "--sandbox"]).expect_exit(1).run();
    assert!(
        out.stderr
            .starts_with("wabactl.yaml:3:16: error[project-file]: invalid"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(" 3 │   parallelism: x"),
        "{}",
        out.stderr
    );
}
