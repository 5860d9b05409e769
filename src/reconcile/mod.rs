//! Desired (files) against actual (account): normalise both sides, diff them, and build the plan.
//!
//! Everything here is pure and synchronous: plain data in, plain data out.

pub mod api_version;
mod archive;
pub mod attention;
pub mod compat;
pub mod convert;
mod decide;
pub mod declared_group;
pub mod desired;
pub mod diff;
pub mod digest;
mod drift;
pub mod field_changes;
pub mod field_path;
pub mod filter;
pub mod group_plan;
pub mod groups;
pub mod import;
pub mod import_guard;
pub mod media_upload;
pub mod name_lock;
pub mod naming;
pub mod natural;
pub mod normalize;
pub mod placeholder;
pub mod plan;
pub mod plan_file;
pub mod plan_set;
pub mod promote;
pub mod prune;
pub mod prune_mode;
pub mod reason;
pub mod reupload;
pub mod status;
pub mod unpause;
pub mod unsendable;

pub use desired::Desired;
pub use diff::{PlanOptions, plan, plan_owned};
pub use plan::Plan;

#[cfg(test)]
pub(crate) mod test_support;
