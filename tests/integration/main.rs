//! Integration tests: one binary, one topic per module. They run the real `wabactl` binary
//! against real files and a real sandbox server on loopback, each run through
//! `support::Test` (see `support/mod.rs` for how to write one).

mod accounts;
mod api_version;
mod apply;
mod apply_output;
mod apply_race;
mod apply_reread;
mod apply_signals;
mod atomic_writes;
mod client;
mod compat;
mod completions;
mod corpus;
mod editor;
mod fuzz;
mod harness;
mod help;
mod hostile_input;
mod import;
mod import_otp;
mod install;
mod languages;
mod layout;
mod library;
mod lifecycle;
mod listing;
mod media;
mod pipeline;
mod plan;
mod plan_integrity;
mod plan_output;
mod prune_threshold;
mod raw_http;
mod readme;
mod request_spelling;
mod response_limits;
mod sandbox;
mod schema;
mod send;
mod settings;
mod status;
mod support;
mod token_leak;
mod validate;
mod validate_output;
