//! What a person or a machine sees: one module per kind of output.

pub mod diagnostics;
