//! wabactl: WhatsApp Business message templates as code.
//!
//! The core (load, rules, normalise, diff, plan) is plain synchronous data in and out; async
//! lives only at the edges (Graph API client, apply executor, sandbox server). The library
//! never prints: only `cli` and `render` decide what a person sees. `clippy.toml` disallows
//! every way to the terminal, and those two modules alone allow them.
//!
//! The way through: `cli` parses a command and resolves [`settings`] once; one operation in
//! [`ops`] reads the files through [`template::read`], talks to the account through [`graph`],
//! decides with [`reconcile`] and carries out with [`apply`]; `render` shows the result.

pub mod apply;
pub mod atomic_file;
pub mod cli;
pub mod config;
pub mod graph;
pub mod groups;
pub mod input_file;
pub mod media;
pub mod ops;
pub mod preview;
pub mod reconcile;
pub mod redact;
pub mod render;
pub mod sandbox;
pub mod schema;
pub mod send;
pub mod settings;
pub mod template;
pub mod utc;
