//! Account selection through the binary: `--account`, `default_account`, and the environment
//! overriding the project file (except where an account was named explicitly).

use crate::support::{Output, Test};

const STAGING_WABA: &str = "111111111111111";
const PROD_WABA: &str = "222222222222222";
const TOKEN: &str = "accounts-test-token";

/// A project with a staging (the default) and a prod account, both on a sandbox that holds
/// the staging account only: prod's id is unknown there.
fn project() -> Test {
    let test = Test::new()
        .waba_id(STAGING_WABA)
        .token(TOKEN)
        .sandbox(&[])
        .env("STAGING_TOKEN", TOKEN)
        .env("PROD_TOKEN", TOKEN);
    let base_url = test.served().base_url.clone();
    test.project_file(&format!(
        "templates: [templates]\n\
         default_account: staging\n\
         accounts:\n  \
           staging:\n    api_base: {base_url}\n    waba_id: \"{STAGING_WABA}\"\n    token_env: STAGING_TOKEN\n  \
           prod:\n    api_base: {base_url}\n    waba_id: \"{PROD_WABA}\"\n    token_env: PROD_TOKEN\n"
    ))
    .dir("templates")
}

/// `status --format json ARGS`, the account and token coming from the project file alone
/// unless `env` says otherwise.
fn status(test: &Test, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut run = test
        .wabactl(["status", "--format", "json"])
        .args(args)
        .env_remove("WABACTL_API_BASE")
        .env_remove("WHATSAPP_ACCESS_TOKEN")
        .env_remove("WHATSAPP_BUSINESS_ACCOUNT_ID")
        .any_exit();
    for (key, value) in env {
        run = run.env(key, *value);
    }
    run.run()
}

fn account_of(output: &Output) -> String {
    assert_eq!(output.code, 0, "{}", output.stderr);
    output.json()["account"].as_str().unwrap().to_owned()
}

#[test]
fn the_default_account_a_named_one_and_the_environment() {
    let test = project();

    // No flag: default_account.
    assert_eq!(account_of(&status(&test, &[], &[])), STAGING_WABA);

    // --account prod: its id is used, and the sandbox does not know it.
    let prod = status(&test, &["--account", "prod"], &[]);
    assert_eq!(prod.code, 1);
    let stderr = &prod.stderr;
    assert!(
        stderr.contains(PROD_WABA) || stderr.contains("does not exist"),
        "{stderr}"
    );

    // Without --account, the environment overrides the file's default account.
    let env = [("WHATSAPP_BUSINESS_ACCOUNT_ID", PROD_WABA)];
    assert_eq!(status(&test, &[], &env).code, 1);

    // Naming the account explicitly wins over a stray environment variable.
    assert_eq!(
        account_of(&status(&test, &["--account", "staging"], &env)),
        STAGING_WABA
    );

    // An unknown account is named, with the known ones.
    let unknown = status(&test, &["--account", "qa"], &[]);
    assert_eq!(unknown.code, 1);
    let stderr = &unknown.stderr;
    assert!(
        stderr.contains("qa") && stderr.contains("staging") && stderr.contains("prod"),
        "{stderr}"
    );
}
