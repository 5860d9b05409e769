//! A Graph-API-compatible WhatsApp Business account on loopback: the same paths, JSON shapes,
//! error codes and rules as Meta's message-template API, with simulated review and injectable
//! faults. An independent model: it shares no validation with `template`, so each catches the
//! other's mistakes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), wabactl::sandbox::SandboxError> {
//! use wabactl::sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let url = format!("{}/v25.0/{}/message_templates", sandbox.base_url(), sandbox.waba_id());
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

pub mod analytics;
mod archival;
pub mod assume;
mod b64;
mod conn;
pub mod errors;
mod faults;
mod flows;
mod fresh;
mod graph_query;
mod group_routes;
mod groups;
mod library;
mod listing;
mod normalize;
mod pausing;
mod persist;
mod review;
mod send;
mod send_params;
mod server;
mod server_state;
mod state;
mod status;
mod template_writes;
mod upload_routes;
mod uploads;
mod upsert;
mod validate;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use assume::{Assumption, Assumptions};
pub use faults::FaultConfig;
pub use listing::{DEFAULT_LIMIT, MAX_LIMIT};
pub use review::{MARKETING_WORDS, ReviewRules};
pub use state::StateError;

/// Sample ids used when none are given.
pub const DEFAULT_WABA_ID: &str = "102290129340398";
pub const DEFAULT_PHONE_NUMBER_ID: &str = "106540352242922";
/// The app id uploads go through (`POST /{APP_ID}/uploads`).
pub const DEFAULT_APP_ID: &str = "584544743160774";
pub const DEFAULT_TOKEN: &str = "sandbox-token";
pub const DEFAULT_PORT: u16 = 8089;
pub const DEFAULT_CREATE_QUOTA: u32 = 100;
/// Graph calls per rolling hour before the account is at 100% of its call budget (Meta's
/// Business Management rate for an account with a registered phone number).
pub const DEFAULT_CALLS_PER_HOUR: u32 = 5000;
pub const DEFAULT_TEMPLATE_LIMIT: usize = 6000;

/// How to run a sandbox.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Where the account is kept; `None` keeps it in memory only.
    pub state_path: Option<PathBuf>,
    /// A saved `GET /message_templates` answer to start from (replaces the saved state).
    pub seed_path: Option<PathBuf>,
    /// The Bearer token clients must send.
    pub token: String,
    pub waba_id: String,
    pub phone_number_id: String,
    /// The app id upload sessions are opened on.
    pub app_id: String,
    /// Cut the first transfer of each upload session after this many bytes (a fault, to
    /// exercise resumption).
    pub upload_cut_after: Option<u64>,
    pub faults: FaultConfig,
    /// Templates created per rolling hour; 0 = unlimited.
    pub create_quota_per_hour: u32,
    /// The call budget reported in `X-Business-Use-Case-Usage` (`call_count` as a share of
    /// it); 0 = not reported.
    pub calls_per_hour: u32,
    /// Templates the account may hold.
    pub template_limit: usize,
    pub review: ReviewRules,
    /// Undocumented behaviour to model (none by default).
    pub assume: Assumptions,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            state_path: None,
            seed_path: None,
            token: DEFAULT_TOKEN.into(),
            waba_id: DEFAULT_WABA_ID.into(),
            phone_number_id: DEFAULT_PHONE_NUMBER_ID.into(),
            app_id: DEFAULT_APP_ID.into(),
            upload_cut_after: None,
            faults: FaultConfig::default(),
            create_quota_per_hour: DEFAULT_CREATE_QUOTA,
            calls_per_hour: DEFAULT_CALLS_PER_HOUR,
            template_limit: DEFAULT_TEMPLATE_LIMIT,
            review: ReviewRules::default(),
            assume: Assumptions::default(),
        }
    }
}

/// The token is left out, so that a config can be logged safely.
impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("port", &self.port)
            .field("state_path", &self.state_path)
            .field("seed_path", &self.seed_path)
            .field("token", &"[redacted]")
            .field("waba_id", &self.waba_id)
            .field("phone_number_id", &self.phone_number_id)
            .field("app_id", &self.app_id)
            .field("upload_cut_after", &self.upload_cut_after)
            .field("faults", &self.faults)
            .field("create_quota_per_hour", &self.create_quota_per_hour)
            .field("calls_per_hour", &self.calls_per_hour)
            .field("template_limit", &self.template_limit)
            .field("review", &self.review)
            .field("assume", &self.assume)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("invalid fault settings: {0}")]
    Faults(String),
    #[error(transparent)]
    State(#[from] StateError),
    #[error("cannot listen on 127.0.0.1:{port} (is another process using it? try --port 0)")]
    Bind {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("the sandbox server stopped with an error")]
    Serve(#[source] std::io::Error),
}

/// A running sandbox; stop it with [`Sandbox::shutdown`] (dropping it stops it too).
pub struct Sandbox {
    base_url: String,
    waba_id: String,
    phone_number_id: String,
    app_id: String,
    templates_at_start: usize,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    /// Saves the account; every answered change has been saved, so it stops with the server.
    saver: JoinHandle<()>,
}

impl Sandbox {
    /// Loads (or seeds) the account, binds 127.0.0.1 and serves on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Self, SandboxError> {
        config.faults.check().map_err(SandboxError::Faults)?;
        let account = match (&config.seed_path, &config.state_path) {
            (Some(seed), _) => state::AccountState::from_seed_file(seed)?,
            (None, Some(path)) => persist::load(path)?.unwrap_or_else(fresh::account),
            (None, None) => fresh::account(),
        };
        if let Some(path) = &config.state_path {
            persist::save(&account, path)?;
        }
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| SandboxError::Bind {
                port: config.port,
                source,
            })?;
        let port = listener.local_addr().map_err(SandboxError::Serve)?.port();
        let base_url = format!("http://127.0.0.1:{port}");
        let templates_at_start = account.templates.len();
        let journal_generation = account.journal_generation;
        // Uploaded samples live beside the state file (`STATE.media/`), or in memory.
        let media_dir = config
            .state_path
            .as_ref()
            .map(|p| PathBuf::from(format!("{}.media", p.display())));
        let shared = Arc::new(server::ServerState {
            token: config.token,
            phone_number_id: config.phone_number_id.clone(),
            base_url: base_url.clone(),
            policy: template_writes::Policy {
                waba_id: config.waba_id.clone(),
                create_quota_per_hour: config.create_quota_per_hour,
                calls_per_hour: config.calls_per_hour,
                template_limit: config.template_limit,
                review: config.review,
                assume: config.assume,
            },
            account: Mutex::new(account),
            persist: persist::Persister::new(config.state_path, journal_generation),
            faults: faults::Faults::new(config.faults),
            calls: Mutex::default(),
            media: uploads::MediaStore::new(
                config.app_id.clone(),
                media_dir,
                config.upload_cut_after,
            ),
        });
        let saver = {
            let shared = shared.clone();
            tokio::spawn(async move { shared.persist.run(&shared.account).await })
        };
        let app = server::router(shared).into_make_service_with_connect_info::<conn::ConnKill>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(conn::KillableListener(listener), app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Self {
            base_url,
            waba_id: config.waba_id,
            phone_number_id: config.phone_number_id,
            app_id: config.app_id,
            templates_at_start,
            stop: Some(stop),
            task: Some(task),
            saver,
        })
    }

    /// `http://127.0.0.1:PORT`; the Graph paths follow it (`/v25.0/{WABA_ID}/...`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn waba_id(&self) -> &str {
        &self.waba_id
    }

    pub fn phone_number_id(&self) -> &str {
        &self.phone_number_id
    }

    /// The app id upload sessions are opened on.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// How many templates the account held when it started.
    pub fn templates_at_start(&self) -> usize {
        self.templates_at_start
    }

    /// Stops accepting requests, lets running ones finish, and waits for the server to end.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = self.task.take();
        let outcome = match served {
            Some(task) => match task.await {
                Ok(result) => result.map_err(SandboxError::Serve),
                Err(join) => Err(SandboxError::Serve(std::io::Error::other(join))),
            },
            None => Ok(()),
        };
        self.saver.abort();
        outcome
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.saver.abort();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
