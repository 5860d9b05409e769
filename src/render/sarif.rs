//! Findings as SARIF 2.1.0, the format of GitHub code scanning and most static-analysis
//! dashboards. One run, the rule table as the tool's rules, one result per finding.

use serde_json::{Value, json};

use crate::template::diagnostic::{Diagnostic, Location, Severity};
use crate::template::rules::table::RULES;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for one `validate` run. `not_shown` says how many findings past the limits
/// were counted but not listed, as a notification of the run.
pub fn sarif(diagnostics: &[Diagnostic], not_shown: Option<String>) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics.iter().map(result).collect();
    let mut driver = json!({
        "name": "wabactl",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if !env!("CARGO_PKG_REPOSITORY").is_empty() {
        driver["informationUri"] = json!(env!("CARGO_PKG_REPOSITORY"));
    }
    let mut run = json!({
        "tool": { "driver": driver },
        // Columns count characters, as in every other output of `validate`.
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(text) = not_shown {
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": [{ "level": "warning", "message": { "text": text } }],
        }]);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_string_pretty(&log).expect("plain JSON")
}

fn result(d: &Diagnostic) -> Value {
    let mut text = super::diagnostics::message(d).into_owned();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(&d.location, None)],
    });
    if let Some(index) = RULES.iter().position(|rule| rule.id == d.rule) {
        result["ruleIndex"] = json!(index);
    }
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(id, (location_, label))| location(location_, Some((id, label))))
            .collect();
    }
    result
}

fn location(at: &Location, related: Option<(usize, &String)>) -> Value {
    let mut value = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&at.file.path) },
            "region": { "startLine": at.span.line, "startColumn": at.span.column },
        }
    });
    if let Some((id, label)) = related {
        value["id"] = json!(id);
        value["message"] = json!({ "text": label });
    }
    value
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path stays relative (code scanning resolves it against the repository root);
/// an absolute one becomes a `file://` URI. Characters outside RFC 3986's unreserved set and
/// `/` are percent-encoded.
fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(byte as char);
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    if path.is_absolute() {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            uri(std::path::Path::new("templates/año 1.yaml")),
            "templates/a%C3%B1o%201.yaml"
        );
        assert_eq!(
            uri(std::path::Path::new("/tmp/x.yaml")),
            "file:///tmp/x.yaml"
        );
    }
}
