//! Values the shell completion scripts offer beyond clap's own: account names from
//! wabactl.yaml, template names from the files, and statuses. The scripts call the binary
//! (`COMPLETE=SHELL wabactl -- ARGS`), which answers from here; a project that cannot be read
//! offers nothing rather than an error in the middle of a command line.

use clap_complete::engine::CompletionCandidate;

use crate::graph::status::RemoteStatus;
use crate::ops::complete;
use crate::reconcile::status::NOT_ON_ACCOUNT;
use crate::settings::{AccountFlags, Settings};

fn settings() -> Option<Settings> {
    Settings::resolve(&AccountFlags::default(), &|name| std::env::var(name).ok()).ok()
}

pub fn accounts() -> Vec<CompletionCandidate> {
    settings()
        .map(|s| complete::account_names(&s))
        .unwrap_or_default()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

pub fn templates() -> Vec<CompletionCandidate> {
    settings()
        .and_then(|s| complete::template_names(&s).ok())
        .unwrap_or_default()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

pub fn statuses() -> Vec<CompletionCandidate> {
    RemoteStatus::names()
        .chain([NOT_ON_ACCOUNT])
        .map(CompletionCandidate::new)
        .collect()
}
