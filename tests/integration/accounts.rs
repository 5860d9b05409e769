//! Account selection through the binary: `--account`, `default_account`, and the environment
//! overriding the project file (except where an account was named explicitly).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::Served;

const STAGING_WABA: &str = "111111111111111";
const PROD_WABA: &str = "222222222222222";
const TOKEN: &str = "accounts-test-token";

fn project(dir: &Path, base_url: &str) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("wabactl.yaml"),
        format!(
            "templates: [templates]\n\
             default_account: staging\n\
             accounts:\n  \
               staging:\n    api_base: {base_url}\n    waba_id: \"{STAGING_WABA}\"\n    token_env: STAGING_TOKEN\n  \
               prod:\n    api_base: {base_url}\n    waba_id: \"{PROD_WABA}\"\n    token_env: PROD_TOKEN\n"
        ),
    )
    .unwrap();
}

fn status(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wabactl"));
    command
        .current_dir(dir)
        .env_remove("WHATSAPP_BUSINESS_ACCOUNT_ID")
        .env_remove("WHATSAPP_ACCESS_TOKEN")
        .env_remove("WABACTL_API_BASE")
        .env("STAGING_TOKEN", TOKEN)
        .env("PROD_TOKEN", TOKEN)
        .env("NO_COLOR", "1")
        .args(["status", "--format", "json"])
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn account_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["account"].as_str().unwrap().to_owned()
}

#[test]
fn the_default_account_a_named_one_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    // The sandbox holds the staging account only: prod's id is unknown there.
    let sandbox = Served::start(&[
        "--waba-id",
        STAGING_WABA,
        "--token",
        TOKEN,
        "--state",
        state.to_str().unwrap(),
    ]);
    project(dir.path(), &sandbox.base_url);

    // No flag: default_account.
    assert_eq!(account_of(&status(dir.path(), &[], &[])), STAGING_WABA);

    // --account prod: its id is used, and the sandbox does not know it.
    let prod = status(dir.path(), &["--account", "prod"], &[]);
    assert_eq!(prod.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&prod.stderr);
    assert!(
        stderr.contains(PROD_WABA) || stderr.contains("does not exist"),
        "{stderr}"
    );

    // Without --account, the environment overrides the file's default account.
    let env = [("WHATSAPP_BUSINESS_ACCOUNT_ID", PROD_WABA)];
    assert_eq!(status(dir.path(), &[], &env).status.code(), Some(1));

    // Naming the account explicitly wins over a stray environment variable.
    assert_eq!(
        account_of(&status(dir.path(), &["--account", "staging"], &env)),
        STAGING_WABA
    );

    // An unknown account is named, with the known ones.
    let unknown = status(dir.path(), &["--account", "qa"], &[]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("qa") && stderr.contains("staging") && stderr.contains("prod"),
        "{stderr}"
    );
}
