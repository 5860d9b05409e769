//! Usage errors: a typo never gets a destructive flag as its suggestion. clap offers the
//! nearest flag by spelling, so `plan --dryrun` would suggest `--prune` (and put it in the
//! usage line); someone who copies the suggestion deletes templates. Such a suggestion is
//! dropped and the usage line is the command's own.

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue};

use super::Cli;

/// Flags that delete, skip a safeguard or skip the question; never suggested for a typo.
const DESTRUCTIVE: [&str; 4] = ["--prune", "--force", "--auto-approve", "--prune-scope"];

/// `err` without a suggestion of a destructive flag.
pub fn without_destructive_suggestion(mut err: clap::Error, args: &[String]) -> clap::Error {
    let suggested = match err.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(flag)) => flag.clone(),
        Some(ContextValue::Strings(flags)) => flags.join(" "),
        _ => return err,
    };
    if !DESTRUCTIVE.iter().any(|flag| {
        suggested
            .split_whitespace()
            .any(|s| s.split('=').next() == Some(*flag))
    }) {
        return err;
    }
    err.remove(ContextKind::SuggestedArg);
    let mut cmd = Cli::command();
    cmd.build();
    let sub = args
        .iter()
        .skip(1)
        .find_map(|a| cmd.find_subcommand(a).map(|c| c.get_name().to_owned()));
    let usage = match sub.and_then(|name| cmd.find_subcommand_mut(&name)) {
        Some(sub) => sub.render_usage(),
        None => cmd.render_usage(),
    };
    err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    err
}
