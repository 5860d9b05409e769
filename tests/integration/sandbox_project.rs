//! `--sandbox` belongs to the project: without a path its account lies beside wabactl.yaml,
//! the same from any of the project's directories; and what the sandbox refuses is said to
//! come from the sandbox, naming its state file, never from Meta.

use crate::support::Test;

#[test]
fn a_subdirectory_of_the_project_uses_the_same_sandbox_account() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .dir("templates/more");
    test.wabactl(["apply", "--sandbox", "--auto-approve"])
        .stdout_contains("Applied: 1 created")
        .run();
    assert!(test.join(".wabactl/sandbox.json").is_file());
    for dir in ["templates", "templates/more"] {
        test.wabactl(["plan", "--sandbox", "--exit-code"])
            .current_dir(dir)
            .stdout_contains("1 template in sync")
            .stdout_contains("Plan: 0 to create")
            .run();
        assert!(!test.join(dir).join(".wabactl").exists(), "{dir}/.wabactl");
    }
    test.wabactl(["send", "order_update", "--to", "+16505551234", "--sandbox"])
        .current_dir("templates/more")
        .stdout_contains("sent order_update (en_US)")
        .run();
}

#[test]
fn outside_a_project_the_sandbox_lies_in_the_working_directory() {
    let test = Test::new().template("order_update", "Your order has shipped.");
    test.wabactl(["plan", "--sandbox"])
        .stdout_contains("1 to create")
        .run();
    assert!(test.join(".wabactl/sandbox.json").is_file());
}

#[test]
fn a_sandbox_refusal_names_the_sandbox_and_its_state_file() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.");
    let refused = test
        .wabactl(["send", "order_update", "--to", "+16505551234"])
        .args(["--sandbox=elsewhere.json"])
        .expect_exit(1)
        .stderr_contains(
            "the sandbox refused the request (code 132001, sandbox state elsewhere.json)",
        )
        .stderr_contains("The sandbox says: Template name does not exist")
        .run();
    assert!(!refused.stderr.contains("Meta"), "{}", refused.stderr);
}
