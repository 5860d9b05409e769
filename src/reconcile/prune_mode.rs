//! What prune does to a template the files no longer declare: its own file, so that the
//! project file's shape (`config.rs`) can name it without depending on the plan.

/// What prune does to a template the files no longer declare.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum PruneMode {
    /// `DELETE` it: final, and Meta locks an approved template's name for 30 days.
    #[default]
    Delete,
    /// Archive it (`POST /{WABA_ID}/message_templates/archive`): it stops being sendable, can
    /// be unarchived for 28 days, locks no name; only APPROVED and REJECTED ones can be.
    Archive,
}
