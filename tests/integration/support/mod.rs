//! Helpers shared by the integration tests. Every test runs `wabactl` through [`Test`]: a
//! temporary project directory, optionally a sandbox account on loopback, and one cleaned
//! environment for every run. A test reads like this:
//!
//! ```ignore
//! let test = Test::new().project().template("order_update", "Your order has shipped.").sandbox(&[]);
//! test.wabactl(["plan", "--exit-code"]).expect_exit(2).stdout_contains("1 to create").run();
//! let applied = test.wabactl(["apply", "--auto-approve", "--format", "json"]).run();
//! assert_eq!(applied.json()["counts"]["created"], 1, "{}", applied.stderr);
//! test.wabactl(["plan", "--exit-code"]).run();
//! ```
//!
//! `run()` checks the exit code (0 unless `expect_exit` says otherwise), that the binary
//! neither panicked nor died of a signal, and the `*_contains` texts, printing stdout and
//! stderr when a check fails; it returns an [`Output`] for further assertions. A run that must
//! be signalled or run beside another is started with `spawn()` and collected with `wait()`.

mod served;
mod test;

pub use served::Served;
pub use test::{Output, Running, Test, isolate, template_text};

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
/// The shipped example project.
pub const EXAMPLES: &str = repo_path!("examples");

/// The sandbox account of [`Test::sandbox`], unless a test names its own.
pub const TOKEN: &str = "integration-test-token";
pub const WABA_ID: &str = "102290129340398";
pub const PHONE_ID: &str = "106540352242922";
