//! What a person reads: notes wrap to the terminal's width, the missing-token error offers the
//! sandbox, and the Markdown plan links each template to its file (absolutely on GitHub
//! Actions) with the approved-edit note outside the collapsed section.

use serde_json::json;

use crate::support::Test;

/// An approved template on the account whose file edits it: an update that uses one of its
/// edits.
fn approved_edit() -> Test {
    let body = json!([{"type": "BODY", "text": "Hello, see you soon."}]);
    Test::new()
        .project()
        .template("greeting", "Hello, see you later.")
        .file(
            "seed.json",
            json!({"data": [{"id": "700", "name": "greeting", "language": "en_US",
                "status": "APPROVED", "category": "UTILITY", "components": body}]})
            .to_string(),
        )
        .sandbox(&["--seed", "seed.json"])
}

#[test]
fn the_approved_edit_note_wraps_at_the_terminal_width() {
    let test = approved_edit();
    for cols in [60, 80] {
        let plan = test
            .wabactl(["plan"])
            .limits(&format!(
                "exec script -qefc \"stty rows 20 cols {cols}; $0 $*\" /dev/null"
            ))
            .run()
            .stdout
            .replace('\r', "");
        let note = plan
            .find("    note: uses one of")
            .map(|at| &plan[at..])
            .unwrap_or_else(|| panic!("{plan}"));
        let lines: Vec<&str> = note.lines().take_while(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 1, "{plan}");
        for line in &lines[..lines.len() - 1] {
            assert!(line.chars().count() <= cols, "{cols}: {line:?}\n{plan}");
        }
        // Continuation lines hang under the text, and no word is cut.
        assert!(lines[1].starts_with("          ") && !lines[1].starts_with("           "));
        let joined: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        assert!(
            joined
                .join(" ")
                .contains("(Meta allows 1 per 24 hours and 10 per 30 days;"),
            "{plan}"
        );
    }
}

#[test]
fn the_missing_token_error_offers_the_sandbox() {
    Test::new()
        .project()
        .template("greeting", "Hello.")
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", "1234")
        .wabactl(["plan"])
        .expect_exit(1)
        .stderr_contains("WHATSAPP_ACCESS_TOKEN is not set")
        .stderr_contains("add --sandbox")
        .run();
}

#[test]
fn the_markdown_plan_links_files_and_keeps_the_edit_note_in_view() {
    let test = approved_edit();
    let markdown = test.wabactl(["plan", "--format", "markdown"]).run().stdout;
    assert!(
        markdown.contains("| `~` | [`greeting`](../blob/HEAD/templates/greeting.yaml#L1) |"),
        "{markdown}"
    );
    let note = markdown.find("> `greeting` (en_US): uses one of").unwrap();
    let details = markdown.find("<details><summary><code>~</code>").unwrap();
    assert!(note < details, "{markdown}");

    // On GitHub Actions: absolute, at the commit, from the repository's root.
    let root = test.path().to_str().unwrap();
    let markdown = test
        .wabactl(["plan", "--format", "markdown"])
        .current_dir("templates")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/templates")
        .env("GITHUB_SHA", "0123abc")
        .env("GITHUB_WORKSPACE", root)
        .run()
        .stdout;
    assert!(
        markdown.contains(
            "[`greeting`](https://github.com/acme/templates/blob/0123abc/templates/greeting.yaml#L1)"
        ),
        "{markdown}"
    );
}
