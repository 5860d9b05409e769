//! `wabactl send`: the request is built from the declared template, checked, and accepted by
//! the sandbox.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{EXAMPLES, FIXTURES, PHONE_ID, TOKEN, Test, WABA_ID};

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

/// A project declaring both templates.
fn project() -> Test {
    Test::new().project().file("templates/t.yaml", TEMPLATE)
}

/// A project on a sandbox seeded with both templates, APPROVED.
fn seeded_sandbox() -> Test {
    let seed = json!({"data": [
        {"id": "1", "name": "order_ready", "language": "en_US", "category": "UTILITY",
         "status": "APPROVED", "parameter_format": "NAMED",
         "components": [{"type": "BODY", "text": "Hi {{first_name}}, order {{order}} is ready for pickup."}]},
        {"id": "2", "name": "sample_cpr_template", "language": "en", "category": "MARKETING",
         "status": "APPROVED",
         "components": [{"type": "BODY", "text": "We would like to call you to help support your order."},
                        {"type": "CALL_PERMISSION_REQUEST"}]}
    ]});
    serve(project(), Some(&seed))
}

/// `test` on a sandbox seeded with `seed`, sending from the sandbox's phone number.
fn serve(test: Test, seed: Option<&Value>) -> Test {
    let test = match seed {
        Some(seed) => test
            .file("seed.json", seed.to_string())
            .sandbox(&["--seed", "seed.json"]),
        None => test.sandbox(&[]),
    };
    test.env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID)
}

/// `test` pointed at a port nobody listens on: for runs that must not reach an account.
fn offline(test: Test) -> Test {
    test.env("WABACTL_API_BASE", "http://127.0.0.1:9")
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID)
}

/// The sandbox's account as it is now.
fn account_now(test: &Test) -> Value {
    test.served().state()["account"].clone()
}

#[test]
fn named_and_call_permission_templates_are_sent_and_accepted() {
    let test = seeded_sandbox();
    test.wabactl(["send", "order_ready", "--to", "+16505551234"])
        .args(["-p", "first_name=Jessica", "-p", "order=B-7"])
        .stdout_contains("sent order_ready (en_US) to +16505551234: message wamid.")
        .run();
    test.wabactl([
        "send",
        "sample_cpr_template",
        "--language",
        "en",
        "--to",
        "+16505551234",
    ])
    .run();
}

#[test]
fn dry_run_prints_the_request_body() {
    let test = offline(project());
    let body = test
        .wabactl(["send", "order_ready", "--to", "+16505551234", "--dry-run"])
        .args(["-p", "order=B-7", "-p", "first_name=Jessica"])
        .run()
        .json();
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
    let test = seeded_sandbox();
    test.wabactl(["send", "order_ready", "--to", "+16505551234"])
        .args(["-p", "first_name=Jessica", "-p", "ordr=B-7"])
        .expect_exit(1)
        .stderr_contains("missing parameter `body.order`")
        .stderr_contains("unknown parameter `body.ordr`")
        .run();
    // Nothing reached the account: the sandbox saw no send.
    assert_eq!(
        account_now(&test)["messages_sent"],
        0,
        "no message was recorded"
    );
}

#[test]
fn an_undeclared_template_or_language_is_named() {
    offline(project())
        .wabactl([
            "send",
            "order_ready",
            "--language",
            "pt_BR",
            "--to",
            "+1",
            "--dry-run",
        ])
        .expect_exit(1)
        .stderr_contains("no template `order_ready` in language `pt_BR`")
        .run();
}

/// Where the parameters of each example template are (`NAME.LANGUAGE.yaml`).
fn example_params() -> PathBuf {
    Path::new(FIXTURES).join("send_params")
}

/// Every example template, applied to a sandbox, is sent with its parameters file and
/// accepted; one that needs parameters is refused without them, naming each missing key.
#[test]
fn every_example_is_sent_with_its_parameters_and_refused_without() {
    let test = serve(
        Test::new()
            .copy_dir(Path::new(EXAMPLES).join("templates"), "templates")
            .project_file("templates: [templates]\n"),
        None,
    );
    test.wabactl(["apply", "--auto-approve"]).run();

    let loaded = wabactl::template::load::load_paths(&[test.join("templates")]);
    assert!(loaded.documents.len() >= 15, "{}", loaded.documents.len());
    let mut needing = 0;
    for document in &loaded.documents {
        let (name, language) = (&document.template.name, &document.template.language);
        let described = test
            .wabactl(["send", "--describe", name, "--language", language])
            .any_exit()
            .run();
        assert!(described.code == 0, "{name}: {}", described.stderr);
        let description = described.json();
        let required: Vec<String> = description["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| p["key"].as_str().unwrap().to_owned())
            .collect();
        let params = example_params().join(format!("{name}.{language}.yaml"));
        let send = |with_params: bool| {
            let run = test
                .wabactl(["send", name, "--language", language, "--to", "+16505551234"])
                .any_exit();
            let run = if with_params {
                run.args(["--params"]).args([&params])
            } else {
                run
            };
            run.run()
        };
        if params.exists() {
            let sent = send(true);
            assert!(
                sent.code == 0 && sent.stdout.contains("message wamid."),
                "{name} ({language}): {}{}",
                sent.stdout,
                sent.stderr
            );
        }
        let bare = send(false);
        if required.is_empty() {
            assert!(bare.code == 0, "{name}: {}", bare.stderr);
        } else {
            needing += 1;
            assert!(
                params.exists(),
                "{name} ({language}) needs {required:?}: add {}",
                params.display()
            );
            assert_eq!(bare.code, 1, "{name}");
            let stderr = &bare.stderr;
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
    let examples = offline(Test::new().current_dir(EXAMPLES));
    let describe = |name: &str| -> Value {
        examples
            .wabactl(["send", "--describe", name, "--language", "en_US"])
            .run()
            .json()
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
    let test = Test::new().project().file(
        "templates/t.yaml",
        "name: restock\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Your favourite beans are back in stock.}\n---\nname: shipped\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - {type: BODY, text: Your order has shipped.}\n",
    );
    // Meta re-categorised `restock` as MARKETING.
    let seed = json!({"data": [
        {"id": "1", "name": "restock", "language": "en_US", "category": "MARKETING",
         "previous_category": "UTILITY", "status": "APPROVED",
         "components": [{"type": "BODY", "text": "Your favourite beans are back in stock."}]},
        {"id": "2", "name": "shipped", "language": "en_US", "category": "UTILITY",
         "status": "APPROVED",
         "components": [{"type": "BODY", "text": "Your order has shipped."}]}
    ]});
    let test = serve(test, Some(&seed));
    let counts = || -> (u64, u64) {
        let account = account_now(&test);
        (
            account["messages_sent"].as_u64().unwrap(),
            account["marketing_messages_sent"].as_u64().unwrap(),
        )
    };
    let send = |name: &str, extra: &[&str]| {
        test.wabactl(["send", name, "--to", "+16505551234"])
            .args(extra)
            .run()
            .stdout
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
    test.write(
        "wabactl.yaml",
        "templates: [templates]\nsend:\n  marketing_messages: true\n",
    );
    assert!(send("restock", &[]).contains("via the Marketing Messages API"));
    assert!(!send("shipped", &[]).contains("Marketing Messages API"));
    assert_eq!(counts(), (5, 2));
}
