//! The plan as JSON: the versioned document described by `schemas/plan.schema.json`
//! (`format_version`, `has_changes`, counts, every change with its kind, status, details and
//! request body). `plan --out FILE` saves exactly this document; `reconcile::plan_file` reads it
//! back.

use crate::reconcile::Plan;

/// Pretty-printed, ending with a newline. A plan to be written is sealed first
/// ([`Plan::sealed`]).
pub fn render(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).expect("a plan is plain data");
    text.push('\n');
    text
}
