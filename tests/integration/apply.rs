//! `apply`: the real binary against a real `wabactl sandbox serve` on loopback. Faults
//! (5xx, throttling, dropped connections) never make a template appear twice and a second run
//! converges; concurrent applies create no duplicate; stale and foreign plans, unconfirmed
//! applies and unscoped or oversized prunes are refused with nothing done; the creation quota
//! stops cleanly with what is left; `--wait` reports review; applied examples plan in sync.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const TOKEN: &str = "sandbox-apply-token";
const WABA_ID: &str = "7770001";

/// `wabactl sandbox serve --port 0` with extra flags; stopped when dropped.
pub(crate) struct Served {
    _server: crate::support::Served,
    base: String,
}

impl Served {
    pub(crate) fn start(dir: &Path, extra: &[&str]) -> Self {
        let state = dir.join("sandbox.json");
        let mut args = vec!["--token", TOKEN, "--waba-id", WABA_ID];
        args.extend(["--state", state.to_str().unwrap()]);
        args.extend_from_slice(extra);
        let server = crate::support::Served::start(&args);
        let base = server.base_url.clone();
        Served {
            _server: server,
            base,
        }
    }

    /// `wabactl ARGS` in `dir` against this sandbox, stdin not a terminal.
    pub(crate) fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wabactl"));
        command
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .env_remove("WABACTL_API_VERSION")
            .env_remove("WHATSAPP_PHONE_NUMBER_ID")
            .env_remove("WABACTL_LOG")
            .env("WABACTL_API_BASE", &self.base)
            .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
            // Short backoffs keep fault runs quick; more attempts ride out the fault rate.
            .env("WABACTL_RETRY_BASE_DELAY", "0.01")
            .env("WABACTL_RETRY_MAX_DELAY", "0.05")
            .env("WABACTL_RETRY_ATTEMPTS", "10")
            .env("NO_COLOR", "1");
        command
    }

    pub(crate) fn run(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(dir, args).output().unwrap()
    }

    /// `GET /__sandbox/state`: the whole account.
    pub(crate) fn state(&self) -> Value {
        let url = format!("{}/__sandbox/state", self.base);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .get(&url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        })
    }

    /// (name, language) → how many live templates the account holds.
    pub(crate) fn identities(&self) -> BTreeMap<(String, String), usize> {
        let state = self.state();
        let mut seen = BTreeMap::new();
        for t in state["account"]["templates"].as_array().unwrap() {
            let fields = if t.get("fields").is_some() {
                &t["fields"]
            } else {
                t
            };
            let key = (
                fields["name"].as_str().unwrap().to_owned(),
                fields["language"].as_str().unwrap().to_owned(),
            );
            *seen.entry(key).or_default() += 1;
        }
        seen
    }

    pub(crate) fn status_of(&self, name: &str) -> String {
        let state = self.state();
        state["account"]["templates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.get("fields").unwrap_or(t))
            .find(|f| f["name"] == name)
            .map(|f| f["status"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

pub(crate) fn template(name: &str, body: &str) -> String {
    format!(
        "name: {name}\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: {body}\n"
    )
}

/// A project directory with `templates/` holding one file per (name, body).
pub(crate) fn project(templates: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_templates(dir.path(), templates);
    dir
}

pub(crate) fn write_templates(dir: &Path, templates: &[(String, String)]) {
    let folder = dir.join("templates");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    for (name, body) in templates {
        std::fs::write(folder.join(format!("{name}.yaml")), template(name, body)).unwrap();
    }
}

pub(crate) fn numbered(prefix: &str, count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            (
                format!("{prefix}_{i:03}"),
                format!("Your parcel number {i} has left our warehouse today."),
            )
        })
        .collect()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

pub(crate) fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}):\n{}\n{}",
            stdout(output),
            stderr(output)
        )
    })
}

pub(crate) fn with_result<'a>(report: &'a Value, result: &str) -> Vec<&'a Value> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == result)
        .collect()
}

/// 200 creates through 5xx, throttling and dropped connections: each template exists exactly
/// once afterwards, every run's exit code and report agree, runs converge, and a final run
/// creates nothing.
#[test]
fn fault_matrix_creates_every_template_exactly_once() {
    let templates = numbered("fault", 200);
    let dir = project(&templates);
    let sandbox = Served::start(
        dir.path(),
        &[
            "--fail-rate-5xx",
            "0.2",
            "--throttle-rate",
            "0.2",
            "--drop-rate",
            "0.1",
            "--latency-ms",
            "3",
            "--fault-seed",
            "20261125",
            "--create-quota",
            "0",
        ],
    );
    let apply = [
        "apply",
        "--auto-approve",
        "--create-quota",
        "0",
        "--parallelism",
        "8",
        "--format",
        "json",
    ];
    let mut created = 0;
    // Creates whose answer was unclear and whose re-read failed too: they may have happened,
    // and a later run then finds them in sync instead of creating them.
    let mut unknown_outcomes = std::collections::BTreeSet::new();
    let mut converged = false;
    for _run in 0..8 {
        let output = sandbox.run(dir.path(), &apply);
        if output.stdout.is_empty() {
            // Reading the account failed outright: an error, and nothing was done.
            assert_eq!(code(&output), 1, "{}", stderr(&output));
            assert!(
                stderr(&output).contains("nothing was changed"),
                "{}",
                stderr(&output)
            );
            continue;
        }
        let report = json_report(&output);
        created += report["counts"]["created"].as_u64().unwrap();
        let failed = with_result(&report, "failed");
        if report["complete"] == true {
            assert_eq!(code(&output), 0, "{}", stderr(&output));
            assert!(failed.is_empty());
            converged = true;
            break;
        }
        assert_eq!(code(&output), 1, "{}", stderr(&output));
        assert!(!failed.is_empty(), "{report:#}");
        for change in failed {
            let name = change["name"].as_str().unwrap();
            assert!(name.starts_with("fault_"), "{change}");
            assert!(!change["message"].as_str().unwrap().is_empty(), "{change}");
            // Each failure is named in the progress lines too.
            assert!(stderr(&output).contains(&format!("✗ failed to create {name}")));
            if change["message"]
                .as_str()
                .unwrap()
                .contains("Re-reading the account to find out failed too")
            {
                unknown_outcomes.insert(name.to_owned());
            }
        }
    }
    assert!(converged, "apply did not converge in 8 runs");
    let identities = sandbox.identities();
    assert_eq!(identities.len(), 200, "{identities:?}");
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
    // Every create is reported once, except those whose outcome was honestly reported as
    // unknown and that had in fact happened.
    assert!(created <= 200, "no create was reported twice: {created}");
    assert!(
        200 - created <= unknown_outcomes.len() as u64,
        "{created} creates reported, {} with an unknown outcome",
        unknown_outcomes.len()
    );

    // Converged: one more run (until one gets through the faults) creates nothing.
    for _ in 0..8 {
        let output = sandbox.run(dir.path(), &apply);
        if output.stdout.is_empty() {
            continue;
        }
        let report = json_report(&output);
        assert_eq!(code(&output), 0, "{report:#}");
        assert_eq!(report["counts"]["created"], 0, "{report:#}");
        assert_eq!(report["counts"]["in_sync"], 200, "{report:#}");
        assert_eq!(sandbox.identities().len(), 200);
        return;
    }
    panic!("no run got through the faults");
}

/// Two processes applying the same files at the same time: one wins each create, the other
/// finds it on the account; no duplicate, both succeed.
#[test]
fn concurrent_applies_create_no_duplicate() {
    let templates = numbered("race", 40);
    let dir = project(&templates);
    let sandbox = Served::start(dir.path(), &["--latency-ms", "15", "--create-quota", "0"]);
    let args = [
        "apply",
        "--auto-approve",
        "--create-quota",
        "0",
        "--format",
        "json",
    ];
    let first = sandbox.command(dir.path(), &args).spawn_output();
    let second = sandbox.command(dir.path(), &args).spawn_output();
    let (first, second) = (first.wait(), second.wait());
    for output in [&first, &second] {
        assert_eq!(code(output), 0, "{}{}", stdout(output), stderr(output));
    }
    let identities = sandbox.identities();
    assert_eq!(identities.len(), 40);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
    // Between them every template was done, and none failed.
    for output in [&first, &second] {
        assert!(with_result(&json_report(output), "failed").is_empty());
    }

    // The same saved plan applied twice at once: a run refuses as stale or finds each
    // template there; never a duplicate.
    let more = numbered("race2", 20);
    let mut all = templates.clone();
    all.extend(more);
    write_templates(dir.path(), &all);
    let planned = sandbox.run(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(code(&planned), 0, "{}", stderr(&planned));
    let saved = ["apply", "--plan", "plan.json", "--format", "json"];
    let first = sandbox.command(dir.path(), &saved).spawn_output();
    let second = sandbox.command(dir.path(), &saved).spawn_output();
    let outputs = [first.wait(), second.wait()];
    let succeeded = outputs.iter().filter(|o| code(o) == 0).count();
    assert!(succeeded >= 1);
    for output in &outputs {
        if code(output) != 0 {
            assert!(stderr(output).contains("stale plan"), "{}", stderr(output));
        }
    }
    let identities = sandbox.identities();
    assert_eq!(identities.len(), 60);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
}

/// A running child whose output is collected on `wait`.
pub(crate) struct Running(Child);

impl Running {
    pub(crate) fn wait(self) -> Output {
        self.0.wait_with_output().unwrap()
    }
}

pub(crate) trait SpawnOutput {
    fn spawn_output(&mut self) -> Running;
}

impl SpawnOutput for Command {
    fn spawn_output(&mut self) -> Running {
        Running(
            self.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        )
    }
}

#[test]
fn saved_plans_apply_without_prompt_and_refuse_when_stale_or_foreign() {
    let dir = project(&numbered("saved", 3));
    let sandbox = Served::start(dir.path(), &[]);
    let planned = sandbox.run(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(code(&planned), 0, "{}", stderr(&planned));

    // Applied to another account: refused.
    let refused = sandbox
        .command(dir.path(), &["apply", "--plan", "plan.json"])
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", "999999")
        .output()
        .unwrap();
    assert_eq!(code(&refused), 1);
    assert!(
        stderr(&refused).contains("was made for account 7770001, but this is account 999999"),
        "{}",
        stderr(&refused)
    );

    // The account changes between plan and apply: refused, nothing created.
    let other = project(&numbered("elsewhere", 1));
    let changed = sandbox.run(other.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&changed), 0, "{}", stderr(&changed));
    let stale = sandbox.run(dir.path(), &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&stale), 1);
    assert!(
        stderr(&stale).contains(
            "stale plan: the account changed since the plan was made; run `wabactl plan --out` again"
        ),
        "{}",
        stderr(&stale)
    );
    assert_eq!(sandbox.identities().len(), 1);

    // A fresh plan applies without a prompt (no terminal here), also as the only PATH.
    let planned = sandbox.run(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(code(&planned), 0);
    let applied = sandbox.run(dir.path(), &["apply", "plan.json"]);
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    assert!(
        stdout(&applied).contains("Applied: 3 created"),
        "{}",
        stdout(&applied)
    );
    assert_eq!(sandbox.identities().len(), 4);
}

#[test]
fn without_a_terminal_apply_needs_auto_approve() {
    let dir = project(&numbered("unconfirmed", 2));
    let sandbox = Served::start(dir.path(), &[]);
    let refused = sandbox.run(dir.path(), &["apply"]);
    assert_eq!(code(&refused), 1);
    assert!(
        stderr(&refused).contains("there is no terminal to ask on: pass --auto-approve"),
        "{}",
        stderr(&refused)
    );
    assert!(sandbox.identities().is_empty());
}

/// Meta's creation quota (here 3 per hour on the sandbox) and wabactl's own stop the run
/// cleanly: what was created, what remains, when to run again.
#[test]
fn the_creation_quota_stops_cleanly() {
    let dir = project(&numbered("quota", 5));
    let sandbox = Served::start(dir.path(), &["--create-quota", "3"]);
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json_report(&output);
    assert_eq!(report["counts"]["created"], 3, "{report:#}");
    assert_eq!(report["counts"]["not_started"], 2, "{report:#}");
    assert_eq!(report["quota"]["created"], 3);
    assert_eq!(report["quota"]["remaining"], 2);
    assert!(
        report["quota"]["retry_at"]
            .as_str()
            .unwrap()
            .contains("UTC")
    );
    assert!(report["quota"]["retry_after_seconds"].as_u64().unwrap() > 60);
    for change in with_result(&report, "skipped") {
        assert_eq!(change["reason"], "quota", "{change}");
        assert!(
            change["message"]
                .as_str()
                .unwrap()
                .contains("run again after")
        );
    }
    assert_eq!(sandbox.identities().len(), 3);

    // In human form.
    let dir = project(&numbered("own_quota", 5));
    let sandbox = Served::start(dir.path(), &["--create-quota", "0"]);
    let output = sandbox.run(
        dir.path(),
        &["apply", "--auto-approve", "--create-quota", "2"],
    );
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(
        text.contains("the creation quota of 2 templates per hour (--create-quota) is spent: 2 created, 3 not started; run `wabactl apply` again after"),
        "{text}"
    );
    assert!(text.contains("Nothing done was undone"), "{text}");
    assert_eq!(sandbox.identities().len(), 2);
}

/// Prune needs a scope, deletes only inside it, and needs `--force` to delete every template
/// of the scope or more than 30% of it.
#[test]
fn prune_scope_and_threshold() {
    let mut all = numbered("keep", 6);
    all.extend(numbered("old", 5));
    let dir = project(&all);
    let sandbox = Served::start(dir.path(), &[]);
    let first = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(sandbox.identities().len(), 11);
    write_templates(dir.path(), &numbered("keep", 6));

    // Without prune: the old templates are unmanaged, nothing is deleted.
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(sandbox.identities().len(), 11);

    // --prune without a scope: refused.
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve", "--prune"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("prune is on but has no scope"),
        "{}",
        stderr(&output)
    );
    assert_eq!(sandbox.identities().len(), 11);

    // A narrow scope: one delete of the one template the scope covers empties it: --force.
    std::fs::write(
        dir.path().join("wabactl.yaml"),
        "templates: [templates]\nprune:\n  scope: [old_001]\n",
    )
    .unwrap();
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve", "--prune"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(sandbox.identities().len(), 11);
    let output = sandbox.run(
        dir.path(),
        &["apply", "--auto-approve", "--prune", "--force"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("30 days"), "{}", stdout(&output));
    assert!(stdout(&output).contains("Applied: 0 created, 0 updated, 1 deleted"));
    assert!(
        !sandbox
            .identities()
            .contains_key(&("old_001".into(), "en_US".into()))
    );

    // The rest of `old_*`: 4 of the 4 in scope: --force needed.
    std::fs::write(
        dir.path().join("wabactl.yaml"),
        "templates: [templates]\nprune:\n  enabled: true\n  scope: [\"old_*\"]\n",
    )
    .unwrap();
    let plan = sandbox.run(dir.path(), &["plan"]);
    assert!(
        stdout(&plan).contains("locks its name"),
        "{}",
        stdout(&plan)
    );
    assert!(
        stdout(&plan).contains("applying it needs --force"),
        "{}",
        stdout(&plan)
    );
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(sandbox.identities().len(), 10);
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve", "--force"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let left: Vec<String> = sandbox.identities().into_keys().map(|(n, _)| n).collect();
    assert_eq!(left.len(), 6, "{left:?}");
    assert!(left.iter().all(|n| n.starts_with("keep_")), "{left:?}");
}

/// `--wait`: one approved, one re-categorised, one rejected with Meta's reason → exit 3.
#[test]
fn wait_reports_review_and_exits_3_on_rejection() {
    let dir = project(&[
        ("wait_ok".into(), "Your table is booked for tonight.".into()),
        (
            "wait_sale".into(),
            "Your order ships today, and our summer sale starts tomorrow.".into(),
        ),
        (
            "wait_bad".into(),
            "Your order REJECT_ME has shipped today.".into(),
        ),
    ]);
    let sandbox = Served::start(dir.path(), &["--review-delay-ms", "1500"]);
    let output = sandbox.run(
        dir.path(),
        &["apply", "--auto-approve", "--wait", "--timeout", "2m"],
    );
    let text = stdout(&output);
    assert_eq!(code(&output), 3, "{text}{}", stderr(&output));
    assert!(
        text.contains("✓ approved wait_ok (en_US) as UTILITY"),
        "{text}"
    );
    assert!(
        text.contains("✓ approved wait_sale (en_US), re-categorised by Meta UTILITY → MARKETING"),
        "{text}"
    );
    assert!(
        text.contains("✗ rejected wait_bad (en_US): ABUSIVE_CONTENT"),
        "{text}"
    );
    assert_eq!(sandbox.status_of("wait_bad"), "REJECTED");

    // Review that outlasts the timeout: exit 3 as well, saying it is still in review.
    let dir = project(&[("slow_review".into(), "Your table is ready.".into())]);
    let sandbox = Served::start(dir.path(), &["--review-delay-ms", "3600000"]);
    let output = sandbox.run(
        dir.path(),
        &[
            "apply",
            "--auto-approve",
            "--wait",
            "--timeout",
            "2s",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    let report = json_report(&output);
    assert_eq!(report["review"]["timed_out"], true, "{report:#}");
    assert_eq!(report["review"]["templates"][0]["review"], "pending");
}

/// What `apply` did, `plan` then finds done: every example template, created through the
/// binary, plans in sync; editing one is an update that plans in sync again.
#[test]
fn applied_examples_plan_in_sync() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/templates");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("templates").join(path.file_name().unwrap()),
        )
        .unwrap();
        files += 1;
    }
    assert!(files >= 10, "{files}");
    let sandbox = Served::start(dir.path(), &[]);
    let applied = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(
        code(&applied),
        0,
        "{}{}",
        stdout(&applied),
        stderr(&applied)
    );
    let plan = sandbox.run(dir.path(), &["plan", "--exit-code"]);
    assert_eq!(code(&plan), 0, "{}", stdout(&plan));
    assert!(stdout(&plan).contains("Plan: 0 to create, 0 to update, 0 to delete"));
    let again = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&again), 0);
    assert!(
        stdout(&again).contains("Nothing to apply"),
        "{}",
        stdout(&again)
    );

    // An edit of an approved template: updated, then in sync.
    let dir = project(&[("edited".into(), "Your table is booked.".into())]);
    let sandbox = Served::start(dir.path(), &[]);
    assert_eq!(
        code(&sandbox.run(dir.path(), &["apply", "--auto-approve"])),
        0
    );
    write_templates(
        dir.path(),
        &[("edited".into(), "Your table is booked for two.".into())],
    );
    let updated = sandbox.run(dir.path(), &["apply", "--auto-approve"]);
    assert_eq!(code(&updated), 0, "{}", stderr(&updated));
    assert!(
        stderr(&updated).contains("✓ updated edited (en_US)"),
        "{}",
        stderr(&updated)
    );
    let plan = sandbox.run(dir.path(), &["plan", "--exit-code"]);
    assert_eq!(code(&plan), 0, "{}", stdout(&plan));
}

/// A failure is reported with Meta's message and exit 1; with `--fail-fast` nothing new
/// starts after it; running again finishes the rest.
#[test]
fn failures_are_reported_and_fail_fast_stops_new_changes() {
    // Deleting an approved template locks its name: creating it again fails (2388023).
    let dir = project(&[("a_locked".into(), "Your table is booked.".into())]);
    let sandbox = Served::start(dir.path(), &["--create-quota", "0"]);
    assert_eq!(
        code(&sandbox.run(dir.path(), &["apply", "--auto-approve"])),
        0
    );
    std::fs::write(
        dir.path().join("wabactl.yaml"),
        "templates: [templates]\nprune:\n  scope: [\"a_*\"]\n",
    )
    .unwrap();
    write_templates(dir.path(), &numbered("b_later", 1));
    // The delete empties the `a_*` scope, so it needs --force.
    let pruned = sandbox.run(
        dir.path(),
        &["apply", "--auto-approve", "--prune", "--force"],
    );
    assert_eq!(code(&pruned), 0, "{}", stderr(&pruned));

    let mut next = vec![("a_locked".to_owned(), "Your table is booked.".to_owned())];
    next.extend(numbered("b_more", 3));
    next.extend(numbered("b_later", 1));
    write_templates(dir.path(), &next);
    let output = sandbox.run(
        dir.path(),
        &[
            "apply",
            "--auto-approve",
            "--fail-fast",
            "--parallelism",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&output), 1);
    let report = json_report(&output);
    let failed = with_result(&report, "failed");
    assert_eq!(failed.len(), 1, "{report:#}");
    assert_eq!(failed[0]["name"], "a_locked");
    assert!(
        failed[0]["message"].as_str().unwrap().contains("2388023"),
        "{}",
        failed[0]
    );
    let skipped: Vec<&Value> = with_result(&report, "skipped")
        .into_iter()
        .filter(|c| c["reason"] == "fail_fast")
        .collect();
    assert_eq!(skipped.len(), 3, "{report:#}");

    // Without --fail-fast the independent changes go on.
    let output = sandbox.run(dir.path(), &["apply", "--auto-approve", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let report = json_report(&output);
    assert_eq!(report["counts"]["created"], 3, "{report:#}");
    assert_eq!(report["counts"]["failed"], 1, "{report:#}");
}
