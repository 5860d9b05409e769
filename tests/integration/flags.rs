//! Flags that mean what they say: the one-account commands (import, send, unpause) take and
//! list only their own flags, `send` names its `--templates` flag, and a PATH that is a
//! project's directory is that project, accounts and `default_account` included.

use crate::support::{Test, template_text};

#[test]
fn one_account_commands_take_no_flags_of_several_accounts() {
    let test = Test::new();
    for command in ["import", "send", "unpause"] {
        let help = test.wabactl([command, "--help"]).run().stdout;
        for flag in ["--all-accounts", "--shard", "--account-concurrency"] {
            assert!(
                !help.contains(flag),
                "{command} --help lists {flag}:\n{help}"
            );
        }
        assert!(help.contains("--account <NAME>"), "{command}:\n{help}");
    }
    test.wabactl(["send", "x", "--to", "+16505551234", "--all-accounts"])
        .expect_exit(1)
        .stderr_contains("unexpected argument '--all-accounts'")
        .run();
    test.wabactl(["unpause", "x", "--shard", "1/2"])
        .expect_exit(1)
        .stderr_contains("unexpected argument '--shard'")
        .run();
}

#[test]
fn send_without_templates_names_its_templates_flag() {
    Test::new()
        .wabactl(["send", "x", "--to", "+16505551234", "--sandbox"])
        .expect_exit(1)
        .stderr_contains("no templates to read: give --templates PATH")
        .run();
}

#[test]
fn a_path_that_is_a_project_directory_is_that_project() {
    let test = Test::new()
        .file(
            "shop/wabactl.yaml",
            "templates: [templates]\ndefault_account: production\naccounts:\n  \
             staging:\n    waba_id: \"1111\"\n  production:\n    waba_id: \"2222\"\n",
        )
        .file(
            "shop/templates/order_update.yaml",
            template_text("order_update", "Your order has shipped."),
        );
    // From outside the project: its default account, its sandbox beside its project file.
    test.wabactl(["apply", "--sandbox", "--auto-approve", "shop"])
        .stdout_contains("Account production · WABA 2222")
        .stdout_contains("Applied: 1 created")
        .run();
    assert!(test.join("shop/.wabactl/sandbox-production.json").is_file());
    assert!(!test.join(".wabactl").exists());
    test.wabactl(["plan", "--sandbox", "--exit-code", "shop"])
        .stdout_contains("1 template in sync")
        .run();
    test.wabactl(["plan", "--sandbox", "--account", "staging", "shop"])
        .stdout_contains("Account staging · WABA 1111")
        .stdout_contains("1 to create")
        .run();
    test.wabactl(["send", "order_update", "--to", "+16505551234", "--sandbox"])
        .args(["--templates", "shop"])
        .stdout_contains("sent order_update (en_US)")
        .run();
}
