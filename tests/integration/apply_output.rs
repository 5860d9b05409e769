//! What `apply` prints: the quota forecast before the prompt, folded not-started lines, which
//! progress lines print where (separate stderr, merged `2>&1`, a terminal), and the labelled
//! spinner while waiting for review.

use crate::support::Test;

/// `n` templates `promo_1..n` declared, on an empty sandbox account.
fn promos(n: usize, sandbox: &[&str]) -> Test {
    let mut test = Test::new().project();
    for i in 1..=n {
        test = test.template(&format!("promo_{i}"), "Hello, see you soon.");
    }
    test.sandbox(sandbox)
}

#[test]
fn the_quota_is_checked_before_the_prompt_and_not_started_lines_fold() {
    let test = promos(5, &[]);
    let out = test
        .wabactl(["apply", "--auto-approve", "--create-quota", "2"])
        .expect_exit(1)
        .run();
    let forecast = out
        .stderr
        .lines()
        .find(|l| l.starts_with("quota: "))
        .unwrap_or_else(|| panic!("no forecast:\n{}", out.stderr));
    assert!(
        forecast.starts_with("quota: 5 creates, quota 2/h: 2 now, 3 after ")
            && forecast.contains(" UTC")
            && forecast.ends_with("; run again then, or pass --wait-for-quota to wait"),
        "{forecast}"
    );
    let not_started: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("- "))
        .collect();
    assert_eq!(not_started.len(), 1, "{}", out.stdout);
    assert!(
        not_started[0].trim_start().starts_with(
            "- 3 creates not started: the creation quota of 2 templates per hour (--create-quota) is spent; run again after "
        ) && not_started[0].ends_with("(promo_3 (en_US), promo_4 (en_US), promo_5 (en_US))"),
        "{}",
        not_started[0]
    );
    // JSON keeps each change.
    let test = promos(5, &[]);
    let json = test
        .wabactl([
            "apply",
            "--auto-approve",
            "--create-quota",
            "2",
            "--format",
            "json",
        ])
        .expect_exit(1)
        .run()
        .json();
    let skipped = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == "skipped")
        .count();
    assert_eq!(skipped, 3, "{json:#}");
}

#[test]
fn progress_lines_go_to_a_separate_stderr_and_never_repeat_the_report_in_a_merged_log() {
    let test = promos(2, &[]);
    let out = test.wabactl(["apply", "--auto-approve"]).run();
    assert_eq!(
        out.stderr.matches("✓ created promo_1 (en_US)").count(),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stdout.matches("✓ created promo_1 (en_US)").count(),
        1,
        "{}",
        out.stdout
    );

    let test = promos(2, &[]);
    let merged = test
        .wabactl(["apply", "--auto-approve"])
        .limits("exec 2>&1")
        .run();
    assert_eq!(
        merged.stdout.matches("✓ created promo_1 (en_US)").count(),
        1,
        "{}",
        merged.stdout
    );
    assert!(
        merged.stdout.contains("Applied: 2 created"),
        "{}",
        merged.stdout
    );
}

#[test]
fn waiting_for_review_says_how_many_are_pending_and_how_long_is_left() {
    let test = promos(2, &["--review-delay-ms", "3600000"]);
    let out = test
        .wabactl(["apply", "--auto-approve", "--wait", "--timeout", "2s"])
        .expect_exit(3)
        .run();
    let waiting: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("waiting for review: "))
        .collect();
    assert!(
        waiting.first().is_some_and(
            |l| l.starts_with("waiting for review: 2 pending, ") && l.ends_with(" s left")
        ),
        "{}",
        out.stderr
    );
}

#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_the_review_wait_is_a_labelled_spinner() {
    // A pseudo-terminal from util-linux `script` (in every Linux base system).
    let test = promos(2, &["--review-delay-ms", "3600000"]);
    let out = test
        .wabactl(["apply", "--auto-approve", "--wait", "--timeout", "3s"])
        .limits("exec script -qefc \"stty rows 20 cols 100; $0 $*\" /dev/null")
        .expect_exit(3)
        .run()
        .stdout;
    assert!(out.contains("waiting for review: 2 pending, "), "{out}");
    assert!(out.contains(" s left ("), "{out}");
    assert!(!out.contains('░') && !out.contains("0/0"), "{out}");
}
