//! SIGTERM and SIGHUP during `apply` are handled like Ctrl-C: no new change starts, running
//! ones finish, the report of what was done and not done is printed, and the exit code is 1.
//! A second `apply` then finishes the rest, creating nothing twice.

use std::io::{BufRead, BufReader};
use std::process::Command;

use crate::support::{account, identities, numbered};

fn interrupt_with(signal: &str) {
    // Every request takes 300 ms and one change runs at a time: the run lasts ~4 s.
    let test = account(
        &numbered("sig", 12),
        &["--latency-ms", "300", "--create-quota", "0"],
    );
    let mut running = test
        .wabactl(["apply", "--auto-approve", "--parallelism", "1"])
        .any_exit()
        .spawn();
    let mut err_lines = BufReader::new(running.child.stderr.take().unwrap()).lines();
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
        .args([&format!("-{signal}"), &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    progress.extend(err_lines.map(Result::unwrap));
    let output = running.wait();
    let out = output.stdout;
    let progress = progress.join("\n");

    assert_eq!(output.code, 1, "{signal}: {out}\n{progress}");
    assert!(
        progress.contains(&format!("{signal} received: no new change starts")),
        "{progress}"
    );
    assert!(out.contains("Apply report · Account "), "{out}");
    assert!(out.contains("Interrupted:"), "{out}");
    assert!(out.contains("interrupted before it started"), "{out}");
    let created = identities(&test).len();
    assert!(
        (1..12).contains(&created),
        "{created} created before {signal}: {out}"
    );
    assert!(
        out.contains(&format!("Applied: {created} created")),
        "the report matches the account ({created}): {out}"
    );

    test.wabactl(["apply", "--auto-approve"]).run();
    let identities = identities(&test);
    assert_eq!(identities.len(), 12);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
    test.wabactl(["plan", "--exit-code"]).run();
}

#[test]
fn sigterm_stops_apply_with_a_report() {
    interrupt_with("TERM");
}

#[test]
fn sighup_stops_apply_with_a_report() {
    interrupt_with("HUP");
}
