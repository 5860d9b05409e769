//! SIGTERM and SIGHUP during `apply` are handled like Ctrl-C: no new change starts, running
//! ones finish, the report of what was done and not done is printed, and the exit code is 1.
//! A second `apply` then finishes the rest, creating nothing twice.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use crate::apply::{Served, code, numbered, project, stderr};

fn interrupt_with(signal: &str) {
    let templates = numbered("sig", 12);
    let dir = project(&templates);
    // Every request takes 300 ms and one change runs at a time: the run lasts ~4 s.
    let sandbox = Served::start(dir.path(), &["--latency-ms", "300", "--create-quota", "0"]);
    let mut child = sandbox
        .command(
            dir.path(),
            &["apply", "--auto-approve", "--parallelism", "1"],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err_lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut progress = Vec::new();
    // Wait for the first finished change, then signal.
    for line in err_lines.by_ref() {
        let line = line.unwrap();
        let first_done = line.contains("created sig_");
        progress.push(line);
        if first_done {
            break;
        }
    }
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    progress.extend(err_lines.map(Result::unwrap));
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = child.wait().unwrap();
    let progress = progress.join("\n");

    assert_eq!(status.code(), Some(1), "{signal}: {out}\n{progress}");
    assert!(
        progress.contains(&format!("{signal} received: no new change starts")),
        "{progress}"
    );
    assert!(out.contains("Apply report for account"), "{out}");
    assert!(out.contains("Interrupted:"), "{out}");
    assert!(out.contains("interrupted before it started"), "{out}");
    let created = sandbox.identities().len();
    assert!(
        (1..12).contains(&created),
        "{created} created before {signal}: {out}"
    );
    assert!(
        out.contains(&format!("Applied: {created} created")),
        "the report matches the account ({created}): {out}"
    );

    let again = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let identities = sandbox.identities();
    assert_eq!(identities.len(), 12);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
    let plan = sandbox.run(dir.path(), &["plan", "--exit-code"]);
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
}

#[test]
fn sigterm_stops_apply_with_a_report() {
    interrupt_with("TERM");
}

#[test]
fn sighup_stops_apply_with_a_report() {
    interrupt_with("HUP");
}
