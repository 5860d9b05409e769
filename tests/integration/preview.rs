//! Previews through the binary: `wabactl preview` (HTML page and terminal), the message
//! previews in the Markdown and HTML plans, and template text that tries to be markup.

use crate::support::{EXAMPLES, Test};

/// What GitHub shows of a line of the comment, roughly: tags dropped, entities and backslash
/// escapes undone, the zero-width breaks removed.
fn reads(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markdown.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#8203;", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let mut plain = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        plain.push(c);
    }
    plain
}

const SHIPPING: &str = "name: shipping_note
language: en_US
category: UTILITY
components:
  - type: BODY
    text: Order {{1}} ships {{2}}.
    example:
      body_text: [['#88', today]]
  - type: BUTTONS
    buttons:
      - {type: URL, text: Track order, url: 'https://shop.example/t/{{1}}', example: [A-88]}
      - {type: QUICK_REPLY, text: Stop updates}
";

const HOSTILE_BODY: &str =
    "<script>alert(1)</script> </details> <!-- wabactl-plan --> @octocat #123 | `tick` ```fence";

fn hostile() -> String {
    format!(
        "name: hostile_text\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: '{HOSTILE_BODY}'\n  - type: FOOTER\n    text: '--> @octocat'\n  - type: BUTTONS\n    \
         buttons:\n      - {{type: QUICK_REPLY, text: '</details>@octocat'}}\n"
    )
}

#[test]
fn a_new_template_reads_with_its_examples_and_a_chip_per_button() {
    let test = Test::new()
        .project()
        .file("templates/shipping_note.yaml", SHIPPING)
        .sandbox(&[]);
    let markdown = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    let line = markdown
        .lines()
        .find(|l| l.contains("ships"))
        .unwrap_or_else(|| panic!("no preview line:\n{markdown}"));
    assert_eq!(reads(line), "> Order #88 ships today.", "{line}");
    // The example that looks like an issue reference links nothing.
    assert!(line.contains("\\#&#8203;88"), "{line}");
    assert!(
        markdown.contains("<code>[ Track order ↗ ]</code>"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<code>[ Stop updates ↩ ]</code>"),
        "{markdown}"
    );
}

#[test]
fn arabic_reads_right_to_left_in_the_comment() {
    let test = Test::new()
        .copy_dir(format!("{EXAMPLES}/templates"), "templates")
        .sandbox(&[]);
    let markdown = test
        .wabactl([
            "plan",
            "templates/order_confirmation.yaml",
            "--format",
            "markdown",
        ])
        .run()
        .stdout;
    let arabic = markdown
        .find("<b>order_confirmation</b> (ar)")
        .expect("the Arabic change");
    let english = markdown
        .find("<b>order_confirmation</b> (en_US)")
        .expect("the English change");
    assert!(
        markdown[arabic..english].contains("<div dir=\"rtl\">\n\n> "),
        "{markdown}"
    );
    assert!(!markdown[english..].contains("dir=\"rtl\""), "{markdown}");
}

#[test]
fn an_update_shows_the_message_before_and_after() {
    let test = Test::new()
        .project()
        .file("templates/shipping_note.yaml", SHIPPING)
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    test.write(
        "templates/shipping_note.yaml",
        SHIPPING.replace("ships {{2}}", "leaves us {{2}}"),
    );
    let markdown = test
        .wabactl(["plan", "--format", "markdown", "--html", "plan.html"])
        .run()
        .stdout;
    let before = markdown
        .find("**Before** (on the account)")
        .expect("before");
    let after = markdown.find("**After** (as declared)").expect("after");
    assert!(before < after, "{markdown}");
    let old = reads(&markdown[before..after]);
    let new = reads(&markdown[after..]);
    assert!(old.contains("Order #88 ships today"), "{old}");
    assert!(new.contains("Order #88 leaves us today"), "{new}");

    let html = test.read("plan.html");
    assert!(html.contains("Before (on the account)") && html.contains("After (as declared)"));
    assert!(
        html.contains("<del>ships</del>") && html.contains("<ins>leaves us</ins>"),
        "{html}"
    );
}

#[test]
fn template_text_is_never_markup_in_markdown_or_html() {
    let test = Test::new()
        .project()
        .file("templates/hostile_text.yaml", hostile())
        .sandbox(&[]);
    let markdown = test
        .wabactl(["plan", "--format", "markdown", "--html", "plan.html"])
        .run()
        .stdout;
    // Outside the fenced JSON (code, shown as written): one marker, on the first line; the
    // comment's own <details> balanced; nothing from the template opens or closes one, starts
    // a comment or a script, or mentions anyone.
    let prose = outside_fences(&markdown);
    assert_eq!(prose.matches("<!--").count(), 1, "{prose}");
    assert!(
        prose.starts_with("<!-- wabactl-plan accounts=")
            && prose.lines().next().unwrap().ends_with(" -->"),
        "{prose}"
    );
    assert_eq!(prose.matches("<details>").count(), 1, "{prose}");
    assert_eq!(prose.matches("</details>").count(), 1, "{prose}");
    for markup in ["<script", "@octocat", "#123"] {
        assert!(!prose.contains(markup), "{markup}: {prose}");
    }
    assert_eq!(
        prose.matches("-->").count(),
        1,
        "only the marker's: {prose}"
    );
    let preview = prose
        .lines()
        .find(|l| l.contains("alert"))
        .expect("the body's preview");
    assert_eq!(
        reads(preview),
        format!("> {}", HOSTILE_BODY.replace("`tick`", "tick"))
    );
    let chip = prose
        .lines()
        .find(|l| l.contains("<code>["))
        .expect("the chip");
    assert_eq!(reads(chip), "> [ </details>@octocat ↩ ]");

    let html = test.read("plan.html");
    assert!(
        !html.contains("<script"),
        "a script element in the HTML plan"
    );
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/details&gt; &lt;!-- wabactl-plan --&gt;"
    ));
    assert!(html.contains("&lt;/details&gt;@octocat"));

    test.wabactl(["preview", "--out", "site"]).run();
    let page = test.read("site/index.html");
    assert!(
        !page.contains("<script") && !page.contains("<!--"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// The comment without its fenced code blocks (what GitHub parses as Markdown and HTML).
fn outside_fences(markdown: &str) -> String {
    let mut fence: Option<String> = None;
    let mut out = String::new();
    for line in markdown.lines() {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &fence {
            None if ticks.len() >= 3 => fence = Some(ticks),
            Some(open) if ticks.len() >= open.len() && line.trim_end() == ticks => fence = None,
            None => {
                out.push_str(line);
                out.push('\n');
            }
            Some(_) => {}
        }
    }
    out
}

#[test]
fn preview_writes_one_self_contained_page_of_the_examples() {
    let test = Test::new();
    let run = test
        .wabactl(["preview", EXAMPLES, "--out", "site"])
        .stdout_contains("index.html (21 templates")
        .run();
    let page = test.read("site/index.html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", run.stdout);
    assert!(page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(
        !page.contains("<script") && !page.contains("src=\"http"),
        "remote or script"
    );
    assert!(page.contains("prefers-color-scheme:dark"));
    assert!(page.contains("dir=\"rtl\" lang=\"ar\""));
    assert_eq!(page.matches("class=\"card\"").count(), 3);
    for value in [
        "CC-10482",
        "Ethiopia Yirgacheffe 500 g",
        "FLASH25",
        "123456",
    ] {
        assert!(page.contains(value), "{value}");
    }
    for label in [
        "Track order",
        "Acompanhar pedido",
        "Copy offer code",
        "View catalog",
    ] {
        assert!(
            page.contains(&format!("<span class=\"label\">{label}</span>")),
            "{label}"
        );
    }
}

#[test]
fn a_local_image_sample_is_embedded() {
    // The smallest PNG a browser draws: 1x1, one grey pixel.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
        0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68,
        0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let test = Test::new()
        .project()
        .file("templates/media/sale.png", png)
        .file(
            "templates/sale.yaml",
            "name: sale\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    \
         format: IMAGE\n    example: {header_handle: ['file:media/sale.png']}\n  - type: BODY\n    \
         text: Big sale today.\n",
        );
    test.wabactl(["preview", "--out", "site"]).run();
    let page = test.read("site/index.html");
    assert!(
        page.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"),
        "{page}"
    );
}

#[test]
fn preview_name_draws_the_bubble_on_the_terminal() {
    let test = Test::new().current_dir(EXAMPLES);
    let out = test
        .wabactl(["preview", "order_confirmation", "--language", "en_US"])
        .run()
        .stdout;
    assert!(out.starts_with("order_confirmation (en_US)\n╭"), "{out}");
    assert!(out.contains("│ Order CC-10482 confirmed"), "{out}");
    assert!(out.contains("↗ Track order"), "{out}");
    assert!(
        !out.contains("pt_BR") && !out.contains('\u{1b}'),
        "one language, no colour: {out}"
    );

    test.wabactl(["preview", "no_such_template"])
        .expect_exit(1)
        .stderr_contains("no template named `no_such_template`")
        .run();
}

/// The comment for 100 updates stays within the cap: previews go first, then changes.
#[test]
fn the_markdown_plan_of_100_updates_stays_within_the_cap() {
    let mut test = Test::new().project();
    let text = |i: usize, word: &str| {
        format!(
            "name: notice_{i}\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
             text: Hello {{{{1}}}}, your order {word} and we will write again when it moves on to \
             the next step of delivery.\n    example: {{body_text: [[Ana]]}}\n  - type: FOOTER\n    \
             text: Cobalt Coffee Roasters\n  - type: BUTTONS\n    buttons: [{{type: QUICK_REPLY, text: Stop}}]\n"
        )
    };
    for i in 0..100 {
        test = test.file(&format!("templates/notice_{i}.yaml"), text(i, "is packed"));
    }
    let test = test.sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    for i in 0..100 {
        test.write(
            &format!("templates/notice_{i}.yaml"),
            text(i, "has shipped"),
        );
    }
    let markdown = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    assert!(
        markdown.contains("Plan: 0 to create, 100 to update"),
        "{markdown}"
    );
    assert!(markdown.len() <= 60_000, "{}", markdown.len());
    // The 100 changes alone (table rows with file links, approved-edit notes, diffs) take
    // nearly all of the cap: previews are what gives way, and the comment says so.
    let shown = markdown.matches("**After** (as declared)").count();
    assert!(shown < 100, "{shown} previews in 60,000 characters?");
    assert!(markdown.contains("message previews left out"), "{markdown}");
}
