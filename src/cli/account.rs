//! The global `--account` and `--sandbox` flags, and turning them (with the environment and
//! wabactl.yaml) into a connected Graph API client for the account commands.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::graph::GraphClient;
use crate::graph::account::{self, AccountSettings};
use crate::graph::endpoint::Endpoint;
use crate::graph::token::AccessToken;
use crate::sandbox::{self, Sandbox, SandboxConfig};

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
pub struct Connection {
    pub client: GraphClient,
    pub settings: AccountSettings,
    /// With `--sandbox`: the in-process sandbox the client talks to, served on this runtime
    /// for as long as the connection lives. Stop it with [`Connection::close`].
    pub sandbox: Option<Sandbox>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("client", &self.client)
            .field("settings", &self.settings)
            .field("sandbox", &self.sandbox.as_ref().map(Sandbox::base_url))
            .finish()
    }
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

    /// The host this connection's requests go to.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint::new(&self.settings.client.api_base, self.settings.name.clone())
    }

    /// Lets the sandbox (if any) finish what it is doing and stop.
    pub async fn close(self) -> anyhow::Result<()> {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await.context("stopping the sandbox")?;
        }
        Ok(())
    }
}

/// A runtime for the account commands: one thread is plenty for a CLI that waits on HTTP, and
/// it also serves an in-process sandbox.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Resolves the account from the flags, the environment and the project file in the working
/// directory (or above), and builds its client. With `--sandbox`, starts a sandbox on a free
/// loopback port (call this inside the runtime that will run the command).
pub async fn connect(args: &AccountArgs) -> anyhow::Result<Connection> {
    let env = |name: &str| std::env::var(name).ok();
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let project = crate::config::find_project(&cwd)?;
    let settings = account::resolve(args.account.as_deref(), project.as_ref(), &env)?;
    let connection = match args.sandbox_state() {
        Some(state) => connect_sandbox(settings, &state).await?,
        None => Connection {
            client: settings.connect(&env)?,
            settings,
            sandbox: None,
        },
    };
    tracing::debug!(
        account = connection.settings.name.as_deref().unwrap_or("(environment)"),
        base = %connection.client.base_url(),
        sandbox = connection.sandbox.is_some(),
        "account resolved"
    );
    Ok(connection)
}

/// An in-process sandbox holding the account's ids (or the sandbox's sample ids), with a token
/// made up for this run: nothing outside this process needs it, and no real token is sent.
async fn connect_sandbox(
    mut settings: AccountSettings,
    state: &Path,
) -> anyhow::Result<Connection> {
    let token = format!(
        "sandbox-{:016x}{:016x}",
        fastrand::u64(..),
        fastrand::u64(..)
    );
    let config = SandboxConfig {
        port: 0,
        state_path: Some(state.to_owned()),
        token: token.clone(),
        waba_id: settings
            .waba_id
            .clone()
            .unwrap_or_else(|| sandbox::DEFAULT_WABA_ID.to_owned()),
        phone_number_id: settings
            .phone_number_id
            .clone()
            .unwrap_or_else(|| sandbox::DEFAULT_PHONE_NUMBER_ID.to_owned()),
        ..SandboxConfig::default()
    };
    if let Some(dir) = state.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {} for the sandbox state", dir.display()))?;
    }
    let sandbox = Sandbox::start(config)
        .await
        .with_context(|| format!("cannot start the sandbox with state {}", state.display()))?;
    settings.client.api_base = sandbox.base_url().to_owned();
    settings.waba_id = Some(sandbox.waba_id().to_owned());
    settings.phone_number_id = Some(sandbox.phone_number_id().to_owned());
    let client = GraphClient::new(
        &settings.client,
        AccessToken::new(&token)?,
        "the sandbox's own token",
    )?;
    tracing::info!(
        "using a local sandbox account (not Meta) at {}, state in {}",
        sandbox.base_url(),
        state.display()
    );
    Ok(Connection {
        client,
        settings,
        sandbox: Some(sandbox),
    })
}
