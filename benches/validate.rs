//! Benchmark: `validate` on 6,000 template documents (an account's maximum) against a bare
//! parse of the same files with the YAML crate alone.
//!
//! Then hostile inputs, each of which once took seconds to minutes: a mapping of 100,000
//! keys, 10,000 findings (1,000 kept) written for people and as JSON, an alias bomb, and a finding past
//! column 65,535.
//!
//! Run with `cargo bench --bench validate`. Prints the median of several runs of each.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use wabactl::render::diagnostics::{Findings, human, json};
use wabactl::template::diagnostic::SourceFile;
use wabactl::template::load::{Loaded, load_source};
use wabactl::template::rule_id::RuleId;

const TEMPLATE_NAMES: usize = 3_000;
const LANGUAGES: [&str; 2] = ["en_US", "pt_BR"];
const RUNS: usize = 7;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = generate(dir.path());
    let paths = vec![dir.path().to_path_buf()];

    let bare = median(|| bare_parse(&files));
    let full = median(|| {
        let set = wabactl::template::read::read(&paths);
        assert_eq!(set.documents, TEMPLATE_NAMES * LANGUAGES.len());
        assert_eq!(set.error_count(), 0);
    });
    println!(
        "documents: {}, files: {}",
        TEMPLATE_NAMES * LANGUAGES.len(),
        files.len()
    );
    println!(
        "bare parse (serde-saphyr into a generic value): {:>7.1} ms",
        ms(bare)
    );
    println!(
        "validate (load with spans + typed model + rules): {:>7.1} ms",
        ms(full)
    );
    println!("ratio: {:.2}x", full.as_secs_f64() / bare.as_secs_f64());
    hostile();
}

/// Inputs a pull request could carry to slow wabactl down: each must stay linear.
fn hostile() {
    let keys: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
    let keys = format!("name: a\n{keys}");
    let time = median(|| {
        let loaded = load("keys.yaml", &keys);
        assert_eq!(loaded.diagnostics[0].rule, RuleId::UnknownKey);
    });
    println!("mapping of 100,000 keys, loaded: {:>7.1} ms", ms(time));

    // 10,000 findings in ten files: a run keeps 1,000 (200 a file) and counts the rest.
    let files = (0..10).map(|file| {
        let findings: Vec<String> = (0..1_000)
            .map(|i| format!("name: Bad-Name-{file}-{i}\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Order {i} has shipped.\n"))
            .collect();
        Arc::new(SourceFile {
            path: format!("findings-{file}.yaml").into(),
            text: findings.join("---\n"),
        })
    });
    let set = wabactl::template::read::read_sources(files);
    let diagnostics = set.diagnostics;
    assert_eq!(diagnostics.len(), 1_000);
    assert_eq!(set.not_shown.errors, 9_000);
    let report = Findings {
        files: 10,
        templates: set.documents,
        diagnostics: &diagnostics,
        not_shown: set.not_shown,
    };
    let people = median(|| human(&report, false, &mut std::io::sink()).expect("rendered"));
    let machines = median(|| assert!(json(&report).len() > 100_000));
    println!(
        "10,000 findings (1,000 kept) written for people: {:>7.1} ms",
        ms(people)
    );
    println!(
        "10,000 findings (1,000 kept) written as JSON: {:>7.1} ms",
        ms(machines)
    );

    let mut bomb = format!("a0: &a0 [{}]\n", ["lol"; 9].join(", "));
    for level in 1..8 {
        let previous = format!("*a{}", level - 1);
        bomb.push_str(&format!(
            "a{level}: &a{level} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    let time = median(|| {
        assert_eq!(
            load("bomb.yaml", &bomb).diagnostics[0].rule,
            RuleId::InputLimit
        )
    });
    println!(
        "alias bomb ({} bytes), refused: {:>7.2} ms",
        bomb.len(),
        ms(time)
    );

    let wide = format!("{{{}nme: a}}\n", " ".repeat(65_540));
    let time = median(|| {
        let loaded = load("wide.yaml", &wide);
        let report = Findings {
            files: 1,
            templates: 0,
            diagnostics: &loaded.diagnostics,
            not_shown: Default::default(),
        };
        human(&report, false, &mut std::io::sink()).expect("rendered");
    });
    println!(
        "finding at column 65,542, loaded and written: {:>7.2} ms",
        ms(time)
    );
}

fn load(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let file = Arc::new(SourceFile {
        path: name.into(),
        text: text.to_owned(),
    });
    load_source(file, &mut loaded);
    loaded
}

/// Reads and parses every file into a generic tree, doing nothing else.
fn bare_parse(files: &[PathBuf]) {
    let mut documents = 0;
    for file in files {
        let text = std::fs::read_to_string(file).expect("read");
        let values: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text).expect("parse");
        documents += values.len();
    }
    assert_eq!(documents, TEMPLATE_NAMES * LANGUAGES.len());
}

fn median(mut run: impl FnMut()) -> Duration {
    run(); // warm the page cache and allocator
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One file per template name, one document per language, in a few realistic shapes.
fn generate(dir: &Path) -> Vec<PathBuf> {
    (0..TEMPLATE_NAMES)
        .map(|i| {
            let documents: Vec<String> = LANGUAGES
                .iter()
                .map(|language| document(i, language))
                .collect();
            let path = dir.join(format!("template_{i:04}.yaml"));
            std::fs::write(&path, documents.join("---\n")).expect("write");
            path
        })
        .collect()
}

fn document(i: usize, language: &str) -> String {
    let head = format!("name: order_update_{i}\nlanguage: {language}\n");
    match i % 3 {
        0 => format!(
            "{head}category: UTILITY\ncomponents:\n  - type: HEADER\n    format: TEXT\n    text: Order {{{{1}}}} update\n    example:\n      header_text: [\"A-{i}\"]\n  - type: BODY\n    text: \"Hi {{{{1}}}}, your order {{{{2}}}} has shipped and arrives on {{{{3}}}}. Thank you!\"\n    example:\n      body_text: [[\"Pablo\", \"A-{i}\", \"Friday\"]]\n  - type: FOOTER\n    text: Lucky Shrub\n  - type: BUTTONS\n    buttons:\n      - type: URL\n        text: Track order\n        url: https://example.com/track/{{{{1}}}}\n        example: [\"https://example.com/track/A-{i}\"]\n      - type: QUICK_REPLY\n        text: Stop updates\n"
        ),
        1 => format!(
            "{head}category: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: \"Hello {{{{first_name}}}}, use code {{{{code}}}} for 20% off this week.\"\n    example:\n      body_text_named_params:\n        - param_name: first_name\n          example: Pablo\n        - param_name: code\n          example: SAVE20\n  - type: BUTTONS\n    buttons:\n      - type: COPY_CODE\n        example: SAVE20\n      - type: PHONE_NUMBER\n        text: Call us\n        phone_number: \"+15550051310\"\n"
        ),
        _ => format!(
            "{head}category: AUTHENTICATION\nmessage_send_ttl_seconds: 300\ncomponents:\n  - type: BODY\n    add_security_recommendation: true\n  - type: FOOTER\n    code_expiration_minutes: 5\n  - type: BUTTONS\n    buttons:\n      - type: OTP\n        otp_type: COPY_CODE\n        text: Copy code\n"
        ),
    }
}
