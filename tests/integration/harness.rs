//! The `Test` builder: the example of its documentation runs, and its checks can fail (a
//! wrong exit code, a missing text and a hang each fail the test that asked for them).

use std::time::Duration;

use crate::support::Test;

#[test]
#[should_panic(expected = "exit code")]
fn a_wrong_exit_code_fails_the_run() {
    Test::new().wabactl(["--version"]).expect_exit(1).run();
}

#[test]
#[should_panic(expected = "on stdout")]
fn a_missing_text_fails_the_run() {
    Test::new()
        .wabactl(["--version"])
        .stdout_contains("no such text")
        .run();
}

#[test]
#[should_panic(expected = "still ran after")]
fn a_run_past_its_watchdog_is_killed_and_fails() {
    Test::new()
        .wabactl(["sandbox", "serve", "--port", "0", "--state", "state.json"])
        .watchdog(Duration::from_millis(500))
        .run();
}

#[test]
fn the_example_of_the_support_docs_runs() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    test.wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("1 to create")
        .run();
    let applied = test
        .wabactl(["apply", "--auto-approve", "--format", "json"])
        .run();
    assert_eq!(applied.json()["counts"]["created"], 1, "{}", applied.stderr);
    test.wabactl(["plan", "--exit-code"]).run();
}
