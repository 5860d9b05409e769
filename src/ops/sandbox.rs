//! `sandbox serve`: a local account on loopback until a stop signal, on the runtime and with
//! the signal handling every operation uses.

use anyhow::Context;

use crate::sandbox::{Sandbox, SandboxConfig};

/// Serves the account `config` describes until Ctrl-C, SIGTERM or SIGHUP, then stops it;
/// `started` is handed the running sandbox first (the command line prints where it is).
pub fn serve(
    config: SandboxConfig,
    started: impl FnOnce(&Sandbox) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    super::runtime()?.block_on(async move {
        let sandbox = Sandbox::start(config)
            .await
            .context("cannot start the sandbox")?;
        started(&sandbox)?;
        super::wait_for_stop().await;
        sandbox.shutdown().await.context("stopping the sandbox")
    })
}
