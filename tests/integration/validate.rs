//! `wabactl validate` on real files: exit codes, the summary, located messages, JSON output,
//! malformed input, and the shipped examples.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{EXAMPLES, Output, REPO, Test};

fn wabactl(test: &Test, args: &[&str]) -> Output {
    test.wabactl(args).any_exit().run()
}

fn json(test: &Test, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend_from_slice(args);
    let run = wabactl(test, &all);
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    (run.code, value)
}

/// A temporary directory holding `files` (name, contents).
fn project(files: &[(&str, &str)]) -> Test {
    files
        .iter()
        .fold(Test::new(), |test, (name, text)| test.file(name, text))
}

/// The headline of every finding: `file:line:col: severity[rule]: message`.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
        .filter(|l| !l.trim_start().starts_with(['×', '⚠', '│', '╭']))
        .collect()
}

/// Splits a headline into (file, line, column, rest); panics when it is not located.
fn located(headline: &str) -> (String, u32, u32) {
    let mut parts = headline.splitn(4, ':');
    let file = parts.next().unwrap().to_owned();
    let line: u32 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no line in {headline:?}"));
    let column: u32 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no column in {headline:?}"));
    assert!(line >= 1 && column >= 1, "{headline}");
    (file, line, column)
}

fn summary(stdout: &str) -> &str {
    stdout.lines().last().unwrap_or_default()
}

fn examples() -> PathBuf {
    PathBuf::from(EXAMPLES)
}

const VALID: &str = "\
name: order_update
language: en_US
category: UTILITY
components:
  - type: BODY
    text: \"Hi {{1}}, your order is on its way.\"
    example:
      body_text: [[Ana]]
";

#[test]
fn examples_are_clean_from_the_repository_root() {
    let repo = Test::new().current_dir(REPO);
    let run = wabactl(&repo, &["validate", "examples"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        summary(&run.stdout).ends_with("templates, 0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
    let (code, report) = json(&repo, &["examples"]);
    assert_eq!(code, 0);
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(report["templates"].as_u64().unwrap() >= 12, "{report}");
}

#[test]
fn examples_are_clean_from_the_project_directory() {
    let run = wabactl(&Test::new().current_dir(EXAMPLES), &["validate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        summary(&run.stdout).ends_with("templates, 0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_example_points_at_the_schema() {
    let project = std::fs::read_to_string(examples().join("wabactl.yaml")).unwrap();
    assert!(project.starts_with("# yaml-language-server: $schema=../schemas/config.schema.json\n"));
    let mut count = 0;
    for entry in std::fs::read_dir(examples().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // media/: the header samples
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let schema = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} lacks the schema modeline", path.display()));
        assert!(
            path.parent().unwrap().join(schema).is_file(),
            "{}: {schema} not found",
            path.display()
        );
        count += 1;
    }
    assert!((12..=18).contains(&count), "{count} example files");
}

#[test]
fn a_valid_file_exits_zero_with_a_summary() {
    let dir = project(&[("templates/order_update.yaml", VALID)]);
    let run = wabactl(&dir, &["validate", "templates"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(summary(&run.stdout), "1 template, 0 errors, 0 warnings");
    // Without a path and without a project file, ./templates is read.
    let run = wabactl(&dir, &["validate"]);
    assert_eq!(summary(&run.stdout), "1 template, 0 errors, 0 warnings");
}

#[test]
fn a_broken_rule_exits_one_and_every_message_is_located() {
    let broken = "\
name: Order-Update
language: en-US
category: transactional
components:
  - type: BODY
    text: \"{{1}} your order {{3}} shipped\"
  - type: FOOTER
    text: \"Bye {{1}}\"
";
    let dir = project(&[("broken.yaml", broken), ("ok.yaml", VALID)]);
    let run = wabactl(&dir, &["validate", "broken.yaml", "ok.yaml"]);
    assert_eq!(run.code, 1);
    let lines = headlines(&run.stdout);
    let (_, report) = json(&dir, &["broken.yaml", "ok.yaml"]);
    let total = report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap();
    assert_eq!(lines.len() as u64, total, "{}", run.stdout);
    assert!(total >= 7, "{}", run.stdout);
    for line in &lines {
        let (file, _, _) = located(line);
        assert_eq!(file, "broken.yaml", "{line}");
    }
    assert!(
        run.stdout.contains("broken.yaml:1:7: error[name-format]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("broken.yaml:2:11: error[language-unknown]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `en_US`?"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("use `UTILITY`"), "{}", run.stdout);
    assert_eq!(summary(&run.stdout), "2 templates, 7 errors, 1 warning");
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(7), Some(1))
    );
}

#[test]
fn json_output_has_every_field() {
    let bad = VALID.replace("UTILITY", "MARKETING").replace(
        "language: en_US",
        "language: en_US\nmessage_send_ttl_seconds: 60",
    );
    let dir = project(&[("a.yaml", &bad)]);
    let (code, report) = json(&dir, &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["files"], 1);
    assert_eq!(report["templates"], 1);
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "ttl-range");
    assert_eq!(d["file"], "a.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(27))
    );
    assert_eq!(d["path"], "message_send_ttl_seconds");
    assert!(d["message"].as_str().unwrap().contains("43200"));
    assert!(d["help"].as_str().is_some());
    assert!(d["related"].as_array().unwrap().is_empty());
}

#[test]
fn duplicates_across_files_name_both_places() {
    let dir = project(&[("a.yaml", VALID), ("b.yaml", VALID)]);
    let (code, report) = json(&dir, &["a.yaml", "b.yaml"]);
    assert_eq!(code, 1);
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "duplicate-template")
        .expect("a duplicate finding");
    assert_eq!(d["file"], "b.yaml");
    assert_eq!(d["related"][0]["file"], "a.yaml");
    assert_eq!(d["related"][0]["line"], 1);
    let run = wabactl(&dir, &["validate", "a.yaml", "b.yaml"]);
    assert!(
        run.stdout.contains("first defined here: a.yaml:1:7"),
        "{}",
        run.stdout
    );
}

#[test]
fn several_findings_in_several_files_in_one_run() {
    let dir = project(&[
        (
            "one.yaml",
            &VALID.replace(
                "text: \"Hi {{1}}, your order is on its way.\"",
                "text: \"Hi {{1}}{{2}}\"",
            ),
        ),
        (
            "two.yaml",
            &VALID
                .replace("order_update", "other")
                .replace("UTILITY", "AUTHENTICATION"),
        ),
    ]);
    let (code, report) = json(&dir, &["one.yaml", "two.yaml"]);
    assert_eq!(code, 1);
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (file, rule) in [
        ("one.yaml", "body-adjacent-variables"),
        ("one.yaml", "body-dangling-variable"),
        ("one.yaml", "example-count"),
        ("two.yaml", "auth-body-text"),
        ("two.yaml", "auth-otp-button"),
    ] {
        assert!(
            found.contains(&(file.to_owned(), rule.to_owned())),
            "{rule} in {file}: {found:?}"
        );
    }
}

/// Malformed input never panics and always gets a located message.
#[test]
fn malformed_files_get_located_messages() {
    let cases: [(&str, &str, &str, &str); 8] = [
        (
            "bad_yaml.yaml",
            "name: [unclosed\nlanguage: en\n",
            "yaml-syntax",
            "",
        ),
        (
            "wrong_type.yaml",
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents: {type: BODY}\n",
            "type",
            "",
        ),
        (
            "unknown_key.yaml",
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    txet: Hello there\n",
            "unknown-key",
            "did you mean `text`?",
        ),
        (
            "broken_rule.yaml",
            "name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: FOOTER\n    text: Bye\n",
            "body-missing",
            "",
        ),
        ("empty.yaml", "", "empty-file", ""),
        ("not_a_map.json", "[1, 2, 3]\n", "document-shape", ""),
        (
            "broken.json",
            "{\"name\": \"a\", \"language\": \"en\",,}\n",
            "yaml-syntax",
            "",
        ),
        ("tabs.yaml", "name: a\n\tlanguage: en\n", "yaml-syntax", ""),
    ];
    for (name, text, rule, help) in cases {
        let dir = project(&[(name, text)]);
        let run = wabactl(&dir, &["validate", name]);
        assert!(run.code == 0 || run.code == 1, "{name}: exit {}", run.code);
        let lines = headlines(&run.stdout);
        assert!(!lines.is_empty(), "{name}: no message:\n{}", run.stdout);
        for line in &lines {
            assert_eq!(located(line).0, name, "{line}");
        }
        let (_, report) = json(&dir, &[name]);
        let rules: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&rule),
            "{name}: expected {rule}, got {rules:?}"
        );
        assert!(
            run.stdout.contains(help),
            "{name}: expected help {help:?}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_json_template_is_read_like_yaml() {
    let template = r#"{"name": "order_update", "language": "en_US", "category": "utility",
  "components": [{"type": "body", "text": "Hi {{1}}, your order is on its way.", "example": {"body_text": [["Ana"]]}}]}"#;
    let dir = project(&[("order_update.json", template)]);
    let run = wabactl(&dir, &["validate", "order_update.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(summary(&run.stdout), "1 template, 0 errors, 0 warnings");
    let broken = template.replace("utility", "TRANSACTIONAL");
    let dir = project(&[("order_update.json", &broken)]);
    let run = wabactl(&dir, &["validate", "order_update.json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("order_update.json:1:59: error[category-unknown]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_path_is_an_error_with_a_location() {
    let dir = project(&[]);
    let run = wabactl(&dir, &["validate", "nowhere.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("nowhere.yaml:1:1: error[io]"),
        "{}",
        run.stdout
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = project(&[(
        "a.yaml",
        &VALID.replace(
            "language: en_US",
            "language: en_US\nallow_category_change: true",
        ),
    )]);
    let run = wabactl(&dir, &["validate", "a.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(summary(&run.stdout), "1 template, 0 errors, 1 warning");
    assert!(
        run.stdout
            .contains("a.yaml:3:1: warning[allow-category-change]"),
        "{}",
        run.stdout
    );
}
