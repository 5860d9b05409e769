//! Benchmark: `wabactl codegen` for 6,000 templates (an account's maximum) in each language:
//! reading the files, the model (every send signature), and each language's file; and the
//! size of each file.
//!
//! Run with `cargo bench --bench codegen`. Prints the median of several runs. With
//! `CODEGEN_BENCH_DIR=DIR`, the templates and the generated files are left in DIR, for timing
//! the binary and the compilers on them.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

use std::path::Path;
use std::time::{Duration, Instant};

use wabactl::codegen::{self, Input, Lang};

const TEMPLATE_NAMES: usize = 3_000;
const LANGUAGES: [&str; 2] = ["en_US", "pt_BR"];
const RUNS: usize = 5;

fn main() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = match std::env::var_os("CODEGEN_BENCH_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => temp.path().to_path_buf(),
    };
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).expect("templates dir");
    generate(&templates);
    let paths = vec![templates];
    let read = median(|| {
        let set = wabactl::template::read::read(&paths);
        assert_eq!(set.templates.len(), TEMPLATE_NAMES * LANGUAGES.len());
    });
    let set = wabactl::template::read::read(&paths);
    assert!(set.templates.iter().all(|d| d.errors.is_empty()));
    let inputs: Vec<Input> = set
        .templates
        .iter()
        .map(|d| Input {
            source: &d.source.file,
            template: &d.template,
        })
        .collect();
    let model_time = median(|| {
        let model = codegen::model(&inputs).expect("no clash");
        assert_eq!(model.templates.len(), TEMPLATE_NAMES);
    });
    let model = codegen::model(&inputs).expect("no clash");
    println!("templates: {} ({TEMPLATE_NAMES} names)", inputs.len());
    println!("read the files:          {:>7.1} ms", ms(read));
    println!("the model (signatures):  {:>7.1} ms", ms(model_time));
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    for lang in [Lang::TypeScript, Lang::Python, Lang::Go, Lang::JsonSchema] {
        let mut size = 0;
        let render = median(|| size = lang.render(&model).len());
        let path = out.join(lang.file_name());
        let written = median(|| {
            let text = lang.render(&model);
            std::fs::write(&path, text).expect("write");
        });
        println!(
            "{:<22} render {:>6.1} ms, render + write {:>6.1} ms, {:>5.1} MB ({size} bytes)",
            lang.file_name(),
            ms(render),
            ms(written),
            size as f64 / 1e6
        );
    }
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// Four shapes in turn: text header, body, URL and quick-reply buttons; named variables with
/// a copy-code button; an image header with a limited-time offer; a three-card carousel.
fn generate(dir: &Path) {
    for i in 0..TEMPLATE_NAMES {
        let docs: Vec<String> = LANGUAGES
            .iter()
            .map(|language| match i % 4 {
                0 => format!(
                    "name: order_{i}\nlanguage: {language}\ncategory: UTILITY\ncomponents:\n  - type: HEADER\n    format: TEXT\n    text: Order {{{{1}}}}\n    example: {{header_text: [A-{i}]}}\n  - type: BODY\n    text: \"Hi {{{{1}}}}, your order {{{{2}}}} ships today.\"\n    example: {{body_text: [[Ana, A-{i}]]}}\n  - type: BUTTONS\n    buttons:\n      - {{type: URL, text: Track, url: 'https://x.example/{{{{1}}}}', example: [A-{i}]}}\n      - {{type: QUICK_REPLY, text: Stop}}\n"
                ),
                1 => format!(
                    "name: promo_{i}\nlanguage: {language}\ncategory: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: \"Hi {{{{first_name}}}}, use {{{{code}}}} for 20% off.\"\n    example: {{body_text_named_params: [{{param_name: first_name, example: Ana}}, {{param_name: code, example: SAVE{i}}}]}}\n  - type: BUTTONS\n    buttons:\n      - {{type: COPY_CODE, example: SAVE{i}}}\n"
                ),
                2 => format!(
                    "name: sale_{i}\nlanguage: {language}\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    format: IMAGE\n    example: {{header_handle: ['4::aGFuZGxl']}}\n  - type: LIMITED_TIME_OFFER\n    limited_time_offer: {{text: Ends soon, has_expiration: true}}\n  - type: BODY\n    text: \"Use {{{{1}}}} today.\"\n    example: {{body_text: [[SALE{i}]]}}\n  - type: BUTTONS\n    buttons:\n      - {{type: COPY_CODE, example: SALE{i}}}\n      - {{type: URL, text: Shop, url: 'https://x.example/{{{{1}}}}', example: [s{i}]}}\n"
                ),
                _ => {
                    let card = |n: usize| format!("      - components:\n          - {{type: HEADER, format: IMAGE, example: {{header_handle: ['4::aGFuZGxl']}}}}\n          - {{type: BODY, text: Bean {n} of {i}.}}\n          - type: BUTTONS\n            buttons: [{{type: QUICK_REPLY, text: More}}]\n");
                    format!(
                        "name: beans_{i}\nlanguage: {language}\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    text: \"Hi {{{{1}}}}, meet our beans.\"\n    example: {{body_text: [[Ana]]}}\n  - type: CAROUSEL\n    cards:\n{}{}{}",
                        card(1),
                        card(2),
                        card(3)
                    )
                }
            })
            .collect();
        std::fs::write(dir.join(format!("t{i}.yaml")), docs.join("---\n")).expect("write");
    }
}

fn median(mut run: impl FnMut()) -> Duration {
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
