//! Graph API failures: everything that can go wrong talking to the Graph API, Meta's error
//! answers included. Meta's error object is read in `body`, sorted by its codes in `class`, and
//! explained to the user in `api_error`.

mod api_error;
mod body;
mod class;

use std::time::Duration;

pub use api_error::ApiError;
pub use body::GraphErrorBody;
pub use class::{EDIT_NOT_ALLOWED_SUBCODE, EDIT_QUOTA_CODE, ErrorClass, THROTTLE_CODES};

/// How a request failed below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// No connection was made: the request was never sent.
    Connect,
    /// No complete answer in time (the request may have been carried out).
    Timeout,
    /// The connection broke while sending or receiving.
    Dropped,
}

/// Everything that can go wrong talking to the Graph API.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("{0}")]
    Api(Box<ApiError>),

    #[error("{operation}: {}", transport_text(*.kind, host, detail))]
    Transport {
        operation: String,
        kind: TransportKind,
        host: String,
        detail: String,
    },

    #[error(
        "{operation}: the answer from {host} (HTTP {status}) is not what the Graph API sends: \
         {detail}. Check `api_base` (or WABACTL_API_BASE) points at the Graph API"
    )]
    Malformed {
        operation: String,
        host: String,
        status: u16,
        detail: String,
    },

    #[error(
        "{operation}: the answer from {host} to {path} (HTTP {status}) is larger than {} \
         MiB, far more than any Graph API answer; stopped reading it and did not retry. Check \
         `api_base` (or WABACTL_API_BASE) points at the Graph API",
        limit / (1024 * 1024)
    )]
    TooLarge {
        operation: String,
        host: String,
        /// The URL path only: the query may hold paging cursors, never worth showing.
        path: String,
        status: u16,
        limit: usize,
    },

    #[error(
        "{operation} may or may not have been carried out ({}). It was not retried, so it was \
         not done twice: {next_step}",
        cause.summary()
    )]
    Ambiguous {
        operation: String,
        cause: Box<GraphError>,
        /// How to find out what happened, e.g. re-read the account.
        next_step: String,
    },

    #[error(
        "{cause}. Meta says access returns in about {}, which is longer than wabactl waits \
         (retry.total); run again after {retry_at}",
        human_duration(*wait)
    )]
    ThrottledTooLong {
        wait: Duration,
        retry_at: String,
        cause: Box<ApiError>,
    },

    #[error("gave up after {attempts} attempts in {}: {last}", human_duration(*elapsed))]
    GaveUp {
        attempts: u32,
        elapsed: Duration,
        last: Box<GraphError>,
    },

    #[error("listing templates: {0}")]
    Pagination(String),

    #[error("{0}")]
    Config(String),
}

impl GraphError {
    /// The Graph error behind this failure, if Meta sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            Self::ThrottledTooLong { cause, .. } => Some(cause),
            Self::Ambiguous { cause, .. } => cause.api(),
            Self::GaveUp { last, .. } => last.api(),
            _ => None,
        }
    }

    /// The class of the Graph error behind this failure, if Meta sent one.
    pub fn class(&self) -> Option<ErrorClass> {
        self.api().map(|api| api.class)
    }

    /// A write whose outcome is unknown: re-read the account before doing anything else.
    pub fn is_ambiguous(&self) -> bool {
        matches!(self, Self::Ambiguous { .. })
    }

    /// What went wrong in a few words, without the operation or advice.
    pub fn summary(&self) -> String {
        match self {
            Self::Api(api) => {
                let text = api.meta_text();
                format!("HTTP {}, {}: {text}", api.status, api.code_text())
            }
            Self::Transport {
                kind, host, detail, ..
            } => match kind {
                TransportKind::Connect => format!("cannot connect to {host}: {detail}"),
                TransportKind::Timeout => format!("no answer from {host}: {detail}"),
                TransportKind::Dropped => format!("the connection to {host} broke: {detail}"),
            },
            Self::Malformed {
                host,
                status,
                detail,
                ..
            } => format!("HTTP {status} from {host}, not a Graph API answer: {detail}"),
            Self::TooLarge {
                host, path, limit, ..
            } => format!(
                "the answer from {host} to {path} is larger than {} MiB",
                limit / (1024 * 1024)
            ),
            Self::Ambiguous { cause, .. } | Self::GaveUp { last: cause, .. } => cause.summary(),
            other => other.to_string(),
        }
    }
}

fn transport_text(kind: TransportKind, host: &str, detail: &str) -> String {
    match kind {
        TransportKind::Connect => format!(
            "cannot connect to {host} ({detail}): check the network, and `api_base` \
             (or WABACTL_API_BASE) if set"
        ),
        TransportKind::Timeout => format!(
            "no answer from {host} in time ({detail}): run again; raise `http.request_timeout` \
             in wabactl.yaml if it keeps happening"
        ),
        TransportKind::Dropped => {
            format!("the connection to {host} broke ({detail}): run again")
        }
    }
}

/// `45 s`, `12 min`, `2 h 5 min`: enough precision for advice.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if secs < 120 {
        format!("{secs} s")
    } else if secs < 2 * 3600 {
        format!("{} min", secs.div_ceil(60))
    } else {
        format!("{} h {} min", secs / 3600, (secs % 3600) / 60)
    }
}

#[cfg(test)]
mod tests;
