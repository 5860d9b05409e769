//! The fidelity table (`docs/meta-api.md`) against the code: every row well formed, and every
//! endpoint, host, query parameter and JSON key the request builders of `src/graph` use,
//! every field of Meta's shapes that wabactl reads (`src/graph/wire.rs`, Meta's error object,
//! the usage header), every key of the create body (the template schema) and of the send body
//! (`src/send`) listed in it. The checker reads source text; its own test shows it fails on an
//! unlisted edge and on a row without a source.

use std::collections::BTreeSet;

use crate::support::REPO;

const KINDS: [&str; 8] = [
    "host",
    "endpoint",
    "parameter",
    "field",
    "enum",
    "limit",
    "error",
    "behaviour",
];
const CONFIDENCES: [&str; 3] = ["documented", "SDK-observed", "assumed"];

/// One row of the table.
#[derive(Debug, Clone)]
struct Row {
    kind: String,
    item: String,
    confidence: String,
}

/// The rows of the table in `markdown`, or every malformed row.
fn parse_table(markdown: &str) -> Result<Vec<Row>, Vec<String>> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut in_table = false;
    for (number, line) in markdown.lines().enumerate() {
        if line.starts_with("| Kind | Item |") {
            in_table = true;
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let cells = cells(line);
        let at = format!("line {}", number + 1);
        let [kind, item, _where, source, read, confidence, _note] = cells.as_slice() else {
            problems.push(format!("{at}: {} cells, not 7", cells.len()));
            continue;
        };
        if !KINDS.contains(&kind.as_str()) {
            problems.push(format!("{at}: unknown kind `{kind}`"));
        }
        if !CONFIDENCES.contains(&confidence.as_str()) {
            problems.push(format!("{at}: unknown confidence `{confidence}`"));
        }
        if !is_date(read) {
            problems.push(format!("{at}: `{read}` is not a date (YYYY-MM-DD)"));
        }
        let linked = source.starts_with('[') && source.contains("](http");
        if confidence != "assumed" && !linked {
            problems.push(format!("{at}: a {confidence} row needs a source link"));
        }
        rows.push(Row {
            kind: kind.clone(),
            item: item.trim_matches('`').to_owned(),
            confidence: confidence.clone(),
        });
    }
    if rows.is_empty() {
        problems.push("no table found (a `| Kind | Item | ...` header)".to_owned());
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The cells of a table line; `\|` is a `|` inside a cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                out.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// What the code uses, by kind.
#[derive(Debug, Default)]
struct Uses {
    /// Endpoint paths, a variable segment as `{}`.
    paths: BTreeSet<String>,
    hosts: BTreeSet<String>,
    parameters: BTreeSet<String>,
    fields: BTreeSet<String>,
}

impl Uses {
    fn count(&self) -> usize {
        self.paths.len() + self.hosts.len() + self.parameters.len() + self.fields.len()
    }
}

/// Source text without its test module.
fn production(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// What request-building source text (`src/graph`) uses: endpoint paths, hosts, query
/// parameters and JSON keys.
fn builder_uses(text: &str, uses: &mut Uses) {
    let text = production(text);
    for (at, _) in text.match_indices("endpoint(&[") {
        let rest = &text[at + "endpoint(&[".len()..];
        let Some(end) = rest.find("])") else { continue };
        let segments: Vec<String> = rest[..end]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(
                |s| match s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                    Some(literal) => literal.to_owned(),
                    None => "{}".to_owned(),
                },
            )
            .collect();
        uses.paths.insert(format!("/{}", segments.join("/")));
    }
    for (at, _) in text.match_indices("\"https://") {
        let rest = &text[at + 1..];
        let end = rest[8..].find(['"', '/']).map_or(rest.len(), |e| e + 8);
        uses.hosts.insert(rest[..end].to_owned());
    }
    for prefix in ["append_pair(\"", "(\""] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && rest[name.len()..].starts_with("\",") {
                uses.parameters.insert(name);
            }
        }
    }
    json_keys(text, &mut uses.fields);
}

/// Every `"key":` of a text (JSON written in code or comments).
fn json_keys(text: &str, into: &mut BTreeSet<String>) {
    for (at, _) in text.match_indices('"') {
        let rest = &text[at + 1..];
        let key: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !key.is_empty() && rest[key.len()..].starts_with("\":") {
            into.insert(key);
        }
    }
}

/// The wire names of the fields of the structs of `text` (all, or those named in `only`).
fn struct_fields(text: &str, only: Option<&[&str]>, into: &mut BTreeSet<String>) {
    let text = production(text);
    for (at, _) in text.match_indices("pub struct ") {
        let rest = &text[at + "pub struct ".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if only.is_some_and(|names| !names.contains(&name.as_str())) {
            continue;
        }
        let Some(open) = rest.find('{') else { continue };
        let Some(close) = rest[open..].find("\n}") else {
            continue;
        };
        let mut rename: Option<String> = None;
        for line in rest[open..open + close].lines() {
            let line = line.trim();
            if line.starts_with("#[serde(") {
                rename = quoted_after(line, "rename = \"");
                if let Some(alias) = quoted_after(line, "alias = \"") {
                    into.insert(alias);
                }
            } else if let Some(field) = line.strip_prefix("pub ") {
                let ident: String = field
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !ident.is_empty() && field[ident.len()..].starts_with(':') {
                    into.insert(rename.take().unwrap_or(ident));
                }
            }
        }
    }
}

fn quoted_after(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)? + prefix.len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_owned())
}

/// Every property name of a JSON Schema.
fn schema_properties(schema: &serde_json::Value, into: &mut BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                into.extend(properties.keys().cloned());
            }
            map.values().for_each(|v| schema_properties(v, into));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| schema_properties(v, into)),
        _ => {}
    }
}

/// What `uses` names that `rows` do not list.
fn unlisted(rows: &[Row], uses: &Uses) -> Vec<String> {
    let listed = |kinds: &[&str]| -> BTreeSet<&str> {
        rows.iter()
            .filter(|r| kinds.contains(&r.kind.as_str()))
            .map(|r| r.item.as_str())
            .collect()
    };
    let endpoints: Vec<Vec<&str>> = listed(&["endpoint"])
        .into_iter()
        .filter_map(|item| item.split_once(' ').map(|(_, path)| path))
        .map(|path| path.trim_start_matches('/').split('/').collect())
        .collect();
    let matches = |path: &str| {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        endpoints.iter().any(|row| {
            row.len() == segments.len()
                && row
                    .iter()
                    .zip(&segments)
                    .all(|(r, s)| *s == "{}" || r == s || (r.starts_with('{') && r.ends_with('}')))
        })
    };
    let mut missing = Vec::new();
    for path in &uses.paths {
        if !matches(path) {
            missing.push(format!("endpoint {path}"));
        }
    }
    let hosts = listed(&["host"]);
    for host in &uses.hosts {
        if !hosts.contains(host.as_str()) {
            missing.push(format!("host {host}"));
        }
    }
    let parameters = listed(&["parameter"]);
    for parameter in &uses.parameters {
        if !parameters.contains(parameter.as_str()) {
            missing.push(format!("parameter {parameter}"));
        }
    }
    let fields = listed(&["field", "parameter"]);
    for field in &uses.fields {
        if !fields.contains(field.as_str()) {
            missing.push(format!("field {field}"));
        }
    }
    missing
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{REPO}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rust_files(dir: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(format!("{REPO}/{dir}"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    files
}

/// Everything wabactl's code uses, as the checker sees it.
fn code_uses() -> Uses {
    let mut uses = Uses::default();
    for text in rust_files("src/graph") {
        builder_uses(&text, &mut uses);
    }
    struct_fields(&read("src/graph/wire.rs"), None, &mut uses.fields);
    struct_fields(&read("src/graph/error/body.rs"), None, &mut uses.fields);
    struct_fields(&read("src/graph/analytics.rs"), None, &mut uses.fields);
    struct_fields(
        &read("src/graph/usage.rs"),
        Some(&["BusinessUsage"]),
        &mut uses.fields,
    );
    uses.fields.extend(
        wabactl::graph::wire::TEMPLATE_FIELDS
            .split(',')
            .map(str::to_owned),
    );
    let schema: serde_json::Value =
        serde_json::from_str(&read("schemas/template.schema.json")).unwrap();
    schema_properties(&schema, &mut uses.fields);
    for file in ["src/send/mod.rs", "src/send/params.rs"] {
        json_keys(production(&read(file)), &mut uses.fields);
    }
    uses
}

#[test]
#[allow(clippy::disallowed_macros)] // the figures, for `--nocapture`
fn the_table_lists_every_endpoint_and_field_wabactl_uses() {
    let rows = parse_table(&read("docs/meta-api.md")).unwrap_or_else(|problems| {
        panic!("docs/meta-api.md:\n{}", problems.join("\n"));
    });
    let uses = code_uses();
    // The scan finds what the client is known to call, so an empty scan cannot pass.
    for path in [
        "/{}/message_templates",
        "/{}/upsert_message_templates",
        "/{}/unpause",
        "/{}/uploads",
    ] {
        assert!(uses.paths.contains(path), "{path} not found: {uses:?}");
    }
    assert!(uses.fields.contains("rejected_reason") && uses.fields.contains("hsm_ids"));
    let missing = unlisted(&rows, &uses);
    assert!(
        missing.is_empty(),
        "used in the code, not in docs/meta-api.md: {missing:#?}"
    );
    let by = |confidence: &str| rows.iter().filter(|r| r.confidence == confidence).count();
    println!(
        "fidelity table: {} rows ({} documented, {} SDK-observed, {} assumed); {} items of the \
         code checked ({} endpoint paths, {} hosts, {} query parameters, {} fields)",
        rows.len(),
        by("documented"),
        by("SDK-observed"),
        by("assumed"),
        uses.count(),
        uses.paths.len(),
        uses.hosts.len(),
        uses.parameters.len(),
        uses.fields.len()
    );
}

#[test]
fn the_checker_fails_on_an_unlisted_endpoint_field_or_unsourced_row() {
    let table = "| Kind | Item | Where | Source | Read | Confidence | Note |\n\
                 |---|---|---|---|---|---|---|\n\
                 | host | `https://graph.facebook.com` | x | [Meta](https://developers.facebook.com) | 2026-12-06 | documented |  |\n\
                 | endpoint | `POST /{WABA_ID}/message_templates` | x | [Meta](https://developers.facebook.com) | 2026-12-06 | documented |  |\n\
                 | field | `name` | x | [Meta](https://developers.facebook.com) | 2026-12-06 | documented |  |\n";
    let rows = parse_table(table).unwrap();
    // A request builder as the client writes them, with a listed edge and an unlisted one.
    let source = r#"
        let url = self.endpoint(&[waba_id, "message_templates"]);
        let body = serde_json::json!({"name": name});
        let preview = self.endpoint(&[waba_id, "message_template_previews"]);
        url.query_pairs_mut().append_pair("add_security_recommendation", "true");
        let body = serde_json::json!({"name": name, "secret_flag": true});
        #[cfg(test)]
        mod tests { fn t() { c.endpoint(&["1", "ignored_in_tests"]); } }
    "#;
    let mut uses = Uses::default();
    builder_uses(source, &mut uses);
    assert_eq!(
        unlisted(&rows, &uses),
        [
            "endpoint /{}/message_template_previews",
            "parameter add_security_recommendation",
            "field secret_flag",
        ]
    );
    // A field of a wire type the table does not list.
    let mut wire = Uses::default();
    struct_fields(
        "pub struct Answer {\n    pub name: String,\n    #[serde(rename = \"type\")]\n    pub kind: String,\n}\n",
        None,
        &mut wire.fields,
    );
    assert_eq!(unlisted(&rows, &wire), ["field type"]);
    // Rows without a source, with an unknown confidence or a bad date are refused.
    let unsourced = format!(
        "{table}| field | `text` | x | none | 2026-12-06 | documented |  |\n\
         | field | `url` | x | none | 6 Dec | guessed |  |\n"
    );
    let problems = parse_table(&unsourced).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("a documented row needs a source link"));
    // An assumed row may have no source.
    let assumed =
        format!("{table}| field | `deleted_time` | x | none | 2026-12-06 | assumed |  |\n");
    assert_eq!(parse_table(&assumed).unwrap().len(), 4);
}

/// The answers of a sandbox started with `args` to what would show the assumed fields: a
/// template paused, an approved one deleted, the listing with every field and each template.
async fn answers(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut all = vec!["--state", state.to_str().unwrap()];
    all.extend_from_slice(args);
    let served = crate::support::Served::start(&all);
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = &served.base_url;
    let waba = wabactl::sandbox::DEFAULT_WABA_ID;
    let token = wabactl::sandbox::DEFAULT_TOKEN;
    let mut ids = Vec::new();
    for name in ["paused_one", "deleted_one"] {
        let created: serde_json::Value = http
            .post(format!("{base}/v25.0/{waba}/message_templates"))
            .bearer_auth(token)
            .json(
                &serde_json::json!({"name": name, "language": "en_US", "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Your order has shipped."}]}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    http.post(format!("{base}/__sandbox/pause?id={}", ids[0]))
        .send()
        .await
        .unwrap();
    http.delete(format!(
        "{base}/v25.0/{waba}/message_templates?name=deleted_one"
    ))
    .bearer_auth(token)
    .send()
    .await
    .unwrap();
    let mut text = String::new();
    let fields = format!(
        "{},deleted_time,paused_time",
        wabactl::graph::wire::TEMPLATE_FIELDS
    );
    for path in [
        format!("/v25.0/{waba}/message_templates?fields={fields}"),
        format!("/v25.0/{waba}/message_templates"),
        format!("/v25.0/{}", ids[0]),
        format!("/v25.0/{}?fields={fields}", ids[0]),
    ] {
        let answer = http
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        text.push_str(&answer.text().await.unwrap());
    }
    assert!(served.terminate().success());
    text
}

#[tokio::test]
async fn without_assumptions_the_sandbox_sends_no_field_the_table_marks_assumed() {
    let rows = parse_table(&read("docs/meta-api.md")).unwrap();
    let assumed: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == "field" && r.confidence == "assumed")
        .map(|r| format!("\"{}\"", r.item))
        .collect();
    assert!(
        assumed.contains(&"\"paused_time\"".to_owned()),
        "{assumed:?}"
    );
    let plain = answers(&[]).await;
    assert!(plain.contains("paused_one"), "{plain}");
    for field in &assumed {
        assert!(!plain.contains(field.as_str()), "{field} sent: {plain}");
    }
    // With the assumptions on, the behaviour they name is back.
    let assuming = answers(&["--assume", "deleted-listing", "--assume", "paused-time"]).await;
    for field in ["\"deleted_time\"", "\"paused_time\""] {
        assert!(assuming.contains(field), "{field} not sent: {assuming}");
    }
}

#[test]
fn every_assumption_is_in_the_help_and_the_table() {
    let help = crate::support::Test::new()
        .wabactl(["sandbox", "serve", "--help"])
        .run()
        .stdout;
    let table = read("docs/meta-api.md");
    for assumption in wabactl::sandbox::Assumption::ALL {
        let name = assumption.name();
        assert!(help.contains(name), "`{name}` not in --help:\n{help}");
        assert!(
            table.contains(&format!("--assume {name}")) || table.contains(&format!("`{name}`")),
            "`{name}` not in docs/meta-api.md"
        );
    }
}
