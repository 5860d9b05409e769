//! Carrying a plan out against the account: the executor (bounded concurrency, the creation
//! quota, retries that never create twice), what each change came to, and waiting for review.
//!
//! Async and I/O live here; the decisions about *what* to change were made by `reconcile`.
//! Nothing here prints: progress is reported through events, and `render::apply` shapes it.

pub mod executor;
pub mod outcome;
pub mod quota;
pub mod verify;
pub mod wait;

pub use executor::{ApplyOptions, Event, Executor, INTERRUPT_GRACE};
pub use outcome::{
    ChangeOutcome, Outcome, Report, ReviewOutcome, ReviewReport, SkipReason, Verdict,
};
