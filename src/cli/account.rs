//! The global `--account` and `--sandbox` flags, and turning them (with the environment and
//! wabactl.yaml) into a connected Graph API client for the account commands.

use std::path::PathBuf;

use anyhow::Context;

use crate::graph::GraphClient;
use crate::graph::account::{self, AccountSettings};

/// Where `--sandbox` keeps its state when no file is given.
pub const DEFAULT_SANDBOX_STATE: &str = ".wabactl/sandbox.json";

/// Flags every account command understands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AccountArgs {
    /// The account from wabactl.yaml to use (default: its `default_account`, or its only
    /// account). Its entries win over the WHATSAPP_* environment variables.
    #[arg(long, global = true, value_name = "NAME")]
    pub account: Option<String>,

    /// Run against a local sandbox account instead of Meta, keeping its state in STATE
    /// (default: .wabactl/sandbox.json). No token or account id is needed.
    #[arg(
        long,
        global = true,
        value_name = "STATE",
        num_args = 0..=1,
        require_equals = true
    )]
    pub sandbox: Option<Option<PathBuf>>,
}

impl AccountArgs {
    /// The sandbox state file, when `--sandbox` was given.
    pub fn sandbox_state(&self) -> Option<PathBuf> {
        self.sandbox.as_ref().map(|state| {
            state
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_SANDBOX_STATE))
        })
    }
}

/// A client for the chosen account, and what it was resolved from.
#[derive(Debug)]
pub struct Connection {
    pub client: GraphClient,
    pub settings: AccountSettings,
}

impl Connection {
    /// The WABA id, or an error saying how to set it.
    pub fn waba_id(&self) -> anyhow::Result<&str> {
        Ok(self.settings.waba_id()?)
    }

    /// The phone number id, or an error saying how to set it.
    pub fn phone_number_id(&self) -> anyhow::Result<&str> {
        Ok(self.settings.phone_number_id()?)
    }
}

/// Resolves the account from the flags, the environment and the project file in the working
/// directory (or above), and builds its client.
pub fn connect(args: &AccountArgs) -> anyhow::Result<Connection> {
    let env = |name: &str| std::env::var(name).ok();
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let project = crate::config::find_project(&cwd)?;
    let settings = account::resolve(args.account.as_deref(), project.as_ref(), &env)?;
    let client = settings.connect(&env)?;
    tracing::debug!(
        account = settings.name.as_deref().unwrap_or("(environment)"),
        base = %client.base_url(),
        token = %settings.token,
        "account resolved"
    );
    Ok(Connection { client, settings })
}
