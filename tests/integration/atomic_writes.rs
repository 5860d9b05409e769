//! Files are written whole or not at all. A real write failure is produced without privileges:
//! the child runs under a file-size limit (`ulimit -f`; wabactl ignores SIGXFSZ itself), so
//! its writes fail part-way with "File too large", exactly as on a full disk. The previous
//! file must be left as it was, no temporary file may remain, and the next run must not be
//! blocked. A target that is not a regular file (a named pipe, a device) is written to, never
//! replaced.

use std::path::Path;

use crate::support::{EXAMPLES, Test};

/// The shell prefix that caps the size of each file the run writes (512-byte blocks). SIGXFSZ
/// keeps its default (death) here: wabactl must ignore it on its own.
fn file_size_limit(blocks: u32) -> String {
    format!("ulimit -f {blocks}")
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

#[test]
fn a_plan_that_cannot_be_written_whole_leaves_the_previous_plan() {
    let test = Test::new().sandbox(&[]);
    let examples = format!("{EXAMPLES}/templates");
    let plan = ["plan", &examples, "--out", "plan.json"];
    test.wabactl(plan).run();
    let before = std::fs::read(test.join("plan.json")).unwrap();
    assert!(
        before.len() > 4 * 512,
        "the plan must exceed the limit below"
    );

    test.wabactl(plan)
        .limits(&file_size_limit(4))
        .expect_exit(1)
        .stderr_contains("cannot write the plan to plan.json")
        .stderr_contains("a file-size limit, `ulimit -f`")
        .stderr_contains("nothing was written")
        .run();
    assert_eq!(
        std::fs::read(test.join("plan.json")).unwrap(),
        before,
        "the previous plan is untouched"
    );
    assert_eq!(temporary_files(test.path()), Vec::<String>::new());

    test.wabactl(["apply", "--plan", "plan.json", &examples])
        .run();
}

#[test]
fn an_import_that_runs_out_of_space_leaves_no_partial_file_and_a_rerun_finishes() {
    let mut test = Test::new().sandbox(&[]);
    for name in [
        "order_confirmation.yaml",
        "invoice_ready.yaml",
        "pickup_ready.yaml",
    ] {
        let text = std::fs::read_to_string(Path::new(EXAMPLES).join("templates").join(name));
        test = test.file(&format!("source/{name}"), text.unwrap());
    }
    // invoice_ready's sample file is not copied: it stays blocked, and apply exits 4.
    test.wabactl(["apply", "--auto-approve", "source"])
        .expect_exit(4)
        .run();

    let test = test
        .file("project/wabactl.yaml", "templates: [templates]\n")
        .dir("project/templates");
    let project = test.join("project");
    test.wabactl(["import"])
        .current_dir("project")
        .limits(&file_size_limit(1))
        .expect_exit(1)
        .stderr_contains("a file-size limit")
        .run();
    for file in walk(&project.join("templates")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.is_empty() && text.ends_with('\n'),
            "{} is partial",
            file.display()
        );
    }
    assert_eq!(temporary_files(&project), Vec::<String>::new());

    for args in [&["import"][..], &["validate"], &["plan", "--exit-code"]] {
        test.wabactl(args).current_dir("project").run();
    }
}

#[test]
#[cfg(unix)]
fn a_plan_written_to_a_named_pipe_leaves_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let test = Test::new().sandbox(&[]);
    let fifo = test.join("plan.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // The reader opens the pipe and reads until the writer closes it.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let examples = format!("{EXAMPLES}/templates");
    test.wabactl(["plan", &examples, "--out", "plan.fifo"])
        .run();
    let plan: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert!(plan["plan_digest"].is_string(), "{plan}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(temporary_files(test.path()), Vec::<String>::new());
}

#[test]
#[cfg(unix)]
fn a_plan_written_to_a_device_leaves_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let test = Test::new().sandbox(&[]);
    // A device node of the test's own (the same device as /dev/null) where the test may make
    // one (as root, as in CI); /dev/null itself otherwise, which a write leaves as it is.
    let node = test.join("null");
    let made = std::process::Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let target = if made {
        node
    } else {
        Path::new("/dev/null").to_owned()
    };
    let examples = format!("{EXAMPLES}/templates");
    test.wabactl(["plan", &examples, "--out"])
        .args([&target])
        .run();
    let meta = std::fs::metadata(&target).unwrap();
    assert!(meta.file_type().is_char_device(), "{target:?} was replaced");
    assert_eq!(temporary_files(test.path()), Vec::<String>::new());
}
