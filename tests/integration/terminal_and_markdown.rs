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

/// The process named `wabactl` below `pid` (the pseudo-terminal's `script` runs a shell that
/// runs it).
fn wabactl_below(pid: u32) -> Option<u32> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    children
        .split_whitespace()
        .filter_map(|c| c.parse::<u32>().ok())
        .find_map(|child| {
            let name = std::fs::read_to_string(format!("/proc/{child}/comm")).ok()?;
            if name.trim() == "wabactl" {
                Some(child)
            } else {
                wabactl_below(child)
            }
        })
}

#[test]
fn a_stop_signal_clears_the_bar_before_its_notice() {
    use std::io::Read;
    let test = crate::support::account(
        &crate::support::numbered("sig", 12),
        &["--latency-ms", "300", "--create-quota", "0"],
    );
    let mut running = test
        .wabactl(["apply", "--auto-approve", "--parallelism", "1"])
        .limits("exec script -qefc \"stty rows 20 cols 80; $0 $*\" /dev/null")
        .any_exit()
        .spawn();
    let mut terminal = running.child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    // Wait until the bar shows a finished change, then stop the run.
    while !String::from_utf8_lossy(&seen).contains("/12 (") {
        let n = terminal.read(&mut chunk).unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&chunk[..n]);
    }
    let pid = wabactl_below(running.child.id()).expect("wabactl runs in the terminal");
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    terminal.read_to_end(&mut seen).unwrap();
    running.wait();
    let screen = String::from_utf8_lossy(&seen).replace('\r', "\n");
    let notice = screen
        .find("SIGTERM received: no new change starts")
        .unwrap_or_else(|| panic!("{screen}"));
    // No bar is drawn again after the notice: it was cleared, not left above or below it.
    assert!(!screen[notice..].contains("/12 ("), "{}", &screen[notice..]);
    // Each drawing of the bar fits 80 columns.
    let draws: Vec<String> = screen[..notice]
        .split('\n')
        .flat_map(|line| line.split("\u{1b}[2K"))
        .map(without_escapes)
        .filter(|draw| draw.contains("/12 ("))
        .collect();
    assert!(!draws.is_empty(), "{screen}");
    for draw in &draws {
        assert!(draw.chars().count() <= 80, "{draw:?}");
    }
}

/// `text` without its terminal escape sequences (`ESC [ ... letter`).
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn import_notes_wrap_at_the_terminal_width() {
    let body = json!([{"type": "BODY", "text": "Hello, see you soon."}]);
    let test = crate::import::with(
        Test::new(),
        json!([{"id": "700", "name": "greeting", "language": "en_US", "status": "APPROVED",
            "category": "UTILITY", "components": body}]),
    );
    let out = test
        .wabactl(["import"])
        .limits("exec script -qefc \"stty rows 20 cols 50; $0 $*\" /dev/null")
        .run()
        .stdout
        .replace('\r', "");
    let note = out
        .find("note: the files point YAML editors at")
        .map(|at| &out[at..])
        .unwrap_or_else(|| panic!("{out}"));
    let lines: Vec<&str> = note.lines().take_while(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 1, "{out}");
    for line in &lines {
        assert!(line.chars().count() <= 50, "{line:?}\n{out}");
    }
    let joined: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    assert!(
        joined
            .join(" ")
            .contains("which does not exist yet: `wabactl schema` writes it."),
        "{out}"
    );
}
