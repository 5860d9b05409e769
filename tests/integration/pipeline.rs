//! What a CI pipeline relies on: exit codes for usage errors, annotations and SARIF from
//! `validate`, the job summary, paths relative to the repository, and a plan that names the
//! host it read.

use crate::support::{FIXTURES, Test};

const BAD_TEMPLATE: &str = "\
name: Spring-Sale
language: en_US
category: MARKETING
components:
  - type: BODY
    text: \"50% off, today: {{1}}\"
";

const GOOD_TEMPLATE: &str = "\
name: spring_sale
language: en_US
category: MARKETING
components:
  - type: BODY
    text: Spring is here.
";

/// A project in a temporary directory: `wabactl.yaml` and one template file.
fn project(template: &str) -> Test {
    Test::new().project().file("templates/sale.yaml", template)
}

#[test]
fn a_usage_error_exits_1_never_the_changes_code() {
    let test = project(GOOD_TEMPLATE);
    for args in [
        &["plan", "--fromat", "markdown"][..],
        &["plan", "--format", "yaml"],
        &["plna"],
        &["validate", "--no-such-flag"],
        &[],
    ] {
        let output = test.wabactl(args).expect_exit(1).run();
        assert!(!output.stderr.is_empty(), "{args:?} says nothing");
    }
    test.wabactl(["plan", "--fromat", "markdown"])
        .expect_exit(1)
        .stderr_contains("'--format'")
        .run();
    for args in [&["--help"][..], &["plan", "--help"], &["--version"]] {
        let output = test.wabactl(args).run();
        assert!(!output.stdout.is_empty());
    }
}

#[test]
fn validate_writes_github_annotations_with_relative_paths() {
    let test = project(BAD_TEMPLATE);
    let stdout = test
        .wabactl(["validate", "--format", "github"])
        .expect_exit(1)
        .run()
        .stdout;
    let name = stdout
        .lines()
        .find(|l| l.contains("title=name-format"))
        .unwrap_or_else(|| panic!("no name-format annotation in:\n{stdout}"));
    assert!(
        name.starts_with("::error file=templates/sale.yaml,line=1,col=7,title=name-format::"),
        "{name}"
    );
    // The help follows on an escaped new line.
    assert!(name.contains("%0Ahelp: "), "{name}");
    assert!(
        !stdout.contains(&test.path().display().to_string()),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("1 template, 3 errors, 0 warnings")
    );
}

#[test]
fn github_annotations_escape_what_would_end_a_property() {
    // A file name with a comma and a colon, and a message holding a per cent sign.
    let test = Test::new().file("a,b:c.yaml", BAD_TEMPLATE.replace("Spring-Sale", "50%_off"));
    let stdout = test
        .wabactl(["validate", "--format", "github", "a,b:c.yaml"])
        .any_exit()
        .run()
        .stdout;
    let line = stdout
        .lines()
        .find(|l| l.contains("title=name-format"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac.yaml,line=1,"),
        "{line}"
    );
    assert!(line.contains("`50%25_off`"), "{line}");
}

#[test]
fn findings_past_the_limits_are_counted_in_every_format() {
    // 300 copies of one template: 299 duplicates, 200 listed.
    let many = vec![GOOD_TEMPLATE; 300].join("---\n");
    let test = project(GOOD_TEMPLATE).file("templates/sale.yaml", many);
    let log = test
        .wabactl(["validate", "--format", "sarif"])
        .expect_exit(1)
        .run()
        .json();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 200);
    let note = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("99 more findings not shown"),
        "{note}"
    );
    let github = test
        .wabactl(["validate", "--format", "github"])
        .expect_exit(1)
        .run()
        .stdout;
    assert!(
        github.contains("\n::warning::99 more findings not shown"),
        "{github}"
    );
    assert!(github.ends_with("300 templates, 299 errors, 0 warnings\n"));
}

/// The OASIS SARIF 2.1.0 schema (a copy with its provenance in `tests/fixtures/sarif`).
fn sarif_validator() -> jsonschema::Validator {
    let path = format!("{FIXTURES}/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn validate_writes_sarif_that_the_sarif_schema_accepts() {
    let test = project(BAD_TEMPLATE).file(
        "templates/twice.yaml",
        GOOD_TEMPLATE.to_owned() + "---\n" + GOOD_TEMPLATE,
    );
    let log = test
        .wabactl(["validate", "--format", "sarif"])
        .expect_exit(1)
        .run()
        .json();

    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");

    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let name = results
        .iter()
        .find(|r| r["ruleId"] == "name-format")
        .expect("a name-format result");
    assert_eq!(name["level"], "error");
    let region = &name["locations"][0]["physicalLocation"];
    assert_eq!(region["artifactLocation"]["uri"], "templates/sale.yaml");
    assert_eq!(region["region"]["startLine"], 1);
    assert_eq!(region["region"]["startColumn"], 7);
    let index = name["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "name-format");
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-template")
        .expect("a duplicate-template result");
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "templates/twice.yaml"
    );
}

#[test]
fn the_sarif_schema_check_fails_on_a_broken_log() {
    // The schema check above can fail: a log without `version` is refused.
    let validator = sarif_validator();
    assert!(!validator.is_valid(&serde_json::json!({ "runs": [] })));
}

#[test]
fn plan_adds_the_markdown_plan_to_the_job_summary() {
    let test = project(GOOD_TEMPLATE).file("summary.md", "earlier step\n");
    let summary = test.join("summary.md");
    test.wabactl([
        "plan",
        "--sandbox=state.json",
        "--step-summary",
        "--exit-code",
    ])
    .env("GITHUB_STEP_SUMMARY", &summary)
    .expect_exit(2)
    // The human plan on stdout, the Markdown one appended to the summary.
    .stdout_contains("+ spring_sale (en_US)  create")
    .run();
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n<!-- wabactl-plan accounts=102290129340398 -->\n"),
        "{written}"
    );
    assert!(
        written.contains("`templates/sale.yaml:1`") || written.contains("templates/sale.yaml:1")
    );

    // Outside GitHub Actions the flag says so and the plan still runs.
    test.wabactl(["plan", "--sandbox=state.json", "--step-summary"])
        .stderr_contains("GITHUB_STEP_SUMMARY is not set")
        .run();
}

#[test]
fn markdown_plans_name_files_relative_to_the_repository() {
    let test = project(GOOD_TEMPLATE);
    let markdown = test
        .wabactl(["plan", "--sandbox=state.json", "--format", "markdown"])
        .run()
        .stdout;
    assert!(markdown.contains("templates/sale.yaml:1"), "{markdown}");
    assert!(
        !markdown.contains(&test.path().display().to_string()),
        "{markdown}"
    );
}

#[test]
fn a_sandbox_plan_says_it_is_not_meta_in_every_format() {
    let test = project(GOOD_TEMPLATE);
    let human = test
        .wabactl(["plan", "--sandbox=state.json"])
        .any_exit()
        .run();
    let first = human.stdout.lines().next().unwrap().to_owned();
    assert!(
        first.starts_with(
            "Account 102290129340398 · Graph API v26.0 · local sandbox at http://127.0.0.1:"
        ),
        "{first}"
    );
    assert!(first.ends_with(", not Meta"), "{first}");
    let markdown = test
        .wabactl(["plan", "--sandbox=state.json", "--format", "markdown"])
        .any_exit()
        .run()
        .stdout;
    assert!(
        markdown.contains("· local sandbox at http://127.0.0.1:"),
        "{markdown}"
    );
    let json = test
        .wabactl(["plan", "--sandbox=state.json", "--format", "json"])
        .any_exit()
        .run()
        .json();
    assert_eq!(json["endpoint"]["kind"], "local");
    assert!(
        json["endpoint"]["api_base"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}

/// A project whose account points `api_base` at a host that is neither Meta nor this machine.
fn project_with_api_base(allow: bool) -> Test {
    let allow = if allow {
        "    allow_custom_api_base: true\n"
    } else {
        ""
    };
    project(GOOD_TEMPLATE).project_file(&format!(
        "templates: [templates]\naccounts:\n  prod:\n    waba_id: \"102290129340398\"\n    \
         api_base: https://templates-proxy.invalid\n{allow}"
    ))
}

#[test]
fn apply_refuses_a_foreign_api_base_without_the_opt_in() {
    let test = project_with_api_base(false);
    let stderr = test
        .wabactl(["apply", "--auto-approve"])
        .env("WHATSAPP_ACCESS_TOKEN", "token-that-must-stay-home")
        .expect_exit(1)
        .run()
        .stderr;
    assert!(
        stderr.contains("refusing to apply through api_base https://templates-proxy.invalid"),
        "{stderr}"
    );
    assert!(stderr.contains("allow_custom_api_base: true"), "{stderr}");
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert!(!stderr.contains("token-that-must-stay-home"));

    // With the opt-in the gate lets it through, and it fails only on reaching the host
    // (which does not exist): the refusal above was the gate, not the network.
    let test = project_with_api_base(true);
    let stderr = test
        .wabactl(["apply", "--auto-approve"])
        .env("WHATSAPP_ACCESS_TOKEN", "token-that-must-stay-home")
        .env("WABACTL_RETRY_TOTAL", "1")
        .expect_exit(1)
        .run()
        .stderr;
    assert!(!stderr.contains("refusing to apply"), "{stderr}");
    assert!(stderr.contains("cannot list the templates"), "{stderr}");
}

#[test]
fn apply_reports_every_graph_call_it_made() {
    let test = project(GOOD_TEMPLATE);
    let args = [
        "apply",
        "--sandbox=state.json",
        "--auto-approve",
        "--format",
        "json",
    ];
    // One list page, one create.
    assert_eq!(test.wabactl(args).run().json()["requests"]["count"], 2);
    // Nothing left to do: the list page alone.
    assert_eq!(test.wabactl(args).run().json()["requests"]["count"], 1);
    test.wabactl(["apply", "--sandbox=state.json", "--auto-approve"])
        .stdout_contains("Made 1 Graph API request (account usage: ")
        .run();
}
