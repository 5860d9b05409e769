//! What `plan` (and `apply`, `status`) print, through the binary: the attention section for
//! declared templates that cannot be sent, and the header naming the account and where it is.

use serde_json::{Value, json};

use crate::support::{Test, WABA_ID, template_text};

/// Declared templates, each on the account exactly as the file says, in the given statuses.
fn unsendable_account() -> Test {
    let body = |text: &str| json!([{"type": "BODY", "text": text}]);
    let mut data = Vec::new();
    let mut test = Test::new().project();
    for (i, (name, status)) in [
        ("spring_promo", "REJECTED"),
        ("low_rated", "PAUSED"),
        ("spammy", "DISABLED"),
        ("fine", "APPROVED"),
        ("in_review", "PENDING"),
    ]
    .into_iter()
    .enumerate()
    {
        let text = format!("Hello from {name}, see you soon.");
        test = test.file(
            &format!("templates/{name}.yaml"),
            template_text(name, &text),
        );
        let mut entry = json!({"id": format!("{}", 500 + i), "name": name, "language": "en_US",
            "status": status, "category": "UTILITY", "components": body(&text)});
        if status == "REJECTED" {
            entry["rejected_reason"] = json!("PROMOTIONAL");
        }
        data.push(entry);
    }
    test.file(
        "seed.json",
        json!({ "data": Value::Array(data) }).to_string(),
    )
    .sandbox(&["--seed", "seed.json"])
}

/// The loopback port changes every run.
fn redact_port(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("127.0.0.1:") {
        let (head, tail) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(head);
        out.push_str("PORT");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[test]
fn templates_that_cannot_be_sent_need_attention_in_every_format() {
    let test = unsendable_account();
    let human = test
        .wabactl(["plan", "--exit-code"])
        .expect_exit(2)
        .run()
        .stdout;
    insta::assert_snapshot!("attention_human", redact_port(&human));
    assert!(human.contains("; 3 need attention"), "{human}");

    let markdown = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    insta::assert_snapshot!("attention_markdown", redact_port(&markdown));

    let plan = test.wabactl(["plan", "--format", "json"]).run().json();
    assert_eq!(plan["has_changes"], false);
    assert_eq!(plan["counts"]["attention"], 3);
    let listed: Vec<(&str, &str)> = plan["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("low_rated", "PAUSED"),
            ("spammy", "DISABLED"),
            ("spring_promo", "REJECTED")
        ]
    );
    assert!(
        plan["attention"][2]["reason"]
            .as_str()
            .unwrap()
            .contains("PROMOTIONAL")
    );
}

#[test]
fn a_plan_without_unsendable_templates_exits_0() {
    let test = Test::new()
        .project()
        .template("fine", "Hello, see you soon.")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    let plan = test
        .wabactl(["plan", "--exit-code", "--format", "json"])
        .run()
        .json();
    assert!(plan.get("attention").is_none(), "{plan}");
}

#[test]
fn the_header_names_the_account_the_version_and_the_sandbox_in_every_command() {
    let test = Test::new()
        .project_file(&format!(
            "templates: [templates]\naccounts:\n  staging:\n    waba_id: \"{WABA_ID}\"\n"
        ))
        .template("fine", "Hello, see you soon.");
    let expected = format!(
        "Account staging · WABA {WABA_ID} · Graph API v26.0 · local sandbox at http://127.0.0.1:PORT, not Meta"
    );
    let args = ["--account", "staging", "--sandbox=state.json"];
    let plan = test
        .wabactl(args.iter().copied().chain(["plan"]))
        .run()
        .stdout;
    assert_eq!(redact_port(plan.lines().next().unwrap()), expected);
    let markdown = test
        .wabactl(args.iter().copied().chain(["plan", "--format", "markdown"]))
        .run()
        .stdout;
    assert!(redact_port(&markdown).contains(&expected), "{markdown}");
    let json = test
        .wabactl(args.iter().copied().chain(["plan", "--format", "json"]))
        .run()
        .json();
    assert_eq!(json["endpoint"]["kind"], "local");
    assert_eq!(json["endpoint"]["account_name"], "staging");
    let applied = test
        .wabactl(args.iter().copied().chain(["apply", "--auto-approve"]))
        .run()
        .stdout;
    assert!(
        redact_port(&applied).contains(&format!("Apply report · {expected}")),
        "{applied}"
    );
    let status = test
        .wabactl(args.iter().copied().chain(["status"]))
        .run()
        .stdout;
    assert_eq!(redact_port(status.lines().next().unwrap()), expected);
    let status = test
        .wabactl(args.iter().copied().chain(["status", "--format", "json"]))
        .run()
        .json();
    assert_eq!(status["endpoint"]["kind"], "local");
    assert_eq!(status["api_version"], "v26.0");
}

#[test]
fn templates_sort_with_numbers_by_value_in_plan_and_status() {
    let mut test = Test::new().project();
    for name in ["promo_100", "promo_10", "promo_2", "promo_1"] {
        test = test.template(name, "Hello, see you soon.");
    }
    let test = test.sandbox(&[]);
    let plan = test.wabactl(["plan"]).run().stdout;
    let order: Vec<&str> = plan
        .lines()
        .filter_map(|l| l.strip_prefix("+ "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        order,
        ["promo_1", "promo_2", "promo_10", "promo_100"],
        "{plan}"
    );
    test.wabactl(["apply", "--auto-approve"]).run();
    let status = test.wabactl(["status", "--format", "json"]).run().json();
    let order: Vec<&str> = status["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["promo_1", "promo_2", "promo_10", "promo_100"]);
}

#[test]
fn a_typo_is_never_offered_a_destructive_flag() {
    let test = Test::new();
    for (args, flag) in [
        (&["plan", "--dryrun"][..], "--prune"),
        (&["apply", "--forc"][..], "--force"),
        (&["apply", "--auto-aprove"][..], "--auto-approve"),
    ] {
        let out = test.wabactl(args).expect_exit(1).run();
        assert!(out.stderr.contains("unexpected argument"), "{}", out.stderr);
        assert!(!out.stderr.contains(flag), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("Usage: wabactl {} [OPTIONS]", args[0]))
        );
    }
    // A harmless suggestion stays.
    let out = test
        .wabactl(["plan", "--forma", "json"])
        .expect_exit(1)
        .run();
    assert!(
        out.stderr.contains("a similar argument exists: '--format'"),
        "{}",
        out.stderr
    );
}

#[test]
fn paths_are_relative_to_the_working_directory_from_the_project_file_and_from_arguments() {
    let test = Test::new()
        .project()
        .file(
            "templates/bad.yaml",
            template_text("Bad-Name", "Hello, see you soon."),
        )
        .dir("sub");
    let absolute = test.join("templates").display().to_string();
    for (dir, args, shown) in [
        (
            ".",
            vec!["validate", "--format", "json"],
            "templates/bad.yaml",
        ),
        (
            ".",
            vec!["validate", "--format", "json", &absolute],
            "templates/bad.yaml",
        ),
        (
            "sub",
            vec!["validate", "--format", "json"],
            "../templates/bad.yaml",
        ),
        (
            "sub",
            vec!["validate", "--format", "json", &absolute],
            "../templates/bad.yaml",
        ),
        (
            "sub",
            vec!["validate", "--format", "json", "../sub/../templates"],
            "../templates/bad.yaml",
        ),
    ] {
        let json = test
            .wabactl(&args)
            .current_dir(dir)
            .expect_exit(1)
            .run()
            .json();
        assert_eq!(json["diagnostics"][0]["file"], shown, "{dir} {args:?}");
    }
    let test = Test::new()
        .project()
        .template("fine", "Hello, see you soon.");
    let absolute = test.join("templates").display().to_string();
    let markdown = test
        .wabactl([
            "plan",
            "--sandbox=s.json",
            "--format",
            "markdown",
            &absolute,
        ])
        .run()
        .stdout;
    assert!(markdown.contains("`templates/fine.yaml:1`"), "{markdown}");
    assert!(!markdown.contains(&absolute), "{markdown}");
}

/// A template in review whose file changed: its plan explains the block in long lines.
fn pending_edit() -> Test {
    let body = json!([{"type": "BODY", "text": "Hello, see you soon."}]);
    Test::new()
        .project()
        .template("in_review", "Hello, see you later.")
        .file(
            "seed.json",
            json!({"data": [{"id": "700", "name": "in_review", "language": "en_US",
                "status": "PENDING", "category": "UTILITY", "components": body}]})
            .to_string(),
        )
        .sandbox(&["--seed", "seed.json"])
}

#[test]
fn explanations_stay_on_one_line_outside_a_terminal() {
    let test = pending_edit();
    let plan = test.wabactl(["plan"]).run().stdout;
    assert!(
        plan.contains(
            "\n    why: the template is in review (up to 24 hours) and cannot be edited meanwhile\n"
        ),
        "{plan}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn explanations_wrap_to_the_terminal_width() {
    // A pseudo-terminal from util-linux `script` (in every Linux base system).
    let test = pending_edit();
    let plan = test
        .wabactl(["plan"])
        .limits("exec script -qefc \"stty rows 20 cols 60; $0 $*\" /dev/null")
        .run()
        .stdout
        .replace('\r', "");
    let why = plan
        .find("    why: ")
        .map(|at| &plan[at..])
        .unwrap_or_else(|| panic!("{plan}"));
    let lines: Vec<&str> = why.lines().take(3).collect();
    assert_eq!(
        lines[0], "    why: the template is in review (up to 24 hours) and",
        "{plan}"
    );
    assert_eq!(lines[1], "         cannot be edited meanwhile", "{plan}");
    assert!(lines[2].starts_with("    unblocks: "), "{plan}");
}
