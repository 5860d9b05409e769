//! Benchmark: `wabactl plan` against sandbox accounts of 100, 1,000 and 6,000 templates
//! (three languages by default, interleaved; `PLAN_BENCH_LANGUAGES=2` for two) with 0 and
//! 50 ms of latency per request, each with as many matching template documents, so the plan
//! shows no change.
//!
//! Run with `cargo bench --bench plan` (release build). For each size and latency it starts
//! `wabactl sandbox serve` seeded with the account, runs `plan` a few times under
//! `/usr/bin/time -v`, and prints the Graph requests per plan (from the plan itself), the
//! median wall time, CPU and peak memory. For 6,000 templates at 50 ms it also times a pywa
//! script that lists the account with pages of 250 (the best a user writes by hand), when
//! pywa is installed in `target/pywa-venv` (`tests/pywa/run.sh` installs it).
//! Targets for 6,000 at 50 ms: at most 30 requests, wall at most 1.0 s and at least 2× faster
//! than the pywa listing, peak memory at most 60 MB.
//! `PLAN_BENCH_SIZES=6000 PLAN_BENCH_LATENCIES=50` narrows the grid.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ALL_LANGUAGES: [&str; 4] = ["en_US", "pt_BR", "es", "de"];
const RUNS: usize = 3;
const TOKEN: &str = "bench-plan-token";
const WABA_ID: &str = "102290129340398";

fn main() {
    let bin = env!("CARGO_BIN_EXE_wabactl");
    let sizes = list_env("PLAN_BENCH_SIZES", &[100, 1_000, 6_000]);
    let latencies = list_env("PLAN_BENCH_LATENCIES", &[0, 50]);
    // How many languages the account's templates come in (each name in every one).
    let languages: Vec<&str> =
        ALL_LANGUAGES[..list_env("PLAN_BENCH_LANGUAGES", &[3])[0].clamp(1, 4) as usize].to_vec();
    println!("languages: {}", languages.join(", "));
    println!(
        "{:>9} {:>8} {:>9} {:>8} {:>10} {:>8}   targets (6,000 at 50 ms)",
        "templates", "latency", "requests", "wall_s", "cpu_s", "rss_mb"
    );
    for &size in &sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let dir = if std::env::var_os("PLAN_BENCH_KEEP").is_some() {
            let kept = dir.keep();
            println!("files in {}", kept.display());
            Kept::Path(kept)
        } else {
            Kept::Temp(dir)
        };
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).expect("mkdir");
        let seed = dir.path().join("seed.json");
        let names = size as usize / languages.len();
        let held = names * languages.len();
        generate(names, &languages, &templates, &seed);
        for &latency_ms in &latencies {
            let _ = std::fs::remove_file(dir.path().join("state.json"));
            let (mut sandbox, base) = serve(bin, dir.path(), &seed, latency_ms);
            let mut runs: Vec<Run> = (0..RUNS)
                .map(|_| plan_once(bin, dir.path(), &base))
                .collect();
            runs.sort_by_key(|r| r.wall);
            let median = &runs[RUNS / 2];
            let mut targets = String::new();
            if size == 6_000 && latency_ms == 50 {
                let pywa = pywa_listing(&base);
                targets = format!(
                    "requests ≤ 30 {}, wall ≤ 1.0 s {}, rss ≤ 60 MB {}",
                    verdict(median.requests <= 30),
                    verdict(median.wall <= Duration::from_secs(1)),
                    verdict(median.max_rss_kb <= 60 * 1024),
                );
                match pywa {
                    Some((wall, count)) => targets.push_str(&format!(
                        "; pywa pages of 250: {count} templates in {:.2} s, wabactl {:.1}× faster {}",
                        wall.as_secs_f64(),
                        wall.as_secs_f64() / median.wall.as_secs_f64(),
                        verdict(wall.as_secs_f64() >= 2.0 * median.wall.as_secs_f64())
                    )),
                    None => targets.push_str("; pywa not installed (run tests/pywa/run.sh once)"),
                }
            }
            let _ = sandbox.kill();
            let _ = sandbox.wait();
            println!(
                "{held:>9} {:>6}ms {:>9} {:>8.2} {:>10.2} {:>8.1}   {targets}",
                latency_ms,
                median.requests,
                median.wall.as_secs_f64(),
                median.user + median.system,
                median.max_rss_kb as f64 / 1024.0,
            );
        }
    }
}

fn list_env(name: &str, default: &[u64]) -> Vec<u64> {
    std::env::var(name)
        .ok()
        .map(|v| v.split([',', ' ']).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// `wabactl sandbox serve` seeded with the account; its base URL.
fn serve(bin: &str, dir: &Path, seed: &Path, latency_ms: u64) -> (Child, String) {
    let mut sandbox = Command::new(bin)
        .args(["sandbox", "serve", "--port", "0", "--token", TOKEN])
        .args(["--waba-id", WABA_ID, "--calls-per-hour", "0"])
        .arg("--latency-ms")
        .arg(latency_ms.to_string())
        .arg("--state")
        .arg(dir.join("state.json"))
        .arg("--seed")
        .arg(seed)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox");
    let mut banner = BufReader::new(sandbox.stdout.take().expect("stdout"));
    let mut first_line = String::new();
    banner.read_line(&mut first_line).expect("sandbox banner");
    let base = first_line.trim().to_owned();
    // Keep reading: the server writes more, and a closed pipe would stop it.
    std::thread::spawn(move || for _ in banner.lines() {});
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (sandbox, base)
}

/// The pywa listing script's wall time and template count, if pywa is installed.
fn pywa_listing(base: &str) -> Option<(Duration, usize)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("target/pywa-venv/bin/python");
    if !python.exists() {
        return None;
    }
    let start = Instant::now();
    let output = Command::new(python)
        .arg(root.join("benches/pywa_list.py"))
        .args([base, TOKEN, WABA_ID, "250"])
        .output()
        .expect("run the pywa listing");
    let wall = start.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let count = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .ok()?;
    Some((wall, count))
}

/// The working directory: removed at the end unless kept.
enum Kept {
    Temp(tempfile::TempDir),
    Path(std::path::PathBuf),
}

impl Kept {
    fn path(&self) -> &Path {
        match self {
            Kept::Temp(dir) => dir.path(),
            Kept::Path(path) => path,
        }
    }
}

struct Run {
    wall: Duration,
    user: f64,
    system: f64,
    max_rss_kb: u64,
    requests: u64,
}

fn plan_once(bin: &str, dir: &Path, base: &str) -> Run {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .args(["plan", "templates", "--exit-code"])
        .current_dir(dir)
        .env("WABACTL_API_BASE", base)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /usr/bin/time -v wabactl plan");
    let wall = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "plan found changes or failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("Plan: 0 to create, 0 to update, 0 to delete; 0 unmanaged; 0 blocked"),
        "{stdout}"
    );
    let field = |label: &str| {
        stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(label)
                    .map(str::trim)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| panic!("no `{label}` in:\n{stderr}"))
    };
    // The plan says how many Graph requests it made.
    let requests = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Read the account with "))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no request count in:\n{stdout}"));
    Run {
        wall,
        user: field("User time (seconds):").parse().expect("user time"),
        system: field("System time (seconds):")
            .parse()
            .expect("system time"),
        max_rss_kb: field("Maximum resident set size (kbytes):")
            .parse()
            .expect("max rss"),
        requests,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

/// One YAML file per template name (a document per language), and the account's seed: the
/// same templates as create bodies, which the sandbox stores the way Meta does (upper-case
/// enums, OTP buttons as URL buttons, generated authentication text, `+` on phone numbers...).
fn generate(names: usize, languages: &[&str], templates: &Path, seed: &Path) {
    let mut data = Vec::new();
    for i in 0..names {
        let mut documents = Vec::new();
        for (l, language) in languages.iter().enumerate() {
            let body = create_body(i, language);
            documents.push(serde_saphyr::to_string(&body).expect("yaml"));
            let mut stored = body.clone();
            stored["id"] = json!(format!("{}", 1_000_000_000 + i * 10 + l));
            stored["status"] = json!("APPROVED");
            data.push(stored);
        }
        std::fs::write(
            templates.join(format!("template_{i:04}.yaml")),
            documents.join("---\n"),
        )
        .expect("write");
    }
    std::fs::write(
        seed,
        serde_json::to_string(&json!({ "data": data })).expect("json"),
    )
    .expect("write seed");
}

fn create_body(i: usize, language: &str) -> Value {
    let name = format!("order_update_{i}");
    match i % 3 {
        0 => json!({
            "name": name, "language": language, "category": "UTILITY",
            "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Order {{1}} update",
                 "example": {"header_text": [format!("A-{i}")]}},
                {"type": "BODY",
                 "text": "Hi {{1}}, your order {{2}} has shipped and arrives on {{3}}. Thank you!",
                 "example": {"body_text": [["Pablo", format!("A-{i}"), "Friday"]]}},
                {"type": "FOOTER", "text": "Lucky Shrub"},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Track order", "url": "https://example.com/track/{{1}}",
                     "example": [format!("https://example.com/track/A-{i}")]},
                    {"type": "QUICK_REPLY", "text": "Stop updates"}]}
            ]
        }),
        1 => json!({
            "name": name, "language": language, "category": "MARKETING",
            "parameter_format": "NAMED",
            "components": [
                {"type": "BODY",
                 "text": "Hello {{first_name}}, use code {{code}} for 20% off this week.",
                 "example": {"body_text_named_params": [
                     {"param_name": "first_name", "example": "Pablo"},
                     {"param_name": "code", "example": "SAVE20"}]}},
                {"type": "BUTTONS", "buttons": [
                    {"type": "COPY_CODE", "example": "SAVE20"},
                    {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "15550051310"}]}
            ]
        }),
        _ => json!({
            "name": name, "language": language, "category": "AUTHENTICATION",
            "message_send_ttl_seconds": 300,
            "components": [
                {"type": "BODY", "add_security_recommendation": true},
                {"type": "FOOTER", "code_expiration_minutes": 5},
                {"type": "BUTTONS", "buttons": [
                    {"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}]}
            ]
        }),
    }
}
