//! Benchmark: `wabactl plan` against a sandbox account of 6,000 templates with 50 ms of
//! latency per request, and 6,000 matching template documents.
//!
//! Run with `cargo bench --bench plan` (release build). It starts `wabactl sandbox serve`
//! seeded with the account, runs `plan` a few times under `/usr/bin/time -v`, and prints the
//! wall time against the bound set by the list requests (pages × latency), the CPU time and
//! the peak memory, each with its target: wall ≤ 1.2 × bound + 0.3 s, peak memory ≤ 60 MB.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TEMPLATE_NAMES: usize = 3_000;
const LANGUAGES: [&str; 2] = ["en_US", "pt_BR"];
const LATENCY_MS: u64 = 50;
const RUNS: usize = 3;
const TOKEN: &str = "bench-token";
const WABA_ID: &str = "102290129340398";

fn main() {
    let bin = env!("CARGO_BIN_EXE_wabactl");
    let dir = tempfile::tempdir().expect("temp dir");
    // PLAN_BENCH_KEEP=1 leaves the files, the seed and the sandbox state behind for a look.
    let dir = if std::env::var_os("PLAN_BENCH_KEEP").is_some() {
        let kept = dir.keep();
        println!("files in {}", kept.display());
        Kept::Path(kept)
    } else {
        Kept::Temp(dir)
    };
    let latency_ms: u64 = std::env::var("PLAN_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(LATENCY_MS);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let seed = dir.path().join("seed.json");
    generate(&templates, &seed);

    let mut sandbox = Command::new(bin)
        .args([
            "sandbox",
            "serve",
            "--port",
            "0",
            "--token",
            TOKEN,
            "--waba-id",
            WABA_ID,
        ])
        .arg("--latency-ms")
        .arg(latency_ms.to_string())
        .arg("--state")
        .arg(dir.path().join("state.json"))
        .arg("--seed")
        .arg(&seed)
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

    let mut runs: Vec<Run> = (0..RUNS)
        .map(|_| plan_once(bin, dir.path(), &base))
        .collect();
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    runs.sort_by_key(|r| r.wall);
    let median = &runs[RUNS / 2];

    let pages = median.pages;
    let bound = Duration::from_millis(pages as u64 * latency_ms);
    let wall_target = bound.mul_f64(1.2) + Duration::from_millis(300);
    let memory_target_kb = 60 * 1024;
    println!(
        "templates: {} on the account, {} documents in {} files",
        TEMPLATE_NAMES * LANGUAGES.len(),
        TEMPLATE_NAMES * LANGUAGES.len(),
        TEMPLATE_NAMES
    );
    println!(
        "list requests: {pages} × {latency_ms} ms latency = bound {:.2} s",
        secs(bound)
    );
    println!(
        "wall (median of {RUNS}): {:.2} s   target ≤ {:.2} s   {}",
        secs(median.wall),
        secs(wall_target),
        verdict(median.wall <= wall_target)
    );
    println!(
        "CPU: {:.2} s user + {:.2} s system",
        median.user, median.system
    );
    println!(
        "peak memory: {:.1} MB   target ≤ 60 MB   {}",
        median.max_rss_kb as f64 / 1024.0,
        verdict(median.max_rss_kb <= memory_target_kb)
    );
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
    pages: usize,
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
        .env("WABACTL_LOG", "wabactl::graph=debug")
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
    // Each list request is logged by the client at debug level; count them.
    let pages = stderr.matches("list templates (page").count().max(
        stderr
            .lines()
            .filter_map(|l| l.split("pages=").nth(1))
            .filter_map(|n| n.split_whitespace().next()?.parse::<usize>().ok())
            .max()
            .unwrap_or(0),
    );
    assert!(
        pages > 0,
        "the client did not log its list requests:\n{stderr}"
    );
    Run {
        wall,
        user: field("User time (seconds):").parse().expect("user time"),
        system: field("System time (seconds):")
            .parse()
            .expect("system time"),
        max_rss_kb: field("Maximum resident set size (kbytes):")
            .parse()
            .expect("max rss"),
        pages,
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

/// One YAML file per template name (a document per language), and the account's seed: the
/// same templates as create bodies, which the sandbox stores the way Meta does (upper-case
/// enums, OTP buttons as URL buttons, generated authentication text, `+` on phone numbers...).
fn generate(templates: &Path, seed: &Path) {
    let mut data = Vec::new();
    for i in 0..TEMPLATE_NAMES {
        let mut documents = Vec::new();
        for (l, language) in LANGUAGES.iter().enumerate() {
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
