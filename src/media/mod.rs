//! Media header samples kept as local files: a `header_handle` entry `file:PATH` (relative to
//! the template file) names a file that `validate` checks, `plan` shows as an upload, `apply`
//! sends through the Resumable Upload API, and `import` writes from the account's sample.
//!
//! `kind` knows the types and sizes Meta allows, `reference` the `file:` syntax, `local` reads
//! a file's type and size, `planned` is an upload in a plan, `plan` lists a plan's uploads, `swap` puts handles in their place,
//! `download` fetches a sample, and `adopt` keeps the samples `import` fetches.

pub mod adopt;
pub mod download;
pub mod embed;
pub mod kind;
pub mod local;
pub mod plan;
pub mod planned;
pub mod reference;
pub mod swap;
pub mod upload;
