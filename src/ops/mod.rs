//! The operations: one function per user operation (validate, plan, apply, import, status,
//! unpause, send), taking resolved [`Settings`] and returning plain data. The command line parses
//! arguments, calls one operation, and hands its result to a renderer; nothing here prints.

pub mod accounts;
pub mod apply;
pub mod apply_accounts;
pub mod codegen;
pub mod complete;
pub mod connect;
pub mod groups;
pub mod import;
pub mod init;
pub mod metrics;
pub mod plan;
pub mod plan_accounts;
pub mod preview;
pub mod sandbox;
pub mod send;
mod signals;
pub mod status;
pub mod unpause;
pub mod validate;

pub use connect::Connection;
pub use signals::wait_for_stop;

use anyhow::Context;

use crate::settings::Settings;

/// Connects to the settings' account on a runtime of its own, runs `work`, and closes the
/// connection (stopping an in-process sandbox) whatever `work` returned.
pub fn with_connection<T>(
    settings: &Settings,
    work: impl AsyncFnOnce(&Connection) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    runtime()?.block_on(async {
        let env = |name: &str| settings.environment().var(name);
        let connection = connect::connect(settings, &env).await?;
        let outcome = work(&connection).await;
        connection.close().await?;
        outcome
    })
}

/// The runtime of an operation: one thread is plenty for a CLI that waits on HTTP (many
/// accounts included), and it also serves in-process sandboxes.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
