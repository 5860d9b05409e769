//! The plan as JSON: the versioned document described by `schemas/plan.schema.json`
//! (`format_version`, `has_changes`, counts, every change with its kind, status, details and
//! request body). `plan --out FILE` saves exactly this document.

use crate::reconcile::Plan;

/// Pretty-printed, ending with a newline.
pub fn render(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).expect("a plan is plain data");
    text.push('\n');
    text
}

/// Reads a saved plan, refusing other format versions.
pub fn parse(text: &str) -> Result<Plan, PlanFileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(PlanFileError::Json)?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(crate::reconcile::plan::FORMAT_VERSION)) {
        return Err(PlanFileError::Version(version));
    }
    serde_json::from_value(value).map_err(PlanFileError::Json)
}

#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("not a plan file: {0}")]
    Json(serde_json::Error),
    #[error(
        "plan format version {} is not supported (this wabactl reads version {}): run `wabactl plan --out` again",
        .0.map_or_else(|| "(none)".to_owned(), |v| v.to_string()),
        crate::reconcile::plan::FORMAT_VERSION
    )]
    Version(Option<u64>),
}
