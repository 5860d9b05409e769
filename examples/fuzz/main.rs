//! The long fuzzing run: `cargo run --release --example fuzz -- --seconds 300 --seed 1`.
//!
//! Prints inputs tried, inputs per second, the slowest call, the most heap per input byte and
//! every finding (a panic, a finding without a location, a call over the memory or time
//! bound); the slowest input and each finding's input are written to `--out` (default
//! `target/fuzz-findings`).

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // a program that reports

mod harness;

#[global_allocator]
static METER: harness::meter::Meter = harness::meter::Meter;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let mut seconds = 60;
    let mut seed = 1;
    let mut out = PathBuf::from("target/fuzz-findings");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&arg));
        match arg.as_str() {
            "--seconds" => seconds = value().parse().unwrap_or_else(|_| usage("--seconds")),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed")),
            "--out" => out = PathBuf::from(value()),
            _ => usage(&arg),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = harness::seeds(root);
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let started = Instant::now();
    let summary = harness::run(
        &seeds,
        seed,
        None,
        Some(started + Duration::from_secs(seconds)),
        scratch.path(),
        harness::BOUND,
    );
    assert!(
        harness::meter::installed(),
        "the heap meter measures nothing"
    );
    let elapsed = started.elapsed().as_secs_f64();
    println!("seed {seed}, {} seeds, {elapsed:.0} s", seeds.len());
    println!(
        "inputs: {} ({:.0} per second)",
        summary.inputs,
        summary.inputs as f64 / elapsed
    );
    println!(
        "slowest call: {:.1} ms ({:?})",
        summary.slowest.as_secs_f64() * 1000.0,
        summary.slowest_target
    );
    println!(
        "most heap per input byte (inputs of 64 KiB or more): {:.1} ({} bytes for a {}-byte input; bound {} per byte + {} MiB)",
        summary.worst_ratio,
        summary.worst_ratio_peak,
        summary.worst_ratio_input.len(),
        harness::BOUND.per_byte,
        harness::BOUND.base >> 20
    );
    std::fs::create_dir_all(&out).expect("the findings directory");
    let slowest = out.join("slowest.txt");
    std::fs::write(&slowest, &summary.slowest_input).expect("write the slowest input");
    println!("slowest input: {}", slowest.display());
    println!("findings: {}", summary.findings.len());
    for (i, finding) in summary.findings.iter().enumerate() {
        let file = out.join(format!("finding-{i:03}.txt"));
        std::fs::write(&file, &finding.input).expect("write the finding");
        println!(
            "  {:?}: {} ({})",
            finding.target,
            finding.problem,
            file.display()
        );
    }
    if !summary.findings.is_empty() {
        std::process::exit(1);
    }
}

fn usage(arg: &str) -> ! {
    eprintln!("unexpected `{arg}`; usage: fuzz [--seconds N] [--seed N] [--out DIR]");
    std::process::exit(2);
}
