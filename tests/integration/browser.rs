//! The preview pages in a real browser: headless Chromium loads the page `wabactl preview`
//! writes for the examples and for every create body of the reference corpus, and the DOM it
//! builds is checked: every example value in place, every button labelled, right-to-left
//! languages marked `dir="rtl"`, one card per carousel card, and no element that came from
//! template text. Screenshots are written to `target/test-artifacts/`. Skipped, with a
//! message, where Chromium is not installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use wabactl::preview::{self, HeaderView, Preview, plain, plain_text};
use wabactl::template::read::read;

use crate::support::{CORPUS, EXAMPLES, Test, one_heavy_test_at_a_time};

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Chromium's flags for a run that touches no network and no profile of its own.
fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The DOM Chromium builds from `page`.
fn dump_dom(browser: &Path, test: &Test, page: &Path) -> String {
    let output = headless(browser, &test.join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn screenshot(browser: &Path, test: &Test, page: &Path, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let output = headless(browser, &test.join("profile"))
        .arg(format!("--screenshot={}", file.display()))
        .arg("--window-size=1280,2600")
        .arg("--hide-scrollbars")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::metadata(&file).unwrap().len() > 10_000,
        "an empty screenshot"
    );
    file
}

/// Text as the DOM serialiser writes it in a text node.
fn as_text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The part of the DOM that shows template `name` (its section, up to the next).
fn section<'a>(dom: &'a str, name: &str) -> &'a str {
    let heading = format!("<h2><code>{}</code>", as_text(name));
    dom.split("<section class=\"template\"")
        .skip(1)
        .find(|part| part.contains(&heading))
        .unwrap_or_else(|| panic!("no section for {name}"))
}

/// What the DOM must hold for `preview`: its values, labels, direction and cards.
fn check(dom: &str, preview: &Preview, languages_of_name: usize) {
    let part = section(dom, &preview.name);
    let mut texts = vec![plain_text(&preview.body)];
    if let Some(HeaderView::Text(spans)) = &preview.header {
        texts.push(plain(spans));
    }
    let mut labels: Vec<&str> = preview
        .buttons
        .shown
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    for card in &preview.cards {
        texts.push(plain_text(&card.body));
        labels.extend(card.buttons.shown.iter().map(|b| b.label.as_str()));
    }
    for span in preview
        .body
        .iter()
        .flat_map(|b| &b.spans)
        .filter(|s| s.var.as_ref().is_some_and(|v| !v.missing))
    {
        assert!(
            part.contains(&format!(
                "data-var=\"{}\">",
                as_text(&span.var.as_ref().unwrap().placeholder)
            )) && part.contains(&as_text(&span.text)),
            "{}: example value {:?} not in the DOM",
            preview.name,
            span.text
        );
    }
    for label in labels {
        assert!(
            part.contains(&format!("<span class=\"label\">{}</span>", as_text(label))),
            "{}: button {label:?} not in the DOM",
            preview.name
        );
    }
    if preview.direction == preview::Direction::Rtl {
        assert!(
            part.contains("dir=\"rtl\""),
            "{}: not right to left",
            preview.name
        );
    }
    if languages_of_name == 1 {
        assert_eq!(
            part.matches("<div class=\"card\">").count(),
            preview.cards.len(),
            "{}: cards",
            preview.name
        );
    }
}

fn check_page(browser: &Path, test: &Test, paths: &[PathBuf], out: &str) -> String {
    let mut args = vec!["preview".to_owned()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["--out".to_owned(), out.to_owned()]);
    test.wabactl(args).any_exit().run();
    let page = test.join(format!("{out}/index.html"));
    let dom = dump_dom(browser, test, &page);
    // Only the page's own structure: no script, no iframe, no object, no comment.
    for element in [
        "<script", "<iframe", "<object", "<embed", "<!--", "<link", "<form",
    ] {
        assert!(!dom.contains(element), "{element} in the DOM");
    }
    let templates: Vec<_> = read(paths)
        .templates
        .into_iter()
        .map(|d| d.template)
        .collect();
    assert!(!templates.is_empty());
    for template in &templates {
        let languages = templates.iter().filter(|t| t.name == template.name).count();
        check(&dom, &preview::of(template), languages);
    }
    dom
}

#[test]
// The skip note and the screenshot's path are for whoever runs the tests.
#[allow(clippy::disallowed_macros)]
fn the_preview_pages_render_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium; .ci/run installs it)"
        );
        return;
    };
    let _heavy = one_heavy_test_at_a_time();
    let test = Test::new();

    let examples = [Path::new(EXAMPLES).join("templates")];
    let dom = check_page(&browser, &test, &examples, "examples");
    assert!(section(&dom, "order_confirmation").contains("dir=\"rtl\" lang=\"ar\""));
    assert_eq!(
        section(&dom, "origins_carousel")
            .matches("<div class=\"card\">")
            .count(),
        3
    );
    let shot = screenshot(
        &browser,
        &test,
        &test.join("examples/index.html"),
        "preview-examples.png",
    );
    eprintln!("screenshot: {}", shot.display());

    let expected = std::fs::read_to_string(Path::new(CORPUS).join("EXPECTED.tsv")).unwrap();
    let corpus: Vec<PathBuf> = expected
        .lines()
        .skip(1)
        .filter(|line| line.split('\t').nth(1) == Some("create"))
        .map(|line| Path::new(CORPUS).join(line.split('\t').next().unwrap()))
        .collect();
    check_page(&browser, &test, &corpus, "corpus");
}

#[test]
// The skip note and the screenshot's path are for whoever runs the tests.
#[allow(clippy::disallowed_macros)]
fn hostile_text_and_a_before_after_render_as_text_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium; .ci/run installs it)"
        );
        return;
    };
    let _heavy = one_heavy_test_at_a_time();
    let body = "<script>alert(1)</script> </details> <!-- wabactl-plan --> @octocat";
    let file = |text: &str| {
        format!(
            "name: notice\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
             text: '{text}'\n  - type: BUTTONS\n    buttons: [{{type: QUICK_REPLY, text: '<b>Stop</b>'}}]\n"
        )
    };
    let test = Test::new()
        .project()
        .file("templates/notice.yaml", file("Your order is packed."))
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    test.write(
        "templates/notice.yaml",
        file(&format!("Your order has shipped. {body}")),
    );
    test.wabactl(["plan", "--html", "plan.html"]).run();
    let dom = dump_dom(&browser, &test, &test.join("plan.html"));
    for element in ["<script", "<!--", "<details"] {
        assert!(!dom.contains(element), "{element} in the DOM");
    }
    // The changed words are marked (`<ins>`), the page's own elements; the text runs on.
    let text = dom.replace("<ins>", "").replace("</ins>", "");
    assert!(text.contains(&as_text(body)), "the body as text");
    assert!(dom.contains("&lt;b&gt;Stop&lt;/b&gt;"), "the label as text");
    assert!(dom.contains("Before (on the account)") && dom.contains("After (as declared)"));
    assert!(
        dom.contains("<ins>has shipped."),
        "the changed words marked: {dom}"
    );
    assert!(
        dom.contains("<del>is</del>"),
        "the changed words marked: {dom}"
    );
    let shot = screenshot(&browser, &test, &test.join("plan.html"), "plan-update.png");
    eprintln!("screenshot: {}", shot.display());
}
