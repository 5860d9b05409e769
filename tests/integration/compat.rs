//! `plan` marks updates that would break applications sending an approved template, in every
//! format, suggests a new name instead, and `--fail-on-breaking` turns them into exit 1.

use serde_json::{Value, json};

use crate::support::{PHONE_ID, Test};

fn card(i: usize) -> Value {
    json!({"components": [
        {"type": "HEADER", "format": "IMAGE"},
        {"type": "BODY", "text": format!("Origin number {i}.")},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]}]})
}

/// The account: every template APPROVED, as senders use them today.
fn seed() -> Value {
    let approved = |id: &str, name: &str, category: &str, components: Value| {
        json!({"id": id, "name": name, "language": "en_US", "category": category,
               "status": "APPROVED", "components": components})
    };
    let mut named = approved(
        "7",
        "note_named",
        "UTILITY",
        json!([{"type": "BODY", "text": "Hi {{first_name}}, your order is ready."}]),
    );
    named["parameter_format"] = json!("NAMED");
    json!({"data": [
        approved("1", "note_text", "UTILITY",
            json!([{"type": "BODY", "text": "Hi {{1}}, your order is ready."}])),
        approved("2", "note_more", "UTILITY",
            json!([{"type": "BODY", "text": "Hi {{1}}, your order is ready."}])),
        approved("3", "note_header", "MARKETING", json!([
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Our new roast is here."}])),
        approved("4", "note_url", "UTILITY", json!([
            {"type": "BODY", "text": "Your order has shipped."},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Track", "url": "https://example.com/track"}]}])),
        approved("5", "note_coupon", "MARKETING", json!([
            {"type": "BODY", "text": "Here is a coupon for your next bag."},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "BEAN10"}]}])),
        approved("6", "note_cards", "MARKETING", json!([
            {"type": "BODY", "text": "Meet our origins."},
            {"type": "CAROUSEL", "cards": [card(0), card(1)]}])),
        named,
    ]})
}

const HANDLE: &str = "4::aW1hZ2UvanBlZw==:ARbSample0123456789:e:1767225600:1:2:ARa";

/// The files: each template edited once.
fn files() -> String {
    let card = |i: usize| {
        format!(
            "      - components:\n          - {{type: HEADER, format: IMAGE, example: {{header_handle: ['{HANDLE}']}}}}\n          - {{type: BODY, text: Origin number {i}.}}\n          - type: BUTTONS\n            buttons: [{{type: QUICK_REPLY, text: More}}]\n"
        )
    };
    format!(
        "\
name: note_text
language: en_US
category: UTILITY
components:
  - type: BODY
    text: 'Hello {{{{1}}}}, your order can be collected now.'
    example: {{body_text: [[Ana]]}}
---
name: note_more
language: en_US
category: UTILITY
components:
  - type: BODY
    text: 'Hi {{{{1}}}}, your order {{{{2}}}} is ready.'
    example: {{body_text: [[Ana, CC-1]]}}
---
name: note_header
language: en_US
category: MARKETING
components:
  - {{type: HEADER, format: VIDEO, example: {{header_handle: ['{HANDLE}']}}}}
  - {{type: BODY, text: Our new roast is here.}}
---
name: note_url
language: en_US
category: UTILITY
components:
  - {{type: BODY, text: Your order has shipped.}}
  - type: BUTTONS
    buttons:
      - {{type: URL, text: Track, url: 'https://example.com/track/{{{{1}}}}', example: ['https://example.com/track/CC-1']}}
---
name: note_coupon
language: en_US
category: MARKETING
components:
  - {{type: BODY, text: Here is a coupon for your next bag.}}
  - type: BUTTONS
    buttons: [{{type: QUICK_REPLY, text: Thanks}}]
---
name: note_cards
language: en_US
category: MARKETING
components:
  - {{type: BODY, text: Meet our origins.}}
  - type: CAROUSEL
    cards:
{}{}{}---
name: note_named
language: en_US
category: UTILITY
parameter_format: NAMED
components:
  - type: BODY
    text: 'Hi {{{{name}}}}, your order is ready.'
    example: {{body_text_named_params: [{{param_name: name, example: Ana}}]}}
",
        card(0),
        card(1),
        card(2)
    )
}

#[test]
fn breaking_updates_are_marked_in_every_format() {
    let test = Test::new()
        .project()
        .file("templates/notes.yaml", files())
        .file("seed.json", seed().to_string())
        .sandbox(&["--seed", "seed.json"])
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID);

    // JSON: every update carries its verdict.
    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    let compat = |name: &str| -> Value {
        let change = plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {plan:#}"));
        assert_eq!(change["kind"], "update", "{change:#}");
        change["send_compatibility"].clone()
    };
    assert_eq!(
        compat("note_text"),
        json!({"breaking": false, "reasons": []})
    );
    let expected = [
        (
            "note_more",
            "`body.2` (text, body) is new and required: current senders do not give it",
        ),
        (
            "note_header",
            "`header.image` (image, header) is no longer a parameter: senders that give it are refused",
        ),
        (
            "note_url",
            "`buttons.0` (text, button 0 (url)) is new and required: current senders do not give it",
        ),
        (
            "note_coupon",
            "`buttons.0` changes from coupon_code (button 0 (copy_code)) to payload (button 0 (quick_reply))",
        ),
        (
            "note_cards",
            "the carousel goes from 2 to 3 cards: a send must carry exactly as many cards as the template has",
        ),
        (
            "note_named",
            "`body.first_name` (text, body) is no longer a parameter: senders that give it are refused",
        ),
    ];
    for (name, reason) in expected {
        let verdict = compat(name);
        assert_eq!(verdict["breaking"], true, "{name}: {verdict:#}");
        let reasons: Vec<&str> = verdict["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(reasons.contains(&reason), "{name}: {reasons:#?}");
        assert_eq!(verdict["suggested_name"], format!("{name}_v2"));
    }
    assert!(
        compat("note_header")["reasons"]
            .to_string()
            .contains("`header.video` (video, header) is new and required")
    );

    // Human: a line under each breaking change, and the way around it.
    let human = test.wabactl(["plan"]).any_exit().run().stdout;
    assert!(
        human.contains("! breaks senders: `body.2` (text, body) is new and required"),
        "{human}"
    );
    assert!(
        human.contains(
            "instead: declare it as `note_more_v2`, move senders to it, then remove `note_more`"
        ),
        "{human}"
    );
    let text_block: String = human
        .split("note_text (en_US)")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!text_block.contains("breaks senders"), "{text_block}");
    assert_eq!(human.matches("! breaks senders:").count(), 9, "{human}");

    // Markdown: a mark in the table (the name linked to its file), and a warning above the
    // change's collapsed details, not inside them.
    let markdown = test
        .wabactl(["plan", "--format", "markdown"])
        .any_exit()
        .run()
        .stdout;
    let row = |name: &str| {
        markdown
            .lines()
            .find(|l| l.contains(&format!("| [`{name}`](../blob/HEAD/templates/")))
            .unwrap_or_else(|| panic!("no linked row for {name}:\n{markdown}"))
            .to_owned()
    };
    assert!(
        row("note_more").contains(") | en_US | update (1 field) ⚠ breaks senders |"),
        "{markdown}"
    );
    let warning = markdown
        .find(
            "> [!WARNING]\n> `note_more` (en_US) **breaks senders:**\n> - `body.2` (text, body) \
             is new and required",
        )
        .unwrap_or_else(|| panic!("{markdown}"));
    let details = markdown
        .find("<details><summary><code>~</code> <b>note_more</b>")
        .unwrap_or_else(|| panic!("{markdown}"));
    assert!(warning < details, "{markdown}");
    let collapsed = &markdown[details..];
    let collapsed = &collapsed[..collapsed.find("</details>").unwrap()];
    assert!(!collapsed.contains("breaks senders:"), "{collapsed}");
    assert!(
        markdown.contains("> Instead: declare it as `note_cards_v2`"),
        "{markdown}"
    );
    assert_eq!(
        markdown.matches("⚠ breaks senders |").count(),
        6,
        "{markdown}"
    );
    assert_eq!(
        markdown.matches(" **breaks senders:**").count(),
        6,
        "{markdown}"
    );
    assert!(!row("note_text").contains('⚠'), "{markdown}");

    // --fail-on-breaking: exit 1, naming each; without the breaking edits, exit 0.
    let stderr = test
        .wabactl(["plan", "--fail-on-breaking"])
        .expect_exit(1)
        .run()
        .stderr;
    assert!(
        stderr.contains(
            "note_cards (en_US), note_coupon (en_US), note_header (en_US), note_more (en_US), \
             note_named (en_US), note_url (en_US) would break applications that send them today"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("note_text"), "{stderr}");
    let only_text: String = files().split("---\n").next().unwrap().to_owned();
    test.write("templates/notes.yaml", only_text);
    test.wabactl(["plan", "--fail-on-breaking"]).run();
}
