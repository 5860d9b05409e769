//! `wabactl codegen`: the generated TypeScript, Python and Go compile with the languages' own
//! strict checkers, build byte for byte the body `wabactl send --dry-run` prints for every
//! example template and its parameters file, and the sandbox accepts those bodies; callers
//! that leave out a parameter, pass a wrong type or a language the template lacks fail to
//! compile at the caller; a new body variable makes the old caller fail after regenerating, and
//! `codegen --check` fails until then.
//!
//! The generated files are as Prettier, Black and gofmt write them. The compilers and
//! formatters are the real ones, installed by `.ci/run` (TypeScript and Prettier from npm, mypy
//! and Black from PyPI under `target/`, Go from Debian) and found through `WABACTL_TEST_TSC`,
//! `WABACTL_TEST_PRETTIER`, `WABACTL_TEST_MYPY`, `WABACTL_TEST_BLACK` and `WABACTL_TEST_GO`,
//! else where `.ci/run` puts them, else on PATH.
//! Without one a test skips that language with a message; with `CI=true` it fails instead.
//! Each compiler runs once over all the generated code and callers of a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;
use wabactl::codegen::names::{self, Name};
use wabactl::codegen::{self, Field, Input, Model, Value as Kind, Variant};
use wabactl::send::Params;
use wabactl::template::model::Template;

use crate::support::{EXAMPLES, FIXTURES, PHONE_ID, REPO, TOKEN, Test};

const TO: &str = "+16505551234";

// ---------------------------------------------------------------------------------------------
// The compilers

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A tool from `var`, else from where `.ci/run` installs it, else from PATH; `None` (with a
/// message) where it is missing, and a failure when CI=true.
#[allow(clippy::disallowed_macros)] // the skip is said where the test runner shows it
fn tool(var: &str, installed: Option<&str>, name: &str, what: &str) -> Option<PathBuf> {
    let found = std::env::var_os(var)
        .map(PathBuf::from)
        .or_else(|| {
            installed
                .map(|p| Path::new(REPO).join(p))
                .filter(|p| p.is_file())
        })
        .or_else(|| on_path(name));
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} is not installed: .ci/run installs it (or set {var})"
        );
        eprintln!("skipped {what}: not installed (.ci/run installs it, or set {var})");
    }
    found
}

fn tsc() -> Option<PathBuf> {
    tool(
        "WABACTL_TEST_TSC",
        Some("target/ts/node_modules/.bin/tsc"),
        "tsc",
        "TypeScript (tsc)",
    )
}

fn mypy() -> Option<PathBuf> {
    tool(
        "WABACTL_TEST_MYPY",
        Some("target/mypy-venv/bin/mypy"),
        "mypy",
        "mypy",
    )
}

fn prettier() -> Option<PathBuf> {
    tool(
        "WABACTL_TEST_PRETTIER",
        Some("target/ts/node_modules/.bin/prettier"),
        "prettier",
        "Prettier",
    )
}

fn black() -> Option<PathBuf> {
    tool(
        "WABACTL_TEST_BLACK",
        Some("target/mypy-venv/bin/black"),
        "black",
        "Black",
    )
}

fn go() -> Option<PathBuf> {
    tool("WABACTL_TEST_GO", None, "go", "Go")
}

/// The Python beside mypy (its venv's), else python3.
fn python(mypy: &Path) -> PathBuf {
    let beside = mypy.with_file_name("python3");
    if beside.is_file() {
        beside
    } else {
        PathBuf::from("python3")
    }
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn succeeded(output: Output, what: &str) -> String {
    assert!(output.status.success(), "{what} failed:\n{}", text(&output));
    String::from_utf8(output.stdout).unwrap()
}

fn go_command(go: &Path, dir: &Path) -> Command {
    let mut command = Command::new(go);
    let cache = Path::new(REPO).join("target/go-cache");
    command
        .current_dir(dir)
        .env("GOCACHE", &cache)
        .env("GOPATH", cache.join("path"))
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local");
    command
}

// ---------------------------------------------------------------------------------------------
// The examples and what `send --dry-run` builds for them

struct Example {
    name: String,
    language: String,
    params: Params,
    /// `send --dry-run`'s body, as compact JSON.
    expected: String,
}

/// Values of `order_confirmation` that no example's file gives.
const EXTRA_PARAMS: &str = "\
header: {1: CC-10482}
body:
  1: {date_time: {fallback_value: \"February 25, 1977\"}}
  2: {currency: {fallback_value: \"$100.99\", code: USD, amount_1000: 100990}}
buttons: {0: CC-10482}
tap_target: {url: \"https://cobaltcoffee.example/orders/CC-10482\", title: Track your order}
";

struct Examples {
    model: Model,
    examples: Vec<Example>,
}

fn examples() -> &'static Examples {
    static EXAMPLES_: OnceLock<Examples> = OnceLock::new();
    EXAMPLES_.get_or_init(|| {
        let loaded = wabactl::template::load::load_paths(&[Path::new(EXAMPLES).join("templates")]);
        let templates: Vec<Template> = loaded.documents.into_iter().map(|d| d.template).collect();
        let inputs: Vec<Input> = templates
            .iter()
            .map(|template| Input {
                source: "examples",
                template,
            })
            .collect();
        let model = codegen::model(&inputs).unwrap();
        let offline = Test::new().current_dir(EXAMPLES);
        let mut examples = Vec::new();
        // Beside each example's parameters file, the values no example file gives: a
        // date-time, a currency and a tap target.
        let extra = tempfile::tempdir().unwrap();
        let extra_file = extra.path().join("order_confirmation.en_US.yaml");
        std::fs::write(&extra_file, EXTRA_PARAMS).unwrap();
        let cases = templates
            .iter()
            .map(|t| {
                let file = Path::new(FIXTURES)
                    .join("send_params")
                    .join(format!("{}.{}.yaml", t.name, t.language));
                (t, file)
            })
            .chain(
                templates
                    .iter()
                    .filter(|t| t.name == "order_confirmation" && t.language == "en_US")
                    .map(|t| (t, extra_file.clone())),
            );
        for (template, file) in cases {
            let (name, language) = (&template.name, &template.language);
            let mut args = vec![
                "send",
                name,
                "--language",
                language,
                "--to",
                TO,
                "--dry-run",
            ];
            let file_arg = file.display().to_string();
            if file.exists() {
                args.extend(["--params", &file_arg]);
            }
            let body = offline.wabactl(&args).run().json();
            examples.push(Example {
                name: name.clone(),
                language: language.clone(),
                params: if file.exists() {
                    Params::from_file(&file).unwrap()
                } else {
                    Params::default()
                },
                expected: serde_json::to_string(&body).unwrap(),
            });
        }
        assert!(examples.len() >= 19, "{}", examples.len());
        Examples { model, examples }
    })
}

fn variant<'a>(model: &'a Model, example: &Example) -> &'a Variant {
    model
        .templates
        .iter()
        .find(|t| t.name == example.name)
        .and_then(|t| {
            t.variants
                .iter()
                .find(|v| v.languages.contains(&example.language))
        })
        .expect("a variant per example")
}

/// The value the parameters file gives `field` (of card `card`).
fn value_of<'a>(example: &'a Example, card: Option<usize>, field: &Field) -> Option<&'a Value> {
    let key = match card {
        Some(card) => format!("cards[{card}].{}", field.key),
        None => field.key.clone(),
    };
    example.params.get(&key)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Sections with each product item as its retailer id.
fn section_list(value: &Value) -> Vec<(String, Vec<String>)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let items = s["product_items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| text_of(p.get("product_retailer_id").unwrap_or(p)))
                .collect();
            (text_of(&s["title"]), items)
        })
        .collect()
}

fn integer_of(value: &Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| text_of(value).parse().unwrap())
}

/// The bodies the generated code printed, line by line, against `send --dry-run`'s.
fn assert_bodies_match(printed: &str, lang: &str) -> Vec<String> {
    let examples = &examples().examples;
    let lines: Vec<String> = printed.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), examples.len(), "{lang}: {printed}");
    for (line, example) in lines.iter().zip(examples) {
        assert_eq!(
            line, &example.expected,
            "{lang}: {} ({}) differs from send --dry-run",
            example.name, example.language
        );
    }
    lines
}

/// A project with the examples' templates, applied to a sandbox.
fn applied_examples() -> Test {
    let test = Test::new()
        .copy_dir(Path::new(EXAMPLES).join("templates"), "templates")
        .project_file("templates: [templates]\n")
        .sandbox(&[])
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID);
    test.wabactl(["apply", "--auto-approve"]).run();
    test
}

/// Each body posted as it is to the sandbox's `/{PHONE_NUMBER_ID}/messages` is accepted, and
/// that of each MARKETING template also at `/marketing_messages` (the same body).
fn assert_sandbox_accepts(test: &Test, bodies: &[String], lang: &str) {
    let base = format!("{}/v26.0/{PHONE_ID}", test.served().base_url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let post = |edge: &str, body: &str| {
        runtime.block_on(async {
            let answer = client
                .post(format!("{base}/{edge}"))
                .bearer_auth(TOKEN)
                .header("content-type", "application/json")
                .body(body.to_owned())
                .send()
                .await
                .unwrap();
            let status = answer.status().as_u16();
            (status, answer.json::<Value>().await.unwrap())
        })
    };
    let Examples { model, examples } = examples();
    let mut marketing = 0;
    for (body, example) in bodies.iter().zip(examples) {
        let mut edges = vec!["messages"];
        if variant(model, example).category == "MARKETING" {
            edges.push("marketing_messages");
            marketing += 1;
        }
        for edge in edges {
            let (status, answer) = post(edge, body);
            assert!(
                status == 200 && answer["messages"][0]["id"].is_string(),
                "{lang}: the sandbox refused {} ({}) at /{edge}: {status} {answer}",
                example.name,
                example.language
            );
        }
    }
    assert!(marketing >= 5, "{marketing}");
    let account = test.served().state()["account"].clone();
    assert_eq!(account["marketing_messages_sent"], marketing, "{account}");
}

/// The examples' project with code generated for `lang` in `gen/`.
fn generated(test: &Test, lang: &str) -> PathBuf {
    test.wabactl(["codegen", "--lang", lang, "--out", "gen"])
        .stdout_contains("written")
        .run();
    test.join("gen")
}

/// Asserts the compiler's `output` failed, with an error at `file` saying `says`, and none in
/// the generated code or the good callers.
fn assert_fails_at(output: &str, file: &str, says: &str) {
    let at_file: Vec<&str> = output.lines().filter(|l| l.contains(file)).collect();
    assert!(
        at_file.iter().any(|l| l.contains(says))
            || output
                .split(file)
                .skip(1)
                .any(|after| after.lines().take(3).any(|l| l.contains(says))),
        "no error at {file} saying {says:?}:\n{output}"
    );
}

fn assert_clean(output: &str, files: &[&str]) {
    for file in files {
        assert!(
            !output
                .lines()
                .any(|l| l.contains(file) && l.contains("error")),
            "an error in {file}:\n{output}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// TypeScript

fn ts_value(kind: Kind, value: &Value) -> String {
    match kind {
        Kind::Text if value.is_object() => value.to_string(),
        Kind::Text | Kind::String => quoted(&text_of(value)),
        Kind::Integer => integer_of(value).to_string(),
        Kind::Sections => {
            let sections: Vec<String> = section_list(value)
                .into_iter()
                .map(|(title, items)| {
                    format!(
                        "{{ title: {}, product_items: {} }}",
                        quoted(&title),
                        serde_json::to_string(&items).unwrap()
                    )
                })
                .collect();
            format!("[{}]", sections.join(", "))
        }
        _ => value.to_string(),
    }
}

fn ts_object(example: &Example, card: Option<usize>, fields: &[Field]) -> Vec<String> {
    fields
        .iter()
        .filter_map(|f| {
            let value = value_of(example, card, f)?;
            Some(format!("{}: {}", f.name.camel(), ts_value(f.value, value)))
        })
        .collect()
}

fn ts_call(variant: &Variant, example: &Example) -> String {
    let mut args = vec![quoted(TO), quoted(&example.language)];
    if variant.has_params() {
        let mut members = ts_object(example, None, &variant.fields);
        if let Some(cards) = &variant.cards {
            let cards: Vec<String> = cards
                .iter()
                .enumerate()
                .map(|(i, fields)| {
                    format!("{{ {} }}", ts_object(example, Some(i), fields).join(", "))
                })
                .collect();
            members.push(format!("cards: [{}]", cards.join(", ")));
        }
        args.push(format!("{{ {} }}", members.join(", ")));
    }
    format!("t.build{}({})", variant.type_name, args.join(", "))
}

const TS_NEGATIVE: [(&str, &str, &str); 3] = [
    (
        "neg_missing.ts",
        "import * as t from \"./templates\";\nexport const missing = t.buildPickupReady(\"+16505551234\", \"en_US\", {\n  body1: \"Ana\",\n  body2: \"CC-10482\",\n});\n",
        "headerLocation",
    ),
    (
        "neg_wrong_type.ts",
        "import * as t from \"./templates\";\nexport const wrong = t.buildOrderConfirmation(\"+16505551234\", \"en_US\", {\n  header1: \"CC-10482\",\n  body1: 42,\n  body2: \"beans\",\n  button0: \"CC-10482\",\n});\n",
        "not assignable to type 'Text'",
    ),
    (
        "neg_language.ts",
        "import * as t from \"./templates\";\nexport const french = t.buildOrderConfirmation(\"+16505551234\", \"fr\", {\n  header1: \"CC-10482\",\n  body1: \"Ana\",\n  body2: \"beans\",\n  button0: \"CC-10482\",\n});\n",
        "\"fr\"",
    ),
];

fn tsc_run(tsc: &Path, dir: &Path, files: &[&str]) -> Output {
    run(Command::new(tsc)
        .current_dir(dir)
        .args([
            "--strict", "--target", "es2020", "--module", "commonjs", "--outDir", "out",
        ])
        .args(files))
}

#[test]
fn typescript_compiles_strictly_builds_the_send_bodies_and_refuses_bad_callers() {
    let Some(tsc) = tsc() else { return };
    let Examples { model, examples } = examples();
    let test = applied_examples();
    let dir = generated(&test, "typescript");
    if let Some(prettier) = prettier() {
        let checked = run(Command::new(prettier)
            .current_dir(&dir)
            .args(["--check", "templates.ts"]));
        assert!(
            checked.status.success(),
            "Prettier would reformat:\n{}",
            text(&checked)
        );
    }
    let calls: Vec<String> = examples
        .iter()
        .map(|e| format!("  {},\n", ts_call(variant(model, e), e)))
        .collect();
    std::fs::write(
        dir.join("bodies.ts"),
        format!(
            "import * as t from \"./templates\";\nconst bodies: t.SendBody[] = [\n{}];\nfor (const body of bodies) console.log(JSON.stringify(body));\n",
            calls.concat()
        ),
    )
    .unwrap();
    let mut files = vec!["templates.ts", "bodies.ts"];
    for (file, code, _) in TS_NEGATIVE {
        std::fs::write(dir.join(file), code).unwrap();
        files.push(file);
    }
    let compiled = tsc_run(&tsc, &dir, &files);
    let output = text(&compiled);
    assert!(
        !compiled.status.success(),
        "the bad callers compiled:\n{output}"
    );
    assert_clean(&output, &["templates.ts", "bodies.ts"]);
    for (file, _, says) in TS_NEGATIVE {
        assert_fails_at(&output, file, says);
    }
    let printed = succeeded(
        run(Command::new("node").arg(dir.join("out/bodies.js"))),
        "node bodies.js",
    );
    let bodies = assert_bodies_match(&printed, "TypeScript");
    assert_sandbox_accepts(&test, &bodies, "TypeScript");
}

// ---------------------------------------------------------------------------------------------
// Python

fn py_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_literal).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), py_literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `t.CLASS(key=value, ...)` of a map of texts.
fn py_class(class: &str, value: &Value) -> String {
    let args: Vec<String> = value
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k}={}", quoted(&text_of(v))))
        .collect();
    format!("t.{class}({})", args.join(", "))
}

fn py_value(kind: Kind, value: &Value) -> String {
    match kind {
        Kind::Text if value.get("currency").is_some() => {
            let c = &value["currency"];
            format!(
                "t.Currency(fallback_value={}, code={}, amount_1000={})",
                quoted(&text_of(&c["fallback_value"])),
                quoted(&text_of(&c["code"])),
                integer_of(&c["amount_1000"])
            )
        }
        Kind::Text if value.get("date_time").is_some() => py_class("DateTime", &value["date_time"]),
        Kind::Text | Kind::String => quoted(&text_of(value)),
        Kind::Integer => integer_of(value).to_string(),
        Kind::Media if value.is_object() => {
            let class = if value.get("id").is_some() {
                "MediaId"
            } else {
                "MediaLink"
            };
            py_class(class, value)
        }
        Kind::Media => quoted(&text_of(value)),
        Kind::Location => py_class("Location", value),
        Kind::Product => py_class("Product", value),
        Kind::TapTarget => py_class("TapTarget", value),
        Kind::Sections => {
            let sections: Vec<String> = section_list(value)
                .into_iter()
                .map(|(title, items)| {
                    format!(
                        "t.Section(title={}, product_items={})",
                        quoted(&title),
                        serde_json::to_string(&items).unwrap()
                    )
                })
                .collect();
            format!("[{}]", sections.join(", "))
        }
        Kind::Map => py_literal(value),
    }
}

fn py_args(example: &Example, card: Option<usize>, fields: &[Field]) -> Vec<String> {
    fields
        .iter()
        .filter_map(|f| {
            let value = value_of(example, card, f)?;
            Some(format!(
                "{}={}",
                names::python_field(&f.name),
                py_value(f.value, value)
            ))
        })
        .collect()
}

fn py_call(variant: &Variant, example: &Example) -> String {
    let mut args = vec![quoted(TO), quoted(&example.language)];
    if variant.has_params() {
        let mut params = py_args(example, None, &variant.fields);
        if let Some(cards) = &variant.cards {
            let uniform = variant.uniform_cards();
            let cards: Vec<String> = cards
                .iter()
                .enumerate()
                .map(|(i, fields)| {
                    let class = if uniform {
                        format!("{}Card", variant.type_name)
                    } else {
                        format!("{}Card{i}", variant.type_name)
                    };
                    format!(
                        "t.{class}({})",
                        py_args(example, Some(i), fields).join(", ")
                    )
                })
                .collect();
            params.push(format!("cards=({},)", cards.join(", ")));
        }
        args.push(format!(
            "t.{}Params({})",
            variant.type_name,
            params.join(", ")
        ));
    }
    format!("t.build_{}({})", variant.snake_name, args.join(", "))
}

const PY_NEGATIVE: [(&str, &str, &str); 3] = [
    (
        "neg_missing.py",
        "import templates as t\n\nmissing = t.build_pickup_ready(\n    \"+16505551234\",\n    \"en_US\",\n    t.PickupReadyParams(body1=\"Ana\", body2=\"CC-10482\"),\n)\n",
        "Missing named argument \"header_location\"",
    ),
    (
        "neg_wrong_type.py",
        "import templates as t\n\nwrong = t.build_order_confirmation(\n    \"+16505551234\",\n    \"en_US\",\n    t.OrderConfirmationParams(header1=\"CC-10482\", body1=42, body2=\"beans\", button0=\"CC-10482\"),\n)\n",
        "\"body1\" to \"OrderConfirmationParams\" has incompatible type \"int\"",
    ),
    (
        "neg_language.py",
        "import templates as t\n\nfrench = t.build_order_confirmation(\n    \"+16505551234\",\n    \"fr\",\n    t.OrderConfirmationParams(header1=\"CC-10482\", body1=\"Ana\", body2=\"beans\", button0=\"CC-10482\"),\n)\n",
        "\"Literal['fr']\"",
    ),
];

fn mypy_run(mypy: &Path, dir: &Path, files: &[&str]) -> Output {
    run(Command::new(mypy)
        .current_dir(dir)
        .args([
            "--strict",
            "--no-color-output",
            "--cache-dir",
            ".mypy_cache",
        ])
        .args(files))
}

#[test]
fn python_type_checks_strictly_builds_the_send_bodies_and_refuses_bad_callers() {
    let Some(mypy) = mypy() else { return };
    let Examples { model, examples } = examples();
    let test = applied_examples();
    let dir = generated(&test, "python");
    if let Some(black) = black() {
        let checked = run(Command::new(black)
            .current_dir(&dir)
            .args(["--check", "templates.py"]));
        assert!(
            checked.status.success(),
            "Black would reformat:\n{}",
            text(&checked)
        );
    }
    let calls: Vec<String> = examples
        .iter()
        .map(|e| format!("    {},\n", py_call(variant(model, e), e)))
        .collect();
    std::fs::write(
        dir.join("bodies.py"),
        format!(
            "import json\n\nimport templates as t\n\nbodies: list[t.SendBody] = [\n{}]\nfor body in bodies:\n    print(json.dumps(body, ensure_ascii=False, separators=(\",\", \":\")))\n",
            calls.concat()
        ),
    )
    .unwrap();
    let mut files = vec!["templates.py", "bodies.py"];
    for (file, code, _) in PY_NEGATIVE {
        std::fs::write(dir.join(file), code).unwrap();
        files.push(file);
    }
    let checked = mypy_run(&mypy, &dir, &files);
    let output = text(&checked);
    assert!(
        !checked.status.success(),
        "the bad callers passed:\n{output}"
    );
    assert_clean(&output, &["templates.py", "bodies.py"]);
    for (file, _, says) in PY_NEGATIVE {
        assert_fails_at(&output, file, says);
    }
    let printed = succeeded(
        run(Command::new(python(&mypy))
            .current_dir(&dir)
            .env("PYTHONIOENCODING", "utf-8")
            .arg("bodies.py")),
        "python bodies.py",
    );
    let bodies = assert_bodies_match(&printed, "Python");
    assert_sandbox_accepts(&test, &bodies, "Python");
}

// ---------------------------------------------------------------------------------------------
// Go

fn go_literal(value: &Value) -> String {
    match value {
        Value::Null => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(items) => format!(
            "[]any{{{}}}",
            items.iter().map(go_literal).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "map[string]any{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), go_literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `templates.TYPE{Field: "text", ...}` of a map of texts.
fn go_struct(class: &str, value: &Value) -> String {
    let fields: Vec<String> = value
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let field = match k.as_str() {
                "id" => "ID".to_owned(),
                "url" => "URL".to_owned(),
                "catalog_id" => "CatalogID".to_owned(),
                "product_retailer_id" => "ProductRetailerID".to_owned(),
                other => Name::of(other).pascal(),
            };
            format!("{field}: {}", quoted(&text_of(v)))
        })
        .collect();
    format!("templates.{class}{{{}}}", fields.join(", "))
}

fn go_value(field: &Field, value: &Value) -> String {
    let base = match field.value {
        Kind::Text if value.get("currency").is_some() => {
            let c = &value["currency"];
            return format!(
                "templates.Currency{{FallbackValue: {}, Code: {}, Amount1000: {}}}",
                quoted(&text_of(&c["fallback_value"])),
                quoted(&text_of(&c["code"])),
                integer_of(&c["amount_1000"])
            );
        }
        Kind::Text if value.get("date_time").is_some() => {
            return go_struct("DateTime", &value["date_time"]);
        }
        Kind::Text => return format!("templates.Text({})", quoted(&text_of(value))),
        Kind::Map => return go_literal(value),
        Kind::Sections => {
            let sections: Vec<String> = section_list(value)
                .into_iter()
                .map(|(title, items)| {
                    let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
                    format!(
                        "{{Title: {}, ProductItems: []string{{{}}}}}",
                        quoted(&title),
                        items.join(", ")
                    )
                })
                .collect();
            return format!("[]templates.Section{{{}}}", sections.join(", "));
        }
        Kind::String => quoted(&text_of(value)),
        Kind::Integer => format!("int64({})", integer_of(value)),
        Kind::Media if value.is_object() => go_struct("Media", value),
        Kind::Media => {
            let reference = text_of(value);
            let field = if reference.contains("://") {
                "Link"
            } else {
                "ID"
            };
            format!("templates.Media{{{field}: {}}}", quoted(&reference))
        }
        Kind::Location => go_struct("Location", value),
        Kind::Product => go_struct("Product", value),
        Kind::TapTarget => go_struct("TapTarget", value),
    };
    if field.required {
        base
    } else {
        format!("ptr({base})")
    }
}

/// The required values (as arguments) and the optional ones (as `Field: value`).
fn go_values(
    example: &Example,
    card: Option<usize>,
    fields: &[Field],
) -> (Vec<String>, Vec<String>) {
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for field in fields {
        let value = value_of(example, card, field);
        match (field.required, value) {
            (true, Some(value)) => required.push(go_value(field, value)),
            (true, None) => panic!("{}: no value for `{}`", example.name, field.key),
            (false, Some(value)) => optional.push(format!(
                "{}: {}",
                field.name.pascal(),
                go_value(field, value)
            )),
            (false, None) => {}
        }
    }
    (required, optional)
}

fn go_call(variant: &Variant, example: &Example) -> String {
    let name = &variant.type_name;
    let mut args = vec![
        quoted(TO),
        format!("templates.{name}In{}", Name::of(&example.language).pascal()),
    ];
    let (required, optional) = go_values(example, None, &variant.fields);
    args.extend(required);
    if let Some(cards) = &variant.cards {
        let uniform = variant.uniform_cards();
        let built: Vec<String> = cards
            .iter()
            .enumerate()
            .map(|(i, fields)| {
                let class = if uniform {
                    format!("{name}Card")
                } else {
                    format!("{name}Card{i}")
                };
                let (required, optional) = go_values(example, Some(i), fields);
                let made = format!("templates.New{class}({})", required.join(", "));
                if optional.is_empty() {
                    made
                } else {
                    let sets: Vec<String> = optional
                        .iter()
                        .map(|o| {
                            let (field, value) = o.split_once(": ").unwrap();
                            format!("c.{field} = {value}; ")
                        })
                        .collect();
                    format!(
                        "func() templates.{class} {{ c := {made}; {}return c }}()",
                        sets.concat()
                    )
                }
            })
            .collect();
        if uniform {
            args.push(format!(
                "[{}]templates.{name}Card{{{}}}",
                cards.len(),
                built.join(", ")
            ));
        } else {
            args.extend(built);
        }
    }
    if variant.fields.iter().any(|f| !f.required) {
        args.push(format!(
            "templates.{name}Options{{{}}}",
            optional.join(", ")
        ));
    }
    format!("templates.Build{name}({})", args.join(", "))
}

const GO_MODULE: &str = "module example.com/app\n\ngo 1.19\n";

const GO_NEGATIVE: [(&str, &str, &str); 3] = [
    (
        "neg/missing/main.go",
        "package main\n\nimport \"example.com/app/templates\"\n\nfunc main() {\n\t_ = templates.BuildPickupReady(\"+16505551234\", templates.PickupReadyInEnUs, templates.Text(\"Ana\"), templates.Text(\"CC-10482\"))\n}\n",
        "not enough arguments in call to templates.BuildPickupReady",
    ),
    (
        "neg/wrongtype/main.go",
        "package main\n\nimport \"example.com/app/templates\"\n\nfunc main() {\n\t_ = templates.BuildOrderConfirmation(\"+16505551234\", templates.OrderConfirmationInEnUs, templates.Text(\"CC-10482\"), 42, templates.Text(\"beans\"), \"CC-10482\", templates.OrderConfirmationOptions{})\n}\n",
        "cannot use 42",
    ),
    (
        "neg/language/main.go",
        "package main\n\nimport \"example.com/app/templates\"\n\nfunc main() {\n\t_ = templates.BuildOrderConfirmation(\"+16505551234\", templates.OrderConfirmationInFr, templates.Text(\"CC-10482\"), templates.Text(\"Ana\"), templates.Text(\"beans\"), \"CC-10482\", templates.OrderConfirmationOptions{})\n}\n",
        "undefined: templates.OrderConfirmationInFr",
    ),
];

/// A Go module in `dir`: the generated package under `templates/`.
fn go_module(dir: &Path) {
    std::fs::write(dir.join("go.mod"), GO_MODULE).unwrap();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::rename(dir.join("templates.go"), dir.join("templates/templates.go")).unwrap();
}

#[test]
fn go_vets_and_builds_the_send_bodies_and_refuses_bad_callers() {
    let Some(go) = go() else { return };
    let Examples { model, examples } = examples();
    let test = applied_examples();
    let dir = generated(&test, "go");
    let gofmt = go.with_file_name("gofmt");
    let gofmt = if gofmt.is_file() {
        gofmt
    } else {
        PathBuf::from("gofmt")
    };
    let unformatted = succeeded(
        run(Command::new(&gofmt).arg("-l").arg(dir.join("templates.go"))),
        "gofmt -l",
    );
    assert_eq!(unformatted, "", "gofmt would reformat the generated Go");
    go_module(&dir);
    let calls: Vec<String> = examples
        .iter()
        .map(|e| format!("\t\t{},\n", go_call(variant(model, e), e)))
        .collect();
    std::fs::create_dir_all(dir.join("bodies")).unwrap();
    std::fs::write(
        dir.join("bodies/main.go"),
        format!(
            "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/app/templates\"\n)\n\nfunc ptr[T any](v T) *T {{ return &v }}\n\nfunc main() {{\n\tbodies := []templates.SendBody{{\n{}\t}}\n\tfor _, body := range bodies {{\n\t\tout, err := body.JSON()\n\t\tif err != nil {{\n\t\t\tfmt.Fprintln(os.Stderr, err)\n\t\t\tos.Exit(1)\n\t\t}}\n\t\tfmt.Println(string(out))\n\t}}\n}}\n",
            calls.concat()
        ),
    )
    .unwrap();
    for (file, code, _) in GO_NEGATIVE {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, code).unwrap();
    }
    succeeded(
        run(go_command(&go, &dir).args(["vet", "./templates", "./bodies"])),
        "go vet",
    );
    succeeded(
        run(go_command(&go, &dir).args(["build", "-o", "bodies.bin", "./bodies"])),
        "go build",
    );
    let failed = run(go_command(&go, &dir).args(["build", "./neg/..."]));
    let output = text(&failed);
    assert!(
        !failed.status.success(),
        "the bad callers compiled:\n{output}"
    );
    for (file, _, says) in GO_NEGATIVE {
        assert_fails_at(&output, file, says);
    }
    let printed = succeeded(run(&mut Command::new(dir.join("bodies.bin"))), "bodies.bin");
    let bodies = assert_bodies_match(&printed, "Go");
    assert_sandbox_accepts(&test, &bodies, "Go");
}

// ---------------------------------------------------------------------------------------------
// A breaking change, and --check

const PICKUP: &str = "templates/pickup_ready.yaml";

/// A caller of `pickup_ready` as it is in the examples (three parameters).
const TS_CALLER: &str = "import * as t from \"./templates\";\nexport const body = t.buildPickupReady(\"+16505551234\", \"en_US\", {\n  headerLocation: { latitude: \"38.7\", longitude: \"-9.1\" },\n  body1: \"Ana\",\n  body2: \"CC-10482\",\n});\n";
const PY_CALLER: &str = "import templates as t\n\nbody = t.build_pickup_ready(\n    \"+16505551234\",\n    \"en_US\",\n    t.PickupReadyParams(\n        header_location=t.Location(latitude=\"38.7\", longitude=\"-9.1\"),\n        body1=\"Ana\",\n        body2=\"CC-10482\",\n    ),\n)\n";
const GO_CALLER: &str = "package main\n\nimport \"example.com/app/templates\"\n\nfunc main() {\n\t_ = templates.BuildPickupReady(\"+16505551234\", templates.PickupReadyInEnUs, templates.Location{Latitude: \"38.7\", Longitude: \"-9.1\"}, templates.Text(\"Ana\"), templates.Text(\"CC-10482\"), templates.PickupReadyOptions{})\n}\n";

/// Compiles the callers against the code in `gen/`: the compilers' outputs, one per language
/// that is installed.
fn compile_callers(test: &Test) -> Vec<(&'static str, Output)> {
    let gen_dir = test.join("gen");
    let mut outputs = Vec::new();
    if let Some(tsc) = tsc() {
        std::fs::write(gen_dir.join("caller.ts"), TS_CALLER).unwrap();
        outputs.push((
            "caller.ts",
            tsc_run(&tsc, &gen_dir, &["templates.ts", "caller.ts"]),
        ));
    }
    if let Some(mypy) = mypy() {
        std::fs::write(gen_dir.join("caller.py"), PY_CALLER).unwrap();
        outputs.push((
            "caller.py",
            mypy_run(&mypy, &gen_dir, &["templates.py", "caller.py"]),
        ));
    }
    if let Some(go) = go() {
        let module = test.join("gomod");
        std::fs::create_dir_all(module.join("templates")).unwrap();
        std::fs::create_dir_all(module.join("caller")).unwrap();
        std::fs::write(module.join("go.mod"), GO_MODULE).unwrap();
        std::fs::copy(
            gen_dir.join("templates.go"),
            module.join("templates/templates.go"),
        )
        .unwrap();
        std::fs::write(module.join("caller/main.go"), GO_CALLER).unwrap();
        outputs.push((
            "caller/main.go",
            run(go_command(&go, &module).args(["vet", "./templates", "./caller"])),
        ));
    }
    outputs
}

#[test]
fn a_new_body_variable_fails_the_check_and_the_old_callers_no_longer_compile() {
    let test = applied_examples();
    let all = [
        "codegen",
        "--lang",
        "typescript,python,go,jsonschema",
        "--out",
        "gen",
    ];
    test.wabactl(all).run();
    let check = [
        "codegen",
        "--check",
        "--lang",
        "typescript,python,go,jsonschema",
        "--out",
        "gen",
    ];
    test.wabactl(check).stdout_contains("up to date").run();
    for (caller, output) in compile_callers(&test) {
        assert!(
            output.status.success(),
            "{caller} did not compile before the change:\n{}",
            text(&output)
        );
    }

    // The plan's "breaks senders": a body variable more.
    let before = test.read(PICKUP);
    let after = before
        .replace("is ready for pickup", "is ready for pickup at {{3}}")
        .replace(
            "[[\"Ana\", \"CC-10482\"]]",
            "[[\"Ana\", \"CC-10482\", \"Lisboa\"]]",
        );
    assert_ne!(before, after);
    test.write(PICKUP, &after);
    test.wabactl(["plan"])
        .stdout_contains("breaks senders")
        .stdout_contains("pickup_ready")
        .run();
    let stale = test.wabactl(check).expect_exit(1).run();
    for lang in [
        "templates.ts",
        "templates.py",
        "templates.go",
        "templates.schema.json",
    ] {
        assert!(
            stale
                .stderr
                .contains(&format!("{lang} (signatures changed: pickup_ready)")),
            "{}",
            stale.stderr
        );
    }
    test.wabactl(all).run();
    test.wabactl(check).stdout_contains("up to date").run();
    // An edit that changes no signature leaves the code up to date.
    let reworded = after.replace("is ready for pickup at", "can be picked up at");
    assert_ne!(after, reworded);
    test.write(PICKUP, &reworded);
    test.wabactl(check).stdout_contains("up to date").run();
    let says = [
        ("caller.ts", "body3"),
        ("caller.py", "Missing named argument \"body3\""),
        (
            "caller/main.go",
            "not enough arguments in call to templates.BuildPickupReady",
        ),
    ];
    for (caller, output) in compile_callers(&test) {
        let output_text = text(&output);
        assert!(
            !output.status.success(),
            "{caller} still compiles:\n{output_text}"
        );
        let (_, expected) = says.iter().find(|(c, _)| *c == caller).unwrap();
        assert_fails_at(&output_text, caller, expected);
    }
}

#[test]
fn generated_code_is_deterministic_and_names_its_sources_and_digest() {
    let test = Test::new()
        .copy_dir(Path::new(EXAMPLES).join("templates"), "templates")
        .project_file("templates: [templates]\n");
    let langs = "typescript,python,go,jsonschema";
    test.wabactl(["codegen", "--lang", langs, "--out", "a"])
        .run();
    test.wabactl(["codegen", "--lang", langs, "--out", "b"])
        .run();
    for file in [
        "templates.ts",
        "templates.py",
        "templates.go",
        "templates.schema.json",
    ] {
        let a = test.read(format!("a/{file}"));
        assert_eq!(a, test.read(format!("b/{file}")), "{file}");
        assert!(a.contains("templates/pickup_ready.yaml"), "{file}");
        assert!(a.contains("Signatures: sha256:"), "{file}");
        assert!(a.contains("wabactl:signature origins_carousel "), "{file}");
    }
    test.wabactl(["codegen", "--check", "--lang", "go", "--out", "nowhere"])
        .expect_exit(1)
        .stderr_contains("nowhere/templates.go (missing)")
        .run();
    let go = test.read("a/templates.go");
    assert!(
        go.starts_with("// Code generated by wabactl codegen"),
        "{go}"
    );
    assert!(go.lines().next().unwrap().ends_with("DO NOT EDIT."));
    // The JSON Schema is a schema, and takes the parameters a send of the examples needs.
    let schema: Value = serde_json::from_str(&test.read("a/templates.schema.json")).unwrap();
    let params = &schema["$defs"]["PickupReadyParams"];
    assert_eq!(
        params["required"],
        serde_json::json!(["header_location", "body1", "body2"])
    );
    let validator = jsonschema::options()
        .build(&serde_json::json!({"$defs": schema["$defs"], "$ref": "#/$defs/PickupReadyParams"}))
        .unwrap();
    let good = serde_json::json!({"header_location": {"latitude": "1", "longitude": "2"}, "body1": "Ana", "body2": "X"});
    assert!(validator.is_valid(&good));
    assert!(!validator.is_valid(&serde_json::json!({"body1": "Ana", "body2": "X"})));
}

#[test]
fn a_template_that_breaks_metas_rules_is_named_and_nothing_is_written() {
    let test = Test::new().project().file(
        "templates/bad.yaml",
        "name: Bad-Name\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}\n",
    );
    test.wabactl(["codegen", "--lang", "go", "--out", "gen"])
        .expect_exit(1)
        .stderr_contains("fix them first (wabactl validate)")
        .run();
    assert!(!test.join("gen/templates.go").exists());
}

/// One name whose languages differ: `en_US` and `es` share a signature, `pt_BR` has a variable
/// more.
const SPLIT: &str = "\
name: order
language: en_US
category: UTILITY
components:
  - {type: BODY, text: 'Hi {{1}}, order {{2}}.', example: {body_text: [[A, B]]}}
---
name: order
language: pt_BR
category: UTILITY
components:
  - {type: BODY, text: 'Oi {{1}}, pedido {{2}} chega {{3}}.', example: {body_text: [[A, B, C]]}}
---
name: order
language: es
category: UTILITY
components:
  - {type: BODY, text: 'Hola {{1}}, pedido {{2}}.', example: {body_text: [[A, B]]}}
";

#[test]
fn languages_whose_signatures_differ_get_a_type_each_that_compiles() {
    let test = Test::new().project().file("templates/order.yaml", SPLIT);
    test.wabactl(["codegen", "--lang", "typescript,python,go", "--out", "gen"])
        .run();
    let dir = test.join("gen");
    if let Some(tsc) = tsc() {
        std::fs::write(
            dir.join("caller.ts"),
            "import * as t from \"./templates\";\nexport const es = t.buildOrderEnUs(\"+16505551234\", \"es\", { body1: \"A\", body2: \"B\" });\nexport const pt = t.buildOrderPtBr(\"+16505551234\", \"pt_BR\", { body1: \"A\", body2: \"B\", body3: \"C\" });\nexport const wrong = t.buildOrderEnUs(\"+16505551234\", \"pt_BR\", { body1: \"A\", body2: \"B\" });\n",
        )
        .unwrap();
        // The compiler's default target: the code needs nothing newer.
        let output = run(Command::new(tsc).current_dir(&dir).args([
            "--strict",
            "--noEmit",
            "templates.ts",
            "caller.ts",
        ]));
        let output = text(&output);
        assert_clean(&output, &["templates.ts"]);
        assert_fails_at(&output, "caller.ts(4,", "\"pt_BR\"");
        assert_eq!(output.matches("error").count(), 1, "{output}");
    }
    if let Some(mypy) = mypy() {
        std::fs::write(
            dir.join("caller.py"),
            "import templates as t\n\nes = t.build_order_en_us(\"+16505551234\", \"es\", t.OrderEnUsParams(body1=\"A\", body2=\"B\"))\npt = t.build_order_pt_br(\n    \"+16505551234\", \"pt_BR\", t.OrderPtBrParams(body1=\"A\", body2=\"B\", body3=\"C\")\n)\n",
        )
        .unwrap();
        succeeded(
            mypy_run(&mypy, &dir, &["templates.py", "caller.py"]),
            "mypy",
        );
        if let Some(black) = black() {
            succeeded(
                run(Command::new(black)
                    .current_dir(&dir)
                    .args(["--check", "templates.py"])),
                "black --check",
            );
        }
    }
    if let Some(go) = go() {
        go_module(&dir);
        std::fs::create_dir_all(dir.join("caller")).unwrap();
        std::fs::write(
            dir.join("caller/main.go"),
            "package main\n\nimport \"example.com/app/templates\"\n\nfunc main() {\n\t_ = templates.BuildOrderEnUs(\"+16505551234\", templates.OrderEnUsInEs, templates.Text(\"A\"), templates.Text(\"B\"), templates.OrderEnUsOptions{})\n\t_ = templates.BuildOrderPtBr(\"+16505551234\", templates.OrderPtBrInPtBr, templates.Text(\"A\"), templates.Text(\"B\"), templates.Text(\"C\"), templates.OrderPtBrOptions{})\n}\n",
        )
        .unwrap();
        succeeded(
            run(go_command(&go, &dir).args(["vet", "./templates", "./caller"])),
            "go vet",
        );
    }
}
