//! `import`: the account's templates written as files (one per name, a document per language)
//! from a sandbox seeded with every GET list response of the corpus, after which `plan` shows
//! no change and `validate` finds no error; refusing to overwrite, `--force`, and the filters.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{CORPUS, Test};

/// A project (`wabactl.yaml` reading `templates/`) served by a sandbox account seeded from
/// a saved `GET /message_templates` answer.
fn seeded(seed: &Path) -> Test {
    Test::new()
        .project()
        .sandbox(&["--seed", seed.to_str().unwrap()])
}

/// A project made of `test`'s files served by a sandbox account holding `data`.
pub(crate) fn with(test: Test, data: Value) -> Test {
    test.project()
        .file("seed.json", json!({ "data": data }).to_string())
        .sandbox(&["--seed", "seed.json"])
}

/// The saved GET list answers of the corpus: every `*_get_*` response with a `data` array.
fn list_responses() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(format!("{CORPUS}/responses"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let value: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            name.contains("_get_") && value.get("data").is_some_and(Value::is_array)
        })
        .collect();
    files.sort();
    files
}

/// The file names under `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_list_response_imports_in_sync_and_valid() {
    let responses = list_responses();
    assert_eq!(responses.len(), 8, "{responses:?}");
    let mut written_total = 0;
    for seed in &responses {
        let name = seed.file_name().unwrap().to_str().unwrap();
        let test = seeded(seed);
        test.wabactl(["schema"]).run();

        let import = test.wabactl(["import"]).any_exit().run();
        let (out, err) = (&import.stdout, &import.stderr);
        let skipped: Vec<&str> = err
            .lines()
            .skip_while(|l| *l != "Not imported:")
            .skip(1)
            .filter(|l| l.starts_with("    "))
            .collect();
        // What files can hold is written, exit 0; every template left out is named and
        // explained in a warning.
        assert_eq!(import.code, 0, "{name}:\n{out}\n{err}");
        if !skipped.is_empty() {
            assert!(err.contains("warning: "), "{name}:\n{err}");
            assert!(err.contains("could not be imported"), "{name}:\n{err}");
            for line in &skipped {
                assert!(line.contains("): "), "{name}: no reason in `{line}`");
            }
            // --strict makes what could not be imported a failure.
            test.wabactl(["import", "--strict"])
                .expect_exit(1)
                .stderr_contains("could not be imported")
                .run();
        }
        let written: usize = out
            .lines()
            .filter(|l| l.starts_with("wrote templates/"))
            .map(|l| l.matches(", ").count() + 1)
            .sum();
        let live = serde_json::from_str::<Value>(&read(seed.clone())).unwrap()["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| !matches!(t["status"].as_str(), Some("DELETED" | "PENDING_DELETION")))
            .count();
        assert_eq!(written + skipped.len(), live, "{name}:\n{out}\n{err}");
        written_total += written;
        for file in listing(&test.join("templates")) {
            let text = read(test.join("templates").join(&file));
            assert!(
                text.starts_with(
                    "# yaml-language-server: $schema=../schemas/template.schema.json\nname: "
                ),
                "{name}: {file}:\n{text}"
            );
        }

        let plan = test.wabactl(["plan", "--exit-code"]).any_exit().run();
        // Imported templates that cannot be sent (REJECTED, PAUSED, ...) need attention, and
        // --exit-code says so; nothing is to change.
        let expected = if plan.stdout.contains(" need attention")
            || plan.stdout.contains(" needs attention")
        {
            2
        } else {
            0
        };
        assert_eq!(
            plan.code, expected,
            "{name}:\n{}\n{}",
            plan.stdout, plan.stderr
        );
        assert!(
            plan.stdout.contains(&format!(
                "Plan: 0 to create, 0 to update, 0 to delete; {} unmanaged; 0 blocked",
                skipped.len()
            )),
            "{name}:\n{}",
            plan.stdout
        );
        let validate = test.wabactl(["validate"]).any_exit().run();
        let report = &validate.stdout;
        assert_eq!(validate.code, 0, "{name}:\n{report}");
        assert!(
            report.contains(&format!("{written} template")) && report.contains(", 0 errors, "),
            "{name}:\n{report}"
        );
    }
    // Two answers were listed with `fields=` that leave out the components: none of their
    // templates can become a valid file. One legacy AUTHENTICATION template breaks the rules.
    assert_eq!(written_total, 14);
}

fn named_and_positional() -> PathBuf {
    PathBuf::from(format!(
        "{CORPUS}/responses/docs_get_all_templates_named_and_positional.json"
    ))
}

#[test]
fn media_headers_keep_meta_s_url_with_a_note() {
    let test = seeded(&named_and_positional());
    let out = test.wabactl(["import"]).run().stdout;
    assert!(
        out.contains("wrote templates/reservation_confirmation.yaml (en_US)\n    en_US: warning[header-handle-format]"),
        "{out}"
    );
    assert!(out.contains("needs a new upload handle"), "{out}");
    // The schema is not written yet: the output says how.
    assert!(out.contains("`wabactl schema` writes it"), "{out}");
    let text = test.read("templates/reservation_confirmation.yaml");
    assert!(
        text.contains("# Meta's copy of the sample. Editing this header needs a new upload handle"),
        "{text}"
    );
    assert!(text.contains("https://scontent.whatsapp.net/"), "{text}");
    test.wabactl(["validate"])
        .stdout_contains("2 templates, 0 errors, 1 warning")
        .run();
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let test = seeded(&named_and_positional());
    let mine = test.join("templates/reservation_confirmation.yaml");
    let my_text = "# my own notes, not a template yet\n";
    std::fs::write(&mine, my_text).unwrap();

    let err = test.wabactl(["import"]).expect_exit(1).run().stderr;
    assert!(
        err.contains("templates/reservation_confirmation.yaml")
            && err.contains("nothing was written")
            && err.contains("--force")
            && err.contains("--name"),
        "{err}"
    );
    assert_eq!(read(mine.clone()), my_text);
    assert_eq!(
        listing(&test.join("templates")),
        ["reservation_confirmation.yaml"]
    );

    // Leaving the template out with --name writes the rest.
    test.wabactl(["import", "--name", "coupon_*"]).run();
    assert_eq!(read(mine.clone()), my_text);
    // Declared in a file of its own choosing from now on.
    std::fs::create_dir_all(test.join("templates/archive")).unwrap();
    std::fs::rename(
        test.join("templates/coupon_expiration_reminder_number_vars.yaml"),
        test.join("templates/archive/coupons.yaml"),
    )
    .unwrap();

    let out = test.wabactl(["import", "--force"]).run().stdout;
    assert!(
        out.contains("overwrote templates/reservation_confirmation.yaml (en_US)"),
        "{out}"
    );
    // Already declared in a file that is not rewritten: left alone.
    assert!(out.contains("1 already declared in the files"), "{out}");
    assert!(!out.contains("coupon"), "{out}");
    assert!(read(mine).contains("name: reservation_confirmation\n"));
    test.wabactl(["plan", "--exit-code"]).run();

    // Run again: everything is declared, nothing to do.
    test.wabactl(["import"])
        .stdout_contains("Nothing to import; 2 already declared")
        .run();
}

/// An account with one name in two languages, and one template per review status.
pub(crate) fn mixed_account() -> Value {
    let body = |text: &str| json!([{"type": "BODY", "text": text}]);
    json!([
        {"id": "101", "name": "order_update", "language": "pt_BR", "status": "APPROVED",
         "category": "UTILITY", "quality_score": {"score": "GREEN"},
         "components": body("Seu pedido foi enviado.\nObrigado!")},
        {"id": "102", "name": "order_update", "language": "en_US", "status": "APPROVED",
         "category": "UTILITY", "quality_score": {"score": "YELLOW"},
         "components": body("Your order has shipped.\nThank you!")},
        {"id": "103", "name": "spring_promo", "language": "en_US", "status": "REJECTED",
         "category": "MARKETING", "rejected_reason": "PROMOTIONAL",
         "components": body("Spring is here: everything is half price this week.")},
        {"id": "104", "name": "welcome", "language": "en_US", "status": "PENDING",
         "category": "MARKETING", "components": body("Welcome to Cobalt Coffee Roasters.")},
        {"id": "105", "name": "loyalty_points", "language": "en_US", "status": "APPROVED",
         "category": "MARKETING", "previous_category": "UTILITY",
         "quality_score": {"score": "GREEN"},
         "components": body("You have earned new loyalty points this month.")},
        {"id": "106", "name": "old_notice", "language": "en_US", "status": "DELETED",
         "category": "UTILITY", "components": body("This notice is no longer sent.")}
    ])
}

#[test]
fn filters_and_layout() {
    let run = |args: &[&str]| {
        let test = with(Test::new(), mixed_account());
        let output = test.wabactl(args).run();
        let files = listing(&test.join("templates"));
        (test, files, output.stdout)
    };

    let (dir, files, out) = run(&["import"]);
    assert_eq!(
        files,
        [
            "loyalty_points.yaml",
            "order_update.yaml",
            "spring_promo.yaml",
            "welcome.yaml"
        ],
        "DELETED is left out by default"
    );
    assert!(
        out.contains("wrote templates/order_update.yaml (en_US, pt_BR)"),
        "{out}"
    );
    assert!(
        out.contains("Imported 5 templates into 4 files under templates."),
        "{out}"
    );
    let text = dir.read("templates/order_update.yaml");
    let modeline = "# yaml-language-server: $schema=../schemas/template.schema.json\n";
    let expected = format!(
        "{modeline}name: order_update\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: |-\n      Your order has shipped.\n      Thank you!\n---\n{modeline}name: order_update\nlanguage: pt_BR\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: |-\n      Seu pedido foi enviado.\n      Obrigado!\n"
    );
    assert_eq!(text, expected);

    let (_dir, files, _) = run(&["import", "--name", "order_*", "--name", "wel?ome"]);
    assert_eq!(files, ["order_update.yaml", "welcome.yaml"]);

    let (_dir, files, _) = run(&["import", "--status", "rejected", "--status", "PENDING"]);
    assert_eq!(files, ["spring_promo.yaml", "welcome.yaml"]);

    let (_dir, files, _) = run(&["import", "--status", "DELETED"]);
    assert_eq!(files, ["old_notice.yaml"]);

    let (dir, files, out) = run(&["import", "--language", "pt_BR"]);
    assert_eq!(files, ["order_update.yaml"]);
    assert!(
        out.contains("wrote templates/order_update.yaml (pt_BR)"),
        "{out}"
    );
    let text = dir.read("templates/order_update.yaml");
    assert_eq!(text.matches("name: order_update").count(), 1, "{text}");

    // An explicit PATH elsewhere: the modeline still finds the project's schema.
    let (dir, _, _) = run(&["import", "nested/dir", "--name", "welcome"]);
    let text = dir.read("nested/dir/welcome.yaml");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/template.schema.json\n"),
        "{text}"
    );
}

#[test]
fn force_does_not_drop_what_only_the_old_file_declares() {
    let test = with(Test::new(), mixed_account());
    test.wabactl(["import", "--name", "order_update"]).run();
    let path = test.join("templates/order_update.yaml");
    let before = read(path.clone());

    let err = test
        .wabactl(["import", "--force", "--language", "pt_BR"])
        .expect_exit(1)
        .run()
        .stderr;
    assert!(
        err.contains("order_update (en_US)") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(read(path), before);
}
