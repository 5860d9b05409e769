//! Files are written whole or not at all. A real write failure is produced without privileges:
//! the child runs under a file-size limit (`ulimit -f`, with SIGXFSZ ignored), so its writes
//! fail part-way with "File too large", exactly as on a full disk. The previous file must be
//! left as it was, no temporary file may remain, and the next run must not be blocked.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::Served;

const TOKEN: &str = "atomic-test-token";
const WABA_ID: &str = "5550001";
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/templates");

struct Account {
    served: Served,
}

impl Account {
    fn start(dir: &Path) -> Self {
        let state = dir.join("sandbox-state.json");
        let served = Served::start(&[
            "--token",
            TOKEN,
            "--waba-id",
            WABA_ID,
            "--state",
            state.to_str().unwrap(),
        ]);
        Account { served }
    }

    /// `wabactl ARGS` in `dir`; with `max_file_blocks`, under `ulimit -f` (512-byte blocks).
    fn run(&self, dir: &Path, args: &[&str], max_file_blocks: Option<u32>) -> Output {
        let mut command = match max_file_blocks {
            Some(blocks) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!(
                        "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
                    ))
                    .arg(env!("CARGO_BIN_EXE_wabactl"));
                sh
            }
            None => Command::new(env!("CARGO_BIN_EXE_wabactl")),
        };
        command
            .args(args)
            .current_dir(dir)
            .env_remove("WABACTL_API_VERSION")
            .env_remove("WHATSAPP_PHONE_NUMBER_ID")
            .env("WABACTL_API_BASE", &self.served.base_url)
            .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

fn temporary_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walk(dir) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("wabactl-tmp") {
            found.push(entry.display().to_string());
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_plan_that_cannot_be_written_whole_leaves_the_previous_plan() {
    let dir = tempfile::tempdir().unwrap();
    let account = Account::start(dir.path());
    let first = account.run(dir.path(), &["plan", EXAMPLES, "--out", "plan.json"], None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = std::fs::read(dir.path().join("plan.json")).unwrap();
    assert!(
        before.len() > 4 * 512,
        "the plan must exceed the limit below"
    );

    let failed = account.run(
        dir.path(),
        &["plan", EXAMPLES, "--out", "plan.json"],
        Some(4),
    );
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write the plan to plan.json"), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("plan.json")).unwrap(),
        before,
        "the previous plan is untouched"
    );
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());

    let applied = account.run(dir.path(), &["apply", "--plan", "plan.json"], None);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
}

#[test]
fn an_import_that_runs_out_of_space_leaves_no_partial_file_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let account = Account::start(dir.path());
    let source = dir.path().join("source");
    std::fs::create_dir_all(&source).unwrap();
    for name in [
        "order_confirmation.yaml",
        "invoice_ready.yaml",
        "pickup_ready.yaml",
    ] {
        std::fs::copy(Path::new(EXAMPLES).join(name), source.join(name)).unwrap();
    }
    let applied = account.run(dir.path(), &["apply", "--auto-approve", "source"], None);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));

    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("templates")).unwrap();
    std::fs::write(project.join("wabactl.yaml"), "templates: [templates]\n").unwrap();
    let failed = account.run(&project, &["import"], Some(1));
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains("File too large"), "{err}");
    for file in walk(&project.join("templates")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.is_empty() && text.ends_with('\n'),
            "{} is partial",
            file.display()
        );
    }
    assert_eq!(temporary_files(&project), Vec::<String>::new());

    let rerun = account.run(&project, &["import"], None);
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    let validate = account.run(&project, &["validate"], None);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    let plan = account.run(&project, &["plan", "--exit-code"], None);
    assert_eq!(
        plan.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&plan.stdout),
        stderr(&plan)
    );
}
