//! The Resumable Upload API (templates-api.md §2.8), for media header samples: open a session
//! on the app (`POST /{APP_ID}/uploads`), send the bytes (`POST /upload:{SESSION}` with
//! `Authorization: OAuth` and `file_offset`), and after an interruption ask where the session
//! stands (`GET /upload:{SESSION}`) and send the rest from there. Every call goes to the
//! configured host and counts in the run's request budget like any other.

use reqwest::Method;
use reqwest::header::AUTHORIZATION;
use serde::Deserialize;

use super::GraphClient;
use super::request::{Effect, Failure, Fate, Request};
use crate::graph::error::{GraphError, human_duration};

/// How many times the bytes are sent (the first included) before the upload gives up.
const SEND_ROUNDS: u32 = 4;

/// A file to upload.
#[derive(Debug, Clone, Copy)]
pub struct UploadFile<'a> {
    pub name: &'a str,
    pub mime: &'a str,
    pub bytes: &'a [u8],
}

#[derive(Deserialize)]
struct Session {
    id: String,
}

#[derive(Deserialize)]
struct Handle {
    h: String,
}

#[derive(Deserialize)]
struct Offset {
    file_offset: u64,
}

impl GraphClient {
    /// Uploads `file` through the app `app_id`; returns the handle (`4::...`) to put in
    /// `header_handle`.
    pub async fn upload_file(
        &self,
        app_id: &str,
        file: &UploadFile<'_>,
    ) -> Result<String, GraphError> {
        let session = self.open_session(app_id, file).await?;
        let mut offset = 0u64;
        let mut round = 1;
        loop {
            let failure = match self.send_bytes(&session, file, offset).await {
                Ok(handle) => return Ok(handle),
                Err(failure) => failure,
            };
            if failure.fate == Fate::Fatal || round >= SEND_ROUNDS {
                return Err(failure.error);
            }
            let wait = failure
                .wait
                .unwrap_or_else(|| self.retry.backoff(round - 1, fastrand::f64()));
            tokio::time::sleep(wait).await;
            // Part of the file may have arrived: go on from where the session stands.
            offset = match self.session_offset(&session).await {
                Ok(at) if at <= file.bytes.len() as u64 => at,
                Ok(_) => 0,
                Err(failure) if failure.fate == Fate::Fatal => return Err(failure.error),
                Err(_) => offset,
            };
            tracing::info!(
                file = file.name,
                offset,
                reason = %failure.reason,
                "upload interrupted; resuming after {}",
                human_duration(wait)
            );
            round += 1;
        }
    }

    /// `POST /{APP_ID}/uploads`. A session holds nothing until bytes arrive, so opening
    /// another after an unclear answer is harmless: it is retried like a read.
    async fn open_session(
        &self,
        app_id: &str,
        file: &UploadFile<'_>,
    ) -> Result<String, GraphError> {
        let mut url = self.endpoint(&[app_id, "uploads"]);
        url.query_pairs_mut()
            .append_pair("file_name", file.name)
            .append_pair("file_length", &file.bytes.len().to_string())
            .append_pair("file_type", file.mime);
        let session: Session = self
            .call(Request {
                operation: format!("open an upload session for {}", file.name),
                method: Method::POST,
                url,
                body: None,
                effect: Effect::Read,
            })
            .await?;
        Ok(session.id)
    }

    /// One `POST /upload:{SESSION}` of the bytes from `offset` on.
    async fn send_bytes(
        &self,
        session: &str,
        file: &UploadFile<'_>,
        offset: u64,
    ) -> Result<String, Failure> {
        let request = Request {
            operation: format!("upload {}", file.name),
            method: Method::POST,
            url: self.endpoint(&[session]),
            body: None,
            effect: Effect::Read,
        };
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(file.bytes.len());
        let builder = self
            .http
            .post(request.url.clone())
            .header(AUTHORIZATION, self.token.oauth_header())
            .header("file_offset", offset.to_string())
            .body(file.bytes[start..].to_vec());
        let handle: Handle = self.exchange(&request, builder).await?;
        Ok(handle.h)
    }

    /// `GET /upload:{SESSION}`: how many bytes the session holds.
    async fn session_offset(&self, session: &str) -> Result<u64, Failure> {
        let request = Request {
            operation: "read the upload session's offset".to_owned(),
            method: Method::GET,
            url: self.endpoint(&[session]),
            body: None,
            effect: Effect::Read,
        };
        let builder = self
            .http
            .get(request.url.clone())
            .header(AUTHORIZATION, self.token.oauth_header());
        let offset: Offset = self.exchange(&request, builder).await?;
        Ok(offset.file_offset)
    }
}
