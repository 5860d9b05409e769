//! Integration tests: one binary, one topic per module. They run the real `wabactl` binary
//! against real files and a real sandbox server on loopback.

mod accounts;
mod apply;
mod client;
mod corpus;
mod import;
mod install;
mod plan;
mod raw_http;
mod readme;
mod sandbox;
mod schema;
mod send;
mod status;
mod support;
mod token_leak;
mod validate;
