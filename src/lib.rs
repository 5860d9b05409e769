//! wabactl: WhatsApp Business message templates as code.
//!
//! The core (load, rules, normalise, diff, plan) is plain synchronous data in and out; async
//! lives only at the edges (Graph API client, apply executor, sandbox server). The library
//! never prints: only `cli` and `render` decide what a person sees. `clippy.toml` disallows
//! every way to the terminal, and those two modules alone allow them.
//!
//! The way through: `cli` parses a command and resolves `settings` once; one operation in
//! `ops` reads the files through [`template::read`], talks to the account through [`graph`],
//! decides with [`reconcile`] and carries out with `apply`; `render` shows the result.
//!
//! Layers, top to bottom (checked by `tests/integration/layout.rs`): `cli`; `render`; `ops`;
//! `settings`, `schema`; `config`, `apply`, `media`; `reconcile`; `send`, `preview`;
//! `template`; `graph`, `sandbox`; `input_file`, `atomic_file`, `plural`, `redact`, `utc`.
//!
//! The library surface is what the binary, the integration tests, the benchmarks and the fuzz
//! harness reach: the `pub` modules below, each saying who uses it. Everything else is
//! `pub(crate)`; tests that need only behaviour run the binary.

pub(crate) mod apply;
pub(crate) mod atomic_file;
/// The command line; the binary calls [`cli::main`].
pub mod cli;
/// Typed sender code from the templates (codegen tests and benchmark).
pub mod codegen;
/// The project file's shape and how it is read (tests read a project file with it).
pub mod config;
pub(crate) mod explain;
/// The Graph API client and its wire types (client, retry, error and listing tests; the
/// corpus tests parse Meta's answers with it).
pub mod graph;
pub(crate) mod groups;
pub(crate) mod input_file;
pub(crate) mod media;
pub(crate) mod metrics;
pub(crate) mod ops;
pub(crate) mod plural;
/// A template as a customer sees it (preview tests and benchmarks).
pub mod preview;
/// Desired against remote state: normalise, diff, plan, the plan file (plan, corpus and
/// fidelity tests; the plan benchmark).
pub mod reconcile;
pub(crate) mod redact;
/// What a person sees (plan output tests, the validate benchmark and the fuzz harness).
pub mod render;
/// The local Graph-API-compatible account (sandbox and send tests start it in-process).
pub mod sandbox;
pub(crate) mod schema;
/// Sending a message with a template: its parameters file and the send body (the codegen
/// tests build bodies from the same parameters files).
pub mod send;
pub(crate) mod settings;
/// Template files: read, load, model, rules (corpus, fidelity and plan tests; benchmarks; the
/// fuzz harness).
pub mod template;
/// Dates and times in UTC (the listing and lifecycle tests check dates with it).
pub mod utc;
