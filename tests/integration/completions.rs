//! Shell completions: the script `wabactl completions SHELL` prints asks the binary, which
//! offers account names from wabactl.yaml, template names from the files and statuses.

use std::path::Path;
use std::process::Command;

use crate::support::{Test, isolate};

fn project() -> Test {
    Test::new()
        .project_file("templates: [templates]\naccounts:\n  prod:\n    waba_id: \"1\"\n  staging:\n    waba_id: \"2\"\n")
        .template("order_update", "Your order has shipped.")
        .template("cart_reminder", "Your cart misses you.")
}

/// What the binary offers for the last of `words` (the fish protocol: one candidate a line,
/// its help after a tab).
fn candidates(test: &Test, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "wabactl"];
    args.extend_from_slice(words);
    let out = test.wabactl(args).env("COMPLETE", "fish").run().stdout;
    out.lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

#[test]
fn the_bash_script_completes_account_names_from_the_project_file() {
    let test = project();
    let script = test.wabactl(["completions", "bash"]).run().stdout;
    test.write("wabactl.bash", &script);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_wabactl")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = isolate(&mut Command::new("bash"))
        .current_dir(test.path())
        .env("PATH", path)
        .args([
            "-c",
            r#"source wabactl.bash
COMP_WORDS=(wabactl plan --account ""); COMP_CWORD=3; COMP_LINE="wabactl plan --account "
COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
_clap_complete_wabactl wabactl "" --account
printf '%s\n' "${COMPREPLY[@]}""#,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout,
        "prod\nstaging\n",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn completions_offer_accounts_templates_and_statuses() {
    let test = project();
    assert_eq!(
        candidates(&test, &["status", "--account", ""]),
        ["prod", "staging"]
    );
    assert_eq!(candidates(&test, &["send", "--account", "p"]), ["prod"]);
    assert_eq!(
        candidates(&test, &["plan", "--name", ""]),
        ["cart_reminder", "order_update"]
    );
    assert_eq!(
        candidates(&test, &["status", "--name", "ord"]),
        ["order_update"]
    );
    let send = candidates(&test, &["send", ""]);
    assert!(
        send.starts_with(&["cart_reminder".to_owned(), "order_update".to_owned()]),
        "{send:?}"
    );
    let statuses = candidates(&test, &["status", "--status", ""]);
    for status in [
        "APPROVED",
        "PENDING",
        "REJECTED",
        "PAUSED",
        "NOT_ON_ACCOUNT",
    ] {
        assert!(
            statuses.iter().any(|s| s == status),
            "{status} not in {statuses:?}"
        );
    }
    // Outside a project there is nothing to offer, and no error in the middle of a command line.
    let empty = Test::new();
    assert!(candidates(&empty, &["plan", "--account", ""]).is_empty());
    // Only the account commands complete --account at all.
    assert!(
        !candidates(&test, &["validate", "--"])
            .iter()
            .any(|c| c == "--account")
    );
    assert!(
        candidates(&test, &["plan", "--"])
            .iter()
            .any(|c| c == "--account")
    );
}
