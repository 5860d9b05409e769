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
    serve(dir, Some(&seed))
}

/// A sandbox with this file's account and phone ids, its state in `dir`, seeded with `seed`.
fn serve(dir: &Path, seed: Option<&Value>) -> Served {
    let state = dir.join("state.json");
    let seed_file = dir.join("seed.json");
    let mut args = vec![
        "--token".to_owned(),
        TOKEN.to_owned(),
        "--waba-id".to_owned(),
        WABA.to_owned(),
        "--phone-number-id".to_owned(),
        PHONE.to_owned(),
        "--state".to_owned(),
        state.display().to_string(),
    ];
    if let Some(seed) = seed {
        std::fs::write(&seed_file, seed.to_string()).unwrap();
        args.extend(["--seed".to_owned(), seed_file.display().to_string()]);
    }
    Served::start(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The sandbox's account as it is now (its debug endpoint needs no token).
fn account_now(sandbox: &Served) -> Value {
    let output = Command::new("curl")
        .args(["-sf", &format!("{}/__sandbox/state", sandbox.base_url)])
        .output()
        .unwrap();
    let state: Value = serde_json::from_slice(&output.stdout).unwrap();
    state["account"].clone()
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
    assert_eq!(
        account_now(&sandbox)["messages_sent"],
        0,
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

/// Where the parameters of each example template are (`NAME.LANGUAGE.yaml`).
fn example_params() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/send_params")
}

/// Every example template, applied to a sandbox, is sent with its parameters file and
/// accepted; one that needs parameters is refused without them, naming each missing key.
#[test]
fn every_example_is_sent_with_its_parameters_and_refused_without() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    for entry in std::fs::read_dir(examples.join("templates")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("templates").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    let sandbox = serve(dir.path(), None);
    let applied = wabactl(dir.path(), &sandbox.base_url)
        .args(["apply", "--auto-approve"])
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let loaded = wabactl::template::load::load_paths(&[dir.path().join("templates")]);
    assert!(loaded.documents.len() >= 15, "{}", loaded.documents.len());
    let mut needing = 0;
    for document in &loaded.documents {
        let (name, language) = (&document.template.name, &document.template.language);
        let described = wabactl(dir.path(), &sandbox.base_url)
            .args(["send", "--describe", name, "--language", language])
            .output()
            .unwrap();
        assert!(
            described.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&described.stderr)
        );
        let description: Value = serde_json::from_slice(&described.stdout).unwrap();
        let required: Vec<String> = description["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| p["key"].as_str().unwrap().to_owned())
            .collect();
        let params = example_params().join(format!("{name}.{language}.yaml"));
        let send = |with_params: bool| {
            let mut command = wabactl(dir.path(), &sandbox.base_url);
            command.args(["send", name, "--language", language, "--to", "+16505551234"]);
            if with_params {
                command.arg("--params").arg(&params);
            }
            command.output().unwrap()
        };
        if params.exists() {
            let sent = send(true);
            let stdout = String::from_utf8_lossy(&sent.stdout);
            assert!(
                sent.status.success() && stdout.contains("message wamid."),
                "{name} ({language}): {stdout}{}",
                String::from_utf8_lossy(&sent.stderr)
            );
        }
        let bare = send(false);
        if required.is_empty() {
            assert!(
                bare.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&bare.stderr)
            );
        } else {
            needing += 1;
            assert!(
                params.exists(),
                "{name} ({language}) needs {required:?}: add {}",
                params.display()
            );
            assert_eq!(bare.status.code(), Some(1), "{name}");
            let stderr = String::from_utf8_lossy(&bare.stderr);
            for key in &required {
                assert!(
                    stderr.contains(&format!("missing parameter `{key}`")),
                    "{name}: {stderr}"
                );
            }
        }
    }
    assert!(needing >= 12, "{needing}");
}

/// `send --describe` lists what an application must send: keys, types and places.
#[test]
fn describe_lists_each_parameter_with_its_type_and_place() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let describe = |name: &str| -> Value {
        let output = wabactl(&examples, "http://127.0.0.1:9")
            .args(["send", "--describe", name, "--language", "en_US"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let cart = describe("cart_reminder");
    assert_eq!(cart["category"], "MARKETING");
    assert_eq!(
        cart["parameters"],
        json!([
            {"key": "header.1", "component": "header", "name": "1", "type": "text", "required": true},
            {"key": "body.1", "component": "body", "name": "1", "type": "text", "required": true},
            {"key": "thumbnail", "component": "button", "button_index": 0, "sub_type": "mpm",
             "name": "thumbnail_product_retailer_id", "type": "thumbnail", "required": true},
            {"key": "sections", "component": "button", "button_index": 0, "sub_type": "mpm",
             "name": "sections", "type": "sections", "required": true},
            {"key": "tap_target", "component": "tap_target_configuration", "name": "tap_target",
             "type": "tap_target", "required": false},
        ])
    );
    let carousel = describe("origins_carousel");
    let keys: Vec<(&str, &str, bool)> = carousel["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap(),
                p["type"].as_str().unwrap(),
                p["required"] == true,
            )
        })
        .collect();
    assert_eq!(keys[0], ("body.1", "text", true));
    assert_eq!(keys[1], ("cards[0].header.image", "image", true));
    assert_eq!(keys[2], ("cards[0].buttons.0", "payload", false));
    assert_eq!(keys[3], ("cards[0].buttons.1", "text", true));
    assert_eq!(
        keys.iter().filter(|k| k.0.starts_with("cards[2].")).count(),
        3
    );
    assert_eq!(carousel["parameters"][1]["card"], 0);
    let featured = describe("featured_bean");
    assert_eq!(featured["parameters"][0]["key"], "product");
    assert_eq!(featured["parameters"][0]["type"], "product");
    assert_eq!(featured["parameters"][0]["component"], "header");
}

/// With the opt-in (wabactl.yaml or `--marketing-messages`), a template that is MARKETING on
/// the account goes to `/marketing_messages`, even when the file still says UTILITY; other
/// templates, and every template without the opt-in, go to `/messages`.
#[test]
fn marketing_templates_are_routed_by_their_category_on_the_account() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    std::fs::write(
        dir.path().join("templates/t.yaml"),
        "name: restock\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Your favourite beans are back in stock.}\n---\nname: shipped\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Your order has shipped.}\n",
    )
    .unwrap();
    // Meta re-categorised `restock` as MARKETING.
    let seed = json!({"data": [
        {"id": "1", "name": "restock", "language": "en_US", "category": "MARKETING",
         "previous_category": "UTILITY", "status": "APPROVED",
         "components": [{"type": "BODY", "text": "Your favourite beans are back in stock."}]},
        {"id": "2", "name": "shipped", "language": "en_US", "category": "UTILITY",
         "status": "APPROVED",
         "components": [{"type": "BODY", "text": "Your order has shipped."}]}
    ]});
    let sandbox = serve(dir.path(), Some(&seed));
    let counts = || -> (u64, u64) {
        let account = account_now(&sandbox);
        (
            account["messages_sent"].as_u64().unwrap(),
            account["marketing_messages_sent"].as_u64().unwrap(),
        )
    };
    let send = |name: &str, extra: &[&str]| {
        let output = wabactl(dir.path(), &sandbox.base_url)
            .args(["send", name, "--to", "+16505551234"])
            .args(extra)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };

    // Without the opt-in: /messages.
    assert!(!send("restock", &[]).contains("Marketing Messages API"));
    assert_eq!(counts(), (1, 0));
    // The flag: the account's category (MARKETING) decides, not the file's (UTILITY).
    let out = send("restock", &["--marketing-messages"]);
    assert!(
        out.contains("sent restock (en_US) to +16505551234 via the Marketing Messages API"),
        "{out}"
    );
    assert_eq!(counts(), (2, 1));
    assert!(!send("shipped", &["--marketing-messages"]).contains("Marketing Messages API"));
    assert_eq!(counts(), (3, 1));
    // The project setting does the same.
    std::fs::write(
        dir.path().join("wabactl.yaml"),
        "templates: [templates]\nsend:\n  marketing_messages: true\n",
    )
    .unwrap();
    assert!(send("restock", &[]).contains("via the Marketing Messages API"));
    assert!(!send("shipped", &[]).contains("Marketing Messages API"));
    assert_eq!(counts(), (5, 2));
}
