//! A connected Graph API client for the resolved account: Meta's (or the configured host), or
//! with `--sandbox` an in-process sandbox on a free loopback port.

use std::path::Path;

use anyhow::Context;

use crate::graph::GraphClient;
use crate::graph::endpoint::Endpoint;
use crate::graph::token::AccessToken;
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::settings::{AccountSettings, Env, Settings};

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

/// Builds the client of the run's one account, reading its token from `env`. With
/// `--sandbox`, starts a sandbox on a free loopback port (call this inside the runtime that
/// will run the command).
pub async fn connect(settings: &Settings, env: Env<'_>) -> anyhow::Result<Connection> {
    let account = settings.account()?;
    let state = settings.sandbox_state_for(account.name.as_deref());
    connect_to(account, state.as_deref(), env).await
}

/// Builds the client of `account`; with a sandbox state file, against an in-process sandbox
/// keeping its state there.
pub async fn connect_to(
    account: &AccountSettings,
    sandbox_state: Option<&Path>,
    env: Env<'_>,
) -> anyhow::Result<Connection> {
    let account = account.clone();
    let connection = match sandbox_state {
        Some(state) => connect_sandbox(account, state).await?,
        None => Connection {
            client: account.connect(env)?,
            settings: account,
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
        app_id: settings
            .app_id
            .clone()
            .unwrap_or_else(|| sandbox::DEFAULT_APP_ID.to_owned()),
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
    settings.app_id = Some(sandbox.app_id().to_owned());
    let client = GraphClient::new(
        &settings.client,
        AccessToken::new(&token)?,
        "the sandbox's own token",
    )?
    .answered_by_sandbox(state);
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
