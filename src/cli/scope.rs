//! Flags several commands share: which templates to look at and prune (`plan`, `apply`), and
//! which account (the account commands).

use std::path::PathBuf;

use crate::ops::plan::PlanRequest;
use crate::reconcile::filter::Selection;
use crate::settings::{AccountFlags, Choice, PruneFlags, Settings, Shard};

/// What a plan looks at: the filters and prune.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanScope {
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB", add = clap_complete::ArgValueCandidates::new(super::candidates::templates))]
    pub names: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    /// Plan deletes for templates on the account that the files do not declare, inside the
    /// prune scope (each language on its own, by id). Off unless given or `prune.enabled` is
    /// set in wabactl.yaml.
    #[arg(long)]
    pub prune: bool,
    /// The names prune may delete (GLOB, repeatable); replaces `prune.scope` of wabactl.yaml.
    /// Prune needs a scope: `--prune-scope '*'` puts every template under it.
    #[arg(long = "prune-scope", value_name = "GLOB")]
    pub prune_scope: Vec<String>,
    /// Upload the local media samples (`file:` in `header_handle`) of templates matching GLOB
    /// again, and edit them, even when nothing else changed (repeatable). The plan never
    /// compares samples: Meta returns a URL, not the file.
    #[arg(long = "reupload", value_name = "GLOB")]
    pub reupload: Vec<String>,
    /// What prune does: archive (reversible for 28 days, no name lock) or delete; replaces
    /// `prune.mode` of wabactl.yaml (default: delete).
    #[arg(long = "prune-mode", value_enum, value_name = "MODE")]
    pub prune_mode: Option<crate::settings::PruneMode>,
}

impl PlanScope {
    pub fn prune_flags(&self) -> PruneFlags {
        PruneFlags {
            prune: self.prune,
            scope: self.prune_scope.clone(),
            mode: self.prune_mode,
        }
    }

    /// The plan of the templates under `paths` (default: the project's), as these flags ask.
    pub fn request(&self, settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<PlanRequest> {
        Ok(PlanRequest {
            prune: settings.prune(&self.prune_flags())?,
            paths: settings.template_paths(paths)?,
            selection: Selection {
                names: self.names.clone(),
                languages: self.languages.clone(),
            },
            reupload: self.reupload.clone(),
        })
    }
}

/// The flags that choose the account: on the commands that talk to one (plan, apply, import,
/// status, send, unpause). Also accepted, hidden, before the command (`wabactl --account X
/// plan`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AccountArgs {
    /// The account from wabactl.yaml to use (default: its `default_account`, or its only
    /// account). Its entries win over the WHATSAPP_* environment variables. Repeat it to work
    /// on several accounts in one run (plan, apply, status).
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCandidates::new(super::candidates::accounts))]
    pub account: Vec<String>,

    /// Every account of wabactl.yaml (plan, apply, status).
    #[arg(long, conflicts_with = "account")]
    pub all_accounts: bool,

    /// Only the I-th of N equal parts of the chosen accounts (sorted by name, every N-th from
    /// the I-th), e.g. `2/4`: for a CI matrix of N jobs over many accounts.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,

    /// Accounts worked on at the same time (plan, apply, status; default 8).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub account_concurrency: Option<u16>,

    /// Run against a local sandbox account instead of Meta, keeping its state in STATE
    /// (default: .wabactl/sandbox.json beside wabactl.yaml, from any of the project's
    /// directories; outside a project, in the working directory; with several accounts in
    /// wabactl.yaml, each named account in STATE-NAME). No token or account id is needed.
    #[arg(long, value_name = "STATE", num_args = 0..=1, require_equals = true)]
    pub sandbox: Option<Option<PathBuf>>,
}

/// The flags of the commands that work on one account (import, send, unpause): the account
/// and the sandbox, nothing about several accounts.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OneAccountArgs {
    /// The account from wabactl.yaml to use (default: its `default_account`, or its only
    /// account). Its entries win over the WHATSAPP_* environment variables.
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCandidates::new(super::candidates::accounts))]
    pub account: Option<String>,

    /// Run against a local sandbox account instead of Meta, keeping its state in STATE
    /// (default: .wabactl/sandbox.json beside wabactl.yaml, from any of the project's
    /// directories; outside a project, in the working directory; with several accounts in
    /// wabactl.yaml, each named account in STATE-NAME). No token or account id is needed.
    #[arg(long, value_name = "STATE", num_args = 0..=1, require_equals = true)]
    pub sandbox: Option<Option<PathBuf>>,
}

impl OneAccountArgs {
    /// The same choice in the shape every account command resolves.
    pub fn as_account_args(&self) -> AccountArgs {
        AccountArgs {
            account: self.account.iter().cloned().collect(),
            sandbox: self.sandbox.clone(),
            ..AccountArgs::default()
        }
    }
}

impl AccountArgs {
    /// These flags, with those given before the command filling what these leave out.
    pub fn or(&self, before_command: &AccountArgs) -> AccountFlags {
        let own = !self.account.is_empty() || self.all_accounts;
        let chooser = if own { self } else { before_command };
        AccountFlags {
            choice: Choice {
                names: chooser.account.clone(),
                all: chooser.all_accounts,
                shard: self.shard.or(before_command.shard),
            },
            concurrency: self
                .account_concurrency
                .or(before_command.account_concurrency),
            sandbox: self
                .sandbox
                .clone()
                .or_else(|| before_command.sandbox.clone()),
        }
    }

    pub fn is_given(&self) -> bool {
        !self.account.is_empty()
            || self.all_accounts
            || self.shard.is_some()
            || self.account_concurrency.is_some()
            || self.sandbox.is_some()
    }
}
