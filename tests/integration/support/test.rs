//! [`Test`]: a project directory (and sandbox account) to run `wabactl` in, and [`Run`]: one
//! run of the binary with its expectations.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{EMPTY_ACCOUNT, PHONE_ID, Served, TOKEN, WABA_ID};

/// Gives `command` the environment every test runs with: no account, token, API, log, CI,
/// colour or proxy setting of the machine's leaks in, and colour is off. The one place that
/// decides what a run of `wabactl` inherits.
pub fn isolate(command: &mut Command) -> &mut Command {
    const PREFIXES: [&str; 4] = ["WHATSAPP_", "WABACTL_", "GITHUB_", "CLICOLOR"];
    const NAMES: [&str; 7] = [
        "NO_COLOR",
        "FORCE_COLOR",
        "RUST_LOG",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
    ];
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy().to_ascii_uppercase();
        if PREFIXES.iter().any(|p| name.starts_with(p)) || NAMES.contains(&name.as_str()) {
            command.env_remove(&key);
        }
    }
    command.env("NO_COLOR", "1")
}

/// A UTILITY template file declaring `name` in en_US with `body` as its text.
pub fn template_text(name: &str, body: &str) -> String {
    format!(
        "name: {name}\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    \
         text: {body}\n"
    )
}

/// A temporary project directory, optionally served by a sandbox account, in which
/// [`Test::wabactl`] runs the binary. Built up with the consuming methods; the `&self` ones
/// work on it while a test runs.
pub struct Test {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    current_dir: Option<PathBuf>,
    token: String,
    waba_id: String,
    served: Option<Served>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            env: Vec::new(),
            current_dir: None,
            token: TOKEN.to_owned(),
            waba_id: WABA_ID.to_owned(),
            served: None,
        }
    }

    /// Writes `text` to `path` (relative to the project), creating its directories.
    pub fn file(self, path: &str, text: impl AsRef<[u8]>) -> Self {
        self.write(path, text);
        self
    }

    /// An empty directory at `path`.
    pub fn dir(self, path: &str) -> Self {
        std::fs::create_dir_all(self.path().join(path)).unwrap();
        self
    }

    /// `wabactl.yaml` holding `yaml`.
    pub fn project_file(self, yaml: &str) -> Self {
        self.file("wabactl.yaml", yaml)
    }

    /// The usual project: `wabactl.yaml` reading `templates/`, which exists (empty).
    pub fn project(self) -> Self {
        self.project_file("templates: [templates]\n")
            .dir("templates")
    }

    /// `templates/NAME.yaml` declaring `name` (see [`template_text`]).
    pub fn template(self, name: &str, body: &str) -> Self {
        self.file(&format!("templates/{name}.yaml"), template_text(name, body))
    }

    /// Copies the directory `from`, with its subdirectories, into `to` (relative to the
    /// project).
    pub fn copy_dir(self, from: impl AsRef<Path>, to: &str) -> Self {
        copy_tree(from.as_ref(), &self.path().join(to));
        self
    }

    /// Sets `key` for every run of this test.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Runs in `dir` by default (relative to the project, or absolute: the repository's
    /// examples, say) instead of the project directory itself.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.current_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// The account id the sandbox serves and the runs use (before [`Test::sandbox`]).
    pub fn waba_id(mut self, id: &str) -> Self {
        self.waba_id = id.to_owned();
        self
    }

    /// The token the sandbox accepts and the runs send (before [`Test::sandbox`]).
    pub fn token(mut self, token: &str) -> Self {
        self.token = token.to_owned();
        self
    }

    /// Starts `wabactl sandbox serve` with this test's token and account id, its state in
    /// `sandbox.json`, `extra` flags (paths relative to the project), and points every run
    /// at it through `WABACTL_API_BASE`, `WHATSAPP_ACCESS_TOKEN` and
    /// `WHATSAPP_BUSINESS_ACCOUNT_ID` (and `WHATSAPP_APP_ID`, the app media samples are
    /// uploaded through). The sandbox stops when the test is dropped.
    ///
    /// The account holds no template (seeded with [`EMPTY_ACCOUNT`], as one whose sample
    /// `hello_world` was deleted), unless `extra` gives a `--seed`; [`Test::new_account`] is
    /// an account as Meta opens one.
    pub fn sandbox(self, extra: &[&str]) -> Self {
        let mut args = extra.to_vec();
        if !extra.contains(&"--seed") {
            args.extend(["--seed", EMPTY_ACCOUNT]);
        }
        self.serve(&args)
    }

    /// [`Test::sandbox`] with a new account: it holds `hello_world`, as Meta's do.
    pub fn new_account(self, extra: &[&str]) -> Self {
        self.serve(extra)
    }

    fn serve(mut self, extra: &[&str]) -> Self {
        let mut args = vec!["--token", &self.token, "--waba-id", &self.waba_id];
        args.extend(["--phone-number-id", PHONE_ID, "--state", "sandbox.json"]);
        args.extend_from_slice(extra);
        let served = Served::start_in(self.dir.path(), &args);
        let (token, waba_id) = (self.token.clone(), self.waba_id.clone());
        self = self
            .env("WABACTL_API_BASE", &served.base_url)
            .env("WHATSAPP_ACCESS_TOKEN", &token)
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", &waba_id)
            .env("WHATSAPP_APP_ID", wabactl::sandbox::DEFAULT_APP_ID);
        self.served = Some(served);
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `path` inside the project.
    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.path().join(path)
    }

    /// Writes `text` to `path` now (for changes between runs).
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) {
        let path = self.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The text of `path` inside the project.
    pub fn read(&self, path: impl AsRef<Path>) -> String {
        let path = self.join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The sandbox started by [`Test::sandbox`].
    pub fn served(&self) -> &Served {
        self.served.as_ref().expect("Test::sandbox was not called")
    }

    /// `wabactl ARGS` in the project directory, with this test's environment.
    pub fn wabactl<I, S>(&self, args: I) -> Run<'_>
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        Run {
            test: self,
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
            current_dir: None,
            stdin: None,
            limits: None,
            watchdog: None,
            exit: Some(0),
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
            shell: None,
        }
    }

    /// `script` run by bash as a CI step runs (`bash --noprofile --norc -eo pipefail`), with
    /// this test's environment and the binary first on `PATH` as `wabactl`.
    pub fn shell(&self, script: &str) -> Run<'_> {
        let mut run = self.wabactl(Vec::<OsString>::new());
        run.shell = Some(script.to_owned());
        run
    }
}

/// One run of the binary: what it is given and what it must do. Finished by [`Run::run`], or
/// by [`Run::spawn`] then [`Running::wait`] for a run that must be signalled or run beside
/// another.
#[must_use]
pub struct Run<'a> {
    test: &'a Test,
    args: Vec<OsString>,
    env: Vec<(String, Option<OsString>)>,
    current_dir: Option<PathBuf>,
    stdin: Option<String>,
    limits: Option<String>,
    watchdog: Option<Duration>,
    exit: Option<i32>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
    /// A CI step's script to run instead of the binary ([`Test::shell`]).
    shell: Option<String>,
}

impl Run<'_> {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets `key` for this run (over the test's own).
    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env.push((key.to_owned(), Some(value.into())));
        self
    }

    /// Leaves `key` out of this run's environment, though the test sets it.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.env.push((key.to_owned(), None));
        self
    }

    /// Runs in `dir`: relative to the project, or an absolute path.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.current_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Gives `text` on stdin (by default stdin is empty and not a terminal).
    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    /// Runs the binary through `sh -c "LIMITS; exec wabactl ARGS"`, e.g. `ulimit -v 1024`.
    pub fn limits(mut self, shell: &str) -> Self {
        self.limits = Some(shell.to_owned());
        self
    }

    /// Kills the run and fails the test if it lasts longer than `limit` (a hang, not a
    /// speed target).
    pub fn watchdog(mut self, limit: Duration) -> Self {
        self.watchdog = Some(limit);
        self
    }

    /// The exit code the run must end with (0 unless set).
    pub fn expect_exit(mut self, code: i32) -> Self {
        self.exit = Some(code);
        self
    }

    /// Any exit code will do: the test looks at [`Output::code`] itself.
    pub fn any_exit(mut self) -> Self {
        self.exit = None;
        self
    }

    pub fn stdout_contains(mut self, text: impl Into<String>) -> Self {
        self.stdout_contains.push(text.into());
        self
    }

    pub fn stderr_contains(mut self, text: impl Into<String>) -> Self {
        self.stderr_contains.push(text.into());
        self
    }

    /// The command as configured: the binary (under `sh` when limited), the environment
    /// ([`isolate`], then the test's, then the run's), the arguments and the directory.
    fn command(&self) -> Command {
        let mut command = match (&self.shell, &self.limits) {
            (Some(script), _) => {
                let bin = Path::new(env!("CARGO_BIN_EXE_wabactl")).parent().unwrap();
                let path = std::env::var_os("PATH").unwrap_or_default();
                let mut paths = vec![bin.to_owned()];
                paths.extend(std::env::split_paths(&path));
                let mut bash = Command::new("bash");
                bash.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                    .env("PATH", std::env::join_paths(paths).unwrap());
                bash
            }
            (None, Some(limits)) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("{limits}; exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_wabactl"));
                sh
            }
            (None, None) => Command::new(env!("CARGO_BIN_EXE_wabactl")),
        };
        isolate(&mut command);
        command.envs(self.test.env.iter().map(|(k, v)| (k, v)));
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        let dir = match self.current_dir.as_ref().or(self.test.current_dir.as_ref()) {
            Some(dir) => self.test.join(dir),
            None => self.test.path().to_owned(),
        };
        command.args(&self.args).current_dir(dir);
        command
    }

    /// Starts the run with its output captured; [`Running::wait`] checks it.
    pub fn spawn(self) -> Running {
        let mut child = self
            .command()
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        if let Some(text) = &self.stdin {
            let mut stdin = child.stdin.take().unwrap();
            // A run may end without reading its input (a refusal, say): that is its answer.
            match stdin.write_all(text.as_bytes()) {
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
                written => written.unwrap(),
            }
        }
        let description = match &self.shell {
            Some(script) => format!("the step\n{script}\n"),
            None => format!("wabactl {:?}", self.args),
        };
        Running {
            child,
            description,
            watchdog: self.watchdog,
            exit: self.exit,
            stdout_contains: self.stdout_contains,
            stderr_contains: self.stderr_contains,
        }
    }

    /// Runs to the end and checks the exit code and texts asked for.
    #[track_caller]
    pub fn run(self) -> Output {
        self.spawn().wait()
    }
}

/// A run under way (from [`Run::spawn`]).
pub struct Running {
    /// The process: take its stdout or stderr to read them while it runs.
    pub child: Child,
    description: String,
    watchdog: Option<Duration>,
    exit: Option<i32>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
}

impl Running {
    /// Waits for the end (what was not taken of stdout and stderr is collected) and checks
    /// it: it exited (no signal, no panic) with the expected code, saying what it must.
    #[track_caller]
    pub fn wait(mut self) -> Output {
        let read = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut bytes).unwrap();
                }
                bytes
            })
        };
        let out = read(self.child.stdout.take().map(|p| Box::new(p) as _));
        let err = read(self.child.stderr.take().map(|p| Box::new(p) as _));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if let Some(limit) = self.watchdog
                && started.elapsed() > limit
            {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("{} still ran after {limit:?}", self.description);
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stdout = String::from_utf8(out.join().unwrap()).expect("UTF-8 stdout");
        let stderr = String::from_utf8(err.join().unwrap()).expect("UTF-8 stderr");
        let what = &self.description;
        let Some(code) = status.code() else {
            panic!(
                "{what} was killed by a signal ({status})\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
            );
        };
        let output = Output {
            code,
            stdout,
            stderr,
        };
        let show = || {
            format!(
                "\n--- stdout\n{}\n--- stderr\n{}",
                output.stdout, output.stderr
            )
        };
        assert!(
            code != 101 && !output.stderr.contains("panicked"),
            "{what} panicked{}",
            show()
        );
        if let Some(expected) = self.exit {
            assert_eq!(code, expected, "{what} exit code{}", show());
        }
        for text in &self.stdout_contains {
            assert!(
                output.stdout.contains(text),
                "{what}: no {text:?} on stdout{}",
                show()
            );
        }
        for text in &self.stderr_contains {
            assert!(
                output.stderr.contains(text),
                "{what}: no {text:?} on stderr{}",
                show()
            );
        }
        output
    }
}

/// What a finished run printed, and its exit code.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Stdout as JSON (a failure shows both streams).
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}):\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
}
