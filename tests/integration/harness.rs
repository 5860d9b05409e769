//! The checks of the `Test` builder can fail: a wrong exit code, a missing text and a hang
//! each fail the test that asked for them.

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
