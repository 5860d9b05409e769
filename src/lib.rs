//! wabactl: WhatsApp Business message templates as code.
//!
//! The core (load, rules, normalise, diff, plan) is plain synchronous data in and out; async
//! lives only at the edges (Graph API client, apply executor, sandbox server). The library
//! never prints: only `cli` and `render` decide what a person sees, and they write through
//! explicit handles, so `print!` is flagged everywhere.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod apply;
pub mod atomic_file;
pub mod cli;
pub mod config;
pub mod graph;
pub mod input_file;
pub mod ops;
pub mod reconcile;
pub mod render;
pub mod sandbox;
pub mod schema;
pub mod send;
pub mod settings;
pub mod template;
