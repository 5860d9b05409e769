//! Helpers shared by the integration tests. A test goes into the topic file it belongs to (a
//! new topic is a file plus a `mod` line in `main.rs`) and runs `wabactl` through [`Test`]: a
//! temporary project directory, optionally a sandbox account on loopback, and the same
//! cleaned environment for every run ([`isolate`]). A test reads like this (it runs as
//! `harness::the_example_of_the_support_docs_runs`):
//!
//! ```ignore
//! let test = Test::new().project().template("order_update", "Your order has shipped.").sandbox(&[]);
//! test.wabactl(["plan", "--exit-code"]).expect_exit(2).stdout_contains("1 to create").run();
//! let applied = test.wabactl(["apply", "--auto-approve", "--format", "json"]).run();
//! assert_eq!(applied.json()["counts"]["created"], 1, "{}", applied.stderr);
//! test.wabactl(["plan", "--exit-code"]).run();
//! ```
//!
//! `run()` checks the exit code (0 unless `expect_exit` or `any_exit` says otherwise), that the
//! binary neither panicked nor died of a signal, and the `*_contains` texts, printing stdout
//! and stderr when a check fails; it returns an [`Output`] for further assertions. Without
//! `sandbox`, `--sandbox=STATE` in the arguments gives a run an account of its own. A run that
//! must be signalled, read while it runs, or run beside another is started with `spawn()` and
//! collected with [`Running::wait`], which checks it the same way.

mod account;
mod served;
mod test;

pub use account::{
    account, identities, numbered, racing_applies, sandboxed, with_result, write_templates,
};
pub use served::Served;
pub use test::{Output, Run, Running, Test, isolate, template_text};

/// A path in the repository, as a `&'static str`: the one place the checkout is named.
macro_rules! repo_path {
    ($($part:literal),*) => { concat!(env!("CARGO_MANIFEST_DIR") $(, "/", $part)*) };
}

/// A path under `tests/fixtures`: the one place the fixtures are named.
macro_rules! fixtures_path {
    ($($part:literal),*) => { repo_path!("tests/fixtures" $(, $part)*) };
}

/// The repository: examples, schemas, scripts and the README are read from here.
pub const REPO: &str = repo_path!();
/// Test fixtures (`tests/fixtures`, described in its README).
pub const FIXTURES: &str = fixtures_path!();
/// Real payloads from Meta's docs, Postman collection and SDK fixtures (provenance in
/// `SOURCES.md` there), with the verdicts of `EXPECTED.tsv`.
pub const CORPUS: &str = fixtures_path!("meta");
/// `GET /message_templates` of an account with no templates: a sandbox seeded with it is an
/// account whose sample `hello_world` was deleted.
pub const EMPTY_ACCOUNT: &str = fixtures_path!("empty_account.json");
/// The crate's source tree (its layout is checked).
pub const SOURCE: &str = repo_path!("src");
/// The shipped example project.
pub const EXAMPLES: &str = repo_path!("examples");

/// The sandbox account of [`Test::sandbox`], unless a test names its own.
pub const TOKEN: &str = "integration-test-token";
pub const WABA_ID: &str = "102290129340398";
pub const PHONE_ID: &str = "106540352242922";

/// Held by a test that keeps a core busy for seconds (an editor's language server) and by one
/// that reports calls slower than a bound (the fuzz run), so the one does not slow the other
/// into a false finding.
pub fn one_heavy_test_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
