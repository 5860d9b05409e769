//! Helpers shared by the integration tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Real payloads from Meta's docs, Postman collection and SDK fixtures (provenance in
/// `SOURCES.md` there), with the verdicts of `EXPECTED.tsv`.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/meta");

/// `wabactl sandbox serve` as a child process; killed when dropped.
pub struct Served {
    child: Child,
    pub base_url: String,
    pub banner: Vec<String>,
}

impl Served {
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wabactl"))
            .args(["sandbox", "serve", "--port", "0"])
            .args(args)
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
