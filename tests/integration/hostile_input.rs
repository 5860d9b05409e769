//! Files a pull request could carry to hang, crash or exhaust wabactl: alias bombs, deep
//! nesting, very long lines, symbolic link loops, named pipes, devices and huge files. Each
//! must end in a located, readable message while the other files are still checked.
//!
//! The binary runs under a memory cap and a watchdog, so that a regression fails the test
//! instead of taking the machine down or hanging the suite. Neither is a speed target (those
//! are measured by the benchmarks): both are far above what a correct run needs.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Output, Test};

/// Address space for one run: plenty for wabactl (it peaks near 60 MB on 6,000 templates).
const MEMORY_CAP_KIB: u64 = 2 * 1024 * 1024;
/// Far beyond any run here; only a hang reaches it.
const WATCHDOG: Duration = Duration::from_secs(60);

/// `wabactl ARGS` in the project, under the memory cap and the watchdog.
fn wabactl(test: &Test, args: &[&str]) -> Output {
    test.wabactl(args)
        .limits(&format!("ulimit -v {MEMORY_CAP_KIB}"))
        .watchdog(WATCHDOG)
        .any_exit()
        .run()
}

fn validate_json(test: &Test, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend_from_slice(args);
    let run = wabactl(test, &all);
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, value)
}

/// The findings of one rule as `file:line:col`.
fn located(report: &Value, rule: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

const GOOD: &str = "name: order_update\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Your order has shipped.\n";

/// Nine `lol`s, then eight levels of anchors each repeating the one before nine times: 386
/// bytes that expand to 9⁸ (43 million) values.
fn alias_bomb() -> String {
    let mut text = format!("a0: &a0 [{}]\n", ["lol"; 9].join(", "));
    for level in 1..8 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!(
            "a{level}: &a{level} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    text
}

fn project_with(files: &[(&str, &str)]) -> Test {
    files
        .iter()
        .fold(Test::new(), |test, (name, text)| test.file(name, text))
}

#[test]
fn an_alias_bomb_stops_at_the_alias_that_crosses_the_limit() {
    let bomb = alias_bomb();
    let dir = project_with(&[("t/bomb.yaml", &bomb), ("t/good.yaml", GOOD)]);
    let (code, report) = validate_json(&dir, &["t"]);
    assert_eq!(code, 1);
    // a4's first alias: 8,289 values copied by then, 7,381 more pass 10,000 + the 19 written.
    assert_eq!(located(&report, "input-limit"), ["t/bomb.yaml:5:10"]);
    assert_eq!(report["templates"], 1, "the good file is still read");
    let human = wabactl(&dir, &["validate", "t"]);
    assert!(
        human
            .stdout
            .contains("t/bomb.yaml:5:10: error[input-limit]: aliases expand to more than 10000"),
        "{}",
        human.stdout
    );

    // plan reads the files the same way, and stops on them before anything is planned.
    let plan = wabactl(&dir, &["plan", "--sandbox=state.json", "t"]);
    assert_eq!(plan.code, 1);
    assert!(
        plan.stderr.contains("t/bomb.yaml:5:10") && plan.stderr.contains("input-limit"),
        "{}",
        plan.stderr
    );
}

/// Few values, but each alias copies a 40,000-byte text: found by the fuzzer, where it took
/// 228 MB for an 80 KB file before aliases were bounded by bytes as well as by values.
#[test]
fn aliases_of_long_text_are_bounded_by_bytes() {
    let mut long = format!("a0: &a0 [{}]\n", "x".repeat(40_000));
    for level in 1..8 {
        let aliases = vec![format!("*a{}", level - 1); 4].join(", ");
        long.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    let dir = project_with(&[("t/long.yaml", &long), ("t/good.yaml", GOOD)]);
    let (code, report) = validate_json(&dir, &["t"]);
    assert_eq!(code, 1);
    assert_eq!(located(&report, "input-limit"), ["t/long.yaml:4:10"]);
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("aliases copy more than 1048576 bytes of text"),
        "{report:#}"
    );
    assert_eq!(report["templates"], 1);
}

#[test]
fn deep_nesting_is_a_located_error_written_out_or_through_aliases() {
    let open = "[".repeat(100_000);
    // Ten levels per anchor, each anchor nesting the one before: 70 levels through aliases.
    let mut through_aliases = String::new();
    for level in 0..7 {
        let inner = if level == 0 {
            "x".to_owned()
        } else {
            format!("*a{}", level - 1)
        };
        through_aliases.push_str(&format!(
            "k{level}: &a{level} {}{inner}{}\n",
            "[".repeat(10),
            "]".repeat(10)
        ));
    }
    let dir = project_with(&[("t/open.yaml", &open), ("t/aliases.yaml", &through_aliases)]);
    let (code, report) = validate_json(&dir, &["t"]);
    assert_eq!(code, 1);
    assert_eq!(
        located(&report, "input-limit"),
        ["t/aliases.yaml:7:19", "t/open.yaml:1:65"]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().all(|m| m.contains("deeper than 64 levels")),
        "{messages:?}"
    );
}

#[test]
fn a_finding_past_column_65535_is_reported_plainly_and_the_others_still_are() {
    let wide = format!("{{{}nme: order_update}}\n", " ".repeat(65_540));
    let bad = GOOD.replace("order_update", "Order-Update");
    let dir = project_with(&[("t/a_wide.yaml", &wide), ("t/b_bad.yaml", &bad)]);
    let run = wabactl(&dir, &["validate", "t"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("t/a_wide.yaml:1:65542: error[unknown-key]: unknown key `nme`"),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
    assert!(run.stdout.contains("  help: did you mean `name`?"));
    // The finding after it is quoted as usual.
    assert!(run.stdout.contains("t/b_bad.yaml:1:7: error[name-format]"));
    assert!(
        run.stdout.contains(" 1 │ name: Order-Update"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 template, 2 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );

    // A lone carriage return ends a line for the YAML reader but not where the quote is
    // drawn, so the key after it still stands past column 65,535 there (found by fuzzing).
    let cr = format!("{{{}\r nme: order_update}}\n", " ".repeat(65_540));
    let dir = project_with(&[("t/a_cr.yaml", &cr), ("t/b_bad.yaml", &bad)]);
    let run = wabactl(&dir, &["validate", "t"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("t/a_cr.yaml:2:2: error[unknown-key]: unknown key `nme`"),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
    assert!(
        run.stdout.contains(" 1 │ name: Order-Update"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("1 template, 2 errors, 0 warnings\n"));
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_end_and_each_file_is_read_once() {
    use std::os::unix::fs::symlink;
    let dir = project_with(&[("t/good.yaml", GOOD)]);
    let t = dir.path().join("t");
    symlink(".", t.join("l1")).unwrap();
    symlink(".", t.join("l2")).unwrap();
    symlink("good.yaml", t.join("again.yaml")).unwrap();
    let (code, report) = validate_json(&dir, &["t", "t/good.yaml"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["files"], 1);
    assert_eq!(report["templates"], 1);
    assert_eq!(report["diagnostics"], Value::Array(vec![]));

    let verbose = wabactl(&dir, &["-v", "validate", "t"]);
    assert_eq!(verbose.code, 0);
    assert!(
        verbose
            .stderr
            .contains("skipping t/l1: the directory was already read"),
        "{}",
        verbose.stderr
    );

    let plan = wabactl(&dir, &["plan", "--sandbox=state.json", "t"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(plan.stdout.contains("1 to create"), "{}", plan.stdout);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_huge_files_are_refused_by_name() {
    let huge = format!("# {}\n", "x".repeat(9 * 1024 * 1024));
    let dir = project_with(&[("t/good.yaml", GOOD), ("t/huge.yaml", &huge)]);
    let t = dir.path().join("t");
    mkfifo(&t.join("pipe.yaml"));
    std::os::unix::fs::symlink("/dev/zero", t.join("zero.yaml")).unwrap();
    let (code, report) = validate_json(&dir, &["t"]);
    assert_eq!(code, 1);
    assert_eq!(report["templates"], 1, "the good file is still read");
    let io: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "io")
        .map(|d| {
            format!(
                "{}: {}",
                d["file"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(io.len(), 3, "{io:?}");
    assert!(io[0].starts_with("t/huge.yaml: cannot read file: the file holds 9,437,187 bytes, above the limit of 8,388,608 bytes (8 MiB)"), "{io:?}");
    assert!(
        io[1].starts_with(
            "t/pipe.yaml: cannot read file: a named pipe (FIFO) is not a regular file"
        ),
        "{io:?}"
    );
    assert!(
        io[2]
            .starts_with("t/zero.yaml: cannot read file: a character device is not a regular file"),
        "{io:?}"
    );

    // Named on the command line, a pipe is refused the same way (not "no such file").
    let (_, report) = validate_json(&dir, &["t/pipe.yaml"]);
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("named pipe")
    );
}

#[cfg(unix)]
#[test]
fn the_project_file_saved_plans_and_sandbox_state_are_read_with_the_same_bounds() {
    let dir = project_with(&[("t/good.yaml", GOOD)]);
    mkfifo(&dir.path().join("wabactl.yaml"));
    let run = wabactl(&dir, &["validate"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("wabactl.yaml")
            && run
                .stderr
                .contains("named pipe (FIFO) is not a regular file"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(dir.path().join("wabactl.yaml")).unwrap();

    mkfifo(&dir.path().join("plan.json"));
    let run = wabactl(
        &dir,
        &[
            "apply",
            "--sandbox=state.json",
            "--auto-approve",
            "--plan",
            "plan.json",
            "t",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("plan.json") && run.stderr.contains("named pipe"),
        "{}",
        run.stderr
    );

    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
    let run = wabactl(&dir, &["plan", "--sandbox=zero.json", "t"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("zero.json") && run.stderr.contains("character device"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_in_place_of_a_schema_file_is_stale_not_a_hang() {
    let dir = Test::new().dir("schemas");
    mkfifo(&dir.path().join("schemas/template.schema.json"));
    let run = wabactl(&dir, &["schema", "--check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("stale schema files: schemas/template.schema.json"),
        "{}",
        run.stderr
    );
}
