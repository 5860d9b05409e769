//! Every environment variable wabactl reads, what it means and which commands read it: the one
//! table `--help` and the man pages are written from.

use super::account::{
    ENV_API_BASE, ENV_API_VERSION, ENV_APP_ID, ENV_CONNECT_TIMEOUT, ENV_PHONE_NUMBER_ID,
    ENV_REQUEST_TIMEOUT, ENV_RETRY_ATTEMPTS, ENV_RETRY_BASE_DELAY, ENV_RETRY_MAX_DELAY,
    ENV_RETRY_TOTAL, ENV_WABA_ID,
};
use crate::graph::token::DEFAULT_TOKEN_ENV;

/// Which commands read a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBy {
    /// Every command.
    Every,
    /// The commands that talk to an account.
    AccountCommands,
    /// One command.
    Only(&'static str),
}

#[derive(Debug)]
pub struct EnvVar {
    pub name: &'static str,
    pub about: &'static str,
    pub read_by: ReadBy,
}

pub const ENVIRONMENT: [EnvVar; 20] = [
    account(
        DEFAULT_TOKEN_ENV,
        "access token (an account's `token_env` may name another variable)",
    ),
    account(ENV_WABA_ID, "WhatsApp Business Account (WABA) id"),
    EnvVar {
        name: ENV_PHONE_NUMBER_ID,
        about: "phone number id that sends (the id, not the number)",
        read_by: ReadBy::Only("send"),
    },
    account(
        ENV_API_BASE,
        "Graph API base URL (default https://graph.facebook.com)",
    ),
    account(ENV_API_VERSION, "Graph API version (default v26.0)"),
    account(
        ENV_APP_ID,
        "Meta app id that local media samples (`file:`) are uploaded through",
    ),
    account(
        ENV_CONNECT_TIMEOUT,
        "seconds to wait for a connection (default 10)",
    ),
    account(
        ENV_REQUEST_TIMEOUT,
        "seconds to wait for one complete answer (default 60)",
    ),
    account(
        ENV_RETRY_BASE_DELAY,
        "seconds, first backoff ceiling (default 1)",
    ),
    account(
        ENV_RETRY_MAX_DELAY,
        "seconds, longest single backoff (default 30)",
    ),
    account(
        ENV_RETRY_TOTAL,
        "seconds one call may take, retries included (default 120)",
    ),
    account(
        ENV_RETRY_ATTEMPTS,
        "attempts per call, the first included (default 6)",
    ),
    EnvVar {
        name: "GITHUB_STEP_SUMMARY",
        about: "file --step-summary adds the Markdown plan to (GitHub Actions)",
        read_by: ReadBy::Only("plan"),
    },
    plan_link(
        "GITHUB_SERVER_URL",
        "with GITHUB_REPOSITORY and GITHUB_SHA: the Markdown plan links files absolutely",
    ),
    plan_link(
        "GITHUB_REPOSITORY",
        "OWNER/REPO the Markdown plan's file links point into",
    ),
    plan_link(
        "GITHUB_SHA",
        "the commit the Markdown plan's file links show",
    ),
    plan_link(
        "GITHUB_WORKSPACE",
        "the repository's root, for the paths of the Markdown plan's file links",
    ),
    every(
        "WABACTL_LOG",
        "log filter, e.g. wabactl=debug; overrides -v",
    ),
    every("NO_COLOR", "any value: no colour (as --color never)"),
    every(
        "COMPLETE",
        "set by the shell completion scripts: print completions and exit",
    ),
];

const fn account(name: &'static str, about: &'static str) -> EnvVar {
    EnvVar {
        name,
        about,
        read_by: ReadBy::AccountCommands,
    }
}

const fn plan_link(name: &'static str, about: &'static str) -> EnvVar {
    EnvVar {
        name,
        about,
        read_by: ReadBy::Only("plan"),
    }
}

const fn every(name: &'static str, about: &'static str) -> EnvVar {
    EnvVar {
        name,
        about,
        read_by: ReadBy::Every,
    }
}

/// The variables `command` (a subcommand's name, e.g. `plan`) reads; `account_command`: it
/// talks to an account (the command line knows which do).
pub fn read_by(command: &str, account_command: bool) -> impl Iterator<Item = &'static EnvVar> {
    ENVIRONMENT.iter().filter(move |var| match var.read_by {
        ReadBy::Every => true,
        ReadBy::AccountCommands => account_command,
        ReadBy::Only(name) => name == command,
    })
}

/// The environment as the run found it: every variable of [`ENVIRONMENT`] and each account's
/// `token_env`, read once when the settings are resolved. Operations read this, never the
/// process's environment, so a run sees one environment from start to end.
#[derive(Clone, Default)]
pub struct Environment(std::collections::BTreeMap<String, String>);

impl Environment {
    /// Reads the variables wabactl knows of, and the token variables `project` names, from
    /// `env`.
    pub fn capture(env: super::Env<'_>, project: Option<&crate::config::Project>) -> Self {
        let token_vars = project
            .into_iter()
            .flat_map(|p| p.config.accounts.values())
            .filter_map(|a| a.token_env.as_deref());
        let names = ENVIRONMENT.iter().map(|var| var.name).chain(token_vars);
        Environment(
            names
                .filter_map(|name| Some((name.to_owned(), env(name)?)))
                .collect(),
        )
    }

    /// The value of `name`, as captured.
    pub fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// Names only: the values include the access token.
impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}
