//! A short, fixed-seed run of the fuzzer in `examples/fuzz` (the long run is
//! `cargo run --release --example fuzz`): 2,000 mutated inputs across the template loader and
//! validator, the project file, saved plan files and Graph list responses. None may panic,
//! and every finding must carry a location inside its file.

#[path = "../../examples/fuzz/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::path::Path;

use crate::support::REPO;

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
    let summary = harness::run(&seeds, 20_261_130, Some(2_000), None, scratch.path());
    assert_eq!(summary.inputs, 2_000);
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
