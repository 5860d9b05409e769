//! Benchmark: `wabactl plan` over 6,000 templates (2,000 names in three languages) with
//! template groups declared on all of them (20 groups of 300 templates, in sync on the
//! account) against the same plan without `template_groups`, in one paired run: the two
//! alternate, same sandbox, same templates, same latency. Prints the requests and the median
//! wall time of each, and their ratio.
//!
//! `cargo bench --bench plan_groups` (release), or `cargo build --bench plan_groups` and run
//! the program under target/debug/deps for the binary of a debug build. `PLAN_GROUPS_RUNS`
//! (default 5) pairs, `PLAN_BENCH_LATENCIES` (default `0,50`) milliseconds per request.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

const TOKEN: &str = "bench-groups-token";
const WABA_ID: &str = "102290129340398";
const LANGUAGES: [&str; 3] = ["en_US", "pt_BR", "es"];
const NAMES: usize = 2_000;
const GROUPS: usize = 20;

fn main() {
    let bin = env!("CARGO_BIN_EXE_wabactl");
    let runs = env_list("PLAN_GROUPS_RUNS", &[5])[0].max(1) as usize;
    let latencies = env_list("PLAN_BENCH_LATENCIES", &[0, 50]);
    let temp = tempfile::tempdir().expect("temp dir");
    // PLAN_GROUPS_KEEP: leave the files (and the sandbox state) for a closer look.
    let (_removed_at_exit, root) = if std::env::var_os("PLAN_GROUPS_KEEP").is_some() {
        let kept = temp.keep();
        println!("files in {}", kept.display());
        (None, kept)
    } else {
        let path = temp.path().to_owned();
        (Some(temp), path)
    };
    let root = root.as_path();
    generate(root);
    for (project, groups) in [("with", true), ("without", false)] {
        std::fs::create_dir_all(root.join(project)).expect("mkdir");
        std::fs::write(
            root.join(project).join("wabactl.yaml"),
            project_file(groups),
        )
        .expect("write wabactl.yaml");
    }
    println!(
        "{} templates, {GROUPS} groups of {} templates; {runs} pairs per latency; binary {bin}",
        NAMES * LANGUAGES.len(),
        NAMES * LANGUAGES.len() / GROUPS
    );
    println!(
        "{:>8} {:>9} {:>9} {:>10} {:>10} {:>7} {:>9} {:>9} {:>7}",
        "latency",
        "req with",
        "req w/o",
        "wall with",
        "wall w/o",
        "ratio",
        "cpu with",
        "cpu w/o",
        "ratio"
    );
    for latency_ms in latencies {
        let _ = std::fs::remove_file(root.join("state.json"));
        let _ = std::fs::remove_file(root.join("state.json.journal"));
        let (mut sandbox, base) = serve(bin, root, latency_ms);
        // The groups are created once; every plan after that finds them in sync.
        let applied = wabactl(bin, &root.join("with"), &base, &["apply", "--auto-approve"]);
        assert!(
            applied.status.success(),
            "{}",
            String::from_utf8_lossy(&applied.stderr)
        );
        let mut with = Vec::new();
        let mut without = Vec::new();
        for _ in 0..runs {
            with.push(plan_once(bin, &root.join("with"), &base, true));
            without.push(plan_once(bin, &root.join("without"), &base, false));
        }
        let _ = sandbox.kill();
        let _ = sandbox.wait();
        let (w, o) = (median(&with), median(&without));
        println!(
            "{:>6}ms {:>9} {:>9} {:>9.3}s {:>9.3}s {:>7.3} {:>8.2}s {:>8.2}s {:>7.3}",
            latency_ms,
            w.2,
            o.2,
            w.0.as_secs_f64(),
            o.0.as_secs_f64(),
            w.0.as_secs_f64() / o.0.as_secs_f64(),
            w.1,
            o.1,
            w.1 / o.1
        );
        for (i, (a, b)) in with.iter().zip(&without).enumerate() {
            println!(
                "    pair {}: wall {:.3}s / {:.3}s, cpu {:.2}s / {:.2}s",
                i + 1,
                a.wall.as_secs_f64(),
                b.wall.as_secs_f64(),
                a.cpu,
                b.cpu
            );
        }
    }
}

fn env_list(name: &str, default: &[u64]) -> Vec<u64> {
    std::env::var(name)
        .ok()
        .map(|v| v.split([',', ' ']).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// The median wall time and the median CPU time (each sorted on its own), and the requests.
fn median(runs: &[Sample]) -> (Duration, f64, u64) {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let mut cpus: Vec<f64> = runs.iter().map(|r| r.cpu).collect();
    cpus.sort_by(f64::total_cmp);
    (
        walls[runs.len() / 2],
        cpus[runs.len() / 2],
        runs[0].requests,
    )
}

fn project_file(groups: bool) -> String {
    let mut text = String::from("templates: [../templates]\n");
    if groups {
        text.push_str("template_groups:\n");
        for g in 0..GROUPS {
            // t_0000 .. t_1999: `t_{g:02}*` covers 100 names, 300 templates.
            text.push_str(&format!(
                "  Campaign {g:02}:\n    description: Every language of campaign {g}\n    \
                 templates: [\"t_{g:02}*\"]\n"
            ));
        }
    }
    text
}

/// The templates (a file per name, a document per language) and the account's seed.
fn generate(root: &Path) {
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let mut data = Vec::new();
    for i in 0..NAMES {
        let mut documents = Vec::new();
        for (l, language) in LANGUAGES.iter().enumerate() {
            let body = json!({
                "name": format!("t_{i:04}"), "language": language, "category": "UTILITY",
                "components": [{"type": "BODY",
                    "text": "Hi {{1}}, your order {{2}} has shipped.",
                    "example": {"body_text": [["Pablo", format!("A-{i}")]]}}]
            });
            documents.push(serde_saphyr::to_string(&body).expect("yaml"));
            let mut stored = body;
            stored["id"] = json!(format!("{}", 1_000_000_000 + i * 10 + l));
            stored["status"] = json!("APPROVED");
            data.push(stored);
        }
        std::fs::write(
            templates.join(format!("t_{i:04}.yaml")),
            documents.join("---\n"),
        )
        .expect("write");
    }
    std::fs::write(
        root.join("seed.json"),
        serde_json::to_string(&json!({ "data": data })).expect("json"),
    )
    .expect("write seed");
}

fn serve(bin: &str, root: &Path, latency_ms: u64) -> (Child, String) {
    let mut sandbox = Command::new(bin)
        .args(["sandbox", "serve", "--port", "0", "--token", TOKEN])
        .args(["--waba-id", WABA_ID, "--calls-per-hour", "0"])
        .arg("--latency-ms")
        .arg(latency_ms.to_string())
        .arg("--state")
        .arg(root.join("state.json"))
        .arg("--seed")
        .arg(root.join("seed.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox");
    let mut banner = BufReader::new(sandbox.stdout.take().expect("stdout"));
    let mut first_line = String::new();
    banner.read_line(&mut first_line).expect("sandbox banner");
    std::thread::spawn(move || for _ in banner.lines() {});
    let base = first_line.trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (sandbox, base)
}

fn wabactl(bin: &str, dir: &Path, base: &str, args: &[&str]) -> std::process::Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("WABACTL_API_BASE", base)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .env("NO_COLOR", "1")
        .output()
        .expect("run wabactl")
}

/// One `plan --exit-code` (no change expected) under `/usr/bin/time`: its wall time, CPU
/// seconds (user + system) and Graph requests.
fn plan_once(bin: &str, dir: &Path, base: &str, groups: bool) -> Sample {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "cpu %U %S"])
        .arg(bin)
        .args(["plan", "--exit-code"])
        .current_dir(dir)
        .env("WABACTL_API_BASE", base)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /usr/bin/time wabactl plan");
    let wall = start.elapsed();
    let cpu: f64 = String::from_utf8_lossy(&output.stderr)
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("cpu "))
        .map(|rest| {
            rest.split_whitespace()
                .filter_map(|n| n.parse::<f64>().ok())
                .sum()
        })
        .expect("cpu times from /usr/bin/time");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "plan found changes or failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    if groups {
        assert!(
            stdout.contains(&format!("0 to delete; {GROUPS} in sync")),
            "{stdout}"
        );
    }
    let requests = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Read the account with "))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no request count in:\n{stdout}"));
    Sample {
        wall,
        cpu,
        requests,
    }
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: f64,
    requests: u64,
}
