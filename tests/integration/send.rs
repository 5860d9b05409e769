//! `wabactl send`: the request is built from the declared template, checked, and accepted by
//! the sandbox.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::Served;

const TOKEN: &str = "send-test-token";
const WABA: &str = "102290129340398";
const PHONE: &str = "106540352242922";

const TEMPLATE: &str = "\
name: order_ready
language: en_US
category: UTILITY
parameter_format: NAMED
components:
  - type: BODY
    text: Hi {{first_name}}, order {{order}} is ready for pickup.
    example:
      body_text_named_params:
        - {param_name: first_name, example: Pablo}
        - {param_name: order, example: A-1}
---
name: sample_cpr_template
language: en
category: MARKETING
components:
  - type: BODY
    text: We would like to call you to help support your order.
  - type: call_permission_request
";

fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    std::fs::write(dir.join("templates/t.yaml"), TEMPLATE).unwrap();
}

/// A sandbox seeded with both templates, APPROVED.
fn seeded_sandbox(dir: &Path) -> Served {
    let seed = json!({"data": [
        {"id": "1", "name": "order_ready", "language": "en_US", "category": "UTILITY",
         "status": "APPROVED", "parameter_format": "NAMED",
         "components": [{"type": "BODY", "text": "Hi {{first_name}}, order {{order}} is ready for pickup."}]},
        {"id": "2", "name": "sample_cpr_template", "language": "en", "category": "MARKETING",
         "status": "APPROVED",
         "components": [{"type": "BODY", "text": "We would like to call you to help support your order."},
                        {"type": "CALL_PERMISSION_REQUEST"}]}
    ]});
    let seed_file = dir.join("seed.json");
    std::fs::write(&seed_file, seed.to_string()).unwrap();
    let state = dir.join("state.json");
    Served::start(&[
        "--token",
        TOKEN,
        "--waba-id",
        WABA,
        "--phone-number-id",
        PHONE,
        "--state",
        state.to_str().unwrap(),
        "--seed",
        seed_file.to_str().unwrap(),
    ])
}

fn wabactl(dir: &Path, base_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wabactl"));
    command
        .current_dir(dir)
        .env("WABACTL_API_BASE", base_url)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE)
        .env("NO_COLOR", "1");
    command
}

#[test]
fn named_and_call_permission_templates_are_sent_and_accepted() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let sandbox = seeded_sandbox(dir.path());

    let output = wabactl(dir.path(), &sandbox.base_url)
        .args(["send", "order_ready", "--to", "+16505551234"])
        .args(["-p", "first_name=Jessica", "-p", "order=B-7"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("sent order_ready (en_US) to +16505551234: message wamid."),
        "{stdout}"
    );

    let output = wabactl(dir.path(), &sandbox.base_url)
        .args([
            "send",
            "sample_cpr_template",
            "--language",
            "en",
            "--to",
            "+16505551234",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn dry_run_prints_the_request_body() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let output = wabactl(dir.path(), "http://127.0.0.1:9")
        .args(["send", "order_ready", "--to", "+16505551234", "--dry-run"])
        .args(["-p", "order=B-7", "-p", "first_name=Jessica"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["template"]["name"], "order_ready");
    assert_eq!(
        body["template"]["components"][0]["parameters"],
        json!([
            {"type": "text", "parameter_name": "first_name", "text": "Jessica"},
            {"type": "text", "parameter_name": "order", "text": "B-7"}
        ])
    );
}

#[test]
fn missing_or_unknown_parameters_are_refused_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let sandbox = seeded_sandbox(dir.path());
    let output = wabactl(dir.path(), &sandbox.base_url)
        .args(["send", "order_ready", "--to", "+16505551234"])
        .args(["-p", "first_name=Jessica", "-p", "ordr=B-7"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("missing parameter `body.order`"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown parameter `body.ordr`"), "{stderr}");
    // Nothing reached the account: the sandbox saw no send.
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("state.json")).unwrap())
            .unwrap();
    assert!(
        !state.to_string().contains("wamid."),
        "no message was recorded"
    );
}

#[test]
fn an_undeclared_template_or_language_is_named() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let output = wabactl(dir.path(), "http://127.0.0.1:9")
        .args([
            "send",
            "order_ready",
            "--language",
            "pt_BR",
            "--to",
            "+1",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("no template `order_ready` in language `pt_BR`")
    );
}
