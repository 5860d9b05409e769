//! `import`: the account's templates written as files (one per name, a document per language)
//! from a sandbox seeded with every GET list response of the corpus, after which `plan` shows
//! no change and `validate` finds no error; refusing to overwrite, `--force`, and the filters.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::support::Served;

use crate::support::CORPUS;
const TOKEN: &str = "import-test-token";
pub(crate) const WABA_ID: &str = "102290129340398";

/// A sandbox account seeded from a saved `GET /message_templates` answer.
pub(crate) struct Account {
    served: Served,
}

impl Account {
    pub(crate) fn seeded(dir: &Path, seed: &Path) -> Self {
        let state = dir.join("sandbox-state.json");
        let served = Served::start(&[
            "--token",
            TOKEN,
            "--waba-id",
            WABA_ID,
            "--state",
            state.to_str().unwrap(),
            "--seed",
            seed.to_str().unwrap(),
        ]);
        Account { served }
    }

    /// A sandbox seeded with `data` (written as a seed file in `dir`).
    pub(crate) fn with(dir: &Path, data: Value) -> Self {
        let seed = dir.join("seed.json");
        std::fs::write(&seed, json!({ "data": data }).to_string()).unwrap();
        Self::seeded(dir, &seed)
    }

    /// `wabactl ARGS` in `dir`, against this account.
    pub(crate) fn run(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wabactl"))
            .args(args)
            .current_dir(dir)
            .env_remove("WABACTL_API_VERSION")
            .env_remove("WHATSAPP_PHONE_NUMBER_ID")
            .env("WABACTL_API_BASE", &self.served.base_url)
            .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A project: `wabactl.yaml` reading `templates/` (created empty).
pub(crate) fn project(dir: &Path) {
    std::fs::write(dir.join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        project(dir.path());
        let account = Account::seeded(dir.path(), seed);
        assert!(account.run(dir.path(), &["schema"]).status.success());

        let import = account.run(dir.path(), &["import"]);
        let (out, err) = (stdout(&import), stderr(&import));
        let skipped: Vec<&str> = err
            .lines()
            .skip_while(|l| *l != "Not imported:")
            .skip(1)
            .filter(|l| l.starts_with("    "))
            .collect();
        // Partial success is exit 1, with every template left out named and explained.
        if skipped.is_empty() {
            assert_eq!(import.status.code(), Some(0), "{name}:\n{out}\n{err}");
        } else {
            assert_eq!(import.status.code(), Some(1), "{name}:\n{out}\n{err}");
            assert!(err.contains("could not be imported"), "{name}:\n{err}");
            for line in &skipped {
                assert!(line.contains("): "), "{name}: no reason in `{line}`");
            }
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
        for file in listing(&dir.path().join("templates")) {
            let text = read(dir.path().join("templates").join(&file));
            assert!(
                text.starts_with(
                    "# yaml-language-server: $schema=../schemas/template.schema.json\nname: "
                ),
                "{name}: {file}:\n{text}"
            );
        }

        let plan = account.run(dir.path(), &["plan", "--exit-code"]);
        assert_eq!(
            plan.status.code(),
            Some(0),
            "{name}:\n{}\n{}",
            stdout(&plan),
            stderr(&plan)
        );
        assert!(
            stdout(&plan).contains(&format!(
                "Plan: 0 to create, 0 to update, 0 to delete; {} unmanaged; 0 blocked",
                skipped.len()
            )),
            "{name}:\n{}",
            stdout(&plan)
        );
        let validate = account.run(dir.path(), &["validate"]);
        let report = stdout(&validate);
        assert_eq!(validate.status.code(), Some(0), "{name}:\n{report}");
        assert!(
            report.contains(&format!("{written} template")) && report.contains(", 0 errors, "),
            "{name}:\n{report}"
        );
    }
    // Two answers were listed with `fields=` that leave out the components: none of their
    // templates can become a valid file. One legacy AUTHENTICATION template breaks the rules.
    assert_eq!(written_total, 14);
}

#[test]
fn media_headers_keep_meta_s_url_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let seed = PathBuf::from(format!(
        "{CORPUS}/responses/docs_get_all_templates_named_and_positional.json"
    ));
    let account = Account::seeded(dir.path(), &seed);
    let import = account.run(dir.path(), &["import"]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let out = stdout(&import);
    assert!(
        out.contains("wrote templates/reservation_confirmation.yaml (en_US)\n    en_US: warning[header-handle-format]"),
        "{out}"
    );
    assert!(out.contains("needs a new upload handle"), "{out}");
    // The schema is not written yet: the output says how.
    assert!(out.contains("`wabactl schema` writes it"), "{out}");
    let text = read(dir.path().join("templates/reservation_confirmation.yaml"));
    assert!(
        text.contains("# Meta's copy of the sample. Editing this header needs a new upload handle"),
        "{text}"
    );
    assert!(text.contains("https://scontent.whatsapp.net/"), "{text}");
    let validate = account.run(dir.path(), &["validate"]);
    assert_eq!(validate.status.code(), Some(0));
    assert!(
        stdout(&validate).contains("2 templates, 0 errors, 1 warning"),
        "{}",
        stdout(&validate)
    );
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let seed = PathBuf::from(format!(
        "{CORPUS}/responses/docs_get_all_templates_named_and_positional.json"
    ));
    let account = Account::seeded(dir.path(), &seed);
    let mine = dir.path().join("templates/reservation_confirmation.yaml");
    let my_text = "# my own notes, not a template yet\n";
    std::fs::write(&mine, my_text).unwrap();

    let refused = account.run(dir.path(), &["import"]);
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(
        err.contains("templates/reservation_confirmation.yaml")
            && err.contains("nothing was written")
            && err.contains("--force")
            && err.contains("--name"),
        "{err}"
    );
    assert_eq!(read(mine.clone()), my_text);
    assert_eq!(
        listing(&dir.path().join("templates")),
        ["reservation_confirmation.yaml"]
    );

    // Leaving the template out with --name writes the rest.
    let other = account.run(dir.path(), &["import", "--name", "coupon_*"]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    assert_eq!(read(mine.clone()), my_text);
    // Declared in a file of its own choosing from now on.
    std::fs::create_dir_all(dir.path().join("templates/archive")).unwrap();
    std::fs::rename(
        dir.path()
            .join("templates/coupon_expiration_reminder_number_vars.yaml"),
        dir.path().join("templates/archive/coupons.yaml"),
    )
    .unwrap();

    let forced = account.run(dir.path(), &["import", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let out = stdout(&forced);
    assert!(
        out.contains("overwrote templates/reservation_confirmation.yaml (en_US)"),
        "{out}"
    );
    // Already declared in a file that is not rewritten: left alone.
    assert!(out.contains("1 already declared in the files"), "{out}");
    assert!(!out.contains("coupon"), "{out}");
    assert!(read(mine).contains("name: reservation_confirmation\n"));
    let plan = account.run(dir.path(), &["plan", "--exit-code"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));

    // Run again: everything is declared, nothing to do.
    let again = account.run(dir.path(), &["import"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("Nothing to import; 2 already declared"),
        "{}",
        stdout(&again)
    );
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
        let dir = tempfile::tempdir().unwrap();
        project(dir.path());
        let account = Account::with(dir.path(), mixed_account());
        let output = account.run(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let files = listing(&dir.path().join("templates"));
        (dir, files, stdout(&output))
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
    let text = read(dir.path().join("templates/order_update.yaml"));
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
    let text = read(dir.path().join("templates/order_update.yaml"));
    assert_eq!(text.matches("name: order_update").count(), 1, "{text}");

    // An explicit PATH elsewhere: the modeline still finds the project's schema.
    let (dir, _, _) = run(&["import", "nested/dir", "--name", "welcome"]);
    let text = read(dir.path().join("nested/dir/welcome.yaml"));
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/template.schema.json\n"),
        "{text}"
    );
}

#[test]
fn force_does_not_drop_what_only_the_old_file_declares() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let account = Account::with(dir.path(), mixed_account());
    let first = account.run(dir.path(), &["import", "--name", "order_update"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let path = dir.path().join("templates/order_update.yaml");
    let before = read(path.clone());

    let narrowed = account.run(dir.path(), &["import", "--force", "--language", "pt_BR"]);
    assert_eq!(narrowed.status.code(), Some(1));
    let err = stderr(&narrowed);
    assert!(
        err.contains("order_update (en_US)") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(read(path), before);
}
