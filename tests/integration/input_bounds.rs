//! Memory bounded by the input: files that once took gigabytes (one template repeated 6,000
//! times in one file, a megabyte of `{{1}}`, 100,000 duplicate components) end with every
//! finding counted and the first of them located, under a 300 MB address-space cap; token
//! files that are devices, pipes or huge are refused at once.
//!
//! The cap and the watchdog catch regressions; neither is a speed target (the benchmarks
//! measure those).

use std::time::Duration;

use serde_json::Value;

use crate::support::Test;

/// Address space for one run, in KiB: the bound these inputs must stay under.
const MEMORY_CAP_KIB: u64 = 300 * 1024;
const WATCHDOG: Duration = Duration::from_secs(120);

const TEMPLATE: &str = "name: order_update\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi\n";
const HEAD: &str = "name: many\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n";

/// `validate --format json` of one file under the cap: the exit code and the report.
fn validate(text: &str) -> (i32, Value) {
    let test = Test::new().file("templates/big.yaml", text);
    let run = test
        .wabactl(["validate", "--format", "json", "templates"])
        .limits(&format!("ulimit -v {MEMORY_CAP_KIB}"))
        .watchdog(WATCHDOG)
        .any_exit()
        .run();
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\nstdout: {}\nstderr: {}", run.stdout, run.stderr));
    (run.code, report)
}

/// The rule and `line:col` of each finding kept.
fn kept(report: &Value) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn six_thousand_copies_of_one_template_are_counted_within_the_cap() {
    let (code, report) = validate(&vec![TEMPLATE; 6_000].join("---\n"));
    assert_eq!(code, 1);
    assert_eq!(report["errors"], 5_999, "every duplicate counted");
    let kept = kept(&report);
    assert_eq!(kept.len(), 200, "the per-file limit");
    assert_eq!(kept[0], ("duplicate-template".to_owned(), 8, 7));
    assert_eq!(report["not_shown"]["errors"], 5_799);
}

#[test]
fn a_megabyte_of_one_variable_folds_into_a_counted_finding() {
    let text = format!(
        "{HEAD}  - type: BODY\n    text: \"{}\"\n",
        "{{1}}".repeat(200_000)
    );
    let (code, report) = validate(&text);
    assert_eq!(code, 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let duplicate = diagnostics
        .iter()
        .find(|d| d["rule"] == "variable-duplicate")
        .expect("the duplicate variable");
    assert_eq!(duplicate["count"], 199_999);
    assert_eq!(duplicate["path"], "components[0].text");
    assert_eq!(duplicate["line"], 6);
    assert!(diagnostics.len() < 10, "{} kept", diagnostics.len());
    let counted: u64 = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["count"].as_u64().unwrap())
        .sum();
    assert_eq!(report["errors"].as_u64(), Some(counted));
    assert!(counted > 400_000, "{counted}");

    // For people: no quote prints the megabyte-long line as context of a finding beside it.
    let test = Test::new().file("templates/big.yaml", text);
    let run = test.wabactl(["validate", "templates"]).expect_exit(1).run();
    assert!(run.stdout.len() < 20_000, "{} bytes", run.stdout.len());
    assert!(
        run.stdout.contains("error[variable-duplicate]: ")
            && run.stdout.contains("(199,998 more like it in this field)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_hundred_thousand_duplicate_components_are_counted_within_the_cap() {
    let text = format!(
        "{HEAD}{}",
        "  - type: FOOTER\n    text: hi\n".repeat(100_000)
    );
    let (code, report) = validate(&text);
    assert_eq!(code, 1);
    assert_eq!(report["errors"], 100_000);
    let kept = kept(&report);
    // The per-file limit; the one finding of another rule is among them, though a hundred
    // thousand of the first rule were found before it.
    assert_eq!(kept.len(), 200);
    assert_eq!(kept[0], ("body-missing".to_owned(), 5, 3));
    assert_eq!(kept[1], ("component-duplicate".to_owned(), 7, 11));
    assert_eq!(report["not_shown"]["errors"], 99_800);
}

#[test]
fn the_human_report_says_how_many_more_were_not_shown() {
    let test = Test::new().file("templates/big.yaml", vec![TEMPLATE; 300].join("---\n"));
    let run = test.wabactl(["validate", "templates"]).expect_exit(1).run();
    assert!(
        run.stdout
            .contains("99 more findings not shown: a run lists at most 200 per file"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("300 templates, 299 errors, 0 warnings\n")
    );
}

/// A project whose account reads its token from `token_file`, pointed at a closed port: the
/// token is read before anything is sent, so a refusal is the token's.
fn with_token_file(test: Test, token_file: &str) -> Test {
    test.project_file(&format!(
        "accounts:\n  prod:\n    waba_id: \"123\"\n    api_base: http://127.0.0.1:9\n    token_file: {token_file}\n"
    ))
    .dir("templates")
}

#[test]
fn token_files_that_are_devices_pipes_or_huge_are_refused_at_once() {
    let test = with_token_file(Test::new(), "/dev/zero");
    test.wabactl(["plan"])
        .limits(&format!("ulimit -v {MEMORY_CAP_KIB}"))
        .watchdog(WATCHDOG)
        .expect_exit(1)
        .stderr_contains(
            "cannot read the token file /dev/zero: a character device is not a regular file",
        )
        .run();

    let test = with_token_file(Test::new(), "token.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(test.join("token.fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    // Opening a pipe with no writer would block: the watchdog fails the test if it does.
    test.wabactl(["plan"])
        .watchdog(WATCHDOG)
        .expect_exit(1)
        .stderr_contains("a named pipe (FIFO) is not a regular file")
        .stderr_contains("set `token_file: -`")
        .run();

    let test = with_token_file(Test::new(), "huge.token");
    let huge = std::fs::File::create(test.join("huge.token")).unwrap();
    huge.set_len(3 << 30).unwrap(); // 3 GiB, sparse
    test.wabactl(["plan"])
        .limits(&format!("ulimit -v {MEMORY_CAP_KIB}"))
        .watchdog(WATCHDOG)
        .expect_exit(1)
        .stderr_contains("holds 3,221,225,472 bytes, above the limit of 65,536 bytes")
        .run();
}

#[test]
fn a_token_can_still_be_piped_in_with_token_file_dash() {
    let test = with_token_file(Test::new(), "\"-\"");
    // The token is read, then the closed port refuses the connection: what follows a token.
    let run = test
        .wabactl(["plan"])
        .env("WABACTL_RETRY_ATTEMPTS", "1")
        .stdin("piped-token-0123456789\n")
        .expect_exit(1)
        .run();
    assert!(
        run.stderr.contains("cannot connect to 127.0.0.1:9"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("token"), "{}", run.stderr);
}
