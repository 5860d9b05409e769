//! A short, fixed-seed run of the fuzzer in `examples/fuzz` (the long run is
//! `cargo run --release --example fuzz`): 2,000 mutated inputs across the template loader and
//! validator, the project file, saved plan files and Graph list responses. None may panic,
//! and every finding must carry a location inside its file.

#[path = "../../examples/fuzz/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::path::Path;

use crate::support::REPO;

// Heap per thread, so the harness can hold each input to its memory bound.
#[global_allocator]
static METER: harness::meter::Meter = harness::meter::Meter;

/// The release run's memory bound; the time bound of a debug build is wider (a debug build
/// is several times slower, and this is a check for hangs, not a benchmark).
const DEBUG_BOUND: harness::Bound = harness::Bound {
    time: std::time::Duration::from_secs(30),
    ..harness::BOUND
};

#[test]
fn two_thousand_mutated_inputs_neither_panic_nor_lose_their_location() {
    let _heavy = crate::support::one_heavy_test_at_a_time();
    let seeds = harness::seeds(Path::new(REPO));
    for target in [
        harness::Target::Template,
        harness::Target::ProjectFile,
        harness::Target::SavedPlan,
        harness::Target::ListResponse,
    ] {
        assert!(
            seeds.iter().any(|s| s.target == target),
            "no seed for {target:?}"
        );
    }
    let scratch = tempfile::tempdir().unwrap();
    let summary = harness::run(
        &seeds,
        20_261_130,
        Some(2_000 + harness::reproducers().len()),
        None,
        scratch.path(),
        DEBUG_BOUND,
    );
    assert!(harness::meter::installed());
    assert_eq!(summary.inputs, 2_004);
    assert!(summary.worst_ratio > 0.0, "memory was measured");
    let problems: Vec<String> = summary
        .findings
        .iter()
        .map(|f| {
            format!(
                "{:?}: {} (input starts {:?})",
                f.target,
                f.problem,
                f.input.chars().take(200).collect::<String>()
            )
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn an_input_over_the_memory_bound_is_a_finding() {
    let scratch = tempfile::tempdir().unwrap();
    let input = &harness::reproducers()[1]; // a megabyte of `{{1}}`
    let tight = harness::Bound {
        per_byte: 1,
        base: 0,
        ..DEBUG_BOUND
    };
    let trial = harness::try_input(input.target, &input.text, scratch.path(), tight);
    let problem = trial.problem.expect("a breach of the memory bound");
    assert!(problem.starts_with("memory: "), "{problem}");
    // The same input within the real bound.
    let trial = harness::try_input(input.target, &input.text, scratch.path(), DEBUG_BOUND);
    assert_eq!(trial.problem, None);
    assert!(trial.peak > input.text.len(), "{} bytes", trial.peak);
}

#[test]
fn a_call_over_the_time_bound_is_a_finding() {
    let scratch = tempfile::tempdir().unwrap();
    let input = &harness::reproducers()[0];
    let instant = harness::Bound {
        time: std::time::Duration::ZERO,
        ..DEBUG_BOUND
    };
    let trial = harness::try_input(input.target, &input.text, scratch.path(), instant);
    let problem = trial.problem.expect("a breach of the time bound");
    assert!(problem.starts_with("slow: "), "{problem}");
}
