//! The committed JSON Schemas must match what the types generate.

use crate::support::{REPO, Test};

#[test]
fn committed_schemas_are_fresh() {
    let output = Test::new()
        .wabactl(["schema", "--check"])
        .current_dir(REPO)
        .any_exit()
        .run();
    assert!(
        output.code == 0,
        "schemas/ is stale: run `cargo run -- schema` and commit the result\n{}",
        output.stderr
    );
}

#[test]
fn check_fails_on_a_stale_schema() {
    let test = Test::new().file("template.schema.json", "{}\n");
    let dir = test.path().to_owned();
    test.wabactl(["schema", "--check", "--dir"])
        .args([&dir])
        .current_dir(REPO)
        .expect_exit(1)
        .stderr_contains("stale schema files")
        .run();
    // --check never writes.
    assert_eq!(test.read("template.schema.json"), "{}\n");
}

#[test]
fn schema_lists_each_enum_value_once_and_refuses_unknown_keys() {
    let text = std::fs::read_to_string(format!("{REPO}/schemas/template.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    // One spelling to complete; other cases are accepted by a pattern (see `editor`).
    assert!(text.contains("\"BODY\"") && !text.contains("\"body\""));
}

#[test]
fn the_project_schema_takes_template_groups_and_refuses_unknown_keys_in_them() {
    let text = std::fs::read_to_string(format!("{REPO}/schemas/config.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let group = serde_json::json!({"description": "Sale", "templates": ["bf_*"]});
    let top = serde_json::json!({"template_groups": {"Black Friday": group}});
    assert!(validator.is_valid(&top));
    let per_account =
        serde_json::json!({"accounts": {"prod": {"template_groups": {"Black Friday": group}}}});
    assert!(validator.is_valid(&per_account));
    let misspelt = serde_json::json!({"template_groups": {"Black Friday": {"template": ["a"]}}});
    assert!(!validator.is_valid(&misspelt));
}
