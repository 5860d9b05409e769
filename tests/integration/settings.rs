//! Settings are resolved once per run: every command reads `wabactl.yaml` exactly once, however
//! many settings it takes from it (templates, prune, pacing, the account, send routing).

use crate::support::Test;

/// A project that gives every command something to read from its file.
fn project() -> Test {
    Test::new()
        .project_file(
            "templates: [templates]\nprune:\n  scope: ['order_*']\napply:\n  parallelism: 2\n  \
             create_quota: 50\nsend:\n  marketing_messages: true\n",
        )
        .template("order_update", "Your order has shipped.")
}

/// How many times the run's debug log says it read a project file.
fn reads(test: &Test, args: &[&str]) -> usize {
    let mut all = vec!["-vv"];
    all.extend_from_slice(args);
    let out = test.wabactl(all).run();
    let reads = out.stderr.matches("project file read").count();
    assert!(reads > 0 || !out.stderr.contains("DEBUG"), "{}", out.stderr);
    reads
}

#[test]
fn every_command_reads_the_project_file_once() {
    let test = project();
    let sandbox = "--sandbox=state.json";
    for args in [
        vec!["validate"],
        vec!["validate", "."],
        vec!["plan", sandbox, "--prune"],
        vec!["apply", sandbox, "--auto-approve", "--prune"],
        vec!["status", sandbox],
        vec!["send", "order_update", "--to", "+16505551234", "--dry-run"],
        vec!["send", "order_update", "--to", "+16505551234", sandbox],
        vec!["import", sandbox, "--force"],
    ] {
        assert_eq!(reads(&test, &args), 1, "wabactl {}", args.join(" "));
    }
}

#[test]
fn commands_that_need_no_project_do_not_read_it() {
    let test = project();
    for args in [vec!["schema", "--dir", "out"], vec!["completions", "bash"]] {
        assert_eq!(reads(&test, &args), 0, "wabactl {}", args.join(" "));
    }
}
