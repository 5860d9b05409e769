//! Media header samples kept as local files, as far as reading a template needs them: `kind`
//! knows the types and sizes Meta allows, `reference` the `file:PATH` syntax of a
//! `header_handle` entry, and `local` reads a file's type and size. They sit here, below
//! `reconcile` and `media`, because `validate`'s rules check the files too.

pub mod kind;
pub mod local;
pub mod reference;
