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

/// `GET /upload:{SESSION}`: Meta's "Upload a file" page shows `"file_offset": "<FILE_OFFSET>"`,
/// a string; a number is read too.
#[derive(Deserialize)]
struct Offset {
    #[serde(deserialize_with = "number_or_string")]
    file_offset: u64,
}

fn number_or_string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(u64),
        Text(String),
    }
    match Either::deserialize(deserializer)? {
        Either::Number(n) => Ok(n),
        Either::Text(text) => text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("file_offset {text:?} is not a byte count"))
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::Offset;

    #[test]
    fn the_offset_is_read_as_a_string_or_a_number() {
        let text: Offset =
            serde_json::from_str(r#"{"id": "upload:x", "file_offset": "1048576"}"#).unwrap();
        assert_eq!(text.file_offset, 1_048_576);
        let number: Offset = serde_json::from_str(r#"{"file_offset": 42}"#).unwrap();
        assert_eq!(number.file_offset, 42);
        assert!(serde_json::from_str::<Offset>(r#"{"file_offset": "half"}"#).is_err());
        assert!(serde_json::from_str::<Offset>(r#"{"file_offset": -1}"#).is_err());
    }
}
