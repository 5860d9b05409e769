//! What a CI pipeline relies on: exit codes for usage errors, annotations and SARIF from
//! `validate`, the job summary, paths relative to the repository, and a plan that names the
//! host it read.

use std::path::Path;
use std::process::{Command, Output};

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
fn project(template: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    std::fs::write(dir.path().join("templates/sale.yaml"), template).unwrap();
    dir
}

fn wabactl(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wabactl"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("WABACTL_API_BASE")
        .env_remove("WHATSAPP_BUSINESS_ACCOUNT_ID")
        .env_remove("WHATSAPP_ACCESS_TOKEN")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args);
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    wabactl(dir, args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_usage_error_exits_1_never_the_changes_code() {
    let dir = project(GOOD_TEMPLATE);
    for args in [
        &["plan", "--fromat", "markdown"][..],
        &["plan", "--format", "yaml"],
        &["plna"],
        &["validate", "--no-such-flag"],
        &[],
    ] {
        let output = run(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(!output.stderr.is_empty(), "{args:?} says nothing");
    }
    let typo = run(dir.path(), &["plan", "--fromat", "markdown"]);
    assert!(
        text(&typo.stderr).contains("'--format'"),
        "{}",
        text(&typo.stderr)
    );
    for args in [&["--help"][..], &["plan", "--help"], &["--version"]] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(!output.stdout.is_empty());
    }
}

#[test]
fn validate_writes_github_annotations_with_relative_paths() {
    let dir = project(BAD_TEMPLATE);
    let output = run(dir.path(), &["validate", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
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
        !stdout.contains(&dir.path().display().to_string()),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("1 template, 3 errors, 0 warnings")
    );
}

#[test]
fn github_annotations_escape_what_would_end_a_property() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with a comma and a colon, and a message holding a per cent sign.
    let file = dir.path().join("a,b:c.yaml");
    std::fs::write(&file, BAD_TEMPLATE.replace("Spring-Sale", "50%_off")).unwrap();
    let output = run(
        dir.path(),
        &["validate", "--format", "github", "a,b:c.yaml"],
    );
    let stdout = text(&output.stdout);
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

/// The OASIS SARIF 2.1.0 schema (a copy with its provenance in `tests/fixtures/sarif`).
fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn validate_writes_sarif_that_the_sarif_schema_accepts() {
    let dir = project(BAD_TEMPLATE);
    std::fs::write(
        dir.path().join("templates/twice.yaml"),
        GOOD_TEMPLATE.to_owned() + "---\n" + GOOD_TEMPLATE,
    )
    .unwrap();
    let output = run(dir.path(), &["validate", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

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
    let dir = project(GOOD_TEMPLATE);
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = wabactl(
        dir.path(),
        &[
            "plan",
            "--sandbox=state.json",
            "--step-summary",
            "--exit-code",
        ],
    )
    .env("GITHUB_STEP_SUMMARY", &summary)
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    // The human plan on stdout, the Markdown one appended to the summary.
    assert!(text(&output.stdout).contains("+ spring_sale (en_US)  create"));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n<!-- wabactl-plan -->\n"),
        "{written}"
    );
    assert!(
        written.contains("`templates/sale.yaml:1`") || written.contains("templates/sale.yaml:1")
    );

    // Outside GitHub Actions the flag says so and the plan still runs.
    let output = run(
        dir.path(),
        &["plan", "--sandbox=state.json", "--step-summary"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stderr).contains("GITHUB_STEP_SUMMARY is not set"));
}

#[test]
fn markdown_plans_name_files_relative_to_the_repository() {
    let dir = project(GOOD_TEMPLATE);
    let output = run(
        dir.path(),
        &["plan", "--sandbox=state.json", "--format", "markdown"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let markdown = text(&output.stdout);
    assert!(markdown.contains("templates/sale.yaml:1"), "{markdown}");
    assert!(
        !markdown.contains(&dir.path().display().to_string()),
        "{markdown}"
    );
}

#[test]
fn a_sandbox_plan_says_it_is_not_meta_in_every_format() {
    let dir = project(GOOD_TEMPLATE);
    let human = run(dir.path(), &["plan", "--sandbox=state.json"]);
    let first = text(&human.stdout).lines().next().unwrap().to_owned();
    assert!(
        first.starts_with(
            "Account 102290129340398 (Graph API v25.0) on a local sandbox at http://127.0.0.1:"
        ),
        "{first}"
    );
    assert!(first.ends_with(", not Meta"), "{first}");
    let markdown = text(
        &run(
            dir.path(),
            &["plan", "--sandbox=state.json", "--format", "markdown"],
        )
        .stdout,
    );
    assert!(
        markdown.contains("· a local sandbox at http://127.0.0.1:"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &run(
            dir.path(),
            &["plan", "--sandbox=state.json", "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(json["endpoint"]["kind"], "local");
    assert!(
        json["endpoint"]["api_base"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}

/// A project whose account points `api_base` at a host that is neither Meta nor this machine.
fn project_with_api_base(allow: bool) -> tempfile::TempDir {
    let dir = project(GOOD_TEMPLATE);
    let allow = if allow {
        "    allow_custom_api_base: true\n"
    } else {
        ""
    };
    std::fs::write(
        dir.path().join("wabactl.yaml"),
        format!(
            "templates: [templates]\naccounts:\n  prod:\n    waba_id: \"102290129340398\"\n    \
             api_base: https://templates-proxy.invalid\n{allow}"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn apply_refuses_a_foreign_api_base_without_the_opt_in() {
    let dir = project_with_api_base(false);
    let output = wabactl(dir.path(), &["apply", "--auto-approve"])
        .env("WHATSAPP_ACCESS_TOKEN", "token-that-must-stay-home")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("refusing to apply through api_base https://templates-proxy.invalid"),
        "{stderr}"
    );
    assert!(stderr.contains("allow_custom_api_base: true"), "{stderr}");
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert!(!stderr.contains("token-that-must-stay-home"));

    // With the opt-in the gate lets it through, and it fails only on reaching the host
    // (which does not exist): the refusal above was the gate, not the network.
    let dir = project_with_api_base(true);
    let output = wabactl(dir.path(), &["apply", "--auto-approve"])
        .env("WHATSAPP_ACCESS_TOKEN", "token-that-must-stay-home")
        .env("WABACTL_RETRY_TOTAL", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("refusing to apply"), "{stderr}");
    assert!(stderr.contains("cannot list the templates"), "{stderr}");
}

#[test]
fn apply_reports_every_graph_call_it_made() {
    let dir = project(GOOD_TEMPLATE);
    let report = |args: &[&str]| -> serde_json::Value {
        let output = run(dir.path(), args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let args = [
        "apply",
        "--sandbox=state.json",
        "--auto-approve",
        "--format",
        "json",
    ];
    // One list page, one create.
    assert_eq!(report(&args)["requests"]["count"], 2);
    // Nothing left to do: the list page alone.
    assert_eq!(report(&args)["requests"]["count"], 1);
    let human = run(
        dir.path(),
        &["apply", "--sandbox=state.json", "--auto-approve"],
    );
    assert!(
        text(&human.stdout).contains("Made 1 Graph API request (account usage: "),
        "{}",
        text(&human.stdout)
    );
}
