//! `--help`, the man pages and the account flags: each command shows the options and the
//! environment variables that apply to it, and `man --dir` writes a page per command.

use crate::support::Test;

const ACCOUNT_COMMANDS: [&str; 5] = ["plan", "apply", "import", "status", "send"];
const OTHER_COMMANDS: [&[&str]; 7] = [
    &["validate"],
    &["preview"],
    &["schema"],
    &["man"],
    &["completions"],
    &["sandbox"],
    &["sandbox", "serve"],
];

fn help(command: &[&str]) -> String {
    let mut args = command.to_vec();
    args.push("--help");
    Test::new().wabactl(args).run().stdout
}

#[test]
fn only_the_account_commands_list_the_account_flags() {
    for command in ACCOUNT_COMMANDS {
        let text = help(&[command]);
        assert!(
            text.contains("--account <NAME>") && text.contains("--sandbox[=<STATE>]"),
            "{command}: {text}"
        );
    }
    for command in OTHER_COMMANDS {
        let text = help(command);
        assert!(
            !text.contains("--account") && !text.contains("--sandbox"),
            "{command:?}: {text}"
        );
    }
    let top = help(&[]);
    assert!(
        !top.contains("--account") && !top.contains("--sandbox["),
        "{top}"
    );
}

#[test]
fn account_flags_before_the_command_still_choose_the_account() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.");
    test.wabactl(["--sandbox=state.json", "plan", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("1 to create")
        .run();
    assert!(test.path().join("state.json").exists());
    // Where no account applies, they are refused with a reason, not ignored.
    test.wabactl(["--account", "prod", "man"])
        .expect_exit(1)
        .stderr_contains("--account and --sandbox choose the account of plan, apply")
        .run();
}

#[test]
fn each_help_lists_the_environment_variables_its_command_reads() {
    let section = |command: &[&str]| {
        let text = help(command);
        let at = text
            .find("\nEnvironment:\n")
            .unwrap_or_else(|| panic!("{command:?}: {text}"));
        text[at..].to_owned()
    };
    let plan = section(&["plan"]);
    for var in [
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_BUSINESS_ACCOUNT_ID",
        "WABACTL_API_BASE",
        "WABACTL_RETRY_ATTEMPTS",
        "GITHUB_STEP_SUMMARY",
        "WABACTL_LOG",
        "NO_COLOR",
    ] {
        assert!(plan.contains(var), "plan lacks {var}: {plan}");
    }
    assert!(!plan.contains("WHATSAPP_PHONE_NUMBER_ID"), "{plan}");
    assert!(section(&["send"]).contains("WHATSAPP_PHONE_NUMBER_ID"));
    let validate = section(&["validate"]);
    assert!(
        validate.contains("WABACTL_LOG") && !validate.contains("WHATSAPP_ACCESS_TOKEN"),
        "{validate}"
    );
    let serve = section(&["sandbox", "serve"]);
    assert!(!serve.contains("WHATSAPP_"), "{serve}");
    // The top level lists them all.
    assert!(section(&[]).contains("WHATSAPP_PHONE_NUMBER_ID"));
}

#[test]
fn man_prints_the_top_page_and_man_dir_writes_one_page_per_command() {
    let test = Test::new();
    let top = test.wabactl(["man"]).run().stdout;
    assert!(
        top.starts_with(".ie") || top.contains(".TH wabactl 1"),
        "{}",
        &top[..200.min(top.len())]
    );
    assert!(
        top.contains(".SH ENVIRONMENT") && top.contains("WHATSAPP_ACCESS_TOKEN"),
        "{top}"
    );
    let written = test.wabactl(["man", "--dir", "man1"]).run().stdout;
    // Every page the top page refers to is there, each with the variables of its command.
    let referred: Vec<String> = top
        .lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .map(|name| name.replace("\\-", "-"))
        .collect();
    assert!(referred.len() >= 10, "{referred:?}");
    for name in referred
        .iter()
        .map(String::as_str)
        .chain(["wabactl", "wabactl-sandbox-serve"])
    {
        let page = test.read(format!("man1/{name}.1"));
        assert!(written.contains(&format!("{name}.1: written")), "{written}");
        assert!(
            page.contains(&format!(".TH {name} 1")) && page.contains(".SH ENVIRONMENT"),
            "{name}: {page}"
        );
    }
    let plan = test.read("man1/wabactl-plan.1");
    assert!(
        plan.contains("GITHUB_STEP_SUMMARY") && plan.contains("\\-\\-account"),
        "{plan}"
    );
    let schema = test.read("man1/wabactl-schema.1");
    assert!(
        !schema.contains("WHATSAPP_ACCESS_TOKEN") && !schema.contains("\\-\\-account"),
        "{schema}"
    );
    // No temporary file is left beside the pages.
    let files = std::fs::read_dir(test.path().join("man1")).unwrap().count();
    assert_eq!(files, written.lines().count(), "{written}");
}
