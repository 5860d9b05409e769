//! `wabactl sandbox serve` as a child process on loopback.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::isolate;

/// `wabactl sandbox serve --port 0 ARGS` as a child process; killed when dropped.
pub struct Served {
    child: Child,
    pub base_url: String,
    pub banner: Vec<String>,
}

impl Served {
    /// Started in the test process's directory: give it absolute paths.
    pub fn start(args: &[&str]) -> Self {
        Self::start_in(Path::new("."), args)
    }

    /// Started in `dir`, so that relative `--state` and `--seed` paths are read there.
    pub fn start_in(dir: &Path, args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wabactl"));
        let mut child = isolate(&mut command)
            .current_dir(dir)
            .args(["sandbox", "serve", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base_url = lines.next().unwrap().unwrap();
        let mut banner = Vec::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            let done = line.starts_with("Serving until");
            banner.push(line);
            if done {
                break;
            }
        }
        // Keep reading: the server may write more, and a closed pipe would stop it.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            base_url,
            banner,
        }
    }

    /// `GET /__sandbox/state`: the whole account (the debug endpoint needs no token).
    pub fn state(&self) -> Value {
        let url = format!("{}/__sandbox/state", self.base_url);
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

    /// `POST {path}` on the sandbox's debug endpoints (`/__sandbox/...`, no token), e.g.
    /// `/__sandbox/clock?advance_seconds=90000`; its JSON answer.
    pub fn admin(&self, path: &str) -> Value {
        let (status, answer) = self.post(path, None);
        assert!((200..300).contains(&status), "{path}: {status} {answer}");
        answer
    }

    /// `POST {path}` with an empty body, and the token when given; the status and JSON answer.
    pub fn post(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let url = format!("{}{path}", self.base_url);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = reqwest::Client::builder().no_proxy().build().unwrap();
            let mut request = client.post(&url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let answer = request.send().await.unwrap();
            let status = answer.status().as_u16();
            (status, answer.json::<Value>().await.unwrap())
        })
    }

    /// A Graph call with the token: `method` on `path`, with `body` as JSON when given; the
    /// status and JSON answer.
    pub fn call(&self, method: &str, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base_url);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = reqwest::Client::builder().no_proxy().build().unwrap();
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut request = client.request(method, &url).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let answer = request.send().await.unwrap();
            let status = answer.status().as_u16();
            (status, answer.json::<Value>().await.unwrap())
        })
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
