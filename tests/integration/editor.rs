//! What an editor gets from `schemas/template.schema.json`: the schema agrees with `validate` on
//! case, names and languages; every key and value is described; and yaml-language-server itself,
//! driven over LSP by `tests/editor/run.sh`, shows that.

use std::process::Command;

use serde_json::Value;

use crate::support::{REPO, Test, isolate};

fn template_schema() -> Value {
    let text = std::fs::read_to_string(format!("{REPO}/schemas/template.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

const MIXED_CASE: &str = "name: order_update\nlanguage: en_US\ncategory: Utility\n\
parameter_format: positional\ncomponents:\n  - type: Header\n    format: text\n    text: Hello\n  \
- type: body\n    text: Your order has shipped.\n  - type: Footer\n    text: Lucky Shrub\n  \
- type: Buttons\n    buttons:\n      - type: quick_reply\n        text: Stop\n      \
- {type: Flow, text: Book, flow_name: book, flow_action: NAVIGATE, icon: review}\n";

#[test]
fn the_schema_and_validate_agree_on_case_names_and_languages() {
    let validator = jsonschema::validator_for(&template_schema()).unwrap();
    let body = "components:\n  - type: BODY\n    text: Hello.\n";
    let cases = [
        (MIXED_CASE.to_owned(), true),
        (
            format!("name: a\nlanguage: en_US\ncategory: UTILITY\n{body}"),
            true,
        ),
        (
            format!("name: Order-Update\nlanguage: en_US\ncategory: UTILITY\n{body}"),
            false,
        ),
        (
            format!("name: a\nlanguage: en-US\ncategory: UTILITY\n{body}"),
            false,
        ),
        (
            format!("name: a\nlanguage: en_us\ncategory: UTILITY\n{body}"),
            false,
        ),
        (
            format!("name: a\nlanguage: en_US\ncategory: retail\n{body}"),
            false,
        ),
        (
            format!(
                "name: a\nlanguage: en_US\ncategory: UTILITY\n{body}  - type: Foter\n    text: x\n"
            ),
            false,
        ),
    ];
    for (text, valid) in cases {
        let document: Value = serde_saphyr::from_str(&text).unwrap();
        let in_schema = validator.is_valid(&document);
        let test = Test::new().file("t.yaml", &text);
        let run = test
            .wabactl(["validate", "--format", "json", "t.yaml"])
            .any_exit()
            .run();
        let in_cli = run.json()["errors"] == 0;
        assert_eq!(
            (in_schema, in_cli),
            (valid, valid),
            "{text}\n{}",
            run.stdout
        );
    }
}

#[test]
fn every_key_and_enum_value_of_the_template_schema_is_described() {
    fn walk(value: &Value, path: &str, enums: &mut usize, missing: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (key, property) in properties {
                        let described = property["description"]
                            .as_str()
                            .is_some_and(|d| !d.is_empty());
                        if !described {
                            missing.push(format!("{path}/properties/{key}"));
                        }
                    }
                }
                // Language codes speak for themselves; every other value says what it means.
                if let Some(Value::Array(values)) = map.get("enum")
                    && !path.ends_with("/language")
                    && !path.ends_with("/languages/items")
                {
                    *enums += 1;
                    let about = map.get("enumDescriptions").and_then(Value::as_array);
                    let complete = about.is_some_and(|about| {
                        about.len() == values.len()
                            && about
                                .iter()
                                .all(|d| d.as_str().is_some_and(|d| !d.is_empty()))
                    });
                    if !complete {
                        missing.push(format!("{path}/enum"));
                    }
                }
                for (key, child) in map {
                    walk(child, &format!("{path}/{key}"), enums, missing);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}/{i}"), enums, missing);
                }
            }
            _ => {}
        }
    }
    let (mut enums, mut missing) = (0, Vec::new());
    walk(&template_schema(), "", &mut enums, &mut missing);
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
    // Component and button kinds, category, header format, OTP type, parameter format, ...
    assert!(enums >= 20, "only {enums} enums found");
}

/// The editor check needs Node.js and npm (it installs yaml-language-server into target/yls);
/// `.ci/run` runs it for real. Here it is skipped, with a note, on a machine without them.
#[test]
// The skip note is for whoever runs the tests: a test may write to its own stderr.
#[allow(clippy::disallowed_macros)]
fn yaml_language_server_agrees_with_validate() {
    let has = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("node") || !has("npm") {
        eprintln!("note: node or npm not found; the yaml-language-server check is skipped");
        return;
    }
    let _heavy = crate::support::one_heavy_test_at_a_time();
    let output = isolate(Command::new("bash").arg(format!("{REPO}/tests/editor/run.sh")))
        .arg(env!("CARGO_BIN_EXE_wabactl"))
        .env("YLS_PREFIX", format!("{REPO}/target/yls"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
