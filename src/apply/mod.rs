//! Carrying a plan out against the account: the executor (bounded concurrency, the creation
//! quota, retries that never create twice), what each change came to, and waiting for review.
//!
//! Async and I/O live here; the decisions about *what* to change were made by `reconcile`.
//! Nothing here prints: progress is reported through events, and `render::apply` shapes it.
//!
//! The files, each with one job: `work` turns a plan into units of work; `schedule` decides
//! when each unit starts (pure: no clock, no I/O); `write` and `delete` carry the writes out
//! and settle unclear answers with `verify`; `executor` drives them; `outcome` is the report;
//! `quota` counts creates; `wait` polls review.

mod archive;
mod delete;
pub mod edit_limit;
pub mod executor;
pub mod forecast;
pub mod groups;
pub mod outcome;
pub mod quota;
pub mod schedule;
pub mod stuck;
mod upsert;
pub mod verify;
pub mod wait;
pub mod work;
pub mod write;

pub use executor::{ApplyOptions, Event, Executor};
pub use outcome::{ChangeOutcome, Outcome, Report, ReviewReport, SkipReason, Verdict};
pub use schedule::{DEFAULT_CREATE_QUOTA, DEFAULT_PARALLELISM, INTERRUPT_GRACE, Pacing};
