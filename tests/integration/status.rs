//! `status`: every template and language on a seeded sandbox account (approved, pending,
//! rejected with a reason, re-categorised, deleted) next to the files, which declare some of
//! them and one the account lacks; as JSON (snapshot) and as a table.

use serde_json::Value;

use crate::import::{mixed_account, with};
use crate::support::{Test, WABA_ID};

const FILES: &str = "\
name: order_update
language: en_US
category: UTILITY
components:
  - type: BODY
    text: |-
      Your order has shipped.
      Thank you!
---
name: order_update
language: pt_BR
category: UTILITY
components:
  - type: BODY
    text: |-
      Seu pedido foi enviado.
      Obrigado!
---
name: loyalty_points
language: en_US
category: UTILITY
components:
  - type: BODY
    text: You have earned new loyalty points this month.
---
name: spring_promo
language: en_US
category: MARKETING
components:
  - type: BODY
    text: 'Spring is here: everything is half price this week.'
---
name: autumn_sale
language: en_US
category: MARKETING
components:
  - type: BODY
    text: Autumn is here, and so are our new roasts.
";

/// A project declaring four templates of the mixed account and one it lacks.
fn setup() -> Test {
    with(
        Test::new().file("templates/declared.yaml", FILES),
        mixed_account(),
    )
}

#[test]
fn json_lists_every_template_and_language() {
    let test = setup();
    let text = test.wabactl(["status", "--format", "json"]).run().stdout;
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["account"], WABA_ID);
    // The sandbox's loopback port changes every run.
    let base = value["endpoint"]["api_base"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    insta::assert_snapshot!("status_json", text.replace(base, "http://127.0.0.1:PORT"));

    // Filters narrow the rows; NOT_ON_ACCOUNT selects what the account lacks.
    let value = test
        .wabactl([
            "status",
            "--format",
            "json",
            "--status",
            "rejected",
            "--status",
            "not_on_account",
        ])
        .any_exit()
        .run()
        .json();
    let names: Vec<&str> = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["autumn_sale", "spring_promo"]);
    let value = test
        .wabactl([
            "status",
            "--format",
            "json",
            "--name",
            "order_*",
            "--language",
            "pt_BR",
        ])
        .any_exit()
        .run()
        .json();
    assert_eq!(value["rows"].as_array().unwrap().len(), 1);
    assert_eq!(value["rows"][0]["language"], "pt_BR");
}

#[test]
fn human_table_has_the_columns_and_reasons() {
    let test = setup();
    let text = test.wabactl(["status"]).run().stdout;
    assert!(
        !text.contains('\u{1b}'),
        "no colour without a terminal:\n{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "Account {WABA_ID} · Graph API v26.0 · local sandbox at "
        )),
        "{}",
        lines[0]
    );
    let header = lines[2];
    for column in [
        "NAME", "LANGUAGE", "STATUS", "CATEGORY", "QUALITY", "FILES", "REASON",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let row = |name: &str, language: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{name} ")) && l.contains(language))
            .unwrap_or_else(|| panic!("no row for {name}:\n{text}"))
            .to_string()
    };
    let rejected = row("spring_promo", "en_US");
    assert!(
        rejected.contains("REJECTED") && rejected.ends_with("PROMOTIONAL"),
        "{rejected}"
    );
    assert!(row("loyalty_points", "en_US").contains("UTILITY → MARKETING"));
    assert!(row("welcome", "en_US").contains("not in files"));
    assert!(row("autumn_sale", "en_US").contains("not on account"));
    // Columns line up: every row's status starts where the header's does.
    let status_at = header.find("STATUS").unwrap();
    // The table ends before the request count and the summary (each after a blank line).
    for line in &lines[3..lines.len() - 4] {
        assert_ne!(line.as_bytes()[status_at], b' ', "{line}");
        assert_eq!(&line[status_at - 2..status_at], "  ", "{line}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &"6 templates on the account: 3 approved, 1 deleted, 1 pending, 1 rejected; 2 not in files; 1 declared but not on the account"
    );

    // Colour on request: green approved, red rejected.
    let text = test
        .wabactl(["--color", "always", "status"])
        .any_exit()
        .run()
        .stdout;
    assert!(text.contains("\u{1b}[32mAPPROVED"), "{text}");
    assert!(text.contains("\u{1b}[31mREJECTED"), "{text}");
}
