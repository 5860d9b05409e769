//! Media header samples kept as local files: a `header_handle` entry `file:PATH` (relative to
//! the template file) names a file that `validate` checks, `plan` shows as an upload, `apply`
//! sends through the Resumable Upload API, and `import` writes from the account's sample.
//!
//! The file types, the `file:` syntax and reading a file's type and size live in
//! [`crate::template::sample`] (the rules check them too), and an upload in a plan is
//! [`crate::reconcile::media_upload`]. Here: `plan` lists a plan's uploads, `upload` sends
//! them, `swap` puts handles in their place, `embed` inlines a sample for a preview,
//! `download` fetches a sample, and `adopt` keeps the samples `import` fetches.

pub mod adopt;
pub mod download;
pub mod embed;
pub mod plan;
pub mod swap;
pub mod upload;
