//! The committed JSON Schemas must match what the types generate.

use assert_cmd::Command;

#[test]
fn committed_schemas_are_fresh() {
    let output = Command::cargo_bin("wabactl")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["schema", "--check"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "schemas/ is stale: run `cargo run -- schema` and commit the result\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn check_fails_on_a_stale_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("template.schema.json"), "{}\n").unwrap();
    let output = Command::cargo_bin("wabactl")
        .unwrap()
        .args(["schema", "--check", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("stale schema files"));
    // --check never writes.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("template.schema.json")).unwrap(),
        "{}\n"
    );
}

#[test]
fn schema_accepts_lower_case_enums_and_refuses_unknown_keys() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/template.schema.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    assert!(text.contains("\"body\"") && text.contains("\"BODY\""));
}
