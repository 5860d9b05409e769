//! `scripts/install.sh` against a release laid out the way dist publishes it (archive
//! `wabactl-TARGET.tar.xz` holding `wabactl-TARGET/wabactl`, and its `.sha256`), served by a
//! loopback HTTP server. The script is POSIX sh, so these run on unix only.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::support::{REPO, isolate};

/// The script under test. It is run with the environment every test gets (see `isolate`).
fn script() -> String {
    format!("{REPO}/scripts/install.sh")
}
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The release target the script picks on this machine.
fn target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-gnu",
        "macos" => "apple-darwin",
        other => panic!("no release target for {other}"),
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// Files under a directory over HTTP on 127.0.0.1; stops when dropped.
struct FileServer {
    base: String,
    _runtime: tokio::runtime::Runtime,
}

impl FileServer {
    fn start(root: &Path) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/{*path}", axum::routing::get(serve_file))
            .with_state(Arc::new(root.to_path_buf()));
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            base,
            _runtime: runtime,
        }
    }
}

async fn serve_file(State(root): State<Arc<PathBuf>>, UrlPath(path): UrlPath<String>) -> Response {
    match std::fs::read(root.join(path)) {
        Ok(bytes) => bytes.into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

fn run(what: &str, cmd: &mut Command) {
    let status = cmd.status().unwrap();
    assert!(status.success(), "{what} failed: {status}");
}

/// The freshly built binary packed as dist packs it, once per test run; returns the
/// archive and its SHA-256.
fn release_archive() -> &'static (PathBuf, String) {
    static ARCHIVE: OnceLock<(PathBuf, String)> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let stage = Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-release");
        let _ = std::fs::remove_dir_all(&stage);
        let dir_name = format!("wabactl-{}", target());
        std::fs::create_dir_all(stage.join(&dir_name)).unwrap();
        std::fs::copy(
            env!("CARGO_BIN_EXE_wabactl"),
            stage.join(&dir_name).join("wabactl"),
        )
        .unwrap();
        std::fs::copy(
            format!("{REPO}/README.md"),
            stage.join(&dir_name).join("README.md"),
        )
        .unwrap();
        let archive = stage.join(format!("{dir_name}.tar.xz"));
        run(
            "tar -cJf",
            Command::new("tar")
                .arg("-cJf")
                .arg(&archive)
                .arg("-C")
                .arg(&stage)
                .arg(&dir_name)
                // The format is what matters, not the ratio: the fastest level keeps the
                // debug binary's packing to seconds.
                .env("XZ_OPT", "-0"),
        );
        let digest = sha256_hex(&archive);
        (archive, digest)
    })
}

/// Publishes the archive as release `v{VERSION}` (also as the latest) under `root`,
/// returning the archive's path in each place.
fn publish(root: &Path) -> Vec<PathBuf> {
    let (archive, digest) = release_archive();
    let archive_name = archive.file_name().unwrap().to_str().unwrap();
    let mut published = Vec::new();
    for dir in [
        format!("download/v{VERSION}"),
        "latest/download".to_string(),
    ] {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(archive, dir.join(archive_name)).unwrap();
        // dist's checksum line: digest, space, '*' (binary mode), file name.
        std::fs::write(
            dir.join(format!("{archive_name}.sha256")),
            format!("{digest} *{archive_name}\n"),
        )
        .unwrap();
        published.push(dir.join(archive_name));
    }
    published
}

fn sha256_hex(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn install(base: &str, dir: &Path, args: &[&str]) -> Output {
    isolate(&mut Command::new("sh"))
        .arg(script())
        .arg("--dir")
        .arg(dir)
        .args(args)
        .env("WABACTL_DOWNLOAD_BASE", base)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Entries left in the install directory (the script may create it, but must leave nothing).
fn entries(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(read) => read
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn installed_version(binary: &Path) -> String {
    let output = isolate(&mut Command::new(binary))
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn install_script_installs_a_pinned_and_the_latest_release() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    let server = FileServer::start(root.path());

    for args in [
        &["--version", VERSION][..],
        &["--version", &format!("v{VERSION}")],
        &[],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let output = install(&server.base, dir.path(), args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(entries(dir.path()), ["wabactl"], "{args:?}");
        let binary = dir.path().join("wabactl");
        assert_eq!(installed_version(&binary), format!("wabactl {VERSION}"));
        assert!(
            stderr(&output).contains(&format!(
                "installed wabactl {VERSION} to {}",
                binary.display()
            )),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn install_script_refuses_a_tampered_archive_and_installs_nothing() {
    let root = tempfile::tempdir().unwrap();
    let published = publish(root.path());
    let archive = &published[0];
    let expected = sha256_hex(archive);
    let mut bytes = std::fs::read(archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(archive, &bytes).unwrap();
    let actual = sha256_hex(archive);
    let server = FileServer::start(root.path());
    let dir = tempfile::tempdir().unwrap();

    let output = install(&server.base, dir.path(), &["--version", VERSION]);

    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("checksum mismatch"), "{message}");
    assert!(
        message.contains(&format!("expected {expected}")),
        "{message}"
    );
    assert!(message.contains(&format!("got {actual}")), "{message}");
    assert!(message.contains("nothing installed"), "{message}");
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

#[test]
fn install_script_fails_clearly_on_an_unknown_version() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    let server = FileServer::start(root.path());
    let dir = tempfile::tempdir().unwrap();

    let output = install(&server.base, dir.path(), &["--version", "99.0.0"]);

    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let url = format!(
        "{}/download/v99.0.0/wabactl-{}.tar.xz",
        server.base,
        target()
    );
    assert!(
        message.contains(&format!("could not download {url}")),
        "{message}"
    );
    assert!(message.contains("release '99.0.0' exists"), "{message}");
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

#[test]
fn install_script_help_names_the_options() {
    let output = isolate(&mut Command::new("sh"))
        .arg(script())
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for option in ["--version", "--dir", "WABACTL_DOWNLOAD_BASE"] {
        assert!(help.contains(option), "{help}");
    }
}

/// Publishes, as release `v{version}`, an archive whose `wabactl` is `content` (made
/// executable), returning the archive's SHA-256.
fn publish_binary(root: &Path, version: &str, content: &[u8]) -> String {
    let stage = tempfile::tempdir().unwrap();
    let dir_name = format!("wabactl-{}", target());
    std::fs::create_dir_all(stage.path().join(&dir_name)).unwrap();
    let binary = stage.path().join(&dir_name).join("wabactl");
    std::fs::write(&binary, content).unwrap();
    run("chmod", Command::new("chmod").arg("755").arg(&binary));
    let dir = root.join(format!("download/v{version}"));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join(format!("{dir_name}.tar.xz"));
    run(
        "tar -cJf",
        Command::new("tar")
            .arg("-cJf")
            .arg(&archive)
            .arg("-C")
            .arg(stage.path())
            .arg(&dir_name),
    );
    let digest = sha256_hex(&archive);
    std::fs::write(
        dir.join(format!("{dir_name}.tar.xz.sha256")),
        format!("{digest} *{dir_name}.tar.xz\n"),
    )
    .unwrap();
    digest
}

#[test]
fn install_script_keeps_the_working_binary_when_the_new_one_cannot_run() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    // A release built for a newer C library than this machine has: it starts and dies, as a
    // glibc binary does on too old a glibc.
    publish_binary(
        root.path(),
        "9.9.9",
        b"#!/bin/sh\necho \"wabactl: /lib/x86_64-linux-gnu/libc.so.6: version 'GLIBC_2.99' not found\" >&2\nexit 1\n",
    );
    let server = FileServer::start(root.path());
    let dir = tempfile::tempdir().unwrap();
    let output = install(&server.base, dir.path(), &["--version", VERSION]);
    assert!(output.status.success(), "{}", stderr(&output));

    let output = install(&server.base, dir.path(), &["--version", "9.9.9"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the downloaded wabactl does not run on this machine"),
        "{message}"
    );
    assert!(message.contains("GLIBC_2.99"), "{message}");
    assert!(message.contains("is as it was"), "{message}");
    // The working binary is still there, and nothing else.
    assert_eq!(entries(dir.path()), ["wabactl"]);
    assert_eq!(
        installed_version(&dir.path().join("wabactl")),
        format!("wabactl {VERSION}")
    );

    // Something that runs but is not wabactl is refused as well.
    publish_binary(root.path(), "9.9.8", b"#!/bin/sh\necho hello\n");
    let output = install(&server.base, dir.path(), &["--version", "9.9.8"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("does not say it is wabactl"));
    assert_eq!(entries(dir.path()), ["wabactl"]);
}

#[test]
fn install_script_needs_no_home_when_given_a_directory() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    let server = FileServer::start(root.path());
    let dir = tempfile::tempdir().unwrap();
    let without_home = |args: &[&str]| {
        isolate(&mut Command::new("sh"))
            .arg(script())
            .args(args)
            .env_remove("HOME")
            .env("WABACTL_DOWNLOAD_BASE", &server.base)
            .output()
            .unwrap()
    };
    let help = without_home(&["--help"]);
    assert!(help.status.success(), "{}", stderr(&help));
    let installed = without_home(&["--dir", dir.path().to_str().unwrap()]);
    assert!(installed.status.success(), "{}", stderr(&installed));
    assert_eq!(entries(dir.path()), ["wabactl"]);
    let nowhere = without_home(&[]);
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(
        stderr(&nowhere).contains("HOME is not set, so there is no ~/.local/bin; give --dir DIR"),
        "{}",
        stderr(&nowhere)
    );
}

#[test]
fn install_script_checks_a_pinned_digest_and_downloads_over_https_only() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    let (_, digest) = release_archive();
    let server = FileServer::start(root.path());

    let dir = tempfile::tempdir().unwrap();
    let other = "0".repeat(64);
    let output = install(
        &server.base,
        dir.path(),
        &["--version", VERSION, "--sha256", &other],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!(
            "expected {other} (the pinned digest), got {digest}"
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(entries(dir.path()), Vec::<String>::new());
    let output = install(
        &server.base,
        dir.path(),
        &["--version", VERSION, "--sha256", digest],
    );
    assert!(output.status.success(), "{}", stderr(&output));

    // Plain HTTP to another machine is refused before anything is fetched.
    let output = install("http://mirror.example.invalid/releases", dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("must be an https:// URL (or http:// to this machine)"),
        "{}",
        stderr(&output)
    );
}

/// The setup action's install step (`action.yml`), run as a runner runs it, in `workspace`.
fn action_step(workspace: &Path, cache: &Path, base: &str, install_dir: &str) -> Output {
    let action: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(format!("{REPO}/action.yml")).unwrap())
            .unwrap();
    let script = action["runs"]["steps"][0]["run"].as_str().unwrap();
    for file in ["github_path", "github_output"] {
        std::fs::write(workspace.join(file), "").unwrap();
    }
    isolate(&mut Command::new("bash"))
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(workspace)
        .env("RUNNER_TOOL_CACHE", cache)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("GITHUB_PATH", workspace.join("github_path"))
        .env("GITHUB_OUTPUT", workspace.join("github_output"))
        .env("WABACTL_ACTION_PATH", REPO)
        .env("WABACTL_REQUESTED", VERSION)
        .env("WABACTL_DIR_INPUT", install_dir)
        .env("WABACTL_ATTEST_INPUT", "auto")
        .env("WABACTL_DOWNLOAD_BASE", base)
        .output()
        .unwrap()
}

#[test]
fn the_action_puts_an_absolute_install_dir_on_path_and_reuses_its_cache() {
    let root = tempfile::tempdir().unwrap();
    publish(root.path());
    let server = FileServer::start(root.path());
    let workspace = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();

    // A relative install-dir: a later step with another working-directory must find it.
    let cold = action_step(workspace.path(), cache.path(), &server.base, "tools/bin");
    assert!(cold.status.success(), "{}", stderr(&cold));
    let on_path = std::fs::read_to_string(workspace.path().join("github_path")).unwrap();
    let expected = workspace.path().canonicalize().unwrap().join("tools/bin");
    assert_eq!(on_path, format!("{}\n", expected.display()));
    assert!(Path::new(on_path.trim()).is_absolute());
    assert_eq!(
        installed_version(&expected.join("wabactl")),
        format!("wabactl {VERSION}")
    );
    assert_eq!(
        std::fs::read_to_string(workspace.path().join("github_output")).unwrap(),
        format!("version={VERSION}\n")
    );

    // A second job on the same runner: from the tool cache, no download (the mirror is gone).
    drop(server);
    let warm = action_step(workspace.path(), cache.path(), "http://127.0.0.1:9", "");
    assert!(warm.status.success(), "{}", stderr(&warm));
    let stdout = String::from_utf8_lossy(&warm.stdout);
    assert!(stdout.contains("found in the tool cache"), "{stdout}");
    let on_path = std::fs::read_to_string(workspace.path().join("github_path")).unwrap();
    assert!(Path::new(on_path.trim()).is_absolute(), "{on_path}");
}
