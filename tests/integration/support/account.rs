//! Projects served by a sandbox account through `wabactl sandbox serve`, built the one way
//! the apply tests (and the others that apply) share, and what the account then holds.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Output, Test, template_text};

const WABA_ID: &str = "7770001";

/// A project holding `templates` (see [`write_templates`]), served by a sandbox account
/// started with `extra` flags. Runs back off briefly, which keeps fault runs quick, and try
/// more often, which rides out the fault rate.
pub fn account(templates: &[(String, String)], extra: &[&str]) -> Test {
    sandboxed(Test::new(), templates, extra)
}

/// [`account`] for a `test` that already holds files the sandbox reads (a seed).
pub fn sandboxed(test: Test, templates: &[(String, String)], extra: &[&str]) -> Test {
    let test = test
        .waba_id(WABA_ID)
        .env("WABACTL_RETRY_BASE_DELAY", "0.01")
        .env("WABACTL_RETRY_MAX_DELAY", "0.05")
        .env("WABACTL_RETRY_ATTEMPTS", "10")
        .dir("templates");
    templates
        .iter()
        .fold(test, |test, (name, body)| test.template(name, body))
        .sandbox(extra)
}

/// (name, language) → how many live templates the account holds.
pub fn identities(test: &Test) -> BTreeMap<(String, String), usize> {
    let state = test.served().state();
    let mut seen = BTreeMap::new();
    for t in state["account"]["templates"].as_array().unwrap() {
        let fields = if t.get("fields").is_some() {
            &t["fields"]
        } else {
            t
        };
        // A deleted copy, listed while its name is locked, is not on the account.
        if fields["status"] == "DELETED" {
            continue;
        }
        let key = (
            fields["name"].as_str().unwrap().to_owned(),
            fields["language"].as_str().unwrap().to_owned(),
        );
        *seen.entry(key).or_default() += 1;
    }
    seen
}

/// `templates/` afresh, holding one file per (name, body).
pub fn write_templates(test: &Test, templates: &[(String, String)]) {
    let folder = test.join("templates");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    for (name, body) in templates {
        std::fs::write(
            folder.join(format!("{name}.yaml")),
            template_text(name, body),
        )
        .unwrap();
    }
}

pub fn numbered(prefix: &str, count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            (
                format!("{prefix}_{i:03}"),
                format!("Your parcel number {i} has left our warehouse today."),
            )
        })
        .collect()
}

pub fn with_result<'a>(report: &'a Value, result: &str) -> Vec<&'a Value> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == result)
        .collect()
}

/// Two `apply --auto-approve` runs of `templates` started at once against one account whose
/// every request takes `latency_ms` (keeping both runs inside the same stretch of creates),
/// with no creation quota; the project and the two finished runs.
pub fn racing_applies(templates: &[(String, String)], latency_ms: u32) -> (Test, [Output; 2]) {
    let latency = latency_ms.to_string();
    let test = account(
        templates,
        &["--latency-ms", &latency, "--create-quota", "0"],
    );
    let args = [
        "apply",
        "--auto-approve",
        "--create-quota",
        "0",
        "--format",
        "json",
    ];
    let first = test.wabactl(args).spawn();
    let second = test.wabactl(args).spawn();
    let outputs = [first.wait(), second.wait()];
    (test, outputs)
}
