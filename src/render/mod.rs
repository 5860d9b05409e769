//! What a person or a machine sees: one module per kind of output.

pub mod apply;
pub mod diagnostics;
pub mod human;
pub mod markdown;
pub mod plan_json;
pub mod status;
mod word_diff;
