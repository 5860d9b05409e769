//! `status --metrics` against the sandbox: the figures match the sends it accepted, in human
//! and JSON output; an account without analytics gets an error that says how to turn them on.

use serde_json::Value;

use crate::support::{PHONE_ID, TOKEN, Test, WABA_ID};

/// A MARKETING template with a URL button (clicks are counted) and a UTILITY one without.
fn project() -> Test {
    Test::new()
        .project()
        .file(
            "templates/spring_sale.yaml",
            "name: spring_sale\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: \
             BODY\n    text: Our spring beans are here.\n  - type: BUTTONS\n    buttons:\n      \
             - type: URL\n        text: Shop now\n        url: https://shop.example/spring\n",
        )
        .template("order_update", "Your order has shipped.")
        .sandbox(&[])
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID)
}

fn send(test: &Test, name: &str, times: usize) {
    for _ in 0..times {
        test.wabactl(["send", name, "--to", "+16505551234"]).run();
    }
}

fn enable(test: &Test) {
    let (status, answer) = test.served().post(
        &format!("/v26.0/{WABA_ID}?is_enabled_for_insights=true"),
        Some(TOKEN),
    );
    assert_eq!((status, answer["id"].as_str()), (200, Some(WABA_ID)));
}

fn row<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {json}"))
}

#[test]
fn without_analytics_it_fails_saying_how_to_turn_them_on() {
    let test = project();
    test.wabactl(["apply", "--auto-approve"]).run();
    test.wabactl(["status", "--metrics"])
        .expect_exit(1)
        .stderr_contains(format!(
            "template analytics are not enabled on account {WABA_ID}"
        ))
        .stderr_contains(format!("/{WABA_ID}?is_enabled_for_insights=true"))
        .stderr_contains("WhatsApp Manager")
        .run();
    // A plan with figures asked for still plans, and says why there are none.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your parcel has shipped."),
    );
    test.wabactl(["plan", "--format", "markdown", "--metrics"])
        .stdout_contains("_No figures: template analytics are not enabled on account")
        .run();
}

#[test]
fn the_figures_match_the_sends_the_sandbox_accepted() {
    let test = project();
    test.wabactl(["apply", "--auto-approve"]).run();
    // Before analytics are confirmed nothing is captured, as Meta says.
    send(&test, "order_update", 1);
    enable(&test);
    send(&test, "order_update", 3);
    send(&test, "spring_sale", 5);

    let json = test
        .wabactl(["status", "--metrics", "--format", "json"])
        .run()
        .json();
    assert_eq!(json["days"], 7, "{json}");
    let order = row(&json, "order_update");
    assert_eq!(
        (order["sent"].as_u64(), order["delivered"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(order["clicked"], 0, "no button to click: {order}");
    let spring = row(&json, "spring_sale");
    assert_eq!(
        (spring["sent"].as_u64(), spring["delivered"].as_u64()),
        (Some(5), Some(5))
    );
    let (read, clicked) = (
        spring["read"].as_u64().unwrap(),
        spring["clicked"].as_u64().unwrap(),
    );
    assert!(clicked <= read && read <= 5, "{spring}");
    let rate = spring["read_rate"].as_f64().unwrap();
    assert!((rate - read as f64 / 5.0).abs() < 1e-9, "{spring}");
    // Every send fell on the sandbox's today, the period's last day.
    let days = spring["days"].as_array().unwrap();
    assert_eq!(days.last().unwrap()["sent"], 5, "{spring}");
    assert!(days[..6].iter().all(|d| d["sent"] == 0), "{spring}");
    assert_eq!(json["total"]["sent"], 8, "{json}");
    assert_eq!(json["total"]["templates"], 2, "{json}");
    // One listing call, one for the switch, one analytics call for both templates.
    assert_eq!(json["requests"]["count"], 3, "{json}");

    let human = test.wabactl(["status", "--metrics"]).run().stdout;
    let line = |name: &str| {
        human
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not in {human}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    let order_line = line("order_update");
    assert_eq!(
        (order_line[2], order_line[3], order_line[5]),
        ("3", "3", "0"),
        "{human}"
    );
    let spring_line = line("spring_sale");
    assert_eq!(spring_line[2..4], ["5", "5"], "{human}");
    assert_eq!(spring_line[4], read.to_string(), "{human}");
    assert_eq!(spring_line[5], clicked.to_string(), "{human}");
    assert!(spring_line.last().unwrap().ends_with('█'), "{human}");
    assert_eq!(line("Total")[3..5], ["8", "8"], "{human}");
    assert!(human.contains("Read with 3 Graph API requests"), "{human}");

    // The Markdown plan adds a line of figures per changed template with --metrics.
    test.write(
        "templates/order_update.yaml",
        crate::support::template_text("order_update", "Your parcel has shipped."),
    );
    let markdown = test
        .wabactl(["plan", "--format", "markdown", "--metrics"])
        .run()
        .stdout;
    assert!(
        markdown.contains("**How the changed templates did**"),
        "{markdown}"
    );
    let figures: Vec<&str> = markdown.lines().filter(|l| l.starts_with("- **")).collect();
    assert_eq!(figures.len(), 1, "only the changed template: {markdown}");
    assert!(figures[0].contains(r"(en\_US): 3 sent"), "{markdown}");
    let plain = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    assert!(
        !plain.contains("How the changed templates did"),
        "off by default"
    );

    // Asked again, the simulated reads and clicks are the same.
    let again = test
        .wabactl(["status", "--metrics", "--format", "json"])
        .run()
        .json();
    assert_eq!(row(&again, "spring_sale")["read"], read);
}

#[test]
fn a_declared_group_adds_up_its_templates() {
    let test = project()
        .project_file(
            "templates: [templates]\ntemplate_groups:\n  Spring:\n    description: The spring \
             campaign\n    templates: [\"spring_*\"]\n",
        )
        .template("spring_reminder", "Spring beans are nearly gone.");
    test.wabactl(["apply", "--auto-approve"]).run();
    enable(&test);
    send(&test, "order_update", 2);
    send(&test, "spring_sale", 3);
    send(&test, "spring_reminder", 4);

    // Every declared group gets a row beside the templates.
    let json = test
        .wabactl(["status", "--metrics", "--format", "json"])
        .run()
        .json();
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{json}");
    assert_eq!(groups[0]["name"], "Spring", "{json}");
    assert_eq!(groups[0]["templates"], 2, "{json}");
    assert_eq!(groups[0]["sent"], 7, "{json}");
    assert_eq!(json["total"]["sent"], 9, "{json}");

    // --group keeps to the group's templates.
    let json = test
        .wabactl([
            "status",
            "--metrics",
            "--group",
            "Spring",
            "--format",
            "json",
        ])
        .run()
        .json();
    let names: Vec<&str> = json["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["spring_reminder", "spring_sale"], "{json}");
    assert_eq!(json["total"]["sent"], 7, "{json}");
    let human = test
        .wabactl(["status", "--metrics", "--group", "Spring"])
        .run()
        .stdout;
    assert!(human.contains("Spring"), "{human}");

    test.wabactl(["status", "--metrics", "--group", "Autumn"])
        .expect_exit(1)
        .stderr_contains("no template group `Autumn` is declared for this account")
        .stderr_contains("(declared: Spring)")
        .run();
}

#[test]
fn since_is_checked_against_the_lookback_before_any_call() {
    let test = project();
    test.wabactl(["status", "--metrics", "--since", "91d"])
        .expect_exit(1)
        .stderr_contains("Meta keeps template analytics for 90 days")
        .run();
    test.wabactl(["status", "--since", "7d"])
        .expect_exit(1)
        .run();
}
