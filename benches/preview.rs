//! Benchmark: `wabactl preview --out DIR` on 6,000 templates (an account's maximum): reading
//! the files, each template's preview, and the one HTML page, without media; and the page's
//! size.
//!
//! Run with `cargo bench --bench preview`. Prints the median of several runs.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

use std::path::Path;
use std::time::{Duration, Instant};

use wabactl::render::preview::html::templates_page;

const TEMPLATE_NAMES: usize = 3_000;
const LANGUAGES: [&str; 2] = ["en_US", "ar"];
const RUNS: usize = 5;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path());
    let paths = vec![dir.path().to_path_buf()];
    let mut size = 0;
    let read = median(|| {
        let set = wabactl::template::read::read(&paths);
        assert_eq!(set.templates.len(), TEMPLATE_NAMES * LANGUAGES.len());
    });
    let templates: Vec<_> = wabactl::template::read::read(&paths)
        .templates
        .into_iter()
        .map(|d| d.template)
        .collect();
    let model = median(|| {
        let previews: Vec<_> = templates.iter().map(wabactl::preview::of).collect();
        assert_eq!(previews.len(), templates.len());
    });
    let previews: Vec<_> = templates.iter().map(wabactl::preview::of).collect();
    let html = median(|| {
        let page = templates_page("preview", &previews, &|_, _| Err("no media".into()));
        size = page.len();
    });
    let whole = median(|| {
        let set = wabactl::template::read::read(&paths);
        let previews: Vec<_> = set
            .templates
            .iter()
            .map(|d| wabactl::preview::of(&d.template))
            .collect();
        let page = templates_page("preview", &previews, &|_, _| Err("no media".into()));
        assert_eq!(page.len(), size);
    });
    println!("templates: {}", templates.len());
    println!("read the files:        {:>7.1} ms", ms(read));
    println!("previews (the model):  {:>7.1} ms", ms(model));
    println!("the HTML page:         {:>7.1} ms", ms(html));
    println!("all three:             {:>7.1} ms", ms(whole));
    println!("page: {:.1} MB ({size} bytes)", size as f64 / 1e6);
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// Three shapes in turn: text header, body with examples, footer, URL and quick-reply
/// buttons; named variables with copy code and phone; a three-card carousel.
fn generate(dir: &Path) {
    for i in 0..TEMPLATE_NAMES {
        let docs: Vec<String> = LANGUAGES
            .iter()
            .map(|language| match i % 3 {
                0 => format!(
                    "name: order_{i}\nlanguage: {language}\ncategory: UTILITY\ncomponents:\n  - type: HEADER\n    format: TEXT\n    text: Order {{{{1}}}}\n    example: {{header_text: [A-{i}]}}\n  - type: BODY\n    text: \"Hi {{{{1}}}}, your order *{{{{2}}}}* ships _today_.\"\n    example: {{body_text: [[Ana, A-{i}]]}}\n  - type: FOOTER\n    text: Cobalt Coffee\n  - type: BUTTONS\n    buttons:\n      - {{type: URL, text: Track, url: 'https://x.example/{{{{1}}}}', example: [A-{i}]}}\n      - {{type: QUICK_REPLY, text: Stop}}\n"
                ),
                1 => format!(
                    "name: promo_{i}\nlanguage: {language}\ncategory: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: \"Hi {{{{first_name}}}}, use {{{{code}}}} for 20% off.\"\n    example: {{body_text_named_params: [{{param_name: first_name, example: Ana}}, {{param_name: code, example: SAVE{i}}}]}}\n  - type: BUTTONS\n    buttons:\n      - {{type: COPY_CODE, example: SAVE{i}}}\n      - {{type: PHONE_NUMBER, text: Call us, phone_number: '+15550001234'}}\n"
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
