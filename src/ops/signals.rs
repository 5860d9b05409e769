//! Ctrl-C, SIGTERM and SIGHUP: each asks a running `apply` to stop starting changes and
//! report. Listening replaces the signals' default (ending the process at once).

/// The stop signals of this process, listened to from creation on.
pub struct StopSignals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    pub fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            StopSignals {
                term: signal(SignalKind::terminate()).ok(),
                hup: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// The name of the next stop signal received.
    pub async fn next(&mut self) -> &'static str {
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        {
            let term = recv_or_never(self.term.as_mut());
            let hup = recv_or_never(self.hup.as_mut());
            tokio::select! {
                () = ctrl_c => "Ctrl-C (SIGINT)",
                () = term => "SIGTERM",
                () = hup => "SIGHUP",
            }
        }
        #[cfg(not(unix))]
        {
            ctrl_c.await;
            "Ctrl-C"
        }
    }
}

#[cfg(unix)]
async fn recv_or_never(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            if signal.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

/// Waits for Ctrl-C or SIGTERM (a server that runs until stopped, such as `sandbox serve`).
pub async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
