//! `validate` in one pass: an unknown enum value does not hide the rest of its document, the
//! findings come in file and line order, help lists each allowed value once, and hints build on
//! the file's own values instead of made-up ones.

use crate::support::Test;

/// The headline of every finding: `file:line:col: severity[rule]: message`.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect()
}

fn line_of(headline: &str) -> u32 {
    headline.split(':').nth(1).unwrap().parse().unwrap()
}

const THREE_MISTAKES: &str = "\
name: order_update
language: en_US
category: UTILTY
components:
  - type: BODY
    text: \"Hi {{1}}, your order shipped.\"
  - type: FOOTR
    text: Thanks
";

#[test]
fn an_unknown_type_a_missing_example_and_a_bad_category_are_reported_in_one_run() {
    let test = Test::new().file("templates/order_update.yaml", THREE_MISTAKES);
    let run = test.wabactl(["validate"]).expect_exit(1).run();
    let found = headlines(&run.stdout);
    let rules: Vec<&str> = found
        .iter()
        .map(|h| h.split('[').nth(1).unwrap().split(']').next().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["category-unknown", "example-missing", "unknown-value"],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `FOOTER`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 template, 3 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn five_mistakes_in_two_documents_come_in_one_run_in_line_order() {
    // 1 unknown category, 2 unknown component type, 3 body variable without example,
    // 4 URL variable without example (second document), 5 unknown button type.
    let text = format!(
        "{THREE_MISTAKES}---\nname: order_link\nlanguage: en_US\ncategory: UTILITY\n\
         components:\n  - type: BODY\n    text: Your order is ready.\n  - type: BUTTONS\n    \
         buttons:\n      - type: URL\n        text: Track\n        \
         url: \"https://shop.example/o/{{{{1}}}}\"\n      - type: QUIK_REPLY\n        \
         text: Thanks\n"
    );
    let test = Test::new().file("templates/orders.yaml", text);
    let run = test.wabactl(["validate"]).expect_exit(1).run();
    let found = headlines(&run.stdout);
    assert_eq!(found.len(), 5, "{}", run.stdout);
    let lines: Vec<u32> = found.iter().map(|h| line_of(h)).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "{}", run.stdout);
}

#[test]
fn help_lists_each_allowed_value_once() {
    let test = Test::new().file("templates/order_update.yaml", THREE_MISTAKES);
    let run = test.wabactl(["validate"]).expect_exit(1).run();
    assert!(run.stdout.contains("LIMITED_TIME_OFFER"), "{}", run.stdout);
    assert!(!run.stdout.contains("limited_time_offer"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("call_permission_request"),
        "{}",
        run.stdout
    );
}

#[test]
fn url_hints_build_on_the_files_own_address() {
    let test = Test::new().file(
        "templates/order_link.yaml",
        "name: order_link\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: Your order is ready.\n  - type: BUTTONS\n    buttons:\n      - type: URL\n        \
         text: Track\n        url: \"https://shop.example/o/{{1}}\"\n      - type: URL\n        \
         text: Help\n        url: \"shop.example/help\"\n",
    );
    let run = test.wabactl(["validate"]).expect_exit(1).run();
    assert!(
        run.stdout
            .contains("add `example: [\"https://shop.example/o/<value for the variable>\"]`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`https://shop.example/help`"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("example.com"), "{}", run.stdout);
}
