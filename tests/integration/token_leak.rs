//! The access token never shows: every command runs at maximum verbosity with a distinctive
//! token in the environment, against a sandbox started with that token, and neither their
//! output, the sandbox's output, nor any file written contains it.
//!
//! New commands go into `COMMANDS` (run with the token in the environment, the sandbox as the
//! API base) or `SANDBOX_COMMANDS` (also run with `--sandbox=STATE`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdout, Command};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wabactl::graph::retry::RetryPolicy;
use wabactl::graph::token::AccessToken;
use wabactl::graph::{ClientConfig, GraphClient};

use crate::support::{Running, Test};

const TOKEN: &str = "LEAKCHECK-7f3a9c2e41d8b6a05c9e";
/// A token the sandbox refuses: a server must not echo what it was sent either.
const WRONG_TOKEN: &str = "LEAKCHECK-wrong-0b1d94e6c2a7";
const WABA_ID: &str = "5550001";
const PHONE_NUMBER_ID: &str = "5550002";

/// Every command that exists, as arguments (run in the project directory). Add new ones here.
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &["validate", "--format", "json"],
    &["validate", "templates/broken.yaml"],
    &["preview", "--out", "preview-out"],
    &["schema", "--dir", "schemas-out"],
    &["schema", "--check", "--dir", "schemas-out"],
    &["completions", "bash"],
    &["man"],
    &["--help"],
];

/// Account commands: run both against the sandbox server and with `--sandbox=STATE`.
const SANDBOX_COMMANDS: &[&[&str]] = &[
    // The template is not on the account: Meta's refusal (132001) must not echo the token.
    &[
        "send",
        "leak_check_order",
        "--to",
        "+16505551234",
        "-p",
        "1=A-1",
    ],
    &["plan"],
    &["plan", "templates/order.yaml", "--exit-code"],
    &["plan", "templates/order.yaml", "--format", "markdown"],
    &[
        "plan",
        "templates/order.yaml",
        "--format",
        "json",
        "--out",
        "plan.json",
    ],
    // Refused: no terminal to confirm on.
    &["apply", "templates/order.yaml"],
    &["apply", "--plan", "plan.json"],
    &["apply", "templates/order.yaml", "--auto-approve"],
    &[
        "apply",
        "templates/order.yaml",
        "--auto-approve",
        "--format",
        "json",
        "--wait",
        "--timeout",
        "5s",
    ],
    &["status"],
    &["status", "--format", "json", "--status", "not_on_account"],
    // Writes the account's templates into `imported/` (again on the second run).
    &["import", "imported", "--force"],
];

const TEMPLATE: &str = "\
name: leak_check_order
language: en_US
category: UTILITY
components:
  - type: BODY
    text: Your order {{1}} has shipped.
    example:
      body_text: [[\"A-1\"]]
";

/// The project: one good and one broken template; every run has the token in its
/// environment and logs everything.
fn project() -> Test {
    Test::new()
        .project_file("templates: [templates]\n")
        .file("templates/order.yaml", TEMPLATE)
        .file(
            "templates/broken.yaml",
            "name: Not A Name\nlanguage: en\ncategory: nope\n",
        )
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WABACTL_LOG", "trace")
}

/// A running `sandbox serve`, its stdout reader (past the first line) and its base URL.
struct Server {
    running: Running,
    stdout: BufReader<ChildStdout>,
    base: String,
}

/// `sandbox serve` on a free port, with its first line (the base URL) read. Its output is
/// read here line by line, so it is spawned rather than run.
fn start_sandbox(test: &Test) -> Server {
    let mut running = test
        .wabactl(["-vvv", "sandbox", "serve", "--port", "0", "--state"])
        .args([test.join("state/sandbox.json")])
        .args(["--token", TOKEN, "--waba-id", WABA_ID])
        .args(["--phone-number-id", PHONE_NUMBER_ID, "--fault-seed", "7"])
        .any_exit()
        .spawn();
    let mut stdout = BufReader::new(running.child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first.trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "first line: {first}");
    Server {
        running,
        stdout,
        base,
    }
}

/// Stops the server started above (SIGTERM to its own pid, so it shuts down cleanly) and
/// returns everything it printed.
fn stop(mut server: Server) -> String {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-TERM", &server.running.child.id().to_string()])
        .status();
    #[cfg(not(unix))]
    let _ = server.running.child.kill();
    let stderr = server.running.wait().stderr;
    let mut output = format!("{}\n", server.base);
    let _ = server.stdout.read_to_string(&mut output);
    output.push_str(&stderr);
    output
}

/// A `Write` into a shared buffer, for capturing the client's trace log.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Calls the sandbox through the library client (creates, lists, refuses a token) with every
/// trace event of this thread captured; returns the log and the errors' texts.
fn exercise_client(base: &str) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let errors = tracing::subscriber::with_default(subscriber, || run_client(base));
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    format!("{log}\n{errors}")
}

fn run_client(base: &str) -> String {
    let config = ClientConfig {
        api_base: base.into(),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    };
    let client =
        |token| GraphClient::new(&config, AccessToken::new(token).unwrap(), "env").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let good = client(TOKEN);
        let body = serde_json::json!({
            "name": "leak_check_created", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hello there, your code is ready."}]
        });
        good.create_template(WABA_ID, &body).await.unwrap();
        assert!(!good.list_templates(WABA_ID).await.unwrap().is_empty());
        let bad = client(WRONG_TOKEN)
            .list_templates(WABA_ID)
            .await
            .unwrap_err();
        format!("{bad}\n{bad:?}")
    })
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn assert_clean(what: &str, text: &str) {
    for secret in [TOKEN, WRONG_TOKEN, &TOKEN[10..]] {
        assert!(
            !text.contains(secret),
            "the token appears in {what}:\n{text}"
        );
    }
}

#[test]
fn the_token_appears_in_no_output_log_or_file() {
    let test = project();
    let root = test.path();

    let server = start_sandbox(&test);
    let base = server.base.clone();
    let client_log = exercise_client(&base);
    assert!(
        client_log.contains("retrying") || client_log.contains("request"),
        "the client's trace log was captured:\n{client_log}"
    );
    assert_clean("the client's trace log and errors", &client_log);

    let mut runs = 0;
    let sandbox_state = root.join(".wabactl/leak-sandbox.json");
    let sandbox_flag = format!("--sandbox={}", sandbox_state.display());
    let with_sandbox = SANDBOX_COMMANDS.iter().map(|args| {
        let mut all = vec![sandbox_flag.as_str()];
        all.extend_from_slice(args);
        all
    });
    let all: Vec<Vec<&str>> = COMMANDS
        .iter()
        .chain(SANDBOX_COMMANDS)
        .map(|args| args.to_vec())
        .chain(with_sandbox)
        .collect();
    for args in &all {
        // Any exit code, but an exit: `run` fails on a run killed by a signal.
        let output = test
            .wabactl(["-vvv"])
            .args(args)
            .env("WABACTL_API_BASE", &base)
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
            .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
            .any_exit()
            .run();
        let text = format!("{}{}", output.stdout, output.stderr);
        assert_clean(
            &format!("the output of `wabactl -vvv {}`", args.join(" ")),
            &text,
        );
        runs += 1;
    }

    let server_output = stop(server);
    assert!(
        server_output.contains("wabactl sandbox"),
        "the sandbox's output was captured:\n{server_output}"
    );
    assert_clean("the sandbox's output", &server_output);

    let files = files_under(root);
    assert!(
        files.iter().any(|f| f.ends_with("state/sandbox.json")),
        "the sandbox wrote its state: {files:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert_clean(
            &file.display().to_string(),
            &String::from_utf8_lossy(&bytes),
        );
    }
    assert_eq!(runs, all.len());
}
