//! Conformance: `wabactl validate` agrees with every create-body verdict of the reference
//! corpus (`tests/fixtures/meta/EXPECTED.tsv`), and names the expected rule where we have it.

use std::path::Path;

use wabactl::template::rules::table::RULES;

use crate::support::{CORPUS, Test};

/// One `create` row: file, verdict (`valid` / `invalid`), expected rule id (`-` when valid).
fn create_rows() -> Vec<(String, String, String)> {
    let path = Path::new(CORPUS).join("EXPECTED.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(1) == Some(&"create")).then(|| {
                (
                    fields[0].to_owned(),
                    fields[2].to_owned(),
                    fields[3].to_owned(),
                )
            })
        })
        .collect()
}

#[test]
fn every_create_verdict_is_matched() {
    let rows = create_rows();
    assert!(rows.len() >= 30, "only {} create rows", rows.len());
    let mut disagreements = Vec::new();
    let test = Test::new();
    for (file, verdict, rule) in &rows {
        let output = test
            .wabactl(["validate", "--format", "json", file])
            .current_dir(CORPUS)
            .any_exit()
            .run();
        let report: serde_json::Value = serde_json::from_str(&output.stdout)
            .unwrap_or_else(|e| panic!("{file}: not JSON ({e})"));
        let errors: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        let exit = Some(output.code);
        match verdict.as_str() {
            "valid" if !errors.is_empty() || exit != Some(0) => {
                disagreements.push(format!("{file}: expected valid, got {errors:?}"));
            }
            "invalid" if errors.is_empty() || exit != Some(1) => {
                disagreements.push(format!("{file}: expected invalid ({rule}), got no error"));
            }
            "invalid"
                if RULES.iter().any(|r| r.id.as_str() == rule)
                    && !errors.contains(&rule.as_str()) =>
            {
                disagreements.push(format!("{file}: expected {rule}, got {errors:?}"));
            }
            "valid" | "invalid" => {}
            other => disagreements.push(format!("{file}: unknown verdict {other}")),
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn every_expected_rule_id_is_one_of_ours() {
    for (file, verdict, rule) in create_rows() {
        if verdict == "invalid" {
            assert!(
                RULES.iter().any(|r| r.id.as_str() == rule),
                "{file}: `{rule}` is not in the rule table"
            );
        }
    }
}
