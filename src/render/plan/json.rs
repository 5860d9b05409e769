//! The plan as JSON: the versioned document described by `schemas/plan.schema.json`
//! (`format_version`, `has_changes`, counts, every change with its kind, status, details and
//! request body). `plan --out FILE` saves exactly this document; `reconcile::plan_file` reads it
//! back.

use crate::reconcile::Plan;

/// Pretty-printed, sealed (`plan_digest`), ending with a newline.
pub fn render(plan: &Plan) -> String {
    let document = crate::reconcile::digest::sealed_document(plan);
    let mut text = serde_json::to_string_pretty(&document).expect("a plan is plain data");
    text.push('\n');
    text
}
