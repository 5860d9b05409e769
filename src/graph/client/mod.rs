//! The Graph API client: its settings, the client itself, and the URLs it builds. The calls
//! live beside it: `operations` (template and message calls), `paging` (template lists),
//! `request` (sending, with retries), `response_limit` (bounded answers) and `api_base` (which
//! hosts the token may go to).

mod analytics;
mod api_base;
mod groups;
mod lifecycle;
mod operations;
mod paging;
mod request;
mod response_limit;
mod upload;

use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

use reqwest::Url;

use super::error::GraphError;
use super::retry::RetryPolicy;
use super::token::AccessToken;
use super::usage::{Meter, Requests};
use api_base::host_label;

pub use api_base::{
    DEFAULT_API_BASE, DEFAULT_API_VERSION, check_api_base, check_api_version, is_loopback,
};
pub use groups::{CreatedGroup, GroupBody, RemoteGroup};
pub use lifecycle::ARCHIVE_HOST;
pub use paging::{DEFAULT_MAX_PAGES, DEFAULT_PAGE_SIZE, FALLBACK_PAGE_SIZE};
pub use response_limit::MAX_RESPONSE_BYTES;
pub use upload::UploadFile;

/// How to reach the Graph API.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Scheme and host (and an optional path prefix, for proxies), without the version.
    pub api_base: String,
    /// `v<major>.0`.
    pub api_version: String,
    pub connect_timeout: Duration,
    /// For one attempt, from sending to the end of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub page_size: u32,
    pub max_pages: u32,
    /// The largest answer read; a larger one fails without a retry.
    pub max_response_bytes: usize,
    /// Where archive and unarchive go, without a version; `None`: Meta's archival host when
    /// `api_base` is Meta's Graph API, else the versioned base like every other call.
    pub archive_api_base: Option<String>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            api_base: DEFAULT_API_BASE.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            page_size: DEFAULT_PAGE_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
            max_response_bytes: MAX_RESPONSE_BYTES,
            archive_api_base: None,
        }
    }
}

/// A client for one Graph API base and token. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// The versioned base, e.g. `https://graph.facebook.com/v26.0`.
    base: Url,
    token: AccessToken,
    token_origin: String,
    retry: RetryPolicy,
    request_timeout: Duration,
    /// Shared by clones: a smaller size learnt from Meta holds for the rest of the run.
    page_size: Arc<AtomicU32>,
    max_pages: u32,
    meter: Arc<Meter>,
    max_response_bytes: usize,
    /// The unversioned base archive and unarchive go to, when not the versioned base.
    archive_base: Option<Url>,
    /// Whether `archive_base` was set by `archive_api_base` (named in failure advice).
    archive_base_configured: bool,
    /// The state file of the in-process sandbox this client talks to, named in its refusals.
    sandbox_state: Option<String>,
}

impl GraphClient {
    /// Checks the settings and builds the HTTP client. `token_origin` names where the token came
    /// from (for advice when Meta refuses it), never the token.
    pub fn new(
        config: &ClientConfig,
        token: AccessToken,
        token_origin: impl Into<String>,
    ) -> Result<Self, GraphError> {
        let root = check_api_base(&config.api_base)?;
        check_api_version(&config.api_version)?;
        let archive_base = match &config.archive_api_base {
            Some(configured) => Some(check_api_base(configured)?),
            None if root.host_str() == Some("graph.facebook.com") => {
                Some(Url::parse(ARCHIVE_HOST).expect("a valid constant URL"))
            }
            None => None,
        };
        let mut base = root.clone();
        base.path_segments_mut()
            .map_err(|()| GraphError::Config(format!("api_base `{root}` cannot hold a path")))?
            .pop_if_empty()
            .push(&config.api_version);
        let http = http_client(
            config.connect_timeout,
            config.request_timeout,
            is_loopback(&root),
        )?;
        Ok(Self {
            http,
            base,
            token,
            token_origin: token_origin.into(),
            retry: config.retry.clone(),
            request_timeout: config.request_timeout,
            page_size: Arc::new(AtomicU32::new(config.page_size.max(1))),
            max_pages: config.max_pages.max(1),
            meter: Arc::default(),
            max_response_bytes: config.max_response_bytes.max(1),
            archive_base,
            archive_base_configured: config.archive_api_base.is_some(),
            sandbox_state: None,
        })
    }

    /// This client talks to the local sandbox kept in `state`: its refusals say so.
    pub fn answered_by_sandbox(mut self, state: &std::path::Path) -> Self {
        self.sandbox_state = Some(state.display().to_string());
        self
    }

    /// How this client spaces and bounds its retries.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The versioned base URL every request starts with.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The calls this client and its clones have made, and the account's last reported usage.
    pub fn requests(&self) -> Requests {
        self.meter.requests()
    }

    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("checked in new: the base holds a path")
            .extend(segments);
        url
    }

    fn host(&self) -> String {
        host_label(&self.base)
    }
}

/// The HTTP client for these settings, built once per process and shared by every account's
/// client: building one reads the system's certificate store from disk (a hundred accounts
/// paid that a hundred times, a tenth of the run's CPU). Shared clients share connection
/// pools per host, never a token: each request carries its own client's.
fn http_client(
    connect_timeout: Duration,
    request_timeout: Duration,
    loopback: bool,
) -> Result<reqwest::Client, GraphError> {
    type Key = (Duration, Duration, bool);
    static BUILT: std::sync::Mutex<Vec<(Key, reqwest::Client)>> = std::sync::Mutex::new(Vec::new());
    let key = (connect_timeout, request_timeout, loopback);
    let mut built = BUILT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, client)) = built.iter().find(|(k, _)| *k == key) {
        return Ok(client.clone());
    }
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .timeout(request_timeout)
        .user_agent(concat!("wabactl/", env!("CARGO_PKG_VERSION")))
        // The Graph API does not redirect; following one would send the token elsewhere.
        .redirect(reqwest::redirect::Policy::none());
    if loopback {
        // A local sandbox must not be reached through an HTTP(S)_PROXY.
        builder = builder.no_proxy();
    }
    let client = builder
        .build()
        .map_err(|e| GraphError::Config(format!("cannot set up the HTTP client: {e}")))?;
    built.push((key, client.clone()));
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const TOKEN: &str = "EAAG-unit-7f3a9c";

    pub(super) fn client(base: &str) -> GraphClient {
        let config = ClientConfig {
            api_base: base.into(),
            ..ClientConfig::default()
        };
        GraphClient::new(
            &config,
            AccessToken::new(TOKEN).unwrap(),
            "WHATSAPP_ACCESS_TOKEN",
        )
        .unwrap()
    }

    #[test]
    fn urls_are_base_version_and_segments() {
        let c = client("https://graph.facebook.com");
        assert_eq!(c.base_url().as_str(), "https://graph.facebook.com/v26.0");
        assert_eq!(
            c.endpoint(&["102290129340398", "message_templates"])
                .as_str(),
            "https://graph.facebook.com/v26.0/102290129340398/message_templates"
        );
        let proxied = client("https://proxy.example/graph/");
        assert_eq!(
            proxied.endpoint(&["1"]).as_str(),
            "https://proxy.example/graph/v26.0/1"
        );
        // Ids are path segments, never path syntax.
        assert_eq!(
            c.endpoint(&["../x"]).as_str(),
            "https://graph.facebook.com/v26.0/..%2Fx"
        );
    }

    #[test]
    fn debug_of_the_client_hides_the_token() {
        let c = client("https://graph.facebook.com");
        assert!(!format!("{c:?}").contains(TOKEN));
    }
}
