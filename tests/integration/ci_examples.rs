//! The CI examples' own shell steps (`examples/ci`), taken from the workflow files and run as
//! the CI runs them, against a sandbox account: the pull request's plan is kept, and on merge
//! it is applied only as reviewed; an edited (and sealed again), a stale or a missing plan is
//! refused with nothing changed; a re-run of an older run applies nothing. The steps that only
//! talk to GitHub's or GitLab's own API (comments, fetching the artifact) are not run here.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::identities;
use crate::support::{REPO, Run, TOKEN, Test, template_text};

const WABA_ID: &str = "7770002";

/// A repository of two templates, served by a sandbox account.
fn repository() -> Test {
    Test::new()
        .waba_id(WABA_ID)
        .template("offer_000", "Your offer number 0 is ready.")
        .template("offer_001", "Your offer number 1 is ready.")
        .sandbox(&[])
}

fn example(name: &str) -> Value {
    let path = Path::new(REPO).join("examples/ci").join(name);
    serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// What the platform puts in a step's `${{ }}` expressions and `$VARIABLES` here.
const GITHUB_CONTEXT: [(&str, &str); 4] = [
    ("${{ secrets.WHATSAPP_READ_TOKEN }}", TOKEN),
    ("${{ secrets.WHATSAPP_ACCESS_TOKEN }}", TOKEN),
    ("${{ vars.WHATSAPP_BUSINESS_ACCOUNT_ID }}", WABA_ID),
    (
        "${{ vars.WHATSAPP_PHONE_NUMBER_ID }}",
        crate::support::PHONE_ID,
    ),
];

/// A step's script and environment.
struct Step {
    script: String,
    env: Vec<(String, String)>,
}

/// The step `id` of `job` in the GitHub example, its `env` filled from `context`. Its script
/// holds no `${{ }}` expression: those are passed through `env`, never pasted into a script.
fn github_step(job: &str, id: &str, context: &[(&str, &str)]) -> Step {
    let workflow = example("github-actions.yml");
    let step = workflow["jobs"][job]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id} in job {job}"))
        .clone();
    let script = step["run"].as_str().unwrap().to_owned();
    assert!(!script.contains("${{"), "{script}");
    let env = step["env"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            let value = value.as_str().unwrap();
            let given = context
                .iter()
                .chain(&GITHUB_CONTEXT)
                .find(|(expression, _)| *expression == value)
                .unwrap_or_else(|| panic!("no value here for {key}: {value}"));
            (key.clone(), given.1.to_owned())
        })
        .collect();
    Step { script, env }
}

/// The script of GitLab job `job` (its lines run by one shell, as the runner does) and its
/// `variables`, each `$NAME` given from `given`.
fn gitlab_job(job: &str, given: &[(&str, &str)]) -> Step {
    let pipeline = example("gitlab-ci.yml");
    let lines: Vec<&str> = pipeline[job]["script"]
        .as_array()
        .unwrap_or_else(|| panic!("no job {job}"))
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let env = pipeline[job]["variables"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            let name = value.as_str().unwrap().trim_start_matches('$');
            let given = given.iter().find(|(n, _)| *n == name).unwrap();
            (key.clone(), given.1.to_owned())
        })
        .collect();
    Step {
        script: lines.join("\n"),
        env,
    }
}

impl Step {
    fn run<'t>(&self, test: &'t Test, env: &[(&str, &str)]) -> Run<'t> {
        let mut run = test.shell(&self.script);
        for (key, value) in self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(env.iter().copied())
        {
            run = run.env(key, value);
        }
        run
    }
}

/// Seals `plan` again, as anyone holding a plan file can.
fn reseal(plan: Value) -> String {
    let plan: wabactl::reconcile::Plan = serde_json::from_value(plan).unwrap();
    serde_json::to_string_pretty(&plan.sealed()).unwrap()
}

/// The template files change on a later commit, and the account changes outside this
/// repository (another project's apply).
fn change_the_account(test: &Test) {
    test.write(
        "other/templates/elsewhere.yaml",
        template_text("elsewhere", "Made by another project."),
    );
    test.wabactl(["apply", "--auto-approve"])
        .current_dir("other")
        .run();
}

#[test]
fn the_github_example_applies_on_merge_only_what_its_pull_request_planned() {
    let test = repository();
    let output = test.join("github_output");
    let output = output.to_str().unwrap();
    let plan = github_step(
        "plan",
        "plan",
        &[("${{ github.workflow }}", "whatsapp-templates")],
    );
    let head = [
        ("${{ github.event_name }}", "push"),
        ("${{ steps.head.outputs.sha }}", ""),
    ];
    let apply = github_step("apply", "apply", &head);
    let (merged, older) = ("a1a1a1a1", "b2b2b2b2");
    let on_main = [
        ("GITHUB_OUTPUT", output),
        ("GITHUB_SHA", merged),
        ("MAIN_HEAD", merged),
    ];

    // The pull request's run: the plan, as Markdown for the comment and as the approval.
    std::fs::write(output, "").unwrap();
    plan.run(&test, &[("GITHUB_OUTPUT", output)]).run();
    assert_eq!(test.read("github_output"), "code=2\n");
    let markdown = test.read("plan.md");
    assert!(
        markdown.starts_with(&format!(
            "<!-- wabactl-plan key=whatsapp-templates accounts={WABA_ID} -->\n"
        )),
        "{markdown}"
    );
    let reviewed = test.read("plan.json");

    // A plan artifact with a create added and sealed again: refused, nothing written.
    let mut forged: Value = serde_json::from_str(&reviewed).unwrap();
    let mut extra = forged["changes"][0].clone();
    extra["name"] = Value::from("forged_offer");
    extra["request"]["name"] = Value::from("forged_offer");
    forged["changes"].as_array_mut().unwrap().push(extra);
    test.write("plan.json", reseal(forged));
    apply
        .run(&test, &on_main)
        .expect_exit(1)
        .stderr_contains(
            "the saved plan would create forged_offer (en_US), a plan made now would not",
        )
        .stdout_contains("::error title=wabactl apply::not applied in full")
        .run();
    assert!(identities(&test).is_empty());

    // A re-run of an older run: nothing applied, and it says why.
    test.write("plan.json", &reviewed);
    apply
        .run(&test, &[("GITHUB_SHA", older), ("MAIN_HEAD", merged)])
        .stdout_contains(format!(
            "{older} is no longer the head of main ({merged} is): nothing applied"
        ))
        .run();
    assert!(identities(&test).is_empty());

    // The merge's run applies what was reviewed.
    apply
        .run(&test, &on_main)
        .stdout_contains("Applied: 2 created")
        .run();
    assert_eq!(identities(&test).len(), 2);

    // The next pull request plans; the account changes before its merge: the plan is stale.
    test.write(
        "templates/offer_002.yaml",
        template_text("offer_002", "Your offer number 2 is ready."),
    );
    plan.run(&test, &[("GITHUB_OUTPUT", output)]).run();
    change_the_account(&test);
    apply
        .run(&test, &on_main)
        .expect_exit(1)
        .stderr_contains("stale plan: the account changed since the plan was made")
        .run();
    assert_eq!(identities(&test).len(), 3, "offer_002 was not created");

    // A reviewed plan whose other change needs a new template (the category of an approved
    // template): what can be applied is, and the job fails on exit 4, naming it.
    test.write(
        "templates/offer_000.yaml",
        template_text("offer_000", "Your offer number 0 is ready.").replace("UTILITY", "MARKETING"),
    );
    plan.run(&test, &[("GITHUB_OUTPUT", output)]).run();
    apply
        .run(&test, &on_main)
        .expect_exit(4)
        .stdout_contains("offer_000 (en_US): needs a new template")
        .stdout_contains("::error title=wabactl apply::declared templates left blocked")
        .run();
    assert_eq!(identities(&test).len(), 4, "offer_002 was created");

    // No plan kept for the merged commit: refused, with the way to re-plan.
    std::fs::remove_file(test.join("plan.json")).unwrap();
    apply
        .run(&test, &on_main)
        .expect_exit(1)
        .stdout_contains("no reviewed plan for a1a1a1a1: nothing applied. Re-plan and apply main")
        .run();
    assert_eq!(identities(&test).len(), 4);
}

fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "ci")
        .env("GIT_AUTHOR_EMAIL", "ci@example.invalid")
        .env("GIT_COMMITTER_NAME", "ci")
        .env("GIT_COMMITTER_EMAIL", "ci@example.invalid")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn the_gitlab_example_applies_on_merge_only_what_its_merge_request_planned() {
    let test = repository();
    let given = [("WHATSAPP_READ_TOKEN", TOKEN)];
    let plan = gitlab_job("plan", &given);
    let apply = gitlab_job("apply", &given);

    // The project is a git checkout whose origin is a bare repository, as on a runner.
    let origin = test.join("origin.git");
    git(
        test.path(),
        &["init", "-q", "--bare", origin.to_str().unwrap()],
    );
    git(test.path(), &["init", "-q", "-b", "main"]);
    git(test.path(), &["add", "templates"]);
    git(test.path(), &["commit", "-q", "-m", "templates"]);
    let older = git(test.path(), &["rev-parse", "HEAD"]);
    git(
        test.path(),
        &["commit", "-q", "--allow-empty", "-m", "merge"],
    );
    let merged = git(test.path(), &["rev-parse", "HEAD"]);
    git(
        test.path(),
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git(test.path(), &["push", "-q", "origin", "main"]);
    let ci = |sha: &str| -> Vec<(&'static str, String)> {
        vec![
            ("CI_PROJECT_PATH", "group/templates".to_owned()),
            ("CI_DEFAULT_BRANCH", "main".to_owned()),
            ("CI_COMMIT_SHA", sha.to_owned()),
        ]
    };
    let (on_head, on_older) = (ci(&merged), ci(&older));
    let vars = borrowed(&on_head);
    let old_vars = borrowed(&on_older);

    // The merge request's pipeline: the plan, kept.
    plan.run(&test, &vars)
        .stdout_contains("wabactl plan exited with 2")
        .run();
    assert!(
        test.read("plan.md")
            .starts_with("<!-- wabactl-plan key=group/templates accounts=7770002 -->\n")
    );
    let reviewed = test.read("plan.json");

    // A retried apply of an older pipeline: nothing applied.
    apply
        .run(&test, &old_vars)
        .stdout_contains(format!(
            "{older} is no longer the head of main ({merged} is): nothing applied"
        ))
        .run();
    assert!(identities(&test).is_empty());

    // An edited plan (a body changed, sealed again): refused, nothing written.
    let mut forged: Value = serde_json::from_str(&reviewed).unwrap();
    forged["changes"][1]["request"]["components"][0]["text"] =
        Value::from("Pay at https://evil.example now.");
    test.write("plan.json", reseal(forged));
    apply
        .run(&test, &vars)
        .expect_exit(1)
        .stderr_contains(
            "create offer_001 (en_US): the request differs at `request.components[0].text`",
        )
        .run();
    assert!(identities(&test).is_empty());

    // The pipeline of the head applies what was reviewed.
    test.write("plan.json", &reviewed);
    apply
        .run(&test, &vars)
        .stdout_contains("Applied: 2 created")
        .run();
    assert_eq!(identities(&test).len(), 2);

    // Stale: the account changed after the next merge request's plan.
    test.write(
        "templates/offer_002.yaml",
        template_text("offer_002", "Your offer number 2 is ready."),
    );
    plan.run(&test, &vars).run();
    change_the_account(&test);
    apply
        .run(&test, &vars)
        .expect_exit(1)
        .stderr_contains("stale plan")
        .run();
    assert_eq!(identities(&test).len(), 3);
}
