//! `wabactl init`: a new project that validates, plans and applies against a new sandbox
//! account (which holds Meta's `hello_world`) and then has nothing left to do; nothing is
//! overwritten; `--ci` writes a pipeline pinned to this version.

use crate::support::Test;

#[test]
fn a_new_project_converges_on_a_new_sandbox_account() {
    let test = Test::new();
    test.shell(
        "wabactl init demo && cd demo && wabactl plan --sandbox && \
         wabactl apply --sandbox --auto-approve && wabactl plan --sandbox --exit-code",
    )
    .stdout_contains("Plan: 4 to create, 0 to update, 0 to delete")
    .stdout_contains("Applied: 4 created, 0 updated, 0 deleted")
    .stdout_contains("Plan: 0 to create, 0 to update, 0 to delete; 1 unmanaged")
    .run();
    // The sandbox account lives beside the new project, and git is told to leave it out.
    assert!(test.join("demo/.wabactl/sandbox.json").is_file());
    assert_eq!(test.read("demo/.gitignore"), ".wabactl/\n");
    test.wabactl(["validate"])
        .current_dir("demo")
        .stdout_contains("4 templates, 0 errors, 0 warnings")
        .run();
}

#[test]
fn the_schema_comments_resolve_inside_the_project() {
    let test = Test::new();
    test.wabactl(["init"]).run();
    for file in [
        "wabactl.yaml",
        "templates/order_update.yaml",
        "templates/login_code.yaml",
    ] {
        let text = test.read(file);
        let reference = text
            .lines()
            .find_map(|line| line.strip_prefix("# yaml-language-server: $schema="))
            .unwrap_or_else(|| panic!("{file} has no schema comment"));
        let schema = test.join(file).parent().unwrap().join(reference);
        assert!(schema.is_file(), "{file}: {} is missing", schema.display());
    }
    test.wabactl(["schema", "--check"]).run();
}

#[test]
fn init_overwrites_nothing() {
    let test = Test::new().file("demo/templates/order_update.yaml", "mine\n");
    let refused = test
        .wabactl(["init", "demo"])
        .expect_exit(1)
        .stderr_contains("demo already holds templates/order_update.yaml: nothing was written")
        .run();
    assert!(!refused.stdout.contains("written"), "{}", refused.stdout);
    assert_eq!(test.read("demo/templates/order_update.yaml"), "mine\n");
    assert!(!test.join("demo/wabactl.yaml").exists());
}

#[test]
fn init_ci_writes_the_pipeline_pinned_to_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let test = Test::new();
    test.wabactl(["init", "gh", "--ci", "github"])
        .stdout_contains(".github/workflows/templates.yml: written")
        .run();
    let workflow = test.read("gh/.github/workflows/templates.yml");
    assert!(
        workflow.contains(&format!("version: {version}")),
        "{workflow}"
    );
    assert!(workflow.contains("templates/**"), "{workflow}");
    test.wabactl(["init", "gl", "--ci", "gitlab"]).run();
    let pipeline = test.read("gl/.gitlab-ci.yml");
    assert!(
        pipeline.contains(&format!("WABACTL_VERSION: \"{version}\"")),
        "{pipeline}"
    );
    assert!(!test.join("gl/.github").exists());
}
