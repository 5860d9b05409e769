//! The bound on an answer's size, so that a broken or hostile server (an endless chunked
//! body) cannot grow the process without bound.

use super::GraphClient;
use super::request::{Effect, Failure, Fate, Request};
use crate::graph::error::GraphError;

/// The largest answer read from the Graph API. The biggest real answer is a list page: 250
/// templates (Meta's page maximum) with every component at its longest come to under 2 MB, so
/// 16 MiB leaves ample room while keeping a broken or hostile server (an endless chunked body)
/// from growing the process without bound.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

impl GraphClient {
    /// The answer's body, read with a running count: a body past the limit is never held whole.
    pub(super) async fn read_body(
        &self,
        request: &Request<'_>,
        response: &mut reqwest::Response,
        status: u16,
    ) -> Result<Vec<u8>, Failure> {
        let limit = self.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|announced| announced > limit as u64)
        {
            return Err(self.too_large(request, status));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_failure(request, &e))?
        {
            if bytes.len() + chunk.len() > limit {
                return Err(self.too_large(request, status));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// An answer past the size limit. Asking again would bring the same flood, so it is not
    /// retried; after a write the server did answer, so whether it acted is unknown.
    fn too_large(&self, request: &Request<'_>, status: u16) -> Failure {
        Failure {
            error: GraphError::TooLarge {
                operation: request.operation.clone(),
                host: self.host(),
                path: request.url.path().to_owned(),
                status,
                limit: self.max_response_bytes,
            },
            fate: match request.effect {
                Effect::Read => Fate::Fatal,
                Effect::Write(_) => Fate::Unknown,
            },
            wait: None,
            reason: format!("HTTP {status} with an oversized body"),
        }
    }
}
